#!/usr/bin/env node
// `make demo`: starts the demo intranet and shows the extension at work.
//
// - With a display (DISPLAY or WAYLAND_DISPLAY set): opens Chromium, headed, with
//   the built extension on the demo index page, and waits until the browser is
//   closed (Ctrl-C also works).
// - Without a display: visits every page of www/pages.json headless, waits for the
//   overlay, saves a screenshot of the viewport under target/demo/<page>.png and
//   prints what the overlay found. Exits 0 unless the extension cannot be launched.
//
// Options: --headless (force the headless tour even with a display),
//          --port=N (fixed port for the demo server; default: any free port).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  REPO_ROOT,
  DIST_CHROMIUM,
  assertBuilt,
  launchChromium,
  loadPages,
  startDemoServer,
  readOverlay,
  waitForReady,
  scrollToComments,
  pageName,
  sleep,
} from './browsers.mjs';

const args = process.argv.slice(2);
const forceHeadless = args.includes('--headless');
const portArg = args.find((a) => a.startsWith('--port='));
const port = portArg ? Number(portArg.split('=')[1]) : Number(process.env.DEMO_PORT || 0);
const hasDisplay = !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const OUT_DIR = path.join(REPO_ROOT, 'target', 'demo');

function describe(o) {
  if (!o.present) return 'no overlay';
  const s = o.summary;
  if (!s) return `overlay ${o.state} (${o.kind}), no summary yet`;
  const parts = [
    `${s.threads} thread(s)`,
    `${s.items} item(s)`,
    `${s.contributors} contributor(s)`,
    `${s.itemLikes} item like(s)`,
    `page likes ${s.pageLikes ?? '–'}`,
    `views ${s.views ?? '–'}`,
  ];
  return `${o.kind} [${o.state}]: ${parts.join(', ')}`;
}

async function main() {
  try {
    await assertBuilt(DIST_CHROMIUM);
  } catch (e) {
    console.error(`demo: ${e.message}`);
    return 2;
  }

  const server = await startDemoServer({ port });
  const origin = `http://127.0.0.1:${server.port}`;
  console.log(`demo intranet: ${origin}/`);

  let browser;
  try {
    browser = await launchChromium({ headless: !(hasDisplay && !forceHeadless) });
  } catch (e) {
    console.error(`demo: could not launch Chromium with the extension: ${e.stack || e}`);
    await server.close();
    return 1;
  }
  console.log(`extension loaded: chrome-extension://${browser.extensionId}/`);

  try {
    if (hasDisplay && !forceHeadless) {
      const page = browser.context.pages()[0] || (await browser.context.newPage());
      await page.goto(`${origin}/`, { waitUntil: 'load' }).catch((e) => console.error(`demo: ${e.message}`));
      console.log('Chromium is open on the demo index; close the browser window (or press Ctrl-C) to stop.');
      await new Promise((resolve) => {
        browser.context.on('close', resolve);
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      return 0;
    }

    await mkdir(OUT_DIR, { recursive: true });
    const pages = await loadPages();
    const rows = [];
    for (const p of pages) {
      const url = origin + p.path;
      const shot = path.join(OUT_DIR, `${pageName(p.path)}.png`);
      let line;
      const page = await browser.context.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        if (p.scrollToComments) await scrollToComments(page);
        let o;
        if (p.expected == null) {
          await sleep(1500);
          o = await readOverlay(page);
        } else {
          o = await waitForReady(page, { timeout: 20_000 });
          if (p.scrollToComments) {
            await scrollToComments(page, { rounds: 2 });
            o = await readOverlay(page);
          }
        }
        await page.screenshot({ path: shot });
        line = describe(o);
      } catch (e) {
        line = `error: ${String(e.message).split('\n')[0]}`;
      } finally {
        await page.close().catch(() => {});
      }
      rows.push({ path: p.path, shot, line });
      console.log(`${p.path}\n  screenshot: ${path.relative(REPO_ROOT, shot)}\n  overlay:    ${line}`);
    }
    console.log(`\n${rows.length} page(s), screenshots in ${path.relative(REPO_ROOT, OUT_DIR)}/`);
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e.stack || e);
    process.exit(1);
  },
);
