"""Second half of sweep.sh: runs the word lists through `animateur text` and writes
sweep-hits.tsv and allowlist-sweep.tsv. Standard library only."""
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

LEXICON_CATEGORIES = {"insult", "threat", "profanity", "identityAttack"}


def fold(s):
    """Lower case without diacritics, hyphens and apostrophes as spaces (what the
    analyzer's normaliser does to ordinary letters)."""
    s = unicodedata.normalize("NFD", s.lower())
    for possessive in ("'s", "’s"):
        s = s.removesuffix(possessive)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    for c in "-'’":
        s = s.replace(c, " ")
    return " ".join(s.split())


def run(cli, lines):
    """Lexicon hits per input line: [(category, matched text)]."""
    data = "".join(l + "\n" for l in lines).encode()
    out = subprocess.run([cli, "text"], input=data, capture_output=True, check=True).stdout
    hits = []
    for line, result in zip(lines, out.decode().splitlines()):
        raw = line.encode()
        found = [
            (f["category"], raw[f["start"]:f["end"]].decode())
            for f in json.loads(result).get("findings", [])
            if f["category"] in LEXICON_CATEGORIES
        ]
        hits.append(found)
    return hits


def main():
    cli, here = sys.argv[1], Path(sys.argv[2])
    rows, allow, swept = [], set(), 0
    for path in sys.argv[3:]:
        words = [w for w in Path(path).read_text(encoding="utf-8").split("\n") if w.strip()]
        source = Path(path).name
        single = run(cli, words)
        hit_words = set()
        for word, found in zip(words, single):
            for cat, text in found:
                hit_words.add(word)
                if fold(text) == fold(word):
                    kind = "word"  # the word itself is a term: reviewed by hand
                else:
                    kind = "inside"  # a term inside a compound (pique-nique)
                    allow.add(word)
                rows.append((source, kind, word, cat, text))
        pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
        swept += len(words) + len(pairs)
        for pair, found in zip(pairs, run(cli, pairs)):
            a, b = pair.split(" ", 1)
            for cat, text in found:
                if a in hit_words or b in hit_words:
                    continue  # already listed as a single word
                # A term made by the two words together ("c" + "on…"), or by one word
                # only in the other's company.
                rows.append((source, "pair", pair, cat, text))
                allow.add(pair)
    rows.sort()
    with open(here / "sweep-hits.tsv", "w", encoding="utf-8") as f:
        f.write("# Written by sweep.sh: lexicon hits on whole dictionaries (do not edit).\n")
        f.write("# kind: word = the word is a term (kept, reviewed by hand); inside = a term\n")
        f.write("# inside a compound; pair = two adjacent words (both allowlisted).\n")
        f.write("# source\tkind\tword\tcategory\tmatched\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    keep = set()
    keep_file = here / "sweep-keep.tsv"
    if keep_file.exists():
        keep = {
            l.split("\t")[0].strip()
            for l in keep_file.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")
        }
    with open(here / "allowlist-sweep.tsv", "w", encoding="utf-8") as f:
        f.write("# Written by sweep.sh (do not edit): dictionary compounds and adjacent word pairs\n")
        f.write("# in which a lexicon term is ordinary. Vulgar compounds stay out: sweep-keep.tsv.\n")
        for w in sorted(allow - keep):
            f.write(w + "\n")
    print(f"sweep: {swept} words and adjacent pairs")
    counts = {(Path(p).name, k): 0 for p in sys.argv[3:] for k in ("word", "inside", "pair")}
    for r in rows:
        counts[(r[0], r[1])] = counts.get((r[0], r[1]), 0) + 1
    for (source, kind), n in sorted(counts.items()):
        print(f"sweep: {source}: {n} {kind} hits")
    print(f"sweep: {len(allow - keep)} allowlisted, {len(allow & keep)} kept as vulgar")


main()
