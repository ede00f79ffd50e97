//! Browser tests of the web-sys edge, run in headless Chromium by
//! `cargo test --target wasm32-unknown-unknown` (wasm-bindgen-test-runner + chromedriver).
#![cfg(target_arch = "wasm32")]

use animateur::composer_layer::{ComposerLayer, HOST_ID as COMPOSER_HOST_ID};
use animateur::i18n::{Lang, Messages};
use animateur::model::{PageKind, PageSummary};
use animateur::moderation::AnalyzerConfig;
use animateur::overlay::{Overlay, HOST_ID};
use animateur::wasm_api;
use gloo_timers::future::TimeoutFuture;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The runner reports through elements of its own in `<body>`, so each test works in a
/// fixture element instead of rewriting the body.
fn fixture(html: &str) -> HtmlElement {
    let doc = document();
    let el: HtmlElement = match doc.get_element_by_id("fixture") {
        Some(el) => el.dyn_into().unwrap(),
        None => {
            let el: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
            el.set_id("fixture");
            doc.body().unwrap().append_child(&el).unwrap();
            el
        }
    };
    el.set_inner_html(html);
    el
}

fn body_html() -> String {
    document().body().unwrap().inner_html()
}

const THREAD: &str = r#"<div class="ms-comm-forumContainer"><ul class="ms-comm-postList">
  <li id="forum0-Post1-Root" class="ms-comm-postListItem ms-comm-postRootContainer">
    <span class="ms-comm-authorTitle"><a class="ms-subtleLink" href="/u?ID=1">Alice</a></span></li>
  <li id="forum0-Post2-Root" class="ms-comm-postListItem ms-comm-postReplyListItem">
    <span class="ms-comm-authorTitle"><a class="ms-subtleLink" href="/u?ID=2">Bob</a></span>
    <span class="ms-comm-likesCount">3</span></li>
</ul></div>"#;

#[wasm_bindgen_test]
fn overlay_mount_and_drop_leave_the_page_untouched() {
    fixture("<main><p>Contenu de la page</p></main>");
    let before = body_html();
    let overlay = Overlay::mount(&document(), "Animateur", None).unwrap();
    let host = document()
        .get_element_by_id(HOST_ID)
        .expect("host appended");
    assert_eq!(host.get_attribute("data-state").as_deref(), Some("loading"));
    let shadow = host.shadow_root().expect("open shadow root");
    assert!(shadow
        .query_selector("[data-animateur=snapshot]")
        .unwrap()
        .is_some());
    // The page's own nodes are unchanged; only the host was added after them.
    assert!(body_html().starts_with(&before));
    drop(overlay);
    assert!(document().get_element_by_id(HOST_ID).is_none());
    assert_eq!(body_html(), before);
}

#[wasm_bindgen_test]
fn badge_text_is_inserted_as_text_not_html() {
    fixture("");
    let overlay = Overlay::mount(&document(), "Animateur", None).unwrap();
    let mut map = HashMap::new();
    map.insert(
        "kind_sp_classic_blog".to_string(),
        "<img src=x onerror=alert(1)>".to_string(),
    );
    let summary = PageSummary::empty(PageKind::SpClassicBlog);
    overlay
        .show(
            &summary,
            &animateur::panel::snapshot_json(&summary, None, None).unwrap(),
            None,
            &Messages::new(map),
            Lang::En,
        )
        .unwrap();
    let shadow = overlay.host().shadow_root().unwrap();
    assert!(shadow.query_selector("img").unwrap().is_none());
    let badge = shadow
        .query_selector("[data-animateur=badge]")
        .unwrap()
        .unwrap();
    assert!(badge.text_content().unwrap().contains("<img src=x"));
    let json = shadow
        .query_selector("[data-animateur=snapshot]")
        .unwrap()
        .unwrap()
        .get_attribute("data-json")
        .unwrap();
    let parsed: PageSummary = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, summary);
}

async fn wait_for_state(state: &str) -> Option<web_sys::Element> {
    for _ in 0..100 {
        if let Some(host) = document().get_element_by_id(HOST_ID) {
            if host.get_attribute("data-state").as_deref() == Some(state) {
                return Some(host);
            }
        }
        TimeoutFuture::new(20).await;
    }
    None
}

