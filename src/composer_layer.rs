//! Hints while writing, the browser edge: finds composers as the employee uses them,
//! analyses the draft after a typing pause and at submit, and draws highlights, a hint
//! card and the submit prompt in Animateur's own host element (a second shadow root,
//! separate from the stats overlay). Decisions come from `composer.rs`.
//!
//! The editor is never written to: no node inserted, no attribute, no value, no
//! selection change. Highlights are rectangles measured from outside: a `Range` over a
//! contenteditable's text nodes, or, for a textarea, a hidden mirror in our shadow root
//! with the textarea's metrics (emptied right after measuring).
//!
//! Composers are found from events rather than by scanning: `focusin` and `input` are
//! listened to once on the window (capture phase), so a composer the page renders late
//! (SharePoint's comments web part, a reply box opened by a click) is handled the first
//! time it is used, at no cost for page mutations.
//!
//! Privacy: the draft is read, analysed and dropped in each call; only hints (offsets,
//! message texts) and the gate's finding digests stay in memory while the field holds a
//! draft. Nothing is stored, logged or sent.

use crate::composer::{
    self, card_hints, classify, finding_ids, hints, more_text, post_button_id,
    post_button_selector, ComposerKind, FieldFacts, Hint, SubmitDecision, SubmitGate, TextMap,
};
use crate::i18n::Messages;
use crate::moderation::incremental::DraftSession;
use crate::moderation::{AnalyzerConfig, Category};
use crate::overlay::{html_element, mount_point, styled};
use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, EventTarget, FocusEvent, HtmlElement, HtmlFormElement,
    HtmlTextAreaElement, KeyboardEvent, Node, ShadowRootInit, ShadowRootMode, Text,
};

pub const HOST_ID: &str = "animateur-composer";

/// Quiet time after the last keystroke before the draft is analysed.
const TYPING_PAUSE_MS: u32 = 400;
/// After a submit went through, when to look at the field again (the page usually
/// empties it, without an `input` event).
const AFTER_SUBMIT_MS: u32 = 60;

const HOST_STYLE: &[(&str, &str)] = &[
    ("all", "initial"),
    ("position", "fixed"),
    ("left", "0"),
    ("top", "0"),
    ("width", "0"),
    ("height", "0"),
    ("z-index", "2147483646"),
    ("pointer-events", "none"),
];
const CARD_STYLE: &[(&str, &str)] = &[
    ("position", "fixed"),
    ("box-sizing", "border-box"),
    ("max-width", "28rem"),
    ("padding", "8px 10px"),
    ("border-radius", "8px"),
    ("background", "rgba(16, 42, 67, 0.96)"),
    ("color", "#fff"),
    ("font", "13px/1.4 system-ui, 'Segoe UI', sans-serif"),
    ("box-shadow", "0 2px 8px rgba(0,0,0,.25)"),
    // Invisible normally; drawn in the system text colour under forced colours.
    ("border", "1px solid transparent"),
    ("pointer-events", "auto"),
];
const SUGGESTION_STYLE: &[(&str, &str)] = &[("opacity", "0.85"), ("margin-bottom", "4px")];
const BUTTON_STYLE: &[(&str, &str)] = &[
    ("font", "inherit"),
    ("margin", "6px 6px 0 0"),
    ("padding", "3px 10px"),
    ("border-radius", "4px"),
    ("border", "1px solid currentColor"),
    ("cursor", "pointer"),
];
const MIRROR_STYLE: &[(&str, &str)] = &[
    ("position", "fixed"),
    ("visibility", "hidden"),
    ("overflow", "hidden"),
    ("white-space", "pre-wrap"),
    ("overflow-wrap", "break-word"),
    ("box-sizing", "border-box"),
    ("border-style", "solid"),
    ("border-color", "transparent"),
];
/// The textarea metrics the mirror copies, so text wraps where the textarea wraps.
const MIRROR_COPIED: &[&str] = &[
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "font-stretch",
    "letter-spacing",
    "word-spacing",
    "line-height",
    "text-transform",
    "text-indent",
    "tab-size",
    "direction",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
];

// Nothing here moves or fades: highlights, card and prompt appear in place, which
// also suits `prefers-reduced-motion`.

/// Highlight colours by severity (1 mild … 3 severe): a tint and a thick underline.
fn severity_colours(severity: u8) -> (&'static str, &'static str) {
    match severity {
        3 => ("rgba(198, 40, 40, 0.18)", "#c62828"),
        2 => ("rgba(230, 81, 0, 0.16)", "#e65100"),
        _ => ("rgba(255, 179, 0, 0.18)", "#b28704"),
    }
}

fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

fn capture() -> EventListenerOptions {
    EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    }
}

/// One composer the employee has used on this page.
struct Field {
    el: HtmlElement,
    kind: ComposerKind,
    gate: SubmitGate,
    hints: Vec<Hint>,
    pause: Option<Timeout>,
    /// Re-analyses only what changed since the last pause. It holds the draft's text
    /// in memory while the field is tracked, and is dropped with the field (nothing is
    /// stored or logged).
    draft: DraftSession,
}

/// How to repeat a held submit once the employee chose "Post anyway".
#[derive(Clone)]
enum Resubmit {
    Click(HtmlElement),
    Form(HtmlFormElement),
}

struct Prompt {
    field: HtmlElement,
    anchor: Element,
    resubmit: Resubmit,
}

/// The drawn parts, mounted at the first hint and kept (hidden) until the layer goes.
struct Layer {
    host: HtmlElement,
    marks: HtmlElement,
    mirror: HtmlElement,
    card: HtmlElement,
    prompt: HtmlElement,
    _listeners: Vec<EventListener>,
}

struct State {
    doc: Document,
    messages: Messages,
    config: AnalyzerConfig,
    fields: Vec<Field>,
    /// The field the card is about (the last one focused or typed into).
    active: Option<HtmlElement>,
    card_open: bool,
    prompt: Option<Prompt>,
    layer: Option<Layer>,
    frame_pending: bool,
    /// Set while we repeat a held submit, so our own listeners let it through.
    resubmitting: bool,
    after_submit: Option<Timeout>,
}

/// Hints while writing on one page. Dropping it removes every listener and the host.
pub struct ComposerLayer {
    state: Rc<RefCell<State>>,
    _listeners: Vec<EventListener>,
}

impl ComposerLayer {
    pub fn start(
        doc: &Document,
        messages: Messages,
        config: AnalyzerConfig,
    ) -> Result<ComposerLayer, JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let state = Rc::new(RefCell::new(State {
            doc: doc.clone(),
            messages,
            config,
            fields: Vec::new(),
            active: None,
            card_open: false,
            prompt: None,
            layer: None,
            frame_pending: false,
            resubmitting: false,
            after_submit: None,
        }));
        let target: &EventTarget = window.as_ref();
        let on = |name: &'static str, handler: fn(&Rc<RefCell<State>>, &Event)| {
            let weak = Rc::downgrade(&state);
            EventListener::new_with_options(target, name, capture(), move |event| {
                if let Some(state) = weak.upgrade().filter(|s| !busy(s)) {
                    handler(&state, event);
                }
            })
        };
        let listeners = vec![
            on("focusin", on_focus_in),
            on("focusout", on_focus_out),
            on("input", on_input),
            on("click", on_click),
            on("keydown", on_key_down),
            on("submit", on_submit),
            on("scroll", on_scroll),
            on("resize", on_scroll),
        ];
        Ok(ComposerLayer {
            state,
            _listeners: listeners,
        })
    }

    /// Takes up the field that has the focus, if it is a composer: for a layer started
    /// after the person clicked into it (the JavaScript build loads at that moment).
    pub fn take_up_focused(&self) {
        let doc = self.state.borrow().doc.clone();
        let mut focused = doc.active_element();
        // Focus inside a shadow tree shows as its host: look inside.
        while let Some(inner) = focused
            .as_ref()
            .and_then(|el| el.shadow_root())
            .and_then(|root| root.active_element())
        {
            focused = Some(inner);
        }
        if let Some(el) = focused {
            take_up(&self.state, &el);
        }
    }

    /// The language or the settings changed: later texts use these messages, and each
    /// field's next analysis this configuration.
    pub fn configure(&self, messages: Messages, config: AnalyzerConfig) {
        let mut state = self.state.borrow_mut();
        state.messages = messages;
        state.config = config;
    }
}

impl Drop for ComposerLayer {
    fn drop(&mut self) {
        if let Some(layer) = self.state.borrow_mut().layer.take() {
            layer.host.remove();
        }
    }
}

/// The host element (to tell our own mutations from the page's), if mounted.
pub fn host(doc: &Document) -> Option<Element> {
    doc.get_element_by_id(HOST_ID)
}

/// Whether an event arrives while we are changing the layer ourselves: the browser fires
/// some events synchronously from our DOM work (a focused prompt button being hidden
/// blurs it). Those are about our own elements, so they are ignored rather than handled
/// re-entrantly.
fn busy(state: &Rc<RefCell<State>>) -> bool {
    state.try_borrow_mut().is_err()
}

