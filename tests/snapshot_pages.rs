//! The full snapshot (threads, parents, best reply, dates, likers) on demo pages, with
//! values read by hand from the HTML in www/.
#![cfg(not(target_arch = "wasm32"))]

use animateur::adapters::read_snapshot;
use animateur::adapters::snapshot::Clock;
use animateur::html_dom::parse_document;
use animateur::model::{PageKind, PageSnapshot, ThreadKind};

/// 2026-11-23 10:00 UTC, a viewer in Paris (UTC+1 in November).
const CLOCK: Clock = Clock {
    now: 1_795_428_000,
    utc_offset_minutes: 60,
    date_order: None,
};

fn snapshot(page: &str) -> PageSnapshot {
    let file = format!("{}/www/{page}", env!("CARGO_MANIFEST_DIR"));
    let doc = parse_document(&std::fs::read_to_string(file).unwrap());
    read_snapshot(&doc.root_element(), "http://127.0.0.1/x", &CLOCK)
        .unwrap()
        .expect("a page Animateur reads")
}

#[test]
fn classic_question_thread() {
    let s = snapshot("discussion-thread.html");
    assert_eq!(s.kind, PageKind::SpClassicDiscussionThread);
    assert_eq!(s.threads.len(), 1);
    let t = &s.threads[0];
    assert_eq!(
        t.kind,
        ThreadKind::Question,
        "the root subject carries the question badge"
    );
    assert!(t.title.as_deref().unwrap().ends_with(
        "Synchronisation OneDrive impossible depuis la migration de la bibliothèque Qualité"
    ));
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    // The best reply's copy above the thread does not move reply 45 out of its place.
    assert_eq!(ids, ["41", "42", "43", "44", "45", "46", "47"]);
    assert_eq!(t.id, "41");
    assert_eq!(t.best_reply.as_deref(), Some("45"));
    let parents: Vec<Option<&str>> = t.items.iter().map(|i| i.parent.as_deref()).collect();
    assert_eq!(
        parents,
        [
            None,
            Some("41"),
            Some("42"),
            Some("41"),
            Some("41"),
            Some("45"),
            Some("41")
        ]
    );
    let root = &t.items[0];
    assert_eq!(root.author.as_deref(), Some("id:12"));
    assert_eq!(root.author_name.as_deref(), Some("Isabelle Fontaine"));
    // "16/11/2026 09:14" in Paris = 08:14 UTC.
    assert_eq!(
        root.created.map(|c| (c.utc, c.approximate)),
        Some((1_794_816_840, false))
    );
    assert_eq!(root.likers, ["Pierre Garnier", "Yann Le Gall"]);
    assert!(
        root.text.as_deref().unwrap().len() > 40,
        "the question's text is kept in memory"
    );
    // Two people named Marc Dubois stay two people.
    assert_eq!(t.items[3].author.as_deref(), Some("id:9"));
    assert_eq!(t.items[5].author.as_deref(), Some("id:58"));
    // "17/11/2026 08:05" in Paris = 07:05 UTC; nobody liked it (empty title).
    assert_eq!(t.items[5].created.map(|c| c.utc), Some(1_794_899_100));
    assert!(t.items[5].likers.is_empty());
}

#[test]
fn newsfeed_threads_with_full_dates_from_titles() {
    let s = snapshot("newsfeed.html");
    assert_eq!(s.kind, PageKind::SpClassicNewsfeed);
    assert_eq!(s.threads.len(), 5);
    assert_eq!(s.threads.iter().map(|t| t.items.len()).sum::<usize>(), 13);
    let first = &s.threads[0];
    // Title "lundi 16 novembre 2026 12:05" in Paris = 11:05 UTC.
    assert_eq!(first.items[0].created.map(|c| c.utc), Some(1_794_827_100));
    // Replies answer the thread's root post.
    for reply in &first.items[1..] {
        assert_eq!(reply.parent.as_deref(), Some(first.items[0].id.as_str()));
    }
}

#[test]
fn modern_page_before_its_comments_render() {
    let s = snapshot("modern-news.html");
    assert_eq!(s.kind, PageKind::SpModernPage);
    assert!(
        s.threads.is_empty(),
        "comments render only once scrolled into view"
    );
    assert_eq!((s.page.likes, s.page.views), (Some(12), Some(1234)));
    assert_eq!(
        s.page.title.as_deref(),
        Some("Télétravail : ce qui change au 1er janvier")
    );
}

#[test]
fn modern_nested_replies_name_their_parent() {
    let html = r##"<html lang="en"><div id="spPageCanvasContent"><div id="CommentsWrapper">
      <div data-automation-id="sp-comment-block-root"><a href="#comment=1"><time datetime="2026-11-20T09:00:00Z">Nov 20</time></a>
        <a data-automation-id="sp-comment-author" href="/me?accountname=a">A</a>
        <div data-automation-id="sp-comment-block-root"><a href="#comment=2"><time datetime="2026-11-20T10:30:00Z">Nov 20</time></a>
          <a data-automation-id="sp-comment-author" href="/me?accountname=b">B</a></div>
      </div>
      <div data-automation-id="sp-comment-block-root"><a href="#comment=3"></a>
        <a data-automation-id="sp-comment-author" href="/me?accountname=c">C</a></div>
    </div></div></html>"##;
    let doc = parse_document(html);
    let s = read_snapshot(&doc.root_element(), "", &CLOCK)
        .unwrap()
        .unwrap();
    let t = &s.threads[0];
    assert_eq!(t.kind, ThreadKind::Comments);
    let parents: Vec<(&str, Option<&str>)> = t
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.parent.as_deref()))
        .collect();
    assert_eq!(parents, [("1", None), ("2", Some("1")), ("3", None)]);
    // 2026-11-20 10:30 UTC.
    assert_eq!(t.items[1].created.map(|c| c.utc), Some(1_795_170_600));
    assert_eq!(t.items[2].created, None);
}

