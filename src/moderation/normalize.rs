//! The normalisation pipeline that every word-level matcher works on, with a position
//! map back to the original text.
//!
//! Output shape: `" tok tok tok "` — normalised tokens separated by exactly one space,
//! with a space at both ends, so that a pattern `" term "` can only ever match whole
//! tokens (word boundaries come for free from the shape of the text).
//!
//! Steps, in order:
//! 1. per character ([`char_fold`]): case, diacritics, full-width / mathematical /
//!    circled forms, Cyrillic and Greek look-alikes, ligatures; invisible characters
//!    (zero-width, soft hyphen, combining marks) vanish so they cannot split a word;
//! 2. tokenisation: letters and digits make words; `@ $ ! | € * #` stay *inside* a word
//!    when a letter or digit follows (`s@lope`, `b!te`, `f*ck`, `f**k`), otherwise they
//!    are separators (an exclamation mark after a word is punctuation, not a leet `i`).
//!    Apostrophes and hyphens separate (`t'es` → `t es`, `casse-toi` → `casse toi`),
//!    the lexicons are normalised the same way;
//! 3. leet, only in tokens that contain a letter (`c0n`, `b1te`, `m€rde`) so numbers,
//!    dates and prices stay digits;
//! 4. repeated letters, language-aware: French and English legitimately double letters
//!    (`connard` ≠ `conard`, `salle` ≠ `sale`, `ass` ≠ `as`), so a double is never
//!    touched; only runs of three or more are emphasis. A vowel run becomes one vowel
//!    (`puuuute` → `pute`), a consonant run two consonants (`connnnard` → `connard`),
//!    or one at the start of a word, where no French or English word doubles a letter;
//! 5. separators: three or more one-letter tokens separated by at most two spacing
//!    characters (`c o n n a r d`, `c.o.n`, `c-o-n`, `d é t e s t e`) join into one token.
//!
//! Masks (`f*ck`) are kept as `*`/`#` in the token: only a lexicon knows which word
//! they hide (see `lexicon::Lexicon::unmask`).

use super::char_fold::fold;
use std::cell::RefCell;
use std::ops::Range;

/// One normalised word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in [`Normalized::text`].
    pub norm: Range<usize>,
    /// Byte range in the original text (first to last character of the word).
    pub orig: Range<usize>,
    /// A clause starts right before this token (start of text, `. ! ? , ; : ( "` …).
    pub clause_start: bool,
    /// A clause ends right after this token.
    pub clause_end: bool,
    /// Index of the sentence the token belongs to (sentences end at `. ! ? …` and line
    /// breaks, not after `M.` or a one-letter initial).
    pub sentence: usize,
    /// The token still holds mask characters (`*`, `#`).
    pub masked: bool,
}

/// A normalised text and its map back to the original.
///
/// The map is not stored per character: every character of the normalised text is a
/// space or a character of a token, so its origin follows from the tokens (a token's
/// `k`-th character is the `k`-th of its units, the space before a token covers the gap
/// since the previous one). Only the units are kept, as normalisation left them.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    /// The folded characters; token `i`'s characters are `units[unit_start[i]..]`.
    units: Vec<Unit>,
    unit_start: Vec<usize>,
    tokens: Vec<Token>,
    original_len: usize,
    /// When the text was normalised from a folded copy with one byte per character
    /// ([`new_latin`]): the original byte offset of each character, then the length.
    /// Empty when that copy is the original itself (ASCII).
    char_starts: Vec<u32>,
}

/// Buffers kept on the thread between normalisations, emptied: a dropped
/// [`Normalized`]'s own, and the scratch of [`new_latin`] and [`new_ascii`]. Most
/// drafts are short, and their five or six allocations and frees were a fixed cost of
/// every analysis. Only capacity is carried over: what the buffers held is no more
/// reachable than freed memory.
struct Spare {
    text: String,
    units: Vec<Unit>,
    unit_start: Vec<usize>,
    tokens: Vec<Token>,
    char_starts: Vec<u32>,
    folded: Vec<u8>,
    waiting: Vec<AsciiToken>,
}

thread_local! {
    static SPARE: RefCell<Spare> = const {
        RefCell::new(Spare {
            text: String::new(),
            units: Vec::new(),
            unit_start: Vec::new(),
            tokens: Vec::new(),
            char_starts: Vec::new(),
            folded: Vec::new(),
            waiting: Vec::new(),
        })
    };
}

/// The longest text whose buffers are kept: a paste's would stay allocated for nothing.
const SPARE_MAX_LEN: usize = 4096;

/// Takes a spare buffer (empty).
fn spare<T: Default>(field: impl FnOnce(&mut Spare) -> &mut T) -> T {
    // `try_with`: not while the thread is being torn down.
    SPARE
        .try_with(|s| std::mem::take(field(&mut s.borrow_mut())))
        .unwrap_or_default()
}

/// Gives buffers back, for a text of `len` bytes: they are emptied by `give`.
fn give_back(len: usize, give: impl FnOnce(&mut Spare)) {
    if len <= SPARE_MAX_LEN {
        let _ = SPARE.try_with(|s| give(&mut s.borrow_mut()));
    }
}

/// Empties `v` and makes it the spare `to`.
fn keep<T>(to: &mut Vec<T>, mut v: Vec<T>) {
    v.clear();
    *to = v;
}

impl Drop for Normalized {
    fn drop(&mut self) {
        give_back(self.original_len, |s| {
            s.text = std::mem::take(&mut self.text);
            s.text.clear();
            keep(&mut s.units, std::mem::take(&mut self.units));
            keep(&mut s.unit_start, std::mem::take(&mut self.unit_start));
            keep(&mut s.tokens, std::mem::take(&mut self.tokens));
            // An ASCII text has none: keep a Latin text's for the next one.
            if self.char_starts.capacity() > s.char_starts.capacity() {
                keep(&mut s.char_starts, std::mem::take(&mut self.char_starts));
            }
        });
    }
}

/// A character of the original after folding, with the bytes it came from.
#[derive(Clone, Copy, Debug)]
struct Unit {
    ch: char,
    start: usize,
    end: usize,
}

