// Demo intranet — development server (Node 20, node:http only).
//
//   node www/server.mjs [--port N] [--host H]
//   import { startServer } from './www/server.mjs';
//   const { url, port, close } = await startServer({ port: 0 });
//
// Serves www/ statically, adds the per-page headers declared in pages.json
// (Content-Security-Policy of the strict-CSP variants), substitutes a fresh
// nonce for {{nonce}} in those headers and in the HTML, serves the generated
// pages at /generated/<kind>.html?threads=N&replies=M, and collects CSP
// violation reports (POST /csp-report; GET or DELETE /csp-reports).

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

function createHandler(reports) {
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
  const server = http.createServer(createHandler(reports));
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
