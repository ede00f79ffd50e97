//! Unreadable writing: SMS-speak ("slt", "stp", "c koi", "b1", "mdr"), long tokens
//! without vowels, and letters repeated for effect ("nooooon"). One such token is
//! colour; the finding appears when they make up a noticeable share of the text (at
//! least two, and a fifth of the words). A keyboard-mash token (7+ letters, no vowel)
//! is reported on its own.
//!
//! Works on the original words: capitals are kept as a signal (RH, DSI, SNCF are
//! acronyms, not vowel-less SMS), and apostrophes stay inside words ("c'est" is
//! standard French, a lone "c" is SMS).

use super::char_fold::fold;
use super::wordset::WordSet;
use super::{Category, Finding};
use std::ops::Range;
use std::sync::OnceLock;

pub const SMS_EXPLAIN: &str = "mod_unreadable_sms_explain";
pub const NO_VOWEL_EXPLAIN: &str = "mod_unreadable_novowel_explain";
pub const REPEAT_EXPLAIN: &str = "mod_unreadable_repeat_explain";
pub const SUGGEST: &str = "mod_unreadable_suggest";

/// SMS abbreviations (lower case, no accents). Abbreviations that are normal in
/// professional writing are left out on purpose: svp, rdv, cf, fyi, btw, asap, imo, cv;
/// so are one-letter words that are also French or units: y ("il y a"), g, k, n.
/// [`SMS_WORDS`] as a set: every word of a paste is looked up.
fn sms_words() -> &'static WordSet<()> {
    static SET: OnceLock<WordSet<()>> = OnceLock::new();
    SET.get_or_init(|| WordSet::of(SMS_WORDS))
}

const SMS_WORDS: &[&str] = &[
    // French
    "slt", "stp", "pk", "pq", "pkoi", "pourkoi", "koi", "kwa", "ki", "ke", "kan", "kom", "komen",
    "c", "t", "b1", "bi1", "mdr", "mdrr", "ptdr", "lol", "tkt", "jsp", "jsais", "chui", "chuis",
    "jvais", "jpeux", "jpp", "cc", "bjr", "bsr", "dsl", "pr", "ds", "dc", "bcp", "tjr", "tjrs",
    "tt", "qd", "qqn", "qq", "qqch", "vrmt", "mtn", "stv", "osef", "wsh", "ajd", "auj", "dmn",
    "2m1", "jtm", "oklm", "askip", "ptn", "tg", "nrv", "ct", "pa", "fo", "keske", "kestu", "ske",
    "jte", "m1", "biz", "bsx", // English
    "u", "ur", "r", "pls", "plz", "thx", "thks", "ty", "np", "idk", "omg", "lmao", "rofl", "gr8",
    "l8r", "b4", "2day", "2moro", "cya", "brb", "ttyl", "kk", "nvm", "smh", "tbh", "bc", "cuz",
    "coz",
];

/// Lower-case words without vowels that are ordinary.
const VOWELLESS_OK: &[&str] = &[
    "https", "http", "html", "xhtml", "shh", "pfft", "hmm", "mmm",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signal {
    Sms,
    NoVowel,
    Repeat,
}

/// A word of the original text: byte range and its folded form.
struct Word<'a> {
    range: Range<usize>,
    /// Lower-case, but for an ASCII word with capitals, left as written: such a word is
    /// neither looked up nor checked for vowels, and the repeat check ignores case, so
    /// it needs no lower-case copy.
    folded: &'a str,
    all_lower: bool,
    /// The folded form holds a letter (the word counts in the share).
    alphabetic: bool,
    /// What [`Scan`] read of the folded form.
    scan: Scan,
}

// Classes of a byte, as bits of [`CLASS`].
/// May be inside a word ("c'est", "a-t-il", "c++").
const INNER: u8 = 1;
const UPPER: u8 = 2;
const LETTER: u8 = 4;
/// Anything but an ASCII letter (bytes of other characters too).
const NOT_LETTER: u8 = 8;
/// A lower-case vowel (a word without one may be keyboard mash).
const VOWEL: u8 = 16;
/// Set by [`Scan`], not in the table: three identical letters in a row.
const EMPHASIS: u8 = 32;

