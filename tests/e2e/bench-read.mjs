#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): the extension reading generated classic
// threads of 100 / 1,000 / 5,000 / 50,000 contributions in headless Chromium.
//
// For each size, side by side in the same browser:
// - load → ready: navigation start to the overlay's data-state=ready;
// - busy: the extension's own time reading the page and computing the stats (the sum of
//   its slices, published by the overlay as data-busy-ms), against a bare pass over the
//   same elements in the same page (querySelectorAll + textContent, median of 5; its
//   first, cold pass in brackets): the ratio, for the first reading (cold code: wasm
//   compiled lazily, JS not yet optimised) and for a re-reading after a mutation; a
//   second baseline runs the same bare pass over every selector the extension reads
//   (the profile's items, authors, likes, dates, reply links, likers and texts);
// - the longest slice the extension ran without yielding, and the longest main-thread
//   task (PerformanceObserver 'longtask') with and without the extension;
// - wasm memory after the reading;
// - the extension's busy time by phase (extract, read, assemble, stats, render), and
//   issue 3's "extraction + stats" (all but render) against both bare passes;
// - the floor: the same page's elements read with nothing done (see floorMs).
//
//   node tests/e2e/bench-read.mjs [--runs=3] [--sizes=100,1000,5000,50000] [--rereads=1]
//   (E2E_DIST_CHROMIUM=dir: another build, e.g. a copy of main's, for a before/after)
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DIST_CHROMIUM, REPO_ROOT, assertBuilt, launchChromium, startDemoServer } from './browsers.mjs';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const RUNS = Number(arg('runs', 3));
const SIZES = arg('sizes', '100,1000,5000,50000').split(',').map(Number);
const REREADS = Number(arg('rereads', 1));
// The generated pages are classic threads: the selectors come from the shipped profile,
// so the second baseline reads exactly the elements the extension reads.
const THREAD_PROFILE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src', 'adapters', 'profiles.json'), 'utf8'))
  .profiles.find((p) => p.kind === 'sp-classic-discussion-thread');
const ITEM_CSS = THREAD_PROFILE.item.css;
const rule = THREAD_PROFILE.item;
const ALL_CSS = [...new Set([ITEM_CSS, rule.author?.css, rule.likes?.css, rule.date?.css, rule.replyTo?.css, rule.likers?.css, rule.text]
  .filter(Boolean))];

/** threads × (1 root + replies) = items */
const shape = (items) => (items <= 100 ? { threads: 10, replies: items / 10 - 1 } : { threads: items / 100, replies: 99 });