fn event_origin(event: &Event) -> Option<Element> {
    event
        .composed_path()
        .get(0)
        .dyn_into::<Element>()
        .ok()
        .or_else(|| event.target()?.dyn_into::<Element>().ok())
}

/// The composer an event happened in: the textarea itself, or the editing host of a
/// contenteditable (its outermost editable ancestor).
fn composer_of(origin: &Element) -> Option<(HtmlElement, ComposerKind)> {
    let el: HtmlElement = origin.clone().dyn_into().ok()?;
    // Most events come from elsewhere in the page: leave them quickly.
    let textarea = el.local_name() == "textarea";
    if !textarea && !el.is_content_editable() {
        return None;
    }
    let el = if !textarea {
        let mut host = el;
        while let Some(parent) = host
            .parent_element()
            .and_then(|p| p.dyn_into::<HtmlElement>().ok())
            .filter(|p| p.is_content_editable())
        {
            host = parent;
        }
        host
    } else {
        el
    };
    let tag = el.local_name();
    let class = el.class_name();
    let id = el.id();
    let role = el.get_attribute("role");
    let contenteditable = el.get_attribute("contenteditable");
    let input_type = el.get_attribute("type");
    let textarea = el.dyn_ref::<HtmlTextAreaElement>();
    let facts = FieldFacts {
        tag: &tag,
        input_type: input_type.as_deref(),
        contenteditable: contenteditable.as_deref(),
        inside_editable: false,
        role: role.as_deref(),
        class: &class,
        id: &id,
        read_only: textarea.is_some_and(|t| t.read_only()),
        disabled: textarea.is_some_and(|t| t.disabled()),
        opted_out: el
            .closest(composer::OPT_OUT_SELECTOR)
            .ok()
            .flatten()
            .is_some(),
    };
    let kind = classify(&facts)?;
    Some((el, kind))
}

impl State {
    fn field_index(&self, el: &HtmlElement) -> Option<usize> {
        self.fields.iter().position(|f| f.el == *el)
    }

    fn track(&mut self, el: HtmlElement, kind: ComposerKind) -> usize {
        self.fields.retain(|f| f.el.is_connected());
        match self.field_index(&el) {
            Some(i) => i,
            None => {
                self.fields.push(Field {
                    el,
                    kind,
                    gate: SubmitGate::default(),
                    hints: Vec::new(),
                    pause: None,
                    draft: DraftSession::new(self.config.clone()),
                });
                self.fields.len() - 1
            }
        }
    }

    /// Reads and analyses field `i` now; returns whether an open prompt should close.
    fn analyse(&mut self, i: usize) -> bool {
        let field = &mut self.fields[i];
        field.pause = None;
        let text = read_text(&self.doc, &field.el).0;
        if field.draft.config() != &self.config {
            field.draft = DraftSession::new(self.config.clone());
        }
        let findings = field.draft.update(&text);
        field.hints = hints(&findings, &self.messages);
        let close = field
            .gate
            .analysed(finding_ids(&text, &findings), text.trim().is_empty());
        let prompt_here = self.prompt.as_ref().is_some_and(|p| p.field == field.el);
        close && prompt_here
    }

    fn layer(&mut self, weak: Weak<RefCell<State>>) -> Result<(), JsValue> {
        if self.layer.is_none() {
            self.layer = Some(Layer::mount(&self.doc, weak)?);
        }
        Ok(())
    }

    /// Draws every field's highlights, the card and the prompt from the current state.
    fn redraw(&mut self, weak: Weak<RefCell<State>>) -> Result<(), JsValue> {
        self.fields.retain(|f| f.el.is_connected());
        let anything = self.fields.iter().any(|f| !f.hints.is_empty()) || self.prompt.is_some();
        if !anything && self.layer.is_none() {
            return Ok(());
        }
        self.layer(weak)?;
        let Some(layer) = &self.layer else {
            return Ok(());
        };
        layer.marks.set_text_content(None);
        let forced = media("(forced-colors: active)");
        for field in &self.fields {
            if field.hints.is_empty() {
                continue;
            }
            let clip = field.el.get_bounding_client_rect();
            let clip = (clip.left(), clip.top(), clip.right(), clip.bottom());
            for (hint, rects) in field_rects(&self.doc, layer, field)? {
                for (l, t, r, b) in rects {
                    let (l, t, r, b) = (l.max(clip.0), t.max(clip.1), r.min(clip.2), b.min(clip.3));
                    if r <= l || b <= t {
                        continue;
                    }
                    let mark = html_element(&self.doc, "div")?;
                    mark.set_attribute("data-animateur", "highlight")?;
                    mark.set_attribute("data-category", category_name(hint.category))?;
                    let (tint, line) = severity_colours(hint.severity);
                    let (tint, line) = if forced {
                        ("transparent", "Highlight")
                    } else {
                        (tint, line)
                    };
                    styled(
                        &mark,
                        &[
                            ("position", "fixed"),
                            ("left", &format!("{l}px")),
                            ("top", &format!("{t}px")),
                            ("width", &format!("{}px", r - l)),
                            ("height", &format!("{}px", b - t)),
                            ("background", tint),
                            ("border-bottom", &format!("2px solid {line}")),
                            ("box-sizing", "border-box"),
                            ("pointer-events", "none"),
                            ("forced-color-adjust", "none"),
                        ],
                    )?;
                    layer.marks.append_child(&mark)?;
                }
            }
        }
        self.draw_card()?;
        self.draw_prompt()
    }

