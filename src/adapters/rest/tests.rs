use super::*;
use crate::adapters::read_snapshot;
use crate::adapters::snapshot::Clock;
use crate::dates::DateOrder;
use crate::html_dom::parse_document;
use crate::model::PageKind;
use serde_json::json;

const PAGE: &str = "https://contoso.sharepoint.com/sites/rh/SitePages/Teletravail.aspx";
const LIST: &str = "2f5e1c3a-7b8d-4e9f-a0b1-c2d3e4f5a6b7";

fn dates() -> DateContext {
    DateContext {
        now: 1_795_428_000,
        utc_offset_minutes: 60,
        order: DateOrder::DayFirst,
    }
}

fn ctx(abs: Option<&str>, rel: Option<&str>) -> PageContext {
    PageContext {
        web_absolute_url: abs.map(str::to_owned),
        web_server_relative_url: rel.map(str::to_owned),
        list_id: Some(format!("{{{}}}", LIST.to_uppercase())),
        item_id: Some("7".into()),
    }
}

fn target() -> RestTarget {
    match plan(&ctx(None, Some("/sites/rh")), PAGE) {
        Plan::Fetch(t) => t,
        other => panic!("{other:?}"),
    }
}

/// Runs a collector over canned answers (url → body, or an error status).
fn collect(answers: &[(String, Result<String, &str>)]) -> (Option<Vec<Item>>, Vec<String>, usize) {
    let mut c = Collector::new(target(), dates());
    let mut asked = 0;
    while let Some(url) = c.next_url() {
        asked += 1;
        match answers.iter().find(|(u, _)| *u == url) {
            Some((_, Ok(body))) => c.accept(&url, body),
            Some((_, Err(why))) => c.failed(&url, why),
            None => c.failed(&url, "404"),
        }
    }
    let warnings = c.warnings.clone();
    (c.finish(), warnings, asked)
}

fn comment(id: u64, parent: u64, login: &str, name: &str, likes: u64) -> Value {
    json!({
        "id": id.to_string(),
        "parentId": parent.to_string(),
        "author": {"id": 12, "name": name, "email": format!("{login}@contoso.fr"),
                   "loginName": format!("i:0#.f|membership|{login}@contoso.fr")},
        "createdDate": "2026-11-17T09:12:00.000Z",
        "modifiedDate": null,
        "text": format!("texte {id}"),
        "likeCount": likes,
        "isLikedByUser": false,
        "replyCount": 0,
        "mentions": null
    })
}

#[test]
fn the_page_context_is_read_from_sharepoints_inline_script() {
    let script = r#"var _spPageContextInfo = {"webAbsoluteUrl":"https:\u002f\u002fcontoso.sharepoint.com\u002fsites\u002frh","webServerRelativeUrl":"\u002fsites\u002frh","pageListId":"{2F5E1C3A-7B8D-4E9F-A0B1-C2D3E4F5A6B7}","pageItemId":7,"userId":16};"#;
    let c = context_from_script(script);
    assert_eq!(
        c.web_absolute_url.as_deref(),
        Some("https://contoso.sharepoint.com/sites/rh")
    );
    assert_eq!(c.web_server_relative_url.as_deref(), Some("/sites/rh"));
    assert_eq!(
        c.list_id.as_deref(),
        Some("{2F5E1C3A-7B8D-4E9F-A0B1-C2D3E4F5A6B7}")
    );
    assert_eq!(c.item_id.as_deref(), Some("7"));
    assert_eq!(context_from_script("var x = 1;"), PageContext::default());

    let html = format!("<html><body><script>{script}</script></body></html>");
    let doc = parse_document(&html);
    assert_eq!(read_context(&doc.root_element()).unwrap(), Some(c));
    let none = parse_document("<script>var a = 1;</script>");
    assert_eq!(read_context(&none.root_element()).unwrap(), None);
}

