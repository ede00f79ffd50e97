//! The `#[wasm_bindgen]` surface, kept small: start/stop Animateur on a page, read a
//! page from HTML (the strict-CSP fallback engine frame), resolve settings for the
//! options page and popup. Logic lives in the pure modules; this file wires it to the
//! browser: batched observation, work spread over short slots, errors as overlay state.

use crate::adapters::rest::{self, Collector, Plan, RestTarget};
use crate::adapters::snapshot::Clock;
use crate::adapters::{detect_with, Detail, PageReading, Scan};
use crate::composer_layer::{self, ComposerLayer};
use crate::dates::{DateContext, DateOrder};
use crate::dom::WebElement;
use crate::dom_tree::{DomElement, MatchList};
use crate::i18n::{badge_parts, Catalog, Lang};
use crate::model::{Item, PageKind, PageSnapshot, PageSummary, Source};
use crate::moderation::analyze;
use crate::nudge_layer::{self, NudgeLayer, SharedLayer};
use crate::nudges::hints::{published_findings, CmHint, ItemFindings};
use crate::nudges::view::PageView;
use crate::nudges::Target;
use crate::overlay::{self, Overlay};
use crate::panel::{badge_lines, panel_rows, panel_view, snapshot_json, PanelView, Review};
use crate::settings::{resolve, Resolved, Settings, StartConfig};
use crate::stats::{compute_for, stages_for, PageStats};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, MutationObserver, MutationObserverInit, MutationRecord, Node, VisibilityState,
};

/// Longest slice of reading work before yielding back to the page, in milliseconds.
const SLICE_MS: f64 = 8.0;
/// Items read (or extraction rows, or snapshot items assembled or freed) between two
/// clock checks inside a slice: on a 50,000-item page 512 rows of extraction took up to
/// 30 ms on a busy machine.
const STEP_ITEMS: usize = 128;
/// Snapshot items freed between two clock checks (freeing is cheaper than reading).
const DROP_ITEMS: usize = 4096;
/// Quiet time after the last page mutation before reading again; doubled scan time
/// when the page is big, so a page that rewrites itself constantly cannot keep
/// Animateur busy all the time.
const SETTLE_MS: u32 = 150;
const MAX_SETTLE_MS: u32 = 3000;
/// How long one REST request may take before the DOM reading is published alone.
const REST_TIMEOUT_MS: u32 = 8000;
/// The pause in typing after which a new thread's draft is judged (R06, R19): longer
/// than the moderation hints' 400 ms, since these are about the whole title or body,
/// not a word, and a tip should not chase every keystroke.
const WRITING_PAUSE_MS: u32 = 1000;

fn config_from(js: JsValue) -> Result<StartConfig, JsValue> {
    serde_wasm_bindgen::from_value(js)
        .map_err(|e| JsValue::from_str(&format!("bad start config: {e}")))
}

fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Each refused setting, in the console (the options page shows them too).
fn warn_problems(resolved: &Resolved) {
    for p in &resolved.problems {
        warn(&format!("setting '{}' ignored: {}", p.key, p.message));
    }
}

pub(crate) fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("Animateur: {message}")));
}

/// Moderation findings for a draft (the playground; the composer layer calls the
/// analyzer directly). The text is analysed in memory and nothing about it is kept.
#[wasm_bindgen(js_name = analyzeDraft)]
pub fn analyze_draft(text: &js_sys::JsString, config: JsValue) -> Result<JsValue, JsValue> {
    let config = crate::wasm_draft::analyzer_config(config)?;
    let findings = crate::wasm_draft::with_draft(text, |text| analyze(text, &config))?;
    crate::wasm_draft::findings_to_js(&findings)
}

/// The options page's view of the local nudge history: per-rule counters, the pause,
/// and the switches to draw (rule and hint ids with their settings keys), from the
/// stored JSON (`null` when there is none). A damaged history reads as empty.
#[wasm_bindgen(js_name = nudgeReport)]
pub fn nudge_report(stored: Option<String>) -> Result<JsValue, JsValue> {
    use crate::nudges::hints::HintId;
    use crate::nudges::RuleId;
    use crate::settings::{hint_key, rule_key};
    let (history, _) = crate::nudges::history::History::load(stored.as_deref().unwrap_or_default());
    let rules: Vec<_> = RuleId::ALL
        .into_iter()
        .map(|r| serde_json::json!({ "id": r, "key": rule_key(r), "why": r.why_key() }))
        .collect();
    let hints: Vec<_> = HintId::ALL
        .into_iter()
        .map(|h| serde_json::json!({ "id": h, "key": hint_key(h), "text": h.message_key() }))
        .collect();
    to_js(&serde_json::json!({
        "counters": history.counters(),
        "pausedUntil": history.paused_until,
        "rules": rules,
        "hints": hints,
    }))
}

