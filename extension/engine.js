// The fallback engine frame. It accepts exactly one MessagePort (sent by the content
// script right after the frame loads) and answers each page copy on it with the summary
// and the badge's lines, which the loader draws in the page's overlay.
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
      const answer = glue.analyseHtml(data.html, data.url, data.config, data.rest ?? null);
      port.postMessage({ type: 'engine-cs:summary', ...answer });
    } catch (err) {
      port.postMessage({ type: 'engine-cs:summary', error: String(err?.message ?? err) });
    }
  };
});
