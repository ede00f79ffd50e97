#!/usr/bin/env bash
# web-ext lint on the Firefox build: prints every message, fails on any error.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx --no-install web-ext lint --source-dir dist/firefox --output json --no-config-discovery 2>/dev/null |
  node -e '
    let raw = ""; process.stdin.on("data", (d) => (raw += d)).on("end", () => {
      const r = JSON.parse(raw.slice(raw.indexOf("{")));
      for (const m of [...r.errors, ...r.warnings, ...r.notices]) console.log(`${m._type}: ${m.code} ${m.file ?? ""} ${m.message}`);
      console.log(`web-ext lint: ${r.errors.length} errors, ${r.warnings.length} warnings`);
      process.exit(r.errors.length ? 1 : 0);
    });'
