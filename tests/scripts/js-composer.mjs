// Finishes the JavaScript build of the hints while writing (see build.sh): wasm2js turned
// the `js-composer` wasm into animateur_bg.wasm.js; this points wasm-bindgen's bundler
// glue at it, makes its memory growth visible to the glue and minifies it.
// Usage: node tests/scripts/js-composer.mjs <pkg-js-dir>
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/scripts/js-composer.mjs <pkg-js-dir>');
  process.exit(2);
}

/** Replaces `from` by `to` exactly `count` times, or stops the build: a new wasm-bindgen
 * or binaryen that writes these lines differently must be looked at, not shipped. */
function patch(file, from, to, count = 1) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const found = text.split(from).length - 1;
  if (found !== count) {
    console.error(`js-composer: expected ${count} × ${JSON.stringify(from)} in ${file}, found ${found}`);
    process.exit(1);
  }
  writeFileSync(path, text.replaceAll(from, to));
}

// The bundler glue imports the module as ES-module-integrated wasm; the JS build takes
// its place.
patch('animateur.js', 'from "./animateur_bg.wasm";', 'from "./animateur_bg.wasm.js";');
// wasm2js grows memory by copying into a new ArrayBuffer and keeps the old one alive.
// The glue caches views of `memory.buffer` and renews them only when the old buffer is
// detached, as a real wasm memory's is: without this, strings written after a growth
// would land in the stale copy. Transferring the old buffer away detaches it.
patch('animateur_bg.wasm.js', '   newHEAP8.set(HEAP8);\n',
  '   newHEAP8.set(HEAP8);\n   structuredClone(buffer, { transfer: [buffer] });\n');
// wasm2js writes indented code with long names (4.8 MB): minified, the package is 3.4 MB
// smaller and the module parses faster at the first focus in a text field.
const js = join(dir, 'animateur_bg.wasm.js');
writeFileSync(js, transformSync(readFileSync(js, 'utf8'), { minify: true, format: 'esm', legalComments: 'none' }).code);
rmSync(join(dir, 'animateur_bg.wasm'));
rmSync(join(dir, 'lowered.wasm'), { force: true });
