// Options page: every setting, validated by the Rust settings model before it is
// saved; keys set by IT policy are shown locked, IT's upper bounds beside their number.
import { ext, loadCore, localize, readSettings } from './shared.js';

localize();
const glue = await loadCore();
const form = document.getElementById('settings');

// Every key, its type and its bounds come from the core's settings model (the same
// table the managed schema is generated from); the Rust model validates every value.
const SCHEMA = glue.settingsSchema().properties;
// `maxima` is IT's alone: it has no control, only the notes it puts beside numbers.
const KEYS = Object.keys(SCHEMA).filter((key) => key !== 'maxima');
const kind = (key) => SCHEMA[key].type;
const HISTORY_KEY = 'nudgeHistory';

function lockNote(key) {
  const lock = document.createElement('span');
  lock.className = 'locked';
  lock.dataset.lock = key;
  lock.hidden = true;
  lock.textContent = ext.i18n.getMessage('optionsManaged');
  return lock;
}

function switchRow(key, text) {
  const row = document.createElement('div');
  row.className = 'switch';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = input.name = key;
  const label = document.createElement('label');
  label.htmlFor = key;
  label.textContent = text;
  label.style.fontWeight = 'normal';
  row.append(input, label, lockNote(key));
  return row;
}

// One switch per rule and per hint, listed by the core (its catalogue is the truth);
// each is labelled with the rule's own "why" text, which names it. The moderation
// categories' switches come in the analyzer's order, also from the core.
function drawSwitches() {
  const report = glue.nudgeReport(null);
  const groups = [['rule-switches', report.rules, 'why'], ['hint-switches', report.hints, 'text']];
  for (const [id, entries, textKey] of groups) {
    const box = document.getElementById(id);
    for (const entry of entries) {
      box.append(switchRow(entry.key, `${entry.id} — ${ext.i18n.getMessage(entry[textKey])}`));
    }
  }
  const box = document.getElementById('moderation-switches');
  for (const key of glue.moderationKeys()) {
    box.append(switchRow(key, ext.i18n.getMessage(`setting_${key}`)));
  }
  // Every key has a control: a missing one would be a setting the page cannot show.
  const missing = KEYS.filter((key) => !form.elements[key]);
  if (missing.length) console.warn(`[Animateur] options page has no control for: ${missing.join(', ')}`);
}

// Notes for IT's upper bounds, one per number setting, shown when a bound is set.
function drawBoundNotes() {
  for (const key of KEYS.filter((k) => kind(k) === 'integer')) {
    const note = document.createElement('span');
    note.className = 'locked';
    note.dataset.bound = key;
    note.hidden = true;
    form.elements[key].after(note);
  }
}

function valueOf(key) {
  const el = form.elements[key];
  if (kind(key) === 'boolean') return el.checked;
  if (kind(key) === 'array') return el.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (kind(key) === 'integer') return el.value.trim() === '' ? null : Number(el.value);
  return el.value.trim();
}

function show(key, value) {
  const el = form.elements[key];
  if (kind(key) === 'boolean') el.checked = value;
  else if (kind(key) === 'array') el.value = value.join(key === 'businessDays' ? ', ' : '\n');
  else el.value = String(value);
}

// A refused value in the page's language: the core names a message and its arguments
// (its English sentence stays for the console).
function problemText(problem) {
  let text = ext.i18n.getMessage(`problem_${problem.code}`) || problem.message;
  problem.args.forEach((arg, i) => { text = text.replaceAll(`{${i + 1}}`, arg); });
  return text;
}

function problemList(intro, problems) {
  const p = document.createElement('p');
  p.textContent = intro;
  const list = document.createElement('ul');
  for (const problem of problems) {
    const li = document.createElement('li');
    const label = problem.key && ext.i18n.getMessage(`setting_${problem.key}`);
    const layer = ext.i18n.getMessage(`options_layer_${problem.layer}`);
    li.textContent = ext.i18n.getMessage('options_problem_line')
      .replace('{key}', problem.key || '—')
      .replace('{label}', label ? ` — ${label}` : '')
      .replace('{layer}', layer)
      .replace('{text}', problemText(problem));
    list.append(li);
  }
  return [p, list];
}

// The settings as last drawn (IT's bounds check new values against it).
let current = null;

async function render() {
  const { user, policy } = await readSettings();
  const resolved = glue.resolveSettings(user, policy);
  current = resolved;
  const s = resolved.settings;
  for (const key of KEYS) {
    show(key, s[key]);
    const managed = resolved.managed.includes(key);
    form.elements[key].disabled = managed;
    document.querySelector(`[data-lock="${key}"]`).hidden = !managed;
  }
  for (const note of document.querySelectorAll('[data-bound]')) {
    const key = note.dataset.bound;
    const max = s.maxima[key];
    note.hidden = max === undefined || resolved.managed.includes(key);
    note.textContent = max === undefined ? '' : ext.i18n.getMessage('optionsBound').replace('{max}', max);
    form.elements[key].max = max ?? SCHEMA[key].maximum;
  }
  await renderSiteAccess(glue.contentScriptSites(user, policy));
  const problems = document.getElementById('problems');
  problems.textContent = '';
  if (resolved.problems.length) {
    problems.append(...problemList(ext.i18n.getMessage('optionsProblems'), resolved.problems));
  }
}

