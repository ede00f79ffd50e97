//! Page-kind detection and counting on every demo page, through the DOM trait (scraper).
//! The expected summaries are the hand counts in `www/pages.json`, shared with the
//! end-to-end suite, which checks the same numbers on the built extension.
#![cfg(not(target_arch = "wasm32"))]

use animateur::adapters::summarise;
use animateur::html_dom::parse_document;
use animateur::model::{PageKind, PageSummary};
use serde_json::Value;

fn pages() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/pages.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `path`'s HTML file: its own, or the `source` it shares with other variants.
fn summary_of(page: &Value) -> PageSummary {
    let path = page["path"].as_str().unwrap();
    let file_path = page.get("source").and_then(Value::as_str).unwrap_or(path);
    summary_of_file(file_path, path)
}

fn summary_of_file(file_path: &str, path: &str) -> PageSummary {
    let index = if file_path.ends_with('/') {
        "index.html"
    } else {
        ""
    };
    let file = format!("{}/www{file_path}{index}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let doc = parse_document(&html);
    summarise(&doc.root_element(), &format!("http://127.0.0.1:8123{path}")).unwrap()
}

#[test]
fn every_demo_page_reads_as_counted_by_hand() {
    let pages = pages();
    assert!(
        pages.len() >= 14,
        "the demo has pages a-i, CSP variants and hostile pages"
    );
    for page in pages {
        let path = page["path"].as_str().unwrap();
        let got = summary_of(&page);
        let expected = &page["expected"];
        if expected.is_null() {
            if let Some(partial) = page.get("expectedPartial") {
                // Broken markup: the kind and threads are defined, the rest depends on
                // how the parser repairs it.
                let kind: PageKind = serde_json::from_value(partial["pageKind"].clone()).unwrap();
                assert_eq!(got.page_kind, kind, "{path}");
                assert_eq!(got.threads, partial["threads"].as_u64().unwrap(), "{path}");
            } else {
                assert_eq!(got, PageSummary::empty(PageKind::Unknown), "{path}");
            }
            continue;
        }
        let mut expected: PageSummary = serde_json::from_value(expected.clone()).unwrap();
        if page["scrollToComments"].as_bool().unwrap() {
            // The comments section is rendered by the page's script only once scrolled
            // into view (as SharePoint does); the served HTML has none yet.
            expected.threads = 0;
            expected.items = 0;
            expected.contributors = 0;
            expected.item_likes = 0;
        }
        assert_eq!(got, expected, "{path}");
    }
}
