// End-to-end tests of the options page (issue 6) on the built extension in Chromium:
// every setting has a control, bad values are refused inline, the settings file can be
// exported, imported key by key (bad keys listed, the rest kept) and reset, and a
// setting reaches an open intranet tab without reload. Policy-set values are tested in
// policy.test.mjs (they need a real policy file).

import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DIST_CHROMIUM,
  assertBuilt,
  extensionWorldIn,
  launchBrowser,
  recordPage,
  startDemoServer,
  waitForReady,
  poll,
  readOverlay,
} from './browsers.mjs';

const RUN = (process.env.E2E_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim()).includes('chromium');
const TEST_TIMEOUT_MS = 90_000;

describe('options page (Chromium)', { skip: !RUN && 'Chromium not selected' }, () => {
  let b;
  let server;
  let origin;
  let files;
  const worker = () => b.raw.serviceWorker;
  const stored = () => worker().evaluate(() => chrome.storage.sync.get(null));

  before(async () => {
    await assertBuilt(DIST_CHROMIUM);
    server = await startDemoServer();
    origin = new URL(server.url).origin.replace('localhost', '127.0.0.1');
    b = await launchBrowser('chromium', { headless: !process.env.E2E_HEADED });
    files = await mkdtemp(path.join(tmpdir(), 'animateur-options-'));
  }, { timeout: 120_000 });

  after(async () => {
    await b?.close();
    await server?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await worker().evaluate(() => chrome.storage.sync.clear());
  });

  async function openOptions() {
    const page = await b.newPage();
    const rec = recordPage(page);
    await page.goto(`${b.extensionBase}options.html`, { waitUntil: 'load' });
    await page.waitForSelector('#moderation-switches input');
    return { page, rec };
  }

  test('every settings key has a control, and the page loads without errors', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, rec } = await openOptions();
    try {
      const { missing, undescribed } = await page.evaluate(async () => {
        const glue = await import('./pkg/animateur.js');
        const keys = Object.keys(glue.settingsSchema().properties).filter((k) => k !== 'maxima');
        const form = document.getElementById('settings');
        // A control whose help text is not in its description is announced without it.
        const undescribed = [...form.querySelectorAll('input[id], select[id], textarea[id]')]
          .filter((c) => document.getElementById(`${c.id}-help`))
          .filter((c) => !(c.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(`${c.id}-help`))
          .map((c) => c.id);
        return { missing: keys.filter((k) => !form.elements[k]), undescribed };
      });
      assert.deepEqual(missing, []);
      assert.deepEqual(undescribed, [], 'each control is described by its help text');
      const switches = await page.locator('#moderation-switches input[type=checkbox]').count();
      assert.equal(switches, 9, 'one switch per moderation category');
      const { console: messages, pageErrors } = rec.take();
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(messages.filter((m) => m.type === 'error' || m.type === 'warning'), []);
    } finally {
      await page.close();
    }
  });

  test('a bad value is refused inline and not saved; a good one is saved', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = await openOptions();
    try {
      await page.fill('#sites', 'intranet.example.com');
      await page.locator('#sites').dispatchEvent('change');
      await poll(() => page.textContent('#sites-error'), (t) => t.length > 0);
      assert.match(await page.textContent('#sites-error'), /match pattern/);
      assert.equal(await page.getAttribute('#sites', 'aria-invalid'), 'true');
      assert.deepEqual(await stored(), {});

      await page.fill('#confidentialTerms', 'Hermès\nProjet Atlas');
      await page.locator('#confidentialTerms').dispatchEvent('change');
      const saved = await poll(stored, (s) => s.confidentialTerms);
      assert.deepEqual(saved, { confidentialTerms: ['Hermès', 'Projet Atlas'] });
    } finally {
      await page.close();
    }
  });

  test('import applies the valid keys, lists the bad ones and keeps the current values; export returns them', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ tipsPerDay: 2, slaHours: 48 }));
    const { page } = await openOptions();
    try {
      const file = path.join(files, 'import.json');
      await writeFile(file, JSON.stringify({
        slaHours: 12,
        tipsPerDay: 'lots',
        sites: ['not a pattern'],
        maxima: { tipsPerDay: 1 },
        nosuchkey: true,
        moderationShouting: false,
      }));
      const chooser = page.waitForEvent('filechooser');
      await page.click('#settings-import');
      await (await chooser).setFiles(file);
      await poll(() => page.textContent('#file-status'), (t) => t.length > 0);
      assert.match(await page.textContent('#file-status'), /2/);
      const banner = await page.textContent('#import-problems');
      for (const key of ['tipsPerDay', 'sites', 'maxima', 'nosuchkey']) assert.ok(banner.includes(key), `${key} listed in: ${banner}`);
      assert.ok(!banner.includes('slaHours'));
      assert.deepEqual(await stored(), { tipsPerDay: 2, slaHours: 12, moderationShouting: false });
      await poll(() => page.inputValue('#slaHours'), (v) => v === '12');
      assert.equal(await page.isChecked('#moderationShouting'), false);

      const download = page.waitForEvent('download');
      await page.click('#settings-export');
      const exported = JSON.parse(await readFile(await (await download).path(), 'utf8'));
      assert.deepEqual(exported, { tipsPerDay: 2, slaHours: 12, moderationShouting: false });
    } finally {
      await page.close();
    }
  });

  test('a file that is not a settings object changes nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ slaHours: 48 }));
    const { page } = await openOptions();
    try {
      for (const [name, content] of [['list.json', '[1, 2]'], ['broken.json', '{"slaHours": 1'], ['text.json', 'hello']]) {
        const file = path.join(files, name);
        await writeFile(file, content);
        await page.evaluate(() => { document.getElementById('file-status').textContent = ''; });
        const chooser = page.waitForEvent('filechooser');
        await page.click('#settings-import');
        await (await chooser).setFiles(file);
        await poll(() => page.textContent('#file-status'), (t) => t.length > 0);
        assert.match(await page.textContent('#file-status'), /not an Animateur settings file|pas un fichier de réglages/, name);
        assert.deepEqual(await stored(), { slaHours: 48 }, name);
      }
    } finally {
      await page.close();
    }
  });

  test('reset to defaults asks first, then clears the user values', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ slaHours: 48, tips: false }));
    const { page } = await openOptions();
    try {
      await page.click('#settings-reset');
      assert.equal(await page.isVisible('#reset-ask'), true);
      await page.click('#reset-no');
      assert.deepEqual(await stored(), { slaHours: 48, tips: false });
      await page.click('#settings-reset');
      await page.click('#reset-yes');
      await poll(stored, (s) => Object.keys(s).length === 0);
      await poll(() => page.inputValue('#slaHours'), (v) => v === '24');
      assert.equal(await page.isChecked('#tips'), true);
    } finally {
      await page.close();
    }
  });

  test('a page profile for another intranet tool, set in the settings, makes its pages readable', { timeout: TEST_TIMEOUT_MS }, async () => {
    const profile = [{
      kind: 'sp-classic-discussion-thread',
      detect: '.forum-topic',
      thread: '.forum-topic',
      threadScope: 'page',
      threadKind: 'question',
      threadTitle: '.topic-title',
      item: {
        css: 'article.forum-post',
        id: { attr: 'id' },
        author: { css: '.who', from: 'text' },
        likes: { css: '.likes' },
        date: { css: 'time', attr: 'datetime' },
        text: '.post-body',
      },
    }];
    const page = await b.newPage();
    try {
      await page.goto(`${origin}/other-forum.html`, { waitUntil: 'load' });
      await page.waitForTimeout(1500);
      assert.equal((await readOverlay(page)).present, false, 'not read with the built-in profiles');
      await worker().evaluate((json) => chrome.storage.sync.set({ customProfiles: json }), JSON.stringify(profile));
      const o = await waitForReady(page, { timeout: 20_000 });
      assert.deepEqual(o.stats.m1Items, { value: 4 });
      assert.deepEqual(o.stats.m2Contributors, { value: 3 });
      assert.equal(o.stats.m3Reactions.value.totalLikes, 7, JSON.stringify(o.stats.m3Reactions));
    } finally {
      await page.close();
    }
    // A bad profile is refused whole, with its reason on the options page.
    await worker().evaluate(() => chrome.storage.sync.set({ customProfiles: '[{"kind": "sp-classic-discussion-thread", "detect": ".forum-topic["}]' }));
    const { page: options } = await openOptions();
    try {
      const banner = await options.textContent('#problems');
      assert.match(banner, /customProfiles/);
      assert.match(banner, /not a CSS selector/);
    } finally {
      await options.close();
    }
  });

  test('the panel\'s settings button opens this page', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await b.newPage();
    try {
      await page.goto(`${origin}/discussion-thread.html`, { waitUntil: 'load' });
      await waitForReady(page, { timeout: 20_000 });
      const opened = b.raw.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/options.html'), timeout: 15_000 });
      await page.evaluate(() => {
        const root = document.getElementById('animateur-overlay').shadowRoot;
        root.querySelector('[data-animateur="panel-toggle"]').click();
        root.querySelector('[data-animateur="open-settings"]').click();
      });
      const options = await opened;
      await options.waitForSelector('#moderation-switches input');
      await options.close();
    } finally {
      await page.close();
    }
  });

  test('a confidential term typed in the options reaches an open page\'s hints while writing, without reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await b.newPage();
    try {
      await page.goto(`${origin}/discussion-thread.html`, { waitUntil: 'load' });
      await waitForReady(page, { timeout: 20_000 });
      const box = page.locator('textarea.ms-comm-postReplyTextBox').first();
      const hintCategories = () => page.evaluate(() => {
        const root = document.getElementById('animateur-composer')?.shadowRoot;
        return [...(root?.querySelectorAll('[data-animateur=highlight]') ?? [])].map((el) => el.dataset.category).sort();
      });
      await box.fill('Le point sur le projet Hermès est prêt.');
      await page.waitForTimeout(1200);
      assert.deepEqual(await hintCategories(), []);
      await worker().evaluate(() => chrome.storage.sync.set({ confidentialTerms: ['hermes'] }));
      await page.waitForTimeout(300);
      await box.fill('Le point sur le projet Hermès est prêt !');
      const got = await poll(hintCategories, (c) => c.length > 0, { tries: 60, interval: 100 });
      assert.deepEqual(got, ['confidential']);
    } finally {
      await page.close();
    }
  });
});

