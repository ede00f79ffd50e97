// Demo intranet — development server (Node 20, node:http only).
//
//   node www/server.mjs [--port N] [--host H]
//   import { startServer } from './www/server.mjs';
//   const { url, port, close } = await startServer({ port: 0 });
//
// Serves www/ statically, adds the per-page headers declared in pages.json
// (Content-Security-Policy of the strict-CSP variants), substitutes a fresh
// nonce for {{nonce}} in those headers and in the HTML, serves the generated
// pages at /generated/<kind>.html?threads=N&replies=M, collects CSP
// violation reports (POST /csp-report; GET or DELETE /csp-reports), and answers
// SharePoint's comments API for the pages whose pages.json entry has a `rest`
// field (GET /sites/<web>/_api/web/lists(guid'<list>')/GetItemById(<n>)/Comments
// and …/Comments('<id>')/replies; every answer is logged in `restLog`).

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateChunks, validateArgs, KINDS, MAX_CELLS } from './generate.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const MANIFEST = path.join(ROOT, 'pages.json');
// The playground runs the extension's own build outside the extension: the wasm core
// and glue from `make build`, the messages from the extension's locales.
const MOUNTS = [
  ['/engine/pkg/', path.join(ROOT, '..', 'dist', 'chromium', 'pkg')],
  ['/engine/locales/', path.join(ROOT, '..', 'extension', '_locales')],
];
const MAX_REPORT_BYTES = 256 * 1024;
const MAX_REPORTS = 10000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

// Per-page extra headers, keyed by URL path, from pages.json. Read at each
// request (a few kB) so that edits to the manifest apply without a restart.
// The pages.json entry for a path (read on each request, so edits apply at once).
function manifestEntry(urlPath) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  return Array.isArray(manifest) ? manifest.find((p) => p && p.path === urlPath) ?? null : null;
}

// ---------------------------------------------------------------------------
// SharePoint comments API. The data is the page's own comment fixture (the file the
// page's comments web part draws), turned into SharePoint's JSON shape, so the API
// and the DOM can never disagree by hand. Like a long comment section, answers are
// paged (REST_PAGE_SIZE top-level comments, then `@odata.nextLink`) and carry only a
// comment's first reply inline (`replyCount` tells how many there are; the rest
// comes from …/replies), so a client must follow both to see everything.
// ---------------------------------------------------------------------------
const REST_PATH = /^\/sites\/([^/]+)\/_api\/web\/lists\(guid'([0-9a-fA-F-]{36})'\)\/GetItemById\((\d+)\)\/Comments(?:\('(\d+)'\)\/replies)?$/;
const REST_PAGE_SIZE = 3;

/** The pages.json entry serving this list item's comments. */
function restEntry(web, listId, itemId) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  return (Array.isArray(manifest) ? manifest : []).find((p) => p?.rest &&
    p.rest.web === `/sites/${web}` &&
    String(p.rest.listId).toLowerCase() === listId.toLowerCase() &&
    Number(p.rest.itemId) === Number(itemId)) ?? null;
}

function spPerson(p) {
  return { id: p.id, name: p.name, email: p.upn, loginName: `i:0#.f|membership|${p.upn}` };
}

/** One fixture comment as SharePoint's API returns it. */
function spComment(c, people, parentId, inlineReplies) {
  const mentions = [];
  const text = c.text.map((seg) => {
    if (typeof seg === 'string') return seg;
    mentions.push(spPerson(people[seg.mention]));
    return `@mention{${mentions.length - 1}}`;
  }).join('');
  const replies = c.replies ?? [];
  return {
    id: String(c.id),
    parentId: String(parentId),
    author: spPerson(people[c.by]),
    createdDate: new Date(c.at).toISOString(),
    modifiedDate: null,
    text,
    likeCount: c.likes ?? 0,
    isLikedByUser: false,
    replyCount: replies.length,
    mentions: mentions.length ? mentions : null,
    replies: replies.slice(0, inlineReplies).map((r) => spComment(r, people, c.id, 0)),
  };
}

