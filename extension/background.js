// Background (Chromium service worker / Firefox event page). Page reading happens in the
// content script; this only does what a content script may not do itself.
const ext = globalThis.browser ?? globalThis.chrome;

ext.runtime.onMessage.addListener((message, sender) => {
  // Only our own content scripts and pages can reach this listener.
  if (sender.id === ext.runtime.id && message?.type === 'cs-bg:open-options') {
    ext.runtime.openOptionsPage();
  }
});
