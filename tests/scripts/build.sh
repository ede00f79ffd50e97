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
node extension/build.mjs target/pkg dist
raw=$(stat -c %s target/pkg/animateur_bg.wasm)
gz=$(gzip -9c target/pkg/animateur_bg.wasm | wc -c)
echo "wasm: $raw bytes ($gz gzipped); glue: $(stat -c %s target/pkg/animateur.js) bytes"