async function serveRest(req, res, match, query, log) {
  const [, web, listId, itemId, parent] = match;
  const entry = restEntry(web, listId, itemId);
  const verbose = /odata=verbose/i.test(req.headers.accept ?? '');
  log.push({ path: req.url, accept: req.headers.accept ?? '', page: entry?.path ?? null });
  const error = (status, message) => sendJson(res, status,
    { 'odata.error': { code: `-1, ${status}`, message: { lang: 'fr-FR', value: message } } }, req.method);
  if (!entry) { error(404, 'Élément introuvable.'); return; }
  if (entry.rest.fail) { error(Number(entry.rest.fail), 'Échec simulé du service.'); return; }
  const fixture = JSON.parse(await fsp.readFile(path.join(ROOT, ...entry.rest.comments.split('/').filter(Boolean)), 'utf8'));
  const people = fixture.people;
  let list;
  let next = null;
  if (parent) {
    const top = fixture.comments.find((c) => String(c.id) === parent);
    if (!top) { error(404, 'Commentaire introuvable.'); return; }
    list = (top.replies ?? []).map((r) => spComment(r, people, top.id, 0));
  } else {
    const skip = Number(query.get('$skiptoken') ?? 0) || 0;
    list = fixture.comments.slice(skip, skip + REST_PAGE_SIZE).map((c) => spComment(c, people, 0, 1));
    if (skip + REST_PAGE_SIZE < fixture.comments.length) {
      const { rawPath } = splitTarget(req.url);
      next = `http://${req.headers.host}${rawPath}?$skiptoken=${skip + REST_PAGE_SIZE}`;
    }
  }
  if (verbose) {
    for (const c of list) c.replies = { results: c.replies };
    sendJson(res, 200, { d: { results: list, ...(next ? { __next: next } : {}) } }, req.method);
  } else {
    sendJson(res, 200, { value: list, ...(next ? { '@odata.nextLink': next } : {}) }, req.method);
  }
}

/**
 * The page context SharePoint renders inline names the page's web and list item;
 * pages.json's `rest` field says which (`origin` overrides the web's origin, to
 * play a page that names another host).
 */
function pageContextValues(req, entry) {
  const rest = entry?.rest;
  const origin = rest?.origin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  return {
    '{{origin}}': origin,
    '{{restWeb}}': rest?.web ?? '',
    '{{restListId}}': rest?.listId ?? '',
    '{{restItemId}}': rest ? String(Number(rest.itemId)) : 'null',
  };
}

function pageHeaders(urlPath) {
  return manifestEntry(urlPath)?.headers || {};
}

function newNonce() {
  return crypto.randomBytes(18).toString('base64');
}

