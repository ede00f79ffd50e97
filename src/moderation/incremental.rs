//! Incremental analysis of a draft being typed: after a keystroke only the sentence or
//! paragraph that changed is analysed again, and the findings are exactly those of
//! [`analyze`] on the whole draft (a test compares both over random edit sequences).
//!
//! How: the draft is cut into pieces at line breaks and at sentence ends the normaliser
//! is sure to read as such (see `pieces()`): no token, run of spaced letters or sentence
//! crosses such a cut. What the word-level detectors still read across one is a
//! lexicon, allowlist or confidentiality phrase written across it, the negation looked
//! for around an accusation or a hostile phrase, and quotation marks (counted from the
//! start of the paragraph); pieces are glued into one block exactly when one of those
//! could cross their cut (checked on the tokens that meet there, [`lexicon::Seams`],
//! [`super::context::may_negate`]). Each block's word-level findings, and each piece's
//! counts for the document-wide detectors, are cached under their own text: an edit
//! anywhere (typing, pasting, deleting across paragraphs) leaves every other piece's
//! entry valid, whatever moved, so there is no diff to get wrong. (Pieces and blocks
//! that end inside the prefix the draft shares with the last update are taken from
//! where they were, which saves hashing their text: same range there, same text.)
//! Document-wide detectors are recombined from the cached counts on every update: the
//! language of the whole draft (which decides `[lang:xx]` terms in sentences without a
//! majority: blocks that depend on it are recomputed when it changes), the shouting
//! runs that span sentences and lines, the SMS-speak share. Personal data is looked for on the whole
//! draft each time (a scan for `@` and digit clusters, then regexes only around them).
//!
//! Privacy: a [`DraftSession`] holds the current draft's pieces and blocks, as the
//! keys of its caches, in memory only and only for the lifetime of one composer; it
//! stores, logs and sends nothing, and everything it holds is dropped with it (entries
//! of text no longer in the draft, earlier states of the sentence being typed, are
//! dropped as soon as they outnumber the live ones).

use super::char_fold::fold;
use super::context::{may_negate, may_negate_after};
use super::language::{self, Lang};
use super::lexicon::{self, Seams};
use super::normalize::Normalized;
use super::shouting::{self, Segment};
use super::unreadable::{self, Signal};
use super::{
    analyze, confidential, finish, personal_data, wants_words, word_findings, word_findings_in,
};
use super::{AnalyzerConfig, Category, Finding};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::rc::Rc;

/// What the document-wide detectors need of one line, computed once per line text.
#[derive(Default)]
struct Line {
    starts_line: bool,
    /// The piece holds a quotation mark.
    has_quote: bool,
    /// The normalised tokens (masks resolved) that can meet another piece's in
    /// [`DraftSession::glue`]: the first three and the last three (all of them in a
    /// piece of six or fewer), joined by spaces: one allocation, not one per token.
    edge_tokens: String,
    /// French and English function words.
    counts: (u32, u32),
    segments: Vec<Segment>,
    exclamations: Vec<Finding>,
    counted: usize,
    flagged: Vec<(Range<usize>, Signal, usize)>,
}

/// The word-level findings of a block of lines, offsets from the block's start.
struct Block {
    findings: Vec<Finding>,
    lang_sensitive: bool,
    overall: Lang,
}

/// FNV-1a over 8-byte words: the cache keys are whole lines, hashed on every update.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h ^ w).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<Box<str>, V, BuildHasherDefault<Fnv>>;

/// The analyzer of one draft, kept while its composer lives (see the module comment
/// for what it holds and why it is exact).
pub struct DraftSession {
    config: AnalyzerConfig,
    /// Token pairs of the confidentiality markers and the configured terms.
    extra_pairs: HashSet<String>,
    /// Pieces inside a line and pieces that start one (their shouting segments differ).
    lines: [FastMap<Rc<Line>>; 2],
    blocks: FastMap<Rc<Block>>,
    /// The last update's pieces and blocks where they were: one that ends inside the
    /// prefix the new draft shares with the last one has the same text, so it is
    /// taken from here without hashing and comparing its text for the maps.
    placed_lines: Vec<(Piece, Rc<Line>)>,
    placed_blocks: Vec<(Range<usize>, Rc<Block>)>,
    last: Option<(String, Vec<Finding>)>,
}