#[test]
fn request_urls_stay_on_the_pages_origin() {
    let t = target();
    assert_eq!(
        t.comments_url(),
        format!("https://contoso.sharepoint.com/sites/rh/_api/web/lists(guid'{LIST}')/GetItemById(7)/Comments")
    );
    assert_eq!(
        t.replies_url("101"),
        format!("https://contoso.sharepoint.com/sites/rh/_api/web/lists(guid'{LIST}')/GetItemById(7)/Comments('101')/replies")
    );
    // The absolute web URL may spell the origin differently (case, default port).
    let same = plan(
        &ctx(Some("HTTPS://Contoso.SharePoint.com:443/sites/rh/"), None),
        PAGE,
    );
    assert_eq!(same, Plan::Fetch(t.clone()));
    assert_eq!(
        plan(&ctx(None, Some("/")), PAGE),
        Plan::Fetch(RestTarget {
            web_path: String::new(),
            ..t.clone()
        })
    );
    let local = plan(
        &ctx(Some("http://127.0.0.1:8123/sites/rh"), Some("/sites/rh")),
        "http://127.0.0.1:8123/modern-news.html",
    );
    assert!(
        matches!(&local, Plan::Fetch(t) if t.comments_url().starts_with("http://127.0.0.1:8123/sites/rh/_api/")),
        "{local:?}"
    );
}

#[test]
fn another_origin_in_the_page_context_means_no_request() {
    for hostile in [
        "https://evil.example/sites/rh",
        "https://contoso.sharepoint.com.evil.example/sites/rh",
        "http://contoso.sharepoint.com/sites/rh",
        "https://contoso.sharepoint.com:8443/sites/rh",
        "https://user@contoso.sharepoint.com/sites/rh",
        "javascript:alert(1)",
        "//evil.example/sites/rh",
    ] {
        // Even with a harmless relative URL next to it: the page is lying about where
        // it lives, so nothing is sent.
        let p = plan(&ctx(Some(hostile), Some("/sites/rh")), PAGE);
        assert!(matches!(p, Plan::Refused(_)), "{hostile}: {p:?}");
    }
    for bad_path in [
        "//evil.example/x",
        "https://evil.example/x",
        "sites/rh",
        "/a?b",
        "/a\\b",
    ] {
        let p = plan(&ctx(None, Some(bad_path)), PAGE);
        assert!(matches!(p, Plan::Refused(_)), "{bad_path}: {p:?}");
    }
    let mut bad_list = ctx(None, Some("/sites/rh"));
    bad_list.list_id = Some("x')/../../evil".into());
    assert!(matches!(plan(&bad_list, PAGE), Plan::Refused(_)));
    let mut bad_item = ctx(None, Some("/sites/rh"));
    bad_item.item_id = Some("7) or (1".into());
    assert!(matches!(plan(&bad_item, PAGE), Plan::Refused(_)));
    // No list or item id, or a page that is not http(s): DOM only, quietly.
    assert_eq!(plan(&PageContext::default(), PAGE), Plan::NotApplicable);
    assert_eq!(
        plan(&ctx(None, Some("/sites/rh")), "file:///tmp/page.html"),
        Plan::NotApplicable
    );
    // Next-page links are checked the same way.
    let t = target();
    assert!(t.allows(&format!("{}?$skiptoken=3", t.comments_url())));
    assert!(!t.allows("https://evil.example/sites/rh/_api/web/x"));
    assert!(!t.allows("https://contoso.sharepoint.com/sites/other/_api/x"));
    assert!(!t.allows("https://contoso.sharepoint.com/_layouts/15/x"));
}

#[test]
fn origins_compare_normalised() {
    assert_eq!(
        origin_of("HTTP://127.0.0.1:80/x").as_deref(),
        Some("http://127.0.0.1")
    );
    assert_eq!(
        origin_of("http://[::1]:8080/x").as_deref(),
        Some("http://[::1]:8080")
    );
    for bad in [
        "ftp://x/",
        "http://",
        "http://a:b@c/",
        "http://a:xx/",
        "data:text/html,x",
        "",
    ] {
        assert_eq!(origin_of(bad), None, "{bad}");
    }
}

