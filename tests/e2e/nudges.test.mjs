// End-to-end tests of the participation nudges on the built extension (issue 5), with
// a fixed clock: the loader takes "now" from storage.local `testNow`, which only the
// extension can write. Firefox's extension storage is out of the driver's reach, so
// these run in Chromium; the Firefox runs of overlay.test.mjs load the same code.
//
// The demo discussion board (www/discussion-list.html) has one question waiting for
// its first answer (thread 33): on Monday 2026-11-23 at 11:00 in Paris that is tip
// R01, "be the first to answer".
//
// The composer tips R06 (ask well) and R19 (reply instead of duplicating) speak while a
// new thread is written: on the standalone new-item form (www/discussion-newform.html,
// a page Animateur does not otherwise read) and on a board with its "Nouvelle
// discussion" form above the list (www/discussion-board.html, where thread 47 is "VPN
// qui se coupe en télétravail" and every thread is answered, so nothing shows on
// arrival).

import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST_CHROMIUM,
  assertBuilt,
  launchBrowser,
  startDemoServer,
  waitForReady,
  poll,
  sleep,
} from './browsers.mjs';

const RUN = (process.env.E2E_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim()).includes('chromium');
const TEST_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 20_000;
/** How long the card has to appear after the page is ready: only stops the wait. */
const CARD_WAIT = { tries: 100, interval: 100 };
/** How long we watch before saying "no card": a reading takes well under this. */
const ABSENCE_WAIT_MS = 1500;
const MONDAY_11_PARIS = Date.UTC(2026, 10, 23, 10, 0, 0);
const MONDAY_21_PARIS = Date.UTC(2026, 10, 23, 20, 0, 0);
const HOUR_MS = 3_600_000;
const BOARD = '/discussion-list.html';
const NEW_FORM = '/discussion-newform.html';
const FORM_BOARD = '/discussion-board.html';
const TITLE_FIELD = 'input[id^="Title_"][id$="$TextField"]';
const BODY_FIELD = 'div[id^="Body_"][contenteditable="true"]';
const QUESTION_BOX = 'input[id^="IsQuestion_"]';
/** Longer than the pause after which a draft is judged (1 s), and a reading. */
const WRITING_ABSENCE_MS = 2500;