impl DraftSession {
    pub fn new(config: AnalyzerConfig) -> DraftSession {
        let mut pairs = Seams::default();
        for p in confidential::marker_patterns()
            .iter()
            .chain(&confidential::term_patterns(&config.confidential_terms))
        {
            pairs.add_pairs(p);
        }
        DraftSession {
            config,
            extra_pairs: pairs.pairs,
            lines: Default::default(),
            blocks: FastMap::default(),
            placed_lines: Vec::new(),
            placed_blocks: Vec::new(),
            last: None,
        }
    }

    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Findings of `text`, equal to `analyze(text, config)`.
    pub fn update(&mut self, text: &str) -> Vec<Finding> {
        if let Some((previous, findings)) = &self.last {
            if previous == text {
                return findings.clone();
            }
        }
        let findings = self.analyze(text);
        // Keep the last text only to answer a repeated call (a focus, a caret move).
        let mut previous = self.last.take().map(|(t, _)| t).unwrap_or_default();
        previous.clear();
        previous.push_str(text);
        self.last = Some((previous, findings.clone()));
        findings
    }

    fn analyze(&mut self, text: &str) -> Vec<Finding> {
        let config = &self.config;
        // Very long pastes: one pass is as fast and needs no cache.
        if text.len() > 1 << 18 {
            self.lines = Default::default();
            self.blocks.clear();
            self.placed_lines.clear();
            self.placed_blocks.clear();
            return analyze(text, config);
        }
        let words = wants_words(config);
        let pieces = pieces(text);
        let same = self.last.as_ref().map_or(0, |(previous, _)| {
            common_prefix(previous.as_bytes(), text.as_bytes())
        });

        // Per-piece data, from the cache where the piece is unchanged. Pieces analysed
        // now keep their normalised text for their block (no second normalisation).
        let mut fresh: Vec<(usize, Normalized)> = Vec::new();
        let mut lines: Vec<Rc<Line>> = Vec::with_capacity(pieces.len());
        for (k, p) in pieces.iter().enumerate() {
            let s = &text[p.range.clone()];
            let map = usize::from(p.starts_line);
            let placed = self
                .placed_lines
                .get(k)
                .filter(|(q, _)| q.range == p.range && q.starts_line == p.starts_line)
                .filter(|(q, _)| q.range.end <= same)
                .map(|(_, l)| l.clone());
            let line = match placed.or_else(|| self.lines[map].get(s).cloned()) {
                Some(l) => l,
                None => {
                    let (l, n) = line_data(s, p.starts_line, config, words);
                    if let Some(n) = n {
                        fresh.push((k, n));
                    }
                    let l = Rc::new(l);
                    self.lines[map].insert(s.into(), l.clone());
                    l
                }
            };
            lines.push(line);
        }
        let ranges: Vec<Range<usize>> = pieces.iter().map(|p| p.range.clone()).collect();
        self.placed_lines = pieces.into_iter().zip(lines.iter().cloned()).collect();

        let mut findings: Vec<Finding> = Vec::new();
        if words {
            let (fr, en) = lines
                .iter()
                .fold((0, 0), |(f, e), l| (f + l.counts.0, e + l.counts.1));
            let overall = language::decide(fr, en);
            let glue = self.glue(&lines);
            let mut live_blocks: Vec<Range<usize>> = Vec::new();
            let mut placed_blocks = Vec::new();
            let mut a = 0;
            while a < ranges.len() {
                let mut b = a;
                while b < glue.len() && glue[b] {
                    b += 1;
                }
                let range = ranges[a].start..ranges[b].end;
                let s = &text[range.clone()];
                let placed = self
                    .placed_blocks
                    .get(placed_blocks.len())
                    .filter(|(r, _)| *r == range && r.end <= same)
                    .map(|(_, b)| b.clone());
                let from_map = placed.is_none();
                let cached = placed.or_else(|| self.blocks.get(s).cloned());
                let block = match cached {
                    Some(block) if !block.lang_sensitive || block.overall == overall => block,
                    _ => {
                        let mut found = Vec::new();
                        let normalized = (a == b)
                            .then(|| fresh.iter().find(|(k, _)| *k == a))
                            .flatten();
                        let lang_sensitive = match normalized {
                            Some((_, n)) => {
                                word_findings_in(s, n, config, Some(overall), &mut found)
                            }
                            None => word_findings(s, config, Some(overall), &mut found),
                        };
                        Rc::new(Block {
                            findings: found,
                            lang_sensitive,
                            overall,
                        })
                    }
                };
                findings.extend(block.findings.iter().map(|f| shifted(f, range.start)));
                if from_map && !self.blocks.contains_key(s) {
                    self.blocks.insert(s.into(), block.clone());
                }
                placed_blocks.push((range.clone(), block));
                live_blocks.push(range);
                a = b + 1;
            }
            prune(&mut self.blocks, text, &live_blocks);
            self.placed_blocks = placed_blocks;
        }
        prune(&mut self.lines[0], text, &ranges);
        prune(&mut self.lines[1], text, &ranges);
        if config.enabled(Category::PersonalData) {
            findings.extend(personal_data::find(text));
        }
        // Capitals findings start at a segment with letters, half of them capitals: most
        // drafts have none, and need no document-wide segment list.
        let may_shout = || {
            lines.iter().any(|l| {
                l.segments
                    .iter()
                    .any(|s| s.letters > 0 && s.upper * 2 >= s.letters)
            })
        };
        if config.enabled(Category::Shouting) && may_shout() {
            let segments: Vec<Segment> = lines
                .iter()
                .zip(&ranges)
                .flat_map(|(l, r)| {
                    l.segments.iter().map(move |s| Segment {
                        range: s.range.start + r.start..s.range.end + r.start,
                        ..s.clone()
                    })
                })
                .collect();
            findings.extend(shouting::caps(text, &segments));
        }
        if config.enabled(Category::Shouting) {
            for (l, r) in lines.iter().zip(&ranges) {
                findings.extend(l.exclamations.iter().map(|f| shifted(f, r.start)));
            }
        }
        if config.enabled(Category::Unreadable) {
            let counted = lines.iter().map(|l| l.counted).sum();
            let flagged: Vec<(Range<usize>, Signal, usize)> = lines
                .iter()
                .zip(&ranges)
                .flat_map(|(l, r)| {
                    l.flagged
                        .iter()
                        .map(move |(w, s, len)| (w.start + r.start..w.end + r.start, *s, *len))
                })
                .collect();
            findings.extend(unreadable::findings(counted, flagged.iter()));
        }
        finish(text, config, findings)
    }