#[test]
fn both_odata_shapes_read_the_same_tree() {
    let top = {
        let mut c = comment(101, 0, "claire.martin", "Claire Martin", 5);
        c["replyCount"] = json!(1);
        c["replies"] = json!([comment(102, 101, "nadia.benali", "Nadia Benali", 3)]);
        c
    };
    let second = comment(104, 0, "thomas.bernard", "Thomas Bernard", 2);
    let nometadata = json!({ "value": [top.clone(), second.clone()] }).to_string();
    let mut verbose_top = top.clone();
    verbose_top["replies"] =
        json!({"results": [comment(102, 101, "nadia.benali", "Nadia Benali", 3)]});
    verbose_top["__metadata"] = json!({"type": "Microsoft.SharePoint.Comments.comment"});
    let verbose = json!({ "d": { "results": [verbose_top, second] } }).to_string();
    let url = target().comments_url();
    let (a, wa, _) = collect(&[(url.clone(), Ok(nometadata))]);
    let (b, wb, _) = collect(&[(url, Ok(verbose))]);
    assert!(wa.is_empty() && wb.is_empty(), "{wa:?} {wb:?}");
    let a = a.unwrap();
    assert_eq!(a, b.unwrap());
    let ids: Vec<(&str, Option<&str>)> = a
        .iter()
        .map(|i| (i.id.as_str(), i.parent.as_deref()))
        .collect();
    assert_eq!(ids, [("101", None), ("102", Some("101")), ("104", None)]);
    assert_eq!(
        a[0].author.as_deref(),
        Some("account:i:0#.f|membership|claire.martin@contoso.fr")
    );
    assert_eq!(a[0].author_name.as_deref(), Some("Claire Martin"));
    assert_eq!(a[0].likes, 5);
    // 2026-11-17 09:12 UTC.
    assert_eq!(a[0].created.map(|c| c.utc), Some(1_794_906_720));
    assert_eq!(a[0].text.as_deref(), Some("texte 101"));
}

#[test]
fn names_in_french_and_english_and_missing_fields() {
    let body = json!({"value": [
        {"id": 1, "parentId": 0, "author": {"name": "  Émilie   Roux ", "loginName": "i:0#.f|membership|Emilie.Roux@contoso.fr"}, "likeCount": "4"},
        {"id": "2", "author": {"name": "Laura Chen", "id": 31}},
        {"id": "3", "author": {"name": "Sarah O'Neil"}},
        {"id": "4"},
        {"id": "5", "author": "not an object", "likeCount": -3, "createdDate": "demain", "text": 42},
    ]})
    .to_string();
    let (items, warnings, _) = collect(&[(target().comments_url(), Ok(body))]);
    let items = items.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let keys: Vec<Option<&str>> = items.iter().map(|i| i.author.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("account:i:0#.f|membership|emilie.roux@contoso.fr"),
            Some("id:31"),
            Some("name:sarah o'neil"),
            None,
            None
        ]
    );
    assert_eq!(items[0].author_name.as_deref(), Some("Émilie Roux"));
    assert_eq!(items[0].likes, 4);
    assert!(items[1..]
        .iter()
        .all(|i| i.likes == 0 && i.created.is_none()));
    assert_eq!(items[4].text, None);
}

#[test]
fn hostile_text_stays_data() {
    let xss = "<img src=x onerror=alert(1)>";
    let body = json!({"value": [{
        "id": "9",
        "author": {"name": xss, "loginName": format!("i:0#.f|membership|{xss}")},
        "text": format!("{xss} @mention{{0}}"),
        "mentions": [{"name": "<script>alert(2)</script>"}]
    }]})
    .to_string();
    let (items, _, _) = collect(&[(target().comments_url(), Ok(body))]);
    let item = &items.unwrap()[0];
    assert_eq!(item.author_name.as_deref(), Some(xss));
    assert_eq!(
        item.text.as_deref(),
        Some("<img src=x onerror=alert(1)> <script>alert(2)</script>")
    );
    assert_eq!(
        item.author.as_deref(),
        Some("account:i:0#.f|membership|<img src=x onerror=alert(1)>")
    );
}