struct RawToken {
    /// Range of this token's characters in the units: normalisation rewrites them in
    /// place (a token only ever gets shorter), the gaps between tokens stay as read.
    chars: Range<usize>,
    /// Units between the previous token and this one (its leading separators).
    gap_before: Range<usize>,
    units: Range<usize>,
    /// In-word symbols were read into the token (only then can it hold a mask).
    symbols: bool,
}

/// Symbols that may stand for a letter (leet) or hide one (mask) inside a word.
const fn is_in_word_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '!' | '|' | '€' | '*' | '#')
}

/// `char::is_alphanumeric`, without the Unicode tables for ASCII.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// `char::is_alphabetic`, without the Unicode tables for ASCII.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#')
}

fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' | '€' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '|' => 'l',
        _ => c,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn is_sentence_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n' | '\r' | '\u{2029}')
}

fn is_clause_punct(c: char) -> bool {
    is_sentence_punct(c)
        || matches!(
            c,
            ',' | ';'
                | ':'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '"'
                | '«'
                | '»'
                | '“'
                | '”'
                | '–'
                | '—'
                | '/'
        )
}

/// Tokens after which a full stop is an abbreviation, not the end of a sentence.
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "pr", "st", "ste", "me", "cf",
    "etc", "ex", "p", "n", "vs", "jr", "sr",
];

/// Whether a full stop after this (normalised) token is an abbreviation's.
pub(crate) fn is_abbreviation(token: &str) -> bool {
    token.chars().count() == 1 || ABBREVIATIONS.contains(&token)
}

/// Spacing characters that may glue one-letter tokens into a word (`c.o.n`).
fn is_joining_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '_' | '/' | '|' | '+' | '~' | '·' | '*' | '\u{A0}' | '\u{202F}'
    )
}

impl Normalized {
    /// Normalises `original`. Never panics, whatever the input.
    pub fn new(original: &str) -> Normalized {
        if original.is_ascii() {
            return new_ascii(original);
        }
        new_latin(original).unwrap_or_else(|| new_general(original))
    }

    /// The normalised text: `" tok tok "`.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalised text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.norm.clone()))
            .unwrap_or("")
    }

    /// Number of characters in the normalised text.
    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }

    /// Original byte range of the normalised character number `index`.
    pub fn original_range_of_char(&self, index: usize) -> Option<Range<usize>> {
        let (at, _) = self.text.char_indices().nth(index)?;
        Some(self.origin_at(at))
    }

    /// Original byte range of the normalised character at byte `at` (a character
    /// boundary inside the text).
    fn origin_at(&self, at: usize) -> Range<usize> {
        // The first token starting after `at`: `at` is in the one before, or is the
        // space before this one.
        let next = self.tokens.partition_point(|t| t.norm.start <= at);
        if let Some(t) = next.checked_sub(1).map(|k| &self.tokens[k]) {
            if at < t.norm.end {
                let k = self.text[t.norm.start..at].chars().count();
                return self.char_origin(next - 1, k);
            }
        }
        match (next.checked_sub(1), self.tokens.get(next)) {
            // The space before a token: the gap since the previous token.
            (Some(prev), Some(t)) => {
                let (a, b) = (self.tokens[prev].orig.end, t.orig.start);
                a.min(b)..a.max(b)
            }
            (None, Some(_)) => 0..0,
            // The final space.
            (_, None) => self.original_len..self.original_len,
        }
    }

    /// Original byte range of the `k`-th character of token `i`.
    fn char_origin(&self, i: usize, k: usize) -> Range<usize> {
        match self.unit_start[i] {
            // A word copied as it is: its k-th character is the k-th byte of the
            // folded copy, which is the original's byte or character of that number.
            s if s & COPIED != 0 => {
                let at = (s & !COPIED) + k;
                match self.char_starts.get(at..at + 2) {
                    Some(&[a, b]) => a as usize..b as usize,
                    _ => at..at + 1,
                }
            }
            s => {
                let u = &self.units[s + k];
                u.start..u.end
            }
        }
    }

    /// Offset of the first character at or after byte `b`, if any.
    fn char_from(&self, b: usize) -> Option<usize> {
        (b..self.text.len()).find(|&i| self.text.is_char_boundary(i))
    }

    /// Original byte range covered by a normalised byte range (from the first to the
    /// last normalised character inside it). An empty or out-of-range input gives an
    /// empty range at the nearest position.
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        let first = self.char_from(norm.start).filter(|&f| f < norm.end);
        let Some(first) = first else {
            let at = self
                .char_from(norm.start)
                .map(|f| self.origin_at(f).start)
                .unwrap_or(self.original_len);
            return at..at;
        };
        // The last character starting before `norm.end`.
        let mut last = norm.end.min(self.text.len()) - 1;
        while !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let start = self.origin_at(first).start;
        let end = self.origin_at(last).end.max(start);
        start..end
    }

    /// Index of the token whose normalised range starts at `norm_start`.
    pub fn token_starting_at(&self, norm_start: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.norm.start < norm_start);
        (self.tokens.get(i)?.norm.start == norm_start).then_some(i)
    }

    /// Index of the token whose normalised range ends at `norm_end`.
    pub fn token_ending_at(&self, norm_end: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.norm.end < norm_end);
        (self.tokens.get(i)?.norm.end == norm_end).then_some(i)
    }

    /// Rewrites token `i` in place with a text of the same byte length and character
    /// count (used to unmask `f*ck` → `fuck`), so every offset stays valid.
    pub fn replace_token_text(&mut self, i: usize, replacement: &str) -> bool {
        let Some(token) = self.tokens.get(i) else {
            return false;
        };
        let range = token.norm.clone();
        let Some(current) = self.text.get(range.clone()) else {
            return false;
        };
        if current.len() != replacement.len()
            || current.chars().count() != replacement.chars().count()
        {
            return false;
        }
        // Same number of characters: the token's k-th character still comes from its
        // k-th unit.
        self.text.replace_range(range.clone(), replacement);
        let masked = replacement.chars().any(is_mask);
        self.tokens[i].masked = masked;
        true
    }
}

/// The general pipeline: every character folded into units, then the steps.
fn new_general(original: &str) -> Normalized {
    let mut units = fold_units(original);
    let mut raw = tokenize(&units);
    for t in &mut raw {
        // Most tokens are plain words: one pass says neither step changes them.
        if is_plain_word(&units[t.chars.clone()]) {
            continue;
        }
        apply_leet(&mut units[t.chars.clone()]);
        let len = collapse_repeats(&mut units[t.chars.clone()]);
        t.chars = t.chars.start..t.chars.start + len;
    }
    let raw = join_spaced_letters(raw, &mut units);
    assemble(&raw, units, original.len())
}

