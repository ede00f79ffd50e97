#!/usr/bin/env bash
# Installs what `make build` / `make test` / `make demo` need, skipping what is already
# there, so it is cheap to run every time and works on a brand-new machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '[install] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Rust: wasm target and the lint components -------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

# --- wasm-bindgen CLI: exactly the crate's version, built once and cached --------------
# The cache lives outside the clone (CI clones afresh each time; the build takes
# 5-8 minutes on 2 cores). Override with ANIMATEUR_TOOLS_DIR.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
tools="${ANIMATEUR_TOOLS_DIR:-$HOME/.cache/animateur}/wasm-bindgen-$wb_version"
if ! "$tools/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  # Without --locked: the CLI's own lockfile pins crates the reachable index lacks.
  log "cargo install wasm-bindgen-cli $wb_version (several minutes, once)"
  cargo install wasm-bindgen-cli --version "$wb_version" --root "$tools"
fi

# --- Browsers from Debian (never a browser download) ---------------------------------
missing=()
for pkg in chromium chromium-driver firefox-esr; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- JS tools (test drivers, web-ext, binaryen's wasm-opt) ---------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready (wasm-bindgen $wb_version in $tools)"