    /// `glue[i]`: lines `i` and `i + 1` must be analysed together, because a phrase
    /// could span their boundary or a negation be looked for across it.
    fn glue(&self, lines: &[Rc<Line>]) -> Vec<bool> {
        let seams = lexicon::builtin().seams();
        let mut glue = vec![false; lines.len().saturating_sub(1)];
        // Only tokens near a cut are ever looked at below (a token's three predecessors
        // and its successor), so each piece's first and last three stand for all of it.
        let flat: Vec<(usize, &str)> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.edge_tokens.is_empty())
            .flat_map(|(i, l)| l.edge_tokens.split(' ').map(move |t| (i, t)))
            .collect();
        let mut set = |from: usize, to: usize| {
            for g in &mut glue[from..to] {
                *g = true;
            }
        };
        // Quotes are counted from the start of the paragraph: a piece after a quotation
        // mark in the same line stays with it.
        let mut quoted = false;
        for (i, l) in lines.iter().enumerate() {
            if l.starts_line {
                quoted = false;
            }
            quoted |= l.has_quote;
            if quoted && i + 1 < lines.len() && !lines[i + 1].starts_line {
                set(i, i + 1);
            }
        }
        let mut buf = String::new();
        for k in 0..flat.len() {
            let (line, token) = flat[k];
            if k > 0 && flat[k - 1].0 != line {
                let before = flat[k - 1].1;
                if seams.pair(before, token, &mut buf) || {
                    buf.clear();
                    buf.push_str(before);
                    buf.push(' ');
                    buf.push_str(token);
                    self.extra_pairs.contains(buf.as_str())
                } {
                    set(flat[k - 1].0, line);
                }
            }
            // A negation is looked for in the 3 tokens before such a phrase and the one
            // after it: glue when one of those is in another piece and could count.
            // (Only tokens next to a cut are looked up.)
            let from = k.saturating_sub(3);
            if flat[from].0 != line
                && (from..k).any(|j| flat[j].0 != line && may_negate(flat[j].1))
                && seams.negatable_first.contains(token)
            {
                set(flat[from].0, line);
            }
            if let Some(&(next, next_token)) = flat.get(k + 1) {
                if next != line
                    && may_negate_after(next_token)
                    && seams.negatable_last.contains(token)
                {
                    set(line, next);
                }
            }
        }
        glue
    }
}