fn start_config() -> wasm_bindgen::JsValue {
    // The test page is served from 127.0.0.1 by the runner, which the default sites cover
    // only on that host: allow every page here.
    let config = serde_json::json!({ "user": { "sites": ["*://*/*"] }, "uiLanguage": "fr" });
    serde_wasm_bindgen::to_value(&config)
        .unwrap()
        .dyn_into::<js_sys::Object>()
        .map(Into::into)
        .unwrap()
}

#[wasm_bindgen_test]
async fn start_reads_the_page_live_and_stop_cleans_up() {
    fixture(THREAD);
    let app = wasm_api::start(start_config()).unwrap();
    let host = wait_for_state("ready").await.expect("overlay ready");
    assert_eq!(
        host.get_attribute("data-page-kind").as_deref(),
        Some("sp-classic-discussion-thread")
    );
    let summary: PageSummary = serde_wasm_bindgen::from_value(app.summary().unwrap()).unwrap();
    assert_eq!(
        (summary.items, summary.contributors, summary.item_likes),
        (2, 2, 3)
    );

    // A reply appears later: the observer picks it up.
    let list = document()
        .query_selector(".ms-comm-postList")
        .unwrap()
        .unwrap();
    let li = document().create_element("li").unwrap();
    li.set_id("forum0-Post3-Root");
    li.set_class_name("ms-comm-postListItem ms-comm-postReplyListItem");
    list.append_child(&li).unwrap();
    let mut items = 0;
    for _ in 0..100 {
        TimeoutFuture::new(20).await;
        let s: PageSummary = serde_wasm_bindgen::from_value(app.summary().unwrap()).unwrap();
        items = s.items;
        if items == 3 {
            break;
        }
    }
    assert_eq!(items, 3);

    let before_stop = body_html();
    app.stop();
    assert!(document().get_element_by_id(HOST_ID).is_none());
    assert!(before_stop.starts_with(&body_html()));
    fixture("");
}

#[wasm_bindgen_test]
async fn nothing_is_shown_on_a_page_that_is_not_sharepoint() {
    fixture("<h1>Menu de la cantine</h1>");
    let app = wasm_api::start(start_config()).unwrap();
    TimeoutFuture::new(300).await;
    assert!(document().get_element_by_id(HOST_ID).is_none());
    assert!(app.summary().unwrap().is_null());
    app.stop();
}

#[wasm_bindgen_test]
async fn in_app_navigation_drops_the_old_overlay_and_reads_the_new_page() {
    fixture(THREAD);
    let app = wasm_api::start(start_config()).unwrap();
    let old_host = wait_for_state("ready").await.expect("overlay ready");

    // What modern SharePoint does: a new URL through the History API, then new content.
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?animateur-test-page=2"),
        )
        .unwrap();
    fixture(
        r#"<div class="ms-comm-forumContainer"><ul class="ms-comm-postList">
        <li id="forum0-Post9-Root" class="ms-comm-postListItem ms-comm-postRootContainer"></li>
        </ul></div>"#,
    );
    let mut items = 0;
    for _ in 0..100 {
        TimeoutFuture::new(20).await;
        if let Ok(s) = serde_wasm_bindgen::from_value::<PageSummary>(app.summary().unwrap()) {
            items = s.items;
            if items == 1 {
                break;
            }
        }
    }
    assert_eq!(items, 1);
    assert!(
        !old_host.is_connected(),
        "the previous page's overlay was removed"
    );
    let hosts = document()
        .query_selector_all(&format!("#{HOST_ID}"))
        .unwrap();
    assert_eq!(hosts.length(), 1);
    app.stop();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?"))
        .unwrap();
    fixture("");
}

/// Sets a field's text as the page would and tells listeners, as typing does.
fn fire_input(el: &web_sys::Element) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

fn composer_shadow() -> Option<web_sys::ShadowRoot> {
    document()
        .get_element_by_id(COMPOSER_HOST_ID)
        .and_then(|h| h.shadow_root())
}

