// Real enterprise policy in real browsers (issue 6): policy files written where the
// browsers read them, the extension as IT deploys it.
//
//   Chromium, 3rdparty values for the unpacked extension: locked controls in the options
//     page, a rule switched off by policy never shows, a policy change applied live (the
//     file watcher reloads ~5 s after a change), a malformed policy reported key by key.
//   Chromium force-install: the CRX + updates.xml from tests/scripts/package.mjs, served
//     on 127.0.0.1, through ExtensionSettings and through ExtensionInstallForcelist.
//   Firefox ESR: policies.json 3rdparty values (the options page, opened from the panel,
//     shows them locked), and a force-installed unsigned XPI.
//
// Policy files are machine-wide: every browser on the machine reads them while they
// exist. Each test writes its file just before it needs it and removes it in `finally`;
// browsers.mjs's exit/signal hook removes anything still registered. Chromium files are
// named per process (animateur-e2e-<pid>.json) so two runs never share one; leftovers of
// dead runs are swept. Firefox has one policies.json: the test refuses (skips) if one
// exists that is not a leftover of this suite. Needs root (the files live under /etc
// and /usr/lib); skipped with the reason otherwise.
//
// Measured figures are printed as TAP diagnostics; no assertion is about timing.

import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants as fsConstants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import {
  CHROMIUM_POLICY_DIR,
  DIST_CHROMIUM,
  DIST_FIREFOX,
  GECKO_ID,
  REPO_ROOT,
  assertBuilt,
  chromiumPolicyFile,
  extensionWorldIn,
  firefoxPolicyFile,
  launchBrowser,
  launchChromiumPolicyInstalled,
  launchFirefox,
  launchFirefoxBare,
  poll,
  processAlive,
  removePolicyFile,
  sleep,
  startDemoServer,
  sweepStaleChromiumPolicies,
  waitForReady,
  writePolicyFile,
} from './browsers.mjs';
import { extensionIdFromDer, packageAll } from '../scripts/package.mjs';

const SELECTED = (process.env.E2E_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim());
const TEST_TIMEOUT_MS = 180_000;
const READY_TIMEOUT_MS = 30_000;
/** How long a policy change may take to reach the extension before the test gives up. */
const POLICY_WAIT = { tries: 300, interval: 100 };
const ABSENCE_WAIT_MS = 1500;
const MONDAY_11_PARIS = Date.UTC(2026, 10, 23, 10, 0, 0);
const BOARD = '/discussion-list.html';
const LOCK_LABELS = ['Défini par votre organisation', 'Set by your organization'];
const messages = (lang) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'extension', '_locales', lang, 'messages.json'), 'utf8'));
const BOARD_KIND = { fr: messages('fr').kind_sp_classic_discussion_list.message, en: messages('en').kind_sp_classic_discussion_list.message };

/** Why policy files cannot be written here, or null. */
function cannotWrite(target) {
  let dir = target;
  while (!existsSync(dir)) dir = path.dirname(dir);
  try {
    accessSync(dir, fsConstants.W_OK);
    return null;
  } catch {
    return `cannot write ${target} (${dir} is not writable; run as root)`;
  }
}

/** The unpacked build's id, from the manifest's pinned public key. */
function unpackedId() {
  const manifest = JSON.parse(readFileSync(path.join(DIST_CHROMIUM, 'manifest.json'), 'utf8'));
  return extensionIdFromDer(Buffer.from(manifest.key, 'base64'));
}

const chromium3rdparty = (id, values, extra = {}) => ({ ...extra, '3rdparty': { extensions: { [id]: values } } });

/** The options page's view of some keys: disabled, shown value, visible lock label. */
const readOptions = (page, keys) => page.evaluate((keys) => Object.fromEntries(keys.map((key) => {
  const el = document.getElementById('settings').elements[key];
  const lock = document.querySelector(`[data-lock="${key}"]`);
  const lockShown = Boolean(lock) && !lock.hidden && lock.getClientRects().length > 0;
  return [key, {
    disabled: el.disabled,
    value: el.type === 'checkbox' ? el.checked : el.value,
    lock: lockShown ? lock.textContent.trim() : null,
  }];
})), keys);

