//! Participation nudges in the page, the browser edge: the local history in memory
//! (persisted by the loader in `storage.local`, never sent anywhere), the page view
//! (its previous visit, how many nudges it showed), and the card's lifecycle. Every
//! decision is `nudges::view::PageView::decide`, the one gate; this module only gathers
//! what the gate needs from the live page and records what the employee chose.

use crate::adapters::snapshot::Clock;
use crate::dates::UnixSeconds;
use crate::i18n::Messages;
use crate::model::{PageSnapshot, Viewer};
use crate::nudge_card::{control_for, CardChoice, NudgeCard};
use crate::nudges::history::{History, LogEntry, Outcome, Visit};
use crate::nudges::view::{CardText, PageView, Presence, WritingView};
use crate::nudges::{Candidate, Target};
use crate::settings::Settings;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub type SharedLayer = Rc<RefCell<NudgeLayer>>;

pub struct NudgeLayer {
    history: History,
    /// The loader's `saveHistory(json)`: writes `storage.local`; absent in tests.
    save: Option<js_sys::Function>,
    fixed_now_ms: Option<f64>,
    view: Option<ViewState>,
    card: Option<ShownCard>,
}

/// One view of one page: from its first reading until the URL changes or the page
/// is left.
struct ViewState {
    url: String,
    /// The page's record as it was before this view ("since your last visit").
    previous: Option<Visit>,
    shown: u32,
    /// Who the latest reading says the viewer is (for the rules asked between readings).
    viewer: Viewer,
}

struct ShownCard {
    card: NudgeCard,
    /// Where acting leads when it opens a page rather than moving the focus (R07).
    open_url: Option<String>,
    candidate: Candidate,
    anchor: Element,
    control: HtmlElement,
}

/// What a finished reading gives the layer.
pub struct Reading<'a> {
    pub snapshot: &'a PageSnapshot,
    pub settings: &'a Settings,
    pub url: &'a str,
    pub clock: &'a Clock,
    pub messages: &'a Messages,
    /// The page element a target names (the thread's first item, or the item).
    pub anchor: &'a dyn Fn(&Target) -> Option<Element>,
}

impl NudgeLayer {
    pub fn new(
        stored: Option<String>,
        save: Option<js_sys::Function>,
        fixed_now_ms: Option<f64>,
    ) -> SharedLayer {
        let mut layer = NudgeLayer {
            history: History::default(),
            save,
            fixed_now_ms,
            view: None,
            card: None,
        };
        if layer.replace_history(stored.as_deref()) {
            layer.persist();
        }
        Rc::new(RefCell::new(layer))
    }

    /// Takes the stored history (another tab wrote it, or the options page forgot
    /// everything). Returns whether it had to be repaired.
    pub fn replace_history(&mut self, stored: Option<&str>) -> bool {
        let (history, problem) = History::load(stored.unwrap_or_default());
        self.history = history;
        if let Some(problem) = &problem {
            crate::wasm_api::warn(problem);
        }
        problem.is_some()
    }

    /// The page changed (in-app navigation) or Animateur stopped here: the view ends
    /// and its card goes.
    pub fn end_view(&mut self) {
        self.view = None;
        self.card = None;
    }

    fn clock(&self) -> Clock {
        crate::wasm_api::browser_clock(self.fixed_now_ms)
    }

    fn now(&self) -> UnixSeconds {
        self.clock().now
    }

    fn persist(&mut self) {
        self.history.prune(self.now());
        let Some(save) = &self.save else { return };
        match serde_json::to_string(&self.history) {
            Ok(json) => {
                if let Err(e) = save.call1(&JsValue::NULL, &JsValue::from_str(&json)) {
                    crate::wasm_api::warn(&format!("nudge history not saved: {e:?}"));
                }
            }
            Err(e) => crate::wasm_api::warn(&format!("nudge history not saved: {e}")),
        }
    }

    fn record(&mut self, candidate: &Candidate, page: &str, outcome: Outcome) {
        self.history.record(LogEntry {
            at: self.now(),
            page: page.to_owned(),
            rule: candidate.rule,
            object: candidate.object.clone(),
            outcome,
        });
    }
}

