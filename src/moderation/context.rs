//! Small context tests shared by the phrase-level heuristics (defamation, identity
//! attacks): is a phrase negated, is it inside quotation marks.

use super::normalize::Normalized;

/// Whether the phrase starting at token `first` is negated: "je ne déteste pas",
/// "je ne les hais pas", "n'a jamais", "did not", "don't", "never".
pub fn is_negated(n: &Normalized, first: usize, after_last: usize) -> bool {
    let word = |i: Option<usize>| i.map_or("", |i| n.token_text(i));
    let prev1 = word(first.checked_sub(1));
    let prev2 = word(first.checked_sub(2));
    let prev3 = word(first.checked_sub(3));
    let next = word(Some(after_last));
    let french_ne = |w: &str| matches!(w, "ne" | "n");
    let object_pronoun = |w: &str| {
        matches!(
            w,
            "les"
                | "le"
                | "la"
                | "l"
                | "te"
                | "t"
                | "vous"
                | "me"
                | "m"
                | "lui"
                | "leur"
                | "y"
                | "en"
        )
    };
    let english_aux = |w: &str| {
        matches!(
            w,
            "don"
                | "didn"
                | "doesn"
                | "isn"
                | "aren"
                | "wasn"
                | "weren"
                | "won"
                | "can"
                | "haven"
                | "hasn"
        )
    };
    matches!(prev1, "not" | "never" | "pas" | "jamais" | "plus")
        || french_ne(prev1)
        || (french_ne(prev2) && object_pronoun(prev1))
        || (french_ne(prev2)
            && matches!(prev1, "a" | "ai" | "as" | "ont" | "avons" | "avez")
            && matches!(next, "pas" | "jamais"))
        || (prev1 == "t" && english_aux(prev2))
        || (prev2 == "t" && english_aux(prev3))
        || (french_ne(prev3) && matches!(next, "pas" | "jamais" | "plus"))
}

/// Whether `word` can take part in [`is_negated`] as one of the tokens before a phrase:
/// a phrase whose three previous tokens hold none of these is negated or not whatever
/// comes before them (the incremental analysis relies on it to cut a draft).
pub fn may_negate(word: &str) -> bool {
    matches!(
        word,
        "not" | "never" | "pas" | "jamais" | "plus" | "ne" | "n" | "t"
            // object pronouns after "ne"
            | "les" | "le" | "la" | "l" | "te" | "vous" | "me" | "m" | "lui" | "leur" | "y" | "en"
            // auxiliaries after "ne"
            | "a" | "ai" | "as" | "ont" | "avons" | "avez"
            // English auxiliaries before "t"
            | "don" | "didn" | "doesn" | "isn" | "aren" | "wasn" | "weren" | "won" | "can"
            | "haven" | "hasn"
    )
}

/// Whether `word`, right after a phrase, can make [`is_negated`] true.
pub fn may_negate_after(word: &str) -> bool {
    matches!(word, "pas" | "jamais" | "plus")
}

/// Words that introduce reported or denounced speech: "dire que les X sont…",
/// "traiter les X de…", "arrêter de…", "saying that…". What follows is not the
/// author's own claim (counter-speech, reporting), so group heuristics stay silent.
const REPORTING: &[&str] = &[
    " dire que ",
    " dit que ",
    " dites que ",
    " disent que ",
    " disiez que ",
    " traiter ",
    " traitez ",
    " traite ",
    " appeler ",
    " appelez ",
    " arreter de ",
    " arretez de ",
    " jamais dit ",
    " pretendre que ",
    " affirmer que ",
    " croire que ",
    " say that ",
    " saying that ",
    " said that ",
    " calling ",
    " call them ",
    " stop saying ",
    " menacer de ",
    " menace de ",
    " menacent de ",
    " insister sur le fait que ",
    " threatening to ",
    " threaten to ",
];

