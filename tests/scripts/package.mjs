// `make package`: the built extension (dist/chromium, dist/firefox) as the files IT and
// the stores take, under dist/packages/:
//
//   animateur-<v>-store.zip     Chrome Web Store / Edge Add-ons upload (manifest without
//                               `key`: the stores refuse it and assign their own id)
//   animateur-<v>-firefox.xpi   Firefox package from `web-ext build` (unsigned; AMO signs it)
//   animateur-<v>.crx           CRX3 for self-hosting, signed with ANIMATEUR_CRX_KEY
//   updates.xml                 the update manifest naming that CRX (Chrome/Edge policy
//                               `update_url`)
//   packages.json               what was written: version, CRX id, files, SHA-256
//
// Environment:
//   ANIMATEUR_CRX_KEY           path to the RSA private key (PEM, PKCS#1 or PKCS#8) that
//                               signs the CRX. Unset: a development key is generated once
//                               in .keys/ (ignored by git) and reused. Never commit a key.
//   ANIMATEUR_UPDATE_BASE_URL   where the CRX will be served (codebase in updates.xml);
//                               default https://intranet.invalid/animateur/ (a placeholder)
//   ANIMATEUR_DIST              the build to package (default dist/)
//   ANIMATEUR_PACKAGE_DIR       the output directory (default dist/packages/)
//
// `--only=store,firefox,crx` limits what is written (the end-to-end tests make a CRX for
// their own local server). Re-running replaces the outputs; nothing else is touched.
//
// The CRX id comes from the signing key: the private half of the manifest's pinned
// development key is not available to anyone, so the packaged manifest carries the
// signing key's public half instead (same id packed or unpacked) and the id is printed.
// The CRX3 container is written here (format: components/crx_file/crx3.proto in
// Chromium): a zip, a signed header naming the id, one RSA-SHA256 proof.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEV_KEY_PATH = path.join(REPO_ROOT, '.keys', 'animateur-dev-crx.pem');
const DEFAULT_BASE_URL = 'https://intranet.invalid/animateur/';

class PackageError extends Error {}
const fail = (message) => { throw new PackageError(message); };

// ---------------------------------------------------------------------------
// Zip (deterministic: sorted entries, fixed time, no extra fields)
// ---------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Every file under `dir`, as sorted forward-slash relative paths. */
export function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

// 2026-01-01 00:00 in MS-DOS format: the same bytes for the same files on every run.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** A zip of `files` ({ name, data }), deflated where that is smaller. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    // extra, comment, disk, internal attributes: 0
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The extension directory as zip entries, with `manifest` in place of its manifest.json. */
function extensionEntries(dir, manifest) {
  return listFiles(dir).map((name) => ({
    name,
    data: name === 'manifest.json'
      ? Buffer.from(JSON.stringify(manifest, null, 2) + '\n')
      : readFileSync(path.join(dir, name)),
  }));
}

// ---------------------------------------------------------------------------
// Keys, extension ids, CRX3
// ---------------------------------------------------------------------------