describe('where the content script runs (Chromium)', { skip: !RUN && 'Chromium not selected' }, () => {
  let b;
  let server;
  let origin;
  let localOrigin;
  const worker = () => b.raw.serviceWorker;

  before(async () => {
    await assertBuilt(DIST_CHROMIUM);
    server = await startDemoServer();
    localOrigin = new URL(server.url).origin.replace('127.0.0.1', 'localhost');
    origin = localOrigin.replace('localhost', '127.0.0.1');
    b = await launchBrowser('chromium', { headless: !process.env.E2E_HEADED });
  }, { timeout: 120_000 });

  after(async () => {
    await worker()?.evaluate(() => chrome.storage.sync.clear()).catch(() => {});
    await b?.close();
    await server?.close();
  });

  /** Waits for the background to register the script for `want` (the granted sites). */
  const registered = (want) => poll(
    () => worker().evaluate(async () => (await chrome.storage.session.get('contentScriptSites')).contentScriptSites),
    (got) => JSON.stringify(got) === JSON.stringify(want),
  );

  /** Whether the content script was injected in the page at `url`. */
  async function injected(url) {
    const page = await b.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(800);
      return await extensionWorldIn(page, b.extensionBase);
    } finally {
      await page.close();
    }
  }

  test('injected on the configured site only; a site removed from "sites" gets no script at all, then back', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.deepEqual(await registered(['http://127.0.0.1/*']), ['http://127.0.0.1/*']);
    assert.equal(await injected(`${origin}/discussion-list.html`), true, 'configured demo host');
    assert.equal(await injected(`${localOrigin}/discussion-list.html`), false, 'unconfigured host');

    // A site without the browser's permission is not registered (and the options page
    // says so); the demo host, no longer listed, gets nothing either.
    await worker().evaluate(() => chrome.storage.sync.set({ sites: ['http://localhost/*'] }));
    assert.deepEqual(await registered([]), []);
    assert.equal(await injected(`${origin}/discussion-list.html`), false, 'demo host removed from sites');
    assert.equal(await injected(`${localOrigin}/discussion-list.html`), false, 'listed but not allowed');
    const options = await b.newPage();
    try {
      await options.goto(`${b.extensionBase}options.html`, { waitUntil: 'load' });
      await options.waitForSelector('#sites-access:not([hidden])');
      assert.match(await options.textContent('#sites-access-text'), /http:\/\/localhost\/\*/);
    } finally {
      await options.close();
    }

    await worker().evaluate(() => chrome.storage.sync.set({ enabled: false, sites: ['http://127.0.0.1/*'] }));
    assert.deepEqual(await registered([]), [], 'switched off: registered nowhere');
    await worker().evaluate(() => chrome.storage.sync.clear());
    assert.deepEqual(await registered(['http://127.0.0.1/*']), ['http://127.0.0.1/*']);
    assert.equal(await injected(`${origin}/discussion-list.html`), true, 'back after the settings are cleared');
  });
});