#[test]
fn broken_answers_give_a_partial_result_and_a_warning() {
    let url = target().comments_url();
    for body in [
        "",
        "not json",
        "{\"value\": 3}",
        "\"value\"",
        &"[".repeat(100_000),
    ] {
        let (items, warnings, _) = collect(&[(url.clone(), Ok(body.to_owned()))]);
        assert_eq!(items, None, "{body:.20}");
        assert_eq!(warnings.len(), 1, "{body:.20}: {warnings:?}");
    }
    // Wrong types inside the list: the good comments are kept.
    let body = json!({"value": [3, "x", null, {"id": {"a": 1}}, {"id": "7"}, {"id": "1e3"}]});
    let (items, warnings, _) = collect(&[(url.clone(), Ok(body.to_string()))]);
    assert_eq!(items.unwrap().len(), 1);
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    // A failed first request: no REST result at all.
    let (items, warnings, asked) = collect(&[(url, Err("HTTP 500"))]);
    assert_eq!((items, asked), (None, 1));
    assert!(warnings[0].contains("HTTP 500"));
}

#[test]
fn nesting_twenty_deep_is_cut_with_a_warning() {
    let mut deep = json!({"id": "20"});
    for id in (1..20).rev() {
        deep = json!({"id": id.to_string(), "replies": [deep]});
    }
    let body = json!({ "value": [deep] }).to_string();
    let (items, warnings, _) = collect(&[(target().comments_url(), Ok(body))]);
    let items = items.unwrap();
    assert_eq!(items.len(), MAX_DEPTH);
    assert_eq!(items[3].parent.as_deref(), Some("3"));
    assert!(
        warnings.iter().any(|w| w.contains("nested")),
        "{warnings:?}"
    );
}

#[test]
fn huge_lists_are_capped() {
    let list: Vec<Value> = (1..=MAX_ITEMS as u64 + 50)
        .map(|i| json!({"id": i}))
        .collect();
    let body = json!({ "value": list }).to_string();
    let (items, warnings, _) = collect(&[(target().comments_url(), Ok(body))]);
    assert_eq!(items.unwrap().len(), MAX_ITEMS);
    assert!(warnings.iter().any(|w| w.contains("more than")));
    let mut c = Collector::new(target(), dates());
    let url = c.next_url().unwrap();
    c.accept(&url, &" ".repeat(MAX_BODY_BYTES + 1));
    assert_eq!(c.finish(), None);
}

#[test]
fn pages_and_reply_lists_are_followed_on_the_same_site_only() {
    let t = target();
    let first = t.comments_url();
    let page2 = format!("{first}?$skiptoken=2");
    let mut top = comment(1, 0, "a", "A", 1);
    top["replyCount"] = json!(3);
    top["replies"] = json!([comment(2, 1, "b", "B", 0)]);
    let answers = vec![
        (
            first.clone(),
            Ok(json!({"value": [top], "@odata.nextLink": page2}).to_string()),
        ),
        (
            page2.clone(),
            Ok(json!({"value": [comment(5, 0, "c", "C", 2)],
                       "odata.nextLink": "https://evil.example/sites/rh/_api/x"})
            .to_string()),
        ),
        (
            t.replies_url("1"),
            Ok(json!({"d": {"results": [comment(2, 1, "b", "B", 0), comment(3, 1, "c", "C", 0), comment(4, 1, "a", "A", 0)]}})
                .to_string()),
        ),
    ];
    let (items, warnings, asked) = collect(&answers);
    let ids: Vec<String> = items.unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(asked, 3);
    assert!(warnings.iter().any(|w| w.contains("not followed")));

    // An endpoint that always answers "next" is stopped by the request budget.
    let mut c = Collector::new(t.clone(), dates());
    let mut n = 0;
    while let Some(url) = c.next_url() {
        n += 1;
        let next = format!("{first}?$skiptoken={n}");
        c.accept(
            &url,
            &json!({"value": [{"id": n}], "@odata.nextLink": next}).to_string(),
        );
    }
    assert_eq!(n, MAX_REQUESTS);
    assert_eq!(c.finish().unwrap().len(), MAX_REQUESTS);
}

