//! Shouting: long stretches in capitals and runs of exclamation marks. Works on the
//! original text, because case is exactly what the word normaliser throws away.
//!
//! A stretch is shouting when at least half of its letters are capitals over at least
//! 20 letters. Known acronyms (RH, DSI, SNCF, COVID…) are not counted either way, and a
//! short all-caps heading line followed by more text is a title, not a raised voice.

use super::char_fold::fold;
use super::wordset::WordSet;
use super::{Category, Finding};
use std::ops::Range;
use std::sync::OnceLock;

pub const CAPS_EXPLAIN: &str = "mod_shouting_caps_explain";
pub const EXCLAMATION_EXPLAIN: &str = "mod_shouting_exclamation_explain";
pub const SUGGEST: &str = "mod_shouting_suggest";

const MIN_LETTERS: usize = 20;
const MAX_TITLE_WORDS: usize = 8;

/// Acronyms common in French and English workplace writing: written in capitals by
/// convention, so they say nothing about the writer's tone.
const ACRONYMS: &[&str] = &[
    "rh",
    "drh",
    "dsi",
    "dg",
    "pdg",
    "dga",
    "daf",
    "cse",
    "ce",
    "cssct",
    "sncf",
    "ratp",
    "urssaf",
    "caf",
    "cpam",
    "rgpd",
    "tva",
    "siret",
    "siren",
    "pme",
    "tpe",
    "eti",
    "cdi",
    "cdd",
    "rtt",
    "smic",
    "covid",
    "onu",
    "ue",
    "usa",
    "uk",
    "it",
    "hr",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "kpi",
    "roi",
    "faq",
    "pdf",
    "url",
    "api",
    "ok",
    "asap",
    "nb",
    "ps",
    "rdv",
    "cr",
    "odj",
    "bu",
    "sap",
    "crm",
    "erp",
    "ia",
    "ai",
    "vip",
    "fyi",
    "eta",
    "tbd",
    "pj",
    "iban",
    "bic",
    "rib",
    "nir",
    "ssn",
    // Labels conventionally written in capitals.
    "confidentiel",
    "confidentielle",
    "confidential",
    "strictement",
    "strictly",
];

/// All shouting findings in `text`.
pub fn find(text: &str) -> Vec<Finding> {
    let mut out = if may_shout(text) {
        find_caps(text)
    } else {
        Vec::new()
    };
    out.extend(find_exclamations(text));
    out
}

/// Whether `text` has enough capitals for a finding: one needs [`MIN_LETTERS`] letters
/// of which at least half are capitals, so at least `MIN_LETTERS / 2` capitals.
fn may_shout(text: &str) -> bool {
    // One pass over the bytes: only a character's first byte of two or more is decoded
    // (most French letters are ASCII, and decoding every character cost more than the
    // count).
    let bytes = text.as_bytes();
    let mut upper = 0;
    for (i, &b) in bytes.iter().enumerate() {
        upper += if b.is_ascii() {
            usize::from(b.is_ascii_uppercase())
        } else if b >= 0xC0 {
            usize::from(text[i..].chars().next().is_some_and(char::is_uppercase))
        } else {
            0
        };
    }
    upper >= MIN_LETTERS / 2
}

fn acronyms() -> &'static WordSet<()> {
    static SET: OnceLock<WordSet<()>> = OnceLock::new();
    SET.get_or_init(|| WordSet::of(ACRONYMS))
}

/// The longest acronym, in bytes.
const MAX_ACRONYM: usize = 16;

/// The non-empty runs of alphanumeric characters of `s` (what splitting at every other
/// character leaves, without the empty pieces), ASCII read byte by byte.
fn words(s: &str) -> impl Iterator<Item = &str> {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let alnum_at = |i: usize| -> (bool, usize) {
            let b = bytes[i];
            if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        while i < bytes.len() {
            let (alnum, len) = alnum_at(i);
            if alnum {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (alnum, len) = alnum_at(i);
            if !alnum {
                break;
            }
            i += len;
        }
        Some(&s[start..i])
    })
}