    fn draw_card(&self) -> Result<(), JsValue> {
        let Some(layer) = &self.layer else {
            return Ok(());
        };
        let card = &layer.card;
        let field = self
            .active
            .as_ref()
            .and_then(|a| self.field_index(a))
            .map(|i| &self.fields[i]);
        let Some(field) = field.filter(|f| self.card_open && !f.hints.is_empty()) else {
            card.set_hidden(true);
            card.set_text_content(None);
            return Ok(());
        };
        card.set_text_content(None);
        let (shown, more) = card_hints(&field.hints);
        for hint in shown {
            let item = html_element(&self.doc, "div")?;
            item.set_attribute("data-animateur", "hint")?;
            item.set_attribute("data-category", category_name(hint.category))?;
            let label = html_element(&self.doc, "strong")?;
            label.set_text_content(Some(&hint.label));
            let explanation = html_element(&self.doc, "span")?;
            explanation.set_text_content(Some(&format!(" — {}", hint.explanation)));
            let suggestion = html_element(&self.doc, "div")?;
            suggestion.set_text_content(Some(&hint.suggestion));
            styled(&suggestion, SUGGESTION_STYLE)?;
            item.append_child(&label)?;
            item.append_child(&explanation)?;
            item.append_child(&suggestion)?;
            card.append_child(&item)?;
        }
        if more > 0 {
            let line = html_element(&self.doc, "div")?;
            line.set_text_content(Some(&more_text(&self.messages, more)));
            card.append_child(&line)?;
        }
        card.set_attribute("aria-label", self.messages.get("composer_card_label"))?;
        card.set_hidden(false);
        // Above the field, where it hides the text already read rather than the post
        // button below; under it when the field is at the top of the window.
        let rect = field.el.get_bounding_client_rect();
        let viewport = viewport_height();
        let style = card.style();
        style.set_property("left", &format!("{}px", rect.left().max(4.0)))?;
        if rect.top() > card.offset_height() as f64 + 12.0 {
            style.set_property("top", "auto")?;
            style.set_property("bottom", &format!("{}px", viewport - rect.top() + 6.0))?;
        } else {
            style.set_property("bottom", "auto")?;
            style.set_property("top", &format!("{}px", rect.bottom() + 6.0))?;
        }
        Ok(())
    }

    fn draw_prompt(&self) -> Result<(), JsValue> {
        let Some(layer) = &self.layer else {
            return Ok(());
        };
        let el = &layer.prompt;
        let Some(prompt) = &self.prompt else {
            el.set_hidden(true);
            return Ok(());
        };
        let m = &self.messages;
        set_text(
            el,
            "[data-animateur=\"prompt-title\"]",
            m.get("composer_prompt_title"),
        )?;
        set_text(
            el,
            "[data-animateur=\"prompt-body\"]",
            m.get("composer_prompt_body"),
        )?;
        set_text(
            el,
            "[data-animateur=\"prompt-edit\"]",
            m.get("composer_edit"),
        )?;
        set_text(
            el,
            "[data-animateur=\"prompt-post\"]",
            m.get("composer_post_anyway"),
        )?;
        el.set_hidden(false);
        // Anchored to the post button: on its left, level with it (the draft, above,
        // stays visible); above it when the row has no room; always inside the window.
        let anchor = prompt.anchor.get_bounding_client_rect();
        let width = el.offset_width() as f64;
        let height = el.offset_height() as f64;
        let window_width = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(1024.0);
        let (left, top) = if anchor.left() - width - 8.0 >= 4.0 {
            (anchor.left() - width - 8.0, anchor.top())
        } else if anchor.top() > height + 12.0 {
            (anchor.right() - width, anchor.top() - height - 8.0)
        } else {
            (anchor.right() - width, anchor.bottom() + 8.0)
        };
        let left = left.clamp(4.0, (window_width - width - 4.0).max(4.0));
        let top = top.clamp(4.0, (viewport_height() - height - 4.0).max(4.0));
        let style = el.style();
        style.set_property("left", &format!("{left}px"))?;
        style.set_property("top", &format!("{top}px"))
    }
}