/** The public key as Chromium stores it (SubjectPublicKeyInfo, DER). */
export function publicKeyDer(privateKey) {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

/** Chromium's extension id: the first 16 bytes of SHA-256(SPKI DER), hex digits 0-f as a-p. */
export function extensionIdFromDer(der) {
  return [...createHash('sha256').update(der).digest('hex').slice(0, 32)]
    .map((h) => String.fromCharCode(97 + parseInt(h, 16)))
    .join('');
}

/** Loads the signing key; generates the development key when no path is given. */
export function loadSigningKey(keyPath = process.env.ANIMATEUR_CRX_KEY, { log = console.log } = {}) {
  if (keyPath) {
    const p = path.resolve(keyPath);
    if (!existsSync(p)) fail(`ANIMATEUR_CRX_KEY=${keyPath}: no such file`);
    let key;
    try {
      key = createPrivateKey(readFileSync(p));
    } catch (e) {
      fail(`ANIMATEUR_CRX_KEY=${keyPath}: not a PEM private key (${e.message})`);
    }
    if (key.asymmetricKeyType !== 'rsa') {
      fail(`ANIMATEUR_CRX_KEY=${keyPath}: an RSA key is needed (CRX3 sha256_with_rsa), got ${key.asymmetricKeyType}`);
    }
    return { key, path: p, development: false };
  }
  if (!existsSync(DEV_KEY_PATH)) {
    mkdirSync(path.dirname(DEV_KEY_PATH), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(DEV_KEY_PATH, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(DEV_KEY_PATH, 0o600);
    log(`generated a development signing key: ${path.relative(REPO_ROOT, DEV_KEY_PATH)} (ignored by git)`);
  }
  return { key: createPrivateKey(readFileSync(DEV_KEY_PATH)), path: DEV_KEY_PATH, development: true };
}

function varint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** A protobuf length-delimited field. */
function field(number, bytes) {
  return Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
}

/** A CRX3 file around `zipBytes`, signed with `privateKey` (RSA, PKCS#1 v1.5, SHA-256). */
export function crx3(zipBytes, privateKey) {
  const der = publicKeyDer(privateKey);
  const crxId = createHash('sha256').update(der).digest().subarray(0, 16);
  const signedData = field(1, crxId); // SignedData { bytes crx_id = 1; }
  const lengthLe = Buffer.alloc(4);
  lengthLe.writeUInt32LE(signedData.length);
  const signature = sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), lengthLe, signedData, zipBytes]), privateKey);
  // CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2; bytes signed_header_data = 10000; }
  const header = Buffer.concat([field(2, Buffer.concat([field(1, der), field(2, signature)])), field(10000, signedData)]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zipBytes]);
}

const xmlAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function updatesXml({ id, version, codebase }) {
  return `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${xmlAttr(id)}'>
    <updatecheck codebase='${xmlAttr(codebase)}' version='${xmlAttr(version)}' />
  </app>
</gupdate>
`;
}

// ---------------------------------------------------------------------------
// The packages
// ---------------------------------------------------------------------------

function readManifest(dir) {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) fail(`${path.relative(process.cwd(), file) || file} not found: run \`make build\` first`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: not valid JSON (${e.message}); run \`make build\` again`);
  }
}

