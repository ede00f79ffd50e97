// Options page (skeleton; the full community-manager settings UI comes later). Values
// are validated by the Rust settings model before they are saved; keys set by IT policy
// are shown locked.
import { ext, loadCore, localize, readSettings } from './shared.js';

localize();
const glue = await loadCore();
const form = document.getElementById('settings');

function valueOf(key) {
  const el = form.elements[key];
  if (key === 'enabled' || key === 'rest') return el.checked;
  if (key === 'sites') return el.value.split('\n').map((s) => s.trim()).filter(Boolean);
  return el.value;
}

async function render() {
  const { user, policy } = await readSettings();
  const resolved = glue.resolveSettings(user, policy);
  const s = resolved.settings;
  form.elements.enabled.checked = s.enabled;
  form.elements.language.value = s.language;
  form.elements.sites.value = s.sites.join('\n');
  form.elements.rest.checked = s.rest;
  for (const key of ['enabled', 'language', 'sites', 'rest']) {
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
