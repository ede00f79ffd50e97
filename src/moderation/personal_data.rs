//! Personal data in a draft: e-mail addresses, phone numbers (French and international),
//! IBANs, French NIRs and payment-card numbers. Numbers with check digits are reported
//! only when the check digits are right; phone numbers, which have none, are held to
//! strict shapes and a little context (`commande n° 0612345678` is an order number).
//!
//! Works on the original text (digits are not words: the word normaliser is of no use
//! here) and only returns spans: the value itself is never copied anywhere.

use super::checksums::{iban_mod97_valid, luhn_valid, nir_key_valid};
use super::{Category, Finding};
use regex_lite::Regex;
use std::ops::Range;
use std::sync::OnceLock;

pub const EMAIL_EXPLAIN: &str = "mod_pd_email_explain";
pub const PHONE_EXPLAIN: &str = "mod_pd_phone_explain";
pub const IBAN_EXPLAIN: &str = "mod_pd_iban_explain";
pub const NIR_EXPLAIN: &str = "mod_pd_nir_explain";
pub const CARD_EXPLAIN: &str = "mod_pd_card_explain";
pub const SUGGEST: &str = "mod_pd_suggest";
pub const KEYS: &[&str] = &[
    EMAIL_EXPLAIN,
    PHONE_EXPLAIN,
    IBAN_EXPLAIN,
    NIR_EXPLAIN,
    CARD_EXPLAIN,
    SUGGEST,
];

/// Separators people put inside numbers: space, no-break spaces, dot, dash.
const SEP: &str = "[ .\\-\u{A0}\u{202F}]";

struct Patterns {
    email: Regex,
    phone_fr: Regex,
    phone_fr_intl: Regex,
    phone_intl: Regex,
    iban: Regex,
    nir: Regex,
    card: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("valid built-in pattern");
        let nir_sep = "[ .\u{A0}\u{202F}]?";
        Patterns {
            email: re(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}"),
            phone_fr: re(&format!(r"0[1-9](?:{SEP}?[0-9]{{2}}){{4}}")),
            phone_fr_intl: re(&format!(
                r"(?:\+33|0033){SEP}?(?:\(0\){SEP}?)?[1-9](?:{SEP}?[0-9]{{2}}){{4}}"
            )),
            phone_intl: re(r"\+[1-9][0-9 .\-\u{A0}\u{202F}()]{6,22}[0-9]"),
            iban: re(r"(?i)(?-u:\b)[a-z]{2}[0-9]{2}(?:[ \u{A0}\u{202F}]?[a-z0-9]){11,30}"),
            nir: re(&format!(
                r"[1-478]{nir_sep}[0-9]{{2}}{nir_sep}(?:0[1-9]|1[0-2]|[2-9][0-9]){nir_sep}(?:[0-9]{{2}}|2[AaBb]){nir_sep}[0-9]{{3}}{nir_sep}[0-9]{{3}}{nir_sep}[0-9]{{2}}"
            )),
            card: re(r"[0-9](?:[ \-\u{A0}\u{202F}]?[0-9]){11,22}"),
        }
    })
}

/// Every personal-data finding in `text`.
pub fn find(text: &str) -> Vec<Finding> {
    // Most drafts have neither an `@` nor eight digits close together: nothing to scan.
    let w = Windows {
        mail: windows(text, true),
        numbers: windows(text, false),
    };
    if w.mail.is_empty() && w.numbers.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Finding> = Vec::new();
    let push = |found: &mut Vec<Finding>, r: Range<usize>, severity: u8, key: &'static str| {
        found.push(Finding::new(
            Category::PersonalData,
            severity,
            r,
            key,
            SUGGEST,
        ));
    };
    for r in find_emails(text, &w) {
        push(&mut found, r, 1, EMAIL_EXPLAIN);
    }
    // Numbers with check digits first: a phone or card pattern inside an IBAN is noise.
    for r in find_ibans(text, &w) {
        push(&mut found, r, 3, IBAN_EXPLAIN);
    }
    for r in find_nirs(text, &w) {
        if !overlaps_any(&found, &r) {
            push(&mut found, r, 3, NIR_EXPLAIN);
        }
    }
    for r in find_cards(text, &w) {
        if !overlaps_any(&found, &r) {
            push(&mut found, r, 3, CARD_EXPLAIN);
        }
    }
    for (r, mobile) in find_phones(text, &w) {
        if !overlaps_any(&found, &r) {
            push(&mut found, r, if mobile { 2 } else { 1 }, PHONE_EXPLAIN);
        }
    }
    found
}