const CLOCK: Clock = Clock {
    now: 1_795_428_000,
    utc_offset_minutes: 60,
    date_order: None,
};

/// A modern page showing comments 1 (with reply 2) and a just-posted 9 that REST
/// does not have yet.
fn dom_page() -> (PageSummary, PageSnapshot) {
    let html = r##"<html lang="fr"><div id="spPageCanvasContent"><div id="CommentsWrapper">
      <div data-automation-id="sp-comment-block-root"><a href="#comment=1"><time datetime="2026-11-17T10:12:00+01:00">17 nov.</time></a>
        <a data-automation-id="sp-comment-author" href="/_layouts/15/me.aspx?accountname=i%3A0%23.f%7Cmembership%7Cclaire.martin%40contoso.fr">Claire Martin</a>
        <span data-automation-id="sp-comment-like-count">5</span>
        <div data-automation-id="sp-comment-block-root"><a href="#comment=2"></a>
          <a data-automation-id="sp-comment-author" href="/_layouts/15/me.aspx?accountname=i%3A0%23.f%7Cmembership%7Cnadia.benali%40contoso.fr">Nadia Benali</a>
          <span data-automation-id="sp-comment-like-count">3</span></div>
      </div>
      <div data-automation-id="sp-comment-block-root"><a href="#comment=9"></a>
        <a data-automation-id="sp-comment-author" href="/_layouts/15/me.aspx?accountname=i%3A0%23.f%7Cmembership%7Ccamille.durand%40contoso.fr">Camille Durand</a></div>
    </div></div></html>"##;
    let doc = parse_document(html);
    let root = doc.root_element();
    let summary = crate::adapters::summarise(&root, "http://127.0.0.1/x").unwrap();
    let snapshot = read_snapshot(&root, "http://127.0.0.1/x", &CLOCK)
        .unwrap()
        .unwrap();
    (summary, snapshot)
}

fn rest_items(body: Value) -> Vec<Item> {
    collect(&[(target().comments_url(), Ok(body.to_string()))])
        .0
        .unwrap()
}

#[test]
fn rest_and_dom_merge_without_double_counting() {
    let (mut summary, mut snapshot) = dom_page();
    assert_eq!(
        (summary.items, summary.contributors, summary.item_likes),
        (3, 3, 8)
    );
    let mut c1 = comment(1, 0, "claire.martin", "Claire Martin", 5);
    c1["replies"] = json!([comment(2, 1, "nadia.benali", "Nadia Benali", 3)]);
    // Not rendered yet (further down, or on the next page of comments).
    let c3 = comment(3, 0, "claire.martin", "Claire Martin", 1);
    let c4 = comment(4, 0, "julien.moreau", "Julien Moreau", 0);
    let rest = rest_items(json!({"value": [c1, c3, c4]}));
    merge(&mut summary, &mut snapshot, rest);
    // Five comments: three from REST only the DOM had, two more, one DOM-only.
    assert_eq!(
        (
            summary.threads,
            summary.items,
            summary.contributors,
            summary.item_likes
        ),
        (1, 5, 4, 9)
    );
    let t = &snapshot.threads[0];
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "9"]);
    assert_eq!(t.id, "1");
    // The DOM's reading of the same comment is the REST one's: same person key.
    assert_eq!(
        t.items[0].author.as_deref(),
        Some("account:i:0#.f|membership|claire.martin@contoso.fr")
    );
    assert_eq!(t.items[1].parent.as_deref(), Some("1"));
    let stats =
        crate::stats::compute_all(&snapshot, &crate::stats::StatsConfig::default(), CLOCK.now);
    assert_eq!(
        serde_json::to_value(&stats.m1_items).unwrap(),
        json!({"value": 5})
    );
}

