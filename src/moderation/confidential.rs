//! Confidentiality markers: built-in French/English phrases ("strictement
//! confidentiel", "ne pas diffuser", "internal only"…) and the terms IT or the user
//! supply (project code names, customer names). A draft that carries one is about to be
//! posted somewhere its marker says it should not go.
//!
//! Matching reuses the word normaliser, so terms match whole words whatever the case,
//! accents, spacing or obfuscation (`Projet  ÉOLE` finds the term "projet eole").

use super::normalize::Normalized;
use super::{Category, Finding};
use aho_corasick::AhoCorasick;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

pub const MARKER_EXPLAIN: &str = "mod_confidential_marker_explain";
pub const TERM_EXPLAIN: &str = "mod_confidential_term_explain";
pub const SUGGEST: &str = "mod_confidential_suggest";

const MARKERS_TSV: &str = include_str!("lexicons/confidential.tsv");

/// Settings may hold long lists, but a list past this length is a mistake, not a
/// configuration; the rest is ignored rather than slowing every keystroke down.
pub const MAX_TERMS: usize = 1000;

struct Markers {
    matcher: AhoCorasick,
    severities: Vec<u8>,
    patterns: Vec<String>,
}

/// The built-in markers, normalised and padded (`" ne pas diffuser "`).
pub fn marker_patterns() -> &'static [String] {
    &markers().patterns
}

/// The supplied terms as they are matched: normalised and padded, at most
/// [`MAX_TERMS`], empty ones left out.
pub fn term_patterns(extra_terms: &[String]) -> Vec<String> {
    extra_terms
        .iter()
        .take(MAX_TERMS)
        .filter_map(|t| pattern_of(t))
        .collect()
}

fn markers() -> &'static Markers {
    static M: OnceLock<Markers> = OnceLock::new();
    M.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut severities = Vec::new();
        for line in MARKERS_TSV.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let phrase = cols.next().unwrap_or("");
            let severity = cols.next().and_then(|s| s.trim().parse().ok()).unwrap_or(2);
            if let Some(p) = pattern_of(phrase) {
                patterns.push(p);
                severities.push(severity);
            }
        }
        Markers {
            // Every pattern starts with a space: a prefilter would stop at every word.
            matcher: AhoCorasick::builder()
                .prefilter(false)
                .build(&patterns)
                .expect("small automaton"),
            severities,
            patterns,
        }
    })
}

/// Terms, and their automaton (`None`: no usable term).
type TermsMatcher = (Vec<String>, Option<Rc<AhoCorasick>>);

thread_local! {
    /// The automaton of the last terms asked for: a session's terms do not change
    /// between keystrokes, so it is built once, not on every call.
    static TERMS: RefCell<Option<TermsMatcher>> = const { RefCell::new(None) };
}

/// The automaton of `extra_terms`' patterns (`None`: no usable term).
fn terms_matcher(extra_terms: &[String]) -> Option<Rc<AhoCorasick>> {
    TERMS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some((terms, matcher)) = cache.as_ref() {
            if terms.as_slice() == extra_terms {
                return matcher.clone();
            }
        }
        let patterns = term_patterns(extra_terms);
        let matcher = (!patterns.is_empty())
            .then(|| AhoCorasick::new(&patterns).ok().map(Rc::new))
            .flatten();
        *cache = Some((extra_terms.to_vec(), matcher.clone()));
        matcher
    })
}

fn pattern_of(term: &str) -> Option<String> {
    let n = Normalized::new(term);
    (!n.tokens().is_empty()).then(|| n.text().to_string())
}

/// Built-in markers and `extra_terms` found in the normalised text.
pub fn find(n: &Normalized, extra_terms: &[String]) -> Vec<Finding> {
    let hits: Vec<(usize, Range<usize>)> = markers()
        .matcher
        .find_overlapping_iter(n.text())
        .map(|hit| (hit.pattern().as_usize(), hit.range()))
        .collect();
    find_with(n, &hits, extra_terms)
}

/// [`find`] with the markers already found: `(index in marker_patterns(), range in the
/// normalised text)`, in text order (the built-in lexicon's automaton finds them in the
/// same pass as its terms).
pub(crate) fn find_with(
    n: &Normalized,
    marker_hits: &[(usize, Range<usize>)],
    extra_terms: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let m = markers();
    for (pattern, hit) in marker_hits {
        let severity = m.severities.get(*pattern).copied().unwrap_or(2);
        out.push(Finding::new(
            Category::Confidential,
            severity,
            n.original_range(hit.start + 1..hit.end - 1),
            MARKER_EXPLAIN,
            SUGGEST,
        ));
    }
    if extra_terms.is_empty() {
        return out;
    }
    let Some(matcher) = terms_matcher(extra_terms) else {
        return out;
    };
    for hit in matcher.find_overlapping_iter(n.text()) {
        out.push(Finding::new(
            Category::Confidential,
            2,
            n.original_range(hit.start() + 1..hit.end() - 1),
            TERM_EXPLAIN,
            SUGGEST,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str, terms: &[&str]) -> Vec<(String, &'static str, u8)> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        find(&Normalized::new(text), &terms)
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
    fn built_in_markers_fr_and_en() {
        assert_eq!(
            spans("Document STRICTEMENT CONFIDENTIEL – ne pas diffuser.", &[]),
            [
                ("STRICTEMENT CONFIDENTIEL".to_string(), MARKER_EXPLAIN, 3),
                ("CONFIDENTIEL".to_string(), MARKER_EXPLAIN, 2),
                ("ne pas diffuser".to_string(), MARKER_EXPLAIN, 3),
            ]
        );
        assert_eq!(
            spans("Diffusion restreinte", &[])[0].0,
            "Diffusion restreinte"
        );
        assert_eq!(spans("à usage interne", &[])[0].0, "usage interne");
        assert_eq!(spans("Internal only, do not forward!", &[]).len(), 2);
        assert_eq!(spans("Not for distribution", &[])[0].2, 3);
    }

    #[test]
    fn whole_words_only() {
        assert!(spans("La confidentialité des données est garantie.", &[]).is_empty());
        assert!(spans("Forwarding internally is fine", &[]).is_empty());
        assert!(spans("Hyperion2", &["Hyperion"]).is_empty());
    }

    #[test]
    fn supplied_terms_ignore_case_and_accents() {
        let terms = ["Projet Éole", "ACME Corp", "", "   "];
        assert_eq!(
            spans("Le projet EOLE démarre avec acme  corp.", &terms),
            [
                ("projet EOLE".to_string(), TERM_EXPLAIN, 2),
                ("acme  corp".to_string(), TERM_EXPLAIN, 2)
            ]
        );
        assert_eq!(
            spans("Rendez-vous chez Saint-Gobain", &["saint gobain"]).len(),
            1
        );
    }
}