/** Writes `data` to `file` through a temporary name, so a failed run leaves no half file. */
function writeAtomically(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

export function storeZip({ distDir, outDir }) {
  const dir = path.join(distDir, 'chromium');
  const manifest = readManifest(dir);
  delete manifest.key; // the stores reject it and assign their own id
  const file = path.join(outDir, `animateur-${manifest.version}-store.zip`);
  writeAtomically(file, zip(extensionEntries(dir, manifest)));
  return file;
}

export function firefoxPackage({ distDir, outDir }) {
  const dir = path.join(distDir, 'firefox');
  const manifest = readManifest(dir);
  if (!manifest.browser_specific_settings?.gecko?.id) fail(`${dir}/manifest.json has no gecko id`);
  const name = `animateur-${manifest.version}-firefox.xpi`;
  const webExt = path.join(REPO_ROOT, 'node_modules', '.bin', 'web-ext');
  if (!existsSync(webExt)) fail('web-ext not found in node_modules: run `npm ci` (or `make install`)');
  const work = mkdtempSync(path.join(tmpdir(), 'animateur-webext-'));
  try {
    execFileSync(webExt, ['build', '--source-dir', dir, '--artifacts-dir', work, '--filename', name,
      '--overwrite-dest', '--no-config-discovery', '--no-input'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const file = path.join(outDir, name);
    writeAtomically(file, readFileSync(path.join(work, name)));
    return file;
  } catch (e) {
    if (e instanceof PackageError) throw e;
    fail(`web-ext build failed: ${e.stderr?.toString().trim() || e.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function selfHosted({ distDir, outDir, key, baseUrl }) {
  const dir = path.join(distDir, 'chromium');
  const manifest = readManifest(dir);
  const der = publicKeyDer(key);
  // The id follows the signing key; the manifest names the same key so that the
  // unpacked copy of this package has the same id as the installed CRX.
  manifest.key = der.toString('base64');
  const id = extensionIdFromDer(der);
  const crxName = `animateur-${manifest.version}.crx`;
  const crxFile = path.join(outDir, crxName);
  writeAtomically(crxFile, crx3(zip(extensionEntries(dir, manifest)), key));
  let base;
  try {
    base = new URL(baseUrl);
  } catch {
    fail(`ANIMATEUR_UPDATE_BASE_URL=${baseUrl}: not an absolute URL`);
  }
  if (!/^https?:$/.test(base.protocol)) fail(`ANIMATEUR_UPDATE_BASE_URL=${baseUrl}: http or https only`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const codebase = new URL(crxName, base).href;
  const xmlFile = path.join(outDir, 'updates.xml');
  writeAtomically(xmlFile, updatesXml({ id, version: manifest.version, codebase }));
  return { crxFile, xmlFile, id, codebase, version: manifest.version };
}

export function packageAll({
  distDir = path.resolve(process.env.ANIMATEUR_DIST || path.join(REPO_ROOT, 'dist')),
  outDir = path.resolve(process.env.ANIMATEUR_PACKAGE_DIR || path.join(REPO_ROOT, 'dist', 'packages')),
  only = ['store', 'firefox', 'crx'],
  keyPath = process.env.ANIMATEUR_CRX_KEY,
  baseUrl = process.env.ANIMATEUR_UPDATE_BASE_URL || DEFAULT_BASE_URL,
  log = console.log,
} = {}) {
  for (const kind of only) if (!['store', 'firefox', 'crx'].includes(kind)) fail(`unknown package kind "${kind}" (store, firefox, crx)`);
  mkdirSync(outDir, { recursive: true });
  const result = { version: readManifest(path.join(distDir, 'chromium')).version, files: {} };
  if (only.includes('store')) result.files.store = storeZip({ distDir, outDir });
  if (only.includes('firefox')) result.files.firefox = firefoxPackage({ distDir, outDir });
  if (only.includes('crx')) {
    const signing = loadSigningKey(keyPath, { log });
    const crx = selfHosted({ distDir, outDir, key: signing.key, baseUrl });
    Object.assign(result, { crxId: crx.id, codebase: crx.codebase, developmentKey: signing.development });
    result.files.crx = crx.crxFile;
    result.files.updates = crx.xmlFile;
    if (signing.development) log('CRX signed with the development key: set ANIMATEUR_CRX_KEY to the release key for a real deployment');
    if (baseUrl === DEFAULT_BASE_URL) log(`updates.xml points at the placeholder ${DEFAULT_BASE_URL}: set ANIMATEUR_UPDATE_BASE_URL`);
  }
  const listing = {
    version: result.version,
    ...(result.crxId ? { crxId: result.crxId, codebase: result.codebase } : {}),
    files: Object.fromEntries(Object.entries(result.files).map(([kind, f]) => {
      const data = readFileSync(f);
      return [kind, { name: path.basename(f), bytes: data.length, sha256: sha256(data) }];
    })),
  };
  writeAtomically(path.join(outDir, 'packages.json'), JSON.stringify(listing, null, 2) + '\n');
  for (const [kind, f] of Object.entries(listing.files)) log(`${kind.padEnd(8)} ${path.join(path.relative(process.cwd(), outDir) || '.', f.name)}  ${f.bytes} bytes  sha256 ${f.sha256}`);
  if (result.crxId) log(`CRX extension id: ${result.crxId} (from the signing key); codebase ${result.codebase}`);
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const onlyArg = process.argv.slice(2).find((a) => a.startsWith('--only='));
  const unknown = process.argv.slice(2).filter((a) => !a.startsWith('--only='));
  try {
    if (unknown.length) fail(`unknown argument ${unknown[0]}; usage: node tests/scripts/package.mjs [--only=store,firefox,crx]`);
    packageAll(onlyArg ? { only: onlyArg.slice(7).split(',').filter(Boolean) } : {});
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
