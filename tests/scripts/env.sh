# Sourced by the Makefile's recipes: puts the cached wasm-bindgen CLI and the npm tools
# on PATH.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$_root/Cargo.lock")
export PATH="${ANIMATEUR_TOOLS_DIR:-$HOME/.cache/animateur}/wasm-bindgen-$_wb/bin:$_root/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
unset _root _wb
