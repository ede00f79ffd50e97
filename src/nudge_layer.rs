//! Participation nudges in the page, the browser edge: the local history in memory
//! (persisted by the loader in `storage.local`, never sent anywhere), the page view
//! (its previous visit, how many nudges it showed), and the card's lifecycle. Every
//! decision is `nudges::view::PageView::decide`, the one gate; this module only gathers
//! what the gate needs from the live page and records what the employee chose.

use crate::adapters::snapshot::Clock;
use crate::dates::UnixSeconds;
use crate::dom::WebElement;
use crate::i18n::Messages;
use crate::model::{PageSnapshot, Viewer};
use crate::nudge_card::{control_for, CardChoice, NudgeCard};
use crate::nudges::history::{History, LogEntry, Outcome, Visit};
use crate::nudges::rules::{DraftField, PageThread, ThreadDraft};
use crate::nudges::view::{CardText, PageView, Presence, WritingView};
use crate::nudges::{Candidate, RuleId, Target};
use crate::settings::Settings;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

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
    /// The page's titled threads and the element each starts at, kept only while the
    /// page has a new-thread form (R19 compares the title being written with them).
    threads: Vec<(PageThread, Element)>,
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
        let config = r.settings.stats_config(r.clock.utc_offset_minutes);
        state
            .history
            .observe(page, r.snapshot, &config, r.clock.now);
        state.view = Some(ViewState {
            url: page.to_owned(),
            previous,
            shown: 0,
            viewer: r.snapshot.viewer.clone(),
            threads: Vec::new(),
        });
        state.persist();
    }
    if let Some(view) = &mut state.view {
        view.viewer = r.snapshot.viewer.clone();
        view.threads = if has_thread_form(doc) {
            PageThread::of(r.snapshot)
                .into_iter()
                .filter_map(|t| {
                    let anchor = (r.anchor)(&Target::Thread(t.id.clone()))?;
                    Some((t, anchor))
                })
                .collect()
        } else {
            Vec::new()
        };
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
        if shown.candidate.rule.while_writing() {
            // By a field that is gone (the form was sent or closed): so is the card.
            state.card = None;
            return Ok(());
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

/// What the page offers when a field gets the focus or the typing pauses.
pub struct Writing<'a> {
    /// The element written in, or focused in a new-thread form.
    pub field: &'a HtmlElement,
    pub settings: &'a Settings,
    pub url: &'a str,
    pub clock: &'a Clock,
    pub messages: &'a Messages,
}

/// A new-thread form's fields, found through the profiles' `threadForms`.
struct FormFields {
    title: HtmlElement,
    body: HtmlElement,
    question: Option<HtmlInputElement>,
}

impl FormFields {
    /// The form `field` is in, if it is a new-thread form.
    fn around(field: &Element) -> Option<FormFields> {
        let parts = crate::adapters::forms::thread_form_around(
            crate::adapters::built_in(),
            &WebElement(field.clone()),
        )
        .ok()??;
        Some(FormFields {
            title: parts.title.0.dyn_into().ok()?,
            body: parts.body.0.dyn_into().ok()?,
            question: parts.question.and_then(|q| q.0.dyn_into().ok()),
        })
    }

    /// Where `field` is in the form.
    fn focus(&self, field: &HtmlElement) -> DraftField {
        if self.title.is_same_node(Some(field)) {
            DraftField::Title
        } else if self.body.contains(Some(field)) {
            DraftField::Body
        } else {
            DraftField::Other
        }
    }
}

/// What a form field holds now: a text field's value, an editing host's rendered text
/// (line breaks between blocks, so that words do not run together).
fn field_text(el: &HtmlElement) -> String {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else {
        el.inner_text()
    }
}

/// Whether `el` is in a new-thread form (its title, body, "Question" box…).
pub fn in_thread_form(el: &HtmlElement) -> bool {
    FormFields::around(el).is_some()
}

/// Whether the page has a new-thread form.
fn has_thread_form(doc: &Document) -> bool {
    doc.document_element().is_some_and(|root| {
        crate::adapters::forms::thread_form_in(crate::adapters::built_in(), &WebElement(root))
            .ok()
            .flatten()
            .is_some()
    })
}

/// A page Animateur does not read (no profile matched): if it offers a new-thread form
/// (a standalone "new discussion" page), a view starts without a reading, so that the
/// rules about the contribution being written can speak there (it counts no visit:
/// nothing was read). Any other page ends the view.
pub fn without_reading(layer: &SharedLayer, doc: &Document, url: &str) {
    let mut state = layer.borrow_mut();
    let page = page_key(url);
    if !has_thread_form(doc) {
        state.end_view();
        return;
    }
    if state.view.as_ref().is_some_and(|v| v.url == page) {
        return;
    }
    state.card = None;
    state.view = Some(ViewState {
        url: page.to_owned(),
        previous: None,
        shown: 0,
        viewer: Viewer {
            key: None,
            confidence: crate::model::Confidence::None,
        },
        threads: Vec::new(),
    });
}

/// The employee writes: the rules about the contribution being written may speak,
/// through the same gate, counted in the same view. R07 when a field gets the focus; in
/// a new-thread form also R19 and R06, from the draft read now. The draft's words live
/// in this call only: read, judged, dropped (never stored, logged or sent).
pub fn while_writing(layer: &SharedLayer, doc: &Document, w: &Writing) -> Result<(), JsValue> {
    let page = page_key(w.url);
    let state = layer.borrow();
    let Some(view) = state.view.as_ref().filter(|v| v.url == page) else {
        // Before the page's first reading there is no view to count against.
        return Ok(());
    };
    let form = FormFields::around(w.field);
    let (title, body) = form
        .as_ref()
        .map(|f| (field_text(&f.title), field_text(&f.body)))
        .unwrap_or_default();
    let draft = form.as_ref().map(|f| ThreadDraft {
        title: &title,
        body: &body,
        question: f.question.as_ref().map(HtmlInputElement::checked),
        focus: f.focus(w.field),
    });
    let threads: Vec<PageThread> = view.threads.iter().map(|(t, _)| t.clone()).collect();
    let origin = web_sys::window()
        .and_then(|win| win.location().origin().ok())
        .unwrap_or_default();
    let writing = WritingView {
        settings: w.settings,
        url: page,
        origin: &origin,
        now: w.clock.now,
        utc_offset_minutes: w.clock.utc_offset_minutes,
        viewer: &view.viewer,
        draft: draft.as_ref(),
        threads: &threads,
    };
    if let Some(shown) = &state.card {
        // A tip about the draft that the draft no longer calls for (the title now says
        // it all, the similar thread is no longer close) goes; any other stays.
        if !writing.still_applies(&shown.candidate) {
            drop(state);
            layer.borrow_mut().card = None;
        }
        return Ok(());
    }
    // What each candidate points to on the page: R06 the body (to add context), R19
    // the similar thread (its card stays by the title), R07 the field written in.
    let thread_control = |id: &str| {
        let (_, anchor) = view.threads.iter().find(|(t, _)| t.id == id)?;
        control_for(RuleId::R19.act(), anchor)
    };
    let place = |c: &Candidate| -> Option<(HtmlElement, HtmlElement)> {
        let usable = |el: &HtmlElement| el.is_connected().then(|| el.clone());
        match (&c.target, &form) {
            (Target::Thread(id), Some(f)) => Some((usable(&f.title)?, thread_control(id)?)),
            (Target::Composer, Some(f)) if c.rule == RuleId::R06 => {
                let body = usable(&f.body)?;
                Some((body.clone(), body))
            }
            (Target::Composer, _) => {
                let field = usable(w.field)?;
                Some((field.clone(), field))
            }
            _ => None,
        }
    };
    let has_control = |c: &Candidate| place(c).is_some();
    let presence = Presence {
        tab_visible: doc.visibility_state() == web_sys::VisibilityState::Visible,
        typing: true,
        shown_this_view: view.shown,
        has_control: &has_control,
    };
    let Some(candidate) = writing.decide(&state.history, &presence).show else {
        return Ok(());
    };
    let Some((anchor, control)) = place(&candidate) else {
        return Ok(());
    };
    drop(state);
    let open_url = (candidate.rule == RuleId::R07).then(|| w.settings.charter_url.clone());
    let shown = Shown {
        candidate,
        anchor: anchor.into(),
        control,
        open_url,
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
