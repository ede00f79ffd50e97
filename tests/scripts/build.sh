#!/usr/bin/env bash
# Rust -> wasm -> wasm-bindgen glue -> wasm-opt -> dist/chromium and dist/firefox.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/scripts/env.sh
cargo build --release --target wasm32-unknown-unknown --lib
rm -rf target/pkg
wasm-bindgen --target web --no-typescript --out-dir target/pkg \
  ${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/animateur.wasm
# npm binaryen: Debian's wasm-opt is too old for wasm-bindgen's output.
wasm-opt -O3 target/pkg/animateur_bg.wasm -o target/pkg/animateur_bg.wasm

# The hints while writing as plain JS, for Chromium pages whose CSP refuses wasm in the
# content script (ARCHITECTURE.md, "Where wasm runs"). wasm2js handles neither reference
# types nor multi-value, which Rust enables by default: this build turns them off in its
# own target directory, strips symbols so that wasm-bindgen does not read std's feature
# section as "reference types on", and lowers bulk memory and saturating conversions.
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/js-composer" \
  RUSTFLAGS="-C target-feature=-reference-types,-multivalue -C strip=symbols" \
  cargo build --release --target wasm32-unknown-unknown --lib --features js-composer
rm -rf target/pkg-js
wasm-bindgen --target bundler --no-typescript --out-dir target/pkg-js \
  "${CARGO_TARGET_DIR:-target}/js-composer/wasm32-unknown-unknown/release/animateur.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --llvm-memory-copy-fill-lowering \
  --llvm-nontrapping-fptoint-lowering target/pkg-js/animateur_bg.wasm -o target/pkg-js/lowered.wasm
wasm2js -O3 target/pkg-js/lowered.wasm -o target/pkg-js/animateur_bg.wasm.js
node tests/scripts/js-composer.mjs target/pkg-js

node extension/build.mjs target/pkg dist target/pkg-js
raw=$(stat -c %s target/pkg/animateur_bg.wasm)
gz=$(gzip -9c target/pkg/animateur_bg.wasm | wc -c)
echo "wasm: $raw bytes ($gz gzipped); glue: $(stat -c %s target/pkg/animateur.js) bytes"
js=target/pkg-js/animateur_bg.wasm.js
echo "hints while writing as JS: $(stat -c %s $js) bytes ($(gzip -9c $js | wc -c) gzipped)"