/// The stored history with its "pause all until" lifted ("Resume now").
#[wasm_bindgen(js_name = nudgesResumed)]
pub fn nudges_resumed(stored: &str) -> Result<String, JsValue> {
    let (mut history, _) = crate::nudges::history::History::load(stored);
    history.paused_until = None;
    serde_json::to_string(&history).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Settings as the options page and popup need them: merged values, managed keys and
/// the problems found in each layer.
#[wasm_bindgen(js_name = resolveSettings)]
pub fn resolve_settings(user: JsValue, policy: JsValue) -> Result<JsValue, JsValue> {
    to_js(&resolve_layers(user, policy))
}

/// The match patterns the content script is registered for: the resolved `sites`, none
/// when Animateur is switched off. The background registers them (where the browser
/// grants access), so no script is injected anywhere else.
#[wasm_bindgen(js_name = contentScriptSites)]
pub fn content_script_sites(user: JsValue, policy: JsValue) -> Result<JsValue, JsValue> {
    to_js(&resolve_layers(user, policy).settings.script_sites())
}

/// The moderation categories' switch keys in the analyzer's order (insult first), for
/// the options page (the schema's keys are sorted by name).
#[wasm_bindgen(js_name = moderationKeys)]
pub fn moderation_keys() -> Vec<String> {
    crate::moderation::Category::ALL
        .into_iter()
        .map(crate::settings::category_key)
        .collect()
}

fn resolve_layers(user: JsValue, policy: JsValue) -> Resolved {
    let user: serde_json::Value = serde_wasm_bindgen::from_value(user).unwrap_or_default();
    let policy: serde_json::Value = serde_wasm_bindgen::from_value(policy).unwrap_or_default();
    resolve(&user, &policy)
}

/// Every settings key with its type and bounds (the managed schema): the options page
/// builds its controls' behaviour from it, so a new key cannot be forgotten there.
#[wasm_bindgen(js_name = settingsSchema)]
pub fn settings_schema() -> Result<JsValue, JsValue> {
    to_js(&crate::settings::managed_schema())
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

struct Inner {
    url: String,
    settings: Settings,
    catalog: Catalog,
    lang: Lang,
    overlay: Option<Overlay>,
    /// Hints while writing (the `draftHints` setting), on configured sites only.
    composer: Option<ComposerLayer>,
    observer: Option<PageObserver>,
    summary: Option<PageSummary>,
    /// The published `data-json` (summary + stats), for the popup.
    data_json: Option<String>,
    scanning: bool,
    dirty: bool,
    pending: Option<Timeout>,
    last_scan_ms: f64,
    stopped: bool,
    fixed_now_ms: Option<f64>,
    /// The REST comment tree of the current page, fetched once per page URL.
    rest: Option<RestCache>,
    nudges: SharedLayer,
    /// The organisation's page profiles, parsed once per settings change (not per
    /// reading).
    custom_profiles: Rc<Vec<crate::adapters::profile::Profile>>,
    /// Opens the extension's settings (from the panel's button); from the loader.
    open_settings: Option<js_sys::Function>,
    /// A tab coming back into view may show the nudge it could not show hidden; a field
    /// getting the focus may show the tip about a first contribution.
    _listeners: Vec<EventListener>,
}

/// One page's REST answer. Fetched again only when the DOM shows more comments than
/// were known at the last fetch (someone posted), never on every mutation.
struct RestCache {
    url: String,
    /// The most comments known when fetching (DOM or REST); `u64::MAX` when the page
    /// gives no usable target, so it is not asked again.
    known: u64,
    /// `None`: no REST result (failed, refused or not applicable): the DOM alone.
    items: Option<Vec<Item>>,
}

/// Animateur running on one page. Dropping it (or `stop`) removes the overlay and the
/// observer.
#[wasm_bindgen]
pub struct App {
    inner: Rc<RefCell<Inner>>,
}

#[wasm_bindgen]
impl App {
    /// The current page summary, or `null` before the first reading / on other pages.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        match &self.inner.borrow().summary {
            Some(s) => to_js(s),
            None => Ok(JsValue::NULL),
        }
    }

    /// What the overlay publishes as `data-json` (summary and stats), or `null`.
    #[wasm_bindgen(js_name = dataJson)]
    pub fn data_json(&self) -> Option<String> {
        self.inner.borrow().data_json.clone()
    }

    /// The panel as drawn in the page (rows, lists, chart), for the popup; `null`
    /// before the first reading.
    #[wasm_bindgen(js_name = panelView)]
    pub fn panel_view(&self) -> Result<JsValue, JsValue> {
        let inner = self.inner.borrow();
        let drawn = inner.overlay.as_ref().and_then(Overlay::drawn);
        match (&inner.data_json, drawn) {
            (Some(_), Some(view)) => to_js(&view),
            _ => Ok(JsValue::NULL),
        }
    }

    /// Jumps to the panel's `index`-th list entry in the page (from the popup).
    pub fn jump(&self, index: usize) -> bool {
        let inner = self.inner.borrow();
        inner
            .overlay
            .as_ref()
            .and_then(|o| o.jump(index).ok())
            .unwrap_or(false)
    }

    /// New user or policy values (e.g. policy arriving late, or changed in the options
    /// page): re-resolve and redraw.
    #[wasm_bindgen(js_name = applySettings)]
    pub fn apply_settings(&self, user: JsValue, policy: JsValue, ui_language: String) {
        let resolved = resolve_layers(user, policy);
        warn_problems(&resolved);
        {
            let mut inner = self.inner.borrow_mut();
            inner.lang = Lang::choose(&resolved.settings.language, &ui_language);
            inner.custom_profiles = Rc::new(resolved.settings.custom_profiles());
            inner.settings = resolved.settings;
            update_composer(&mut inner);
        }
        schedule(&self.inner, 0);
    }

    /// The stored nudge history changed (another tab, or "Forget everything" in the
    /// options page); `null` when it was removed.
    #[wasm_bindgen(js_name = historyChanged)]
    pub fn history_changed(&self, stored: Option<String>) {
        let nudges = self.inner.borrow().nudges.clone();
        nudges.borrow_mut().replace_history(stored.as_deref());
    }

    pub fn stop(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.nudges.borrow_mut().end_view();
        inner._listeners.clear();
        inner.stopped = true;
        inner.pending = None;
        inner.observer = None;
        inner.overlay = None;
        inner.composer = None;
    }
}

