// Launch helpers and page probes shared by the end-to-end tests, the demo runner
// and the load benchmark. Not a test file (only *.test.mjs files contain tests).
//
// Chromium: playwright-core, persistent context, unpacked MV3 extension via
//           --load-extension, new headless mode (no Xvfb needed).
// Firefox ESR: puppeteer-core over WebDriver BiDi, browser.installExtension(dir).
// No browser is ever downloaded: the Debian binaries are used.

import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Overridable so the harness itself can be exercised against stand-ins.
export const DIST_CHROMIUM = path.resolve(process.env.E2E_DIST_CHROMIUM || path.join(REPO_ROOT, 'dist', 'chromium'));
export const DIST_FIREFOX = path.resolve(process.env.E2E_DIST_FIREFOX || path.join(REPO_ROOT, 'dist', 'firefox'));
export const WWW_DIR = path.resolve(process.env.E2E_WWW_DIR || path.join(REPO_ROOT, 'www'));
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const FIREFOX_BIN = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
export const GECKO_ID = 'animateur@animateur.invalid';
// Pinned moz-extension:// UUID (pref extensions.webextensions.uuids) so that the
// extension's pages have a predictable URL in Firefox.
export const FIREFOX_EXTENSION_UUID = '6b1f3c2e-8a4d-4e55-9c1a-0a11e7a7e000';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function removeDir(dir) {
  // Browsers may still be flushing files for a moment after exit.
  for (let i = 0; i < 5; i++) {
    try {
      await rm(dir, { recursive: true, force: true });
      return;
    } catch {
      await sleep(200);
    }
  }
}

/** Fails early with a readable message if dist/ has not been built. */
export async function assertBuilt(extensionDir) {
  const manifest = path.join(extensionDir, 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error(`${manifest} not found: run \`make build\` first`);
  }
  return JSON.parse(await readFile(manifest, 'utf8'));
}

/**
 * Runs in the extension's service worker: resolves once the background has registered
 * the content script for the configured sites (it does so when installed), so that a
 * page opened next is read.
 */
