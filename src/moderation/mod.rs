//! On-device moderation hints for drafts: insults, threats, profanity, identity attacks,
//! possible defamation, personal data, confidentiality markers, shouting and SMS-speak.
//!
//! Privacy: this module is a pure function from a draft to findings. It keeps nothing
//! between calls, logs nothing and sends nothing; a [`Finding`] carries a category, a
//! severity, a span and message keys, never a copy of the text it points at.
//!
//! Word-level detectors share one [`normalize::Normalized`] view (case, diacritics,
//! leet, repeated letters, separators, masks, confusables) whose position map gives
//! every finding its exact span in the original text, in UTF-8 bytes for Rust and in
//! UTF-16 code units for the browser.

pub mod char_fold;
pub mod checksums;
pub mod confidential;
pub mod context;
pub mod defamation;
pub mod identity;
pub mod incremental;
pub mod language;
pub mod lexicon;
pub mod normalize;
pub mod personal_data;
pub mod shouting;
pub mod unreadable;
pub mod wordset;

#[cfg(test)]
mod hatecheck_eval;

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What kind of problem a finding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    Insult,
    Threat,
    Profanity,
    IdentityAttack,
    PossibleDefamation,
    PersonalData,
    Confidential,
    Shouting,
    Unreadable,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Insult,
        Category::Threat,
        Category::Profanity,
        Category::IdentityAttack,
        Category::PossibleDefamation,
        Category::PersonalData,
        Category::Confidential,
        Category::Shouting,
        Category::Unreadable,
    ];

    /// The lexicon-file spelling (`identity_attack`).
    pub fn from_lexicon_name(name: &str) -> Option<Category> {
        Some(match name {
            "insult" => Category::Insult,
            "threat" => Category::Threat,
            "profanity" => Category::Profanity,
            "identity_attack" => Category::IdentityAttack,
            _ => return None,
        })
    }
}

/// One hint: what, how serious (1 mild … 3 severe), where, and which messages explain
/// it. Offsets are into the original text: `start..end` in UTF-8 bytes,
/// `startUtf16..endUtf16` in UTF-16 code units (what the browser's strings use).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub category: Category,
    pub severity: u8,
    pub start: usize,
    pub end: usize,
    pub start_utf16: usize,
    pub end_utf16: usize,
    /// `_locales` key of the one-line explanation.
    pub explanation_key: &'static str,
    /// `_locales` key of the suggestion.
    pub suggestion_key: &'static str,
}

impl Finding {
    /// A finding with byte offsets only; [`analyze`] fills the UTF-16 offsets.
    pub fn new(
        category: Category,
        severity: u8,
        span: Range<usize>,
        explanation_key: &'static str,
        suggestion_key: &'static str,
    ) -> Finding {
        Finding {
            category,
            severity: severity.clamp(1, 3),
            start: span.start,
            end: span.end,
            start_utf16: 0,
            end_utf16: 0,
            explanation_key,
            suggestion_key,
        }
    }
}

/// What the analyzer looks for. Comes from settings (user and IT policy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalyzerConfig {
    /// Extra confidential terms (project code names, customer names), matched as whole
    /// words, ignoring case and diacritics.
    pub confidential_terms: Vec<String>,
    /// Categories to report; the others are not even computed.
    pub enabled_categories: Vec<Category>,
    /// Findings below this severity (1–3) are dropped.
    pub min_severity: u8,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            confidential_terms: Vec::new(),
            enabled_categories: Category::ALL.to_vec(),
            min_severity: 1,
        }
    }
}

impl AnalyzerConfig {
    pub(crate) fn enabled(&self, c: Category) -> bool {
        self.enabled_categories.contains(&c)
    }
}

/// Message keys for each category that has no more specific explanation.
pub const INSULT_EXPLAIN: &str = "mod_insult_explain";
pub const INSULT_SUGGEST: &str = "mod_insult_suggest";
pub const THREAT_EXPLAIN: &str = "mod_threat_explain";
pub const THREAT_SUGGEST: &str = "mod_threat_suggest";
pub const PROFANITY_EXPLAIN: &str = "mod_profanity_explain";
pub const PROFANITY_SUGGEST: &str = "mod_profanity_suggest";
pub const IDENTITY_EXPLAIN: &str = "mod_identity_explain";
pub const IDENTITY_SUGGEST: &str = "mod_identity_suggest";

/// Every `_locales` key a finding may carry; the loader fetches exactly these.
pub const MESSAGE_KEYS: &[&str] = &[
    INSULT_EXPLAIN,
    INSULT_SUGGEST,
    THREAT_EXPLAIN,
    THREAT_SUGGEST,
    PROFANITY_EXPLAIN,
    PROFANITY_SUGGEST,
    IDENTITY_EXPLAIN,
    IDENTITY_SUGGEST,
    defamation::EXPLAIN,
    defamation::SUGGEST,
    personal_data::EMAIL_EXPLAIN,
    personal_data::PHONE_EXPLAIN,
    personal_data::IBAN_EXPLAIN,
    personal_data::NIR_EXPLAIN,
    personal_data::CARD_EXPLAIN,
    personal_data::SUGGEST,
    confidential::MARKER_EXPLAIN,
    confidential::TERM_EXPLAIN,
    confidential::SUGGEST,
    shouting::CAPS_EXPLAIN,
    shouting::EXCLAMATION_EXPLAIN,
    shouting::SUGGEST,
    unreadable::SMS_EXPLAIN,
    unreadable::NO_VOWEL_EXPLAIN,
    unreadable::REPEAT_EXPLAIN,
    unreadable::SUGGEST,
];