/// Starts, updates or stops the composer hints to match the settings and the URL.
fn update_composer(state: &mut Inner) {
    let wanted = state.settings.draft_hints && state.settings.runs_on(&state.url);
    let messages = state.catalog.get(state.lang).clone();
    let config = state.settings.analyzer_config();
    match (&state.composer, wanted) {
        (Some(layer), true) => layer.configure(messages, config),
        (None, true) => {
            match document().and_then(|d| ComposerLayer::start(&d, messages, config.clone())) {
                Ok(layer) => state.composer = Some(layer),
                Err(e) => warn(&format!("hints while writing unavailable: {}", js_text(e))),
            }
        }
        (_, false) => state.composer = None,
    }
}

/// Starts Animateur on the current page. On a page outside the configured sites it
/// returns an inert `App` and touches nothing.
#[wasm_bindgen]
pub fn start(config: JsValue) -> Result<App, JsValue> {
    // Functions do not go through serde: the loader's history writer and settings
    // opener are read first.
    let function = |name: &str| {
        js_sys::Reflect::get(&config, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let save_history = function("saveHistory");
    let open_settings = function("openSettings");
    let config = config_from(config)?;
    let resolved = resolve(&config.user, &config.policy);
    warn_problems(&resolved);
    let url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let inner = Rc::new(RefCell::new(Inner {
        url,
        lang: Lang::choose(&resolved.settings.language, &config.ui_language),
        custom_profiles: Rc::new(resolved.settings.custom_profiles()),
        settings: resolved.settings,
        catalog: config.messages,
        overlay: None,
        composer: None,
        observer: None,
        summary: None,
        data_json: None,
        scanning: false,
        dirty: false,
        pending: None,
        last_scan_ms: 0.0,
        stopped: false,
        fixed_now_ms: config.now_ms,
        rest: None,
        nudges: NudgeLayer::new(config.history, save_history, config.now_ms),
        open_settings,
        _listeners: Vec::new(),
    }));
    let weak = Rc::downgrade(&inner);
    let doc = document()?;
    let visibility = EventListener::new(&doc, "visibilitychange", move |_| {
        let visible = document().is_ok_and(|d| d.visibility_state() == VisibilityState::Visible);
        if let (true, Some(inner)) = (visible, weak.upgrade()) {
            schedule(&inner, 0);
        }
    });
    let weak = Rc::downgrade(&inner);
    let options = gloo_events::EventListenerOptions::run_in_capture_phase();
    let focus = EventListener::new_with_options(&doc, "focusin", options, move |event| {
        let field = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|f| is_writing_field(f) || nudge_layer::in_thread_form(f));
        if let (Some(field), Some(inner)) = (field, weak.upgrade()) {
            writing_tips(&inner, &field);
        }
    });
    // In a new-thread form, the composer rules read the draft at each pause in typing
    // (a box ticked counts as typing too).
    let weak = Rc::downgrade(&inner);
    let pause: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let input = EventListener::new_with_options(&doc, "input", options, move |event| {
        let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(nudge_layer::in_thread_form)
        else {
            return;
        };
        let weak = weak.clone();
        *pause.borrow_mut() = Some(Timeout::new(WRITING_PAUSE_MS, move || {
            if let Some(inner) = weak.upgrade() {
                writing_tips(&inner, &field);
            }
        }));
    });
    inner.borrow_mut()._listeners = vec![visibility, focus, input];
    let observer = PageObserver::new(&document()?, Rc::downgrade(&inner))?;
    inner.borrow_mut().observer = Some(observer);
    update_composer(&mut inner.borrow_mut());
    schedule(&inner, 0);
    Ok(App { inner })
}

/// The rules about the contribution being written, for `field` (it got the focus, or
/// the typing paused in it).
fn writing_tips(inner: &Rc<RefCell<Inner>>, field: &web_sys::HtmlElement) {
    let state = inner.borrow();
    if state.stopped || !state.settings.runs_on(&state.url) {
        return;
    }
    let Some(doc) = field.owner_document() else {
        return;
    };
    let writing = nudge_layer::Writing {
        field,
        settings: &state.settings,
        url: &state.url,
        clock: &browser_clock(state.fixed_now_ms),
        messages: state.catalog.get(state.lang),
    };
    if let Err(e) = nudge_layer::while_writing(&state.nudges, &doc, &writing) {
        warn(&format!("participation tip not shown: {}", js_text(e)));
    }
}

/// Reads the page again after `delay_ms`, unless a reading is already due or running.
fn schedule(inner: &Rc<RefCell<Inner>>, delay_ms: u32) {
    let mut state = inner.borrow_mut();
    if state.stopped {
        return;
    }
    if state.scanning {
        state.dirty = true;
        return;
    }
    if state.pending.is_some() {
        return;
    }
    let weak = Rc::downgrade(inner);
    state.pending = Some(Timeout::new(delay_ms, move || {
        if let Some(inner) = weak.upgrade() {
            inner.borrow_mut().pending = None;
            wasm_bindgen_futures::spawn_local(read_page(inner));
        }
    }));
}

fn settle_delay(last_scan_ms: f64) -> u32 {
    ((last_scan_ms * 2.0) as u32).clamp(SETTLE_MS, MAX_SETTLE_MS)
}

async fn read_page(inner: Rc<RefCell<Inner>>) {
    {
        let mut state = inner.borrow_mut();
        if state.stopped || state.scanning {
            return;
        }
        state.scanning = true;
        state.dirty = false;
    }
    let started = now_ms();
    let outcome = read_page_once(&inner).await;
    let rerun = {
        let mut state = inner.borrow_mut();
        state.scanning = false;
        state.last_scan_ms = now_ms() - started;
        if let Err(message) = outcome {
            if let Some(overlay) = &state.overlay {
                let text = state.catalog.get(state.lang).get("state_error").to_owned();
                let _ = overlay.show_error(&format!("{text} ({message})"));
            }
        }
        state.dirty && !state.stopped
    };
    if rerun {
        let delay = settle_delay(inner.borrow().last_scan_ms);
        schedule(&inner, delay);
    }
}

async fn read_page_once(inner: &Rc<RefCell<Inner>>) -> Result<(), String> {
    let doc = document().map_err(|_| "no document".to_string())?;
    let Some(root) = doc.document_element() else {
        return Ok(());
    };
    let root = WebElement(root);
    let current_url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let (runs, enabled, url) = {
        let mut s = inner.borrow_mut();
        if s.url != current_url {
            // In-app navigation (modern SharePoint swaps pages without reloading): the
            // old page's overlay goes, the new page is read from scratch.
            s.url = current_url;
            s.overlay = None;
            s.nudges.borrow_mut().end_view();
            s.summary = None;
            s.data_json = None;
            update_composer(&mut s);
        }
        (
            s.settings.runs_on(&s.url),
            s.settings.enabled,
            s.url.clone(),
        )
    };
    if !runs {
        let mut state = inner.borrow_mut();
        state.nudges.borrow_mut().end_view();
        if !enabled && state.overlay.is_some() {
            if let Some(o) = &state.overlay {
                o.show_disabled().map_err(js_text)?;
            }
        } else {
            state.overlay = None;
        }
        state.summary = None;
        state.data_json = None;
        return Ok(());
    }
    let custom = inner.borrow().custom_profiles.clone();
    let profile = detect_with(&custom, &root, &url).map_err(|e| e.to_string())?;
    let Some(profile) = profile else {
        // Not a page Animateur reads (yet: SharePoint renders late, so the observer
        // keeps watching). Nothing visible, but a new-thread form keeps a view for the
        // tips about the contribution being written.
        let mut state = inner.borrow_mut();
        nudge_layer::without_reading(&state.nudges, &doc, &url);
        state.overlay = None;
        state.summary = None;
        state.data_json = None;
        return Ok(());
    };
    {
        let mut state = inner.borrow_mut();
        if state.overlay.is_none() {
            let label = state.catalog.get(state.lang).get("badgeLabel").to_owned();
            let open_settings = state.open_settings.clone();
            state.overlay = Some(Overlay::mount(&doc, &label, open_settings).map_err(js_text)?);
        }
    }
    // Busy time is measured per slice between yields: the figure the benchmarks compare
    // with a bare DOM pass, and the longest slice is what the page feels.
    let mut perf = SliceClock::start();
    let clock = browser_clock(inner.borrow().fixed_now_ms);
    let mut scan =
        Scan::start(profile, &root, Detail::Snapshot(clock)).map_err(|e| e.to_string())?;
    perf.step(|| "scan-start".into());
    let mut steps = 0usize;
    loop {
        let extracted = scan.extracted();
        let done = scan.step(STEP_ITEMS).map_err(|e| e.to_string())?;
        steps += 1;
        perf.step(|| match (extracted, scan.extracted(), done) {
            (_, _, true) => "scan-facts".into(),
            (false, false, _) => {
                let (phase, rows) = crate::dom_extract::last_chunk();
                format!("extract#{steps}:phase{phase}/rows{rows}")
            }
            (false, true, _) => "extract-owners".into(),
            (true, _, _) => "read-items".into(),
        });
        if done {
            break;
        }
        if scan.extracted() && perf.phase == "extract" {
            perf.enter("read");
        }
        if perf.slice_elapsed() > SLICE_MS && !perf.next_slice(inner).await {
            return Ok(());
        }
    }
    // The snapshot is assembled a chunk of items per step (one thread can hold 50,000),
    // then the stats come one metric (or part of one) per step.
    perf.enter("assemble");
    let positions = scan.take_positions();
    let (mut summary, mut assembly) = scan.into_assembly().map_err(|e| e.to_string())?;
    perf.step(|| "assemble-start".into());
    loop {
        if perf.slice_elapsed() > SLICE_MS && !perf.next_slice(inner).await {
            return Ok(());
        }
        let done = assembly.step(STEP_ITEMS * 4);
        perf.step(|| "assemble".into());
        if done {
            break;
        }
    }
    let mut snapshot = assembly.finish();
    if !perf.next_slice(inner).await {
        return Ok(());
    }
    let mut source = Source::Dom;
    let wants_rest = inner.borrow().settings.rest && profile.kind == PageKind::SpModernPage;
    if wants_rest {
        // Waiting for the site is not work on the page's thread.
        perf.pause();
        let items = rest_comments(inner, &root, &url, summary.items, &clock).await;
        perf.resume();
        if inner.borrow().stopped {
            return Ok(());
        }
        if let Some(items) = items {
            rest::merge(&mut summary, &mut snapshot, items);
            source = Source::RestDom;
        }
    }
    perf.enter("stats");
    let settings = inner.borrow().settings.clone();
    // The metrics one by one, yielding between them when a slice is used up.
    let mut stages = stages_for(
        &mut snapshot,
        &settings,
        clock.utc_offset_minutes,
        clock.now,
    );
    loop {
        let stage = stages.stage();
        let more = stages.step();
        perf.step(|| format!("stats#{stage}"));
        if !more {
            break;
        }
        if perf.slice_elapsed() > SLICE_MS && !perf.next_slice(inner).await {
            return Ok(());
        }
    }
    let stats = stages.finish();
    if !perf.next_slice(inner).await {
        return Ok(());
    }
    perf.enter("render");
    let json = snapshot_json(&summary, Some(&stats), Some(source)).map_err(|e| e.to_string())?;
    perf.step(|| "render-json".into());
    let view = {
        let state = inner.borrow();
        let review = community_review(&state.settings, &snapshot, &stats, &url, &clock);
        panel_view(
            &stats,
            &snapshot,
            state.catalog.get(state.lang),
            state.lang,
            clock.now,
            as_review(&review),
        )
    };
    perf.step(|| "render-panel".into());
    // On a big page, finding the jump links' elements again (a whole-document query)
    // and freeing the snapshot each take tens of milliseconds: slices of their own.
    if !perf.next_slice(inner).await {
        return Ok(());
    }
    let items = root
        .query_all(&profile.item.css)
        .map_err(|e| e.to_string())?;
    let element = |item_id: &str| positions.get(item_id).and_then(|&p| items.at(p));
    let targets = view
        .jump_entries()
        .map(|e| element(&e.item_id).map(|el| el.0))
        .collect();
    perf.step(|| "render-targets".into());
    {
        let anchor = |target: &Target| {
            let item_id = match target {
                Target::Item(id) => id.as_str(),
                Target::Composer => return None,
                Target::Thread(id) => snapshot
                    .threads
                    .iter()
                    .find(|t| t.id == *id)
                    .and_then(|t| t.items.first())
                    .map(|i| i.id.as_str())?,
            };
            element(item_id).map(|el| el.0)
        };
        let state = inner.borrow();
        let reading = nudge_layer::Reading {
            snapshot: &snapshot,
            settings: &state.settings,
            url: &url,
            clock: &clock,
            messages: state.catalog.get(state.lang),
            anchor: &anchor,
        };
        if let Err(e) = nudge_layer::after_reading(&state.nudges, &doc, &reading) {
            warn(&format!("participation tip not shown: {}", js_text(e)));
        }
    }
    perf.step(|| "render-tips".into());
    // Freeing a 50,000-item snapshot takes tens of milliseconds: a chunk of items per
    // step, from the end.
    loop {
        if perf.slice_elapsed() > SLICE_MS && !perf.next_slice(inner).await {
            return Ok(());
        }
        let items = match snapshot.threads.last_mut() {
            Some(thread) => &mut thread.items,
            None if !snapshot.loose_items.is_empty() => &mut snapshot.loose_items,
            None => break,
        };
        items.truncate(items.len().saturating_sub(DROP_ITEMS));
        if items.is_empty() {
            snapshot.threads.pop();
        }
        perf.step(|| "render-drop".into());
    }
    drop(snapshot);
    if !perf.next_slice(inner).await {
        return Ok(());
    }
    let mut state = inner.borrow_mut();
    let messages = state.catalog.get(state.lang);
    if let Some(overlay) = &state.overlay {
        overlay
            .show(
                &summary,
                &json,
                Some((&view, targets)),
                messages,
                state.lang,
            )
            .map_err(js_text)?;
        perf.step(|| "render-show".into());
        perf.pause();
        overlay.set_perf(&perf.report()).map_err(js_text)?;
    }
    state.data_json = Some(json);
    state.summary = Some(summary);
    Ok(())
}

/// A field the employee writes a contribution in: a text area or an editable area,
/// usable, not opted out (`data-animateur="off"`).
fn is_writing_field(el: &web_sys::HtmlElement) -> bool {
    let textarea = el.dyn_ref::<web_sys::HtmlTextAreaElement>();
    (textarea.is_some() || el.is_content_editable())
        && !textarea.is_some_and(|t| t.read_only() || t.disabled())
        && el
            .closest(crate::composer::OPT_OUT_SELECTOR)
            .ok()
            .flatten()
            .is_none()
}

/// In community-manager mode only: the published messages' findings (the analyzer
/// runs once) and the hints switched on.
fn community_review(
    settings: &Settings,
    snapshot: &PageSnapshot,
    stats: &PageStats,
    url: &str,
    clock: &Clock,
) -> Option<(Vec<CmHint>, Vec<ItemFindings>)> {
    settings.community_manager.then(|| {
        let findings = published_findings(snapshot, &settings.analyzer_config());
        let view = PageView {
            snapshot,
            settings,
            url,
            now: clock.now,
            utc_offset_minutes: clock.utc_offset_minutes,
        };
        (view.hints(stats, &findings), findings)
    })
}

fn as_review(review: &Option<(Vec<CmHint>, Vec<ItemFindings>)>) -> Option<Review<'_>> {
    review
        .as_ref()
        .map(|(hints, findings)| Review { hints, findings })
}

