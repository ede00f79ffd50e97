//! Possible defamation (loi du 29 juillet 1881, art. 29): an identifiable person or
//! body **and** the imputation of a precise fact that harms their honour ("Paul a
//! détourné des fonds", "@marie ment sur les chiffres", "the head of sales stole…").
//! Without a precise fact it is at most an insult; without an identifiable target it
//! is a general statement; plain criticism of someone's work ("le rapport de Paul est
//! bâclé") has neither accusation verb nor fact and is never reported.
//!
//! Heuristic: an `accusation` term of the lexicons, not negated, with a person mention
//! earlier in the same sentence (at most [`MAX_DISTANCE`] tokens before it):
//! an @mention, a capitalised name, an honorific (M., Mme, Mr…) or a role with a
//! possessive or definite article ("le responsable du service", "my manager").
//! Pronouns alone ("il a menti") are not enough: who they designate is not in the text.

use super::context::is_negated;
use super::lexicon::{Kind, Match};
use super::normalize::Normalized;
use super::{Category, Finding};

pub const EXPLAIN: &str = "mod_defamation_explain";
pub const SUGGEST: &str = "mod_defamation_suggest";

const MAX_DISTANCE: usize = 8;

/// Capitalised words that are not names (sentence starts, days, months…).
const NOT_NAMES: &[&str] = &[
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "je",
    "j",
    "tu",
    "ce",
    "cet",
    "cette",
    "ces",
    "c",
    "ca",
    "mais",
    "et",
    "donc",
    "alors",
    "hier",
    "aujourd",
    "demain",
    "si",
    "quand",
    "comme",
    "selon",
    "pourtant",
    "apparemment",
    "franchement",
    "bref",
    "bonjour",
    "salut",
    "merci",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "the",
    "a",
    "an",
    "he",
    "she",
    "they",
    "we",
    "i",
    "it",
    "this",
    "that",
    "yesterday",
    "today",
    "but",
    "and",
    "so",
    "if",
    "when",
    "apparently",
    "honestly",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "qui",
    "quelqu",
    "someone",
    "somebody",
    "personne",
    "nobody",
    "everyone",
    "tout",
    "tous",
    "en",
    "au",
    "dans",
    "pour",
    "par",
    "sur",
    "avec",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "de",
    "du",
    "d",
    "y",
    "ne",
    "n",
    "pas",
    "not",
    "my",
    "mon",
    "ma",
    "notre",
    "our",
];

const HONORIFICS: &[&str] = &[
    "m",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "mademoiselle",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "docteur",
    "maitre",
    "me",
    "pr",
];

const DETERMINERS: &[&str] = &[
    "le", "la", "l", "notre", "mon", "ma", "votre", "son", "sa", "leur", "ce", "cette", "the",
    "our", "my", "your", "their", "his", "her", "this", "that",
];

const ROLES: &[&str] = &[
    "responsable",
    "chef",
    "cheffe",
    "directeur",
    "directrice",
    "manager",
    "drh",
    "dg",
    "pdg",
    "president",
    "presidente",
    "comptable",
    "tresorier",
    "tresoriere",
    "collegue",
    "stagiaire",
    "boss",
    "patron",
    "patronne",
    "superieur",
    "superieure",
    "adjoint",
    "adjointe",
    "assistant",
    "assistante",
    "commercial",
    "commerciale",
    "gerant",
    "gerante",
    "maire",
    "head",
    "director",
    "ceo",
    "cfo",
    "cto",
    "accountant",
    "colleague",
    "treasurer",
    "intern",
    "supervisor",
    "lead",
    "owner",
    "founder",
    "fondateur",
    "fondatrice",
    "prestataire",
    "fournisseur",
    "supplier",
    "contractor",
];