export async function contentScriptRegistered() {
  for (let i = 0; i < 200; i++) {
    const { contentScriptSites } = await chrome.storage.session.get('contentScriptSites');
    if (contentScriptSites) return contentScriptSites;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the background never registered the content script');
}

const FIREFOX_REGISTRATION_MS = 1500;

/**
 * Chromium: whether a content script of the extension at `extensionBase`
 * (chrome-extension://id/) runs in the loaded `page` — its isolated world exists.
 * Stronger than "nothing drawn": an inert script would count too.
 */
export async function extensionWorldIn(page, extensionBase) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const worlds = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    // Enabling reports every context that already exists.
    await cdp.send('Runtime.enable');
    await sleep(200);
    return worlds.some((c) => c.auxData?.type === 'isolated' && `${c.origin}/` === extensionBase);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Chromium (playwright-core)
// ---------------------------------------------------------------------------

/**
 * Launches Chromium with the unpacked extension in a throwaway profile.
 * @returns {Promise<{context, extensionId: string, profileDir: string, close: () => Promise<void>}>}
 */
export async function launchChromium({ extensionDir = DIST_CHROMIUM, headless = true, extraArgs = [], serviceWorkerTimeout = 30_000, timezoneId } = {}) {
  const { chromium } = await import('playwright-core');
  const dir = path.resolve(extensionDir);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'animateur-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_BIN,
      headless,
      viewport: headless ? { width: 1280, height: 900 } : null,
      ...(timezoneId ? { timezoneId } : {}),
      args: [
        `--disable-extensions-except=${dir}`,
        `--load-extension=${dir}`,
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
        '--disable-quic',
        ...extraArgs,
      ],
    });
    let [worker] = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
    if (!worker) {
      worker = await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: serviceWorkerTimeout,
      });
    }
    const extensionId = new URL(worker.url()).host;
    await worker.evaluate(contentScriptRegistered);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } catch {
        /* already gone */
      }
      await removeDir(profileDir);
    };
    return { context, extensionId, profileDir, serviceWorker: worker, close };
  } catch (err) {
    try {
      await context?.close();
    } catch {
      /* ignore */
    }
    await removeDir(profileDir);
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Firefox ESR (puppeteer-core over WebDriver BiDi)
// ---------------------------------------------------------------------------

/** Preferences that keep Firefox quiet and offline (on top of puppeteer's defaults). */
export const FIREFOX_OFFLINE_PREFS = {
  'xpinstall.signatures.required': false,
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
  // updates
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'extensions.update.autoUpdateDefault': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'browser.search.update': false,
  'media.gmp-manager.updateEnabled': false,
  // telemetry / studies / reporting
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.archive.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'browser.discovery.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.crashReports.unsubmittedCheck.autoSubmit2': false,
  // network probes
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  'network.trr.mode': 5,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'services.settings.server': 'http://127.0.0.1:9/dummy/blocklist/',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'geo.provider.network.url': '',
  'browser.newtabpage.enabled': false,
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'browser.translations.enable': false,
  'extensions.abuseReport.enabled': false,
  'extensions.htmlaboutaddons.recommendations.enabled': false,
  'extensions.getAddons.showPane': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'privacy.trackingprotection.enabled': false,
  'browser.contentblocking.category': 'standard',
};

/**
 * Launches headless Firefox ESR with a throwaway profile and installs the extension
 * as a temporary add-on.
 * @returns {Promise<{browser, extensionId: string, extensionBase: string, profileDir: string, close: () => Promise<void>}>}
 */
export async function launchFirefox({ extensionDir = DIST_FIREFOX, headless = true, extraPrefs = {} } = {}) {
  const puppeteer = (await import('puppeteer-core')).default;
  // null: no extension (it comes from policy, or not at all).
  const dir = extensionDir && path.resolve(extensionDir);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'animateur-firefox-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_BIN,
      headless,
      userDataDir: profileDir,
      extraPrefsFirefox: { ...FIREFOX_OFFLINE_PREFS, ...extraPrefs },
      defaultViewport: { width: 1280, height: 900 },
      protocolTimeout: 120_000,
    });
    const extensionId = dir ? await browser.installExtension(dir) : null;
    // The event page registers the content script once installed (it loads the core
    // first); the driver cannot ask it when that is done, so give it a moment.
    if (dir) await sleep(FIREFOX_REGISTRATION_MS);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } catch {
        /* already gone */
      }
      await removeDir(profileDir);
    };
    return {
      browser,
      extensionId,
      extensionBase: `moz-extension://${FIREFOX_EXTENSION_UUID}/`,
      profileDir,
      close,
    };
  } catch (err) {
    try {
      await browser?.close();
    } catch {
      /* ignore */
    }
    await removeDir(profileDir);
    throw err;
  }
}

// ---------------------------------------------------------------------------
// A small uniform facade so the same test body runs on both browsers.
// ---------------------------------------------------------------------------

/**
 * @param {'chromium'|'firefox'} name
 * @returns {Promise<{name, newPage: () => Promise<any>, close, extensionId, extensionBase, raw}>}
 */
export async function launchBrowser(name, opts = {}) {
  if (name === 'chromium') {
    const r = await launchChromium(opts);
    return {
      name,
      raw: r,
      extensionId: r.extensionId,
      extensionBase: `chrome-extension://${r.extensionId}/`,
      newPage: () => r.context.newPage(),
      close: r.close,
    };
  }
  if (name === 'firefox') {
    const r = await launchFirefox(opts);
    return {
      name,
      raw: r,
      extensionId: r.extensionId,
      extensionBase: r.extensionBase,
      newPage: () => r.browser.newPage(),
      close: r.close,
    };
  }
  throw new Error(`unknown browser ${name}`);
}

// ---------------------------------------------------------------------------
// Page probes (work with both Playwright and Puppeteer pages)
// ---------------------------------------------------------------------------