/// The classes of each byte: one table load per byte of the text.
const CLASS: [u8; 256] = {
    let mut t = [NOT_LETTER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'+' | b'-') {
            k |= INNER;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        k |= if c.is_ascii_alphabetic() {
            LETTER
        } else {
            NOT_LETTER
        };
        if matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            k |= VOWEL;
        }
        t[b] = k;
        b += 1;
    }
    t
};

/// The classes of a word's bytes and whether it repeats a letter for effect, read in
/// the one pass that finds the word's end: each separate check over the word (letters,
/// vowels, runs) cost a loop and its mispredicted exit per word of every draft.
#[derive(Clone, Copy, Default)]
struct Scan {
    flags: u8,
    /// The last byte, case folded, and how many times in a row it came.
    last: u8,
    run: u8,
}

impl Scan {
    #[inline(always)]
    fn push(&mut self, b: u8, class: u8) {
        // Case ignored: `|0x20` lower-cases a letter (the run only counts in a word of
        // letters). w (www), x (xxx placeholders) and i (roman numerals) do not count.
        let c = b | 0x20;
        self.run = if c == self.last {
            self.run.saturating_add(1)
        } else {
            1
        };
        self.last = c;
        self.flags |= class;
        if self.run >= 3 && !matches!(c, b'w' | b'x' | b'i') {
            self.flags |= EMPHASIS;
        }
    }

    fn of(bytes: &[u8]) -> Scan {
        let mut s = Scan::default();
        for &b in bytes {
            s.push(b, CLASS[usize::from(b)]);
        }
        s
    }

    fn has(self, class: u8) -> bool {
        self.flags & class != 0
    }

    /// ASCII letters only (true of an empty word).
    fn letters_only(self) -> bool {
        !self.has(NOT_LETTER)
    }
}

/// ASCII bytes trimmed from a word's ends.
fn is_edge_ascii(b: u8) -> bool {
    matches!(b, b'\'' | b'-' | b'+')
}

/// Calls `each` on every word of `text`, folded into one reused buffer (no allocation
/// per word). A word all in ASCII (most of them) is read in one pass over its bytes;
/// one with other characters goes through [`general_word`]. `each` is called from one
/// place, where it is inlined.
fn for_each_word(text: &str, mut each: impl FnMut(&Word)) {
    let mut folded = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if CLASS[usize::from(b)] & INNER == 0 {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_inner(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A word starts at `i`: read its ASCII bytes.
        let start = i;
        let mut scan = Scan::default();
        while i < bytes.len() {
            let class = CLASS[usize::from(bytes[i])];
            if class & INNER == 0 {
                break;
            }
            scan.push(bytes[i], class);
            i += 1;
        }
        let w = if i < bytes.len() && !bytes[i].is_ascii() {
            // Other characters: the whole word the general way.
            let end = word_end(text, i);
            let w = general_word(text, start..end, &mut folded);
            i = end;
            match w {
                Some(w) => w,
                None => continue,
            }
        } else if is_edge_ascii(bytes[start]) || is_edge_ascii(bytes[i - 1]) {
            match ascii_word(text, start..i) {
                Some(w) => w,
                None => continue,
            }
        } else {
            Word {
                folded: &text[start..i],
                range: start..i,
                all_lower: !scan.has(UPPER),
                alphabetic: scan.has(LETTER),
                scan,
            }
        };
        each(&w);
    }
}

/// A word all in ASCII that starts or ends with an [edge](is_edge_ascii): trimmed.
fn ascii_word(text: &str, r: Range<usize>) -> Option<Word<'_>> {
    let start = r.start;
    let word = &text.as_bytes()[r];
    let lead = word.iter().take_while(|&&b| is_edge_ascii(b)).count();
    let trail = word[lead..]
        .iter()
        .rev()
        .take_while(|&&b| is_edge_ascii(b))
        .count();
    let raw = &word[lead..word.len() - trail];
    if raw.is_empty() {
        return None;
    }
    let range = start + lead..start + lead + raw.len();
    let scan = Scan::of(raw);
    Some(Word {
        folded: &text[range.clone()],
        range,
        all_lower: !scan.has(UPPER),
        alphabetic: scan.has(LETTER),
        scan,
    })
}