fn overlaps_any(found: &[Finding], r: &Range<usize>) -> bool {
    found.iter().any(|f| f.start < r.end && r.start < f.end)
}

/// Runs `re` over the parts of `text` that can hold a match, calling `accept` on each
/// candidate; a rejected candidate does not hide a valid one starting one character
/// later. regex-lite has no prefilter (it runs a Pike VM over every byte it is given),
/// so the search is limited to windows around the characters every pattern needs: a
/// digit for the numbers, `@` for e-mails. On ordinary text that skips most of it.
/// The windows of a text, computed once for all the patterns.
struct Windows {
    mail: Vec<Range<usize>>,
    numbers: Vec<Range<usize>>,
}

fn scan(
    text: &str,
    re: &Regex,
    w: &Windows,
    mut accept: impl FnMut(Range<usize>) -> Option<Range<usize>>,
) {
    let p = patterns();
    let email = std::ptr::eq(re, &p.email);
    // What a window must hold for `re` to match in it (a match lies inside its window),
    // checked on bytes before the Pike VM is run over it: an e-mail address its `@`
    // between two address characters and a dot after it, an IBAN two letters then two
    // digits, the international phones their `+` (or `0033`), the French phones, NIRs
    // and cards long runs of digits (see `digit_chain`). Most windows in ordinary text
    // (a date range, `1998 and 2004`, an @mention) hold none of these.
    let holds: &dyn Fn(&[u8]) -> bool = if email {
        &may_hold_email
    } else if std::ptr::eq(re, &p.iban) {
        &may_hold_iban
    } else if std::ptr::eq(re, &p.phone_intl) {
        &|w| w.contains(&b'+')
    } else if std::ptr::eq(re, &p.phone_fr_intl) {
        &|w| w.contains(&b'+') || w.windows(4).any(|x| x == b"0033")
    } else if std::ptr::eq(re, &p.phone_fr) {
        &|w| digit_chain(w) >= 10
    } else if std::ptr::eq(re, &p.nir) {
        &|w| digit_chain(w) >= 14
    } else if std::ptr::eq(re, &p.card) {
        &|w| digit_chain(w) >= 12
    } else {
        &|_| true
    };
    // After many rejected candidates in a row (a long run of digits that is no number),
    // the next search starts after the rejected candidate rather than one character
    // later: linear time on a pasted column of figures, at the cost of a number
    // glued inside such a run.
    const PATIENCE: usize = 64;
    for window in if email { &w.mail } else { &w.numbers } {
        if !holds(&text.as_bytes()[window.clone()]) {
            continue;
        }
        let hay = &text[..window.end];
        let mut at = window.start;
        let window = window.clone();
        let mut rejected = 0;
        while at <= window.end {
            let Some(m) = re.find_at(hay, at) else {
                break;
            };
            if rejected >= PATIENCE {
                match accept(m.range()) {
                    Some(found) => {
                        at = found.end.max(m.start() + 1);
                        rejected = 0;
                    }
                    None => at = m.end().max(m.start() + 1),
                }
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                continue;
            }
            match accept(m.range()) {
                Some(found) => {
                    at = found.end.max(m.start() + 1);
                    rejected = 0;
                }
                None => {
                    at = m.start() + 1;
                    rejected += 1;
                }
            }
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
    }
}

/// Whether `w` may hold an e-mail address: an `@` with a local-part character before
/// it, a letter or digit after it, and a dot further on (an @mention after a space, the
/// usual case, has none of this).
fn may_hold_email(w: &[u8]) -> bool {
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    (1..w.len()).any(|p| {
        w[p] == b'@'
            && local(w[p - 1])
            && w.get(p + 1).is_some_and(u8::is_ascii_alphanumeric)
            && w[p + 1..].contains(&b'.')
    })
}

/// Whether `w` may hold an IBAN: two ASCII digits right after two bytes that are ASCII
/// letters or parts of other characters (the pattern's letters are case-insensitive,
/// which could let a non-ASCII letter stand for an ASCII one).
fn may_hold_iban(w: &[u8]) -> bool {
    let letter = |b: u8| b.is_ascii_alphabetic() || !b.is_ascii();
    w.windows(4)
        .any(|x| letter(x[0]) && letter(x[1]) && x[2].is_ascii_digit() && x[3].is_ascii_digit())
}

/// The most digits in `w` that follow each other at most four bytes apart. A
/// French phone number (10 digits), a NIR (14 or 15) and a card number (12 or more)
/// put at most one separator between two digits, up to three bytes (U+202F), or in a
/// NIR's Corsican department (`2A`) a letter and a separator: a window without such
/// a chain holds none of them.
fn digit_chain(w: &[u8]) -> usize {
    const CHAIN_GAP: usize = 4;
    let mut best = 0;
    let mut chain = 0;
    let mut last: Option<usize> = None;
    for (i, b) in w.iter().enumerate() {
        if !b.is_ascii_digit() {
            continue;
        }
        chain = match last {
            Some(l) if i - l - 1 <= CHAIN_GAP => chain + 1,
            _ => 1,
        };
        best = best.max(chain);
        last = Some(i);
    }
    best
}

/// Byte windows where a match can be: around every `@` for e-mails (a 64-byte local
/// part before it, a domain of up to 255 bytes after); for numbers, around clusters of
/// digits (at most 6 other bytes between two digits) holding at least 8 digits, the
/// fewest any number pattern needs. Merged when they touch, on char boundaries.
fn windows(text: &str, email: bool) -> Vec<Range<usize>> {
    const MIN_DIGITS: usize = 8;
    const MAX_GAP: usize = 6;
    let bytes = text.as_bytes();
    let mut spans: Vec<Range<usize>> = Vec::new();
    if email {
        if !bytes.contains(&b'@') {
            return Vec::new();
        }
        for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b'@') {
            spans.push(i.saturating_sub(80)..(i + 273).min(text.len()));
        }
    } else {
        let mut cluster: Option<(usize, usize, usize)> = None; // start, end, digits
        let flush = |c: Option<(usize, usize, usize)>, spans: &mut Vec<Range<usize>>| {
            if let Some((start, end, digits)) = c {
                if digits >= MIN_DIGITS {
                    spans.push(start.saturating_sub(48)..(end + 48).min(text.len()));
                }
            }
        };
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| b.is_ascii_digit()) {
            cluster = match cluster {
                Some((start, end, digits)) if i - end <= MAX_GAP => {
                    Some((start, i + 1, digits + 1))
                }
                other => {
                    flush(other, &mut spans);
                    Some((i, i + 1, 1))
                }
            };
        }
        flush(cluster, &mut spans);
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    for mut w in spans {
        while !text.is_char_boundary(w.start) {
            w.start -= 1;
        }
        while !text.is_char_boundary(w.end) {
            w.end += 1;
        }
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '\u{A0}' | '\u{202F}')
}