/** Reads the overlay by piercing its open shadow root. */
export async function readOverlay(page) {
  return page.evaluate(() => {
    const host = document.getElementById('animateur-overlay');
    if (!host) return { present: false, state: null, kind: null, summary: null, badge: null, hostCount: 0 };
    const root = host.shadowRoot;
    const snap = root ? root.querySelector('[data-animateur="snapshot"]') : null;
    const raw = snap ? snap.getAttribute('data-json') : null;
    // data-json = the foundation's seven summary fields, plus `source` (dom or
    // rest+dom) and `stats` (the metrics).
    let summary = null;
    let stats = null;
    let source = null;
    let parseError = null;
    if (raw) {
      try {
        const parsed = JSON.parse(raw);
        stats = parsed.stats ?? null;
        source = parsed.source ?? null;
        delete parsed.stats;
        delete parsed.source;
        summary = parsed;
      } catch (e) {
        parseError = String(e);
      }
    }
    const toggle = root ? root.querySelector('[data-animateur="panel-toggle"]') : null;
    const panel = root ? root.querySelector('[data-animateur="panel"]') : null;
    const badge = root ? root.querySelector('[data-animateur="badge"]') : null;
    let badgeVisible = false;
    if (badge) {
      const r = badge.getBoundingClientRect();
      const cs = getComputedStyle(badge);
      badgeVisible = r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    }
    const shadowChildren = root
      ? [...root.children].map((el) => {
          const a = el.getAttribute('data-animateur');
          const src = el.getAttribute('src');
          return el.localName + (a ? `[data-animateur=${a}]` : '') + (src ? `[src=${src}]` : '');
        })
      : [];
    return {
      present: true,
      shadowChildren,
      hostCount: document.querySelectorAll('#animateur-overlay').length,
      shadowOpen: !!root,
      state: host.getAttribute('data-state'),
      kind: host.getAttribute('data-page-kind'),
      summary,
      source,
      stats,
      hasPanelToggle: !!toggle && !toggle.hidden,
      panelRows: panel ? [...panel.children].filter((r) => r.tagName === 'DIV').map((r) => r.textContent.trim()) : [],
      rawJson: raw,
      parseError,
      badge: badge ? badge.textContent.trim().replace(/\s+/g, ' ') : null,
      badgeVisible,
    };
  });
}

/**
 * Polls until the overlay state is one of `states` (default: ready). Returns the
 * last reading; never throws on timeout (the caller asserts on the result).
 */
export async function waitForState(page, { states = ['ready'], timeout = 15_000, interval = 100, until } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    try {
      last = await readOverlay(page);
    } catch (e) {
      // navigation in progress / context destroyed: retry
      last = { present: false, error: String(e) };
    }
    if (last.present && states.includes(last.state) && (!until || until(last))) return { ...last, timedOut: false };
    if (Date.now() >= deadline) return { ...last, timedOut: true };
    await sleep(interval);
  }
}

export function waitForReady(page, { timeout = 15_000, until } = {}) {
  return waitForState(page, { states: ['ready'], timeout, until });
}

/**
 * Scrolls the modern page's scroll region (and the window, for classic pages) to
 * the bottom and brings the comments placeholder into view, a few times, so that
 * lazily rendered comments appear.
 */