describe('participation nudges (Chromium, fixed clock)', { skip: !RUN && 'Chromium not selected' }, () => {
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
      await chrome.storage.local.remove('nudgeHistory');
      await chrome.storage.sync.clear();
      await chrome.storage.local.set({ testNow: now });
    }, MONDAY_11_PARIS);
  });

  const setClock = (ms) => worker().evaluate((t) => chrome.storage.local.set({ testNow: t }), ms);
  const storedHistory = async () => {
    const got = await worker().evaluate(() => chrome.storage.local.get('nudgeHistory'));
    return got.nudgeHistory ? JSON.parse(got.nudgeHistory) : null;
  };
  const outcomes = (h) => (h?.log ?? []).map((e) => `${e.rule}:${e.object}:${e.outcome.kind}`);

  async function openBoard() {
    const page = await b.newPage();
    await page.goto(origin + BOARD, { waitUntil: 'load', timeout: 60_000 });
    await waitForReady(page, { timeout: READY_TIMEOUT_MS });
    return page;
  }

  const readCard = (page) => page.evaluate(() => {
    const hosts = document.querySelectorAll('#animateur-nudge');
    const host = hosts[0];
    if (!host) return { count: 0 };
    const root = host.shadowRoot;
    const card = root.querySelector('[data-animateur="nudge"]');
    const message = root.querySelector('[data-animateur="nudge-message"]');
    return {
      count: hosts.length,
      rule: host.getAttribute('data-rule'),
      object: host.getAttribute('data-object'),
      role: card.getAttribute('role'),
      label: card.getAttribute('aria-label'),
      live: message.getAttribute('aria-live'),
      message: message.textContent,
      buttons: [...root.querySelectorAll('button')].map((x) => x.getAttribute('data-action')),
      why: root.querySelector('[data-animateur="nudge-why"]').textContent,
    };
  });

  async function waitForCard(page) {
    return poll(() => readCard(page), (c) => c.count > 0, CARD_WAIT);
  }

  async function noCardAfterAWhile(page) {
    await sleep(ABSENCE_WAIT_MS);
    return (await readCard(page)).count === 0;
  }

  const click = (page, action) => page.evaluate((a) => document.getElementById('animateur-nudge')
    .shadowRoot.querySelector(`[data-action="${a}"]`).click(), action);

  test('the expected tip appears next to its thread, worded, keyboard reachable, announced politely', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openBoard();
    try {
      const card = await waitForCard(page);
      assert.equal(card.count, 1);
      assert.equal(card.rule, 'R01');
      assert.equal(card.object, '33');
      assert.equal(card.role, 'region');
      assert.equal(card.live, 'polite');
      assert.match(card.message, /première réponse|first answer/i);
      assert.match(card.why, /R01/);
      assert.deepEqual(card.buttons, ['act', 'later', 'dismiss', 'why', 'snooze-day', 'snooze-week', 'pause']);
      // Anchored to the thread, beside it or just below it, never over its text.
      const near = await page.evaluate(() => {
        const card = document.getElementById('animateur-nudge').shadowRoot.firstElementChild
          .getBoundingClientRect();
        const row = document.getElementById('forum0-Post33-Root')?.getBoundingClientRect();
        if (!row) return null;
        const beside = card.left >= row.right && Math.abs(card.top - row.top) < 1;
        const below = card.top >= row.bottom && card.top - row.bottom < 8;
        return beside || below;
      });
      assert.equal(near, true);
      assert.deepEqual(outcomes(await storedHistory()), ['R01:33:shown']);
    } finally {
      await page.close();
    }
  });

  test('Escape dismisses; the dismissal persists across a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    let page = await openBoard();
    try {
      await waitForCard(page);
      await page.evaluate(() => document.getElementById('animateur-nudge').shadowRoot
        .querySelector('[data-action="later"]').focus());
      await page.keyboard.press('Escape');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      assert.deepEqual(outcomes(await storedHistory()), ['R01:33:shown', 'R01:33:dismissed']);
      await page.reload({ waitUntil: 'load' });
      await waitForReady(page, { timeout: READY_TIMEOUT_MS });
      assert.ok(await noCardAfterAWhile(page), 'a dismissed tip came back');
    } finally {
      await page.close();
    }
  });

  test('a second tip never appears in the same view, even when the page changes', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ tipsPerDay: 20, tipsGapMinutes: 0 }));
    const page = await openBoard();
    try {
      await waitForCard(page);
      // Snoozed, not dismissed: a dismissal would mute R01 on the page by itself.
      await click(page, 'later');
      await click(page, 'snooze-week');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      // A new question arrives (a second candidate for R01): the page is read again, and
      // the view's one tip is spent.
      const before = await page.evaluate(() => document.getElementById('animateur-overlay')
        .shadowRoot.querySelector('[data-animateur="snapshot"]').getAttribute('data-json'));
      await page.evaluate(() => {
        const row = document.getElementById('forum0-Post33-Root');
        const copy = row.cloneNode(true);
        copy.id = 'forum0-Post99-Root';
        row.after(copy);
      });
      await poll(() => page.evaluate(() => document.getElementById('animateur-overlay')
        .shadowRoot.querySelector('[data-animateur="snapshot"]').getAttribute('data-json')), (j) => j !== before, CARD_WAIT);
      assert.ok(await noCardAfterAWhile(page), 'a second tip showed in the same view');
      assert.equal(outcomes(await storedHistory()).filter((o) => o.endsWith(':shown')).length, 1);
    } finally {
      await page.close();
    }
  });

  test('snooze for a day: gone until the next day, then back once', { timeout: TEST_TIMEOUT_MS }, async () => {
    let page = await openBoard();
    try {
      await waitForCard(page);
      await click(page, 'later');
      await click(page, 'snooze-day');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      const h = await storedHistory();
      const snoozed = h.log.find((e) => e.outcome.kind === 'snoozed');
      assert.equal(snoozed.outcome.until, MONDAY_11_PARIS / 1000 + 86_400);
      await page.close();
      await setClock(MONDAY_11_PARIS + 2 * HOUR_MS);
      page = await openBoard();
      assert.ok(await noCardAfterAWhile(page), 'a snoozed tip came back early');
      await page.close();
      await setClock(MONDAY_11_PARIS + 25 * HOUR_MS);
      page = await openBoard();
      const back = await waitForCard(page);
      assert.equal(back.rule, 'R01');
    } finally {
      await page.close();
    }
  });

  test('switching tips off in the settings takes a shown card away at once', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openBoard();
    try {
      await waitForCard(page);
      await worker().evaluate(() => chrome.storage.sync.set({ tips: false }));
      const gone = await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      assert.equal(gone.count, 0);
    } finally {
      await page.close();
    }
  });

  test('a first contribution on the site: the charter tip by the reply box, once, opening the charter', { timeout: TEST_TIMEOUT_MS }, async () => {
    const charter = `${origin}/index.html#charte`;
    await worker().evaluate((url) => chrome.storage.sync.set({ charterUrl: url }), charter);
    const thread = async () => {
      const page = await b.newPage();
      await page.goto(origin + '/discussion-thread.html', { waitUntil: 'load' });
      await waitForReady(page, { timeout: READY_TIMEOUT_MS });
      await page.focus('#forum0-Post41-ReplyTextBox');
      return page;
    };
    let page = await thread();
    try {
      const card = await waitForCard(page);
      assert.equal(card.rule, 'R07');
      assert.match(card.why, /R07/);
      // By the field being written in, and the field keeps the focus.
      const placed = await page.evaluate(() => {
        const box = document.getElementById('forum0-Post41-ReplyTextBox').getBoundingClientRect();
        const c = document.getElementById('animateur-nudge').shadowRoot.firstElementChild.getBoundingClientRect();
        return { near: c.left >= box.right || c.top >= box.bottom, focused: document.activeElement?.id };
      });
      assert.deepEqual(placed, { near: true, focused: 'forum0-Post41-ReplyTextBox' });
      const opened = b.raw.context.waitForEvent('page', { timeout: 10_000 });
      await click(page, 'act');
      const tab = await opened;
      await tab.waitForLoadState('domcontentloaded');
      assert.equal(tab.url(), charter);
      await tab.close();
      assert.deepEqual(outcomes(await storedHistory()).filter((o) => o.startsWith('R07')),
        [`R07:${origin}:shown`, `R07:${origin}:acted`]);
      await page.close();
      page = await thread();
      assert.ok(await noCardAfterAWhile(page), 'the charter tip came back on the same site');
    } finally {
      await page.close();
    }
  });

  test('outside working hours nothing shows', { timeout: TEST_TIMEOUT_MS }, async () => {
    await setClock(MONDAY_21_PARIS);
    const page = await openBoard();
    try {
      assert.ok(await noCardAfterAWhile(page), 'a tip showed at 21:00');
      assert.deepEqual(outcomes(await storedHistory()), []);
    } finally {
      await page.close();
    }
  });

  test('acting moves the focus to the thread and logs "acted"', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openBoard();
    try {
      await waitForCard(page);
      await click(page, 'act');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      // The thread's own link: its page has the reply box.
      const focused = await poll(
        () => page.evaluate(() => {
          const el = document.activeElement;
          return el?.closest('#forum0-Post33-Root') ? el.localName + ' ' + el.getAttribute('href') : '';
        }),
        (f) => f !== '',
        CARD_WAIT,
      );
      assert.equal(focused, 'a /discussion-thread.html');
      assert.deepEqual(outcomes(await storedHistory()), ['R01:33:shown', 'R01:33:acted']);
    } finally {
      await page.close();
    }
  });

  test('"Forget everything" in the options page empties the store and keeps the settings', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ slaHours: 48 }));
    const page = await openBoard();
    await waitForCard(page);
    await page.close();
    assert.ok(await storedHistory());
    const options = await b.newPage();
    try {
      await options.goto(`${b.extensionBase}options.html`, { waitUntil: 'load' });
      await poll(() => options.evaluate(() => document.querySelectorAll('#counters tbody tr').length), (n) => n === 1, CARD_WAIT);
      const row = await options.evaluate(() => document.querySelector('#counters tbody tr').textContent);
      assert.match(row, /^R011000$/);
      await options.click('#forget');
      await options.click('#forget-yes');
      await poll(storedHistory, (h) => h === null, CARD_WAIT);
      assert.equal(await storedHistory(), null);
      const sync = await worker().evaluate(() => chrome.storage.sync.get('slaHours'));
      assert.equal(sync.slaHours, 48);
    } finally {
      await options.close();
    }
  });

  test('a damaged history is repaired with a warning, never a crash or a burst of tips', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.local.set({ nudgeHistory: '{"version": 99, "log": "x"' }));
    const page = await b.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    try {
      await page.goto(origin + BOARD, { waitUntil: 'load' });
      await waitForReady(page, { timeout: READY_TIMEOUT_MS });
      const card = await waitForCard(page);
      assert.equal(card.count, 1);
      assert.ok(warnings.some((w) => /nudge history/.test(w)), `no warning: ${warnings.join(' | ')}`);
      const h = await storedHistory();
      assert.equal(h.version, 2);
    } finally {
      await page.close();
    }
  });

  test('storage quota exceeded: a clear warning, the history reset, the settings kept, the page unharmed', { timeout: TEST_TIMEOUT_MS }, async () => {
    // storage.local holds 10 MiB without the unlimitedStorage permission (not asked for):
    // fill it so that the next write of the history fails.
    await worker().evaluate(async () => {
      await chrome.storage.sync.set({ slaHours: 36 });
      await chrome.storage.local.set({ nudgeHistory: '{"version":2,"visits":{},"log":[]}' });
      const room = chrome.storage.local.QUOTA_BYTES - (await chrome.storage.local.getBytesInUse(null));
      await chrome.storage.local.set({ filler: 'x'.repeat(room - 64) });
    });
    const page = await b.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    try {
      await page.goto(origin + BOARD, { waitUntil: 'load' });
      await waitForReady(page, { timeout: READY_TIMEOUT_MS });
      await waitForCard(page);
      await poll(() => warnings, (w) => w.some((x) => /could not be saved/.test(x)), CARD_WAIT);
      assert.ok(warnings.some((w) => /nudge history could not be saved, reset/.test(w)), warnings.join(' | '));
      assert.equal(await storedHistory(), null);
      const sync = await worker().evaluate(() => chrome.storage.sync.get('slaHours'));
      assert.equal(sync.slaHours, 36);
      // Still one card, and the page keeps working: dismissing it is a clean no-op on storage.
      assert.equal((await readCard(page)).count, 1);
      await click(page, 'dismiss');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
    } finally {
      await worker().evaluate(() => chrome.storage.local.remove('filler'));
      await page.close();
    }
  });

  test('community-manager mode: hints in the panel, their count on the badge, no names', { timeout: TEST_TIMEOUT_MS }, async () => {
    await worker().evaluate(() => chrome.storage.sync.set({ communityManager: true }));
    const page = await openBoard();
    try {
      const hints = await poll(() => page.evaluate(() => {
        const root = document.getElementById('animateur-overlay').shadowRoot;
        const section = root.querySelector('[data-animateur="hints"]');
        return {
          badge: root.querySelector('[data-animateur="badge"]').textContent,
          entries: section ? [...section.querySelectorAll('li')].map((li) => li.textContent) : [],
          jumps: section ? section.querySelectorAll('button[data-jump]').length : 0,
        };
      }), (h) => h.entries.length > 0, CARD_WAIT);
      assert.match(hints.badge, new RegExp(`${hints.entries.length} (piste|hint)`));
      assert.ok(hints.jumps >= 1);
      // Content level: the demo board's people never appear in the hints.
      const names = await page.evaluate(() => [...document.querySelectorAll('a[href*="userdisp"], .ms-peopleux-userDisplayName, [class*="author" i]')]
        .map((a) => a.textContent.trim()).filter((t) => t.length > 2));
      for (const entry of hints.entries) {
        for (const name of names) assert.ok(!entry.includes(name), `hint names ${name}: ${entry}`);
      }
    } finally {
      await page.close();
    }
  });
  /** Everything the extension keeps, as one string: to check that no draft is in it. */
  const everythingStored = () => worker().evaluate(async () => JSON.stringify([
    await chrome.storage.local.get(null),
    await chrome.storage.sync.get(null),
    await chrome.storage.session.get(null),
  ]));

  /** The page's new-thread form, once the extension has had time to start on it. */
  async function openForm(path) {
    const page = await b.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.goto(origin + path, { waitUntil: 'load', timeout: 60_000 });
    if (path === FORM_BOARD) {
      await waitForReady(page, { timeout: READY_TIMEOUT_MS });
    } else {
      // No overlay on a page Animateur does not read: give the loader time to start.
      await sleep(ABSENCE_WAIT_MS);
    }
    return { page, logs };
  }

  const near = (page, selector) => page.evaluate((sel) => {
    const field = document.querySelector(sel).getBoundingClientRect();
    const card = document.getElementById('animateur-nudge').shadowRoot.firstElementChild.getBoundingClientRect();
    return card.left >= field.right - 1 || card.top >= field.bottom - 1;
  }, selector);

  test('R06: a short question on the new-item form, by its body; "Add details" goes back to it; no draft kept', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, logs } = await openForm(NEW_FORM);
    try {
      await page.click(TITLE_FIELD);
      await page.keyboard.type('Imprimante ?');
      await page.click(QUESTION_BOX);
      await page.click(BODY_FIELD);
      await page.keyboard.type('Elle ne marche plus');
      const card = await waitForCard(page);
      assert.equal(card.rule, 'R06');
      assert.equal(card.object, origin + NEW_FORM);
      assert.match(card.message, /contexte|context/i);
      assert.match(card.why, /R06/);
      assert.equal(await near(page, BODY_FIELD), true);
      // Never blocking: the employee keeps typing in the body.
      await page.keyboard.type(' depuis ce matin');
      assert.match(await page.evaluate(() => document.activeElement.id), /^Body_/);
      assert.match(await page.evaluate((s) => document.querySelector(s).textContent, BODY_FIELD), /depuis ce matin/);
      // The snooze choices stay folded until "Later".
      const snoozeShown = () => page.evaluate(() => document.getElementById('animateur-nudge').shadowRoot
        .querySelector('[data-action="snooze-day"]').getClientRects().length > 0);
      assert.equal(await snoozeShown(), false);
      await click(page, 'later');
      assert.equal(await snoozeShown(), true);
      // The main button only moves the focus, back to the body.
      await page.focus(TITLE_FIELD);
      await click(page, 'act');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      const focused = await poll(() => page.evaluate(() => document.activeElement?.id ?? ''), (id) => id.startsWith('Body_'), CARD_WAIT);
      assert.match(focused, /^Body_/);
      assert.deepEqual(outcomes(await storedHistory()), [`R06:${origin}${NEW_FORM}:shown`, `R06:${origin}${NEW_FORM}:acted`]);
      // The draft is read in memory only: not in any storage, not in the console.
      const stored = await everythingStored();
      for (const words of ['Imprimante', 'marche plus', 'ce matin']) {
        assert.ok(!stored.includes(words), `"${words}" stored: ${stored}`);
        assert.ok(!logs.some((l) => l.includes(words)), `"${words}" logged`);
      }
    } finally {
      await page.close();
    }
  });

  test('R06 says nothing about a precise question, nor when switched off', { timeout: TEST_TIMEOUT_MS }, async () => {
    let { page } = await openForm(NEW_FORM);
    try {
      await page.click(TITLE_FIELD);
      await page.keyboard.type('L’imprimante du 2e étage n’imprime plus en recto verso ?');
      await page.click(BODY_FIELD);
      await page.keyboard.type('Depuis la mise à jour des pilotes lundi, l’option recto verso est cochée dans Word mais chaque page sort sur une feuille.');
      await page.click(QUESTION_BOX);
      await sleep(WRITING_ABSENCE_MS);
      assert.equal((await readCard(page)).count, 0, 'a tip showed for a precise question');
      await page.close();
      await worker().evaluate(() => chrome.storage.sync.set({ nudgeR06: false }));
      ({ page } = await openForm(NEW_FORM));
      await page.click(TITLE_FIELD);
      await page.keyboard.type('Imprimante ?');
      await page.click(BODY_FIELD);
      await page.keyboard.type('Aide');
      await sleep(WRITING_ABSENCE_MS);
      assert.equal((await readCard(page)).count, 0, 'R06 showed while switched off');
      assert.deepEqual(outcomes(await storedHistory()), []);
    } finally {
      await page.close();
    }
  });

  test('R19: a title close to a thread on the board, by the title; "Show me" jumps to that thread', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, logs } = await openForm(FORM_BOARD);
    try {
      assert.ok(await noCardAfterAWhile(page), 'a tip showed on arrival');
      await page.click(TITLE_FIELD);
      // Unlike any thread: nothing.
      await page.keyboard.type('Pot de départ de Claire');
      await sleep(WRITING_ABSENCE_MS);
      assert.equal((await readCard(page)).count, 0, 'R19 showed for an unrelated title');
      await page.fill(TITLE_FIELD, '');
      await page.keyboard.type('Le VPN se coupe souvent en télétravail');
      const card = await waitForCard(page);
      assert.equal(card.rule, 'R19');
      assert.equal(card.object, '47');
      assert.match(card.message, /discussion/i);
      assert.match(card.why, /R19/);
      assert.equal(await near(page, TITLE_FIELD), true);
      assert.equal(await page.evaluate(() => document.activeElement.id.startsWith('Title_')), true);
      await click(page, 'act');
      await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      const focused = await poll(
        () => page.evaluate(() => {
          const el = document.activeElement;
          return el?.closest('#forum0-Post47-Root') ? el.localName + ' ' + el.textContent : '';
        }),
        (f) => f !== '',
        CARD_WAIT,
      );
      assert.equal(focused, 'a VPN qui se coupe en télétravail');
      assert.deepEqual(outcomes(await storedHistory()), ['R19:47:shown', 'R19:47:acted']);
      // The draft stayed in its field, and nowhere else.
      assert.equal(await page.evaluate((s) => document.querySelector(s).value, TITLE_FIELD), 'Le VPN se coupe souvent en télétravail');
      const stored = await everythingStored();
      assert.ok(!stored.includes('souvent'), stored);
      assert.ok(!logs.some((l) => l.includes('souvent')));
    } finally {
      await page.close();
    }
  });

  test('R19: the card goes once the title moves away from the similar thread', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = await openForm(FORM_BOARD);
    try {
      await page.click(TITLE_FIELD);
      await page.keyboard.type('Le VPN se coupe souvent en télétravail');
      await waitForCard(page);
      await page.fill(TITLE_FIELD, 'Pot de départ de Claire');
      const gone = await poll(() => readCard(page), (c) => c.count === 0, CARD_WAIT);
      assert.equal(gone.count, 0);
      assert.deepEqual(outcomes(await storedHistory()), ['R19:47:shown']);
    } finally {
      await page.close();
    }
  });
});
