// Background (Chromium service worker / Firefox event page). Page reading happens in the
// content script; this only does what a content script cannot do itself.
const ext = globalThis.browser ?? globalThis.chrome;
if (typeof importScripts === 'function' && !globalThis.animateurCsp) importScripts('csp.js');

// Chrome only: Firefox does not apply the page's CSP to content-script wasm.
const CSP_MATTERS = ext.runtime.getURL('').startsWith('chrome-extension:');
const CSP_HEADERS = ['content-security-policy', 'content-security-policy-report-only'];
const verdictKey = (tabId) => `cspVerdict:${tabId}`;
const withoutHash = (url) => url.split('#')[0];

if (CSP_MATTERS && ext.webRequest) {
  // Remembers, per tab, whether the top page's CSP refuses in-page wasm. Kept in
  // storage.session (memory only, cleared with the browser) because the service worker
  // may be stopped between the response and the content script's question.
  ext.webRequest.onHeadersReceived.addListener((details) => {
    const blocksWasm = (details.responseHeaders ?? [])
      .filter((h) => CSP_HEADERS.includes(h.name.toLowerCase()))
      .some((h) => globalThis.animateurCsp.blocksWasm(h.value));
    ext.storage.session.set({ [verdictKey(details.tabId)]: { url: withoutHash(details.url), blocksWasm } });
  }, { urls: ext.runtime.getManifest().content_scripts.flatMap((c) => c.matches), types: ['main_frame'] },
  ['responseHeaders']);
  ext.tabs.onRemoved.addListener((tabId) => ext.storage.session.remove(verdictKey(tabId)));
}

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