#[test]
fn the_viewer_comes_from_the_page_context() {
    use animateur::model::Confidence;
    let classic = snapshot("discussion-thread.html");
    assert_eq!(classic.viewer.key.as_deref(), Some("id:16"));
    assert_eq!(classic.viewer.confidence, Confidence::High);
    let modern = snapshot("modern-news.html");
    // Keyed like the comment authors' profile links (me.aspx?accountname=…).
    assert_eq!(
        modern.viewer.key.as_deref(),
        Some("account:i:0#.f|membership|camille.durand@contoso.fr")
    );
    // The strict-CSP variants' page has no inline page context: no identity, not a guess.
    let strict = snapshot("modern-news-strict.html");
    assert_eq!(strict.viewer.key, None);
    assert_eq!(strict.viewer.confidence, Confidence::None);
}

#[test]
fn members_page_gives_counts_per_member_and_no_threads() {
    let s = snapshot("community-members.html");
    assert_eq!(s.kind, PageKind::SpCommunityMembers);
    assert!(s.threads.is_empty());
    assert_eq!(s.members.len(), 13);
    let member = |id: &str| s.members.iter().find(|m| m.key == id).unwrap();
    // Camille Durand: 5 discussions, 33 replies, 4 best replies.
    let camille = member("id:16");
    assert_eq!(
        (camille.discussions, camille.replies, camille.best_replies),
        (5, 33, 4)
    );
    let karim = member("id:35");
    assert_eq!(
        (karim.discussions, karim.replies, karim.best_replies),
        (6, 48, 12)
    );
}

/// A classic list view whose columns are known only by header text: authors come from
/// the "Created By" column wherever it stands, editors from "Modified By", dates from
/// "Created" / "Modified"; a header in another language falls back to the row's first
/// person.
fn list_page(headers: &[&str], cells: &[&str]) -> String {
    let th: String = headers
        .iter()
        .map(|h| format!(r##"<th class="ms-vh2"><a href="#">{h}</a></th>"##))
        .collect();
    let td: String = cells
        .iter()
        .map(|c| format!(r#"<td class="ms-vb2">{c}</td>"#))
        .collect();
    format!(
        r#"<html lang="fr"><body><table class="ms-listviewtable">
        <thead><tr class="ms-viewheadertr"><th class="ms-vh-icon"></th>{th}</tr></thead>
        <tbody><tr class="ms-itmhover"><td class="ms-vb-itmcbx"></td>{td}</tr></tbody></table></body></html>"#
    )
}

fn person(id: u32, name: &str) -> String {
    format!(
        r#"<span class="ms-imnSpan"><a class="ms-subtleLink" href="/_layouts/15/userdisp.aspx?ID={id}">{name}</a></span>"#
    )
}

fn list_item(html: &str) -> animateur::model::Item {
    let doc = parse_document(html);
    let s = read_snapshot(&doc.root_element(), "http://127.0.0.1/x", &CLOCK)
        .unwrap()
        .unwrap();
    assert_eq!(s.kind, PageKind::SpListView);
    assert_eq!(s.loose_items.len(), 1);
    s.loose_items[0].clone()
}

#[test]
fn list_view_columns_are_found_by_header() {
    let (bob, ann) = (person(2, "Bob"), person(1, "Ann"));
    // 21/11/2026 11:20 in Paris is 10:20 UTC: two days and 20 minutes after CLOCK.now's
    // 10:00 UTC, backwards.
    let created_at = CLOCK.now - 2 * 86_400 + 20 * 60;
    for headers in [
        ["Titre", "Modifié par", "Modifié", "Créé par", "Créé"],
        ["Title", "Modified By", "Modified", "Created By", "Created"],
    ] {
        let html = list_page(
            &headers,
            &["Écran", &bob, "21/11/2026 15:30", &ann, "21/11/2026 11:20"],
        );
        let item = list_item(&html);
        assert_eq!(item.author.as_deref(), Some("id:1"), "{headers:?}");
        assert_eq!(item.editor.as_deref(), Some("id:2"));
        assert_eq!(item.created.map(|t| t.utc), Some(created_at));
        assert_eq!(
            item.modified.map(|t| t.utc),
            Some(created_at + 4 * 3600 + 10 * 60)
        );
    }
    // Unknown header language: the first person in the row, no editor, no dates.
    let html = list_page(&["Titel", "Erstellt von"], &["Bildschirm", &ann]);
    let item = list_item(&html);
    assert_eq!(item.author.as_deref(), Some("id:1"));
    assert_eq!((item.editor, item.created), (None, None));
}
