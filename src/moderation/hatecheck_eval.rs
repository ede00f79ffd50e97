//! Development measurement on French HateCheck (Multilingual HateCheck, CC BY 4.0,
//! `shared/data/hatecheck-fr/`). It PRINTS how many hateful cases get at least one
//! finding and how many non-hateful cases do (false positives), per functionality. It
//! asserts nothing about the figures: HateCheck is about hate towards groups, only part
//! of what the analyzer does, and tuning to it would not generalise.
//!
//! Run: `cargo test --lib moderation::hatecheck_eval -- --nocapture`

use super::{analyze, AnalyzerConfig};
use std::collections::BTreeMap;
use std::path::Path;

const CSV: &str = "../shared/data/hatecheck-fr/hatecheck_cases_final_french.csv";

/// Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes.
fn parse_csv(data: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn csv_reader_handles_quotes() {
    let rows = parse_csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n");
    assert_eq!(rows, [vec!["a", "b"], vec!["x, y", "say \"hi\""]]);
}

#[test]
fn hatecheck_fr_detection_and_false_positive_rates() {
    // shared/ sits beside the repository; ANIMATEUR_SHARED points elsewhere (a worktree).
    let path = match std::env::var_os("ANIMATEUR_SHARED") {
        Some(shared) => Path::new(&shared).join(CSV.trim_start_matches("../shared/")),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join(CSV),
    };
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("HateCheck data not found at {}: skipped", path.display());
        return;
    };
    let rows = parse_csv(&data);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (f_col, text_col, label_col) = (col("functionality"), col("test_case"), col("label_gold"));
    let config = AnalyzerConfig::default();
    // functionality → (cases, cases with ≥ 1 finding)
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut hateful, mut hateful_hit, mut benign, mut benign_hit) = (0, 0, 0, 0);
    let started = std::time::Instant::now();
    for row in &rows[1..] {
        let (Some(f), Some(text), Some(label)) =
            (row.get(f_col), row.get(text_col), row.get(label_col))
        else {
            continue;
        };
        let hit = !analyze(text, &config).is_empty();
        let e = per.entry(f.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(hit);
        if label == "hateful" {
            hateful += 1;
            hateful_hit += usize::from(hit);
        } else {
            benign += 1;
            benign_hit += usize::from(hit);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "French HateCheck, {} cases in {:?}",
        hateful + benign,
        started.elapsed()
    );
    println!(
        "hateful cases with >= 1 finding:     {hateful_hit}/{hateful} ({:.1} %)",
        pct(hateful_hit, hateful)
    );
    println!(
        "non-hateful cases with >= 1 finding: {benign_hit}/{benign} ({:.1} %)",
        pct(benign_hit, benign)
    );
    for (f, (n, hit)) in &per {
        println!("  {f:<22} {hit:>4}/{n:<4} {:5.1} %", pct(*hit, *n));
    }
    // Regression floors, a little under the figures measured when the lexicons were
    // written (38.5 % detected, 20.4 % flagged among non-hateful cases, most of them
    // profanity or insults that are findings for Animateur): a lexicon or normaliser
    // change that loses detection or floods ordinary text fails here.
    assert!(pct(hateful_hit, hateful) >= 35.0, "detection fell");
    assert!(
        pct(benign_hit, benign) <= 23.0,
        "more non-hateful cases flagged"
    );
}