fn count(root: &web_sys::ShadowRoot, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn composer_hints_draw_in_their_own_layer_and_the_post_is_held_once() {
    let fixture = fixture(
        r#"<div class="ms-comm-postReplyContainer"><textarea class="ms-comm-postReplyTextBox"
        id="forum9-Post1-ReplyTextBox"></textarea><button type="button"
        id="forum9-Post1-ReplySubmit">Post</button></div>"#,
    );
    let layer =
        ComposerLayer::start(&document(), Messages::default(), AnalyzerConfig::default()).unwrap();
    let area: web_sys::HtmlTextAreaElement = fixture
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let button: HtmlElement = fixture
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let posts = std::rc::Rc::new(std::cell::Cell::new(0));
    let _on_post = {
        let posts = posts.clone();
        gloo_events::EventListener::new(&button, "click", move |_| posts.set(posts.get() + 1))
    };
    let draft = "Espèce de connard, je vais te casser la figure.";
    area.set_value(draft);
    let before = body_html();
    fire_input(&area);
    assert!(
        composer_shadow().is_none(),
        "nothing before the typing pause"
    );
    TimeoutFuture::new(700).await;
    let shadow = composer_shadow().expect("layer mounted once there are hints");
    assert!(count(&shadow, "[data-animateur=highlight]") >= 2);
    assert!(!shadow
        .query_selector("[data-animateur=hint-card]")
        .unwrap()
        .unwrap()
        .has_attribute("hidden"));
    // The textarea and the page around it are as the page left them.
    assert_eq!(area.value(), draft);
    assert!(body_html().starts_with(&before));

    button.click();
    assert_eq!(posts.get(), 0, "the first post is held");
    let prompt = shadow
        .query_selector("[data-animateur=submit-prompt]")
        .unwrap()
        .unwrap();
    assert!(!prompt.has_attribute("hidden"));
    button.click();
    assert_eq!(posts.get(), 1, "the second click posts");
    assert!(prompt.has_attribute("hidden"));

    drop(layer);
    assert!(document().get_element_by_id(COMPOSER_HOST_ID).is_none());
    assert_eq!(body_html(), before);
}

#[wasm_bindgen_test]
async fn composer_hints_measure_a_contenteditable_without_changing_it() {
    let fixture = fixture(
        r#"<div contenteditable="true" role="textbox">Tu es un <b>idiot</b>.<div>Je vais te tuer.</div></div>"#,
    );
    let layer =
        ComposerLayer::start(&document(), Messages::default(), AnalyzerConfig::default()).unwrap();
    let editor = fixture.first_element_child().unwrap();
    let html = editor.inner_html();
    // An event from inside the editor counts for the whole editing host.
    fire_input(&editor.query_selector("b").unwrap().unwrap());
    TimeoutFuture::new(700).await;
    let shadow = composer_shadow().expect("layer mounted");
    let marks = shadow
        .query_selector_all("[data-animateur=highlight]")
        .unwrap();
    assert!(marks.length() >= 2, "{} highlights", marks.length());
    let categories: Vec<String> = (0..marks.length())
        .filter_map(|i| marks.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-category"))
        .collect();
    assert!(categories.iter().any(|c| c == "insult"), "{categories:?}");
    assert!(categories.iter().any(|c| c == "threat"), "{categories:?}");
    assert_eq!(editor.inner_html(), html);
    drop(layer);
}

#[wasm_bindgen_test]
async fn opted_out_fields_get_no_layer() {
    let fixture = fixture(
        r#"<div data-gramm="false"><textarea></textarea></div><textarea data-animateur="off"></textarea>"#,
    );
    let _layer =
        ComposerLayer::start(&document(), Messages::default(), AnalyzerConfig::default()).unwrap();
    let areas = fixture.query_selector_all("textarea").unwrap();
    for i in 0..areas.length() {
        let area: web_sys::HtmlTextAreaElement = areas.item(i).unwrap().dyn_into().unwrap();
        area.set_value("Espèce de connard.");
        fire_input(&area);
    }
    TimeoutFuture::new(700).await;
    assert!(composer_shadow().is_none());
}

/// The element-by-element reference columns of `plan` under `root`, once the batched
/// reader (JS, a chunk per call) has given the same at every chunk size of `budgets`.
fn extracted_alike(
    root: &animateur::dom::WebElement,
    plan: &animateur::extract::ExtractPlan,
    budgets: &[usize],
    what: &str,
) -> animateur::extract::Extracted {
    use animateur::dom_extract::BatchExtraction;
    use animateur::extract::{ElementExtraction, Extracted, Extraction};
    let mut reference = Extracted::for_plan(plan);
    ElementExtraction::new(root, plan)
        .step(usize::MAX, &mut reference)
        .unwrap();
    for &budget in budgets {
        let mut batched = Extracted::for_plan(plan);
        let mut reader = BatchExtraction::new(&root.0, plan);
        while !reader.step(budget, &mut batched).unwrap() {}
        assert_eq!(batched, reference, "{what}, budget {budget}");
    }
    reference
}

/// The batched reader (JS, a chunk per call) and the element-by-element reference give
/// the same columns on every demo page, for both levels of detail, whatever the chunk
/// size.
#[wasm_bindgen_test]
fn batched_extraction_matches_the_reference_on_every_demo_page() {
    use animateur::adapters::{built_in, detect, extraction_plan, snapshot::Clock, Detail};
    use animateur::dom::WebElement;

    let pages = [
        include_str!("../www/modern-news.html"),
        include_str!("../www/modern-event.html"),
        include_str!("../www/discussion-list.html"),
        include_str!("../www/discussion-thread.html"),
        include_str!("../www/community-members.html"),
        include_str!("../www/newsfeed.html"),
        include_str!("../www/blog-post.html"),
        include_str!("../www/list-view.html"),
        include_str!("../www/hostile/broken.html"),
    ];
    let clock = Clock {
        now: 1_795_000_000,
        utc_offset_minutes: 60,
        date_order: None,
    };
    let (mut checked, mut items) = (0, 0);
    for html in pages {
        let root = WebElement(fixture(html).into());
        let Some(profile) = detect(built_in(), &root, "http://127.0.0.1/page").unwrap() else {
            continue;
        };
        for detail in [Detail::Summary, Detail::Snapshot(clock)] {
            let plan = extraction_plan(profile, &detail);
            let what = format!("{:?}", profile.kind);
            items += extracted_alike(&root, &plan, &[1, 7, 100_000], &what).items;
        }
        checked += 1;
    }
    // The modern pages render their comments from script, so show none here.
    assert_eq!(checked, pages.len(), "every page was recognised");
    assert!(items > 60, "the pages had items to compare ({items})");
}

/// Owners are found by walking up to the root through the indexed elements: the same
/// owners as `closest` for nested items and threads, values outside any item, and a
/// nearest match that encloses the root (none), with selectors read from live class
/// collections and from `querySelectorAll`.
#[wasm_bindgen_test]
fn batched_extraction_files_owners_like_closest() {
    use animateur::dom::WebElement;
    use animateur::extract::{ExtractPlan, Owner};
    let outer = fixture(
        r#"<div class="t i x"><b class="n">outside the root</b><section id="root">
             <b class="n">under the root, no item</b>
             <div class="t"><div class="i" id="a"><b class="n">a</b>
               <div><div class="i" id="b"><p><b class="n">b</b></p>
                 <div class="i n" id="c"><span class="n">c</span></div></div></div>
               <b class="n">a again</b></div>
               <div class="i" id="d"><b class="n">d</b></div></div>
             <div class="i" id="e"><div class="t"><i class="n">e in a thread</i></div></div>
           </section></div>"#,
    );
    let root = WebElement(outer.query_selector("#root").unwrap().unwrap());
    for (items, groups, values) in [
        (".i", ".t", ".n"),
        ("div.i", "div.t", "[class~=n]"),
        ("[class~=i]", "[class~=t]", "b.n, i.n, span.n, div.n"),
    ] {
        let mut plan = ExtractPlan::new(items);
        plan.groups = Some(groups.into());
        plan.nested = true;
        plan.want_item_attr("id");
        plan.want(values, Owner::Item, None);
        plan.want(values, Owner::Group, None);
        plan.want(items, Owner::Group, Some("id"));
        let what = format!("{items} / {values}");
        let reference = extracted_alike(&root, &plan, &[1, 3, 100_000], &what);
        assert_eq!(reference.items, 5, "{items}");
        assert_eq!(reference.parent, [None, Some(0), Some(1), None, None]);
        assert_eq!(reference.group, [Some(0), Some(0), Some(0), Some(0), None]);
        assert!(
            reference.values[0].owner.contains(&None),
            "a value outside any item"
        );
    }
}

/// Past `SMALL_PAGE_ITEMS` (dom_extract.js) the value queries are read from live class
/// collections instead of `querySelectorAll`: the same columns either way.
#[wasm_bindgen_test]
fn batched_extraction_of_a_big_page_matches_the_reference() {
    use animateur::dom::WebElement;
    use animateur::extract::{ExtractPlan, Owner};
    let mut html = String::from("<b class='n'>before</b><ul class='t'>");
    for i in 0..2100 {
        html.push_str(&format!(
            "<li class='i' id='p{i}'><span><b class='n' title='{i}'>é{i}</b></span><i class='n'></i></li>"
        ));
    }
    html.push_str("</ul><b class='n'>after</b>");
    let root = WebElement(fixture(&html).into());
    let mut plan = ExtractPlan::new("li.i");
    plan.groups = Some(".t".into());
    plan.want_item_attr("id");
    plan.want("b.n", Owner::Item, None);
    plan.want("b.n", Owner::Item, Some("title"));
    plan.want(".n", Owner::Group, None);
    let reference = extracted_alike(&root, &plan, &[7, 100_000], "2,100 items");
    assert_eq!(reference.items, 2100);
}

#[wasm_bindgen_test]
fn batched_extraction_reports_a_refused_selector() {
    use animateur::dom_extract::BatchExtraction;
    use animateur::extract::{ExtractPlan, Extracted, Extraction, Owner};
    let root = fixture("<p class='i'>x</p>");
    let mut plan = ExtractPlan::new(".i");
    plan.want("p[", Owner::Item, None);
    let mut out = Extracted::for_plan(&plan);
    let mut reader = BatchExtraction::new(&root, &plan);
    let mut result = Ok(false);
    for _ in 0..10 {
        result = reader.step(3, &mut out);
        if !matches!(result, Ok(false)) {
            break;
        }
    }
    assert_eq!(result.unwrap_err().0, "p[");
}

/// Drafts cross into wasm through `TextEncoder.encodeInto` (src/wasm_draft.rs): the
/// findings must be those of the same text read natively, for text that fits the kept
/// buffer and text that does not, non-ASCII text, and a lone surrogate (U+FFFD, as
/// wasm-bindgen's own copy gives); the incremental analyzer reads the same way.
#[wasm_bindgen_test]
fn drafts_cross_into_wasm_as_their_own_text() {
    use animateur::moderation::analyze;
    use animateur::wasm_draft::DraftAnalyzer;
    use js_sys::JsString;
    let insult = "Franchement, t'es un connard et ton rapport est nul. ";
    let long = format!(
        "{}{insult}",
        "Réunion décalée à jeudi, 14 h 30 — merci ! 👍 ".repeat(120)
    );
    assert!(long.len() > 4096, "past the kept buffer");
    let mut surrogate: Vec<u16> = "ok ".encode_utf16().collect();
    surrogate.push(0xD800);
    surrogate.extend(insult.encode_utf16());
    let cases: Vec<(JsString, String)> = [
        String::new(),
        insult.to_owned(),
        format!("Élodie, 👍 {insult}"),
        long.clone(),
        insult.to_owned(),
    ]
    .into_iter()
    .map(|t| (JsString::from(t.as_str()), t))
    .chain([(
        JsString::from_char_code(&surrogate),
        String::from_utf16_lossy(&surrogate),
    )])
    .collect();
    let mut session = DraftAnalyzer::new(wasm_bindgen::JsValue::UNDEFINED).unwrap();
    for (js, text) in &cases {
        let expected = serde_json::to_string(&analyze(text, &AnalyzerConfig::default())).unwrap();
        assert!(
            text.is_empty() == (expected == "[]"),
            "{text:.40}: {expected}"
        );
        for got in [
            wasm_api::analyze_draft(js, wasm_bindgen::JsValue::UNDEFINED).unwrap(),
            session.update(js).unwrap(),
        ] {
            assert_eq!(
                String::from(js_sys::JSON::stringify(&got).unwrap()),
                expected,
                "{text:.40}"
            );
        }
    }
    let not_text: JsString = wasm_bindgen::JsValue::from(5).unchecked_into();
    assert!(wasm_api::analyze_draft(&not_text, wasm_bindgen::JsValue::UNDEFINED).is_err());
}
