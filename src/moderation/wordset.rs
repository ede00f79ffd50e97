//! A small static set of short words with a lookup that costs one or two byte
//! comparisons: the word lists of the detectors (function words, acronyms, SMS-speak)
//! are looked up once per word of every draft, where a linear `contains` over ninety
//! strings was a fifth of the analyzer's time.

/// Words bucketed by length and first byte; each bucket holds the few words (usually
/// none or one) that share both.
pub struct WordSet<T: Copy> {
    buckets: Vec<Vec<(&'static str, T)>>,
}

const LEN_BUCKETS: usize = 16;
const BYTE_BUCKETS: usize = 64;

fn bucket_of(word: &[u8]) -> usize {
    let first = word.first().copied().unwrap_or(0) as usize;
    (word.len() % LEN_BUCKETS) * BYTE_BUCKETS + first % BYTE_BUCKETS
}

impl<T: Copy> WordSet<T> {
    /// A set of `words` with a value each; a word listed twice keeps both values, the
    /// first one wins on lookup.
    pub fn new(words: impl IntoIterator<Item = (&'static str, T)>) -> WordSet<T> {
        let mut buckets = vec![Vec::new(); LEN_BUCKETS * BYTE_BUCKETS];
        for (w, v) in words {
            buckets[bucket_of(w.as_bytes())].push((w, v));
        }
        WordSet { buckets }
    }

    pub fn get(&self, word: &str) -> Option<T> {
        // Compared inline: in wasm `==` on strings calls `memcmp`, a call per common
        // word that shares a bucket ("les" with "lol").
        let word = word.as_bytes();
        self.buckets[bucket_of(word)]
            .iter()
            .find(|(w, _)| w.len() == word.len() && w.bytes().zip(word).all(|(a, &b)| a == b))
            .map(|&(_, v)| v)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}

impl WordSet<()> {
    pub fn of(words: &[&'static str]) -> WordSet<()> {
        WordSet::new(words.iter().map(|&w| (w, ())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_listed_words() {
        let s = WordSet::of(&["le", "la", "les", "", "the", "quelles"]);
        for w in ["le", "la", "les", "", "the", "quelles"] {
            assert!(s.contains(w), "{w}");
        }
        for w in ["l", "lez", "lé", "th", "quelle", "x"] {
            assert!(!s.contains(w), "{w}");
        }
        let m = WordSet::new([("a", 1), ("b", 2), ("a", 3)]);
        assert_eq!(m.get("a"), Some(1));
        assert_eq!(m.get("b"), Some(2));
        assert_eq!(m.get("c"), None);
    }
}