export async function scrollToComments(page, { rounds = 3, pause = 250 } = {}) {
  for (let i = 0; i < rounds; i++) {
    await page.evaluate(() => {
      const region = document.querySelector('[data-automation-id="contentScrollRegion"]');
      if (region) region.scrollTop = region.scrollHeight;
      const placeholder =
        document.getElementById('CommentsPlaceholder') ||
        document.getElementById('CommentsWrapper') ||
        document.querySelector('[data-sp-feature-tag="Comments"]');
      if (placeholder) placeholder.scrollIntoView({ block: 'center' });
      if (region) region.scrollTop = region.scrollHeight;
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    await sleep(pause);
  }
}

/**
 * Reads `read()` until `done(value)` holds, at most `tries` times, `interval` ms apart;
 * returns the last value read (the caller asserts on it).
 */
export async function poll(read, done, { tries = 50, interval = 100 } = {}) {
  let value = await read();
  for (let i = 1; i < tries && !done(value); i++) {
    await sleep(interval);
    value = await read();
  }
  return value;
}

/** Round trip to the page: resolves if the page's main thread answers. */
export async function pingPage(page) {
  const t0 = Date.now();
  const v = await page.evaluate(() => 1 + 1);
  return { ok: v === 2, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------
// Recorders: console, page errors, network requests
// ---------------------------------------------------------------------------

function consoleLocationUrl(msg) {
  try {
    const loc = msg.location?.();
    return loc?.url || '';
  } catch {
    return '';
  }
}

function safeResourceType(req) {
  try {
    return req.resourceType?.() ?? '';
  } catch {
    return '';
  }
}

function safeFrameUrl(req) {
  try {
    const f = req.frame?.();
    return f ? f.url() : '';
  } catch {
    return '';
  }
}

/**
 * Attaches console / pageerror / request listeners to a page.
 * `recorder.reset()` clears what was gathered (call it before each navigation);
 * `recorder.take()` returns and clears.
 */
export function recordPage(page) {
  const rec = {
    console: [],
    pageErrors: [],
    requests: [],
    failedRequests: [],
  };
  page.on('console', (msg) => {
    let type = '';
    try {
      type = msg.type();
    } catch {
      /* ignore */
    }
    rec.console.push({ type, text: msg.text(), url: consoleLocationUrl(msg), at: Date.now() });
  });
  page.on('pageerror', (err) => {
    rec.pageErrors.push({ message: String(err?.message ?? err), stack: String(err?.stack ?? '') });
  });
  page.on('request', (req) => {
    rec.requests.push({ url: req.url(), frame: safeFrameUrl(req), resourceType: safeResourceType(req) });
  });
  page.on('requestfailed', (req) => {
    let failure = '';
    try {
      const f = req.failure();
      failure = f?.errorText ?? '';
    } catch {
      /* ignore */
    }
    rec.failedRequests.push({ url: req.url(), failure });
  });
  return {
    data: rec,
    reset() {
      rec.console.length = 0;
      rec.pageErrors.length = 0;
      rec.requests.length = 0;
      rec.failedRequests.length = 0;
    },
    take() {
      const out = {
        console: [...rec.console],
        pageErrors: [...rec.pageErrors],
        requests: [...rec.requests],
        failedRequests: [...rec.failedRequests],
      };
      this.reset();
      return out;
    },
  };
}

/**
 * Context-wide request recorder for Chromium (also sees requests made by the
 * extension's service worker and extension pages when Playwright reports them).
 */
export function recordContextRequests(context) {
  const requests = [];
  context.on('request', (req) => {
    requests.push({ url: req.url(), frame: safeFrameUrl(req), resourceType: safeResourceType(req) });
  });
  return {
    requests,
    take() {
      const out = [...requests];
      requests.length = 0;
      return out;
    },
  };
}

/** True if the URL is allowed: the page's own origin, the extension, data:/blob:/about:. */
export function isAllowedRequestUrl(url, { origins = [] } = {}) {
  if (/^(data|blob|about):/i.test(url)) return true;
  if (/^(chrome-extension|moz-extension):\/\//i.test(url)) return true;
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return origins.includes(u.origin);
}

/** Console messages attributed to the extension (by source URL or a tag in the text). */
export function isExtensionMessage(m) {
  return /^(chrome-extension|moz-extension):\/\//.test(m.url || '') || /animateur/i.test(m.text || '');
}

/** Name used for screenshots and table rows: "/modern-news.html" -> "modern-news". */
export function pageName(p) {
  return (
    p
      .replace(/^\//, '')
      .replace(/\.html?(\?.*)?$/, (_, q) => (q ? '-' + q.slice(1) : ''))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'index'
  );
}

/** Loads www/pages.json. */
export async function loadPages() {
  return JSON.parse(await readFile(path.join(WWW_DIR, 'pages.json'), 'utf8'));
}

/** Starts the demo intranet (www/server.mjs). */
export async function startDemoServer(opts = {}) {
  const mod = await import(pathToFileURL(path.join(WWW_DIR, 'server.mjs')).href);
  return mod.startServer({ port: 0, host: '127.0.0.1', ...opts });
}

// ---------------------------------------------------------------------------
// Enterprise policy files (machine-wide: every browser on the machine reads them)
// ---------------------------------------------------------------------------
//
// Chromium reads every file in /etc/chromium/policies/managed/ at start and again ~5 s
// after one changes (its file watcher); Firefox reads <install dir>/distribution/
// policies.json at start only. A test that writes one must remove it even when it fails:
// `writePolicyFile` registers the file, and an exit / signal hook removes whatever is
// still registered (and the directories it had to create, when they are empty again).

/** Chromium's managed policy directory on Linux. */
export const CHROMIUM_POLICY_DIR = process.env.E2E_CHROMIUM_POLICY_DIR || '/etc/chromium/policies/managed';

/** Firefox's policies.json beside the real binary (Debian: /usr/lib/firefox-esr/distribution/). */
export function firefoxPolicyFile() {
  if (process.env.E2E_FIREFOX_POLICY_FILE) return process.env.E2E_FIREFOX_POLICY_FILE;
  let bin = FIREFOX_BIN;
  try {
    bin = realpathSync(FIREFOX_BIN);
  } catch {
    /* not installed: the caller finds out at launch */
  }
  return path.join(path.dirname(bin), 'distribution', 'policies.json');
}

/** A Chromium policy file name of this process, so that two runs never share a file. */
export function chromiumPolicyFile(tag = 'animateur-e2e') {
  return path.join(CHROMIUM_POLICY_DIR, `${tag}-${process.pid}.json`);
}

const policyFiles = new Set();
const createdDirs = [];
let policyHookInstalled = false;

function removeRegisteredPolicies() {
  for (const file of policyFiles) {
    try {
      rmSync(file, { force: true });
    } catch {
      /* reported by the caller's own check */
    }
  }
  policyFiles.clear();
  for (const dir of createdDirs.splice(0).reverse()) {
    try {
      rmdirSync(dir); // only if empty: another run may be using it
    } catch {
      /* not empty or gone */
    }
  }
}

function installPolicyHook() {
  if (policyHookInstalled) return;
  policyHookInstalled = true;
  process.on('exit', removeRegisteredPolicies);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      removeRegisteredPolicies();
      process.exit(128 + (osConstants.signals[signal] ?? 1));
    });
  }
}

/**
 * Writes a policy file atomically (a watcher never sees half of it) and registers it
 * for removal at exit. Creates missing parent directories (removed again when empty).
 */
export function writePolicyFile(file, value) {
  installPolicyHook();
  const missing = [];
  for (let dir = path.dirname(file); !existsSync(dir); dir = path.dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    mkdirSync(dir);
    createdDirs.push(dir);
  }
  policyFiles.add(file);
  // The temporary name is outside the watched directory (Chromium reads every file in it).
  const tmp = path.join(path.dirname(path.dirname(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  renameSync(tmp, file);
}

/** Removes a policy file written by `writePolicyFile` (and the directories it created, if empty). */
export function removePolicyFile(file) {
  rmSync(file, { force: true });
  policyFiles.delete(file);
  if (policyFiles.size === 0) removeRegisteredPolicies();
}

/** True if a process with this id is running. */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Removes Chromium policy files left by earlier runs of this suite whose process is gone. */
export function sweepStaleChromiumPolicies(tag = 'animateur-e2e') {
  const removed = [];
  if (!existsSync(CHROMIUM_POLICY_DIR)) return removed;
  const re = new RegExp(`^${tag}-(\\d+)\\.json$`);
  for (const name of readdirSync(CHROMIUM_POLICY_DIR)) {
    const m = re.exec(name);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) {
      rmSync(path.join(CHROMIUM_POLICY_DIR, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Launches Chromium WITHOUT loading the extension, for extensions installed by policy
 * (ExtensionInstallForcelist / ExtensionSettings): Playwright's default
 * --disable-extensions and --disable-background-networking are dropped (the first
 * forbids any extension, the second the update check that fetches the CRX). The policy
 * must also set "DeveloperToolsAvailability": 1, else the automation cannot see
 * policy-installed extensions. Waits for the service worker of `extensionId`.
 */
export async function launchChromiumPolicyInstalled({ extensionId, headless = true, extraArgs = [], serviceWorkerTimeout = 60_000, timezoneId } = {}) {
  const { chromium } = await import('playwright-core');
  const profileDir = await mkdtemp(path.join(tmpdir(), 'animateur-chromium-'));
  let context;
  try {
    const t0 = Date.now();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_BIN,
      headless,
      viewport: headless ? { width: 1280, height: 900 } : null,
      ...(timezoneId ? { timezoneId } : {}),
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
      args: ['--no-sandbox', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic', ...extraArgs],
    });
    const launchedMs = Date.now() - t0;
    const isOurs = (w) => w.url().startsWith(`chrome-extension://${extensionId}/`);
    const worker = context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: serviceWorkerTimeout }));
    const installedMs = Date.now() - t0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } catch {
        /* already gone */
      }
      await removeDir(profileDir);
    };
    return { context, extensionId, profileDir, serviceWorker: worker, launchedMs, installedMs, close };
  } catch (err) {
    try {
      await context?.close();
    } catch {
      /* ignore */
    }
    await removeDir(profileDir);
    throw err;
  }
}

/**
 * Launches Firefox ESR without installing the extension (it comes from policy, or not
 * at all). `xpinstall.signatures.required` is false (FIREFOX_OFFLINE_PREFS), which ESR
 * honours: that is what lets an unsigned XPI be force-installed.
 */
export function launchFirefoxBare({ headless = true, extraPrefs = {} } = {}) {
  return launchFirefox({ extensionDir: null, headless, extraPrefs });
}
