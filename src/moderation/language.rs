//! A rough per-sentence language guess (French, English or unknown) from function
//! words. It only has to settle FR/EN collisions: "retard" is a slur in an English
//! sentence and means "late" in a French one; "bite" is vulgar in French and a snack in
//! English.

use super::normalize::Normalized;
use super::wordset::WordSet;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
    Unknown,
}

/// Frequent French words that are not English words (normalised: no accents).
const FRENCH: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "sont", "pas", "je", "j", "tu",
    "il", "elle", "nous", "vous", "ils", "elles", "que", "qui", "ne", "au", "aux", "ce", "cette",
    "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "pour", "dans", "sur",
    "avec", "mais", "ou", "donc", "car", "c", "l", "d", "qu", "tres", "plus", "bien", "etre",
    "avoir", "suis", "es", "ont", "moi", "toi", "lui", "leur", "ca", "cest", "quoi", "en", "y",
    "faire", "fait", "vais", "va", "bonjour", "merci", "tous", "tout", "toute", "toutes", "quel",
    "quelle", "quels", "quelles", "oui", "non",
    // Far more frequent as French "late" than as the English slur: alone, it is French.
    "retard",
];

/// Frequent English words that are not French words.
const ENGLISH: &[&str] = &[
    "the", "an", "and", "is", "are", "was", "were", "be", "been", "not", "i", "you", "he", "she",
    "we", "they", "it", "that", "this", "these", "those", "of", "to", "in", "at", "with", "for",
    "from", "by", "but", "or", "so", "my", "your", "his", "her", "our", "their", "him", "them",
    "do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "what", "which",
    "who", "there", "here", "just", "very", "what", "get", "go", "such", "ll", "re", "m",
];

fn function_words() -> &'static WordSet<(u32, u32)> {
    static SET: OnceLock<WordSet<(u32, u32)>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut words: Vec<(&'static str, (u32, u32))> = Vec::new();
        for &w in FRENCH.iter().chain(ENGLISH) {
            if words.iter().any(|(x, _)| *x == w) {
                continue;
            }
            let counts = (
                u32::from(FRENCH.contains(&w)),
                u32::from(ENGLISH.contains(&w)),
            );
            words.push((w, counts));
        }
        WordSet::new(words)
    })
}

/// French and English function words counted in each sentence of `n` (indexed by
/// `Token::sentence`).
pub fn sentence_counts(n: &Normalized) -> Vec<(u32, u32)> {
    let sentences = n.tokens().last().map_or(0, |t| t.sentence + 1);
    let mut counts = vec![(0u32, 0u32); sentences];
    let words = function_words();
    for (i, t) in n.tokens().iter().enumerate() {
        if let Some((fr, en)) = words.get(n.token_text(i)) {
            counts[t.sentence].0 += fr;
            counts[t.sentence].1 += en;
        }
    }
    counts
}

/// The language a majority of function words says.
pub fn decide(fr: u32, en: u32) -> Lang {
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Fr,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => Lang::Unknown,
    }
}

/// The language of the whole text from its sentences' counts.
pub fn overall(counts: &[(u32, u32)]) -> Lang {
    let (fr, en) = counts.iter().fold((0, 0), |(f, e), &(a, b)| (f + a, e + b));
    decide(fr, en)
}

/// The language of each sentence from its counts; a sentence without a clear majority
/// takes `overall`.
pub fn resolve(counts: &[(u32, u32)], overall: Lang) -> Vec<Lang> {
    counts
        .iter()
        .map(|&(fr, en)| match decide(fr, en) {
            Lang::Unknown => overall,
            lang => lang,
        })
        .collect()
}

/// The language of each sentence of `n` (indexed by `Token::sentence`). A sentence
/// without a clear majority takes the language of the whole text.
pub fn sentence_languages(n: &Normalized) -> Vec<Lang> {
    let counts = sentence_counts(n);
    resolve(&counts, overall(&counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(s: &str) -> Vec<Lang> {
        sentence_languages(&Normalized::new(s))
    }

    #[test]
    fn guesses_per_sentence() {
        assert_eq!(langs("Le projet est en retard."), [Lang::Fr]);
        assert_eq!(langs("You are such a retard."), [Lang::En]);
        assert_eq!(
            langs("Bonjour à tous. This is the final version."),
            [Lang::Fr, Lang::En]
        );
        assert_eq!(langs("Retard"), [Lang::Fr]);
        assert_eq!(langs(""), Vec::<Lang>::new());
    }
}