/// The page's REST comment tree, from the cache when the DOM shows nothing new.
async fn rest_comments(
    inner: &Rc<RefCell<Inner>>,
    root: &WebElement,
    url: &str,
    dom_items: u64,
    clock: &Clock,
) -> Option<Vec<Item>> {
    if let Some(cache) = &inner.borrow().rest {
        if cache.url == url && dom_items <= cache.known {
            return cache.items.clone();
        }
    }
    let context = rest::read_context(root).ok().flatten().unwrap_or_default();
    let (items, known) = match rest::plan(&context, url) {
        Plan::NotApplicable => (None, u64::MAX),
        Plan::Refused(why) => {
            warn(&format!("comments not read from the site: {why}"));
            (None, u64::MAX)
        }
        Plan::Fetch(target) => {
            let items = fetch_tree(target, clock).await;
            let known = items.as_ref().map_or(0, |i| i.len() as u64);
            (items, known.max(dom_items))
        }
    };
    inner.borrow_mut().rest = Some(RestCache {
        url: url.to_owned(),
        known,
        items: items.clone(),
    });
    items
}

/// REST dates are ISO 8601 with their offset: the order of numeric dates never
/// matters for them.
fn rest_dates(clock: &Clock) -> DateContext {
    DateContext {
        now: clock.now,
        utc_offset_minutes: clock.utc_offset_minutes,
        order: DateOrder::DayFirst,
    }
}