/// Flags the `unit_start` of a token copied lower-cased from [`new_ascii`]'s input,
/// with no units; the other bits are where the token starts in that input.
const COPIED: usize = 1 << (usize::BITS - 1);

/// [`new_general`] for a text whose every character folds to one character that
/// [`new_ascii`] can stand for (most French text: `é` → `e`, `’`, `«`, `…`): the
/// text is folded into an ASCII copy, one byte per character, that path normalises
/// it, and the offsets are mapped back to the original. `None` (the general
/// pipeline) when some character folds to several or none (`œ`, zero-width), or to
/// a letter, digit or in-word symbol outside ASCII (`€`, Greek).
fn new_latin(original: &str) -> Option<Normalized> {
    let len = u32::try_from(original.len()).ok()?;
    let bytes = original.as_bytes();
    let mut folded = spare(|s| &mut s.folded);
    folded.reserve(bytes.len());
    let mut char_starts = spare(|s| &mut s.char_starts);
    char_starts.reserve(bytes.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        // `len` fits in u32, so does every offset.
        let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
        folded.extend_from_slice(&bytes[i..i + run]);
        char_starts.extend((i..i + run).map(|k| k as u32));
        i += run;
        if let Some(c) = original[i..].chars().next() {
            folded.push(stand_in(c)?);
            char_starts.push(i as u32);
            i += c.len_utf8();
        }
    }
    char_starts.push(len);
    let folded = String::from_utf8(folded).ok()?;
    let mut n = new_ascii(&folded);
    let at = |k: usize| char_starts[k] as usize;
    for t in &mut n.tokens {
        t.orig = at(t.orig.start)..at(t.orig.end);
    }
    for u in &mut n.units {
        (u.start, u.end) = (at(u.start), at(u.end));
    }
    n.original_len = original.len();
    n.char_starts = char_starts;
    give_back(n.original_len, |s| keep(&mut s.folded, folded.into_bytes()));
    Some(n)
}

/// The ASCII byte that stands for a non-ASCII character in [`new_latin`]'s copy:
/// its fold when that is one ASCII character, else a byte of the same kind for the
/// tokeniser and the gap rules (a separator that ends a sentence, one that ends a
/// clause, one that may join spaced letters, or none of these).
fn stand_in(c: char) -> Option<u8> {
    const LATIN: std::ops::Range<u32> = 0x80..0x180;
    const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;
    static TABLES: std::sync::OnceLock<[Vec<u8>; 2]> = std::sync::OnceLock::new();
    let [latin, punctuation] = TABLES.get_or_init(|| {
        [LATIN, PUNCTUATION].map(|r| {
            r.map(|u| char::from_u32(u).and_then(stand_in_uncached).unwrap_or(0))
                .collect()
        })
    });
    let u = c as u32;
    let cached = if LATIN.contains(&u) {
        latin[(u - LATIN.start) as usize]
    } else if PUNCTUATION.contains(&u) {
        punctuation[(u - PUNCTUATION.start) as usize]
    } else {
        return stand_in_uncached(c);
    };
    (cached != 0).then_some(cached)
}

fn stand_in_uncached(c: char) -> Option<u8> {
    let &[d] = fold(c).as_slice() else {
        return None;
    };
    if d.is_ascii() && !d.is_ascii_uppercase() {
        return Some(d as u8);
    }
    if is_word_char(d) || is_in_word_symbol(d) {
        return None;
    }
    match (
        is_sentence_punct(d),
        is_clause_punct(d),
        is_joining_separator(d),
    ) {
        (true, true, false) => Some(b'?'),
        (false, true, false) => Some(b'"'),
        (false, false, true) => Some(b'~'),
        (false, false, false) => Some(b'%'),
        _ => None,
    }
}

/// A token of an ASCII text: its bytes, and its units only when a step rewrote it.
struct AsciiToken {
    /// Byte range of the token in the original (the letters of a joined run: from
    /// its first to its last letter).
    bytes: Range<usize>,
    /// Separators between the previous token and this one, bytes of the original.
    gap_before: Range<usize>,
    /// Its characters in the units, when leet, repeats or joining rewrote them.
    units: Option<Range<usize>>,
    symbols: bool,
}

impl AsciiToken {
    /// One letter, as the joining step of spaced letters (`c o n`) sees it: a copied
    /// token of one byte (a plain word is letters only), or a rewritten one of one
    /// alphabetic unit.
    fn is_single_letter(&self, units: &[Unit]) -> bool {
        match &self.units {
            None => self.bytes.len() == 1,
            Some(u) => u.len() == 1 && units[u.start].ch.is_alphabetic(),
        }
    }
}