/// Apostrophes and hyphens stay inside ("c'est", "a-t-il"): a lone "c" or "t" is SMS.
fn is_inner(c: char) -> bool {
    // The letters of Latin-1 and Latin Extended-A/B (French accents) without the
    // Unicode tables' binary search, a lookup per accented letter of every draft.
    if matches!(c, '\u{C0}'..='\u{24F}') {
        return !matches!(c, '\u{D7}' | '\u{F7}');
    }
    is_inner_by_tables(c)
}

fn is_inner_by_tables(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '+' | '-')
}

/// The end of the word that holds the character at `from`.
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !is_inner(c))
        .map_or(text.len(), |(k, _)| from + k)
}

/// A word with characters other than ASCII: trimmed, folded, passed to `each`.
fn general_word<'a>(text: &'a str, r: Range<usize>, folded: &'a mut String) -> Option<Word<'a>> {
    let edges = ['\'', '’', '-', '+'];
    let untrimmed = &text[r.clone()];
    let raw = untrimmed.trim_start_matches(edges);
    let lead = untrimmed.len() - raw.len();
    let raw = raw.trim_end_matches(edges);
    let r = r.start + lead..r.start + lead + raw.len();
    if raw.is_empty() {
        return None;
    }
    let (word, all_lower): (&str, bool) = if raw.is_ascii() {
        (raw, !raw.bytes().any(|b| b.is_ascii_uppercase()))
    } else {
        folded.clear();
        folded.extend(raw.chars().flat_map(fold));
        (folded, !raw.chars().any(char::is_uppercase))
    };
    let alphabetic = if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        word.chars().any(char::is_alphabetic)
    };
    Some(Word {
        folded: word,
        all_lower,
        alphabetic,
        scan: Scan::of(word.as_bytes()),
        range: r,
    })
}