// Sites Animateur is configured for but may not read yet: the browser asks the
// employee (or IT grants them in the build); the request must come from the click.
let sitesWithoutAccess = [];

async function renderSiteAccess(sites) {
  const checks = await Promise.all(sites.map((origin) =>
    ext.permissions.contains({ origins: [origin] }).catch(() => false)));
  sitesWithoutAccess = sites.filter((_, i) => !checks[i]);
  document.getElementById('sites-access').hidden = sitesWithoutAccess.length === 0;
  document.getElementById('sites-access-text').textContent =
    ext.i18n.getMessage('options_sites_access').replace('{sites}', sitesWithoutAccess.join(', '));
}

document.getElementById('sites-allow').addEventListener('click', () => {
  ext.permissions.request({ origins: sitesWithoutAccess }).catch((e) => console.warn('[Animateur]', e));
});
ext.permissions.onAdded?.addListener(render);
ext.permissions.onRemoved?.addListener(render);

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

function download(json, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

document.getElementById('export').addEventListener('click', async () => {
  download((await storedHistory()) ?? '{}', 'animateur-local-data.json');
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

// The settings file: the user's own values only (IT's stay in policy). An import is
// checked key by key like a policy: bad keys are listed and skipped, the valid ones
// saved over the current values, nothing else touched.
const fileStatus = document.getElementById('file-status');
const importProblems = document.getElementById('import-problems');
const MAX_IMPORT_BYTES = 1 << 20;

document.getElementById('settings-export').addEventListener('click', async () => {
  const user = await ext.storage.sync.get(null).catch(() => ({}));
  download(`${JSON.stringify(user, null, 2)}\n`, 'animateur-settings.json');
});

const importFile = document.getElementById('settings-import-file');
document.getElementById('settings-import').addEventListener('click', () => importFile.click());
importFile.addEventListener('change', async () => {
  const file = importFile.files[0];
  importFile.value = '';
  if (!file) return;
  importProblems.textContent = '';
  let data = null;
  try {
    if (file.size <= MAX_IMPORT_BYTES) data = JSON.parse(await file.text());
  } catch { /* reported below */ }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fileStatus.textContent = ext.i18n.getMessage('options_import_not_settings');
    return;
  }
  const { problems } = glue.resolveSettings(data, {});
  const refused = new Set(problems.map((p) => p.key));
  const valid = Object.fromEntries(Object.entries(data).filter(([key]) => !refused.has(key)));
  if (problems.length) {
    importProblems.append(...problemList(ext.i18n.getMessage('options_import_problems'), problems));
    console.warn(`[Animateur] import: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
  }
  try {
    await ext.storage.sync.set(valid);
    fileStatus.textContent = ext.i18n.getMessage('options_imported').replace('{count}', Object.keys(valid).length);
  } catch (e) {
    fileStatus.textContent = String(e?.message ?? e);
  }
});

const resetAsk = document.getElementById('reset-ask');
document.getElementById('settings-reset').addEventListener('click', () => {
  resetAsk.hidden = false;
  document.getElementById('reset-no').focus();
});
document.getElementById('reset-no').addEventListener('click', () => { resetAsk.hidden = true; });
document.getElementById('reset-yes').addEventListener('click', async () => {
  resetAsk.hidden = true;
  await ext.storage.sync.clear();
  for (const el of form.querySelectorAll('.error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  fileStatus.textContent = ext.i18n.getMessage('options_reset_done');
});

form.addEventListener('change', async (event) => {
  const key = event.target.name;
  const candidate = { [key]: valueOf(key) };
  const check = glue.resolveSettings(candidate, {});
  const max = current?.settings.maxima[key];
  const problem = check.problems.find((p) => p.key === key);
  const error = problem ? problemText(problem)
    : max !== undefined && candidate[key] > max ? ext.i18n.getMessage('optionsBound').replace('{max}', max) : '';
  const errorEl = document.getElementById(`${key}-error`);
  if (errorEl) errorEl.textContent = error;
  event.target.setAttribute('aria-invalid', String(Boolean(error)));
  if (error) return;
  // Asked while the employee's action still counts as one (before any await); sites
  // already allowed are granted without a question.
  if (key === 'sites' && candidate.sites.length) {
    ext.permissions.request({ origins: candidate.sites }).catch((e) => console.warn('[Animateur]', e.message));
  }
  try {
    await ext.storage.sync.set(candidate);
    document.getElementById('saved').textContent = ext.i18n.getMessage('optionsSaved');
  } catch (e) {
    // storage.sync's quota (8 KB per key): say so rather than pretend it was saved.
    if (errorEl) errorEl.textContent = String(e?.message ?? e);
  }
});

ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' || area === 'sync') render();
  if (area === 'local' && HISTORY_KEY in changes) renderData();
});
drawSwitches();
drawBoundNotes();
await render();
await renderData();