/// [`new_general`] for an ASCII text, with the same result: one pass over the bytes
/// finds the tokens, and a plain word (letters only, no run of three: most of them) is
/// copied lower-cased with no unit; only the other tokens get units for leet and
/// repeats. Every ASCII byte is one unit of its own lower-cased character, so the
/// tokens, gaps and steps are those of the general pipeline.
fn new_ascii(original: &str) -> Normalized {
    let bytes = original.as_bytes();
    let n = bytes.len();
    let kind = |i: usize| bytes.get(i).map_or(0, |&b| ASCII_KIND[usize::from(b)]);
    let mut units = spare(|s| &mut s.units);
    let mut out = AsciiAssembly {
        text: spare(|s| &mut s.text),
        tokens: spare(|s| &mut s.tokens),
        unit_start: spare(|s| &mut s.unit_start),
        sentence: 0,
    };
    out.text.reserve(n + 2);
    // About one token per six characters in prose: sized once.
    out.tokens.reserve(n / 6 + 4);
    out.unit_start.reserve(n / 6 + 4);
    // Tokens are assembled as soon as read, but for a streak of one-letter tokens:
    // three of them may join (`c o n`), so a streak waits, and from its third token
    // on every later one waits too, for the joining step (rare: spaced letters, or
    // French elisions such as `il y a d'`).
    let mut waiting = spare(|s| &mut s.waiting);
    let mut joining = false;
    let mut i = 0;
    let mut gap_start = 0;
    while i < n {
        let first = kind(i);
        let starts_word = first & WORD != 0 || (bytes[i] == b'$' && kind(i + 1) & LETTER != 0);
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        // Letters only and no run of three identical (lower-cased) characters so far:
        // the last two characters, lower-cased (`| 0x20` lower-cases a letter and
        // keeps a digit), are kept at hand.
        let mut plain = first & LETTER != 0;
        let (mut before, mut last) = (0, bytes[i] | 0x20);
        i += 1;
        let mut symbols = false;
        loop {
            while i < n {
                let b = bytes[i];
                let k = ASCII_KIND[usize::from(b)];
                if k & WORD == 0 {
                    break;
                }
                let lower = b | 0x20;
                plain &= k & LETTER != 0 && !(lower == last && lower == before);
                (before, last) = (last, lower);
                i += 1;
            }
            let mut j = i;
            while j - i < 3 && kind(j) & SYMBOL != 0 {
                j += 1;
            }
            if j > i && kind(j) & WORD != 0 {
                symbols = true;
                plain = false;
                i = j;
                continue;
            }
            break;
        }
        let token_units = (!plain).then(|| {
            let u0 = units.len();
            units.extend((start..i).map(|k| Unit {
                ch: char::from(bytes[k].to_ascii_lowercase()),
                start: k,
                end: k + 1,
            }));
            apply_leet(&mut units[u0..]);
            let len = collapse_repeats(&mut units[u0..]);
            units.truncate(u0 + len);
            u0..u0 + len
        });
        let token = AsciiToken {
            bytes: start..i,
            gap_before: gap_start..start,
            units: token_units,
            symbols,
        };
        gap_start = i;
        if joining || token.is_single_letter(&units) {
            waiting.push(token);
            joining |= waiting.len() >= 3;
        } else {
            for t in waiting.drain(..) {
                out.push(&t, original, &units);
            }
            out.push(&token, original, &units);
        }
    }
    if joining {
        waiting = join_spaced_ascii(waiting, bytes, &mut units);
    }
    for t in &waiting {
        out.push(t, original, &units);
    }
    give_back(n, |s| keep(&mut s.waiting, waiting));
    out.finish(units, n)
}

/// [`ASCII_KIND`] bits: a letter or digit, a letter, an in-word symbol.
const WORD: u8 = 1;
const LETTER: u8 = 2;
const SYMBOL: u8 = 4;

/// What [`new_ascii`]'s scan asks of each byte, in one table load.
static ASCII_KIND: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] |= WORD;
        }
        if c.is_ascii_alphabetic() {
            t[b] |= LETTER;
        }
        if is_in_word_symbol(c as char) {
            t[b] |= SYMBOL;
        }
        b += 1;
    }
    t
};

/// [`join_spaced_letters`] for [`new_ascii`]'s tokens: a joined run gets units.
fn join_spaced_ascii(
    tokens: Vec<AsciiToken>,
    bytes: &[u8],
    units: &mut Vec<Unit>,
) -> Vec<AsciiToken> {
    let joinable_gap = |gap: &Range<usize>| {
        (1..=2).contains(&gap.len())
            && bytes[gap.clone()]
                .iter()
                .all(|&b| is_joining_separator(char::from(b)))
    };
    let join = |run: &[AsciiToken], units: &mut Vec<Unit>| {
        let u0 = units.len();
        for t in run {
            let u = match &t.units {
                Some(u) => units[u.start],
                None => Unit {
                    ch: char::from(bytes[t.bytes.start].to_ascii_lowercase()),
                    start: t.bytes.start,
                    end: t.bytes.end,
                },
            };
            units.push(u);
        }
        let len = collapse_repeats(&mut units[u0..]);
        units.truncate(u0 + len);
        AsciiToken {
            bytes: run[0].bytes.start..run[run.len() - 1].bytes.end,
            gap_before: run[0].gap_before.clone(),
            units: Some(u0..u0 + len),
            symbols: false,
        }
    };
    join_letter_runs(
        tokens,
        units,
        |t, units| t.is_single_letter(units),
        |t, _| joinable_gap(&t.gap_before),
        join,
    )
}

/// The loop both token kinds share: runs of three or more one-letter tokens, each
/// after a joining gap, become one token through `join`; every other token stays.
fn join_letter_runs<T, C: ?Sized>(
    tokens: Vec<T>,
    ctx: &mut C,
    single_letter: impl Fn(&T, &C) -> bool,
    joins_run: impl Fn(&T, &C) -> bool,
    mut join: impl FnMut(&[T], &mut C) -> T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut run: Vec<T> = Vec::new();
    let mut flush = |run: &mut Vec<T>, out: &mut Vec<T>, ctx: &mut C| {
        if run.len() >= 3 {
            out.push(join(run, ctx));
            run.clear();
        } else {
            out.append(run);
        }
    };
    for t in tokens {
        if single_letter(&t, ctx) && (run.is_empty() || joins_run(&t, ctx)) {
            run.push(t);
            continue;
        }
        flush(&mut run, &mut out, ctx);
        if single_letter(&t, ctx) {
            run.push(t);
        } else {
            out.push(t);
        }
    }
    flush(&mut run, &mut out, ctx);
    out
}

/// Opens token `k` in `text` after a gap with these (clause, sentence) breaks: the
/// separating space, the sentence count and the previous token's clause end. Returns
/// where the token's normalised text starts.
fn begin_token(
    text: &mut String,
    tokens: &mut [Token],
    k: usize,
    (clause_break, sentence_break): (bool, bool),
    sentence: &mut usize,
) -> usize {
    text.push(' ');
    if k > 0 {
        if sentence_break {
            *sentence += 1;
        }
        if let Some(prev) = tokens.last_mut() {
            prev.clause_end = clause_break;
        }
    }
    text.len()
}

/// [`assemble`] for [`new_ascii`]'s tokens, fed one token at a time.
struct AsciiAssembly {
    text: String,
    tokens: Vec<Token>,
    unit_start: Vec<usize>,
    sentence: usize,
}