/// Parts of URLs and e-mail addresses are not words.
fn in_link(text: &str, r: &Range<usize>) -> bool {
    // Look at most this far for the link's other parts: without a bound, a 1 MB run
    // with no space (`f*f*f*…`, one word per letter) costs a full scan per word.
    const REACH: usize = 512;
    let mut lo = r.start.saturating_sub(REACH);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (r.end + REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let before = text[lo..r.start]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let after = text[r.end..hi]
        .split(char::is_whitespace)
        .next()
        .unwrap_or("");
    let word = &text[r.clone()];
    let parts = [before, word, after];
    // `://` contains `/`; only `www.` can straddle the parts, so only then join them.
    parts.iter().any(|p| p.contains(['@', '/']))
        || (parts.iter().any(|p| p.contains('w'))
            && format!("{before}{word}{after}").contains("www."))
}

fn signal(text: &str, w: &Word, sms: &WordSet<()>) -> Option<Signal> {
    // The link check looks around the word: do it only for words that would count.
    let signal = word_signal(w, sms)?;
    (!in_link(text, &w.range)).then_some(signal)
}

fn word_signal(w: &Word, sms: &WordSet<()>) -> Option<Signal> {
    let f = w.folded;
    if w.all_lower && sms.contains(f) {
        return Some(Signal::Sms);
    }
    let letters_only = w.scan.letters_only();
    if w.all_lower
        && letters_only
        && f.len() >= 5
        && !w.scan.has(VOWEL)
        && !VOWELLESS_OK.contains(&f)
    {
        return Some(Signal::NoVowel);
    }
    // A run of three needs three letters: no length check.
    if letters_only && w.scan.has(EMPHASIS) {
        return Some(Signal::Repeat);
    }
    None
}

/// What the SMS-speak share needs of a text: its words that count, and the flagged
/// ones (range, signal, folded length in bytes).
pub(crate) struct Tally {
    pub counted: usize,
    pub flagged: Vec<(Range<usize>, Signal, usize)>,
}

/// Counts and flags the words of `text`; `offset` is added to the ranges.
pub(crate) fn tally(text: &str, offset: usize) -> Tally {
    let mut counted = 0;
    let mut flagged = Vec::new();
    let sms = sms_words();
    for_each_word(text, |w| {
        if w.alphabetic {
            counted += 1;
        }
        if let Some(s) = signal(text, w, sms) {
            let r = w.range.start + offset..w.range.end + offset;
            flagged.push((r, s, w.folded.len()));
        }
    });
    Tally { counted, flagged }
}

/// The findings of words flagged in a text of `counted` words.
pub(crate) fn findings<'a>(
    counted: usize,
    flagged: impl Iterator<Item = &'a (Range<usize>, Signal, usize)> + Clone,
) -> Vec<Finding> {
    let n = flagged.clone().count();
    let share_ok = n >= 2 && n * 5 >= counted;
    let severity = if n >= 3 && n * 2 >= counted { 2 } else { 1 };
    flagged
        .filter(|(_, s, len)| share_ok || (*s == Signal::NoVowel && *len >= 7))
        .map(|(r, s, _)| {
            let key = match s {
                Signal::Sms => SMS_EXPLAIN,
                Signal::NoVowel => NO_VOWEL_EXPLAIN,
                Signal::Repeat => REPEAT_EXPLAIN,
            };
            Finding::new(Category::Unreadable, severity, r.clone(), key, SUGGEST)
        })
        .collect()
}

pub fn find(text: &str) -> Vec<Finding> {
    let t = tally(text, 0);
    findings(t.counted, t.flagged.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<String> {
        find(text)
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn sms_speak() {
        assert_eq!(spans("slt, tu px m'envoyer le doc stp ?"), ["slt", "stp"]);
        assert_eq!(spans("c koi le pb ? jsp mdr"), ["c", "koi", "jsp", "mdr"]);
        assert_eq!(spans("b1 vu, tkt"), ["b1", "tkt"]);
        assert_eq!(spans("ptdr nooooon"), ["ptdr", "nooooon"]);
        assert_eq!(find("c koi le pb ? jsp mdr")[0].severity, 2);
    }

    #[test]
    fn vowelless_and_repeats() {
        assert_eq!(spans("grrrrr pfffff"), ["grrrrr", "pfffff"]);
        assert_eq!(spans("Bonjour, voici le fichier dfghjkl"), ["dfghjkl"]);
    }

    #[test]
    fn latin_letters_are_inner_as_the_tables_say() {
        for c in '\0'..='\u{2FF}' {
            assert_eq!(is_inner(c), is_inner_by_tables(c), "{c:?}");
        }
    }

    #[test]
    fn ordinary_text_is_readable() {
        for text in [
            "Bonjour à tous, la réunion RH avec la DSI et la SNCF est reportée.",
            "C'est noté, je m'en occupe. Merci beaucoup !",
            "Le COVID-19 a changé nos habitudes de travail.",
            "Voir https://intranet.example.com/www/xxx et jean@exemple.fr svp.",
            "Mdr, excellente idée, je valide.",
            "Nooon, pas encore une réunion ! Bon, j'arrive.",
            "Louis XVIII, article III, www.exemple.fr",
            "RDV à 14h, CR à suivre, cf. pièce jointe.",
            "Y a-t-il du café ? Il y a 500 g de sucre et 2 t de sable.",
        ] {
            assert!(spans(text).is_empty(), "{text:?}: {:?}", spans(text));
        }
    }
}