/// Letters and capitals of a stretch, acronyms excluded.
fn count_letters(s: &str) -> (usize, usize) {
    let mut letters = 0;
    let mut upper = 0;
    for word in words(s) {
        if word.is_ascii() {
            // ASCII words: letters are all but digits, folding is lower-casing.
            let b = word.as_bytes();
            if b.iter().any(u8::is_ascii_digit) {
                continue;
            }
            let up = b.iter().filter(|c| c.is_ascii_uppercase()).count();
            if up > 0 && b.len() <= MAX_ACRONYM {
                let mut buf = [0u8; MAX_ACRONYM];
                buf[..b.len()].copy_from_slice(b);
                buf.make_ascii_lowercase();
                let lower = std::str::from_utf8(&buf[..b.len()]).unwrap_or("");
                if acronyms().contains(lower) {
                    continue;
                }
            }
            upper += up;
            letters += b.len();
            continue;
        }
        // Codes with digits (FR76, COVID-19's "19", B204) are not words.
        if word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        // Most words have no capital: count them without folding or looking up.
        if !word.chars().any(char::is_uppercase) {
            letters += word.chars().filter(|c| c.is_lowercase()).count();
            continue;
        }
        let folded: String = word.chars().flat_map(fold).collect();
        // Codes with digits (FR76, COVID-19's "19", B204) are not words.
        if acronyms().contains(&folded) || word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        for c in word.chars() {
            if c.is_uppercase() {
                upper += 1;
                letters += 1;
            } else if c.is_lowercase() {
                letters += 1;
            }
        }
    }
    (letters, upper)
}

/// Sentences (ending at `. ! ?` or a line break), as byte ranges, with a flag telling
/// whether the sentence is a whole line.
fn sentences(text: &str, starts_line: bool) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    // A text that starts inside a line (a part of a draft) has no line start before
    // its first line break.
    let mut line_start = if starts_line { 0 } else { usize::MAX };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c == '\n' {
            if start < i {
                out.push((start..i, start == line_start));
            }
            start = end;
            line_start = end;
        } else if matches!(c, '.' | '!' | '?' | '…') {
            let next_is_end = text[end..].chars().next().is_none_or(|n| n.is_whitespace());
            if next_is_end {
                out.push((start..end, false));
                start = end;
            }
        }
    }
    if start < text.len() {
        out.push((start..text.len(), start == line_start));
    }
    out
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

/// A sentence with its letter counts (acronyms and codes left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub range: Range<usize>,
    /// The sentence is a whole line.
    pub whole_line: bool,
    pub letters: usize,
    pub upper: usize,
}

/// The sentences of `text` with their counts, ranges shifted by `offset`. Sentences
/// never span a line break, so a text's segments are its lines' segments put together.
pub(crate) fn segments(text: &str, offset: usize, starts_line: bool) -> Vec<Segment> {
    sentences(text, starts_line)
        .into_iter()
        .map(|(r, whole_line)| {
            let (letters, upper) = count_letters(&text[r.clone()]);
            Segment {
                range: r.start + offset..r.end + offset,
                whole_line,
                letters,
                upper,
            }
        })
        .collect()
}

fn find_caps(text: &str) -> Vec<Finding> {
    caps(text, &segments(text, 0, true))
}

/// Capitals findings of `text` from its segments.
pub(crate) fn caps(text: &str, segments: &[Segment]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let (letters, upper) = (segments[i].letters, segments[i].upper);
        if letters == 0 || upper * 2 < letters {
            i += 1;
            continue;
        }
        // Extend over the following mostly-capital sentences.
        let (mut total_letters, mut total_upper) = (letters, upper);
        let mut j = i + 1;
        while j < segments.len() {
            let (l, u) = (segments[j].letters, segments[j].upper);
            if l == 0 || u * 2 < l {
                break;
            }
            total_letters += l;
            total_upper += u;
            j += 1;
        }
        let span = trim_range(text, segments[i].range.start..segments[j - 1].range.end);
        let is_title = j == i + 1
            && segments[i].whole_line
            && is_title_line(&text[span.clone()])
            && !text[span.end..].trim().is_empty();
        if total_letters >= MIN_LETTERS && !is_title {
            let severity = if total_upper * 10 >= total_letters * 8 {
                2
            } else {
                1
            };
            out.push(Finding::new(
                Category::Shouting,
                severity,
                span,
                CAPS_EXPLAIN,
                SUGGEST,
            ));
        }
        i = j;
    }
    out
}