impl AsciiAssembly {
    fn push(&mut self, t: &AsciiToken, original: &str, units: &[Unit]) {
        let bytes = original.as_bytes();
        let k = self.tokens.len();
        let gap = &bytes[t.gap_before.clone()];
        let (clause_break, sentence_break) = match gap {
            [b' '] => (false, false),
            _ => classify_gap(
                gap.iter().map(|&b| char::from(b)),
                self.tokens.last().map(|p| &self.text[p.norm.clone()]),
            ),
        };
        let norm_start = begin_token(
            &mut self.text,
            &mut self.tokens,
            k,
            (clause_break, sentence_break),
            &mut self.sentence,
        );
        let (orig, masked) = match &t.units {
            None => {
                // ASCII: copied, then lower-cased in place.
                self.text.push_str(&original[t.bytes.clone()]);
                self.text[norm_start..].make_ascii_lowercase();
                self.unit_start.push(COPIED | t.bytes.start);
                (t.bytes.clone(), false)
            }
            Some(u) => {
                let chars = &units[u.clone()];
                self.text.extend(chars.iter().map(|c| c.ch));
                self.unit_start.push(u.start);
                let orig_start = chars.first().map_or(t.bytes.start, |c| c.start);
                let orig_end = chars.iter().map(|c| c.end).max().unwrap_or(orig_start);
                (
                    orig_start..orig_end,
                    t.symbols && chars.iter().any(|c| is_mask(c.ch)),
                )
            }
        };
        self.tokens.push(Token {
            norm: norm_start..self.text.len(),
            orig,
            clause_start: k == 0 || clause_break,
            clause_end: true,
            sentence: self.sentence,
            masked,
        });
    }

    fn finish(mut self, units: Vec<Unit>, original_len: usize) -> Normalized {
        self.text.push(' ');
        Normalized {
            text: self.text,
            units,
            unit_start: self.unit_start,
            tokens: self.tokens,
            original_len,
            char_starts: Vec::new(),
        }
    }
}

fn fold_units(original: &str) -> Vec<Unit> {
    let mut units = Vec::with_capacity(original.len());
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // A run of ASCII in one go (no capacity check per character).
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(bytes.len(), |k| i + k);
            units.extend(bytes[i..run].iter().enumerate().map(|(k, &b)| Unit {
                ch: char::from(b.to_ascii_lowercase()),
                start: i + k,
                end: i + k + 1,
            }));
            i = run;
            continue;
        }
        let c = original[i..].chars().next().unwrap_or('\u{FFFD}');
        let end = i + c.len_utf8();
        for &ch in fold(c).as_slice() {
            units.push(Unit { ch, start: i, end });
        }
        i = end;
    }
    units
}

/// Splits units into word tokens; everything between two tokens is their gap.
fn tokenize(units: &[Unit]) -> Vec<RawToken> {
    let is_word = |i: usize| units.get(i).is_some_and(|u| is_word_char(u.ch));
    // About one token per six characters in prose: sized once instead of grown.
    let mut tokens = Vec::with_capacity(units.len() / 6 + 4);
    let mut i = 0;
    let mut gap_start = 0;
    while i < units.len() {
        let starts_word = is_word(i)
            // `$alope`: a leading dollar followed by a letter is a leet `s`.
            || (units[i].ch == '$' && units.get(i + 1).is_some_and(|u| u.ch.is_alphabetic()));
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut symbols = false;
        loop {
            if is_word(i) {
                i += 1;
                continue;
            }
            // A short run of in-word symbols followed by a letter or digit stays inside.
            let mut j = i;
            while j < units.len() && j - i < 3 && is_in_word_symbol(units[j].ch) {
                j += 1;
            }
            if j > i && is_word(j) {
                symbols = true;
                i = j;
                continue;
            }
            break;
        }
        tokens.push(RawToken {
            chars: start..i,
            gap_before: gap_start..start,
            units: start..i,
            symbols,
        });
        gap_start = i;
    }
    tokens
}

/// Letters only and no run of three identical characters: what [`apply_leet`] and
/// [`collapse_repeats`] leave as it is.
fn is_plain_word(chars: &[Unit]) -> bool {
    chars.iter().enumerate().all(|(k, c)| {
        is_letter(c.ch) && !(k >= 2 && c.ch == chars[k - 1].ch && c.ch == chars[k - 2].ch)
    })
}

/// Leet substitutions, only in tokens that read as words: `b1te` → `bite`, `c0n` →
/// `con`, but `2024`, `14h30`, `1er`, `2nd` and the SMS `b1` stay as typed (a number
/// with a short letter suffix, or a single letter, is not a disguised word).
fn apply_leet(chars: &mut [Unit]) {
    let letters = chars.iter().filter(|c| is_letter(c.ch)).count();
    // Leet only rewrites digits and symbols: a word of letters stays as it is.
    if letters == chars.len() {
        return;
    }
    let starts_with_digit = chars.first().is_some_and(|c| c.ch.is_ascii_digit());
    if letters < 2 || (starts_with_digit && letters <= 3) {
        return;
    }
    for c in chars {
        if !is_mask(c.ch) {
            c.ch = leet(c.ch);
        }
    }
}

/// Shortens runs of three or more identical letters (see the module comment), in
/// place; returns the new length. The removed characters' bytes are given to the
/// character kept last, so the span of the token still covers the whole run.
fn collapse_repeats(chars: &mut [Unit]) -> usize {
    // Most words have no run of three: nothing to move.
    if !chars
        .windows(3)
        .any(|w| w[0].ch == w[1].ch && w[1].ch == w[2].ch)
    {
        return chars.len();
    }
    let mut out = 0;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i].ch;
        let mut j = i + 1;
        while j < chars.len() && chars[j].ch == ch {
            j += 1;
        }
        let run = j - i;
        let keep = if run < 3 || !ch.is_alphabetic() {
            run
        } else if is_vowel(ch) || i == 0 {
            1
        } else {
            2
        };
        let run_end = chars[j - 1].end;
        chars.copy_within(i..i + keep, out);
        out += keep;
        if keep < run {
            chars[out - 1].end = run_end;
        }
        i = j;
    }
    out
}