fn set_text(root: &HtmlElement, selector: &str, text: &str) -> Result<(), JsValue> {
    if let Some(el) = root.query_selector(selector)? {
        el.set_text_content(Some(text));
    }
    Ok(())
}

fn viewport_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(768.0)
}

fn category_name(c: Category) -> &'static str {
    // The serde spelling, without going through JSON.
    match c {
        Category::Insult => "insult",
        Category::Threat => "threat",
        Category::Profanity => "profanity",
        Category::IdentityAttack => "identityAttack",
        Category::PossibleDefamation => "possibleDefamation",
        Category::PersonalData => "personalData",
        Category::Confidential => "confidential",
        Category::Shouting => "shouting",
        Category::Unreadable => "unreadable",
    }
}

/// The draft as analysed, and for a contenteditable its text nodes and their map.
fn read_text(doc: &Document, el: &HtmlElement) -> (String, Vec<Text>, TextMap) {
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        return (area.value(), Vec::new(), TextMap::default());
    }
    let mut text = String::new();
    let mut nodes = Vec::new();
    let mut map = TextMap::default();
    // SHOW_ELEMENT | SHOW_TEXT
    let Ok(walker) = doc.create_tree_walker_with_what_to_show(el, 0x1 | 0x4) else {
        return (text, nodes, map);
    };
    while let Ok(Some(node)) = walker.next_node() {
        if let Some(t) = node.dyn_ref::<Text>() {
            let data = t.data();
            map.push_node(nodes.len(), data.encode_utf16().count());
            text.push_str(&data);
            nodes.push(t.clone());
        } else if let Some(e) = node.dyn_ref::<Element>() {
            let breaks = matches!(
                e.local_name().as_str(),
                "br" | "div" | "p" | "li" | "h1" | "h2" | "h3" | "h4" | "blockquote" | "pre"
            );
            if breaks && !text.is_empty() && !text.ends_with('\n') {
                map.push_separator(1);
                text.push('\n');
            }
        }
    }
    (text, nodes, map)
}

type Rect = (f64, f64, f64, f64);

/// Each hint's rectangles, in window coordinates.
fn field_rects<'h>(
    doc: &Document,
    layer: &Layer,
    field: &'h Field,
) -> Result<Vec<(&'h Hint, Vec<Rect>)>, JsValue> {
    let range = doc.create_range()?;
    let mut out = Vec::with_capacity(field.hints.len());
    if let Some(area) = field.el.dyn_ref::<HtmlTextAreaElement>() {
        let text = doc.create_text_node(&area.value());
        prepare_mirror(&layer.mirror, area)?;
        layer.mirror.append_child(&text)?;
        layer.mirror.set_scroll_top(area.scroll_top());
        layer.mirror.set_scroll_left(area.scroll_left());
        let len = text.length();
        for hint in &field.hints {
            let (start, end) = (hint.start_utf16 as u32, hint.end_utf16 as u32);
            if end > len || start >= end {
                continue;
            }
            range.set_start(&text, start)?;
            range.set_end(&text, end)?;
            out.push((hint, client_rects(&range)));
        }
        // The copy of the draft lives only for the measurement.
        layer.mirror.set_text_content(None);
    } else {
        let (_, nodes, map) = read_text(doc, &field.el);
        for hint in &field.hints {
            let (Some((a, a_off)), Some((b, b_off))) = (
                map.locate_start(hint.start_utf16),
                map.locate_end(hint.end_utf16),
            ) else {
                continue;
            };
            range.set_start(&nodes[a], a_off as u32)?;
            range.set_end(&nodes[b], b_off as u32)?;
            out.push((hint, client_rects(&range)));
        }
    }
    Ok(out)
}

fn client_rects(range: &web_sys::Range) -> Vec<Rect> {
    let Some(list) = range.get_client_rects() else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter(|r| r.width() > 0.0 && r.height() > 0.0)
        .map(|r| (r.left(), r.top(), r.right(), r.bottom()))
        .collect()
}

