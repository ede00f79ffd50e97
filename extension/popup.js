// Popup: the active page's summary, worded by the Rust core exactly like the badge.
import { ext, loadCatalog, loadCore, localize, readSettings } from './shared.js';

localize();
document.getElementById('options').addEventListener('click', () => ext.runtime.openOptionsPage());

async function activeSummary() {
  try {
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    if (!tab?.id) return null;
    const reply = await ext.tabs.sendMessage(tab.id, { type: 'popup-cs:get-summary' });
    return reply?.summary ?? null;
  } catch {
    return null; // no content script on this tab: not a configured intranet page
  }
}

async function show() {
  const status = document.getElementById('status');
  const [glue, catalog, settings, summary] = await Promise.all([
    loadCore(), loadCatalog(), readSettings(), activeSummary(),
  ]);
  const resolved = glue.resolveSettings(settings.user, settings.policy);
  if (!resolved.settings.enabled) {
    status.textContent = ext.i18n.getMessage('popupOff');
    return;
  }
  if (!summary || summary.pageKind === 'unknown') {
    status.textContent = ext.i18n.getMessage('popupNoPage');
    return;
  }
  status.textContent = '';
  const config = { ...settings, messages: catalog, uiLanguage: ext.i18n.getUILanguage() };
  const list = document.getElementById('summary');
  for (const line of glue.describeSummary(summary, config)) {
    const li = document.createElement('li');
    li.textContent = line;
    list.append(li);
  }
  list.hidden = false;
}

show().catch((err) => {
  document.getElementById('status').textContent = String(err?.message ?? err);
});
