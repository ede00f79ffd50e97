// End-to-end tests of the hints while writing (issue 4, employees) on the built
// extension, in Chromium and Firefox ESR:
//
//   node --test --test-concurrency=1 tests/e2e/composer.test.mjs
//
// What is checked: highlights and a hint card appear in Animateur's own layer for the
// modern comment box and the classic reply textarea; the editor is never touched; the
// first post is held once by the prompt, "Post anyway" or a second click posts; a clean
// draft posts at once; password fields and opted-out fields get nothing; the draft never
// reaches extension storage nor the console; on strict-CSP pages the same, from the JS
// build in Chromium, with no CSP report. E2E_BROWSERS as in overlay.test.mjs.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST_CHROMIUM,
  DIST_FIREFOX,
  assertBuilt,
  launchBrowser,
  startDemoServer,
  waitForReady,
  scrollToComments,
  recordPage,
  sleep,
} from './browsers.mjs';

const BROWSERS = (process.env.E2E_BROWSERS || 'chromium,firefox')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const HEADLESS = !process.env.E2E_HEADED;
const TEST_TIMEOUT_MS = 120_000;
// Longer than the typing pause (400 ms) with a wide margin: only for "nothing appears".
const QUIET_MS = 1500;

// ASCII only, so that both browsers' keyboard emulation types it the same way.
const DRAFT = 'espece de connard, je vais te casser la figure. Appelle-moi au 06 12 34 56 78.';
const CLEAN = 'Merci pour ces precisions, tres utile pour mon equipe.';
const MODERN_BOX = '#CommentsWrapper .comment-composer [contenteditable][role="textbox"]';
const MODERN_POST = '#CommentsWrapper .comment-composer button[data-automation-id="sp-comment-post"]';
const CLASSIC_BOX = '#forum0-Post41-ReplyTextBox';
const CLASSIC_POST = '#forum0-Post41-ReplySubmit';

/** What the composer layer shows, read through its open shadow root. */
function readLayer(page) {
  return page.evaluate(() => {
    const host = document.getElementById('animateur-composer');
    if (!host) return { present: false, highlights: [], card: null, prompt: null };
    const root = host.shadowRoot;
    const shown = (el) => !!el && !el.hidden && el.getBoundingClientRect().width > 0;
    const card = root.querySelector('[data-animateur="hint-card"]');
    const prompt = root.querySelector('[data-animateur="submit-prompt"]');
    return {
      present: true,
      highlights: [...root.querySelectorAll('[data-animateur="highlight"]')].map((m) => ({
        category: m.dataset.category,
        rect: m.getBoundingClientRect().toJSON(),
      })),
      card: shown(card)
        ? {
            text: card.textContent,
            live: card.getAttribute('aria-live'),
            categories: [...card.querySelectorAll('[data-animateur="hint"]')].map((h) => h.dataset.category),
          }
        : null,
      prompt: shown(prompt) ? { text: prompt.textContent, role: prompt.getAttribute('role') } : null,
    };
  });
}

async function waitForLayer(page, until, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await readLayer(page);
    if (until(last)) return last;
    if (Date.now() > deadline) return { ...last, timedOut: true };
    await sleep(100);
  }
}

/** Clicks a button of the layer (open shadow root; same call in both drivers). */
function clickLayerButton(page, which) {
  return page.evaluate((which) => {
    const root = document.getElementById('animateur-composer').shadowRoot;
    root.querySelector(`[data-animateur="${which}"]`).click();
  }, which);
}

/** Starts counting every change inside the editor (and to its attributes). */
function watchEditor(page, selector) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    window.__editorChanges = [];
    window.__editorWatch = new MutationObserver((records) => {
      for (const r of records) window.__editorChanges.push(`${r.type}:${r.attributeName ?? ''}`);
    });
    window.__editorWatch.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
  }, selector);
}