/// Joins runs of one-letter tokens (`c o n n a r d`, `c.o.n`) into one token. The
/// joined letters are written over the run's own units (its inner gaps are no longer
/// needed once the run is known).
fn join_spaced_letters(tokens: Vec<RawToken>, units: &mut [Unit]) -> Vec<RawToken> {
    let single_letter = |t: &RawToken, units: &[Unit]| {
        t.chars.len() == 1 && units[t.chars.start].ch.is_alphabetic()
    };
    // A run needs three one-letter tokens in a row: without one (most texts) every
    // token stays as it is, and the list is kept instead of moved into a new one.
    let mut in_a_row = 0;
    if !tokens.iter().any(|t| {
        in_a_row = if single_letter(t, units) {
            in_a_row + 1
        } else {
            0
        };
        in_a_row >= 3
    }) {
        return tokens;
    }
    let joinable_gap = |gap: &Range<usize>, units: &[Unit]| {
        let len = gap.end - gap.start;
        (1..=2).contains(&len)
            && units
                .get(gap.clone())
                .is_some_and(|g| g.iter().all(|u| is_joining_separator(u.ch)))
    };
    let join = |run: &[RawToken], units: &mut [Unit]| {
        let start = run[0].chars.start;
        for (k, t) in run.iter().enumerate() {
            units[start + k] = units[t.chars.start];
        }
        let len = collapse_repeats(&mut units[start..start + run.len()]);
        RawToken {
            chars: start..start + len,
            gap_before: run[0].gap_before.clone(),
            units: run[0].units.start..run[run.len() - 1].units.end,
            symbols: false,
        }
    };
    join_letter_runs(
        tokens,
        units,
        single_letter,
        |t, units| joinable_gap(&t.gap_before, units),
        join,
    )
}

/// Builds the final text and token list.
fn assemble(raw: &[RawToken], units: Vec<Unit>, original_len: usize) -> Normalized {
    let mut text = String::with_capacity(original_len + 2);
    let mut tokens: Vec<Token> = Vec::with_capacity(raw.len());
    let mut unit_start = Vec::with_capacity(raw.len());
    let mut sentence = 0;
    let mut prev_end = 0;

    for (k, t) in raw.iter().enumerate() {
        let t_chars = &units[t.chars.clone()];
        let gap = &units[t.gap_before.clone()];
        // Most gaps are one space: no break of either kind.
        let (clause_break, sentence_break) = match gap {
            [u] if u.ch == ' ' => (false, false),
            _ => classify_gap(
                gap.iter().map(|u| u.ch),
                tokens.last().map(|p| &text[p.norm.clone()]),
            ),
        };
        let norm_start = begin_token(
            &mut text,
            &mut tokens,
            k,
            (clause_break, sentence_break),
            &mut sentence,
        );
        text.extend(t_chars.iter().map(|c| c.ch));
        let orig_start = t_chars.first().map(|c| c.start).unwrap_or(prev_end);
        let orig_end = t_chars.iter().map(|c| c.end).max().unwrap_or(orig_start);
        prev_end = orig_end;
        unit_start.push(t.chars.start);
        tokens.push(Token {
            norm: norm_start..text.len(),
            orig: orig_start..orig_end,
            clause_start: k == 0 || clause_break,
            clause_end: true,
            sentence,
            masked: t.symbols && t_chars.iter().any(|c| is_mask(c.ch)),
        });
    }
    text.push(' ');
    Normalized {
        text,
        units,
        unit_start,
        tokens,
        original_len,
        char_starts: Vec::new(),
    }
}