/// A heading: a few words and no sentence punctuation.
fn is_title_line(line: &str) -> bool {
    !line.ends_with(['.', '!', '?']) && line.split_whitespace().count() <= MAX_TITLE_WORDS
}

/// Runs like `!!!`, `?!!`, `！！！` (three marks or more, at least two of them `!`).
pub(crate) fn find_exclamations(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    // A run needs two `!` (or full-width `！`).
    // `！` is EF BC 81: look for it only after its first byte.
    if !(text.as_bytes().contains(&b'!')
        || (text.as_bytes().contains(&0xEF) && text.contains('！')))
    {
        return out;
    }
    let mut run: Option<(usize, usize, usize)> = None; // start, count, bangs
    let mut flush = |run: Option<(usize, usize, usize)>, end: usize| {
        if let Some((start, count, bangs)) = run {
            if count >= 3 && bangs >= 2 {
                let severity = if bangs >= 5 { 2 } else { 1 };
                out.push(Finding::new(
                    Category::Shouting,
                    severity,
                    start..end,
                    EXCLAMATION_EXPLAIN,
                    SUGGEST,
                ));
            }
        }
    };
    let mut last_end = 0;
    for (i, c) in text.char_indices() {
        let bang = matches!(c, '!' | '！');
        if bang || matches!(c, '?' | '？') {
            let (start, count, bangs) = run.unwrap_or((i, 0, 0));
            run = Some((start, count + 1, bangs + usize::from(bang)));
        } else {
            flush(run.take(), i);
        }
        last_end = i + c.len_utf8();
    }
    flush(run, last_end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_non_empty_pieces_of_a_split_at_non_alphanumerics() {
        for s in [
            "",
            "   ",
            "JE NE SUIS PAS",
            "Élève-DÉJÀ,là!! COVID-19 ｃｏｎ 日本語 x\u{200B}y œuvre",
            "a",
            "..a..",
            "B204 FR76",
        ] {
            let split: Vec<&str> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(s).collect::<Vec<_>>(), split, "{s:?}");
        }
    }

    fn spans(text: &str) -> Vec<(String, &'static str, u8)> {
        find(text)
            .into_iter()
            .map(|f| {
                (
                    text[f.start..f.end].to_string(),
                    f.explanation_key,
                    f.severity,
                )
            })
            .collect()
    }

    #[test]
    fn capitals_over_twenty_letters() {
        let text = "Bonjour. JE NE SUIS PAS DU TOUT CONTENT DE CE RETARD. Merci.";
        assert_eq!(
            spans(text),
            [(
                "JE NE SUIS PAS DU TOUT CONTENT DE CE RETARD.".to_string(),
                CAPS_EXPLAIN,
                2
            )]
        );
        // A whole message in capitals, accents included.
        assert_eq!(spans("ÇA SUFFIT MAINTENANT, RÉPONDEZ-MOI").len(), 1);
    }

    #[test]
    fn exclamation_runs() {
        assert_eq!(
            spans("Enfin !!! Super!!!!!! Quoi ?! Bon ?!? Hein ?!?!"),
            [
                ("!!!".to_string(), EXCLAMATION_EXPLAIN, 1),
                ("!!!!!!".to_string(), EXCLAMATION_EXPLAIN, 2),
                ("?!?!".to_string(), EXCLAMATION_EXPLAIN, 1),
            ]
        );
        assert!(spans("Vraiment ?? Oui !").is_empty());
    }

    #[test]
    fn acronyms_fit_the_lookup_buffer() {
        assert!(ACRONYMS.iter().all(|a| a.len() <= MAX_ACRONYM));
    }

    #[test]
    fn not_shouting() {
        for text in [
            "Réunion RH avec la DSI et la SNCF au sujet du COVID-19 mardi.",
            "RH DSI SNCF COVID-19 URSSAF CSE RGPD TVA",
            "COMPTE RENDU DE LA RÉUNION\nNous avons parlé du budget et des congés.",
            "OK, je regarde ça ASAP.",
            "Le projet ATLAS avance bien, merci à toute l'équipe pour son travail.",
            "Bonjour à tous, voici le planning de la semaine prochaine.",
            "SHORT ONE",
            "",
        ] {
            assert!(spans(text).is_empty(), "{text:?}: {:?}", spans(text));
        }
    }
}