/// Negative words anywhere earlier in a sentence.
const NEGATIONS: &[&str] = &[
    "ne", "n", "pas", "aucun", "aucune", "jamais", "not", "never", "no", "nobody",
];

/// Whether the sentence of token `first` contains a negation before it ("nous ne
/// devons pas faire souffrir les X", "aucun X ne mérite…"). An expression that is
/// itself negative ("aucune compassion pour", "ne valent rien") is not negated by its
/// own words: only the tokens before `first` count, and a negative first word exempts.
pub fn negation_earlier_in_sentence(n: &Normalized, first: usize) -> bool {
    let tokens = n.tokens();
    let Some(sentence) = tokens.get(first).map(|t| t.sentence) else {
        return false;
    };
    if NEGATIONS.contains(&n.token_text(first)) {
        return false;
    }
    (0..first)
        .rev()
        .take_while(|&i| tokens[i].sentence == sentence)
        .any(|i| NEGATIONS.contains(&n.token_text(i)))
}

/// Whether the sentence of token `first` has a reporting phrase before it.
pub fn reported_speech_before(n: &Normalized, first: usize) -> bool {
    let tokens = n.tokens();
    let Some(sentence) = tokens.get(first).map(|t| t.sentence) else {
        return false;
    };
    let start = (0..first)
        .rev()
        .take_while(|&i| tokens[i].sentence == sentence)
        .last()
        .unwrap_or(first);
    let Some(before) = n
        .text()
        .get(tokens[start].norm.start.saturating_sub(1)..tokens[first].norm.start)
    else {
        return false;
    };
    REPORTING.iter().any(|r| before.contains(r))
}

/// Whether byte `at` of `text` lies inside quotation marks (« », “ ”, or a pair of
/// straight double quotes): quoted words are reported speech, often counter-speech.
pub fn inside_quotes(text: &str, at: usize) -> bool {
    let mut depth: i32 = 0;
    let mut straight_open = false;
    // Quotes open and close within a paragraph; counting from the paragraph's start
    // keeps a 1 MB paste with many matches linear.
    let at = at.min(text.len());
    let from = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    for (i, c) in text[from..].char_indices() {
        if from + i >= at {
            break;
        }
        match c {
            '«' | '“' => depth += 1,
            '»' | '”' => depth = (depth - 1).max(0),
            '"' => straight_open = !straight_open,
            _ => {}
        }
    }
    depth > 0 || straight_open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated(text: &str, word: &str) -> bool {
        let n = Normalized::new(text);
        let i = (0..n.tokens().len())
            .find(|&i| n.token_text(i) == word)
            .expect("word present");
        is_negated(&n, i, i + 1)
    }

    #[test]
    fn negation() {
        assert!(negated("je ne déteste pas les femmes", "deteste"));
        assert!(negated("je ne les hais pas", "hais"));
        assert!(negated("I don't hate them", "hate"));
        assert!(negated("I do not hate them", "hate"));
        assert!(!negated("je déteste les lundis", "deteste"));
        assert!(!negated("I hate mondays", "hate"));
    }

    #[test]
    fn reported_speech() {
        let n = Normalized::new("Vous devez arrêter de dire que les X sont nuls.");
        let x = (0..n.tokens().len())
            .find(|&i| n.token_text(i) == "x")
            .unwrap();
        assert!(reported_speech_before(&n, x));
        let n = Normalized::new("Les X sont nuls.");
        assert!(!reported_speech_before(&n, 1));
    }

    #[test]
    fn quotes() {
        let t = "Si vous dites « je déteste X », vous avez tort";
        assert!(inside_quotes(t, t.find("déteste").unwrap()));
        assert!(!inside_quotes(t, t.find("tort").unwrap()));
        let t = "He said \"hate\" then left";
        assert!(inside_quotes(t, t.find("hate").unwrap()));
        assert!(!inside_quotes(t, t.find("left").unwrap()));
    }
}