fn prepare_mirror(mirror: &HtmlElement, area: &HtmlTextAreaElement) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let Some(computed) = window.get_computed_style(area)? else {
        return Ok(());
    };
    let style = mirror.style();
    for name in MIRROR_COPIED {
        style.set_property(name, &computed.get_property_value(name)?)?;
    }
    let rect = area.get_bounding_client_rect();
    // clientWidth leaves out the scrollbar, which narrows the text in the textarea.
    let border = |side: &str| {
        computed
            .get_property_value(&format!("border-{side}-width"))
            .ok()
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let width = area.client_width() as f64 + border("left") + border("right");
    style.set_property("left", &format!("{}px", rect.left()))?;
    style.set_property("top", &format!("{}px", rect.top()))?;
    style.set_property("width", &format!("{width}px"))?;
    style.set_property("height", &format!("{}px", rect.height()))
}

impl Layer {
    fn mount(doc: &Document, weak: Weak<RefCell<State>>) -> Result<Layer, JsValue> {
        let host = html_element(doc, "div")?;
        host.set_id(HOST_ID);
        styled(&host, HOST_STYLE)?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        let marks = html_element(doc, "div")?;
        marks.set_attribute("data-animateur", "highlights")?;
        marks.set_attribute("aria-hidden", "true")?;
        let mirror = html_element(doc, "div")?;
        mirror.set_attribute("aria-hidden", "true")?;
        styled(&mirror, MIRROR_STYLE)?;

        let card = html_element(doc, "div")?;
        card.set_attribute("data-animateur", "hint-card")?;
        card.set_attribute("role", "status")?;
        card.set_attribute("aria-live", "polite")?;
        // Reachable with Alt+Shift+A from the field; Escape goes back.
        card.set_attribute("tabindex", "-1")?;
        card.set_hidden(true);
        styled(&card, CARD_STYLE)?;

        let prompt = html_element(doc, "div")?;
        prompt.set_attribute("data-animateur", "submit-prompt")?;
        prompt.set_attribute("role", "alertdialog")?;
        prompt.set_attribute("aria-modal", "false")?;
        prompt.set_attribute("aria-labelledby", "animateur-prompt-title")?;
        prompt.set_attribute("aria-describedby", "animateur-prompt-body")?;
        prompt.set_hidden(true);
        styled(&prompt, CARD_STYLE)?;
        let title = html_element(doc, "div")?;
        title.set_id("animateur-prompt-title");
        title.set_attribute("data-animateur", "prompt-title")?;
        styled(&title, &[("font-weight", "600")])?;
        let body = html_element(doc, "div")?;
        body.set_id("animateur-prompt-body");
        body.set_attribute("data-animateur", "prompt-body")?;
        let edit = html_element(doc, "button")?;
        edit.set_attribute("type", "button")?;
        edit.set_attribute("data-animateur", "prompt-edit")?;
        styled(&edit, BUTTON_STYLE)?;
        styled(&edit, &[("background", "#fff"), ("color", "#102a43")])?;
        let post = html_element(doc, "button")?;
        post.set_attribute("type", "button")?;
        post.set_attribute("data-animateur", "prompt-post")?;
        styled(&post, BUTTON_STYLE)?;
        styled(
            &post,
            &[("background", "transparent"), ("color", "inherit")],
        )?;
        for child in [&title, &body, &edit, &post] {
            prompt.append_child(child)?;
        }
        for child in [&marks, &mirror, &card, &prompt] {
            shadow.append_child(child)?;
        }

        let button = |el: &HtmlElement, handler: fn(&Rc<RefCell<State>>)| {
            let weak = weak.clone();
            EventListener::new(el, "click", move |_| {
                if let Some(state) = weak.upgrade().filter(|s| !busy(s)) {
                    handler(&state);
                }
            })
        };
        let escape = {
            let weak = weak.clone();
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&shadow, "keydown", options, move |event| {
                let is_escape = event
                    .dyn_ref::<KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape");
                if let (true, Some(state)) = (is_escape, weak.upgrade().filter(|s| !busy(s))) {
                    event.prevent_default();
                    escape(&state);
                }
            })
        };
        let listeners = vec![
            button(&edit, choose_edit),
            button(&post, choose_post),
            escape,
        ];

        mount_point(doc)?.append_child(&host)?;
        Ok(Layer {
            host,
            marks,
            mirror,
            card,
            prompt,
            _listeners: listeners,
        })
    }
}

fn redraw(state: &Rc<RefCell<State>>) {
    let weak = Rc::downgrade(state);
    let _ = state.borrow_mut().redraw(weak);
}

fn on_focus_in(state: &Rc<RefCell<State>>, event: &Event) {
    if let Some(origin) = event_origin(event) {
        take_up(state, &origin);
    }
}