const readProblems = (page) => page.evaluate(() => {
  const box = document.getElementById('problems');
  return {
    visible: box.getClientRects().length > 0 && getComputedStyle(box).display !== 'none',
    intro: box.querySelector('p')?.textContent ?? '',
    items: [...box.querySelectorAll('li')].map((li) => li.textContent),
  };
});

const readCard = (page) => page.evaluate(() => {
  const host = document.getElementById('animateur-nudge');
  return host ? { count: document.querySelectorAll('#animateur-nudge').length, rule: host.getAttribute('data-rule') } : { count: 0 };
});

// ---------------------------------------------------------------------------
// Chromium, 3rdparty policy for the unpacked extension
// ---------------------------------------------------------------------------

describe('Chromium: 3rdparty policy for the unpacked extension', {
  skip: (!SELECTED.includes('chromium') && 'Chromium not selected') || cannotWrite(CHROMIUM_POLICY_DIR) || false,
}, () => {
  let b;
  let server;
  let origin;
  let id;
  const policyFile = chromiumPolicyFile();
  const worker = () => b.raw.serviceWorker;
  const managed = () => worker().evaluate(() => chrome.storage.managed.get(null));

  /** Writes the policy, waits until storage.managed holds `expected`; returns the delay. */
  async function applyPolicy(policy, expected) {
    const t0 = Date.now();
    writePolicyFile(policyFile, policy);
    const got = await poll(managed, (m) => isDeepEqual(m, expected), POLICY_WAIT);
    assert.deepEqual(got, expected, 'the policy did not reach storage.managed');
    return Date.now() - t0;
  }

  async function clearPolicy() {
    removePolicyFile(policyFile);
    await poll(managed, (m) => Object.keys(m).length === 0, POLICY_WAIT);
  }

  async function openOptions() {
    const page = await b.newPage();
    await page.goto(`chrome-extension://${id}/options.html`, { waitUntil: 'load' });
    // Rendered: the switches are drawn, and every number field holds a value.
    await page.waitForFunction(() => document.querySelectorAll('#rule-switches input').length > 0 &&
      [...document.querySelectorAll('#settings input[type=number]')].every((el) => el.value !== ''));
    return page;
  }

  before(async () => {
    await assertBuilt(DIST_CHROMIUM);
    sweepStaleChromiumPolicies();
    server = await startDemoServer();
    origin = new URL(server.url).origin.replace('localhost', '127.0.0.1');
    b = await launchBrowser('chromium', { headless: !process.env.E2E_HEADED, timezoneId: 'Europe/Paris' });
    id = b.extensionId;
    assert.equal(id, unpackedId());
  }, { timeout: 120_000 });

  after(async () => {
    removePolicyFile(policyFile);
    await b?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await worker().evaluate(async (now) => {
      await chrome.storage.local.remove('nudgeHistory');
      await chrome.storage.sync.clear();
      await chrome.storage.local.set({ testNow: now });
    }, MONDAY_11_PARIS);
  });

  test('controls set by policy are disabled, show the policy value and say "Set by your organization"', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    await worker().evaluate(() => chrome.storage.sync.set({ tipsPerDay: 2, tipsPerWeek: 9 }));
    const policy = { tipsPerDay: 5, slaHours: 36, hintH3: false, language: 'en', sites: ['http://127.0.0.1/*'], maxima: { tipsPerWeek: 4 } };
    try {
      const ms = await applyPolicy(chromium3rdparty(id, policy), policy);
      t.diagnostic(`policy file written -> storage.managed updated (browser running): ${ms} ms`);
      const page = await openOptions();
      const view = await poll(() => readOptions(page, ['tipsPerDay', 'slaHours', 'hintH3', 'language', 'sites', 'tipsPerWeek', 'enabled']),
        (v) => v.tipsPerDay.disabled, POLICY_WAIT);
      for (const key of ['tipsPerDay', 'slaHours', 'hintH3', 'language', 'sites']) {
        assert.equal(view[key].disabled, true, `${key} is not disabled`);
        assert.ok(LOCK_LABELS.includes(view[key].lock), `${key}: lock label ${JSON.stringify(view[key].lock)}`);
      }
      assert.equal(view.tipsPerDay.value, '5', 'the policy value wins over the user value');
      assert.equal(view.slaHours.value, '36');
      assert.equal(view.hintH3.value, false);
      assert.equal(view.language.value, 'en');
      assert.equal(view.sites.value, 'http://127.0.0.1/*');
      // Bounded by policy: editable, no lock, the user's 9 shown as IT's 4 and said so;
      // the user's stored value is kept.
      assert.deepEqual(view.tipsPerWeek, { disabled: false, value: '4', lock: null });
      assert.match(await page.textContent('[data-bound="tipsPerWeek"]'), /4/);
      assert.equal(await page.isVisible('[data-bound="tipsPerWeek"]'), true);
      assert.equal((await worker().evaluate(() => chrome.storage.sync.get('tipsPerWeek'))).tipsPerWeek, 9);
      // Not set by policy: editable, no label, the user's own value.
      assert.deepEqual(view.enabled, { disabled: false, value: true, lock: null });
      assert.deepEqual((await readProblems(page)).items, []);
      await page.close();
    } finally {
      await clearPolicy();
    }
  });

  test('a rule switched off by policy goes at once from an open page and never shows; the change needs no reload', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const base = { tipsPerDay: 5 };
    try {
      await applyPolicy(chromium3rdparty(id, base), base);
      const board = await b.newPage();
      await board.goto(origin + BOARD, { waitUntil: 'load' });
      await waitForReady(board, { timeout: READY_TIMEOUT_MS });
      // Baseline: with the rule on, the board shows tip R01 (as in nudges.test.mjs).
      const card = await poll(() => readCard(board), (c) => c.count > 0, POLICY_WAIT);
      assert.equal(card.rule, 'R01', 'baseline: tip R01 should show on the board while the rule is on');
      const options = await openOptions();
      assert.equal((await readOptions(options, ['nudgeR01'])).nudgeR01.disabled, false);

      // The policy file changes; nothing is reloaded.
      const t0 = Date.now();
      const changed = { ...base, nudgeR01: false };
      writePolicyFile(policyFile, chromium3rdparty(id, changed));
      const seen = {};
      const watch = (name, read, done) => poll(read, done, POLICY_WAIT).then((v) => {
        if (done(v)) seen[name] = Date.now() - t0;
        return v;
      });
      await Promise.all([
        watch('storage.managed', managed, (m) => m.nudgeR01 === false),
        watch('card gone from the open page', () => readCard(board), (c) => c.count === 0),
        watch('options page locked', () => readOptions(options, ['nudgeR01']), (v) => v.nudgeR01.disabled && v.nudgeR01.lock !== null && v.nudgeR01.value === false),
      ]);
      for (const [what, ms] of Object.entries(seen)) t.diagnostic(`policy file rewritten -> ${what}: ${ms} ms`);
      assert.deepEqual(Object.keys(seen).sort(), ['card gone from the open page', 'options page locked', 'storage.managed'].sort(),
        `not applied live: only ${JSON.stringify(seen)}`);
      await board.close();
      await options.close();

      // A fresh history (no gap, no cap, no earlier showing) and a new view of the
      // board: only the policy can keep R01 away now.
      await worker().evaluate(() => chrome.storage.local.remove('nudgeHistory'));
      const again = await b.newPage();
      await again.goto(origin + BOARD, { waitUntil: 'load' });
      await waitForReady(again, { timeout: READY_TIMEOUT_MS });
      await sleep(ABSENCE_WAIT_MS);
      assert.notEqual((await readCard(again)).rule, 'R01', 'tip R01 showed although the policy switches it off');
      const history = await worker().evaluate(() => chrome.storage.local.get('nudgeHistory'));
      const log = history.nudgeHistory ? JSON.parse(history.nudgeHistory).log ?? [] : [];
      assert.deepEqual(log.filter((e) => e.rule === 'R01'), []);
      await again.close();
    } finally {
      await clearPolicy();
    }
  });

  test('runtime_blocked_hosts: IT\'s block wins over the sites setting, live, and lifting it brings Animateur back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const injectedOnBoard = async () => {
      const page = await b.newPage();
      try {
        await page.goto(origin + BOARD, { waitUntil: 'load' });
        await sleep(ABSENCE_WAIT_MS);
        return await extensionWorldIn(page, b.extensionBase);
      } finally {
        await page.close();
      }
    };
    assert.equal(await injectedOnBoard(), true, 'baseline: the demo host is a configured site');
    // The 3rdparty value only tells us when the browser has read the new file.
    const marker = { language: 'fr' };
    try {
      await applyPolicy(chromium3rdparty(id, marker, {
        ExtensionSettings: { [id]: { runtime_blocked_hosts: ['*://127.0.0.1'] } },
      }), marker);
      assert.equal(await injectedOnBoard(), false, 'blocked by IT: no script on the host');
    } finally {
      await clearPolicy();
    }
    assert.equal(await poll(injectedOnBoard, (v) => v, { tries: 20, interval: 500 }), true, 'block lifted: back');
  });

  test('a malformed policy: each bad key named in the banner and ignored, valid keys applied, user values kept', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const user = { slaHours: 48, businessHours: '09:00-17:00', tipsPerWeek: 9 };
    await worker().evaluate((u) => chrome.storage.sync.set(u), user);
    const huge = Array.from({ length: 5000 }, (_, i) => `person${i}@example.com`);
    const valid = { tipsPerWeek: 7, language: 'en', nudgeR02: false };
    // Passes Chromium's check against managed_schema.json; the extension's own model
    // must refuse each of these.
    const badForTheExtension = {
      sites: ['not a pattern', 'http://127.0.0.1/*'],
      staff: huge,
      businessHours: '25:00-99:00',
      holidays: ['2026-13-45'],
      charterUrl: 'javascript:alert(1)',
    };
    // Refused by Chromium itself (wrong type, unknown key, outside the schema's
    // minimum/maximum): they never reach the extension.
    const badForTheSchema = { enabled: 'yes', colour: 'blue', slaHours: 5000, tipsPerDay: 99 };
    const policy = { ...valid, ...badForTheExtension, ...badForTheSchema };
    const ignored = [...Object.keys(badForTheExtension), ...Object.keys(badForTheSchema).filter((k) => k !== 'colour')];
    const page = await openOptions();
    try {
      // What the page shows before the policy: the user's values, else the defaults.
      const before = await readOptions(page, ignored);
      const ms = await applyPolicy(chromium3rdparty(id, policy), { ...valid, ...badForTheExtension });
      t.diagnostic(`malformed policy reached storage.managed in ${ms} ms; Chromium dropped ${Object.keys(badForTheSchema).join(', ')} (schema)`);
      const problems = await poll(() => readProblems(page), (p) => p.items.length > 0, POLICY_WAIT);
      assert.ok(problems.visible, 'the problems banner is not visible');
      assert.match(problems.intro, /ignored|ignorés/);
      const named = problems.items.map((s) => s.split(' ')[0]).sort();
      assert.deepEqual(named, Object.keys(badForTheExtension).sort(), `banner: ${JSON.stringify(problems.items)}`);
      for (const item of problems.items) assert.match(item, /\((your organization's policy|politique de votre organisation)\)/);

      const view = await readOptions(page, [...Object.keys(valid), ...ignored]);
      // Valid keys apply and are locked.
      assert.deepEqual(view.tipsPerWeek, { disabled: true, value: '7', lock: view.tipsPerWeek.lock });
      assert.ok(LOCK_LABELS.includes(view.tipsPerWeek.lock));
      assert.equal(view.language.disabled, true);
      assert.equal(view.nudgeR02.value, false);
      assert.equal(view.nudgeR02.disabled, true);
      // Bad keys are ignored: unlocked, still the user's value or the default.
      for (const key of ignored) {
        assert.deepEqual(view[key], { disabled: false, value: before[key].value, lock: null }, `${key}: an invalid policy value was applied`);
      }
      assert.equal(view.businessHours.value, user.businessHours);
      assert.equal(view.slaHours.value, String(user.slaHours));
      assert.deepEqual(await worker().evaluate(() => chrome.storage.sync.get(null)), user, 'user settings changed');

      // The banner, for the documentation.
      await page.setViewportSize({ width: 900, height: 900 });
      const clip = await page.evaluate(() => {
        const top = document.querySelector('h1').getBoundingClientRect().top;
        const end = document.querySelector('#language').closest('.setting').getBoundingClientRect().bottom;
        return { x: 0, y: Math.max(0, top - 16), width: 900, height: end - top + 32 };
      });
      const shot = path.join(REPO_ROOT, 'target', 'e2e', 'policy-banner.png');
      await page.screenshot({ path: shot, clip });
      if (process.env.E2E_UPDATE_DOCS) await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'policy-banner.png'), clip });
      t.diagnostic(`screenshot: ${path.relative(REPO_ROOT, shot)}${process.env.E2E_UPDATE_DOCS ? ' and docs/policy-banner.png' : ''}`);

      // Once the policy goes, the user's own values are back, unlocked, live.
      removePolicyFile(policyFile);
      const back = await poll(() => readOptions(page, ['tipsPerWeek']), (v) => !v.tipsPerWeek.disabled, POLICY_WAIT);
      assert.deepEqual(back.tipsPerWeek, { disabled: false, value: '9', lock: null });
      assert.deepEqual((await readProblems(page)).items, []);
    } finally {
      await page.close();
      await clearPolicy();
    }
  });
});