pub fn find(text: &str, n: &Normalized, matches: &[Match]) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for m in matches.iter().filter(|m| m.kind == Kind::Accusation) {
        if is_negated(n, m.tokens.start, m.tokens.end) {
            continue;
        }
        if let Some(person) = person_before(text, n, m.tokens.start) {
            let start = n.tokens()[person].orig.start;
            // Include the '@' of a mention.
            let start = if text[..start].ends_with('@') {
                start - 1
            } else {
                start
            };
            // Nested accusations ("a détourné", "a détourné des fonds") make one finding.
            if let Some(same) = out.iter_mut().find(|f| f.start == start) {
                same.end = same.end.max(m.original.end);
                continue;
            }
            out.push(Finding::new(
                Category::PossibleDefamation,
                m.severity,
                start..m.original.end,
                EXPLAIN,
                SUGGEST,
            ));
        }
    }
    out
}

/// The earliest token of a person mention in the same sentence before `at`.
fn person_before(text: &str, n: &Normalized, at: usize) -> Option<usize> {
    let tokens = n.tokens();
    let sentence = tokens.get(at)?.sentence;
    let from = at.saturating_sub(MAX_DISTANCE);
    (from..at)
        .filter(|&i| tokens[i].sentence == sentence)
        .find(|&i| is_person_mention(text, n, i))
}

fn is_person_mention(text: &str, n: &Normalized, i: usize) -> bool {
    let t = &n.tokens()[i];
    let word = n.token_text(i);
    let original = &text[t.orig.clone()];
    let next = n.token_text(i + 1);
    // @mention
    if text[..t.orig.start].ends_with('@') && word.chars().all(char::is_alphanumeric) {
        return true;
    }
    // Honorific followed by a name: "M. Martin", "Mme Durand", "Mr Smith".
    if HONORIFICS.contains(&word) && i + 1 < n.tokens().len() && !NOT_NAMES.contains(&next) {
        return true;
    }
    // Role with a determiner: "le responsable (du service X)", "my manager".
    if DETERMINERS.contains(&word) && ROLES.contains(&next) {
        return true;
    }
    // A capitalised name: "Paul", "Dupont" (not an all-caps acronym, not a function word).
    let mut chars = original.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(|c| !c.is_uppercase() || c == '-');
    capitalised
        && !NOT_NAMES.contains(&word)
        && !HONORIFICS.contains(&word)
        && !ROLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moderation::lexicon::builtin;

    fn spans(text: &str) -> Vec<String> {
        let n = Normalized::new(text);
        let matches = builtin().find(&n);
        find(text, &n, &matches)
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn person_and_precise_fact() {
        assert_eq!(
            spans("Paul a détourné des fonds."),
            ["Paul a détourné des fonds"]
        );
        assert_eq!(
            spans("Franchement, @marie ment sur les chiffres."),
            ["@marie ment sur"]
        );
        assert_eq!(
            spans("Je crois que le responsable du service achats touche des pots-de-vin."),
            ["le responsable du service achats touche des pots-de-vin"]
        );
        assert_eq!(
            spans("M. Martin a falsifié les notes de frais."),
            ["M. Martin a falsifié"]
        );
        assert_eq!(
            spans("My manager is lying about the budget."),
            ["My manager is lying about"]
        );
        assert_eq!(spans("John stole the prototype."), ["John stole"]);
    }

    #[test]
    fn criticism_negation_and_no_target_are_not_defamation() {
        for text in [
            "Le rapport de Paul est bâclé et plein d'erreurs.",
            "John's slides were confusing and too long.",
            "Paul n'a pas détourné de fonds, l'audit l'a confirmé.",
            "Marie ne ment pas sur les chiffres.",
            "Il a menti.",
            "Quelqu'un a volé mon agrafeuse.",
            "Paul a volé la vedette à tout le monde.",
            "Le nouveau process a détourné l'attention du vrai problème.",
            "John didn't steal anything.",
        ] {
            assert!(spans(text).is_empty(), "{text:?}: {:?}", spans(text));
        }
    }
}