/// Drops the entries of text no longer in the draft once they outnumber the live ones
/// (old versions of the piece being typed), so the cache stays the size of the draft.
fn prune<V>(map: &mut FastMap<V>, text: &str, live: &[Range<usize>]) {
    if map.len() <= 2 * live.len() + 16 {
        return;
    }
    let keep: HashSet<&str> = live.iter().map(|r| &text[r.clone()]).collect();
    map.retain(|k, _| keep.contains(&**k));
}

fn shifted(f: &Finding, by: usize) -> Finding {
    Finding {
        start: f.start + by,
        end: f.end + by,
        ..f.clone()
    }
}

/// The length of the longest common prefix of `a` and `b`, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let words = a
        .chunks_exact(8)
        .zip(b.chunks_exact(8))
        .take_while(|(x, y)| {
            u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]])
                == u64::from_le_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]])
        })
        .count();
    let at = words * 8;
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// A stretch of the draft analysed on its own unless glued to its neighbours.
#[derive(Clone)]
struct Piece {
    range: Range<usize>,
    /// The piece starts a line (after a line break, or the draft's start).
    starts_line: bool,
}

/// Cuts the draft at line breaks (the break belongs to no piece) and after sentence
/// ends that are certain to be read as such by the normaliser: `.`, `!` or `?` then a
/// space, after a plain word of at least two different letters that is no
/// abbreviation (`M.`, `etc.`, a single initial). At such a cut no token, no run of
/// spaced letters and no sentence crosses, so a piece's tokens are the draft's.
fn pieces(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut starts_line = true;
    // Only line breaks and sentence marks can make a cut: jump from one to the next.
    let mut at = 0;
    while let Some(j) = next_mark(bytes, at) {
        at = j + 1;
        if bytes[j] == b'\n' {
            out.push(Piece {
                range: start..j,
                starts_line,
            });
            start = j + 1;
            starts_line = true;
            continue;
        }
        // A mark then a space, the space at `i`.
        let i = j + 1;
        if bytes.get(i) == Some(&b' ') && i > start + 3 && sentence_end_before(&text[start..j]) {
            out.push(Piece {
                range: start..i,
                starts_line,
            });
            start = i;
            starts_line = false;
        }
    }
    out.push(Piece {
        range: start..text.len(),
        starts_line,
    });
    out
}

/// The first line break or `.`, `!`, `?` at or after `from`, eight bytes at a time.
fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `w` is `t` (exact: the classic zero-byte test).
    let has = |w: u64, t: u8| {
        let v = w ^ (ONES * u64::from(t));
        v.wrapping_sub(ONES) & !v & HIGH != 0
    };
    let mut p = from.min(bytes.len());
    while let Some(chunk) = bytes.get(p..p + 8) {
        let w = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if has(w, b'\n') || has(w, b'.') || has(w, b'!') || has(w, b'?') {
            break;
        }
        p += 8;
    }
    bytes[p..]
        .iter()
        .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?'))
        .map(|k| p + k)
}