#[test]
fn merging_the_doms_own_items_changes_nothing() {
    let (dom_summary, dom_snapshot) = dom_page();
    let (mut summary, mut snapshot) = dom_page();
    let mut c1 = comment(1, 0, "claire.martin", "Claire Martin", 5);
    c1["replies"] = json!([comment(2, 1, "nadia.benali", "Nadia Benali", 3)]);
    let c9 = json!({"id": "9", "parentId": "0",
        "author": {"name": "Camille Durand", "loginName": "i:0#.f|membership|camille.durand@contoso.fr"}});
    merge(
        &mut summary,
        &mut snapshot,
        rest_items(json!({"value": [c1, c9]})),
    );
    assert_eq!(summary, dom_summary);
    let ids = |s: &PageSnapshot| -> Vec<(String, Option<String>, u64)> {
        s.threads[0]
            .items
            .iter()
            .map(|i| (i.id.clone(), i.author.clone(), i.likes))
            .collect()
    };
    assert_eq!(ids(&snapshot), ids(&dom_snapshot));
}

#[test]
fn rest_alone_makes_the_comment_section() {
    let doc = parse_document(r#"<html><div id="spPageCanvasContent"></div></html>"#);
    let root = doc.root_element();
    let mut summary = crate::adapters::summarise(&root, "").unwrap();
    let mut snapshot = read_snapshot(&root, "", &CLOCK).unwrap().unwrap();
    assert_eq!(summary.page_kind, PageKind::SpModernPage);
    assert!(snapshot.threads.is_empty());
    merge(&mut summary, &mut snapshot, Vec::new());
    assert!(snapshot.threads.is_empty() && summary.threads == 0);
    let mut c = comment(7, 0, "a", "A", 2);
    c["replies"] = json!([comment(8, 7, "b", "B", 1)]);
    merge(
        &mut summary,
        &mut snapshot,
        rest_items(json!({"value": [c]})),
    );
    assert_eq!(
        (
            summary.threads,
            summary.items,
            summary.contributors,
            summary.item_likes
        ),
        (1, 2, 2, 3)
    );
    assert_eq!(snapshot.threads[0].kind, ThreadKind::Comments);
    assert_eq!(snapshot.threads[0].id, "7");
}

#[test]
fn a_caller_without_network_asks_layer_by_layer() {
    let t = target();
    let first = t.comments_url();
    let mut top = comment(1, 0, "a", "A", 1);
    top["replyCount"] = json!(2);
    let ok = |v: Value| Answer {
        ok: true,
        body: Some(v.to_string()),
        error: None,
    };
    let mut answers = HashMap::default();
    let r = replay(t.clone(), dates(), &answers);
    assert_eq!((r.items, r.wanted), (None, vec![first.clone()]));
    answers.insert(first.clone(), ok(json!({"value": [top]})));
    let r = replay(t.clone(), dates(), &answers);
    assert_eq!((r.items, r.wanted), (None, vec![t.replies_url("1")]));
    answers.insert(
        t.replies_url("1"),
        ok(json!({"value": [comment(2, 1, "b", "B", 0)]})),
    );
    let r = replay(t.clone(), dates(), &answers);
    assert!(r.wanted.is_empty() && r.warnings.is_empty());
    assert_eq!(r.items.unwrap().len(), 2);
    // A failed first page: nothing more to ask, no tree, a warning.
    let failed: HashMap<_, _> = [(
        first,
        Answer {
            ok: false,
            body: None,
            error: Some("HTTP 403".into()),
        },
    )]
    .into_iter()
    .collect();
    let r = replay(t, dates(), &failed);
    assert!(r.items.is_none() && r.wanted.is_empty());
    assert!(r.warnings[0].contains("HTTP 403"));
}
