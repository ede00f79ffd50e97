//! When two thread titles are about the same thing: the one measure H8 ("connect
//! people": two similar threads) and R19 ("reply instead of duplicating": a new title
//! close to an existing one) share. Word-set Jaccard over folded, significant words:
//! cheap, explainable in one sentence, and the research file's own definition for H8.

use crate::keyed_hash::HashSet;

/// The research file's H8 threshold: titles whose significant words overlap by 30 % or
/// more (shared words over all words) are about the same thing.
pub const SIMILAR_JACCARD: f64 = 0.3;

/// Words too common to make two titles similar (folded: no accents), French and
/// English: function words, prepositions, question words, and the verbs every request
/// uses.
const STOP_WORDS: &[&str] = &[
    "les", "des", "une", "pour", "dans", "avec", "sur", "par", "est", "que", "qui", "quoi", "aux",
    "pas", "plus", "vos", "nos", "votre", "notre", "comment", "quel", "quelle", "quels", "quelles",
    "ces", "cette", "son", "ses", "leur", "faire", "avoir", "etre", "peut", "peux", "besoin",
    "depuis", "entre", "sans", "sous", "chez", "vers", "apres", "avant", "question", "aide",
    "sont", "the", "and", "for", "with", "how", "what", "from", "are", "you", "your", "our",
    "this", "that", "can", "about", "does", "have", "get", "need", "help", "use", "which",
];

/// A title's words: folded (case, accents), three letters or more, common words left
/// out.
pub fn title_words(title: &str) -> HashSet<String> {
    let folded: String = title
        .chars()
        .flat_map(crate::moderation::char_fold::fold)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// How much two titles' word sets overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// Words in both.
    pub shared: usize,
    /// Words in either.
    pub all: usize,
}

impl Overlap {
    pub fn of(a: &HashSet<String>, b: &HashSet<String>) -> Overlap {
        Overlap {
            shared: a.intersection(b).count(),
            all: a.union(b).count(),
        }
    }

    /// Jaccard index, 0 for two empty sets.
    pub fn jaccard(self) -> f64 {
        if self.all == 0 {
            0.0
        } else {
            self.shared as f64 / self.all as f64
        }
    }

    /// The titles are about the same thing ([`SIMILAR_JACCARD`]).
    pub fn similar(self) -> bool {
        self.shared > 0 && self.shared as f64 >= SIMILAR_JACCARD * self.all as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: &str, b: &str) -> Overlap {
        Overlap::of(&title_words(a), &title_words(b))
    }

    #[test]
    fn folded_significant_words_only() {
        let words = title_words("Télétravail : quelles RÈGLES pour les déplacements ?");
        let mut words: Vec<_> = words.into_iter().collect();
        words.sort();
        assert_eq!(words, ["deplacements", "regles", "teletravail"]);
    }

    #[test]
    fn similar_at_thirty_percent() {
        let o = overlap(
            "Télétravail : quelles règles pour les déplacements ?",
            "Règles du teletravail et déplacements",
        );
        assert_eq!(o, Overlap { shared: 3, all: 3 });
        assert!(o.similar());
        assert!(!overlap(
            "Comment faire pour les congés ?",
            "Comment faire pour la cantine ?"
        )
        .similar());
        assert!(!overlap("", "").similar());
        assert_eq!(overlap("", "").jaccard(), 0.0);
    }
}