async fn fetch_tree(target: RestTarget, clock: &Clock) -> Option<Vec<Item>> {
    let origin = target.origin.clone();
    let mut collector = Collector::new(target, rest_dates(clock));
    while let Some(url) = collector.next_url() {
        match fetch_text(&url, &origin).await {
            Ok(body) => collector.accept(&url, &body),
            Err(why) => collector.failed(&url, &why),
        }
    }
    if !collector.warnings.is_empty() {
        let partial = if collector.answered() {
            "partial result"
        } else {
            "the page's own reading is used"
        };
        warn(&format!(
            "reading comments from the site: {} ({partial})",
            collector.warnings.join("; ")
        ));
    }
    collector.finish()
}

/// GET on the page's own origin with the user's session, refused by the browser if it
/// would leave the origin (`mode: same-origin`, which also refuses a redirect to
/// another origin), given up after [`REST_TIMEOUT_MS`].
async fn fetch_text(url: &str, origin: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let page_origin = window
        .location()
        .href()
        .ok()
        .and_then(|h| rest::origin_of(&h));
    if rest::origin_of(url).as_deref() != Some(origin) || page_origin.as_deref() != Some(origin) {
        return Err("not the page's origin; not requested".into());
    }
    let headers = web_sys::Headers::new().map_err(js_text)?;
    headers
        .set("Accept", "application/json;odata=nometadata")
        .map_err(js_text)?;
    let controller = web_sys::AbortController::new().map_err(js_text)?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    let abort = controller.clone();
    let _timer = Timeout::new(REST_TIMEOUT_MS, move || abort.abort());
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(js_text)?
        .dyn_into::<web_sys::Response>()
        .map_err(js_text)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(js_text)?)
        .await
        .map_err(js_text)?;
    text.as_string().ok_or_else(|| "answer is not text".into())
}