// ---------------------------------------------------------------------------
// Chromium force-install from a self-hosted CRX
// ---------------------------------------------------------------------------

describe('Chromium: force-install from a self-hosted CRX + updates.xml', {
  skip: (!SELECTED.includes('chromium') && 'Chromium not selected') || cannotWrite(CHROMIUM_POLICY_DIR) || false,
}, () => {
  let work;
  let server;
  let demo;
  let base;
  let pkg;
  const requests = [];
  const policyFile = chromiumPolicyFile('animateur-e2e-force');

  before(async () => {
    await assertBuilt(DIST_CHROMIUM);
    sweepStaleChromiumPolicies('animateur-e2e-force');
    work = mkdtempSync(path.join(tmpdir(), 'animateur-package-'));
    server = http.createServer((req, res) => {
      requests.push(req.url.split('?')[0]);
      const file = path.join(work, 'out', path.basename(req.url.split('?')[0]));
      if (!existsSync(file)) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': file.endsWith('.xml') ? 'text/xml' : 'application/x-chrome-extension' });
      res.end(readFileSync(file));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}/`;
    // A signing key of our own, passed the way IT passes theirs.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPath = path.join(work, 'signing.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    pkg = packageAll({ outDir: path.join(work, 'out'), only: ['crx'], keyPath, baseUrl: base, log: () => {} });
    demo = await startDemoServer();
  });

  after(async () => {
    removePolicyFile(policyFile);
    await new Promise((resolve) => server?.close(resolve));
    await demo?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const forms = {
    ExtensionSettings: (id) => ({ ExtensionSettings: { [id]: { installation_mode: 'force_installed', update_url: `${base}updates.xml` } } }),
    ExtensionInstallForcelist: (id) => ({ ExtensionInstallForcelist: [`${id};${base}updates.xml`] }),
  };

  for (const [form, make] of Object.entries(forms)) {
    test(`${form}: installed from the local server, its 3rdparty values arrive`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const id = pkg.crxId;
      const values = { tipsPerDay: 4, language: 'fr' };
      requests.length = 0;
      let b;
      try {
        writePolicyFile(policyFile, chromium3rdparty(id, values, { DeveloperToolsAvailability: 1, ...make(id) }));
        b = await launchChromiumPolicyInstalled({ extensionId: id, timezoneId: 'Europe/Paris' });
        const installedAt = Date.now();
        t.diagnostic(`${form}: browser up in ${b.launchedMs} ms, service worker of the force-installed CRX at ${b.installedMs} ms from launch`);
        assert.ok(requests.includes('/updates.xml'), `updates.xml not fetched (${requests.join(', ')})`);
        assert.ok(requests.includes(`/animateur-${pkg.version}.crx`), `CRX not fetched (${requests.join(', ')})`);
        const manifest = await b.serviceWorker.evaluate(() => chrome.runtime.getManifest());
        assert.equal(extensionIdFromDer(Buffer.from(manifest.key, 'base64')), id, 'the packaged manifest key is not the signing key');
        const got = await poll(() => b.serviceWorker.evaluate(() => chrome.storage.managed.get(null)), (m) => isDeepEqual(m, values), POLICY_WAIT);
        assert.deepEqual(got, values, '3rdparty values did not arrive');
        t.diagnostic(`${form}: managed values arrived ${Date.now() - installedAt} ms after the service worker`);

        const options = await b.context.newPage();
        await options.goto(`chrome-extension://${id}/options.html`, { waitUntil: 'load' });
        const view = await poll(() => readOptions(options, ['tipsPerDay']), (v) => v.tipsPerDay.disabled, POLICY_WAIT);
        assert.equal(view.tipsPerDay.value, '4');
        assert.ok(LOCK_LABELS.includes(view.tipsPerDay.lock));
        // It reads pages too, in the language the policy sets.
        const page = await b.context.newPage();
        await page.goto(new URL(demo.url).origin.replace('localhost', '127.0.0.1') + BOARD, { waitUntil: 'load' });
        const overlay = await waitForReady(page, { timeout: READY_TIMEOUT_MS, until: (o) => (o.badge ?? '').startsWith(BOARD_KIND.fr) });
        assert.equal(overlay.state, 'ready');
        assert.ok(overlay.badge.startsWith(BOARD_KIND.fr), `badge ${overlay.badge}`);
      } finally {
        await b?.close();
        removePolicyFile(policyFile);
      }
    });
  }
});