/// The number is not glued to a word or to more digits on either side
/// (`a0612…`, `…78 9`, `12 06 12…` are parts of something longer).
fn stands_alone(text: &str, r: &Range<usize>) -> bool {
    let before = char_before(text, r.start);
    let after = char_after(text, r.end);
    if before.is_some_and(|c| c.is_alphanumeric() || c == '+' || c == '@' || c == '_')
        || after.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_')
    {
        return false;
    }
    if before.is_some_and(is_number_separator) {
        let two_back = char_before(text, r.start - before.map_or(0, char::len_utf8));
        if two_back.is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    if after.is_some_and(is_number_separator) {
        let two_ahead = char_after(text, r.end + after.map_or(0, char::len_utf8));
        if two_ahead.is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    true
}

/// The few words before `at`, lower-cased, for context rules.
fn context_before(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(29)
        .map_or(0, |(i, _)| i);
    text[start..at].to_lowercase()
}

fn find_emails(text: &str, w: &Windows) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    scan(text, &patterns().email, w, |r| {
        let before = char_before(text, r.start);
        let ok = !before.is_some_and(|c| c.is_alphanumeric() || "._%+-".contains(c))
            && !char_after(text, r.end).is_some_and(|c| c.is_alphanumeric());
        ok.then(|| {
            out.push(r.clone());
            r
        })
    });
    out
}

/// Identifier words: a number right after them is a reference, not a phone number.
const REFERENCE_WORDS: &[&str] = &[
    "n°",
    "nº",
    "#",
    "réf",
    "ref",
    "commande",
    "order",
    "facture",
    "invoice",
    "ticket",
    "dossier",
    "siret",
    "siren",
    "tva",
    "vat",
    "iban",
    "contrat",
    "matricule",
    "id:",
    "isbn",
    "issn",
];
const PHONE_WORDS: &[&str] = &[
    "tél", "tel", "phone", "portable", "mobile", "appel", "joindre", "call", "fixe", "fax",
];

fn looks_like_reference(text: &str, at: usize) -> bool {
    let ctx = context_before(text, at);
    REFERENCE_WORDS.iter().any(|w| ctx.contains(w)) && !PHONE_WORDS.iter().any(|w| ctx.contains(w))
}

/// Separators inside a number, in order.
fn separators(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// French phone numbers; the bool says "mobile" (06, 07), reported more strongly.
fn find_phones(text: &str, w: &Windows) -> Vec<(Range<usize>, bool)> {
    let p = patterns();
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    // +33 6 12 34 56 78, 0033 (0)6 12 34 56 78
    scan(text, &p.phone_fr_intl, w, |r| {
        if !stands_alone(text, &r) {
            return None;
        }
        let s = &text[r.clone()];
        let national = s.trim_start_matches("0033").trim_start_matches("+33");
        let first_digit = national
            .chars()
            .filter(char::is_ascii_digit)
            .find(|&c| c != '0');
        out.push((r.clone(), matches!(first_digit, Some('6' | '7'))));
        Some(r)
    });
    // 06 12 34 56 78, 01.23.45.67.89, 0612345678: one separator kind, or none.
    scan(text, &p.phone_fr, w, |r| {
        if !stands_alone(text, &r) || out.iter().any(|(o, _)| o.start < r.end && r.start < o.end) {
            return None;
        }
        let seps = separators(&text[r.clone()]);
        if !(seps.is_empty() || (seps.len() == 4 && seps.iter().all(|&c| c == seps[0]))) {
            return None;
        }
        if looks_like_reference(text, r.start) {
            return None;
        }
        let mobile = matches!(text.as_bytes().get(r.start + 1), Some(b'6' | b'7'));
        out.push((r.clone(), mobile));
        Some(r)
    });
    // International: +44 20 7946 0958, +1 (415) 555-2671.
    scan(text, &p.phone_intl, w, |r| {
        if out.iter().any(|(o, _)| o.start < r.end && r.start < o.end) {
            return None;
        }
        let s = &text[r.clone()];
        if s.starts_with("+33") || !valid_international(s) || !stands_alone(text, &r) {
            return None;
        }
        // A percentage or an amount right after is a figure, not a number to call.
        let rest = text[r.end..].trim_start();
        if rest.starts_with(['%', '€', '$', '£']) {
            return None;
        }
        out.push((r.clone(), false));
        Some(r)
    });
    out
}

/// E.164 sanity: 8 to 15 digits, single separators, balanced parentheses, and not a
/// number written with thousands separators (`+12 500 000`).
fn valid_international(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !(8..=15).contains(&digits) {
        return false;
    }
    let mut depth = 0i32;
    let mut prev_sep = false;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if !(0..=1).contains(&depth) {
            return false;
        }
        let sep = is_number_separator(c);
        if sep && prev_sep {
            return false;
        }
        prev_sep = sep;
    }
    if depth != 0 {
        return false;
    }
    let groups: Vec<usize> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    let thousands = groups.len() >= 3 && groups[1..].iter().all(|&g| g == 3);
    !thousands
}

/// IBAN length per country (ISO 13616 registry). Unknown country codes are rejected:
/// two letters and two digits followed by a long code are too common otherwise.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

fn find_ibans(text: &str, w: &Windows) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    scan(text, &patterns().iban, w, |r| {
        let s = &text[r.clone()];
        let country = s.get(..2)?.to_ascii_uppercase();
        let &(_, len) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country)?;
        // Take exactly `len` alphanumerics; the regex may have run into the next word.
        let mut compact = String::with_capacity(len);
        let mut end = r.start;
        for (i, c) in s.char_indices() {
            if compact.len() == len {
                break;
            }
            if c.is_ascii_alphanumeric() {
                compact.push(c);
                end = r.start + i + c.len_utf8();
            }
        }
        let found = r.start..end;
        let glued = char_after(text, end).is_some_and(|c| c.is_alphanumeric());
        (compact.len() == len && !glued && iban_mod97_valid(&compact)).then(|| {
            out.push(found.clone());
            found
        })
    });
    out
}