/// Wall time, busy time and the longest slice of one reading.
struct SliceClock {
    started: f64,
    slice_started: f64,
    running: bool,
    busy: f64,
    longest: f64,
    /// The phase the longest slice ended in.
    longest_phase: &'static str,
    /// Busy time per phase of the reading (scan, assemble, stats, render), for the
    /// benchmarks' breakdown.
    phases: Vec<(&'static str, f64)>,
    phase: &'static str,
    phase_mark: f64,
    /// The longest steps (units of work between two clock checks), longest first, for
    /// the benchmarks: which step a long slice comes from.
    steps: Vec<(String, f64)>,
    step_mark: f64,
}

/// How many of the longest steps a reading reports.
const REPORTED_STEPS: usize = 6;

impl SliceClock {
    fn start() -> Self {
        let now = now_ms();
        SliceClock {
            started: now,
            slice_started: now,
            running: true,
            busy: 0.0,
            longest: 0.0,
            longest_phase: "",
            phases: Vec::new(),
            phase: "extract",
            phase_mark: 0.0,
            steps: Vec::new(),
            step_mark: now,
        }
    }

    /// Closes a step: the work since the previous step or the slice's start.
    fn step(&mut self, label: impl FnOnce() -> String) {
        let now = now_ms();
        let ms = now - self.step_mark;
        self.step_mark = now;
        if self.steps.len() == REPORTED_STEPS
            && self.steps.last().is_some_and(|&(_, least)| least >= ms)
        {
            return;
        }
        let at = self.steps.partition_point(|&(_, longer)| longer >= ms);
        self.steps.insert(at, (label(), ms));
        self.steps.truncate(REPORTED_STEPS);
    }

    fn slice_elapsed(&self) -> f64 {
        now_ms() - self.slice_started
    }

    fn busy_now(&self) -> f64 {
        self.busy
            + if self.running {
                self.slice_elapsed()
            } else {
                0.0
            }
    }

    /// Closes the current phase and starts `name`.
    fn enter(&mut self, name: &'static str) {
        let now = self.busy_now();
        self.phases.push((self.phase, now - self.phase_mark));
        self.phase = name;
        self.phase_mark = now;
    }

    fn resume(&mut self) {
        self.slice_started = now_ms();
        self.step_mark = self.slice_started;
        self.running = true;
    }

    fn pause(&mut self) {
        if !self.running {
            return;
        }
        let slice = self.slice_elapsed();
        self.busy += slice;
        if slice > self.longest {
            self.longest = slice;
            self.longest_phase = self.phase;
        }
        self.running = false;
    }

    /// Yields to the page and starts a new slice; `false` when Animateur was stopped
    /// meanwhile.
    async fn next_slice(&mut self, inner: &Rc<RefCell<Inner>>) -> bool {
        self.pause();
        TimeoutFuture::new(0).await;
        self.resume();
        !inner.borrow().stopped
    }