// ---------------------------------------------------------------------------
// Firefox ESR, policies.json
// ---------------------------------------------------------------------------

const FIREFOX_POLICY = firefoxPolicyFile();
const MARKER = 'animateurE2E';

/** Why this run cannot own policies.json, or null (a leftover of a dead run is removed). */
function firefoxPolicyUnavailable() {
  const unwritable = cannotWrite(FIREFOX_POLICY);
  if (unwritable) return unwritable;
  if (!existsSync(FIREFOX_POLICY)) return null;
  let owner = null;
  try {
    owner = JSON.parse(readFileSync(FIREFOX_POLICY, 'utf8'))[MARKER]?.pid ?? null;
  } catch {
    /* not ours */
  }
  if (owner && !processAlive(owner)) {
    rmSync(FIREFOX_POLICY, { force: true });
    return null;
  }
  return `${FIREFOX_POLICY} already exists (${owner ? `another run, pid ${owner}` : 'not written by this suite'}): not overwriting it`;
}

const firefoxPolicy = (policies) => ({ [MARKER]: { pid: process.pid }, policies });

describe('Firefox ESR: policies.json', {
  skip: (!SELECTED.includes('firefox') && 'Firefox not selected') || firefoxPolicyUnavailable() || false,
}, () => {
  let demo;
  let origin;
  let work;

  before(async () => {
    await assertBuilt(DIST_FIREFOX);
    demo = await startDemoServer();
    origin = new URL(demo.url).origin.replace('localhost', '127.0.0.1');
    work = mkdtempSync(path.join(tmpdir(), 'animateur-xpi-'));
  });

  after(async () => {
    removePolicyFile(FIREFOX_POLICY);
    await demo?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Opens the board; returns the overlay once its badge is in French (or the last reading). */
  async function boardBadge(browser) {
    const page = await browser.newPage();
    const uiLanguage = await page.evaluate(() => navigator.language);
    await page.goto(origin + BOARD, { waitUntil: 'load' });
    const overlay = await waitForReady(page, { timeout: READY_TIMEOUT_MS, until: (o) => (o.badge ?? '').startsWith(BOARD_KIND.fr) });
    await page.close();
    return { overlay, uiLanguage };
  }

  test('3rdparty values reach the extension (language set to French by policy); malformed ones are ignored', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    let b;
    // Firefox does not check values against managed_schema.json: wrong types reach the
    // extension, which must ignore them. Taken naively, `enabled: 0` or these `sites`
    // would switch Animateur off on the board.
    const malformed = { enabled: 0, sites: ['not a pattern'], tipsPerDay: 99, colour: 'blue', staff: 'everyone' };
    try {
      writePolicyFile(FIREFOX_POLICY, firefoxPolicy({ '3rdparty': { Extensions: { [GECKO_ID]: { language: 'fr', ...malformed } } } }));
      b = await launchFirefox({ headless: !process.env.E2E_HEADED });
      // Firefox reads policies.json once, at start: the file can go now.
      removePolicyFile(FIREFOX_POLICY);
      const t0 = Date.now();
      const { overlay, uiLanguage } = await boardBadge(b.browser);
      // Without the policy, "auto" follows the browser's language, English here.
      assert.match(uiLanguage, /^en/, `the browser speaks ${uiLanguage}: French would not prove the policy`);
      assert.equal(overlay.state, 'ready');
      assert.ok(overlay.badge.startsWith(BOARD_KIND.fr), `badge not in the policy's language: ${overlay.badge}`);
      t.diagnostic(`policy values applied on the board ${Date.now() - t0} ms after opening it; ignored: ${Object.keys(malformed).join(', ')}`);
      // The driver cannot open moz-extension:// pages, but the panel's settings button
      // can: the options page then shows the policy's key locked.
      const board = await b.browser.newPage();
      await board.goto(origin + BOARD, { waitUntil: 'load' });
      await waitForReady(board, { timeout: READY_TIMEOUT_MS });
      const before = new Set(await b.browser.pages());
      await board.evaluate(() => {
        const root = document.getElementById('animateur-overlay').shadowRoot;
        root.querySelector('[data-animateur="panel-toggle"]').click();
        root.querySelector('[data-animateur="open-settings"]').click();
      });
      // Puppeteer's BiDi page keeps the tab's first URL (about:blank): ask the page.
      const isOptions = async (p) => (await p.evaluate(() => location.href).catch(() => '')).endsWith('/options.html');
      const options = await poll(async () => {
        for (const p of await b.browser.pages()) if (!before.has(p) && await isOptions(p)) return p;
        return null;
      }, (p) => p !== null, POLICY_WAIT);
      assert.ok(options, 'the panel\'s settings button opened no options page');
      const view = await poll(() => readOptions(options, ['language', 'tipsPerDay']).catch(() => null),
        (v) => v?.language?.disabled === true, POLICY_WAIT);
      assert.equal(view.language.disabled, true, 'language set by policy is not locked in the options page');
      assert.ok(LOCK_LABELS.includes(view.language.lock), `lock label: ${JSON.stringify(view.language.lock)}`);
      assert.equal(view.language.value, 'fr');
      assert.equal(view.tipsPerDay.disabled, false, 'a refused policy value (tipsPerDay: 99) locks nothing');
    } finally {
      await b?.close();
      removePolicyFile(FIREFOX_POLICY);
    }
  });

  test('force-install of the unsigned XPI through ExtensionSettings (ESR, xpinstall.signatures.required=false)', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const pkg = packageAll({ outDir: work, only: ['firefox'], log: () => {} });
    const xpi = pkg.files.firefox;
    let b;
    try {
      writePolicyFile(FIREFOX_POLICY, firefoxPolicy({
        ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: pathToFileURL(xpi).href } },
        '3rdparty': { Extensions: { [GECKO_ID]: { language: 'fr' } } },
      }));
      const t0 = Date.now();
      b = await launchFirefoxBare({ headless: !process.env.E2E_HEADED });
      const launched = Date.now() - t0;
      // Nothing else installs it: a page read by Animateur means the policy did.
      const { overlay } = await boardBadge(b.browser);
      assert.equal(overlay.state, 'ready', 'the force-installed extension did not read the page');
      assert.ok(overlay.badge.startsWith(BOARD_KIND.fr), `badge not in the policy's language: ${overlay.badge}`);
      t.diagnostic(`browser up in ${launched} ms; force-installed XPI reading the board ${Date.now() - t0} ms from launch`);
    } finally {
      await b?.close();
      removePolicyFile(FIREFOX_POLICY);
    }
  });
});

function isDeepEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