/// Whether the separators between two tokens end a clause and/or a sentence.
fn classify_gap(gap: impl Iterator<Item = char>, previous_token: Option<&str>) -> (bool, bool) {
    let mut clause = false;
    let mut sentence = false;
    for ch in gap {
        if is_sentence_punct(ch) {
            let abbreviation = ch == '.'
                && previous_token
                    .is_some_and(|p| p.chars().count() == 1 || ABBREVIATIONS.contains(&p));
            if !abbreviation {
                sentence = true;
                clause = true;
            }
        } else if is_clause_punct(ch) {
            clause = true;
        }
    }
    (clause, sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).text().trim().to_string()
    }

    /// The original text behind the match of `needle` in the normalised text.
    fn original_of(s: &str, needle: &str) -> String {
        let n = Normalized::new(s);
        let at = n.text().find(needle).expect("needle in normalised text");
        s[n.original_range(at..at + needle.len())].to_string()
    }

    #[test]
    fn case_diacritics_and_whitespace() {
        assert_eq!(norm("  Élève   DÉJÀ\tlà "), "eleve deja la");
        assert_eq!(original_of("Voilà l'ÉLÈVE!", "eleve"), "ÉLÈVE");
    }

    #[test]
    fn apostrophes_and_hyphens_split_tokens() {
        assert_eq!(norm("T'es qu'un trou-du-cul"), "t es qu un trou du cul");
        assert_eq!(norm("aujourd’hui"), "aujourd hui");
    }

    #[test]
    fn leet_only_inside_words_with_letters() {
        assert_eq!(
            norm("c0n b1te m€rde s@lope $alope"),
            "con bite merde salope salope"
        );
        assert_eq!(
            norm("le 12/03/2024 à 14h30, 1er"),
            "le 12 03 2024 a 14h30 1er"
        );
        assert_eq!(norm("b1 1diot"), "b1 idiot");
        assert_eq!(original_of("gros c0n !", "con"), "c0n");
    }

    #[test]
    fn exclamation_after_a_word_is_punctuation() {
        let n = Normalized::new("Non! Pas ça!!!");
        assert_eq!(n.text(), " non pas ca ");
        assert!(n.tokens()[0].clause_end);
        assert_eq!(n.tokens()[1].sentence, 1);
        assert_eq!(norm("b!te"), "bite");
    }

    #[test]
    fn repeated_letters_are_language_aware() {
        // Legitimate doubles are never touched.
        assert_eq!(
            norm("connard conard salle sale ass as"),
            "connard conard salle sale ass as"
        );
        // Emphasis runs.
        assert_eq!(norm("puuuuute"), "pute");
        assert_eq!(norm("connnnnnard"), "connard");
        assert_eq!(norm("sssalope"), "salope");
        assert_eq!(norm("fuuuuck"), "fuck");
        assert_eq!(original_of("un connnnnard", "connard"), "connnnnard");
    }

    #[test]
    fn spaced_and_dotted_letters_join() {
        assert_eq!(norm("espèce de c o n n a r d"), "espece de connard");
        assert_eq!(norm("c.o.n"), "con");
        assert_eq!(norm("c-o-n-n-a-r-d !"), "connard");
        assert_eq!(norm("Je d é t e s t e"), "je deteste");
        assert_eq!(original_of("un c o n !", "con"), "c o n");
        // Two one-letter words are normal French, not obfuscation.
        assert_eq!(norm("il y a du monde"), "il y a du monde");
    }

    #[test]
    fn masks_are_kept_for_the_lexicon() {
        let n = Normalized::new("What the f*ck, f**k!");
        assert_eq!(n.text(), " what the f*ck f**k ");
        assert!(n.tokens()[2].masked);
        // A trailing star is a footnote mark, not a mask.
        assert_eq!(norm("prix*"), "prix");
    }

    #[test]
    fn confusables_full_width_and_invisible_characters() {
        assert_eq!(norm("ｃｏｎｎａｒｄ"), "connard");
        assert_eq!(norm("cоnnаrd"), "connard"); // Cyrillic о, а
        assert_eq!(norm("con\u{200B}nard"), "connard");
        assert_eq!(
            original_of("un con\u{200B}nard", "connard"),
            "con\u{200B}nard"
        );
        assert_eq!(norm("e\u{301}cole"), "ecole");
    }

    #[test]
    fn sentences_and_clauses() {
        let n = Normalized::new("M. Dupont a menti. Il, lui");
        let t = n.tokens();
        assert_eq!(t[1].sentence, 0, "M. is an abbreviation");
        assert_eq!(t[4].sentence, 1);
        assert!(t[4].clause_end, "comma ends a clause");
        assert!(t[0].clause_start);
    }

    #[test]
    fn char_map_points_into_the_original() {
        let s = "Ça ｖａ";
        let n = Normalized::new(s);
        assert_eq!(n.text(), " ca va ");
        assert_eq!(n.original_range_of_char(1), Some(0..2)); // 'c' ← 'Ç'
        assert_eq!(&s[n.original_range_of_char(4).unwrap()], "ｖ");
        assert_eq!(n.char_count(), 7);
    }

    #[test]
    fn unmasking_rewrites_in_place() {
        let mut n = Normalized::new("oh f*ck");
        assert!(n.replace_token_text(1, "fuck"));
        assert_eq!(n.text(), " oh fuck ");
        assert!(!n.tokens()[1].masked);
        assert!(!n.replace_token_text(1, "fucks"), "length must not change");
    }

    /// The character map as it used to be stored, one entry per normalised character
    /// (offset, original range), and `original_range` over it.
    fn stored_map(n: &Normalized) -> Vec<(usize, Range<usize>)> {
        let mut map = Vec::new();
        let mut prev_end = 0;
        for (k, t) in n.tokens.iter().enumerate() {
            let gap = if k == 0 {
                0..0
            } else {
                prev_end.min(t.orig.start)..t.orig.start.max(prev_end)
            };
            map.push((t.norm.start - 1, gap));
            for (j, (at, _)) in n.text[t.norm.clone()].char_indices().enumerate() {
                let u = n.char_origin(k, j);
                map.push((t.norm.start + at, u));
            }
            prev_end = t.orig.end;
        }
        map.push((n.text.len() - 1, n.original_len..n.original_len));
        map
    }

    fn original_range_over(
        map: &[(usize, Range<usize>)],
        len: usize,
        norm: Range<usize>,
    ) -> Range<usize> {
        let first = map.partition_point(|c| c.0 < norm.start);
        let after_last = map.partition_point(|c| c.0 < norm.end);
        if first >= after_last {
            let at = map.get(first).map(|c| c.1.start).unwrap_or(len);
            return at..at;
        }
        let start = map[first].1.start;
        start..map[after_last - 1].1.end.max(start)
    }

    #[test]
    fn origins_from_the_tokens_are_the_stored_map() {
        let mut rng = super::tests_support::XorShift(0x0819_1A55_C0DE);
        for i in 0..4000 {
            let s = if i % 2 == 0 {
                rng.string(40)
            } else {
                [
                    "c o n",
                    "f*ck",
                    "Élève",
                    "œuvre",
                    " ",
                    "puuuute",
                    "c.o.n",
                    "ｃｏｎ",
                    "x\u{200B}y",
                    "M. ",
                    "!!",
                ]
                .iter()
                .filter(|_| rng.next() % 2 == 0)
                .copied()
                .collect()
            };
            let mut n = Normalized::new(&s);
            if let Some(k) = n.tokens().iter().position(|t| t.masked) {
                let len = n.token_text(k).len();
                n.replace_token_text(k, &"x".repeat(len));
            }
            let map = stored_map(&n);
            assert_eq!(map.len(), n.char_count(), "{s:?}");
            for (index, (_, r)) in map.iter().enumerate() {
                assert_eq!(n.original_range_of_char(index), Some(r.clone()), "{s:?}");
            }
            let len = n.text().len();
            for a in 0..len + 2 {
                for b in a..len + 2 {
                    assert_eq!(
                        n.original_range(a..b),
                        original_range_over(&map, s.len(), a..b),
                        "{s:?} {a}..{b}"
                    );
                }
            }
        }
    }

    /// The ASCII path gives what the general pipeline gives: text, tokens and the
    /// origin of every character and range.
    #[test]
    fn ascii_path_is_the_general_pipeline() {
        const PIECES: &[&str] = &[
            "a",
            "B",
            "c",
            "o",
            "n",
            "x",
            "e",
            "i",
            "I",
            "0",
            "1",
            "3",
            "4",
            "5",
            "7",
            " ",
            " ",
            "  ",
            ".",
            ",",
            "-",
            "_",
            "/",
            "|",
            "+",
            "~",
            "*",
            "#",
            "@",
            "$",
            "!",
            "?",
            "'",
            "\n",
            ";",
            ":",
            "(",
            "\"",
            "M. ",
            "etc. ",
            "c o n",
            "c.o.n",
            "f*ck",
            "f**k",
            "puuuute",
            "CONNNARD",
            "aaa",
            "Aaa a a",
            "$alope",
            "s@lope",
            "b1te",
            "2024",
            "14h30",
            "x y z",
            "www",
            "Mr. ",
            "t'es",
            "!!!",
            "a..b..c",
            "a - b - c",
        ];
        let mut rng = super::tests_support::XorShift(0xA5C1_1BAD_5EED);
        for i in 0..20_000 {
            let s: String = if i % 3 == 0 {
                (0..rng.next() % 40)
                    .map(|_| char::from(0x20 + (rng.next() % 0x5F) as u8))
                    .collect()
            } else {
                (0..rng.next() % 16)
                    .map(|_| PIECES[(rng.next() as usize) % PIECES.len()])
                    .collect()
            };
            assert_same_normalization(&new_ascii(&s), &new_general(&s), &s);
        }
    }

    /// The same text, tokens and origin of every character and short range.
    fn assert_same_normalization(a: &Normalized, g: &Normalized, s: &str) {
        assert_eq!(a.text, g.text, "{s:?}");
        assert_eq!(a.tokens, g.tokens, "{s:?}");
        let count = g.char_count();
        for k in 0..count {
            assert_eq!(
                a.original_range_of_char(k),
                g.original_range_of_char(k),
                "{s:?} {k}"
            );
        }
        let len = g.text().len();
        for x in 0..len + 2 {
            for y in x..(x + 12).min(len + 2) {
                assert_eq!(a.original_range(x..y), g.original_range(x..y), "{s:?}");
            }
        }
    }

    /// The folded-copy path gives what the general pipeline gives, on texts mixing
    /// ASCII, accents, typographic punctuation and the characters it leaves to the
    /// general pipeline; it takes every text made of the former only.
    #[test]
    fn latin_path_is_the_general_pipeline() {
        const TAKEN: &[&str] = &[
            "é",
            "É",
            "à",
            "ç",
            "ÉLÈVE",
            "élève",
            "è",
            "ù",
            "ï",
            "ô",
            "ÿ",
            "ñ",
            "ø",
            "’",
            "‘",
            "«",
            "»",
            "“",
            "”",
            "…",
            "–",
            "—",
            "\u{A0}",
            "\u{202F}",
            "·",
            "×",
            "¿",
            "¡",
            "°",
            "§",
            "©",
            "ｃ",
            "＄",
            "！",
            "\u{2028}",
            "\u{2029}",
            "c",
            "o",
            "n",
            "a",
            "e",
            " ",
            " ",
            ".",
            ",",
            "-",
            "*",
            "#",
            "@",
            "$",
            "!",
            "?",
            "'",
            "\n",
            "1",
            "4",
            "0",
            "M. ",
            "c o n",
            "c.o.n",
            "f*ck",
            "puuuute",
            "s@lope",
            "b1te",
            "déééjà",
            "é é é",
            "c’est",
            "l’élève",
            "« con »",
            "x…y",
            "a\u{A0}b\u{A0}c",
            "é·t·é",
        ];
        const LEFT: &[&str] = &[
            "ß", "œ", "Œ", "€", "\u{200B}", "e\u{301}", "ﬁ", "α", "ж", "😀",
        ];
        let mut rng = super::tests_support::XorShift(0x1A71_F01D_ED17);
        for i in 0..20_000 {
            let left = i % 4 == 0;
            let s: String = (0..rng.next() % 16)
                .map(|_| {
                    let r = rng.next() as usize;
                    if left && r % 8 == 0 {
                        LEFT[(r >> 8) % LEFT.len()]
                    } else {
                        TAKEN[(r >> 8) % TAKEN.len()]
                    }
                })
                .collect();
            let g = new_general(&s);
            match new_latin(&s) {
                Some(l) => assert_same_normalization(&l, &g, &s),
                None => assert!(
                    s.chars().any(|c| LEFT.iter().any(|l| l.contains(c))),
                    "{s:?}"
                ),
            }
        }
        let mut rng = super::tests_support::XorShift(0x5EED_1A71);
        for _ in 0..5000 {
            let s = rng.string(40);
            if let Some(l) = new_latin(&s) {
                assert_same_normalization(&l, &new_general(&s), &s);
            }
        }
    }

    #[test]
    fn never_panics_and_spans_stay_valid_on_random_input() {
        let mut rng = super::tests_support::XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let s = rng.string(60);
            let n = Normalized::new(&s);
            assert!(n.text().starts_with(' ') && n.text().ends_with(' '));
            for t in n.tokens() {
                assert!(t.orig.start <= t.orig.end && t.orig.end <= s.len());
                assert!(s.is_char_boundary(t.orig.start) && s.is_char_boundary(t.orig.end));
                let r = n.original_range(t.norm.clone());
                assert!(s.get(r).is_some());
            }
            let len = n.text().len();
            let a = (rng.next() as usize) % (len + 3);
            let b = (rng.next() as usize) % (len + 3);
            let r = n.original_range(a.min(b)..a.max(b));
            assert!(s.get(r).is_some(), "{s:?}");
        }
    }
}