function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function errorPage(status, title, message) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/intranet.css">
</head>
<body>
<main class="notfound">
<p class="code">${status}</p>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(message)}</p>
<p><a href="/">Retour à l’accueil de l’intranet de démonstration</a></p>
</main>
</body>
</html>
`;
}

function send(res, status, headers, body, method) {
  const buf = body == null ? null : Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  const h = { ...BASE_HEADERS, ...headers };
  if (buf) h['Content-Length'] = buf.length;
  res.writeHead(status, h);
  if (method === 'HEAD' || !buf) res.end();
  else res.end(buf);
}

function sendError(res, status, method, title, message, extra = {}) {
  send(res, status, { 'Content-Type': 'text/html; charset=utf-8', ...extra }, errorPage(status, title, message), method);
}

function sendJson(res, status, value, method) {
  send(res, status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(value, null, 2) + '\n', method);
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Splits the request target by hand: `new URL('//x', base)` would read "x" as a host.
function splitTarget(target) {
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
  return { rawPath, query };
}

function intParam(query, name) {
  if (!query.has(name)) return undefined;
  const raw = query.get(name).trim();
  if (!/^\d{1,9}$/.test(raw)) return NaN;
  return Number(raw);
}

async function serveGenerated(req, res, kind, query) {
  let args;
  try {
    args = validateArgs({ kind, threads: intParam(query, 'threads'), replies: intParam(query, 'replies') });
  } catch (err) {
    const status = /capped/.test(err.message) ? 413 : 400;
    sendError(res, status, req.method, 'Paramètres invalides', `${err.message}. Exemple : /generated/${kind}.html?threads=20&replies=10 (threads × replies ≤ ${MAX_CELLS}).`);
    return;
  }
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  if (req.method === 'HEAD') { res.end(); return; }
  for (const chunk of generateChunks(args)) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise((resolve) => {
        const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

// `headerPath`: the path whose pages.json headers apply, when a page is served from
// another file (the strict-CSP variants share one source).
async function serveStatic(req, res, rawPath, root = ROOT, headerPath = null) {
  const ROOT = root;
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    sendError(res, 400, req.method, 'Requête invalide', 'Adresse mal encodée.');
    return;
  }
  // Collapse duplicate slashes ("//page.html" is "/page.html").
  let urlPath = decoded.replace(/\/{2,}/g, '/');
  if (!urlPath.startsWith('/')) urlPath = '/' + urlPath;
  if (urlPath === '/favicon.ico') urlPath = '/assets/favicon.svg';

  const segments = urlPath.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) {
    // dot files and folders are not served
    sendError(res, 404, req.method, 'Page introuvable', `Aucune page à l’adresse ${urlPath}.`);
    return;
  }
  let filePath = path.join(ROOT, ...segments);
  if (filePath !== ROOT && !filePath.startsWith(ROOT + path.sep)) {
    sendError(res, 400, req.method, 'Requête refusée', 'Chemin hors du site.');
    return;
  }

  let stat;
  try {
    stat = await fsp.stat(filePath);
  } catch {
    sendError(res, 404, req.method, 'Page introuvable', `Aucune page à l’adresse ${urlPath}.`);
    return;
  }
  if (stat.isDirectory()) {
    const index = path.join(filePath, 'index.html');
    if (!fs.existsSync(index)) {
      sendError(res, 404, req.method, 'Page introuvable', `Aucune page à l’adresse ${urlPath}.`);
      return;
    }
    if (!urlPath.endsWith('/')) {
      send(res, 301, { Location: urlPath + '/', 'Content-Type': 'text/plain; charset=utf-8' }, `Voir ${urlPath}/\n`, req.method);
      return;
    }
    filePath = index;
    urlPath = urlPath + 'index.html';
  }
  if (!stat.isDirectory() && !stat.isFile()) {
    sendError(res, 404, req.method, 'Page introuvable', `Aucune page à l’adresse ${urlPath}.`);
    return;
  }

  const ext = path.extname(filePath).toLowerCase();
  const type = TYPES[ext] || 'application/octet-stream';
  let body = await fsp.readFile(filePath);
  const headers = { 'Content-Type': type };
  const extra = pageHeaders(headerPath ?? urlPath);

  if (type.startsWith('text/html')) {
    let html = body.toString('utf8');
    const entry = manifestEntry(headerPath ?? urlPath);
    for (const [k, v] of Object.entries(pageContextValues(req, entry))) {
      html = html.split(k).join(v);
    }
    // A policy the page declares itself (`metaCsp`): the loader reads these, the
    // browser's webRequest verdict cannot see them.
    const metaCsp = entry?.metaCsp;
    if (metaCsp) {
      html = html.replace('<meta charset="utf-8">',
        `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${escapeHtml(metaCsp)}">`);
    }
    const needsNonce = html.includes('{{nonce}}') || Object.values(extra).some((v) => String(v).includes('{{nonce}}'));
    if (needsNonce) {
      const nonce = newNonce();
      html = html.split('{{nonce}}').join(nonce);
      for (const [k, v] of Object.entries(extra)) headers[k] = String(v).split('{{nonce}}').join(nonce);
    } else {
      Object.assign(headers, extra);
    }
    body = Buffer.from(html, 'utf8');
  } else {
    Object.assign(headers, extra);
  }
  send(res, 200, headers, body, req.method);
}

