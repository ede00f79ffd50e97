//! Tests of the public entry point: categories, spans in bytes and UTF-16, merging,
//! configuration, and robustness on arbitrary input.

use super::*;

fn cats(text: &str) -> Vec<(Category, String)> {
    analyze(text, &AnalyzerConfig::default())
        .into_iter()
        .map(|f| (f.category, text[f.start..f.end].to_string()))
        .collect()
}

#[test]
fn one_draft_many_findings_sorted_by_start() {
    let text = "Espèce de connard, tu vas le regretter. Mon IBAN FR76 3000 6000 0112 3456 7890 189 — CONFIDENTIEL";
    let found = cats(text);
    assert_eq!(
        found,
        [
            (Category::Insult, "Espèce de connard".to_string()),
            (Category::Threat, "tu vas le regretter".to_string()),
            (
                Category::PersonalData,
                "FR76 3000 6000 0112 3456 7890 189".to_string()
            ),
            (Category::Confidential, "CONFIDENTIEL".to_string()),
        ]
    );
}

#[test]
fn utf16_offsets_follow_the_browser() {
    // "😀" is 4 bytes and 2 UTF-16 units; "é" 2 bytes and 1 unit.
    let text = "😀 é connard";
    let f = &analyze(text, &AnalyzerConfig::default())[0];
    assert_eq!(&text[f.start..f.end], "connard");
    assert_eq!((f.start, f.end), (8, 15));
    assert_eq!((f.start_utf16, f.end_utf16), (5, 12));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&utf16[f.start_utf16..f.end_utf16]).unwrap(),
        "connard"
    );
}

#[test]
fn overlapping_findings_of_one_category_merge() {
    // "strictement confidentiel" contains the marker "confidentiel": one finding.
    let found = analyze("Strictement confidentiel", &AnalyzerConfig::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, 3);
    assert_eq!((found[0].start, found[0].end), (0, 24));
    // Different categories on the same words stay separate.
    let found = cats("Espèce de sale pute !");
    assert!(found.contains(&(Category::Insult, "Espèce de sale pute".to_string())));
}

#[test]
fn configuration_filters_categories_and_severity() {
    let text = "Putain, envoie ça à jean@exemple.fr";
    let all = analyze(text, &AnalyzerConfig::default());
    assert_eq!(all.len(), 2);
    let only_pd = AnalyzerConfig {
        enabled_categories: vec![Category::PersonalData],
        ..AnalyzerConfig::default()
    };
    assert_eq!(analyze(text, &only_pd)[0].category, Category::PersonalData);
    let severe = AnalyzerConfig {
        min_severity: 2,
        ..AnalyzerConfig::default()
    };
    assert!(analyze(text, &severe).is_empty(), "both are severity 1");
    let terms = AnalyzerConfig {
        confidential_terms: vec!["Projet Atlas".into()],
        ..AnalyzerConfig::default()
    };
    assert_eq!(cats("le projet atlas avance").len(), 0);
    assert_eq!(
        analyze("le PROJET ATLAS avance", &terms)[0].explanation_key,
        confidential::TERM_EXPLAIN
    );
}

#[test]
fn config_and_findings_speak_camel_case_json() {
    let config: AnalyzerConfig = serde_json::from_str(
        r#"{"confidentialTerms":["Atlas"],"enabledCategories":["possibleDefamation","personalData"],"minSeverity":2}"#,
    )
    .unwrap();
    assert_eq!(
        config.enabled_categories,
        [Category::PossibleDefamation, Category::PersonalData]
    );
    let partial: AnalyzerConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(partial, AnalyzerConfig::default());
    let f = &analyze("06 12 34 56 78", &AnalyzerConfig::default())[0];
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["category"], "personalData");
    assert_eq!(json["startUtf16"], 0);
    assert_eq!(json["explanationKey"], personal_data::PHONE_EXPLAIN);
}

#[test]
fn every_key_used_is_declared() {
    let samples = [
        "connard",
        "tu vas le regretter",
        "putain",
        "pédé",
        "Paul a détourné des fonds",
        "jean@exemple.fr",
        "06 12 34 56 78",
        "FR76 3000 6000 0112 3456 7890 189",
        "2 95 10 99 126 111 93",
        "4111 1111 1111 1111",
        "confidentiel",
        "JE NE SUIS PAS DU TOUT CONTENT !!!",
        "slt stp grrrrr mdr",
        "Je déteste les juifs",
    ];
    let config = AnalyzerConfig {
        confidential_terms: vec!["Atlas".into()],
        ..AnalyzerConfig::default()
    };
    for text in samples.iter().chain(&["Atlas"]) {
        let found = analyze(text, &config);
        assert!(!found.is_empty(), "{text}");
        for f in found {
            assert!(
                MESSAGE_KEYS.contains(&f.explanation_key),
                "{}",
                f.explanation_key
            );
            assert!(
                MESSAGE_KEYS.contains(&f.suggestion_key),
                "{}",
                f.suggestion_key
            );
        }
    }
    let mut keys = MESSAGE_KEYS.to_vec();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), MESSAGE_KEYS.len(), "no duplicate keys");
}

#[test]
fn ordinary_workplace_french_and_english_get_no_finding() {
    for text in [
        "Bonjour à tous, la réunion de lundi est décalée à 14h en salle B204.",
        "Merci pour ce retour, je regarde le contrat et je reviens vers toi.",
        "Le projet a pris du retard à cause de la livraison, on en a assez parlé.",
        "Peux-tu m'envoyer le compte rendu ? Les cons et les pros du fournisseur sont notés.",
        "Le budget 2024 est de 1 250 000 €, en hausse de +3,5 % (v2.1.0).",
        "Hi all, the sale starts Monday; please review the pros and cons.",
        "Paul a fait une présentation claire, même si le rapport était un peu long.",
        "Il faut baiser la main de la reine ? Non, c'est une blague !",
        "Je vais te transmettre la gerbe de fleurs pour le pot de départ.",
        "Réunion RH avec la DSI et la SNCF au sujet du COVID-19.",
    ] {
        assert!(cats(text).is_empty(), "{text:?}: {:?}", cats(text));
    }
}

#[test]
fn never_panics_on_random_input() {
    let mut rng = super::normalize::tests_support::XorShift(0xDEAD_BEEF_CAFE_F00D);
    let config = AnalyzerConfig {
        confidential_terms: vec!["Atlas".into(), "é".into(), "*".into(), " ".into()],
        ..AnalyzerConfig::default()
    };
    for _ in 0..1500 {
        let s = rng.string(80);
        for f in analyze(&s, &config) {
            assert!(f.start < f.end && f.end <= s.len(), "{s:?}");
            assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            let units = s[..f.end].encode_utf16().count();
            assert_eq!(units, f.end_utf16);
        }
    }
    // Pathological shapes.
    for s in [
        "0".repeat(5000),
        "!".repeat(3000),
        "a ".repeat(3000),
        "*".repeat(100) + "a",
        "@".repeat(500),
        "+33".repeat(500),
        "FR76".repeat(500),
        "\u{301}".repeat(500),
        "ｃ".repeat(500),
        "1 ".repeat(3000),
    ] {
        let _ = analyze(&s, &config);
    }
}

#[test]
fn every_message_key_has_french_and_english_text() {
    for lang in ["fr", "en"] {
        let path = format!(
            "{}/extension/_locales/{lang}/messages.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let raw: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for key in crate::moderation::MESSAGE_KEYS {
            let text = raw[*key]["message"].as_str().unwrap_or_default();
            assert!(!text.is_empty(), "{lang} lacks {key}");
        }
    }
}
