#!/usr/bin/env node
// Load benchmark (not a test: prints figures, asserts nothing).
//
// For each demo page with an overlay, and for the generated 50,000-item thread,
// RUNS fresh tabs in Chromium; for each run it records, in the page's own clock
// (performance.now(), origin = navigation start):
//   - DOMContentLoaded end (same-process baseline),
//   - the first time #animateur-overlay appears (any state),
//   - the first time its data-state becomes "ready",
// via a MutationObserver installed before any page script (addInitScript).
// Prints medians per page, the extension's cost (ready − DCL) and the ratio ready/DCL.
//
//   node tests/e2e/bench-load.mjs [--runs=5] [--only=substring] [--no-large]

import {
  DIST_CHROMIUM,
  assertBuilt,
  launchChromium,
  loadPages,
  startDemoServer,
  scrollToComments,
  sleep,
} from './browsers.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
const RUNS = Number(opt('runs', 5));
const ONLY = opt('only', '');
const WITH_LARGE = !args.includes('--no-large');
const READY_TIMEOUT_MS = 60_000;
const LARGE_READY_TIMEOUT_MS = 180_000;

// Runs in every page before its own scripts.
function initProbe() {
  const marks = { appeared: null, ready: null, states: [] };
  Object.defineProperty(window, '__animateurBench', { value: marks, configurable: true });
  const check = () => {
    const host = document.getElementById('animateur-overlay');
    if (!host) return;
    const now = performance.now();
    if (marks.appeared == null) marks.appeared = now;
    const st = host.getAttribute('data-state');
    if (marks.states.length === 0 || marks.states[marks.states.length - 1].state !== st) marks.states.push({ state: st, t: now });
    if (st === 'ready' && marks.ready == null) {
      marks.ready = now;
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const ms = (x) => (x == null ? '–' : x.toFixed(1));

async function measure(context, url, { scroll = false, timeout = READY_TIMEOUT_MS } = {}) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    const start = Date.now();
    const deadline = start + timeout;
    let scrolled = false;
    let r;
    for (;;) {
      r = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const b = window.__animateurBench || {};
        return {
          dcl: nav ? nav.domContentLoadedEventEnd : null,
          load: nav ? nav.loadEventEnd : null,
          appeared: b.appeared ?? null,
          ready: b.ready ?? null,
          states: b.states ?? [],
        };
      });
      if (r.ready != null || Date.now() > deadline) break;
      // Pages whose comments are lazily rendered may only settle after a scroll.
      if (scroll && !scrolled && Date.now() > start + 2000) {
        await scrollToComments(page, { rounds: 1, pause: 0 });
        scrolled = true;
      }
      await sleep(50);
    }
    return { ...r, scrolled };
  } finally {
    await page.close().catch(() => {});
  }
}

async function main() {
  await assertBuilt(DIST_CHROMIUM);
  const server = await startDemoServer();
  const origin = `http://127.0.0.1:${server.port}`;
  const browser = await launchChromium();
  await browser.context.addInitScript(initProbe);

  const all = await loadPages();
  const targets = all
    .filter((p) => p.expected != null && !/^\/hostile\//.test(p.path))
    .map((p) => ({ label: p.path, url: origin + p.path, scroll: !!p.scrollToComments, timeout: READY_TIMEOUT_MS }));
  if (WITH_LARGE) {
    targets.push({
      label: '/generated/classic-thread.html?threads=500&replies=99 (50k items)',
      url: `${origin}/generated/classic-thread.html?threads=500&replies=99`,
      scroll: false,
      timeout: LARGE_READY_TIMEOUT_MS,
    });
  }
  const selected = targets.filter((t) => !ONLY || t.label.includes(ONLY));

  console.log(`Chromium ${browser.context.browser()?.version() ?? ''}, extension ${browser.extensionId}, ${RUNS} run(s) per page, fresh tab each run`);
  console.log('times in ms from navigation start (performance.now() in the page); medians over the runs\n');

  // Warm-up: one untimed load so the first measured run does not pay for the
  // service worker / wasm first start.
  if (selected.length) await measure(browser.context, selected[0].url, selected[0]);

  const rows = [];
  for (const t of selected) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser.context, t.url, t));
    const dcl = median(runs.map((r) => r.dcl));
    const appeared = median(runs.map((r) => r.appeared));
    const ready = median(runs.map((r) => r.ready));
    const missing = runs.filter((r) => r.ready == null).length;
    rows.push({
      page: t.label,
      dcl,
      load: median(runs.map((r) => r.load)),
      appeared,
      ready,
      cost: ready != null && dcl != null ? ready - dcl : null,
      ratio: ready != null && dcl ? ready / dcl : null,
      min: Math.min(...runs.map((r) => r.ready ?? Infinity)),
      max: Math.max(...runs.map((r) => r.ready ?? -Infinity)),
      missing,
    });
    process.stderr.write('.');
  }
  process.stderr.write('\n');

  const header = ['page', 'DCL', 'load', 'overlay shown', 'ready', 'ready−DCL', 'ready/DCL', 'ready min–max', 'not ready'];
  const table = rows.map((r) => [
    r.page,
    ms(r.dcl),
    ms(r.load),
    ms(r.appeared),
    ms(r.ready),
    ms(r.cost),
    r.ratio == null ? '–' : r.ratio.toFixed(2) + '×',
    Number.isFinite(r.min) ? `${r.min.toFixed(1)}–${r.max.toFixed(1)}` : '–',
    r.missing ? `${r.missing}/${RUNS}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));

  await browser.close();
  await server.close();
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
