//! Identity attacks against groups: an identity group (`groups.tsv`) and a hostility or
//! violence expression of the lexicons close together in one sentence ("je déteste les
//! X", "les X sont des pourritures", "il faut tuer tous les X"). Naming a group is
//! ordinary speech ("je suis un homo", "j'aime les femmes"), and hostility towards
//! something else is an opinion ("je déteste les lundis"), so neither is reported alone.
//! Negated ("je ne déteste pas les X"), quoted and reported (counter-speech: « dire que
//! les X sont… est sectaire ») expressions are not reported.

use super::context::{
    inside_quotes, is_negated, negation_earlier_in_sentence, reported_speech_before,
};
use super::lexicon::{Kind, Match};
use super::normalize::Normalized;
use super::{
    Category, Finding, IDENTITY_EXPLAIN, IDENTITY_SUGGEST, THREAT_EXPLAIN, THREAT_SUGGEST,
};

/// How many tokens may separate the group and the expression ("les trans devraient
/// tous être tués": four).
const MAX_GAP: usize = 4;

pub fn find(text: &str, n: &Normalized, matches: &[Match]) -> Vec<Finding> {
    let tokens = n.tokens();
    let groups: Vec<&Match> = matches.iter().filter(|m| m.kind == Kind::Group).collect();
    let mut out = Vec::new();
    for m in matches {
        let violent = match m.kind {
            Kind::Hostility => false,
            Kind::Violence => true,
            _ => continue,
        };
        if is_negated(n, m.tokens.start, m.tokens.end) || inside_quotes(text, m.original.start) {
            continue;
        }
        let sentence = tokens[m.tokens.start].sentence;
        let near = groups.iter().find(|g| {
            tokens[g.tokens.start].sentence == sentence
                && gap(&g.tokens, &m.tokens) <= MAX_GAP
                && !inside_quotes(text, g.original.start)
        });
        if let Some(g) = near {
            let first = g.tokens.start.min(m.tokens.start);
            if reported_speech_before(n, first) || negation_earlier_in_sentence(n, m.tokens.start) {
                continue;
            }
            let span = g.original.start.min(m.original.start)..g.original.end.max(m.original.end);
            let (category, explain, suggest) = if violent {
                (Category::Threat, THREAT_EXPLAIN, THREAT_SUGGEST)
            } else {
                (Category::IdentityAttack, IDENTITY_EXPLAIN, IDENTITY_SUGGEST)
            };
            out.push(Finding::new(category, m.severity, span, explain, suggest));
        }
    }
    out
}

/// Tokens strictly between two token ranges (0 when adjacent or overlapping).
fn gap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> usize {
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moderation::lexicon::builtin;

    fn spans(text: &str) -> Vec<(Category, String)> {
        let n = Normalized::new(text);
        let matches = builtin().find(&n);
        find(text, &n, &matches)
            .into_iter()
            .map(|f| (f.category, text[f.start..f.end].to_string()))
            .collect()
    }

    #[test]
    fn hostility_next_to_a_group() {
        assert_eq!(
            spans("Je déteste les musulmans."),
            [(
                Category::IdentityAttack,
                "déteste les musulmans".to_string()
            )]
        );
        assert_eq!(spans("Les réfugiés sont des parasites.").len(), 1);
        assert_eq!(spans("Je n'ai aucune compassion pour les gitans.").len(), 1);
        assert_eq!(
            spans("Les trans devraient tous être tués.")[0].0,
            Category::Threat
        );
    }

    #[test]
    fn not_an_identity_attack() {
        for text in [
            "J'aime les femmes.",
            "Je suis un homo.",
            "Je déteste les lundis.",
            "Je ne déteste pas les femmes.",
            "Dire « je déteste les juifs » est inacceptable.",
            "Les femmes sont sous-représentées dans l'équipe ; nous voulons éliminer ces biais du recrutement.",
            "Il faut tuer le processus avant la mise à jour.",
            "Vous devez arrêter de dire que les réfugiés sont des parasites.",
            "Aucun réfugié ne mérite de mourir.",
            "Nous ne devons pas faire souffrir les migrants.",
        ] {
            assert!(spans(text).is_empty(), "{text:?}: {:?}", spans(text));
        }
    }
}
