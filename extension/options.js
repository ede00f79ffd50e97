// Options page (the full community-manager settings UI comes with issue 6). Values
// are validated by the Rust settings model before they are saved; keys set by IT policy
// are shown locked.
import { ext, loadCore, localize, readSettings } from './shared.js';

localize();
const glue = await loadCore();
const form = document.getElementById('settings');

// How each control holds its setting; the Rust model validates every value.
const LISTS = ['sites', 'businessDays', 'holidays', 'staff'];
const CHECKBOXES = ['enabled', 'draftHints', 'communityManager', 'rest', 'excludeStaff'];
const NUMBERS = ['slaHours'];
const KEYS = ['enabled', 'draftHints', 'communityManager', 'rest', 'language', 'sites', 'businessDays', 'businessHours',
  'holidays', 'slaHours', 'staff', 'excludeStaff'];

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

ext.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed' || area === 'sync') render();
});
await render();
