// The fallback engine frame. It accepts exactly one MessagePort (sent by the content
// script right after the frame loads) and answers each page copy on it with the summary;
// the badge itself is drawn by Rust in this frame's document.
import { loadCore } from './shared.js';

const core = loadCore();
let port = null;

window.addEventListener('message', (event) => {
  if (port || event.data?.type !== 'cs-engine:port' || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = async ({ data }) => {
    if (data?.type !== 'cs-engine:analyse') return;
    try {
      const glue = await core;
      const summary = glue.analyseHtml(data.html, data.url, data.config);
      // The badge is fixed 16px from the frame's bottom-right corner.
      const badge = document.getElementById('animateur-overlay');
      const height = badge ? Math.ceil(badge.getBoundingClientRect().height) + 32 : 0;
      port.postMessage({ type: 'engine-cs:summary', state: 'ready', summary, height });
    } catch (err) {
      port.postMessage({ type: 'engine-cs:summary', error: String(err?.message ?? err) });
    }
  };
});
