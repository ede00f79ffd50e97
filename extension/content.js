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
//
// The frame cannot reach the site with the user's session, so when the core in the
// frame asks for SharePoint's comments API (URLs it built, on the page's origin), the
// loader fetches them here, same-origin only, and hands the answers back with the next
// page copy.
(() => {
  'use strict';
  const ext = globalThis.browser ?? globalThis.chrome;
  const REFUSED_KEY = 'wasmRefusedOrigins';
  const HOST_ID = 'animateur-overlay';
  const url = (path) => ext.runtime.getURL(path);

  const settings = { user: {}, policy: {} };
  let nowMs; // undefined: the real clock
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

  // The nudge history: ids and times only, in this browser's storage.local, never sent
  // anywhere. The core owns its format; the loader only reads and writes it.
  const HISTORY_KEY = 'nudgeHistory';

  async function storedHistory() {
    try {
      const value = (await ext.storage.local.get(HISTORY_KEY))[HISTORY_KEY];
      return typeof value === 'string' ? value : null;
    } catch (err) {
      console.warn('Animateur: nudge history unreadable, starting afresh:', err);
      return null;
    }
  }

  async function saveHistory(json) {
    try {
      await ext.storage.local.set({ [HISTORY_KEY]: json });
    } catch (err) {
      // Quota exceeded or storage unavailable: the history is reset rather than left
      // half-written; settings live in storage.sync and are not touched.
      console.warn('Animateur: nudge history could not be saved, reset:', err);
      await ext.storage.local.remove(HISTORY_KEY).catch(() => {});
    }
  }

  async function startInPage(catalog) {
    const glue = await import(url('pkg/animateur.js'));
    await glue.default({ module_or_path: url('pkg/animateur_bg.wasm') });
    const history = await storedHistory();
    const openSettings = () => ext.runtime.sendMessage({ type: 'cs-bg:open-options' }).catch(() => {});
    const app = glue.start({ ...settings, messages: catalog, uiLanguage, nowMs, history, saveHistory, openSettings });
    ext.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && HISTORY_KEY in changes) {
        const value = changes[HISTORY_KEY].newValue;
        app.historyChanged(typeof value === 'string' ? value : null);
      }
    });
    return {
      data: () => app.dataJson() ?? null,
      view: () => app.panelView() ?? null,
      jump: (index) => app.jump(index),
      apply: () => app.applySettings(settings.user, settings.policy, uiLanguage),
    };
  }

  const REST_TIMEOUT_MS = 8000;
  const REST_MAX_ANSWERS = 40;

  /** GET on the page's own origin with the user's session; never anywhere else. */
  async function fetchSameOrigin(target) {
    let parsed;
    try {
      parsed = new URL(target);
    } catch {
      return { ok: false, error: 'bad URL' };
    }
    if (parsed.origin !== location.origin) return { ok: false, error: "not the page's origin; not requested" };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REST_TIMEOUT_MS);
    try {
      const response = await fetch(parsed.href, {
        method: 'GET',
        credentials: 'same-origin',
        mode: 'same-origin',
        headers: { Accept: 'application/json;odata=nometadata' },
        signal: abort.signal,
      });
      if (!response.ok) return { ok: false, error: `HTTP ${response.status}` };
      return { ok: true, body: await response.text() };
    } catch (err) {
      return { ok: false, error: String(err?.message ?? err) };
    } finally {
      clearTimeout(timer);
    }
  }

  // The fallback: the Rust core in a hidden extension frame inside our shadow root. The
  // frame cannot see the page, so it gets a copy of the HTML over a private
  // MessageChannel whenever the page changes (batched like the in-page observer), and
  // answers with the summary and the badge's lines and look, drawn here as text nodes.
  async function startInFrame(catalog) {
    const profiles = (await (await fetch(url('profiles.json'))).json()).profiles;
    // The organisation's own profiles count too (the core checks them; a selector
    // this browser refuses just does not match).
    const detectors = () => {
      let custom = [];
      try {
        custom = JSON.parse(settings.policy.customProfiles ?? settings.user.customProfiles ?? '[]').map((p) => p.detect);
      } catch { /* reported by the settings */ }
      return [...profiles.map((p) => p.detect), ...custom];
    };
    const looksReadable = () => detectors().some((css) => {
      try {
        return document.querySelector(css);
      } catch {
        return false;
      }
    });
    const setStyle = (el, pairs) => { for (const [k, v] of pairs) el.style.setProperty(k, v); };
    let overlay = null;
    let last = null; // the published data-json
    let lastView = null; // the panel as drawn, for the popup
    let timer = 0;
    // The comments API answers fetched for the current page URL, as the frame asked.
    const rest = { url: location.href, answers: {}, fetching: false, known: -1, warned: new Set() };

    function send() {
      timer = 0;
      if (!looksReadable()) {
        overlay?.host.remove();
        overlay = null;
        last = null;
      } else if (!overlay) {
        overlay = mount();
      } else if (overlay.port) {
        if (rest.url !== location.href) {
          Object.assign(rest, { url: location.href, answers: {}, known: -1, warned: new Set() });
        }
        overlay.port.postMessage({
          type: 'cs-engine:analyse',
          html: document.documentElement.outerHTML,
          url: location.href,
          config: { ...settings, messages: catalog, uiLanguage, nowMs },
          rest: rest.answers,
        });
      }
    }

    // Mirrors overlay.rs: a card holding the status line, the panel toggle and the panel.
    function draw(o, answer) {
      const { summary, json, lines, view, label, panelTitle, panelToggle, style } = answer;
      last = summary.pageKind === 'unknown' ? null : json;
      lastView = last ? view : null;
      o.snapshot.setAttribute('data-json', json);
      o.host.setAttribute('data-page-kind', summary.pageKind);
      o.host.setAttribute('data-state', 'ready');
      o.badge.replaceChildren();
      o.panel.replaceChildren();
      if (summary.pageKind === 'unknown') return;
      setStyle(o.host, style.host);
      setStyle(o.card, style.badge);
      setStyle(o.toggle, style.toggle);
      setStyle(o.panel, style.panel);
      o.badge.setAttribute('aria-label', label);
      lines.forEach((line, i) => {
        const span = document.createElement('span');
        span.textContent = line;
        setStyle(span, i === 0 ? style.title : style.count);
        o.badge.append(span);
      });
      o.panel.setAttribute('aria-label', panelTitle);
      o.toggle.setAttribute('aria-label', panelToggle);
      o.toggle.title = panelToggle;
      const el = (tag, pairs, text) => {
        const e = document.createElement(tag);
        if (pairs) setStyle(e, pairs);
        if (text !== undefined) e.textContent = text;
        return e;
      };
      for (const row of view?.rows ?? []) {
        o.panel.append(el('div', style.row, undefined));
        o.panel.lastChild.append(el('span', null, row.label), el('span', style.value, row.value));
      }
      // The frame read a copy of the page: it names each jump entry's item by its
      // place among the page's items (answer.itemCss matches), found again on click.
      o.jump = { css: answer.itemCss, places: answer.jumps ?? [], style: style.highlight };
      let index = 0;
      for (const list of [view?.waiting, view?.review, view?.hints].filter(Boolean)) {
        const section = el('section');
        section.setAttribute('data-animateur', list.name);
        const ul = el('ul', style.list);
        for (const entry of list.entries) {
          const item = el('li');
          const label = o.jump.places[index] != null ? el('button', style.jump) : el('span');
          if (label.tagName === 'BUTTON') {
            label.type = 'button';
            label.setAttribute('data-jump', String(index));
            label.setAttribute('aria-label', entry.jumpLabel);
          }
          label.textContent = entry.label;
          item.append(label);
          if (entry.detail) item.append(el('span', style.age, entry.detail));
          ul.append(item);
          index += 1;
        }
        section.append(el('h3', style.heading, list.title), ul);
        if (list.note) section.append(el('div', null, list.note));
        o.panel.append(section);
      }
      if (view?.chart) {
        const NS = 'http://www.w3.org/2000/svg';
        const svg = document.createElementNS(NS, 'svg');
        svg.setAttribute('data-animateur', 'chart');
        svg.setAttribute('viewBox', `0 0 ${view.chart.width} ${view.chart.height}`);
        svg.setAttribute('width', '100%');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', view.chart.label);
        for (const node of view.chart.nodes) {
          const shape = document.createElementNS(NS, node.tag);
          for (const [name, value] of node.attrs) shape.setAttribute(name, value);
          if (node.text != null) shape.textContent = node.text;
          svg.append(shape);
        }
        o.panel.append(el('h3', style.heading, view.chartTitle), svg);
      }
      o.toggle.hidden = !view;
      o.card.style.setProperty('display', 'block');
    }

    // Fetches what the frame asked for, then sends a new copy; asks again from scratch
    // only when the page shows more comments than were known (someone posted).
    function followRest(answer) {
      const r = answer.rest;
      if (!r || rest.url !== location.href) return;
      for (const w of r.warnings ?? []) {
        if (!rest.warned.has(w)) {
          rest.warned.add(w);
          console.warn(`Animateur: ${w}`);
        }
      }
      const wanted = (r.wanted ?? []).filter((u) => !(u in rest.answers));
      const asked = Object.keys(rest.answers).length;
      if (!wanted.length && asked && !rest.fetching) {
        if (rest.known < 0) rest.known = Math.max(r.domItems ?? 0, r.comments ?? 0);
        else if ((r.domItems ?? 0) > rest.known) {
          Object.assign(rest, { answers: {}, known: -1 });
          send();
        }
        return;
      }
      if (!wanted.length || rest.fetching || asked >= REST_MAX_ANSWERS) return;
      rest.fetching = true;
      const forUrl = rest.url;
      Promise.all(wanted.slice(0, REST_MAX_ANSWERS - asked).map(async (u) => [u, await fetchSameOrigin(u)]))
        .then((results) => {
          rest.fetching = false;
          if (rest.url !== forUrl) return;
          for (const [u, a] of results) rest.answers[u] = a;
          send();
        });
    }

    function jumpToIndex(o, index) {
      const place = o?.jump?.places[index];
      const target = place != null && o.jump.css ? document.querySelectorAll(o.jump.css)[place] : null;
      if (target) jumpTo(o.root, target, o.jump.style);
      return Boolean(target);
    }

    // Mirrors overlay.rs's jump_to: scroll the item into view, frame it for a moment
    // with our own element (the page's nodes are never restyled).
    let highlight = null;
    function jumpTo(root, target, look) {
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ block: 'center', behavior: reduced ? 'instant' : 'smooth' });
      highlight?.frame.remove();
      clearTimeout(highlight?.settle);
      clearTimeout(highlight?.done);
      const frame = document.createElement('div');
      frame.setAttribute('data-animateur', 'highlight');
      setStyle(frame, look);
      const place = () => {
        const r = target.getBoundingClientRect();
        for (const [k, v] of [['left', r.left - 4], ['top', r.top - 4], ['width', r.width + 8],
          ['height', r.height + 8]]) frame.style.setProperty(k, `${v}px`);
      };
      place();
      root.append(frame);
      highlight = {
        frame,
        settle: setTimeout(place, reduced ? 0 : 400),
        done: setTimeout(() => frame.remove(), 2000),
      };
    }

    function setOpen(o, open) {
      o.panel.hidden = !open;
      o.toggle.setAttribute('aria-expanded', String(open));
      o.toggle.textContent = open ? '▾' : '▸';
    }

    function mount() {
      const host = document.createElement('div');
      host.id = HOST_ID;
      host.setAttribute('data-state', 'loading');
      host.setAttribute('data-page-kind', 'unknown');
      // Its style arrives with the first answer; until then the card is hidden anyway.
      const root = host.attachShadow({ mode: 'open' });
      const card = document.createElement('div');
      card.style.setProperty('display', 'none');
      const badge = document.createElement('span');
      badge.setAttribute('data-animateur', 'badge');
      badge.setAttribute('role', 'status');
      badge.setAttribute('aria-live', 'polite');
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.setAttribute('data-animateur', 'panel-toggle');
      toggle.setAttribute('aria-controls', 'animateur-panel');
      const panel = document.createElement('div');
      panel.id = 'animateur-panel';
      panel.setAttribute('data-animateur', 'panel');
      panel.setAttribute('role', 'region');
      card.append(badge, toggle, panel);
      const snapshot = document.createElement('div');
      snapshot.setAttribute('data-animateur', 'snapshot');
      snapshot.hidden = true;
      const frame = document.createElement('iframe');
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      for (const [k, v] of [['position', 'absolute'], ['width', '0'], ['height', '0'],
        ['border', '0'], ['visibility', 'hidden']]) frame.style.setProperty(k, v);
      frame.src = url('engine.html');
      root.append(card, snapshot, frame);
      const channel = new MessageChannel();
      const o = { host, root, card, badge, toggle, panel, snapshot, port: null };
      setOpen(o, false);
      toggle.addEventListener('click', () => setOpen(o, panel.hidden));
      panel.addEventListener('click', (event) => {
        const index = event.target.closest?.('[data-jump]')?.getAttribute('data-jump');
        if (index != null) jumpToIndex(o, Number(index));
      });
      card.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && !panel.hidden) {
          setOpen(o, false);
          toggle.focus();
        }
      });
      channel.port1.onmessage = ({ data }) => {
        if (overlay !== o || data?.type !== 'engine-cs:summary') return;
        if (data.error) markHostError(data.error);
        else {
          draw(o, data);
          followRest(data);
        }
      };
      frame.addEventListener('load', () => {
        if (overlay !== o) return;
        frame.contentWindow.postMessage({ type: 'cs-engine:port' }, new URL(frame.src).origin, [channel.port2]);
        o.port = channel.port1;
        send();
      }, { once: true });
      (document.body ?? document.documentElement).append(host);
      return o;
    }

    const observer = new MutationObserver((records) => {
      const host = overlay?.host;
      if (records.every((r) => host && (host === r.target || host.contains(r.target) ||
        [...r.addedNodes, ...r.removedNodes].every((n) => n === host)))) return;
      if (!timer) timer = setTimeout(send, 300);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    // The frame cannot see the editor: the hints while writing run in the page as JS.
    const composer = composerOnFocus(catalog);
    send();
    return {
      data: () => last,
      view: () => lastView,
      jump: (index) => jumpToIndex(overlay, index),
      apply: () => {
        send();
        composer.apply();
      },
    };
  }

  // Where the page refuses wasm, the hints while writing run in the page as plain JS: a
  // wasm2js build of the same Rust layer (pkg-js/, Chromium builds only; see
  // ARCHITECTURE.md). The layer needs the page's DOM, which the engine frame cannot
  // see. It is loaded at the first focus in a text field: most page views never write,
  // and the module is several megabytes of JS. The core then decides from the settings
  // whether it runs, as in-page.
  function composerOnFocus(catalog) {
    const built = ext.runtime.getManifest().web_accessible_resources
      ?.some((entry) => entry.resources?.includes('pkg-js/*'));
    let app = null;
    if (!built) return { apply() {} };
    const load = async () => {
      window.removeEventListener('focusin', onFocus, true);
      try {
        const glue = await import(url('pkg-js/animateur.js'));
        app = glue.startComposer({ ...settings, messages: catalog, uiLanguage });
      } catch (err) {
        console.warn('Animateur: hints while writing unavailable on this page:', err);
      }
    };
    function onFocus(event) {
      const field = event.composedPath()[0];
      if (field?.localName === 'textarea' || field?.isContentEditable) load();
    }
    window.addEventListener('focusin', onFocus, true);
    return { apply: () => app?.applySettings(settings.user, settings.policy, uiLanguage) };
  }

  async function cspRefusesWasm() {
    // Firefox compiles content-script wasm whatever the page's CSP says.
    if (url('').startsWith('moz-extension:')) return false;
    const metas = document.querySelectorAll('meta[http-equiv="content-security-policy" i]');
    if ([...metas].some((m) => globalThis.animateurCsp.blocksWasm(m.content))) return true;
    const verdict = await ext.runtime.sendMessage({ type: 'cs-bg:csp-verdict' }).catch(() => null);
    return Boolean(verdict?.blocksWasm);
  }

  async function main() {
    settings.user = await ext.storage.sync.get(null).catch(() => ({}));
    // End-to-end tests fix the clock through the extension's own storage.
    const { testNow } = await ext.storage.local.get('testNow').catch(() => ({}));
    if (typeof testNow === 'number') nowMs = testNow;
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
      if (message?.type === 'popup-cs:get-data') {
        sendResponse({ data: engine.data(), view: engine.view(), url: location.href });
      } else if (message?.type === 'popup-cs:jump' && Number.isInteger(message.index)) {
        sendResponse({ jumped: engine.jump(message.index) });
      }
    });
  }

  main().catch((err) => {
    markHostError(String(err?.message ?? err));
    console.warn('Animateur could not start on this page:', err);
  });
})();
