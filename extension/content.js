// Animateur content-script loader. Content scripts cannot be ES modules, so this classic
// script imports the wasm-bindgen glue (a web-accessible resource) and hands control to
// the Rust core with the user's settings; policy values follow when the browser delivers
// them (the first storage.managed read can take ~3 s). It reads nothing else, builds no
// HTML and sends nothing anywhere: all page reading happens in Rust.
//
// Where the wasm runs (see ARCHITECTURE.md, "Where wasm runs, and why"): in this
// isolated world when the page allows it. Chrome compiles content-script wasm under the
// PAGE's CSP: on pages with a strict script-src it throws a CompileError and the browser
// sends the site a CSP violation report. So the loader first asks whether the page's CSP
// (response header, seen by the background; <meta> policies, seen here) refuses wasm,
// and if so runs the same core in an extension frame (engine.html) that reads a copy of
// the page's HTML. If a refusal still happens (a policy the check could not see), the
// origin is remembered (storage.local) and the frame is used there from then on.
(() => {
  'use strict';
  const ext = globalThis.browser ?? globalThis.chrome;
  const REFUSED_KEY = 'wasmRefusedOrigins';
  const HOST_ID = 'animateur-overlay';
  const url = (path) => ext.runtime.getURL(path);

  const settings = { user: {}, policy: {} };
  const uiLanguage = ext.i18n.getUILanguage();

  async function loadCatalog() {
    const entries = await Promise.all(['fr', 'en'].map(async (lang) => {
      const data = await (await fetch(url(`_locales/${lang}/messages.json`))).json();
      return [lang, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.message]))];
    }));
    return Object.fromEntries(entries);
  }

  async function refusedOrigins() {
    try {
      return (await ext.storage.local.get(REFUSED_KEY))[REFUSED_KEY] ?? {};
    } catch {
      return {};
    }
  }

  function isCspRefusal(err) {
    return err?.name === 'CompileError' ||
      /Content Security Policy|wasm-unsafe-eval|unsafe-eval/i.test(String(err?.message ?? err));
  }

  function markHostError(message) {
    const host = document.getElementById(HOST_ID);
    if (host) {
      host.setAttribute('data-state', 'error');
      host.setAttribute('data-error', message);
    }
  }

  async function startInPage(catalog) {
    const glue = await import(url('pkg/animateur.js'));
    await glue.default({ module_or_path: url('pkg/animateur_bg.wasm') });
    const app = glue.start({ ...settings, messages: catalog, uiLanguage });
    return {
      summary: () => app.summary(),
      apply: () => app.applySettings(settings.user, settings.policy, uiLanguage),
    };
  }

  // The fallback: the Rust core in an extension frame inside our shadow root. The frame
  // cannot see the page, so it gets a copy of the HTML over a private MessageChannel
  // whenever the page changes (batched like the in-page observer).
  async function startInFrame(catalog) {
    const profiles = (await (await fetch(url('profiles.json'))).json()).profiles;
    const looksReadable = () => profiles.some((p) => document.querySelector(p.detect));
    let host = null;
    let port = null;
    let last = null;
    let timer = 0;

    function send() {
      timer = 0;
      if (!looksReadable()) {
        host?.remove();
        host = null;
        port = null;
        last = null;
        return;
      }
      if (!host) mount();
      else if (port) {
        port.postMessage({
          type: 'cs-engine:analyse',
          html: document.documentElement.outerHTML,
          url: location.href,
          config: { ...settings, messages: catalog, uiLanguage },
        });
      }
    }

    function mount() {
      host = document.createElement('div');
      host.id = HOST_ID;
      host.setAttribute('data-state', 'loading');
      host.setAttribute('data-page-kind', 'unknown');
      for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['right', '16px'],
        ['bottom', '16px'], ['z-index', '2147483646']]) host.style.setProperty(k, v);
      const root = host.attachShadow({ mode: 'open' });
      const snapshot = document.createElement('div');
      snapshot.setAttribute('data-animateur', 'snapshot');
      snapshot.hidden = true;
      const frame = document.createElement('iframe');
      frame.setAttribute('title', catalog[uiLanguage.startsWith('fr') ? 'fr' : 'en'].badgeLabel);
      for (const [k, v] of [['border', '0'], ['width', '400px'], ['height', '0'],
        ['background', 'transparent'], ['display', 'block']]) frame.style.setProperty(k, v);
      frame.src = url('engine.html');
      root.append(frame, snapshot);
      const channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = ({ data }) => {
        if (!host || data?.type !== 'engine-cs:summary') return;
        if (data.error) {
          markHostError(data.error);
          return;
        }
        last = data.summary;
        snapshot.setAttribute('data-json', JSON.stringify(data.summary));
        host.setAttribute('data-page-kind', data.summary.pageKind);
        host.setAttribute('data-state', data.state);
        frame.style.setProperty('height', data.summary.pageKind === 'unknown' ? '0' : `${data.height}px`);
      };
      const owner = host;
      frame.addEventListener('load', () => {
        if (host !== owner) return;
        frame.contentWindow.postMessage({ type: 'cs-engine:port' }, new URL(frame.src).origin, [channel.port2]);
        send();
      }, { once: true });
      (document.body ?? document.documentElement).append(host);
    }

    const observer = new MutationObserver((records) => {
      if (records.every((r) => host && (host === r.target || host.contains(r.target) ||
        [...r.addedNodes, ...r.removedNodes].every((n) => n === host)))) return;
      if (!timer) timer = setTimeout(send, 300);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    send();
    return { summary: () => last, apply: () => send() };
  }

  async function cspRefusesWasm() {
    const metas = document.querySelectorAll('meta[http-equiv="content-security-policy" i]');
    if ([...metas].some((m) => globalThis.animateurCsp.blocksWasm(m.content))) return true;
    const verdict = await ext.runtime.sendMessage({ type: 'cs-bg:csp-verdict' }).catch(() => null);
    return Boolean(verdict?.blocksWasm);
  }

  async function main() {
    settings.user = await ext.storage.sync.get(null).catch(() => ({}));
    const [catalog, refused, cspRefuses] =
      await Promise.all([loadCatalog(), refusedOrigins(), cspRefusesWasm()]);
    let engine;
    if (cspRefuses || refused[location.origin]) {
      engine = await startInFrame(catalog);
    } else {
      try {
        engine = await startInPage(catalog);
      } catch (err) {
        if (!isCspRefusal(err)) throw err;
        await ext.storage.local.set({ [REFUSED_KEY]: { ...refused, [location.origin]: Date.now() } })
          .catch(() => {});
        engine = await startInFrame(catalog);
      }
    }
    // Firefox rejects storage.managed.get when no policy exists: that means "no policy".
    ext.storage.managed.get(null).then((policy) => {
      settings.policy = policy ?? {};
      engine.apply();
    }, () => {});
    ext.storage.onChanged.addListener(async (changes, area) => {
      if (area === 'sync') settings.user = await ext.storage.sync.get(null).catch(() => settings.user);
      else if (area === 'managed') settings.policy = await ext.storage.managed.get(null).catch(() => ({}));
      else return;
      engine.apply();
    });
    ext.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      if (message?.type === 'popup-cs:get-summary') {
        sendResponse({ summary: engine.summary() ?? null, url: location.href });
      }
    });
  }

  main().catch((err) => {
    markHostError(String(err?.message ?? err));
    console.warn('Animateur could not start on this page:', err);
  });
})();