/// After each reading: counts the visit once per view, keeps a shown card next to its
/// anchor, or asks the gate whether a nudge may show now.
pub fn after_reading(layer: &SharedLayer, doc: &Document, r: &Reading) -> Result<(), JsValue> {
    let mut state = layer.borrow_mut();
    // A jump to an anchor in the page (`#reply`) is the same page and the same view.
    let page = page_key(r.url);
    if state.view.as_ref().is_none_or(|v| v.url != page) {
        state.card = None;
        let previous = state.history.visits.get(page).copied();
        state.history.visit(page, r.clock.now);
        // Once per view: the viewer's own likes and replies here, and the page's daily
        // figures; one write to storage per page view, not per reading.
        state.history.observe(page, r.snapshot, r.clock.now);
        state.view = Some(ViewState {
            url: page.to_owned(),
            previous,
            shown: 0,
            viewer: r.snapshot.viewer.clone(),
        });
        state.persist();
    }
    if let Some(view) = &mut state.view {
        view.viewer = r.snapshot.viewer.clone();
    }
    if let Some(shown) = &state.card {
        // Switched off while it showed (tips, this rule, or this site): it goes.
        let gate = r.settings.gate_settings(page, Default::default());
        if !gate.tips || gate.site_excluded || gate.disabled_rules.contains(&shown.candidate.rule) {
            state.card = None;
            return Ok(());
        }
        if shown.anchor.is_connected() {
            return shown.card.place(&shown.anchor);
        }
        // The page re-rendered the thread: the card follows the new element, if any.
        match (r.anchor)(&shown.candidate.target) {
            Some(anchor) => {
                shown.card.place(&anchor)?;
                state.card.as_mut().expect("checked above").anchor = anchor;
            }
            None => state.card = None,
        }
        return Ok(());
    }
    let view = state.view.as_ref().expect("set above");
    let control = |c: &Candidate| {
        (r.anchor)(&c.target).and_then(|a| control_for(c.rule.act(), &a).map(|ctl| (a, ctl)))
    };
    let has_control = |c: &Candidate| control(c).is_some();
    let presence = Presence {
        tab_visible: doc.visibility_state() == web_sys::VisibilityState::Visible,
        typing: typing(doc),
        shown_this_view: view.shown,
        has_control: &has_control,
    };
    let view_of_page = PageView {
        snapshot: r.snapshot,
        settings: r.settings,
        url: page,
        now: r.clock.now,
        utc_offset_minutes: r.clock.utc_offset_minutes,
    };
    let decision = view_of_page.decide(&state.history, view.previous.as_ref(), &presence);
    let Some(candidate) = decision.show else {
        return Ok(());
    };
    let Some((anchor, control)) = control(&candidate) else {
        return Ok(());
    };
    drop(state);
    let shown = Shown {
        candidate,
        anchor,
        control,
        open_url: None,
    };
    show(layer, doc, shown, page, r.messages, r.clock)
}

/// What a decision shows, found on the page.
struct Shown {
    candidate: Candidate,
    anchor: Element,
    control: HtmlElement,
    open_url: Option<String>,
}

/// Draws the card, logs it as shown, and counts it against the view.
fn show(
    layer: &SharedLayer,
    doc: &Document,
    shown: Shown,
    page: &str,
    messages: &Messages,
    clock: &Clock,
) -> Result<(), JsValue> {
    let Shown {
        candidate,
        anchor,
        control,
        open_url,
    } = shown;
    let text = CardText::new(messages, candidate.rule);
    let weak = Rc::downgrade(layer);
    let on_choice: Rc<dyn Fn(CardChoice)> = Rc::new(move |choice| {
        // Handled after the click's listener returns: the choice drops the card, and
        // with it the listener that is running.
        let weak = weak.clone();
        wasm_bindgen_futures::spawn_local(async move { choose(&weak, choice) });
    });
    let today = local_date(clock.now, clock.utc_offset_minutes);
    let card = NudgeCard::show(
        doc,
        &anchor,
        &format!("{:?}", candidate.rule),
        &candidate.object,
        &text,
        &today,
        on_choice,
    )?;
    let mut state = layer.borrow_mut();
    state.record(&candidate, page, Outcome::Shown);
    if let Some(view) = &mut state.view {
        view.shown += 1;
    }
    state.card = Some(ShownCard {
        card,
        open_url,
        candidate,
        anchor,
        control,
    });
    state.persist();
    Ok(())
}

/// What the page offers when a field gets the focus.
pub struct Writing<'a> {
    pub field: &'a HtmlElement,
    pub settings: &'a Settings,
    pub url: &'a str,
    pub clock: &'a Clock,
    pub messages: &'a Messages,
}

