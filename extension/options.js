// Options page (the full community-manager settings UI comes with issue 6). Values
// are validated by the Rust settings model before they are saved; keys set by IT policy
// are shown locked.
import { ext, loadCore, localize, readSettings } from './shared.js';

localize();
const glue = await loadCore();
const form = document.getElementById('settings');

// How each control holds its setting; the Rust model validates every value.
const LISTS = ['sites', 'businessDays', 'holidays', 'staff', 'tipsExcludedSites'];
const CHECKBOXES = ['enabled', 'draftHints', 'communityManager', 'rest', 'excludeStaff', 'tips'];
const NUMBERS = ['slaHours', 'tipsPerView', 'tipsPerDay', 'tipsPerWeek', 'tipsGapMinutes'];
const KEYS = ['enabled', 'draftHints', 'communityManager', 'rest', 'language', 'sites', 'businessDays', 'businessHours',
  'holidays', 'slaHours', 'staff', 'excludeStaff', 'tips', 'tipsPerView', 'tipsPerDay', 'tipsPerWeek',
  'tipsGapMinutes', 'tipsExcludedSites', 'charterUrl'];
const HISTORY_KEY = 'nudgeHistory';

// One switch per rule and per hint, listed by the core (its catalogue is the truth);
// each is labelled with the rule's own "why" text, which names it.
function drawSwitches() {
  const report = glue.nudgeReport(null);
  const groups = [['rule-switches', report.rules, 'why'], ['hint-switches', report.hints, 'text']];
  for (const [id, entries, textKey] of groups) {
    const box = document.getElementById(id);
    for (const entry of entries) {
      const row = document.createElement('div');
      row.className = 'switch';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.id = input.name = entry.key;
      const label = document.createElement('label');
      label.htmlFor = entry.key;
      label.textContent = `${entry.id} — ${ext.i18n.getMessage(entry[textKey])}`;
      label.style.fontWeight = 'normal';
      const lock = document.createElement('span');
      lock.className = 'locked';
      lock.dataset.lock = entry.key;
      lock.hidden = true;
      lock.textContent = ext.i18n.getMessage('optionsManaged');
      row.append(input, label, lock);
      box.append(row);
      CHECKBOXES.push(entry.key);
      KEYS.push(entry.key);
    }
  }
}

function valueOf(key) {
  const el = form.elements[key];
  if (CHECKBOXES.includes(key)) return el.checked;
  if (LISTS.includes(key)) return el.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (NUMBERS.includes(key)) return el.value.trim() === '' ? null : Number(el.value);
  return el.value.trim();
}

function show(key, value) {
  const el = form.elements[key];
  if (CHECKBOXES.includes(key)) el.checked = value;
  else if (LISTS.includes(key)) el.value = value.join(key === 'businessDays' ? ', ' : '\n');
  else el.value = value;
}

async function render() {
  const { user, policy } = await readSettings();
  const resolved = glue.resolveSettings(user, policy);
  const s = resolved.settings;
  for (const key of KEYS) {
    show(key, s[key]);
    const managed = resolved.managed.includes(key);
    form.elements[key].disabled = managed;
    document.querySelector(`[data-lock="${key}"]`).hidden = !managed;
  }
  const problems = document.getElementById('problems');
  problems.textContent = '';
  if (resolved.problems.length) {
    const intro = document.createElement('p');
    intro.textContent = ext.i18n.getMessage('optionsProblems');
    const list = document.createElement('ul');
    for (const p of resolved.problems) {
      const li = document.createElement('li');
      li.textContent = `${p.key || '—'} (${p.layer}): ${p.message}`;
      list.append(li);
    }
    problems.append(intro, list);
  }
}

// The local history: counters per rule, the pause, export and forget. Its JSON is the
// core's; this page only reads it, downloads it as it is, or removes it.
async function storedHistory() {
  const value = (await ext.storage.local.get(HISTORY_KEY).catch(() => ({})))[HISTORY_KEY];
  return typeof value === 'string' ? value : null;
}

async function renderData() {
  const report = glue.nudgeReport(await storedHistory());
  const body = document.querySelector('#counters tbody');
  body.textContent = '';
  for (const c of report.counters) {
    const tr = document.createElement('tr');
    for (const value of [c.rule, c.shown, c.dismissed, c.snoozed, c.acted]) {
      const td = document.createElement('td');
      td.textContent = String(value);
      tr.append(td);
    }
    body.append(tr);
  }
  document.getElementById('counters').hidden = report.counters.length === 0;
  document.getElementById('counters-empty').hidden = report.counters.length > 0;
  const paused = report.pausedUntil != null && report.pausedUntil * 1000 > Date.now();
  document.getElementById('paused').hidden = !paused;
  if (paused) {
    const date = new Date(report.pausedUntil * 1000).toLocaleDateString(document.documentElement.lang);
    document.getElementById('paused-text').textContent =
      ext.i18n.getMessage('options_paused_until').replace('{date}', date);
  }
}

document.getElementById('export').addEventListener('click', async () => {
  const json = (await storedHistory()) ?? '{}';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  link.download = 'animateur-local-data.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

// Forgetting asks once, in the page (no blocking dialog).
const ask = document.getElementById('forget-ask');
document.getElementById('forget').addEventListener('click', () => {
  ask.hidden = false;
  document.getElementById('forget-no').focus();
});
document.getElementById('forget-no').addEventListener('click', () => { ask.hidden = true; });
document.getElementById('forget-yes').addEventListener('click', async () => {
  ask.hidden = true;
  await ext.storage.local.remove(HISTORY_KEY);
  document.getElementById('data-status').textContent = ext.i18n.getMessage('options_forgotten');
});

document.getElementById('resume').addEventListener('click', async () => {
  const stored = await storedHistory();
  if (stored) await ext.storage.local.set({ [HISTORY_KEY]: glue.nudgesResumed(stored) });
});

form.addEventListener('change', async (event) => {
  const key = event.target.name;
  const candidate = { [key]: valueOf(key) };
  const check = glue.resolveSettings(candidate, {});
  const error = check.problems.find((p) => p.key === key);
  const errorEl = document.getElementById(`${key}-error`);
  if (errorEl) errorEl.textContent = error ? error.message : '';
  event.target.setAttribute('aria-invalid', String(Boolean(error)));
  if (error) return;
  await ext.storage.sync.set(candidate);
  document.getElementById('saved').textContent = ext.i18n.getMessage('optionsSaved');
});

ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' || area === 'sync') render();
  if (area === 'local' && HISTORY_KEY in changes) renderData();
});
drawSwitches();
await render();
await renderData();
