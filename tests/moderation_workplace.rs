//! Regression floor on the evaluation's own workplace cases
//! (`tests/eval/cases/workplace.tsv`, the project's file): each category keeps its
//! measured recall and raises no false positive on the hard negatives. The full
//! comparison with obscenity and rustrict is `make eval`.
#![cfg(not(target_arch = "wasm32"))]

use animateur::moderation::{analyze, AnalyzerConfig, Category};
use std::collections::BTreeMap;

#[test]
fn workplace_cases_keep_their_recall_and_no_false_positive() {
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/cases/workplace.tsv"
    ))
    .expect("workplace cases");
    let config = AnalyzerConfig::default();
    // (category, lang) → (positives, found, negatives, flagged)
    let mut tally: BTreeMap<(String, String), (u32, u32, u32, u32)> = BTreeMap::new();
    let mut false_positives = Vec::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [lang, category, label, text] = cols[..] else {
            panic!("bad line: {line:?}");
        };
        let text = text.replace("\\n", "\n");
        let wanted: Category =
            serde_json::from_value(serde_json::Value::String(category.into())).expect("category");
        let hit = analyze(&text, &config).iter().any(|f| f.category == wanted);
        let t = tally.entry((category.into(), lang.into())).or_default();
        if label == "1" {
            t.0 += 1;
            t.1 += u32::from(hit);
        } else {
            t.2 += 1;
            t.3 += u32::from(hit);
            if hit {
                false_positives.push(text.clone());
            }
        }
    }
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    for ((category, lang), (pos, found, _, _)) in &tally {
        // Measured 2026-11-23: every positive found but one French defamation case
        // (an ambiguous verb, "vole").
        let floor = if category == "possibleDefamation" && lang == "fr" {
            pos - 1
        } else {
            *pos
        };
        assert!(found >= &floor, "{category} ({lang}): {found}/{pos}");
    }
    assert_eq!(tally.len(), 8, "four categories in two languages");
}