/// The employee starts writing in a field: the rules about the contribution being
/// written (R07) may speak, through the same gate, counted in the same view.
pub fn while_writing(layer: &SharedLayer, doc: &Document, w: &Writing) -> Result<(), JsValue> {
    let page = page_key(w.url);
    let state = layer.borrow();
    let Some(view) = state.view.as_ref().filter(|v| v.url == page) else {
        // Before the page's first reading there is no view to count against.
        return Ok(());
    };
    if state.card.is_some() {
        return Ok(());
    }
    let origin = web_sys::window()
        .and_then(|win| win.location().origin().ok())
        .unwrap_or_default();
    let usable = |_: &Candidate| w.field.is_connected();
    let presence = Presence {
        tab_visible: doc.visibility_state() == web_sys::VisibilityState::Visible,
        typing: true,
        shown_this_view: view.shown,
        has_control: &usable,
    };
    let writing = WritingView {
        settings: w.settings,
        url: page,
        origin: &origin,
        now: w.clock.now,
        utc_offset_minutes: w.clock.utc_offset_minutes,
        viewer: &view.viewer,
        draft: None,
        threads: &[],
    };
    let Some(candidate) = writing.decide(&state.history, &presence).show else {
        return Ok(());
    };
    drop(state);
    let shown = Shown {
        candidate,
        anchor: w.field.clone().into(),
        control: w.field.clone(),
        open_url: Some(w.settings.charter_url.clone()),
    };
    show(layer, doc, shown, page, w.messages, w.clock)
}

/// What the employee chose: logged, the card removed; acting moves the focus to the
/// control (it never acts for them).
fn choose(layer: &Weak<RefCell<NudgeLayer>>, choice: CardChoice) {
    let Some(layer) = layer.upgrade() else { return };
    let mut state = layer.borrow_mut();
    let (Some(shown), Some(page)) = (
        state.card.take(),
        state.view.as_ref().map(|v| v.url.clone()),
    ) else {
        return;
    };
    let Clock {
        now,
        utc_offset_minutes,
        ..
    } = state.clock();
    let acted = choice == CardChoice::Act;
    let outcome = match choice {
        CardChoice::Act => Outcome::Acted,
        CardChoice::Dismiss => Outcome::Dismissed,
        CardChoice::Snooze(secs) => Outcome::Snoozed { until: now + secs },
        CardChoice::PauseUntil(date) => {
            match crate::settings::parse_date(&date) {
                // Paused until the start of that day, local time.
                Ok(days) if days * crate::stats::DAY > now => {
                    let until = days * crate::stats::DAY - i64::from(utc_offset_minutes) * 60;
                    state.history.paused_until = Some(until);
                    Outcome::Snoozed { until }
                }
                _ => Outcome::Snoozed {
                    until: now + crate::stats::DAY,
                },
            }
        }
    };
    state.record(&shown.candidate, &page, outcome);
    state.persist();
    drop(state);
    if let (true, Some(url)) = (acted, &shown.open_url) {
        // A new tab, without a handle back to this page.
        if let Some(window) = web_sys::window() {
            let _ = window.open_with_url_and_target_and_features(url, "_blank", "noopener");
        }
    } else if acted {
        // The page may have re-rendered the thread since the card showed.
        let control = if shown.control.is_connected() {
            Some(shown.control.clone())
        } else {
            control_for(shown.candidate.rule.act(), &shown.anchor)
        };
        if let Some(control) = control {
            focus_control(&control);
        }
    }
}

/// Brings the control into view and focuses it: a reply box to type in, or a link to
/// follow with one key. A container that cannot take the focus is only shown.
fn focus_control(control: &HtmlElement) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    control.scroll_into_view_with_scroll_into_view_options(&options);
    let _ = control.focus();
}

/// The history's key for a page: its address without the fragment.
fn page_key(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Whether the employee is writing: the focus is in a text field or an editable area.
fn typing(doc: &Document) -> bool {
    let Some(active) = doc.active_element() else {
        return false;
    };
    match active.local_name().as_str() {
        "textarea" => true,
        "input" => !matches!(
            active.get_attribute("type").as_deref(),
            Some("button" | "submit" | "checkbox" | "radio" | "reset" | "image")
        ),
        _ => active
            .dyn_ref::<HtmlElement>()
            .is_some_and(HtmlElement::is_content_editable),
    }
}

/// "YYYY-MM-DD" of `now` in the viewer's zone (the pause date field's minimum).
fn local_date(now: UnixSeconds, utc_offset_minutes: i32) -> String {
    let local = now + i64::from(utc_offset_minutes) * 60;
    let (y, m, d) = crate::dates::civil_from_days(local.div_euclid(crate::stats::DAY));
    format!("{y:04}-{m:02}-{d:02}")
}
