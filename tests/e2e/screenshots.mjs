// Screenshots for the docs (not a test): a participation tip on the demo board, and the
// community-manager panel with its hints, in Chromium with the fixed clock the e2e
// tests use.   node tests/e2e/screenshots.mjs   → docs/nudge-card.png, docs/cm-panel.png

import path from 'node:path';
import { DIST_CHROMIUM, REPO_ROOT, assertBuilt, launchBrowser, startDemoServer, waitForReady, poll } from './browsers.mjs';

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);
const out = (name) => path.join(REPO_ROOT, 'docs', name);

await assertBuilt(DIST_CHROMIUM);
const server = await startDemoServer();
const origin = new URL(server.url).origin.replace('localhost', '127.0.0.1');
const b = await launchBrowser('chromium', { timezoneId: 'Europe/Paris' });
const worker = b.raw.serviceWorker;
try {
  await worker.evaluate(async (t) => {
    await chrome.storage.local.remove('nudgeHistory');
    await chrome.storage.local.set({ testNow: t });
  }, NOW);

  const page = await b.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(origin + '/discussion-list.html', { waitUntil: 'load' });
  await waitForReady(page);
  await poll(() => page.evaluate(() => Boolean(document.getElementById('animateur-nudge'))), Boolean);
  await page.evaluate(() => {
    const root = document.getElementById('animateur-nudge').shadowRoot;
    root.querySelector('[data-action="why"]').click();
    document.getElementById('forum0-Post33-Root').scrollIntoView({ block: 'center' });
  });
  const row = await page.evaluate(() => {
    const r = document.getElementById('forum0-Post33-Root').getBoundingClientRect();
    const c = document.getElementById('animateur-nudge').shadowRoot.firstElementChild.getBoundingClientRect();
    const top = Math.min(r.top, c.top) - 12;
    return { x: 0, y: Math.max(0, top), width: 1100, height: Math.max(r.bottom, c.bottom) - top + 24 };
  });
  await page.screenshot({ path: out('nudge-card.png'), clip: row });
  await page.close();

  await worker.evaluate(() => chrome.storage.sync.set({ communityManager: true }));
  const cm = await b.newPage();
  await cm.setViewportSize({ width: 1100, height: 900 });
  await cm.goto(origin + '/discussion-list.html', { waitUntil: 'load' });
  await waitForReady(cm);
  await poll(() => cm.evaluate(() => Boolean(document.getElementById('animateur-overlay')
    .shadowRoot.querySelector('[data-animateur="hints"]'))), Boolean);
  await cm.evaluate(() => document.getElementById('animateur-overlay').shadowRoot
    .querySelector('[data-animateur="panel-toggle"]').click());
  const panel = await cm.evaluate(() => {
    const r = document.getElementById('animateur-overlay').shadowRoot.firstElementChild.getBoundingClientRect();
    return { x: r.left - 12, y: r.top - 12, width: r.width + 24, height: r.height + 24 };
  });
  await cm.screenshot({ path: out('cm-panel.png'), clip: panel });
  await worker.evaluate(() => chrome.storage.sync.clear());
  console.log('wrote docs/nudge-card.png and docs/cm-panel.png');
} finally {
  await b.close();
  await server.close();
}