/// Whether `before` (the text up to a sentence mark) ends with a word the normaliser
/// reads as a plain word of two letters or more that is not an abbreviation: letters
/// that each fold to one ASCII letter (`é` → `e`), no run of three (which would be
/// shortened), two different last letters, and before it a space, a line break, an
/// apostrophe, a comma or an opening bracket (not a digit, a leet or mask symbol).
fn sentence_end_before(before: &str) -> bool {
    let mut folded: Vec<u8> = Vec::with_capacity(32);
    let mut preceding = None;
    for c in before.chars().rev() {
        let f = fold(c);
        match f.as_slice() {
            [l] if c.is_alphabetic() && l.is_ascii_lowercase() && folded.len() < 32 => {
                folded.push(*l as u8);
            }
            _ => {
                preceding = Some(c);
                break;
            }
        }
    }
    if folded.len() < 2 || !preceding.is_none_or(|c| matches!(c, ' ' | '\n' | '\'' | '(' | ',')) {
        return false;
    }
    folded.reverse();
    if folded.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
        || folded[folded.len() - 1] == folded[folded.len() - 2]
    {
        return false;
    }
    let word = std::str::from_utf8(&folded).unwrap_or("");
    !crate::moderation::normalize::is_abbreviation(word)
}

fn line_data(
    s: &str,
    starts_line: bool,
    config: &AnalyzerConfig,
    words: bool,
) -> (Line, Option<Normalized>) {
    let mut line = Line {
        starts_line,
        // `«` and `»` start with 0xC2, `“` and `”` with 0xE2: most pieces have none.
        has_quote: s.bytes().any(|b| matches!(b, b'"' | 0xC2 | 0xE2))
            && s.contains(['«', '»', '“', '”', '"']),
        ..Line::default()
    };
    let mut normalized = None;
    if words {
        let mut n = Normalized::new(s);
        lexicon::builtin().unmask(&mut n);
        let count = n.tokens().len();
        for i in (0..count).filter(|&i| i < 3 || i + 3 >= count) {
            if !line.edge_tokens.is_empty() {
                line.edge_tokens.push(' ');
            }
            line.edge_tokens.push_str(n.token_text(i));
        }
        line.counts = language::sentence_counts(&n)
            .iter()
            .fold((0, 0), |(f, e), &(a, b)| (f + a, e + b));
        normalized = Some(n);
    }
    if config.enabled(Category::Shouting) {
        line.segments = shouting::segments(s, 0, starts_line);
        line.exclamations = shouting::find_exclamations(s);
    }
    if config.enabled(Category::Unreadable) {
        let t = unreadable::tally(s, 0);
        line.counted = t.counted;
        line.flagged = t.flagged;
    }
    (line, normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moderation::normalize::tests_support::XorShift;

    const PIECES: &[&str] = &[
        "Bonjour à tous, la réunion est décalée à jeudi.",
        "Thanks for the update.",
        "Espèce de connard !",
        "fils de",
        "pute",
        "Je vais te tuer.",
        "Paul a détourné des fonds.",
        "Je ne",
        "déteste les",
        "musulmans",
        "don't",
        "hate",
        "jean.dupont@exemple.fr",
        "06 12 34 56 78",
        "commande n°",
        "CONFIDENTIEL",
        "ne pas",
        "diffuser",
        "JE NE LE RÉPÉTERAI PAS",
        "RENDEZ LES RAPPORTS",
        "!!!",
        "slt",
        "mdr",
        "c koi",
        "retard",
        "the",
        "le",
        "bite",
        "f*ck",
        "c o n",
        "pain",
        "bâtard",
        "«",
        "»",
        "\"",
        "\n",
        "\n",
        "\n\n",
        " ",
        " ",
        ". ",
        "é",
        "x",
        "M.",
        "etc.",
        "c.",
        "Non! ",
        "Quoi? ",
        "aaa. ",
        "Dupont. ",
        "fin. ",
        "ok. ",
        "été. ",
        "Noël! ",
        "déjà. ",
        "Mme. ",
        "n'a pas",
        "ne les",
        "jamais",
        "didn't",
        "volé",
        "les réfugiés sont des parasites",
    ];

    /// Random edits (insertions, deletions, replacements anywhere, typing at the end)
    /// give exactly the findings of a full analysis after every step.
    #[test]
    fn incremental_equals_full_analysis_over_random_edits() {
        let configs = [
            AnalyzerConfig::default(),
            AnalyzerConfig {
                confidential_terms: vec!["projet éole".into(), "Acme".into()],
                min_severity: 2,
                ..AnalyzerConfig::default()
            },
        ];
        let mut rng = XorShift(0xD4AF_7E55_1017);
        for config in &configs {
            for _ in 0..150 {
                let mut session = DraftSession::new(config.clone());
                let mut text = String::new();
                for _ in 0..80 {
                    let piece = PIECES[(rng.next() % PIECES.len() as u64) as usize];
                    let boundaries: Vec<usize> = (0..=text.len())
                        .filter(|&i| text.is_char_boundary(i))
                        .collect();
                    let at = boundaries[(rng.next() % boundaries.len() as u64) as usize];
                    match rng.next() % 5 {
                        0 | 1 => text.insert_str(at, piece),
                        2 => {
                            let to =
                                boundaries[(rng.next() % boundaries.len() as u64) as usize].max(at);
                            let to = to.min(at + 30);
                            let to = (to..=text.len())
                                .find(|&i| text.is_char_boundary(i))
                                .unwrap_or(text.len());
                            text.replace_range(at..to, "");
                        }
                        _ => {
                            // Typing at the end, one character at a time.
                            for c in piece.chars() {
                                text.push(c);
                                assert_eq!(
                                    session.update(&text),
                                    analyze(&text, config),
                                    "{text:?}"
                                );
                            }
                            continue;
                        }
                    }
                    assert_eq!(session.update(&text), analyze(&text, config), "{text:?}");
                }
            }
        }
    }

    /// `pieces` as first written: every byte looked at.
    fn pieces_byte_by_byte(text: &str) -> Vec<(Range<usize>, bool)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let (mut start, mut starts_line) = (0, true);
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                out.push((start..i, starts_line));
                start = i + 1;
                starts_line = true;
            } else if b == b' '
                && i > start + 3
                && matches!(bytes[i - 1], b'.' | b'!' | b'?')
                && sentence_end_before(&text[start..i - 1])
            {
                out.push((start..i, starts_line));
                start = i;
                starts_line = false;
            }
        }
        out.push((start..text.len(), starts_line));
        out
    }

    #[test]
    fn pieces_jumping_from_mark_to_mark_are_the_byte_by_byte_pieces() {
        let mut rng = XorShift(0x51EC_E5CA_77E2);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..rng.next() % 40 {
                text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
                text.push_str([" ", ". ", "! ", "?", "\n", "", "..."][(rng.next() % 7) as usize]);
            }
            let got: Vec<(Range<usize>, bool)> = pieces(&text)
                .into_iter()
                .map(|p| (p.range, p.starts_line))
                .collect();
            assert_eq!(got, pieces_byte_by_byte(&text), "{text:?}");
        }
    }

    #[test]
    fn a_line_that_depends_on_the_drafts_language_follows_it() {
        // "bite" is only vulgar in French; alone on its line, the sentence takes the
        // language of the whole draft, which the other line decides.
        let config = AnalyzerConfig::default();
        let mut session = DraftSession::new(config.clone());
        let mut seen = Vec::new();
        for text in [
            "Quelle bite\nthe one and the other",
            "bite\nthe one and the other",
            "bite\nle un et le autre et les",
            "bite\nthe one and the other",
            "bite\n",
        ] {
            let findings = session.update(text);
            assert_eq!(findings, analyze(text, &config), "{text:?}");
            seen.push(findings.len());
        }
        assert_ne!(seen[1], seen[2], "the language change shows: {seen:?}");
    }

    #[test]
    fn phrases_and_negations_across_lines_glue_the_lines() {
        let config = AnalyzerConfig::default();
        for text in [
            "Quel fils de\npute",
            "Je ne\ndéteste pas les musulmans",
            "Paul n'a\njamais volé",
            "pain\nbâtard",
            "ne pas\ndiffuser",
            "JE NE LE RÉPÉTERAI PAS\nRENDEZ LES RAPPORTS\nMERCI",
            "slt\n\nmdr\nok",
        ] {
            let mut session = DraftSession::new(config.clone());
            assert_eq!(session.update(text), analyze(text, &config), "{text:?}");
        }
    }
}