/// Explanation and suggestion keys of a lexicon category.
pub(crate) fn lexicon_keys(c: Category) -> (&'static str, &'static str) {
    match c {
        Category::Threat => (THREAT_EXPLAIN, THREAT_SUGGEST),
        Category::Profanity => (PROFANITY_EXPLAIN, PROFANITY_SUGGEST),
        Category::IdentityAttack => (IDENTITY_EXPLAIN, IDENTITY_SUGGEST),
        _ => (INSULT_EXPLAIN, INSULT_SUGGEST),
    }
}

/// Analyses one draft. Findings are sorted by start (then end); overlapping findings of
/// the same category are merged into one, keeping the highest severity. Never panics.
pub fn analyze(text: &str, config: &AnalyzerConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    word_findings(text, config, None, &mut findings);
    if config.enabled(Category::PersonalData) {
        findings.extend(personal_data::find(text));
    }
    if config.enabled(Category::Shouting) {
        findings.extend(shouting::find(text));
    }
    if config.enabled(Category::Unreadable) {
        findings.extend(unreadable::find(text));
    }
    finish(text, config, findings)
}

/// Whether any of the word-level categories (those read on the normalised text) is on.
pub(crate) fn wants_words(config: &AnalyzerConfig) -> bool {
    [
        Category::Insult,
        Category::Threat,
        Category::Profanity,
        Category::IdentityAttack,
        Category::PossibleDefamation,
        Category::Confidential,
    ]
    .iter()
    .any(|&c| config.enabled(c))
}

/// The word-level findings of `text` (lexicon, constructions, masks, identity attacks,
/// defamation, confidentiality), unmerged, pushed to `findings`. `overall`: the
/// language of the whole document when `text` is a part of it. Returns whether the
/// result depends on `overall` (see [`lexicon::Lexicon::find_in`]).
pub(crate) fn word_findings(
    text: &str,
    config: &AnalyzerConfig,
    overall: Option<language::Lang>,
    findings: &mut Vec<Finding>,
) -> bool {
    if !wants_words(config) {
        return false;
    }
    let mut normalized = normalize::Normalized::new(text);
    lexicon::builtin().unmask(&mut normalized);
    word_findings_in(text, &normalized, config, overall, findings)
}

/// [`word_findings`] with `text` already normalised (masks resolved).
pub(crate) fn word_findings_in(
    text: &str,
    normalized: &normalize::Normalized,
    config: &AnalyzerConfig,
    overall: Option<language::Lang>,
    findings: &mut Vec<Finding>,
) -> bool {
    let lexicon = lexicon::builtin();
    // The lexicon's automaton finds the confidentiality markers in the same pass.
    let mut marker_hits = Vec::new();
    let (matches, lang_sensitive) = lexicon.find_with_extra(normalized, overall, &mut marker_hits);
    for m in &matches {
        if let lexicon::Kind::Report(category) = m.kind {
            let (explain, suggest) = lexicon_keys(category);
            findings.push(Finding::new(
                category,
                m.severity,
                m.original.clone(),
                explain,
                suggest,
            ));
        }
    }
    findings.extend(lexicon::insult_constructions(normalized));
    if config.enabled(Category::Profanity) {
        findings.extend(lexicon::masked_words(text));
    }
    findings.extend(identity::find(text, normalized, &matches));
    if config.enabled(Category::PossibleDefamation) {
        findings.extend(defamation::find(text, normalized, &matches));
    }
    if config.enabled(Category::Confidential) {
        findings.extend(confidential::find_with(
            normalized,
            &marker_hits,
            &config.confidential_terms,
        ));
    }
    lang_sensitive
}

/// Drops what the configuration does not want, merges, fills UTF-16 offsets, sorts.
pub(crate) fn finish(
    text: &str,
    config: &AnalyzerConfig,
    mut findings: Vec<Finding>,
) -> Vec<Finding> {
    findings.retain(|f| {
        config.enabled(f.category) && f.severity >= config.min_severity && f.start < f.end
    });
    let mut findings = merge_same_category(findings);
    fill_utf16(text, &mut findings);
    findings.sort_by_key(|f| (f.start, f.end, f.category));
    findings
}

/// Merges overlapping findings of one category; the merged finding keeps the keys of
/// its most severe part (the first one on a tie).
fn merge_same_category(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| (f.category, f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        match out.last_mut() {
            Some(last) if last.category == f.category && f.start < last.end => {
                last.end = last.end.max(f.end);
                if f.severity > last.severity {
                    last.severity = f.severity;
                    last.explanation_key = f.explanation_key;
                    last.suggestion_key = f.suggestion_key;
                }
            }
            _ => out.push(f),
        }
    }
    out
}

/// Converts byte offsets to UTF-16 offsets in one pass over the text.
fn fill_utf16(text: &str, findings: &mut [Finding]) {
    let mut offsets: Vec<usize> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut table = Vec::with_capacity(offsets.len());
    let mut utf16 = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    for &target in &offsets {
        // Each character is one UTF-16 unit per leading byte, two for a 4-byte one: a
        // count over bytes, without decoding.
        let to = target.min(bytes.len()).max(at);
        utf16 += bytes[at..to]
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
            .sum::<usize>();
        at = to;
        table.push((target, utf16));
    }
    let lookup = |b: usize| {
        table
            .binary_search_by_key(&b, |&(byte, _)| byte)
            .map(|i| table[i].1)
            .unwrap_or(0)
    };
    for f in findings {
        f.start_utf16 = lookup(f.start);
        f.end_utf16 = lookup(f.end);
    }
}

#[cfg(test)]
mod tests;