fn find_nirs(text: &str, w: &Windows) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    scan(text, &patterns().nir, w, |r| {
        if !stands_alone(text, &r) {
            return None;
        }
        let compact: String = text[r.clone()]
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        nir_key_valid(&compact).then(|| {
            out.push(r.clone());
            r
        })
    });
    out
}

fn find_cards(text: &str, w: &Windows) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    scan(text, &patterns().card, w, |r| {
        let groups = digit_groups(text, &r);
        // Try windows of whole groups, longest first: `4111 1111 1111 1111 12/26`
        // must still find the card before the expiry date.
        for first in 0..groups.len() {
            for last in (first..groups.len()).rev() {
                let window = groups[first].start..groups[last].end;
                let digits: Vec<u8> = text[window.clone()]
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .collect();
                // 12 digits (Maestro) only as a whole number, never the tail of a
                // longer one (`1234 5678 9012 3456`).
                let whole = first == 0
                    && last == groups.len() - 1
                    && !grouped_with_more_digits(text, &(groups[first].start..groups[last].end));
                let card_length =
                    (13..=19).contains(&digits.len()) || (digits.len() == 12 && whole);
                if !card_length {
                    continue;
                }
                let lens: Vec<usize> = groups[first..=last].iter().map(|g| g.len()).collect();
                if card_grouping_ok(&lens)
                    && consistent_separators(&text[window.clone()])
                    && card_brand_ok(&digits)
                    && luhn_valid(&digits)
                    && stands_alone_card(text, &window)
                    && !context_before(text, window.start).contains("siret")
                    && !context_before(text, window.start).contains("siren")
                {
                    out.push(window.clone());
                    return Some(window);
                }
            }
        }
        None
    });
    out
}

