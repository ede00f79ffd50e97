// Accessibility of everything Animateur draws (issue 6), checked by axe-core in
// Chromium: the options page, the popup, the overlay panel (figures, community-manager
// review), the tip card and the hint card while writing; plus a keyboard-only walk
// through the options page. Only Animateur's own elements are checked on the demo
// pages (the host page's markup is not ours to fix).

import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  DIST_CHROMIUM,
  assertBuilt,
  launchBrowser,
  startDemoServer,
  waitForReady,
  poll,
} from './browsers.mjs';

const RUN = (process.env.E2E_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim()).includes('chromium');
const TEST_TIMEOUT_MS = 90_000;
// WCAG 2.1 A and AA, and axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const MONDAY_11_PARIS = Date.UTC(2026, 10, 23, 10, 0, 0);

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe in the page (optionally only inside `include`) and returns its violations. */
async function violations(page, include) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async ([tags, selector]) => {
    const context = selector ? { include: [[selector]] } : document;
    const result = await globalThis.axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`),
    }));
  }, [TAGS, include ?? null]);
}

const describeViolations = (list) => list.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');

describe('accessibility (axe-core, Chromium)', { skip: !RUN && 'Chromium not selected' }, () => {
  let b;
  let server;
  let origin;
  const worker = () => b.raw.serviceWorker;

  before(async () => {
    await assertBuilt(DIST_CHROMIUM);
    server = await startDemoServer();
    origin = new URL(server.url).origin.replace('localhost', '127.0.0.1');
    b = await launchBrowser('chromium', { headless: !process.env.E2E_HEADED, timezoneId: 'Europe/Paris' });
  }, { timeout: 120_000 });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await worker().evaluate(async (now) => {
      await chrome.storage.sync.clear();
      await chrome.storage.local.remove('nudgeHistory');
      await chrome.storage.local.set({ testNow: now });
    }, MONDAY_11_PARIS);
  });

  async function check(url, { include, prepare } = {}) {
    const page = await b.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      if (prepare) await prepare(page);
      const found = await violations(page, include);
      assert.deepEqual(found, [], `axe violations on ${url}${include ? ` in ${include}` : ''}:\n${describeViolations(found)}`);
    } finally {
      await page.close();
    }
  }

  test('options page', { timeout: TEST_TIMEOUT_MS }, async () => {
    await check(`${b.extensionBase}options.html`, {
      prepare: (page) => page.waitForSelector('#moderation-switches input'),
    });
  });

  test('options page with a problem banner, an inline error and the confirmations open', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ slaHours: 'soon' }));
    await check(`${b.extensionBase}options.html`, {
      prepare: async (page) => {
        await page.waitForSelector('#problems li');
        await page.fill('#sites', 'not a pattern');
        await page.locator('#sites').dispatchEvent('change');
        await page.waitForSelector('#sites-error:not(:empty)');
        await page.click('#settings-reset');
        await page.click('#forget');
      },
    });
  });

  test('popup', { timeout: TEST_TIMEOUT_MS }, async () => {
    await check(`${b.extensionBase}popup.html`, { prepare: (page) => page.waitForTimeout(500) });
  });

  test('overlay panel, open, with the figures and the waiting list', { timeout: TEST_TIMEOUT_MS }, async () => {
    await check(`${origin}/discussion-thread.html`, {
      include: '#animateur-overlay',
      prepare: async (page) => {
        await waitForReady(page, { timeout: 20_000 });
        await page.evaluate(() => document.getElementById('animateur-overlay').shadowRoot
          .querySelector('[data-animateur="panel-toggle"]').click());
      },
    });
  });

  test('overlay panel in community-manager mode (review list and hints)', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ communityManager: true }));
    await check(`${origin}/discussion-list.html`, {
      include: '#animateur-overlay',
      prepare: async (page) => {
        await waitForReady(page, { timeout: 20_000 });
        await page.evaluate(() => document.getElementById('animateur-overlay').shadowRoot
          .querySelector('[data-animateur="panel-toggle"]').click());
      },
    });
  });

  test('tip card', { timeout: TEST_TIMEOUT_MS }, async () => {
    await check(`${origin}/discussion-list.html`, {
      include: '#animateur-nudge',
      prepare: async (page) => {
        await waitForReady(page, { timeout: 20_000 });
        await page.waitForSelector('#animateur-nudge', { state: 'attached' });
      },
    });
  });

  test('hint card and highlights while writing', { timeout: TEST_TIMEOUT_MS }, async () => {
    await check(`${origin}/discussion-thread.html`, {
      include: '#animateur-composer',
      prepare: async (page) => {
        await waitForReady(page, { timeout: 20_000 });
        const box = page.locator('textarea.ms-comm-postReplyTextBox').first();
        await box.fill('Espèce de crétin, écris-moi à jean.dupont@example.com');
        await page.waitForSelector('#animateur-composer', { state: 'attached' });
        await poll(() => page.evaluate(() => document.getElementById('animateur-composer').shadowRoot
          .querySelectorAll('[data-animateur=highlight]').length), (n) => n >= 2);
      },
    });
  });

  test('keyboard only: every control of the options page is reached with Tab, in order, and Space switches a setting', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await b.newPage();
    try {
      await page.goto(`${b.extensionBase}options.html`, { waitUntil: 'load' });
      await page.waitForSelector('#moderation-switches input');
      const expected = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button, a[href]')]
        .filter((el) => !el.disabled && el.offsetParent !== null && el.tabIndex >= 0)
        .map((el) => el.id));
      const reached = [];
      for (let i = 0; i < expected.length + 5; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => document.activeElement?.id ?? '');
        if (id && !reached.includes(id)) reached.push(id);
        if (id === expected[expected.length - 1]) break;
      }
      assert.deepEqual(reached, expected);

      // Focus is visible: the focused control has an outline or a box shadow.
      await page.focus('#tips');
      const ring = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
      });
      assert.equal(ring, true, 'focused control shows a focus ring');
      await page.keyboard.press('Space');
      const saved = await poll(() => worker().evaluate(() => chrome.storage.sync.get('tips')), (s) => 'tips' in s);
      assert.deepEqual(saved, { tips: false });
    } finally {
      await page.close();
    }
  });
});
