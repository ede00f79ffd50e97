// Background (Chromium service worker / Firefox event page, both ES modules). Page
// reading happens in the content script; this decides where it is injected and does
// what a content script cannot do itself.
import './csp.js';
import init, { contentScriptSites } from './pkg/animateur.js';
import { ext, readSettings } from './shared.js';

// Chrome only: Firefox does not apply the page's CSP to content-script wasm.
const CSP_MATTERS = ext.runtime.getURL('').startsWith('chrome-extension:');
const CSP_HEADERS = ['content-security-policy', 'content-security-policy-report-only'];
const verdictKey = (tabId) => `cspVerdict:${tabId}`;
const withoutHash = (url) => url.split('#')[0];

if (CSP_MATTERS && ext.webRequest) {
  // Remembers, per tab, that the top page's CSP refuses in-page wasm. Kept in
  // storage.session (memory only, cleared with the browser) because the service worker
  // may be stopped between the response and the content script's question. Only
  // refusals are kept: on any other page nothing about it is written down.
  ext.webRequest.onHeadersReceived.addListener((details) => {
    const blocksWasm = (details.responseHeaders ?? [])
      .filter((h) => CSP_HEADERS.includes(h.name.toLowerCase()))
      .some((h) => globalThis.animateurCsp.blocksWasm(h.value));
    const key = verdictKey(details.tabId);
    if (blocksWasm) ext.storage.session.set({ [key]: { url: withoutHash(details.url), blocksWasm } });
    else ext.storage.session.remove(key);
  }, { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] }, ['responseHeaders']);
  ext.tabs.onRemoved.addListener((tabId) => ext.storage.session.remove(verdictKey(tabId)));
}

// Where the content script runs: the resolved `sites` (policy over user over default),
// each only where the browser grants host access (the build's host_permissions, or a
// site the user allowed from the options page). Registered, not declared, so that no
// script is injected on any other page, and re-registered whenever that can change.
const SCRIPT_ID = 'animateur';
let core;
let queue = Promise.resolve();

async function registerContentScript() {
  core ??= init({ module_or_path: ext.runtime.getURL('pkg/animateur_bg.wasm') });
  await core;
  const { user, policy } = await readSettings();
  const granted = [];
  for (const site of contentScriptSites(user, policy)) {
    if (await ext.permissions.contains({ origins: [site] }).catch(() => false)) granted.push(site);
  }
  const existing = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length) {
    await ext.scripting.registerContentScripts([{
      id: SCRIPT_ID, matches: granted, js: ['csp.js', 'content.js'], runAt: 'document_idle', allFrames: false,
    }]);
  }
  await ext.storage.session.set({ contentScriptSites: granted });
}

// One registration at a time; a failure is reported and the next change retries.
function refresh() {
  queue = queue.then(registerContentScript).catch((e) => console.warn('[Animateur] content script not registered:', e));
  return queue;
}

ext.runtime.onInstalled.addListener(refresh);
ext.runtime.onStartup.addListener(refresh);
ext.permissions.onAdded.addListener(refresh);
ext.permissions.onRemoved.addListener(refresh);
ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' || (area === 'sync' && ('sites' in changes || 'enabled' in changes))) refresh();
});

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages can reach this listener.
  if (sender.id !== ext.runtime.id) return false;
  if (message?.type === 'cs-bg:open-options') {
    ext.runtime.openOptionsPage();
  } else if (message?.type === 'cs-bg:csp-verdict') {
    if (!CSP_MATTERS || !sender.tab) {
      sendResponse({ blocksWasm: false });
      return false;
    }
    const key = verdictKey(sender.tab.id);
    ext.storage.session.get(key).then((stored) => {
      const verdict = stored[key];
      // Unknown (e.g. the page came from the cache without headers): let the loader try.
      sendResponse(verdict && verdict.url === withoutHash(sender.url) ? verdict : null);
    }, () => sendResponse(null));
    return true;
  }
  return false;
});
