//! Hostile page content never makes the core panic: deterministic pseudo-random pages
//! assembled from SharePoint fragments, broken markup and pathological values.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use animateur::adapters::snapshot::Clock;
use animateur::adapters::{read_snapshot, summarise};
use animateur::html_dom::parse_document;
use animateur::model::PageKind;
use common::XorShift;

const FRAGMENTS: &[&str] = &[
    r#"<div class="ms-comm-forumContainer">"#,
    r#"<li class="ms-comm-postListItem ms-comm-postRootContainer" id="forum0-Post-Root">"#,
    r#"<li class="ms-comm-postListItem ms-comm-postReplyListItem" id="forum0-Post9"#,
    r#"<span class="ms-comm-authorTitle"><a class="ms-subtleLink" href="?ID=">"#,
    r#"<a class="ms-subtleLink" href="&id=&accountname=">"#,
    r#"<span class="ms-comm-likesCount">beaucoup</span>"#,
    r#"<span class="ms-comm-likesCount">99999999999999999999999</span>"#,
    r#"<span class="ms-comm-reputationNumbers">1 234 567</span>"#,
    r#"<div id="spPageCanvasContent">"#,
    r##"<div data-automation-id="sp-comment-block-root"><a href="#comment=">"##,
    r#"<span data-automation-id="sp-socialbar-viewcount">١٢٣ vues</span>"#,
    r#"<div class="ms-microfeed-thread"><div class="ms-microfeed-rootDiv">"#,
    r#"<div class="ms-microfeed-message"><a class="ms-microfeed-userName">"#,
    r#"<li class="ms-blog-postComment">"#,
    r#"<table class="ms-listviewtable"><tr class="ms-itmhover"><td>"#,
    r#"<div class="ms-comm-membersContainer"><li class="ms-comm-memberItem">"#,
    "</div>",
    "</li>",
    "</ul>",
    "</span>",
    "</a>",
    "</table>",
    "<ul>",
    "<form><form>",
    "\u{0}",
    "\u{FEFF}",
    "é",
    "👍🏽",
    "<!--",
    "-->",
    "<![CDATA[",
    "<script>",
    "</script>",
    "<svg><foreignObject>",
    "<template>",
    "</template>",
    "&amp;&#0;&#x110000;",
];

#[test]
fn random_pages_of_sharepoint_fragments_never_panic() {
    for seed in 1..=400u64 {
        let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let len = 5 + rng.next() % 200;
        let html: String = (0..len).map(|_| rng.pick(FRAGMENTS)).collect();
        let doc = parse_document(&html);
        let url = "https://intranet.example/page";
        let summary = summarise(&doc.root_element(), url)
            .unwrap_or_else(|e| panic!("seed {seed}: selector error {e}"));
        let clock = Clock {
            now: 1_795_428_000,
            utc_offset_minutes: 60,
            date_order: None,
        };
        let snapshot = read_snapshot(&doc.root_element(), url, &clock)
            .unwrap_or_else(|e| panic!("seed {seed}: selector error {e}"));
        // Both readings agree on what the page is.
        match snapshot {
            None => assert_eq!(summary.page_kind, PageKind::Unknown, "seed {seed}"),
            Some(s) => assert_eq!(s.kind, summary.page_kind, "seed {seed}"),
        }
    }
}

#[test]
fn deeply_nested_comments_are_read() {
    let depth = 800;
    let mut html = String::from(r#"<div id="spPageCanvasContent"><div id="CommentsWrapper">"#);
    for i in 0..depth {
        html.push_str(&format!(
            r##"<div data-automation-id="sp-comment-block-root"><a href="#comment={i}"></a>"##
        ));
    }
    html.push_str(&"</div>".repeat(depth + 2));
    let doc = parse_document(&html);
    let s = summarise(&doc.root_element(), "").unwrap();
    assert_eq!(s.page_kind, PageKind::SpModernPage);
    // The HTML parser caps nesting depth the way browsers do; whatever survives is
    // counted, and nothing panics.
    assert!(s.items > 0);
}

#[test]
fn empty_and_whitespace_documents() {
    for html in ["", " ", "<html></html>", "<!doctype html><body></body>"] {
        let doc = parse_document(html);
        let s = summarise(&doc.root_element(), "").unwrap();
        assert_eq!(s.page_kind, PageKind::Unknown);
    }
}

/// Hostile names and bodies stay data; duplicated ids count once; a garbled date or a
/// missing author leaves that field empty, not the snapshot.
#[test]
fn hostile_text_duplicates_and_garbled_fields() {
    let comment = |id: &str, who: &str, date: &str, text: &str| {
        format!(
            r##"<div data-automation-id="sp-comment-block-root"><a data-automation-id="sp-comment-author" href="/_layouts/15/me.aspx?accountname=i%3A0%23.f%7Cmembership%7C{id}%40x.fr">{who}</a><a href="#comment={id}"><time datetime="{date}">x</time></a><div class="comment-text">{text}</div></div>"##
        )
    };
    let html = format!(
        r#"<div id="spPageCanvasContent"><div id="CommentsWrapper">{}{}{}{}{}</div></div>"#,
        comment(
            "1",
            "&lt;img src=x onerror=alert(1)&gt;",
            "2026-11-20T10:00:00Z",
            "&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
        ),
        comment(
            "2",
            "\u{202E}evil\u{202C} name",
            "le 31 février",
            "\u{202E}txet desrever"
        ),
        // The same comment again (SharePoint has rendered comments twice after an in-app
        // navigation): one item.
        comment(
            "1",
            "&lt;img src=x onerror=alert(1)&gt;",
            "2026-11-20T10:00:00Z",
            "copy"
        ),
        r##"<div data-automation-id="sp-comment-block-root"><a href="#comment=3"></a>no author, no date</div>"##,
        comment("4", "", "not a date at all", ""),
    );
    let doc = parse_document(&html);
    let clock = Clock {
        now: 1_795_428_000,
        utc_offset_minutes: 60,
        date_order: None,
    };
    let snapshot = read_snapshot(&doc.root_element(), "", &clock)
        .unwrap()
        .unwrap();
    let items: Vec<_> = snapshot.threads.iter().flat_map(|t| &t.items).collect();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(
        items[0].author_name.as_deref(),
        Some("<img src=x onerror=alert(1)>")
    );
    assert_eq!(
        items[0].text.as_deref(),
        Some("</style><script>alert(2)</script>")
    );
    assert!(items[0].created.is_some());
    assert_eq!(
        items[1].author_name.as_deref(),
        Some("\u{202E}evil\u{202C} name")
    );
    assert!(items[1].created.is_none(), "31 February is not a date");
    assert!(items[2].author.is_none() && items[2].created.is_none());
    assert!(items[3].created.is_none());
    let stats = animateur::stats::compute_all(&snapshot, &Default::default(), clock.now);
    assert_eq!(stats.m1_items.value(), Some(&4));
}