    fn report(&mut self) -> crate::overlay::ReadPerf {
        self.enter("");
        let phases = self
            .phases
            .iter()
            .map(|(name, ms)| format!("{name}={ms:.1}"))
            .chain(
                self.steps
                    .iter()
                    .map(|(label, ms)| format!("step:{label}={ms:.1}")),
            )
            .collect::<Vec<_>>()
            .join(" ");
        let memory = wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map(|m| {
                m.buffer()
                    .dyn_into::<js_sys::ArrayBuffer>()
                    .map(|b| b.byte_length())
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        crate::overlay::ReadPerf {
            wall_ms: now_ms() - self.started,
            busy_ms: self.busy,
            longest_slice_ms: self.longest,
            longest_slice_phase: self.longest_phase,
            wasm_memory_kb: memory / 1024,
            live_observers: LIVE_OBSERVERS.with(|n| n.get()),
            phases,
        }
    }
}

/// Now, and the viewer's UTC offset: page dates are printed in local time.
pub(crate) fn browser_clock(fixed_now_ms: Option<f64>) -> Clock {
    Clock {
        now: (fixed_now_ms.unwrap_or_else(js_sys::Date::now) / 1000.0) as i64,
        utc_offset_minutes: -(js_sys::Date::new_0().get_timezone_offset() as i32),
        date_order: None,
    }
}

fn js_text(v: JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "browser error".into())
}

thread_local! {
    /// Page observers alive, published with the overlay's figures for the tests.
    static LIVE_OBSERVERS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Watches the page for changes. The callback only notes that something changed and
/// schedules one reading later; it never reads the page itself (observer callbacks run
/// on the page's critical path). Dropping it disconnects.
struct PageObserver {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl PageObserver {
    fn new(doc: &Document, inner: std::rc::Weak<RefCell<Inner>>) -> Result<Self, JsValue> {
        let callback = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
            move |records: js_sys::Array, _: MutationObserver| {
                let Some(inner) = inner.upgrade() else { return };
                let host: Option<Node> = inner
                    .borrow()
                    .overlay
                    .as_ref()
                    .map(|o| o.host().clone().into());
                // The composer layer's host and the nudge card's are ours too: mounting
                // them is no page change.
                let doc = document().ok();
                let others: Vec<Node> = doc
                    .iter()
                    .flat_map(|d| {
                        [
                            composer_layer::host(d),
                            d.get_element_by_id(crate::nudge_card::HOST_ID),
                        ]
                    })
                    .flatten()
                    .map(Into::into)
                    .collect();
                let relevant = records.iter().any(|r| {
                    r.dyn_into::<MutationRecord>()
                        .map(|r| {
                            !only_touches(&r, host.as_ref())
                                && !others.iter().any(|h| only_touches(&r, Some(h)))
                        })
                        .unwrap_or(false)
                });
                if relevant {
                    let delay = settle_delay(inner.borrow().last_scan_ms);
                    schedule(&inner, delay);
                }
            },
        );
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        let target = doc
            .document_element()
            .ok_or_else(|| JsValue::from_str("document has no root element"))?;
        observer.observe_with_options(&target, &options)?;
        LIVE_OBSERVERS.with(|n| n.set(n.get() + 1));
        Ok(PageObserver {
            observer,
            _callback: callback,
        })
    }
}

/// Whether a mutation record is only about Animateur's own host (its insertion or
/// removal), which must not trigger a new reading.
fn only_touches(record: &MutationRecord, host: Option<&Node>) -> bool {
    let Some(host) = host else { return false };
    if record.target().is_some_and(|t| host.contains(Some(&t))) {
        return true;
    }
    let added = record.added_nodes();
    let removed = record.removed_nodes();
    let total = added.length() + removed.length();
    total > 0
        && (0..added.length()).all(|i| added.item(i).is_some_and(|n| n.is_same_node(Some(host))))
        && (0..removed.length())
            .all(|i| removed.item(i).is_some_and(|n| n.is_same_node(Some(host))))
}

impl Drop for PageObserver {
    fn drop(&mut self) {
        LIVE_OBSERVERS.with(|n| n.set(n.get().saturating_sub(1)));
        self.observer.disconnect();
    }
}

/// The fallback engine (an extension frame, for pages whose CSP refuses in-page
/// WebAssembly): reads a copy of the page's HTML and returns what the loader needs to
/// draw the same overlay in the page: the `data-json`, the badge's lines, the panel's
/// rows and the overlay's look.
#[wasm_bindgen(js_name = analyseHtml)]
pub fn analyse_html(
    html: &str,
    url: &str,
    config: JsValue,
    rest_answers: JsValue,
) -> Result<JsValue, JsValue> {
    let config = config_from(config)?;
    let resolved = resolve(&config.user, &config.policy);
    let lang = Lang::choose(&resolved.settings.language, &config.ui_language);
    let messages = config.messages.get(lang);
    let parser = web_sys::DomParser::new()?;
    let copy = parser.parse_from_string(html, web_sys::SupportedType::TextHtml)?;
    let clock = browser_clock(config.now_ms);
    let error = |e: crate::dom_tree::SelectorError| JsValue::from_str(&e.to_string());
    let mut frame_rest = FrameRest::default();
    let mut source = Source::Dom;
    let custom = resolved.settings.custom_profiles();
    let read = match copy.document_element() {
        Some(root) if resolved.settings.runs_on(url) => {
            let root = WebElement(root);
            match crate::adapters::read_page(&root, url, &clock, &custom).map_err(error)? {
                Some(PageReading {
                    mut summary,
                    mut snapshot,
                    positions,
                    item_css,
                }) => {
                    frame_rest.dom_items = summary.items;
                    if resolved.settings.rest && summary.page_kind == PageKind::SpModernPage {
                        let answers =
                            serde_wasm_bindgen::from_value(rest_answers).unwrap_or_default();
                        if let Some(items) =
                            frame_rest_items(&root, url, &clock, &answers, &mut frame_rest)
                        {
                            frame_rest.comments = Some(items.len() as u64);
                            rest::merge(&mut summary, &mut snapshot, items);
                            source = Source::RestDom;
                        }
                    }
                    let stats = compute_for(
                        &mut snapshot,
                        &resolved.settings,
                        clock.utc_offset_minutes,
                        clock.now,
                    );
                    let review =
                        community_review(&resolved.settings, &snapshot, &stats, url, &clock);
                    let view = panel_view(
                        &stats,
                        &snapshot,
                        messages,
                        lang,
                        clock.now,
                        as_review(&review),
                    );
                    // The loader finds the same items in the page by these places.
                    let jumps = view
                        .jump_entries()
                        .map(|e| positions.get(&e.item_id).copied())
                        .collect::<Vec<_>>();
                    Some((summary, stats, view, (item_css, jumps)))
                }
                None => None,
            }
        }
        _ => None,
    };
    let (summary, stats, view, jumps) = match read {
        Some((summary, stats, view, jumps)) => (summary, Some(stats), Some(view), Some(jumps)),
        None => (
            PageSummary::empty(crate::model::PageKind::Unknown),
            None,
            None,
            None,
        ),
    };
    to_js(&FrameAnswer {
        json: snapshot_json(&summary, stats.as_ref(), Some(source))
            .map_err(|e| JsValue::from_str(&e.to_string()))?,
        lines: badge_lines(messages, &summary, lang, view.as_ref()),
        view,
        item_css: jumps.as_ref().map(|(css, _)| *css),
        jumps: jumps.map(|(_, j)| j).unwrap_or_default(),
        label: messages.get("badgeLabel"),
        panel_title: messages.get("panel_title"),
        panel_toggle: messages.get("panel_toggle"),
        summary,
        rest: frame_rest,
        style: FrameStyle {
            host: overlay::HOST_STYLE,
            badge: overlay::BADGE_STYLE,
            title: overlay::TITLE_STYLE,
            count: overlay::COUNT_STYLE,
            toggle: overlay::TOGGLE_STYLE,
            panel: overlay::PANEL_STYLE,
            row: overlay::ROW_STYLE,
            value: overlay::VALUE_STYLE,
            heading: overlay::HEADING_STYLE,
            list: overlay::LIST_STYLE,
            age: overlay::AGE_STYLE,
            jump: overlay::JUMP_STYLE,
            highlight: overlay::HIGHLIGHT_STYLE,
        },
    })
}

/// The frame cannot reach the site with the user's session: it tells the loader which
/// same-origin URLs to fetch (`wanted`) and reads the answers handed back with the
/// next page copy.
#[derive(Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameRest {
    wanted: Vec<String>,
    warnings: Vec<String>,
    /// Comments the DOM shows, and (once merged) the REST tree holds: the loader asks
    /// again when the DOM shows more than it knew.
    dom_items: u64,
    comments: Option<u64>,
}

fn frame_rest_items(
    root: &WebElement,
    url: &str,
    clock: &Clock,
    answers: &crate::keyed_hash::HashMap<String, rest::Answer>,
    out: &mut FrameRest,
) -> Option<Vec<Item>> {
    let context = rest::read_context(root).ok().flatten().unwrap_or_default();
    match rest::plan(&context, url) {
        Plan::NotApplicable => None,
        Plan::Refused(why) => {
            out.warnings
                .push(format!("comments not read from the site: {why}"));
            None
        }
        Plan::Fetch(target) => {
            let replay = rest::replay(target, rest_dates(clock), answers);
            out.wanted = replay.wanted;
            out.warnings.extend(
                replay
                    .warnings
                    .into_iter()
                    .map(|w| format!("reading comments from the site: {w}")),
            );
            replay.items
        }
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameAnswer<'a> {
    summary: PageSummary,
    rest: FrameRest,
    json: String,
    lines: Vec<String>,
    view: Option<PanelView>,
    /// The page's item selector and, per jump entry, its item's place among the matches.
    item_css: Option<&'a str>,
    jumps: Vec<Option<usize>>,
    label: &'a str,
    panel_title: &'a str,
    panel_toggle: &'a str,
    style: FrameStyle,
}

type Style = &'static [(&'static str, &'static str)];

#[derive(serde::Serialize)]
struct FrameStyle {
    host: Style,
    badge: Style,
    title: Style,
    count: Style,
    toggle: Style,
    panel: Style,
    row: Style,
    value: Style,
    heading: Style,
    list: Style,
    age: Style,
    jump: Style,
    highlight: Style,
}

/// The panel's rows for published stats (the popup shows the same figures).
#[wasm_bindgen(js_name = panelRows)]
pub fn panel_rows_js(stats: JsValue, config: JsValue) -> Result<JsValue, JsValue> {
    let stats: PageStats = serde_wasm_bindgen::from_value(stats)
        .map_err(|e| JsValue::from_str(&format!("bad stats: {e}")))?;
    let config = config_from(config)?;
    let resolved = resolve(&config.user, &config.policy);
    let lang = Lang::choose(&resolved.settings.language, &config.ui_language);
    to_js(&panel_rows(&stats, config.messages.get(lang), lang))
}

/// The page's figures as CSV (one metric field per line), for the popup's export.
#[wasm_bindgen(js_name = dataCsv)]
pub fn data_csv(data_json: &str) -> Result<String, JsValue> {
    crate::panel::data_csv(data_json).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The badge's lines for a summary (the popup shows the same text as the badge).
#[wasm_bindgen(js_name = describeSummary)]
pub fn describe_summary(summary: JsValue, config: JsValue) -> Result<Vec<String>, JsValue> {
    let summary: PageSummary = serde_wasm_bindgen::from_value(summary)
        .map_err(|e| JsValue::from_str(&format!("bad summary: {e}")))?;
    let config = config_from(config)?;
    let resolved = resolve(&config.user, &config.policy);
    let lang = Lang::choose(&resolved.settings.language, &config.ui_language);
    Ok(badge_parts(config.messages.get(lang), &summary, lang))
}
