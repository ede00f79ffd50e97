#!/usr/bin/env bash
# Dictionary sweep of the lexicons (issue 4): runs every word of Debian's French and
# American English word lists, and every pair of adjacent words, through the analyzer,
# and rewrites
#   sweep-hits.tsv       every lexicon hit, for review in the diff of each lexicon change;
#   allowlist-sweep.tsv  ordinary compounds and word pairs a term merely lies inside
#                        (loaded by the analyzer beside allowlist.tsv).
# Whole-word hits are not allowed automatically: a dictionary also lists "connard".
# Polysemous whole words are settled by hand in the lexicons (see the tests).
# Re-run after any lexicon or normaliser change: bash src/moderation/lexicons/sweep.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

# The word lists, at the versions the committed results were made with.
declare -A want=([wfrench]=1.2.7-2 [wamerican]=2020.12.07-2)
for pkg in "${!want[@]}"; do
  have=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)
  if [[ -z "$have" ]]; then
    ${SUDO:-} apt-get install -y -qq "$pkg=${want[$pkg]}" >/dev/null \
      || ${SUDO:-} apt-get install -y -qq "$pkg" >/dev/null
    have=$(dpkg-query -W -f '${Version}' "$pkg")
  fi
  [[ "$have" == "${want[$pkg]}" ]] || echo "sweep: note: $pkg is $have, results were made with ${want[$pkg]}" >&2
done

# Sweep without the previous generated allowlist, so that every collision shows again.
printf '# emptied by sweep.sh while it runs\n' > "$here/allowlist-sweep.tsv"
(cd "$root" && nice cargo build --release --quiet --bin animateur)
python3 "$here/sweep.py" "$root/target/release/animateur" "$here" \
  /usr/share/dict/french /usr/share/dict/american-english
# Leave the command line built with the new allowlist.
(cd "$root" && nice cargo build --release --quiet --bin animateur)