function createHandler(reports, restLog) {
  return async function handle(req, res) {
    try {
      const { rawPath, query } = splitTarget(req.url || '/');

      // No directory traversal: refuse any ".." or backslash, encoded or not.
      let probe = rawPath;
      try { probe = decodeURIComponent(rawPath); } catch { /* handled in serveStatic */ }
      if (rawPath.includes('..') || probe.includes('..') || probe.includes('\\') || probe.includes('\0')) {
        sendError(res, 400, req.method, 'Requête refusée', 'Les chemins contenant « .. » ne sont pas acceptés.');
        return;
      }

      if (rawPath === '/csp-report') {
        if (req.method !== 'POST') {
          sendError(res, 405, req.method, 'Méthode non autorisée', 'Envoyez les rapports CSP en POST.', { Allow: 'POST' });
          return;
        }
        const buf = await readBody(req, MAX_REPORT_BYTES);
        const text = buf.toString('utf8');
        let parsed;
        try { parsed = JSON.parse(text); } catch { parsed = { raw: text }; }
        // Reporting API (application/reports+json) sends an array of reports.
        const list = Array.isArray(parsed) ? parsed : [parsed];
        for (const r of list) if (reports.length < MAX_REPORTS) reports.push(r);
        send(res, 204, {}, null, req.method);
        return;
      }
      if (rawPath === '/csp-reports') {
        if (req.method === 'GET' || req.method === 'HEAD') { sendJson(res, 200, reports, req.method); return; }
        if (req.method === 'DELETE') { reports.length = 0; send(res, 204, {}, null, req.method); return; }
        sendError(res, 405, req.method, 'Méthode non autorisée', 'GET ou DELETE uniquement.', { Allow: 'GET, HEAD, DELETE' });
        return;
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, 405, req.method, 'Méthode non autorisée', 'Ce site de démonstration ne sert que des pages.', { Allow: 'GET, HEAD' });
        return;
      }

      let restPath = rawPath;
      try { restPath = decodeURIComponent(rawPath); } catch { /* not an API path then */ }
      const rest = REST_PATH.exec(restPath);
      if (rest) {
        await serveRest(req, res, rest, query, restLog);
        return;
      }

      const gen = /^\/+generated\/([a-z-]+)\.html$/.exec(rawPath);
      if (gen) {
        if (!KINDS.includes(gen[1])) {
          sendError(res, 404, req.method, 'Page introuvable', `Types de pages générées : ${KINDS.join(', ')}.`);
          return;
        }
        await serveGenerated(req, res, gen[1], query);
        return;
      }

      const mount = MOUNTS.find(([prefix]) => rawPath.startsWith(prefix));
      if (mount) {
        await serveStatic(req, res, rawPath.slice(mount[0].length - 1), mount[1]);
        return;
      }
      // Variants of one page (same content, other headers) name their source file.
      const source = manifestEntry(rawPath)?.source;
      if (source) {
        await serveStatic(req, res, source, ROOT, rawPath);
        return;
      }
      await serveStatic(req, res, rawPath);
    } catch (err) {
      if (res.headersSent) { res.destroy(err); return; }
      const status = err && err.status ? err.status : 500;
      sendError(res, status, req.method, status === 413 ? 'Requête trop volumineuse' : 'Erreur du serveur', String(err && err.message || err));
    }
  };
}

export async function startServer({ port = 0, host = '127.0.0.1' } = {}) {
  const reports = [];
  const restLog = [];
  const server = http.createServer(createHandler(reports, restLog));
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  const shownHost = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  let closed = null;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    port: actualPort,
    reports,
    restLog,
    close() {
      if (!closed) {
        closed = new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      return closed;
    },
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(port|host)(?:=(.*))?$/.exec(a);
    if (!m) {
      if (a === '--help' || a === '-h') {
        console.log('Usage: node www/server.mjs [--port N] [--host H]');
        process.exit(0);
      }
      console.error(`Unknown argument: ${a}`);
      process.exit(2);
    }
    const value = m[2] !== undefined ? m[2] : argv[++i];
    if (value === undefined) { console.error(`Missing value for --${m[1]}`); process.exit(2); }
    if (m[1] === 'port') {
      if (!/^\d+$/.test(value) || Number(value) > 65535) { console.error(`Invalid port: ${value}`); process.exit(2); }
      out.port = Number(value);
    } else {
      out.host = value;
    }
  }
  return out;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const srv = await startServer({ port: opts.port ?? 8123, host: opts.host ?? '127.0.0.1' });
  console.log(`Demo intranet: ${srv.url}`);
  const stop = () => { srv.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