// Installed before any page script: records when the overlay becomes ready and the
// longest task the page sees.
const probe = () => {
  window.__bench = { readyAt: null, longestTask: 0 };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longestTask = Math.max(window.__bench.longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support */ }
  new MutationObserver(() => {
    const host = document.getElementById('animateur-overlay');
    if (host && host.dataset.state === 'ready' && window.__bench.readyAt === null) window.__bench.readyAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * A reading's `data-phases` (`name=ms` per phase, `step:label=ms` per longest step):
 * the phases' times, the steps as `label ms`, and issue 3's "extraction + stats", the
 * phases that read the page and compute the metrics, without drawing the overlay.
 */
const CORE_PHASES = ['extract', 'read', 'assemble', 'stats'];
function parsePhases(text) {
  const phases = {};
  const steps = [];
  for (const part of text.split(' ').filter(Boolean)) {
    const [name, ms] = part.split('=');
    if (name.startsWith('step:')) steps.push(`${name.slice(5)} ${ms}`);
    else phases[name] = +ms;
  }
  const core = CORE_PHASES.reduce((sum, name) => sum + (phases[name] ?? 0), 0);
  return { phases, steps, core };
}

/** A bare pass (querySelectorAll + textContent) over the matches of `selectors`. */
async function bareMs(page, selectors) {
  return page.evaluate((selectors) => {
    const times = [];
    let first;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      let n = 0;
      for (const css of selectors) for (const el of document.querySelectorAll(css)) n += el.textContent.length;
      times.push(performance.now() - t);
      first ??= times[0];
      if (n < 0) return null;
    }
    times.sort((a, b) => a - b);
    return { first, median: times[2] };
  }, selectors);
}

/**
 * What reading the values' elements costs the page with nothing done with them (min and
 * median of `reps`): the floor under any extraction of the same values. The items'
 * `textContent` alone (issue 3's baseline); every selector the extension reads, one query
 * each and as one combined query (a single document walk); and each item's `innerHTML`
 * (the route of reading the items whole and picking their values apart elsewhere).
 */
async function floorMs(page, items, all, reps) {
  return page.evaluate(({ items, all, reps }) => {
    let n = 0;
    const time = (f) => {
      const t = [];
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        f();
        t.push(performance.now() - s);
      }
      t.sort((a, b) => a - b);
      return { min: t[0], median: t[(reps - 1) >> 1] };
    };
    const passes = {
      items: time(() => { for (const el of document.querySelectorAll(items)) n += el.textContent.length; }),
      each: time(() => { for (const css of all) for (const el of document.querySelectorAll(css)) n += el.textContent.length; }),
      combined: time(() => { for (const el of document.querySelectorAll(all.join(','))) n += el.textContent.length; }),
      html: time(() => { for (const el of document.querySelectorAll(items)) n += el.innerHTML.length; }),
    };
    return n < 0 ? null : passes;
  }, { items, all, reps });
}

async function main() {
  await assertBuilt(DIST_CHROMIUM);
  const server = await startDemoServer();
  const withExt = await launchChromium({ extensionDir: DIST_CHROMIUM });
  await withExt.context.addInitScript(probe);
  const bare = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  const bareContext = await bare.newContext();
  await bareContext.addInitScript(probe);
  const rows = [];
  try {
    for (const items of SIZES) {
      const { threads, replies } = shape(items);
      const url = `${server.url}generated/classic-thread.html?threads=${threads}&replies=${replies}`;
      const m = { ready: [], busy: [], reread: [], core: [], recore: [], bare: [], bareFirst: [], bareAll: [], slice: [], taskWith: [], taskWithout: [], wasm: [], phases: {}, rephases: {} };
      for (let run = 0; run < RUNS; run++) {
        const page = await withExt.context.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: 300_000 });
        await page.waitForFunction(() => window.__bench.readyAt !== null &&
          document.getElementById('animateur-overlay')?.dataset.busyMs, null, { timeout: 300_000, polling: 100 });
        const r = await page.evaluate(() => {
          const host = document.getElementById('animateur-overlay');
          return { ready: window.__bench.readyAt, busy: +host.dataset.busyMs, slice: +host.dataset.longestSliceMs, slicePhase: host.dataset.longestSlicePhase,
            task: window.__bench.longestTask, wasm: +host.dataset.wasmKb, phases: host.dataset.phases ?? '' };
        });
        m.ready.push(r.ready); m.busy.push(r.busy); m.slice.push(r.slice); (m.slicePhases ??= []).push(r.slicePhase); m.taskWith.push(r.task); m.wasm.push(r.wasm);
        const first = parsePhases(r.phases);
        m.core.push(first.core);
        for (const [name, ms] of Object.entries(first.phases)) (m.phases[name] ??= []).push(ms);
        (m.steps ??= []).push(`${r.slice.toFixed(1)} (${r.slicePhase}): ${first.steps.join(', ')}`);
        // Re-readings of the same page (what every batch of page mutations costs once
        // the code is warm): an element added outside any item changes no count. One
        // re-reading is a single sample, at the mercy of a garbage collection: the
        // median of REREADS is kept (with its phases and steps).
        const agains = [];
        for (let i = 0; i < REREADS; i++) {
          await page.evaluate(() => {
            const host = document.getElementById('animateur-overlay');
            delete host.dataset.busyMs;
            document.querySelector('.ms-comm-forumContainer').append(document.createElement('span'));
          });
          await page.waitForFunction(() => document.getElementById('animateur-overlay')?.dataset.busyMs, null, { timeout: 300_000, polling: 100 });
          agains.push(await page.evaluate(() => {
            const host = document.getElementById('animateur-overlay');
            return { busy: +host.dataset.busyMs, phases: host.dataset.phases ?? '', slice: +host.dataset.longestSliceMs, slicePhase: host.dataset.longestSlicePhase };
          }));
        }
        agains.sort((a, b) => a.busy - b.busy);
        const again = agains[(agains.length - 1) >> 1];
        m.reread.push(again.busy);
        const reread = parsePhases(again.phases);
        m.recore.push(reread.core);
        m.steps[m.steps.length - 1] += `; re-read ${again.slice.toFixed(1)} (${again.slicePhase}): ${reread.steps.join(', ')}`;
        for (const [name, ms] of Object.entries(reread.phases)) (m.rephases[name] ??= []).push(ms);
        const bare = await bareMs(page, [ITEM_CSS]);
        m.bare.push(bare.median);
        m.bareFirst.push(bare.first);
        m.bareAll.push((await bareMs(page, ALL_CSS)).median);
        if (run === 0) m.floor = await floorMs(page, ITEM_CSS, ALL_CSS, items <= 5000 ? 15 : 5);
        await page.close();
        const plain = await bareContext.newPage();
        await plain.goto(url, { waitUntil: 'load', timeout: 300_000 });
        await plain.waitForTimeout(300);
        m.taskWithout.push(await plain.evaluate(() => window.__bench.longestTask));
        await plain.close();
      }
      const busy = median(m.busy);
      const bareT = median(m.bare);
      const phasesOf = (p) => Object.entries(p).map(([name, xs]) => `${name} ${median(xs).toFixed(1)}`).join(', ');
      rows.push({ items, ready: median(m.ready), busy, reread: median(m.reread), bare: bareT, bareFirst: median(m.bareFirst), bareAll: median(m.bareAll), ratio: busy / bareT, reratio: median(m.reread) / bareT, rephases: phasesOf(m.rephases), slice: median(m.slice), slicePhases: [...new Set(m.slicePhases)].join('/'),
        taskWith: median(m.taskWith), taskWithout: median(m.taskWithout), wasm: median(m.wasm),
        phases: phasesOf(m.phases), steps: m.steps, floor: m.floor, core: median(m.core), recore: median(m.recore) });
      process.stdout.write('.');
    }
  } finally {
    await withExt.close();
    await bare.close();
    await server.close();
  }
  console.log(`\n\nChromium (headless), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; median of ${RUNS} runs (re-read: median of ${REREADS} per run); times in ms`);
  const head = ['items', 'load→ready', 'ext. busy: first read', 're-read', 'bare pass: items, median of 5 (first)', 'first/bare', 're-read/bare', 'bare pass: same selectors', 'first/same', 're-read/same', 'extraction + stats: first / re-read', 're-read extraction + stats / bare: items / same selectors', 'longest slice (phase)', 'longest task (ext)', 'longest task (no ext)', 'wasm KiB', 'first read by phase', 're-read by phase'];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) {
    console.log(`| ${r.items.toLocaleString('en')} | ${r.ready.toFixed(0)} | ${r.busy.toFixed(1)} | ${r.reread.toFixed(1)} | ${r.bare.toFixed(1)} (${r.bareFirst.toFixed(1)}) | ${r.ratio.toFixed(1)}× | ${r.reratio.toFixed(1)}× | ${r.bareAll.toFixed(1)} | ${(r.busy / r.bareAll).toFixed(1)}× | ${(r.reread / r.bareAll).toFixed(1)}× | ${r.core.toFixed(1)} / ${r.recore.toFixed(1)} | ${(r.recore / r.bare).toFixed(1)}× / ${(r.recore / r.bareAll).toFixed(1)}× | ${r.slice.toFixed(1)} (${r.slicePhases}) | ${r.taskWith.toFixed(0)} | ${r.taskWithout.toFixed(0)} | ${r.wasm} | ${r.phases} | ${r.rephases} |`);
  }
  console.log('\nThe floor: reading the same elements with nothing done, first run, min / median (ratio of the median to the items pass)');
  const passes = [['items', 'items: textContent'], ['each', 'every selector, a query each'], ['combined', 'every selector, one query'], ['html', 'items: innerHTML']];
  console.log(`| items | ${passes.map(([, label]) => label).join(' | ')} |`);
  console.log(`|---|${passes.map(() => '---').join('|')}|`);
  for (const r of rows) {
    const cell = ([key]) => `${r.floor[key].min.toFixed(1)} / ${r.floor[key].median.toFixed(1)} (${(r.floor[key].median / r.floor.items.median).toFixed(1)}×)`;
    console.log(`| ${r.items.toLocaleString('en')} | ${passes.map(cell).join(' | ')} |`);
  }
  // Where each first reading's longest slice comes from: its longest steps (units of
  // work between two clock checks; a slice is at most the budget plus one step).
  console.log('\nLongest slice of each reading (phase): its longest steps, ms');
  for (const r of rows) for (const line of r.steps) console.log(`${r.items.toLocaleString('en')}: ${line}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