/// Random-input support shared by the robustness tests of the moderation modules.
#[cfg(test)]
pub(crate) mod tests_support {
    /// Tiny deterministic generator (no rand dependency).
    pub struct XorShift(pub u64);
    impl XorShift {
        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        /// A random string mixing ASCII, Latin-1, combining marks, full-width, emoji,
        /// CJK, confusables and arbitrary code points.
        pub fn string(&mut self, max_len: usize) -> String {
            let len = (self.next() % max_len as u64) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let r = self.next();
                let c = match r % 9 {
                    0 => char::from_u32(0x20 + (r >> 8) as u32 % 0x5F),
                    1 => char::from_u32(0xA0 + (r >> 8) as u32 % 0x180),
                    2 => char::from_u32(0x300 + (r >> 8) as u32 % 0x70),
                    3 => char::from_u32(0xFF01 + (r >> 8) as u32 % 0x5E),
                    4 => char::from_u32(0x1F300 + (r >> 8) as u32 % 0x300),
                    5 => [
                        '*', '@', '!', '.', ' ', '\n', '0', '1', '$', '#', '\u{200B}',
                    ]
                    .get((r >> 8) as usize % 11)
                    .copied(),
                    6 => char::from_u32(0x400 + (r >> 8) as u32 % 0x100),
                    7 => char::from_u32(0x1D400 + (r >> 8) as u32 % 0x400),
                    _ => char::from_u32((r >> 8) as u32 % 0x110000),
                };
                if let Some(c) = c {
                    s.push(c);
                }
            }
            s
        }
    }
}
