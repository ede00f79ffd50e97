// End-to-end tests of the same-origin SharePoint REST path (issue 3): the built
// extension reads a modern page's comments from the site's comments API (served by
// www/server.mjs from the same fixture the page draws), merges them with what the DOM
// shows, falls back to the DOM when the API fails or is switched off, and never talks
// to another host.
//
//   node --test --test-reporter=tap --test-concurrency=1 tests/e2e/rest.test.mjs
//
// E2E_BROWSERS=chromium,firefox selects the browsers, as for overlay.test.mjs.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import {
  DIST_CHROMIUM,
  DIST_FIREFOX,
  assertBuilt,
  launchBrowser,
  loadPages,
  startDemoServer,
  readOverlay,
  waitForReady,
  scrollToComments,
  recordPage,
  recordContextRequests,
  isAllowedRequestUrl,
  isExtensionMessage,
  sleep,
} from './browsers.mjs';

const BROWSERS = (process.env.E2E_BROWSERS || 'chromium,firefox')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const HEADLESS = !process.env.E2E_HEADED;
const READY_TIMEOUT_MS = 20_000; // only there to avoid hanging
const TEST_TIMEOUT_MS = 120_000;

const PAGES = await loadPages();
const page = (p) => PAGES.find((e) => e.path === p);
const MODERN = page('/modern-news.html');
const FAIL = page('/hostile/modern-news-rest-fail.html');
const FOREIGN = page('/modern-news-rest-foreign.html');
const API = /\/_api\/web\/lists\(guid'/;

const fmt = (v) => JSON.stringify(v);

/**
 * The figures of two readings, compared as a community manager would: floats to nine
 * significant digits (some sums run over hash maps, in no fixed order) and the
 * staleness `seconds` (now minus the last activity: the two readings are taken a few
 * seconds apart) to the minute.
 */
function differences(a, b, at = 'stats') {
  if (typeof a === 'number' && typeof b === 'number') {
    const ok = at.endsWith('.seconds') ? Math.abs(a - b) <= 60 : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    return ok ? [] : [`${at}: ${a} vs ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences(a[k], b[k], `${at}.${k}`));
  }
  return isDeepStrictEqual(a, b) ? [] : [`${at}: ${fmt(a)} vs ${fmt(b)}`];
}
const describeOverlay = (o) =>
  !o?.present ? 'overlay absent' : `state=${o.state} source=${o.source} summary=${fmt(o.summary)}`;

for (const browserName of BROWSERS) {
  describe(`${browserName}: SharePoint comments API`, { concurrency: 1 }, () => {
    let b;
    let server;
    let origin;
    let ctxRequests = null;
    const visits = [];

    before(async () => {
      await assertBuilt(browserName === 'chromium' ? DIST_CHROMIUM : DIST_FIREFOX);
      server = await startDemoServer();
      origin = `http://127.0.0.1:${server.port}`;
      b = await launchBrowser(browserName, { headless: HEADLESS });
      if (browserName === 'chromium') ctxRequests = recordContextRequests(b.raw.context);
    }, { timeout: 120_000 });

    after(async () => {
      await b?.close();
      await server?.close();
    });

    async function open(path) {
      const p = await b.newPage();
      const rec = recordPage(p);
      const url = origin + path;
      await p.goto(url, { waitUntil: 'load', timeout: 60_000 });
      return { p, rec, url };
    }

    async function finish({ p, rec, url }) {
      const data = rec.take();
      visits.push({ url, origin, ...data });
      await p.close().catch(() => {});
      return data;
    }

    /** Polls the overlay until `until(o)` holds (ready state), scrolling if asked. */
    async function waitFor(p, until, { scroll = false } = {}) {
      let o = await waitForReady(p, { timeout: READY_TIMEOUT_MS });
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (!(o.state === 'ready' && until(o)) && Date.now() < deadline) {
        if (scroll) await scrollToComments(p, { rounds: 1, pause: 100 });
        await sleep(200);
        o = await readOverlay(p);
      }
      return o;
    }

    /** Extension settings through its own storage, as the options page writes them. */
    async function setUserSettings(values) {
      const worker = b.raw.serviceWorker;
      await worker.evaluate(async (v) => {
        await chrome.storage.sync.clear();
        await chrome.storage.sync.set(v);
      }, values);
    }

    let restStats = null; // the REST path's published stats on the demo page

    test('REST on (default): the complete comment tree before the DOM shows it, then the same figures once it does', { timeout: TEST_TIMEOUT_MS }, async () => {
      server.restLog.length = 0;
      const v = await open(MODERN.path);
      let early, late, logAfterScroll, logBeforeScroll;
      try {
        // The comments web part has not rendered (no scrolling yet): only REST knows them.
        early = await waitFor(v.p, (o) => o.source === 'rest+dom' && isDeepStrictEqual(o.summary, MODERN.expected));
        const domComments = await v.p.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length);
        assert.equal(domComments, 0, 'the page has not drawn its comments yet');
        logBeforeScroll = server.restLog.length;
        // Now the DOM shows the same comments: merged by id, nothing counted twice.
        await scrollToComments(v.p);
        await v.p.waitForFunction(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length === 10, { timeout: READY_TIMEOUT_MS });
        await sleep(1000); // let a reading of the rendered comments happen
        late = await waitFor(v.p, (o) => o.source === 'rest+dom');
        logAfterScroll = server.restLog.length;
      } finally {
        await finish(v);
      }
      assert.equal(early.source, 'rest+dom', describeOverlay(early));
      assert.deepStrictEqual(early.summary, MODERN.expected, describeOverlay(early));
      assert.deepStrictEqual(late.summary, MODERN.expected, describeOverlay(late));
      assert.deepEqual(differences(late.stats, early.stats), [], 'REST alone and REST + DOM give the same figures');
      restStats = late.stats;
      // First page, second page, and the reply lists the answers left incomplete.
      const paths = server.restLog.map((r) => decodeURIComponent(r.path));
      assert.ok(paths.some((p) => /\/Comments$/.test(p)), fmt(paths));
      assert.ok(paths.some((p) => /\$skiptoken=3$/.test(p)), `the next page was followed: ${fmt(paths)}`);
      assert.ok(paths.some((p) => /Comments\('101'\)\/replies$/.test(p)), `replies were followed: ${fmt(paths)}`);
      assert.ok(server.restLog.every((r) => /odata=nometadata/.test(r.accept)), fmt(server.restLog));
      assert.ok(server.restLog.every((r) => r.page === MODERN.path), fmt(server.restLog));
      // Once per page: the rendered comments are no news, so nothing is fetched again.
      assert.equal(logAfterScroll, logBeforeScroll, `requests after the DOM drew the comments: ${fmt(paths.slice(logBeforeScroll))}`);
    });

    test('REST off: DOM only, and the same figures once the DOM shows every comment', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      if (browserName !== 'chromium') {
        t.skip('the test sets storage.sync through the Chromium service worker; Firefox has no handle on the background page here');
        return;
      }
      assert.ok(restStats, 'the REST test ran first');
      await setUserSettings({ rest: false });
      server.restLog.length = 0;
      const v = await open(MODERN.path);
      let before, after;
      try {
        await sleep(1000);
        before = await readOverlay(v.p);
        await scrollToComments(v.p);
        after = await waitFor(v.p, (o) => isDeepStrictEqual(o.summary, MODERN.expected), { scroll: true });
      } finally {
        await finish(v);
        await setUserSettings({});
      }
      assert.equal(server.restLog.length, 0, `API requests with REST off: ${fmt(server.restLog)}`);
      assert.equal(before.source, 'dom', describeOverlay(before));
      assert.equal(before.summary?.items, 0, `nothing read before the DOM draws the comments: ${describeOverlay(before)}`);
      assert.equal(after.source, 'dom', describeOverlay(after));
      assert.deepStrictEqual(after.summary, MODERN.expected, describeOverlay(after));
      assert.deepEqual(differences(after.stats, restStats), [], 'the DOM path and the REST path agree on every figure');
    });

    test('strict-CSP engine frame: the loader fetches what the frame asks for, same figures', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      if (browserName !== 'chromium') {
        t.skip('the frame is forced through storage.local via the Chromium service worker (Firefox never needs the frame)');
        return;
      }
      assert.ok(restStats, 'the REST test ran first');
      // The loader's own memory of origins that refuse in-page wasm: this origin now
      // runs the core in the extension frame, as a strict-CSP page would.
      await b.raw.serviceWorker.evaluate(async (o) => {
        await chrome.storage.local.set({ wasmRefusedOrigins: { [o]: Date.now() } });
      }, origin);
      server.restLog.length = 0;
      const v = await open(MODERN.path);
      let o;
      try {
        o = await waitFor(v.p, (r) => r.source === 'rest+dom' && isDeepStrictEqual(r.summary, MODERN.expected));
      } finally {
        await finish(v);
        await b.raw.serviceWorker.evaluate(() => chrome.storage.local.remove('wasmRefusedOrigins'));
      }
      assert.ok(o.shadowChildren.some((c) => c.startsWith('iframe')), `the engine frame was used: ${fmt(o.shadowChildren)}`);
      assert.equal(o.source, 'rest+dom', describeOverlay(o));
      assert.deepStrictEqual(o.summary, MODERN.expected, describeOverlay(o));
      assert.deepEqual(differences(o.stats, restStats), [], 'the frame and the in-page core agree');
      const paths = server.restLog.map((r) => decodeURIComponent(r.path));
      assert.ok(paths.some((p) => /Comments\('104'\)\/replies$/.test(p)), fmt(paths));
      assert.equal(new Set(paths).size, paths.length, `each URL fetched once: ${fmt(paths)}`);
    });

    test('REST failing (HTTP 500): the DOM reading is published, the page is fine', { timeout: TEST_TIMEOUT_MS }, async () => {
      server.restLog.length = 0;
      const v = await open(FAIL.path);
      let before, after, data;
      try {
        before = await waitFor(v.p, () => server.restLog.length > 0);
        await scrollToComments(v.p);
        after = await waitFor(v.p, (o) => isDeepStrictEqual(o.summary, FAIL.expected), { scroll: true });
      } finally {
        data = await finish(v);
      }
      assert.ok(server.restLog.length >= 1 && server.restLog.every((r) => /GetItemById\(8\)/.test(r.path)), fmt(server.restLog));
      assert.equal(before.source, 'dom', describeOverlay(before));
      assert.equal(after.source, 'dom', describeOverlay(after));
      assert.deepStrictEqual(after.summary, FAIL.expected, describeOverlay(after));
      assert.deepEqual(data.pageErrors, [], 'uncaught page errors');
      if (browserName === 'chromium') {
        // Firefox does not report content-script console messages to the page.
        const warned = data.console.filter((m) => isExtensionMessage(m) && /HTTP 500/.test(m.text));
        assert.ok(warned.length >= 1, `a console warning names the failure: ${fmt(data.console)}`);
      }
    });

    test('a page context naming another host: no request at all, DOM only', { timeout: TEST_TIMEOUT_MS }, async () => {
      server.restLog.length = 0;
      const v = await open(FOREIGN.path);
      let o, data;
      try {
        await scrollToComments(v.p);
        o = await waitFor(v.p, (r) => isDeepStrictEqual(r.summary, FOREIGN.expected), { scroll: true });
      } finally {
        data = await finish(v);
      }
      assert.deepStrictEqual(o.summary, FOREIGN.expected, describeOverlay(o));
      assert.equal(o.source, 'dom', describeOverlay(o));
      assert.equal(server.restLog.length, 0, `API requests: ${fmt(server.restLog)}`);
      const foreign = [...data.requests, ...data.failedRequests].filter((r) => /evil\.invalid/.test(r.url));
      assert.deepEqual(foreign, [], 'requests to the host the page named');
      if (browserName === 'chromium') {
        const warned = data.console.filter((m) => isExtensionMessage(m) && /another origin/.test(m.text));
        assert.ok(warned.length >= 1, `a console warning explains the refusal: ${fmt(data.console)}`);
      }
    });

    test('every request seen went to the page\'s origin or the extension', () => {
      const bad = [];
      for (const v of visits) {
        for (const r of [...v.requests, ...v.failedRequests]) {
          if (!isAllowedRequestUrl(r.url, { origins: [v.origin] })) bad.push(`${r.url} (page ${v.url})`);
        }
      }
      for (const r of ctxRequests?.take() ?? []) {
        if (!isAllowedRequestUrl(r.url, { origins: [origin] })) bad.push(`${r.url} (context-wide)`);
      }
      assert.ok(visits.length >= 3, 'visits recorded');
      // The API requests themselves are visible to the browser's network log in Chromium.
      if (browserName === 'chromium') {
        assert.ok(visits.some((v) => v.requests.some((r) => API.test(decodeURIComponent(r.url)))), 'the API requests are in the network log');
      }
      assert.deepEqual([...new Set(bad)], []);
    });
  });
}