/// `origin` got the focus: if it is a composer, it becomes the active field.
fn take_up(state: &Rc<RefCell<State>>, origin: &Element) {
    let Some((el, kind)) = composer_of(origin) else {
        return;
    };
    {
        let mut s = state.borrow_mut();
        let i = s.track(el.clone(), kind);
        // A draft may already be there (restored by the browser, or typed before).
        s.analyse(i);
        s.active = Some(el);
        s.card_open = true;
    }
    redraw(state);
}

fn on_focus_out(state: &Rc<RefCell<State>>, event: &Event) {
    let going_to = event
        .dyn_ref::<FocusEvent>()
        .and_then(|f| f.related_target())
        .and_then(|t| t.dyn_into::<Node>().ok());
    let mut s = state.borrow_mut();
    let stays = going_to.as_ref().is_some_and(|to| {
        let ours = s.layer.as_ref().is_some_and(|l| l.host.contains(Some(to)));
        let field = s.active.as_ref().is_some_and(|a| a.contains(Some(to)));
        ours || field
    });
    if !stays && s.card_open {
        s.card_open = false;
        let _ = s.draw_card();
    }
}

fn on_input(state: &Rc<RefCell<State>>, event: &Event) {
    let Some(origin) = event_origin(event) else {
        return;
    };
    let Some((el, kind)) = composer_of(&origin) else {
        return;
    };
    let mut s = state.borrow_mut();
    let i = s.track(el.clone(), kind);
    s.active = Some(el);
    s.card_open = true;
    let weak = Rc::downgrade(state);
    let field = s.fields[i].el.clone();
    s.fields[i].pause = Some(Timeout::new(TYPING_PAUSE_MS, move || {
        let Some(state) = weak.upgrade() else { return };
        let close = {
            let mut s = state.borrow_mut();
            let Some(i) = s.field_index(&field) else {
                return;
            };
            s.analyse(i)
        };
        if close {
            state.borrow_mut().prompt = None;
        }
        redraw(&state);
    }));
}

/// The tracked field whose post button contains `target`, with that button.
fn field_posting_with(s: &State, target: &Node) -> Option<(usize, HtmlElement)> {
    s.fields.iter().enumerate().find_map(|(i, f)| {
        let button = post_button(&s.doc, f)?;
        button.contains(Some(target)).then_some((i, button))
    })
}

fn post_button(doc: &Document, field: &Field) -> Option<HtmlElement> {
    if let Some(id) = post_button_id(field.kind, &field.el.id()) {
        if let Some(b) = doc.get_element_by_id(&id) {
            return b.dyn_into().ok();
        }
    }
    let selector = post_button_selector(field.kind)?;
    let mut scope = field.el.parent_element();
    for _ in 0..composer::POST_BUTTON_MAX_DEPTH {
        let here = scope?;
        if let Ok(Some(b)) = here.query_selector(selector) {
            return b.dyn_into().ok();
        }
        scope = here.parent_element();
    }
    None
}

/// A submit is about to happen for field `i`: analyse now (the pause may not have
/// passed), then let it through or hold it and show the prompt. Returns whether the
/// event must be stopped.
fn gate_submit(state: &Rc<RefCell<State>>, i: usize, anchor: Element, resubmit: Resubmit) -> bool {
    let hold = {
        let mut s = state.borrow_mut();
        if s.resubmitting {
            return false;
        }
        s.analyse(i);
        let field = s.fields[i].el.clone();
        match s.fields[i].gate.submit() {
            SubmitDecision::Prompt => {
                s.prompt = Some(Prompt {
                    field: field.clone(),
                    anchor,
                    resubmit,
                });
                s.active = Some(field);
                true
            }
            SubmitDecision::Allow => {
                s.prompt = None;
                s.after_submit = Some(after_submit(state, field));
                false
            }
        }
    };
    redraw(state);
    if hold {
        focus_prompt(state);
    }
    hold
}

/// The page usually empties the field once it posted, without telling: look again.
fn after_submit(state: &Rc<RefCell<State>>, field: HtmlElement) -> Timeout {
    let weak = Rc::downgrade(state);
    Timeout::new(AFTER_SUBMIT_MS, move || {
        let Some(state) = weak.upgrade() else { return };
        {
            let mut s = state.borrow_mut();
            s.after_submit = None;
            if let Some(i) = s.field_index(&field) {
                s.analyse(i);
            }
        }
        redraw(&state);
    })
}

fn focus_prompt(state: &Rc<RefCell<State>>) {
    let edit = state
        .borrow()
        .layer
        .as_ref()
        .and_then(|l| {
            l.prompt
                .query_selector("[data-animateur=\"prompt-edit\"]")
                .ok()
        })
        .flatten()
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    if let Some(edit) = edit {
        let _ = edit.focus();
    }
}