/// A digit group just before or after `r`, one separator away.
fn grouped_with_more_digits(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().rev().take(2).collect::<Vec<_>>();
    let after = text[r.end..].chars().take(2).collect::<Vec<_>>();
    let joined = |pair: &[char]| matches!(pair, [sep, d, ..] if is_number_separator(*sep) && d.is_ascii_digit());
    joined(&before) || joined(&after)
}

fn digit_groups(text: &str, r: &Range<usize>) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut start = None;
    for (i, b) in text[r.clone()].bytes().enumerate() {
        let at = r.start + i;
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                groups.push(s..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        groups.push(s..r.end);
    }
    groups
}

fn consistent_separators(s: &str) -> bool {
    let seps = separators(s);
    seps.iter()
        .all(|&c| c == seps.first().copied().unwrap_or(' '))
}

/// How people write card numbers: in one block, in fours (the last group may be
/// shorter), or the 4-6-5 / 4-6-4 layout of Amex and Diners.
fn card_grouping_ok(lens: &[usize]) -> bool {
    match lens {
        [_] => true,
        [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => init.iter().all(|&l| l == 4) && (1..=4).contains(last),
        [] => false,
    }
}

/// Issuer prefixes and the lengths they use. A Luhn-valid number with no known
/// prefix/length pair (a SIRET, an order number) is not reported.
fn card_brand_ok(d: &[u8]) -> bool {
    let prefix = |n: usize| -> u32 {
        d.iter()
            .take(n)
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
    };
    let len = d.len();
    let p1 = prefix(1);
    let p2 = prefix(2);
    let p3 = prefix(3);
    let p4 = prefix(4);
    (p1 == 4 && matches!(len, 13 | 16 | 19))                          // Visa
        || (((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16) // Mastercard
        || (matches!(p2, 34 | 37) && len == 15)                        // Amex
        || (((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len)) // Diners
        || ((p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && (16..=19).contains(&len)) // Discover
        // JCB: 3528-3589 is the assigned range, but generators (Faker) use all of 35.
        || (p2 == 35 && (16..=19).contains(&len))
        || (matches!(p4, 2131 | 1800) && len == 15)                    // JCB, older
        || (p2 == 62 && (16..=19).contains(&len))                      // UnionPay
        || ((p2 == 50 || (56..=58).contains(&p2) || p2 == 67) && (13..=19).contains(&len))
        // Maestro also issues 12-digit numbers, on these prefixes only.
        || ((matches!(p4, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763)
            || (56..=58).contains(&p2))
            && len == 12)
    // Maestro
}

fn stands_alone_card(text: &str, r: &Range<usize>) -> bool {
    let before = char_before(text, r.start);
    let after = char_after(text, r.end);
    !before.is_some_and(|c| c.is_alphanumeric() || c == '+')
        && !after.is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, String)> {
        find(text)
            .into_iter()
            .map(|f| (f.explanation_key, text[f.start..f.end].to_string()))
            .collect()
    }

    fn found(text: &str, key: &str) -> Vec<String> {
        kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn emails() {
        assert_eq!(
            found(
                "Écris à jean.dupont+rh@exemple-societe.fr, merci.",
                EMAIL_EXPLAIN
            ),
            ["jean.dupont+rh@exemple-societe.fr"]
        );
        assert!(found("un @mention et a@b", EMAIL_EXPLAIN).is_empty());
        assert!(found("prix@10", EMAIL_EXPLAIN).is_empty());
    }

    #[test]
    fn french_phones() {
        for (text, expected) in [
            ("Appelle-moi au 06 12 34 56 78.", "06 12 34 56 78"),
            ("tel 01.23.45.67.89", "01.23.45.67.89"),
            ("fixe: 04-78-12-34-56 !", "04-78-12-34-56"),
            ("0612345678", "0612345678"),
            ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
            ("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78"),
            ("0033 6 12 34 56 78", "0033 6 12 34 56 78"),
            ("+33612345678", "+33612345678"),
        ] {
            assert_eq!(found(text, PHONE_EXPLAIN), [expected], "{text}");
        }
        let mobile = find("06 12 34 56 78");
        assert_eq!(mobile[0].severity, 2);
        assert_eq!(find("01 23 45 67 89")[0].severity, 1);
    }

    #[test]
    fn international_phones() {
        assert_eq!(
            found("UK: +44 20 7946 0958", PHONE_EXPLAIN),
            ["+44 20 7946 0958"]
        );
        assert_eq!(
            found("call +1 (415) 555-2671 now", PHONE_EXPLAIN),
            ["+1 (415) 555-2671"]
        );
        assert_eq!(found("+49 30 1234567", PHONE_EXPLAIN), ["+49 30 1234567"]);
    }

    #[test]
    fn phone_negatives() {
        for text in [
            "Commande n° 0612345678 expédiée",
            "Réunion le 01/02/2024 à 10:30",
            "le 01.02.2024",
            "Version 1.2.3.4 et v10.0.19041.1234",
            "CA en hausse de +12 500 000 €",
            "+15 %",
            "+3 000 000 de visiteurs",
            "06 12 34 56 78 90 12",
            "ID 1206 12 34 56 78",
            "Prix : 1 234,56 €",
            "+1 234",
            "réf. 0123456789",
            "Hardcover, $53.00 (ISBN 0375403744).",
        ] {
            assert!(
                found(text, PHONE_EXPLAIN).is_empty(),
                "{text}: {:?}",
                kinds(text)
            );
        }
    }

    #[test]
    fn ibans() {
        assert_eq!(
            found(
                "IBAN : FR76 3000 6000 0112 3456 7890 189 merci",
                IBAN_EXPLAIN
            ),
            ["FR76 3000 6000 0112 3456 7890 189"]
        );
        assert_eq!(
            found("GB82WEST12345698765432", IBAN_EXPLAIN),
            ["GB82WEST12345698765432"]
        );
        assert_eq!(
            found("de89 3704 0044 0532 0130 00.", IBAN_EXPLAIN),
            ["de89 3704 0044 0532 0130 00"]
        );
        // Followed by an upper-case word: the match must stop at the IBAN's length.
        assert_eq!(
            found("FR7630006000011234567890189 OK", IBAN_EXPLAIN),
            ["FR7630006000011234567890189"]
        );
        // Nothing else is reported inside an IBAN.
        assert_eq!(kinds("FR76 3000 6000 0112 3456 7890 189").len(), 1);
    }

    #[test]
    fn iban_negatives() {
        for text in [
            "FR76 3000 6000 0112 3456 7890 188", // bad check digits
            "ZZ76 3000 6000 0112 3456 7890 189", // unknown country
            "FR7630006000011234567890189123",    // too long, glued
            "AB12CDEF34567890",
        ] {
            assert!(found(text, IBAN_EXPLAIN).is_empty(), "{text}");
        }
    }

    #[test]
    fn nirs() {
        assert_eq!(
            found("NIR 2 95 10 99 126 111 93", NIR_EXPLAIN),
            ["2 95 10 99 126 111 93"]
        );
        assert_eq!(
            found("n° sécu 295109912611193.", NIR_EXPLAIN),
            ["295109912611193"]
        );
        assert_eq!(
            found("2 53 07 2A 073 004 43", NIR_EXPLAIN),
            ["2 53 07 2A 073 004 43"]
        );
        assert_eq!(found("253072B07300470", NIR_EXPLAIN), ["253072B07300470"]);
    }

    #[test]
    fn nir_negatives() {
        for text in [
            "2 95 10 99 126 111 99", // wrong key
            "253072C07300443",       // not a Corsican department
            "2951099126111930",      // glued to more digits
            "SIRET 552 100 554 00013",
            "Ref 295109912611193X",
        ] {
            assert!(found(text, NIR_EXPLAIN).is_empty(), "{text}");
        }
    }

    #[test]
    fn cards() {
        for (text, expected) in [
            ("carte 4111 1111 1111 1111 exp 12/26", "4111 1111 1111 1111"),
            ("4111-1111-1111-1111", "4111-1111-1111-1111"),
            ("5555555555554444", "5555555555554444"),
            ("Amex 3782 822463 10005.", "3782 822463 10005"),
            ("4012 8888 8888 1881 12 26", "4012 8888 8888 1881"),
            // Older 15-digit JCB, 12-digit Maestro, JCB as Faker writes it.
            ("CB : 213137542083855", "213137542083855"),
            ("carte 180014362396809.", "180014362396809"),
            ("CB : 675956987340", "675956987340"),
            ("carte 3526 4162 8384 0046.", "3526 4162 8384 0046"),
        ] {
            assert_eq!(found(text, CARD_EXPLAIN), [expected], "{text}");
        }
    }

    #[test]
    fn card_negatives() {
        for text in [
            "4111 1111 1111 1112",  // Luhn fails
            "SIRET 55210055400013", // Luhn-valid SIRET
            "73282932000074",       // Luhn-valid SIRET, no card prefix
            "Commande 1234 5678 9012 3456",
            "41111 1111 1111 111", // not a card layout
            "ISBN 978-2-07-036822-8",
            "Total : 1 234 567 890 123 €",
            "Commande 123456789031", // 12 digits, Luhn-valid, no Maestro prefix
        ] {
            assert!(
                found(text, CARD_EXPLAIN).is_empty(),
                "{text}: {:?}",
                kinds(text)
            );
        }
    }

    #[test]
    fn ordinary_numbers_are_not_personal_data() {
        for text in [
            "Le budget 2024 est de 12 000 000 €, soit +3,5 % par rapport à 2023.",
            "Version 2.14.0 publiée le 2024-03-15 à 14h30.",
            "Commande n° 2024-000123, livraison le 15/03.",
            "Ticket #123456789 fermé.",
            "Salle B204, bâtiment 3, 75015 Paris.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }
}