function editorState(page, selector) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    window.__editorWatch?.takeRecords().forEach((r) => window.__editorChanges.push(`${r.type}:${r.attributeName ?? ''}`));
    return {
      value: el.value ?? null,
      text: el.textContent.replace(/\u00a0/g, ' '),
      html: el.innerHTML,
      elementChildren: [...el.querySelectorAll('*')].map((c) => c.localName),
      changes: window.__editorChanges ?? [],
    };
  }, selector);
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function rectOf(page, selector) {
  return page.evaluate((s) => document.querySelector(s).getBoundingClientRect().toJSON(), selector);
}

/** Polls `fn(arg)` in the page until it is true (the two drivers' waitForFunction differ). */
async function waitInPage(page, fn, arg, { timeout = 5000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${fn}`);
    await sleep(100);
  }
}

async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(text);
}

for (const browserName of BROWSERS) {
  describe(`${browserName}: hints while writing`, { concurrency: 1 }, () => {
    let b;
    let server;
    let origin;
    const consoleSeen = [];

    before(
      async () => {
        await assertBuilt(browserName === 'chromium' ? DIST_CHROMIUM : DIST_FIREFOX);
        server = await startDemoServer();
        origin = new URL(server.url).origin.replace('localhost', '127.0.0.1');
        b = await launchBrowser(browserName, { headless: HEADLESS });
      },
      { timeout: 120_000 },
    );

    after(async () => {
      await b?.close();
      await server?.close();
    });

    async function open(path, { scroll = false } = {}) {
      const page = await b.newPage();
      const rec = recordPage(page);
      await page.goto(origin + path, { waitUntil: 'load', timeout: 60_000 });
      if (scroll) await scrollToComments(page);
      // The extension has started once its overlay is ready.
      await waitForReady(page, { timeout: 20_000 });
      return { page, rec };
    }

    async function close({ page, rec }) {
      const seen = rec.take();
      consoleSeen.push(...seen.console);
      consoleSeen.push(...seen.pageErrors.map((e) => ({ type: 'error', text: e.message })));
      await page.close().catch(() => {});
    }

    test('modern comment box: highlights and hint card, editor untouched, prompt then "Post anyway" posts', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/modern-news.html', { scroll: true });
      const { page } = visit;
      try {
        await page.waitForSelector(MODERN_BOX, { timeout: 15_000 });
        const before = await page.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length);
        await typeInto(page, MODERN_BOX, DRAFT);
        await watchEditor(page, MODERN_BOX);
        const layer = await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card);
        assert.ok(!layer.timedOut, `no highlights/card: ${JSON.stringify(layer)}`);
        const categories = new Set(layer.highlights.map((h) => h.category));
        for (const c of ['insult', 'threat', 'personalData']) assert.ok(categories.has(c), `${c} not highlighted: ${[...categories]}`);
        const box = await rectOf(page, MODERN_BOX);
        for (const h of layer.highlights) assert.ok(overlaps(h.rect, box), `highlight outside the field: ${JSON.stringify(h)}`);
        assert.equal(layer.card.live, 'polite');
        assert.match(layer.card.text, /Insult|Menace|Threat|Insulte/);
        await sleep(QUIET_MS);
        const editor = await editorState(page, MODERN_BOX);
        assert.equal(editor.text, DRAFT, 'the editor holds exactly what was typed');
        assert.deepEqual(editor.elementChildren.filter((t) => t !== 'br'), [], `elements inserted in the editor: ${editor.html}`);
        assert.deepEqual(editor.changes, [], 'the editor changed after typing');

        // First click: held, the prompt shows, nothing is posted.
        await page.click(MODERN_POST);
        const prompted = await waitForLayer(page, (l) => l.prompt);
        assert.ok(prompted.prompt, 'no prompt after the first click');
        assert.equal(prompted.prompt.role, 'alertdialog');
        assert.match(prompted.prompt.text, /Publier quand même|Post anyway/);
        assert.match(prompted.prompt.text, /Modifier|Edit/);
        await sleep(300);
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length), before, 'posted despite the prompt');
        assert.equal((await editorState(page, MODERN_BOX)).text, DRAFT);

        // "Edit" gives the field back; the prompt closes; the same draft is not held again.
        await clickLayerButton(page, 'prompt-edit');
        const edited = await waitForLayer(page, (l) => !l.prompt);
        assert.equal(edited.prompt, null);
        assert.ok(await page.evaluate((s) => document.activeElement === document.querySelector(s), MODERN_BOX), 'focus is back in the field');

        // Held again only for new findings: the next click posts (acknowledged draft).
        // "Post anyway" is checked on the classic page; here the second click posts.
        await page.click(MODERN_POST);
        await waitInPage(page, (n) => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length === n + 1, before);
        const posted = await page.evaluate(() => [...document.querySelectorAll('.comment-text')].map((t) => t.textContent.trim()));
        assert.ok(posted.includes(DRAFT), 'the page\'s own post handler posted the draft');
        const cleared = await waitForLayer(page, (l) => l.highlights.length === 0 && !l.card && !l.prompt);
        assert.ok(!cleared.timedOut, `highlights left after posting: ${JSON.stringify(cleared)}`);
      } finally {
        await close(visit);
      }
    });

    // Chromium refuses content-script wasm under these pages' CSP: the page is read in the
    // engine frame and the hints while writing come from the JS build (pkg-js), loaded at
    // the first focus. Firefox runs the wasm in page as usual: the same checks hold.
    for (const path of ['/modern-news-csp-self.html', '/modern-news-csp-meta.html', '/modern-news-csp-tt.html']) {
      test(`strict CSP ${path}: the same hints and prompt, the editor untouched, no CSP report`, { timeout: TEST_TIMEOUT_MS }, async () => {
        await fetch(`${origin}/csp-reports`, { method: 'DELETE' });
        const visit = await open(path, { scroll: true });
        const { page } = visit;
        try {
          if (browserName === 'chromium') {
            const viaFrame = await page.evaluate(() => document.getElementById('animateur-overlay')
              ?.shadowRoot.querySelector('iframe') !== null);
            assert.equal(viaFrame, true, 'Chromium reads this page in the engine frame');
          }
          await page.waitForSelector(MODERN_BOX, { timeout: 15_000 });
          const before = await page.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length);
          await typeInto(page, MODERN_BOX, DRAFT);
          await watchEditor(page, MODERN_BOX);
          const layer = await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card, { timeout: 20_000 });
          assert.ok(!layer.timedOut, `no highlights/card: ${JSON.stringify(layer)}`);
          const categories = new Set(layer.highlights.map((h) => h.category));
          for (const c of ['insult', 'threat', 'personalData']) assert.ok(categories.has(c), `${c} not highlighted: ${[...categories]}`);
          const box = await rectOf(page, MODERN_BOX);
          for (const h of layer.highlights) assert.ok(overlaps(h.rect, box), `highlight outside the field: ${JSON.stringify(h)}`);
          await sleep(QUIET_MS);
          const editor = await editorState(page, MODERN_BOX);
          assert.equal(editor.text, DRAFT, 'the editor holds exactly what was typed');
          assert.deepEqual(editor.changes, [], 'the editor changed after typing');
          await page.click(MODERN_POST);
          assert.ok((await waitForLayer(page, (l) => l.prompt)).prompt, 'no prompt after the first click');
          assert.equal(await page.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length), before, 'posted despite the prompt');
          await clickLayerButton(page, 'prompt-post');
          await waitInPage(page, (n) => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length === n + 1, before);
          const reports = await (await fetch(`${origin}/csp-reports`)).json();
          assert.deepEqual(reports, [], `the site received CSP reports: ${JSON.stringify(reports)}`);
        } finally {
          await close(visit);
        }
      });
    }

    // A draft bigger than the analyzer's initial memory: in Chromium's JS build the memory
    // grows by copying into a new buffer, and the glue must write the draft into the new
    // one (tests/scripts/js-composer.mjs), or the analyzer reads zeros and finds nothing.
    test('strict CSP: a 400 KB pasted draft, which grows the analyzer\'s memory, still gets its hints', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/modern-news-csp-self.html', { scroll: true });
      const { page } = visit;
      try {
        await page.waitForSelector(MODERN_BOX, { timeout: 15_000 });
        await page.click(MODERN_BOX);
        const big = `${DRAFT} ${`${CLEAN} `.repeat(Math.ceil(400_000 / (CLEAN.length + 1)))}`;
        await page.evaluate((text) => document.execCommand('insertText', false, text), big);
        const layer = await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card, { timeout: 30_000 });
        assert.ok(!layer.timedOut, `no highlights/card: ${JSON.stringify({ ...layer, highlights: layer.highlights.length })}`);
        const categories = new Set(layer.highlights.map((h) => h.category));
        for (const c of ['insult', 'threat', 'personalData']) assert.ok(categories.has(c), `${c} not highlighted: ${[...categories]}`);
      } finally {
        await close(visit);
      }
    });

    test('classic reply textarea: highlights over the textarea, value untouched; "Post anyway" posts', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/discussion-thread.html');
      const { page } = visit;
      const replies = () => page.evaluate(() => document.querySelectorAll('li.ms-comm-postReplyListItem').length);
      try {
        const before = await replies();
        await typeInto(page, CLASSIC_BOX, DRAFT);
        await watchEditor(page, CLASSIC_BOX);
        const layer = await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card);
        assert.ok(!layer.timedOut, `no highlights/card: ${JSON.stringify(layer)}`);
        const box = await rectOf(page, CLASSIC_BOX);
        for (const h of layer.highlights) assert.ok(overlaps(h.rect, box), `highlight outside the textarea: ${JSON.stringify(h)}`);
        // The first highlight (the insult at offset 0) starts at the textarea's text start.
        const first = layer.highlights.find((h) => h.category === 'insult');
        assert.ok(first.rect.left - box.left < 20 && first.rect.top - box.top < 30, `insult highlight misplaced: ${JSON.stringify(first.rect)} in ${JSON.stringify(box)}`);
        await sleep(QUIET_MS);
        const editor = await editorState(page, CLASSIC_BOX);
        assert.equal(editor.value, DRAFT, 'the textarea holds exactly what was typed');
        assert.deepEqual(editor.changes, [], 'the textarea changed after typing');

        await page.click(CLASSIC_POST);
        const prompted = await waitForLayer(page, (l) => l.prompt);
        assert.ok(prompted.prompt, 'no prompt after the first click');
        await sleep(300);
        assert.equal(await replies(), before, 'posted despite the prompt');
        await clickLayerButton(page, 'prompt-post');
        await waitInPage(page, (n) => document.querySelectorAll('li.ms-comm-postReplyListItem').length === n + 1, before);
        const last = await page.evaluate(() => [...document.querySelectorAll('li.ms-comm-postReplyListItem .ms-comm-postReplyBody')].pop().textContent.trim());
        assert.equal(last, DRAFT);
        const cleared = await waitForLayer(page, (l) => l.highlights.length === 0 && !l.prompt);
        assert.ok(!cleared.timedOut, `highlights left after posting: ${JSON.stringify(cleared)}`);
      } finally {
        await close(visit);
      }
    });

    test('second click on the post button posts; a clean draft posts at the first click', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/discussion-thread.html');
      const { page } = visit;
      const replies = () => page.evaluate(() => document.querySelectorAll('li.ms-comm-postReplyListItem').length);
      try {
        const start = await replies();
        await typeInto(page, CLASSIC_BOX, 'Je vais te tuer.');
        await waitForLayer(page, (l) => l.highlights.length >= 1);
        await page.click(CLASSIC_POST);
        assert.ok((await waitForLayer(page, (l) => l.prompt)).prompt, 'no prompt');
        assert.equal(await replies(), start);
        await page.click(CLASSIC_POST);
        await waitInPage(page, (n) => document.querySelectorAll('li.ms-comm-postReplyListItem').length === n + 1, start);
        assert.equal((await waitForLayer(page, (l) => !l.prompt)).prompt, null);

        await typeInto(page, CLASSIC_BOX, CLEAN);
        await sleep(QUIET_MS);
        const clean = await readLayer(page);
        assert.equal(clean.highlights.length, 0);
        assert.equal(clean.card, null);
        await page.click(CLASSIC_POST);
        await waitInPage(page, (n) => document.querySelectorAll('li.ms-comm-postReplyListItem').length === n + 2, start);
        assert.equal((await readLayer(page)).prompt, null, 'a clean draft was held');
      } finally {
        await close(visit);
      }
    });

    test('blog comment box and a modern reply box: each post button is held for its own field', { timeout: TEST_TIMEOUT_MS }, async () => {
      const blog = await open('/blog-post.html');
      try {
        const { page } = blog;
        const comments = () => page.evaluate(() => document.querySelectorAll('li.ms-blog-postComment').length);
        const before = await comments();
        await typeInto(page, '#blogpost7-comments-CommentTextBox', DRAFT);
        assert.ok((await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card)).card, 'no hints on the blog box');
        await page.click('#blogpost7-comments-CommentSubmit');
        assert.ok((await waitForLayer(page, (l) => l.prompt)).prompt, 'blog post not held');
        assert.equal(await comments(), before);
        await clickLayerButton(page, 'prompt-post');
        await waitInPage(page, (n) => document.querySelectorAll('li.ms-blog-postComment').length === n + 1, before);
      } finally {
        await close(blog);
      }
      const news = await open('/modern-news.html', { scroll: true });
      try {
        const { page } = news;
        await page.waitForSelector(MODERN_BOX, { timeout: 15_000 });
        // Open the reply box under the first comment (the page's own "Reply" button).
        await page.evaluate(() => document.querySelector('button[data-automation-id="comment-reply-button"]').click());
        const replyBox = '.comment-replyComposer [contenteditable][role="textbox"]';
        const replyPost = '.comment-replyComposer button[data-automation-id="sp-comment-post"]';
        await page.waitForSelector(replyBox, { timeout: 5000 });
        await typeInto(page, replyBox, 'Je vais te tuer.');
        await waitForLayer(page, (l) => l.highlights.length >= 1);
        await page.click(replyPost);
        assert.ok((await waitForLayer(page, (l) => l.prompt)).prompt, 'reply post not held');
        // The page-level comment box has no findings: its post button is not held.
        await typeInto(page, MODERN_BOX, CLEAN);
        const blocks = () => page.evaluate(() => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length);
        const count = await blocks();
        await page.click(MODERN_POST);
        await waitInPage(page, (n) => document.querySelectorAll('[data-automation-id="sp-comment-block-root"]').length === n + 1, count);
      } finally {
        await close(news);
      }
    });

    test('keyboard: Alt+Shift+A reaches the card, Ctrl+Enter is held once, Escape returns to the field', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/discussion-thread.html');
      const { page } = visit;
      const focused = () => page.evaluate(() => {
        const root = document.getElementById('animateur-composer')?.shadowRoot;
        return root?.activeElement?.dataset.animateur ?? document.activeElement?.id ?? null;
      });
      const chord = async (modifiers, key) => {
        for (const m of modifiers) await page.keyboard.down(m);
        await page.keyboard.press(key);
        for (const m of [...modifiers].reverse()) await page.keyboard.up(m);
      };
      try {
        await typeInto(page, CLASSIC_BOX, DRAFT);
        await waitForLayer(page, (l) => l.highlights.length >= 3 && l.card);
        await chord(['Alt', 'Shift'], 'KeyA');
        assert.equal(await focused(), 'hint-card');
        await page.keyboard.press('Escape');
        assert.equal(await focused(), CLASSIC_BOX.slice(1));
        await chord(['Control'], 'Enter');
        const prompted = await waitForLayer(page, (l) => l.prompt);
        assert.ok(prompted.prompt, 'Ctrl+Enter was not held');
        assert.equal(await focused(), 'prompt-edit', 'the prompt takes the focus');
        await page.keyboard.press('Escape');
        assert.equal((await waitForLayer(page, (l) => !l.prompt)).prompt, null);
        assert.equal(await focused(), CLASSIC_BOX.slice(1));
        assert.equal(await page.evaluate((s) => document.querySelector(s).value, CLASSIC_BOX), DRAFT);
      } finally {
        await close(visit);
      }
    });

    test('password fields and opted-out fields get nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
      const visit = await open('/discussion-thread.html');
      const { page } = visit;
      try {
        // Fields a page could have; added by the test, the extension only reads them.
        await page.evaluate(() => {
          const add = (html) => {
            const wrap = document.createElement('div');
            wrap.innerHTML = html;
            document.querySelector('.ms-comm-postReplyContainer').append(wrap);
          };
          add('<input type="password" id="t-password">');
          add('<textarea id="t-off" data-animateur="off"></textarea>');
          add('<div data-gramm="false"><textarea id="t-gramm"></textarea></div>');
          add('<div contenteditable="true" role="textbox" data-animateur="off" id="t-editable"></div>');
        });
        for (const id of ['#t-password', '#t-off', '#t-gramm', '#t-editable']) {
          await typeInto(page, id, DRAFT);
        }
        await sleep(QUIET_MS);
        const layer = await readLayer(page);
        assert.equal(layer.highlights.length, 0, `highlights on an excluded field: ${JSON.stringify(layer)}`);
        assert.equal(layer.card, null);
        assert.equal(await page.evaluate(() => document.getElementById('t-off').value), DRAFT);
      } finally {
        await close(visit);
      }
    });

    test('the draft reaches neither extension storage nor the console', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const visit = await open('/discussion-thread.html');
      const { page } = visit;
      const readStorage = async () => {
        if (browserName !== 'chromium') return null;
        const worker = b.raw.serviceWorker;
        return worker.evaluate(async () => ({
          local: await chrome.storage.local.get(null),
          sync: await chrome.storage.sync.get(null),
          session: await chrome.storage.session.get(null),
        }));
      };
      try {
        const before = await readStorage();
        await typeInto(page, CLASSIC_BOX, DRAFT);
        await waitForLayer(page, (l) => l.highlights.length >= 3);
        await page.click(CLASSIC_POST);
        await waitForLayer(page, (l) => l.prompt);
        await clickLayerButton(page, 'prompt-post');
        await sleep(QUIET_MS);
        const after = await readStorage();
        if (before) {
          assert.deepEqual(after, before, 'extension storage changed while writing');
          assert.ok(!JSON.stringify(after).includes('connard'), 'the draft is in storage');
        } else {
          t.diagnostic('Firefox: storage areas are not readable from the test driver; checked in Chromium');
        }
      } finally {
        await close(visit);
      }
      // Every page of this file: no console message carries any part of a draft.
      // (Checked here, after every other test of this file ran.)
      const leaks = consoleSeen.filter((m) => /connard|06 12 34|casser|tuer|precisions/.test(m.text));
      assert.deepEqual(leaks, [], 'the console received draft text');
      const errors = consoleSeen.filter((m) => m.type === 'error');
      assert.deepEqual(errors, [], 'console errors while writing');
    });

    // In page (the core's App) and, on a strict-CSP page, the JS build the loader started.
    for (const [path, box] of [['/discussion-thread.html', CLASSIC_BOX], ['/modern-news-csp-self.html', MODERN_BOX]]) {
      test(`turning draftHints off stops the hints at once (${path})`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
        if (browserName !== 'chromium') {
          t.skip('the test driver cannot write Firefox extension storage');
          return;
        }
        const worker = b.raw.serviceWorker;
        const visit = await open(path, { scroll: box === MODERN_BOX });
        const { page } = visit;
        try {
          await page.waitForSelector(box, { timeout: 15_000 });
          await typeInto(page, box, 'Je vais te tuer.');
          assert.ok((await waitForLayer(page, (l) => l.highlights.length >= 1, { timeout: 20_000 })).highlights.length >= 1);
          await worker.evaluate(() => chrome.storage.sync.set({ draftHints: false }));
          const gone = await waitForLayer(page, (l) => !l.present);
          assert.ok(!gone.timedOut, 'the layer stayed after the setting was turned off');
          await page.keyboard.type(' Espece de connard.');
          await sleep(QUIET_MS);
          assert.equal((await readLayer(page)).present, false, 'hints came back while off');
        } finally {
          await worker.evaluate(() => chrome.storage.sync.remove('draftHints'));
          await close(visit);
        }
      });
    }
  });
}