fn stop(event: &Event) {
    event.prevent_default();
    event.stop_immediate_propagation();
}

fn on_click(state: &Rc<RefCell<State>>, event: &Event) {
    let Some(origin) = event_origin(event) else {
        return;
    };
    let found = {
        let s = state.borrow();
        if s.fields.is_empty() || s.resubmitting {
            return;
        }
        field_posting_with(&s, &origin)
    };
    if let Some((i, button)) = found {
        if gate_submit(state, i, button.clone().into(), Resubmit::Click(button)) {
            stop(event);
        }
    }
}

fn on_key_down(state: &Rc<RefCell<State>>, event: &Event) {
    let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    let Some(origin) = event_origin(event) else {
        return;
    };
    let Some((el, _)) = composer_of(&origin) else {
        return;
    };
    // Alt+Shift+A: from the field to the hint card (Escape there comes back).
    if key.alt_key() && key.shift_key() && key.code() == "KeyA" {
        let card = {
            let s = state.borrow();
            s.layer.as_ref().map(|l| l.card.clone())
        };
        if let Some(card) = card.filter(|c| !c.hidden()) {
            stop(event);
            let _ = card.focus();
        }
        return;
    }
    if key.key() != "Enter" || !(key.ctrl_key() || key.meta_key()) {
        return;
    }
    let target = {
        let s = state.borrow();
        s.field_index(&el).and_then(|i| {
            let field = &s.fields[i];
            if let Some(button) = post_button(&s.doc, field) {
                Some((i, button.clone().into(), Resubmit::Click(button)))
            } else {
                let form = field.el.closest("form").ok().flatten()?;
                let form: HtmlFormElement = form.dyn_into().ok()?;
                Some((i, field.el.clone().into(), Resubmit::Form(form)))
            }
        })
    };
    if let Some((i, anchor, resubmit)) = target {
        if gate_submit(state, i, anchor, resubmit) {
            stop(event);
        }
    }
}

fn on_submit(state: &Rc<RefCell<State>>, event: &Event) {
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let found = {
        let s = state.borrow();
        if s.resubmitting {
            return;
        }
        s.fields
            .iter()
            .position(|f| form.contains(Some(&f.el)))
            .map(|i| (i, s.fields[i].el.clone()))
    };
    if let Some((i, field)) = found {
        if gate_submit(state, i, field.into(), Resubmit::Form(form)) {
            stop(event);
        }
    }
}

fn on_scroll(state: &Rc<RefCell<State>>, _: &Event) {
    {
        let mut s = state.borrow_mut();
        let drawn = s.fields.iter().any(|f| !f.hints.is_empty()) || s.prompt.is_some();
        if s.frame_pending || !drawn {
            return;
        }
        s.frame_pending = true;
    }
    let weak = Rc::downgrade(state);
    let frame = Closure::once_into_js(move || {
        if let Some(state) = weak.upgrade() {
            state.borrow_mut().frame_pending = false;
            redraw(&state);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(frame.unchecked_ref());
    }
}

/// Escape inside the layer: closes the prompt (as "Edit") or leaves the card, and in
/// both cases gives the field the focus back.
fn escape(state: &Rc<RefCell<State>>) {
    if state.borrow().prompt.is_some() {
        choose_edit(state);
        return;
    }
    let field = state.borrow().active.clone();
    if let Some(field) = field {
        let _ = field.focus();
    }
}

/// "Modifier" / "Edit": close the prompt and give the field the focus back.
fn choose_edit(state: &Rc<RefCell<State>>) {
    let field = {
        let mut s = state.borrow_mut();
        let Some(prompt) = s.prompt.take() else {
            return;
        };
        if let Some(i) = s.field_index(&prompt.field) {
            s.fields[i].gate.edit();
        }
        prompt.field
    };
    redraw(state);
    let _ = field.focus();
}

/// "Publier quand même" / "Post anyway": repeat the held submit once, which the gate
/// now lets through.
fn choose_post(state: &Rc<RefCell<State>>) {
    let resubmit = {
        let mut s = state.borrow_mut();
        let Some(prompt) = s.prompt.take() else {
            return;
        };
        if let Some(i) = s.field_index(&prompt.field) {
            s.fields[i].gate.post_anyway();
        }
        s.after_submit = Some(after_submit(state, prompt.field.clone()));
        s.resubmitting = true;
        prompt.resubmit
    };
    match resubmit {
        Resubmit::Click(button) => button.click(),
        Resubmit::Form(form) => {
            let _ = form.request_submit();
        }
    }
    state.borrow_mut().resubmitting = false;
    redraw(state);
}
