// Helpers for the extension's own pages (engine frame, popup, options): load the Rust
// core and the message catalog. Extension pages run under the extension's CSP, which
// allows 'wasm-unsafe-eval', so the core always loads here.
export const ext = globalThis.browser ?? globalThis.chrome;

export async function loadCore() {
  const glue = await import('./pkg/animateur.js');
  await glue.default({ module_or_path: new URL('./pkg/animateur_bg.wasm', import.meta.url) });
  return glue;
}

export async function loadCatalog() {
  const entries = await Promise.all(['fr', 'en'].map(async (lang) => {
    const data = await (await fetch(`./_locales/${lang}/messages.json`)).json();
    return [lang, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.message]))];
  }));
  return Object.fromEntries(entries);
}

export async function readSettings() {
  const user = await ext.storage.sync.get(null).catch(() => ({}));
  // Firefox rejects when no policy is set; Chromium may take ~3 s on first read.
  const policy = await ext.storage.managed.get(null).catch(() => ({}));
  return { user, policy };
}

/** Fills every [data-i18n] element with its message (text only, never HTML). */
export function localize(root = document) {
  document.documentElement.lang = ext.i18n.getUILanguage().startsWith('fr') ? 'fr' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = ext.i18n.getMessage(el.dataset.i18n);
  }
}
