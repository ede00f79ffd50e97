//! Contribution metrics on the demo pages against the hand counts in `www/pages.json`
//! (`expectedStats`; how each page was counted, Gini computations included, is in its
//! `statsNote`). Only the listed fields are compared: `{"value": {"count": 1}}` checks
//! `count` and ignores the metric's other fields. Numbers match within 0.001.
#![cfg(not(target_arch = "wasm32"))]

use animateur::adapters::read_snapshot;
use animateur::adapters::snapshot::Clock;
use animateur::html_dom::parse_document;
use animateur::stats::{compute_all, StatsConfig};
use serde_json::Value;

/// 2026-11-23 10:00 UTC (a Monday), a viewer in Paris (UTC+1 in November).
const NOW: i64 = 1_795_428_000;

fn stats_of(path: &str) -> Value {
    let file = format!("{}/www{path}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let doc = parse_document(&html);
    let clock = Clock {
        now: NOW,
        utc_offset_minutes: 60,
        date_order: None,
    };
    let url = format!("http://127.0.0.1:8123{path}");
    let snapshot = read_snapshot(&doc.root_element(), &url, &clock)
        .unwrap()
        .unwrap_or_else(|| panic!("{path}: not a page Animateur reads"));
    let mut cfg = StatsConfig::default();
    cfg.business.utc_offset_minutes = 60;
    serde_json::to_value(compute_all(&snapshot, &cfg, NOW)).unwrap()
}

/// Whether every leaf of `expected` is found, equal, at the same place in `got`.
fn matches(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::Object(want), Value::Object(have)) => want
            .iter()
            .all(|(key, w)| have.get(key).is_some_and(|h| matches(w, h))),
        (Value::Number(w), Value::Number(h)) => {
            (w.as_f64().unwrap() - h.as_f64().unwrap()).abs() <= 0.001
        }
        _ => expected == got,
    }
}

#[test]
fn demo_page_stats_match_the_hand_counts() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/www/pages.json");
    let pages: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for page in pages.iter().filter(|p| p.get("expectedStats").is_some()) {
        let path = page["path"].as_str().unwrap();
        let got = stats_of(path);
        for (metric, want) in page["expectedStats"].as_object().unwrap() {
            let have = &got[metric];
            if !matches(want, have) {
                wrong.push(format!("{path} {metric}: expected {want}, got {have}"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} pages have expectedStats");
    assert!(
        wrong.is_empty(),
        "{} metric(s) differ from the hand counts:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
