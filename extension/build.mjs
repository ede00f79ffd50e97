// Assembles dist/chromium and dist/firefox from extension/ and the wasm-bindgen output.
// Usage: node extension/build.mjs <pkg-dir> <dist-dir> <pkg-js-dir>
// pkg-js: the hints while writing built as JS (build.sh), for Chromium only: Firefox
// compiles content-script wasm whatever the page's CSP.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSON5 from 'json5';

const here = dirname(fileURLToPath(import.meta.url));
const [pkgDir, distDir, pkgJsDir] = process.argv.slice(2);
if (!pkgDir || !distDir || !pkgJsDir) {
  console.error('usage: node extension/build.mjs <pkg-dir> <dist-dir> <pkg-js-dir>');
  process.exit(2);
}

const BROWSERS = ['chromium', 'firefox'];
const source = JSON5.parse(readFileSync(join(here, 'manifest.json5'), 'utf8'));

// An organisation's own build may grant its intranet hosts at install
// (ANIMATEUR_HOSTS="https://contoso.sharepoint.com/*,https://intranet.example.fr/*"),
// so that a force-installed extension needs no consent there.
const extraHosts = (process.env.ANIMATEUR_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
for (const host of extraHosts) {
  if (!/^(https?|\*):\/\/(\*|(\*\.)?[a-z0-9.-]+)\/.*$/i.test(host)) {
    console.error(`ANIMATEUR_HOSTS: '${host}' is not a match pattern like https://intranet.example.com/*`);
    process.exit(2);
  }
}
source.host_permissions = [...source.host_permissions, ...extraHosts];

/** Keeps unprefixed keys and those prefixed with this browser, dropping the prefix. */
export function manifestFor(browser, src) {
  const out = {};
  for (const [key, value] of Object.entries(src)) {
    const m = /^(\w+):(.+)$/.exec(key);
    if (!m) out[key] = value;
    else if (!BROWSERS.includes(m[1])) throw new Error(`unknown browser prefix in ${key}`);
    else if (m[1] === browser) out[m[2]] = value;
  }
  return out;
}

const FILES = [
  'content.js', 'csp.js', 'background.js', 'engine.html', 'engine.js', 'popup.html', 'popup.js',
  'options.html', 'options.js', 'ui.css', 'shared.js', 'managed_schema.json', '_locales', 'icons',
];

for (const browser of BROWSERS) {
  const out = join(distDir, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of FILES) cpSync(join(here, f), join(out, f), { recursive: true });
  cpSync(join(here, '..', 'src', 'adapters', 'profiles.json'), join(out, 'profiles.json'));
  mkdirSync(join(out, 'pkg'));
  for (const f of ['animateur.js', 'animateur_bg.wasm']) cpSync(join(pkgDir, f), join(out, 'pkg', f));
  // JS the Rust core imports (the batched DOM reader), which the glue loads by path.
  cpSync(join(pkgDir, 'snippets'), join(out, 'pkg', 'snippets'), { recursive: true });
  const manifest = manifestFor(browser, source);
  if (browser === 'chromium') {
    cpSync(pkgJsDir, join(out, 'pkg-js'), { recursive: true });
    // The loader looks for this entry to know that the JS build is there.
    manifest.web_accessible_resources[0].resources.push('pkg-js/*');
  }
  if (browser === 'firefox') rmSync(join(out, 'managed_schema.json'));
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`built ${out}`);
}
