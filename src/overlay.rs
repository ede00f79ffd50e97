//! The overlay: one host element appended to the page, with an open shadow root holding
//! everything Animateur shows. The page's own nodes are never touched; page-derived text
//! goes in as text nodes only. Dropping the `Overlay` removes the host, leaving the page
//! exactly as it was.
//!
//! Styles are set through the CSSOM (`style.setProperty`), which a page's `style-src`
//! CSP does not govern, rather than through a `<style>` element, which it may block.

use crate::chart::Chart;
use crate::i18n::{Lang, Messages};
use crate::model::{PageKind, PageSummary};
use crate::panel::{badge_lines, JumpList, PanelRow, PanelView};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition,
    ShadowRootInit, ShadowRootMode,
};

pub const HOST_ID: &str = "animateur-overlay";

/// The overlay's look, in one place: used here, and handed to the loader in the
/// strict-CSP fallback, where the loader draws the same badge from the engine frame's
/// lines.
pub const HOST_STYLE: &[(&str, &str)] = &[
    ("all", "initial"),
    ("position", "fixed"),
    ("right", "16px"),
    ("bottom", "16px"),
    ("z-index", "2147483646"),
];
pub const BADGE_STYLE: &[(&str, &str)] = &[
    ("display", "none"),
    ("max-width", "22rem"),
    ("padding", "6px 10px"),
    ("border-radius", "8px"),
    ("background", "rgba(16, 42, 67, 0.92)"),
    ("color", "#fff"),
    ("font", "12px/1.4 system-ui, 'Segoe UI', sans-serif"),
    ("box-shadow", "0 2px 8px rgba(0,0,0,.25)"),
];
/// The first line (the page kind) stands out; the counts follow, spaced.
pub const TITLE_STYLE: &[(&str, &str)] = &[("font-weight", "600")];
pub const COUNT_STYLE: &[(&str, &str)] = &[("margin-left", "0.6em")];
pub const TOGGLE_STYLE: &[(&str, &str)] = &[
    ("margin-left", "0.6em"),
    ("font", "inherit"),
    ("color", "inherit"),
    ("background", "transparent"),
    ("border", "1px solid currentColor"),
    ("border-radius", "4px"),
    ("padding", "0 0.4em"),
    ("cursor", "pointer"),
];
/// The panel's last button, to the extension's settings: the toggle's look, on its own
/// line.
const SETTINGS_STYLE: &[(&str, &str)] = &[
    ("display", "block"),
    ("margin-top", "8px"),
    ("margin-left", "0"),
];
const SETTINGS_SELECTOR: &str = "[data-animateur=\"open-settings\"]";
pub const PANEL_STYLE: &[(&str, &str)] = &[
    ("margin-top", "6px"),
    ("padding-top", "6px"),
    ("border-top", "1px solid rgba(255,255,255,.35)"),
];
pub const ROW_STYLE: &[(&str, &str)] = &[
    ("display", "flex"),
    ("justify-content", "space-between"),
    ("gap", "1em"),
];
pub const VALUE_STYLE: &[(&str, &str)] = &[("font-weight", "600"), ("text-align", "right")];
pub const HEADING_STYLE: &[(&str, &str)] = &[
    ("margin", "8px 0 2px"),
    ("font", "inherit"),
    ("font-weight", "600"),
];
pub const LIST_STYLE: &[(&str, &str)] = &[
    ("margin", "0"),
    ("padding", "0"),
    ("list-style", "none"),
    ("max-height", "12rem"),
    ("overflow-y", "auto"),
];
pub const JUMP_STYLE: &[(&str, &str)] = &[
    ("font", "inherit"),
    ("color", "inherit"),
    ("background", "transparent"),
    ("border", "0"),
    ("padding", "1px 0"),
    ("text-align", "left"),
    ("text-decoration", "underline"),
    ("cursor", "pointer"),
];
pub const AGE_STYLE: &[(&str, &str)] = &[("margin-left", "0.5em"), ("opacity", "0.8")];
/// The frame drawn over a thread a jump link went to. Our own element, positioned over
/// the thread: the page's nodes are never restyled.
pub const HIGHLIGHT_STYLE: &[(&str, &str)] = &[
    ("position", "fixed"),
    ("pointer-events", "none"),
    ("border", "3px solid #f0b429"),
    ("border-radius", "4px"),
    ("box-sizing", "border-box"),
    ("outline", "2px solid #102a43"),
];
const HIGHLIGHT_MS: u32 = 2000;

const PANEL_ID: &str = "animateur-panel";

thread_local! {
    /// Overlays alive in this page, published for the tests: after an in-app
    /// navigation there must be exactly one.
    static LIVE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

pub fn live_overlays() -> u32 {
    LIVE.with(|n| n.get())
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The page elements the panel's jump links point to, by link index.
type Targets = Rc<RefCell<Vec<Option<Element>>>>;
/// The frame over the thread last jumped to, with its two timers (re-place once the
/// scroll settles; remove).
type Highlight = Rc<RefCell<Option<(HtmlElement, [Timeout; 2])>>>;

pub struct Overlay {
    host: HtmlElement,
    /// The visible box: the summary line, the panel toggle, the panel.
    card: HtmlElement,
    badge: HtmlElement,
    toggle: HtmlElement,
    panel: HtmlElement,
    snapshot: Element,
    targets: Targets,
    /// The panel last drawn: a reading that changes nothing leaves the panel's nodes
    /// (and the keyboard focus in it) alone.
    drawn: RefCell<Option<PanelView>>,
    highlight: Highlight,
    /// Whether the panel ends with a button to the extension's settings (the loader
    /// gives the function that opens them).
    has_settings: bool,
    _listeners: [EventListener; 3],
}

/// Sets inline styles through the CSSOM (see the module's note on CSP).
pub(crate) fn styled(el: &HtmlElement, props: &[(&str, &str)]) -> Result<(), JsValue> {
    let style = el.style();
    for (name, value) in props {
        style.set_property(name, value)?;
    }
    Ok(())
}

/// Where a host element of ours goes: the page's body, or its root element when the
/// page has no body.
pub(crate) fn mount_point(doc: &Document) -> Result<Element, JsValue> {
    match doc.body() {
        Some(body) => Ok(body.into()),
        None => doc
            .document_element()
            .ok_or_else(|| JsValue::from_str("document has no root element")),
    }
}

pub(crate) fn html_element(doc: &Document, tag: &str) -> Result<HtmlElement, JsValue> {
    doc.create_element(tag)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| JsValue::from_str("not an HTML element"))
}

impl Overlay {
    /// Appends the host (state `loading`) to `doc`'s body, or to the root element when
    /// the page has no body. `open_settings`, when given, is called by the panel's
    /// settings button.
    pub fn mount(
        doc: &Document,
        label: &str,
        open_settings: Option<js_sys::Function>,
    ) -> Result<Overlay, JsValue> {
        let host = html_element(doc, "div")?;
        host.set_id(HOST_ID);
        host.set_attribute("data-state", "loading")?;
        host.set_attribute("data-page-kind", PageKind::Unknown.as_str())?;
        styled(&host, HOST_STYLE)?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;

        let card = html_element(doc, "div")?;
        styled(&card, BADGE_STYLE)?;
        let badge = html_element(doc, "span")?;
        badge.set_attribute("data-animateur", "badge")?;
        badge.set_attribute("role", "status")?;
        badge.set_attribute("aria-live", "polite")?;
        badge.set_attribute("aria-label", label)?;
        let toggle = html_element(doc, "button")?;
        toggle.set_attribute("type", "button")?;
        toggle.set_attribute("data-animateur", "panel-toggle")?;
        toggle.set_attribute("aria-expanded", "false")?;
        toggle.set_attribute("aria-controls", PANEL_ID)?;
        toggle.set_text_content(Some("▸"));
        // Shown with the first panel.
        toggle.set_hidden(true);
        styled(&toggle, TOGGLE_STYLE)?;
        let panel = html_element(doc, "div")?;
        panel.set_id(PANEL_ID);
        panel.set_attribute("data-animateur", "panel")?;
        panel.set_attribute("role", "region")?;
        panel.set_hidden(true);
        styled(&panel, PANEL_STYLE)?;
        card.append_child(&badge)?;
        card.append_child(&toggle)?;
        card.append_child(&panel)?;
        let snapshot = doc.create_element("div")?;
        snapshot.set_attribute("data-animateur", "snapshot")?;
        snapshot.set_attribute("hidden", "")?;
        shadow.append_child(&card)?;
        shadow.append_child(&snapshot)?;

        // The panel opens and closes with the toggle (a real button: Enter and Space
        // work), and Escape closes it from anywhere inside the overlay.
        let on_click = {
            let (toggle, panel) = (toggle.clone(), panel.clone());
            EventListener::new(&toggle.clone(), "click", move |_| {
                set_open(&toggle, &panel, panel.hidden());
            })
        };
        let on_key = {
            let (toggle, panel) = (toggle.clone(), panel.clone());
            EventListener::new(&card, "keydown", move |event| {
                let escape = event
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape");
                if escape && !panel.hidden() {
                    set_open(&toggle, &panel, false);
                    let _ = toggle.focus();
                }
            })
        };

        // Jump links and the settings button: one listener for the panel; each jump
        // link carries its index.
        let targets: Targets = Rc::default();
        let highlight: Highlight = Rc::default();
        let has_settings = open_settings.is_some();
        let on_jump = {
            let (targets, highlight, card) = (targets.clone(), highlight.clone(), card.clone());
            EventListener::new(&panel, "click", move |event| {
                let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
                let closest = |selector: &str| {
                    target
                        .as_ref()
                        .and_then(|t| t.closest(selector).ok().flatten())
                };
                if closest(SETTINGS_SELECTOR).is_some() {
                    if let Some(open) = &open_settings {
                        let _ = open.call0(&JsValue::NULL);
                    }
                    return;
                }
                let index = closest("[data-jump]")
                    .and_then(|b| b.get_attribute("data-jump"))
                    .and_then(|i| i.parse::<usize>().ok());
                if let Some(index) = index {
                    let _ = jump_to_index(&card, &targets, index, &highlight);
                }
            })
        };

        mount_point(doc)?.append_child(&host)?;
        LIVE.with(|n| n.set(n.get() + 1));
        Ok(Overlay {
            host,
            card,
            badge,
            toggle,
            panel,
            snapshot,
            targets,
            drawn: RefCell::new(None),
            highlight,
            has_settings,
            _listeners: [on_click, on_key, on_jump],
        })
    }

    pub fn host(&self) -> &HtmlElement {
        &self.host
    }

    fn set_lines(&self, lines: &[String]) -> Result<(), JsValue> {
        self.badge.set_text_content(None);
        let doc = self
            .badge
            .owner_document()
            .ok_or_else(|| JsValue::from_str("detached"))?;
        for (i, line) in lines.iter().enumerate() {
            let span = html_element(&doc, "span")?;
            span.set_text_content(Some(line));
            styled(&span, if i == 0 { TITLE_STYLE } else { COUNT_STYLE })?;
            self.badge.append_child(&span)?;
        }
        styled(&self.card, &[("display", "block")])
    }

    fn set_panel(
        &self,
        title: &str,
        toggle_label: &str,
        settings_label: &str,
        view: &PanelView,
        targets: Vec<Option<Element>>,
    ) -> Result<(), JsValue> {
        // The page may have re-rendered the threads: the targets are always the latest.
        if self.drawn.borrow().as_ref() == Some(view) {
            *self.targets.borrow_mut() = targets;
            self.toggle.set_hidden(false);
            return Ok(());
        }
        let doc = self
            .panel
            .owner_document()
            .ok_or_else(|| JsValue::from_str("detached"))?;
        self.panel.set_text_content(None);
        self.panel.set_attribute("aria-label", title)?;
        self.toggle.set_attribute("aria-label", toggle_label)?;
        self.toggle.set_attribute("title", toggle_label)?;
        for row in &view.rows {
            let line = row_element(&doc, row)?;
            self.panel.append_child(&line)?;
        }
        let mut first = 0;
        for list in view.lists() {
            let section = list_element(&doc, list, first, &targets)?;
            self.panel.append_child(&section)?;
            first += list.entries.len();
        }
        if let Some(chart) = &view.chart {
            let heading = html_element(&doc, "h3")?;
            heading.set_text_content(Some(&view.chart_title));
            styled(&heading, HEADING_STYLE)?;
            self.panel.append_child(&heading)?;
            let svg = chart_element(&doc, chart)?;
            self.panel.append_child(&svg)?;
        }
        if self.has_settings {
            let button = html_element(&doc, "button")?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-animateur", "open-settings")?;
            button.set_text_content(Some(settings_label));
            styled(&button, TOGGLE_STYLE)?;
            styled(&button, SETTINGS_STYLE)?;
            self.panel.append_child(&button)?;
        }
        *self.targets.borrow_mut() = targets;
        *self.drawn.borrow_mut() = Some(view.clone());
        self.toggle.set_hidden(false);
        Ok(())
    }

    /// Publishes a reading: `json` is the snapshot element's `data-json`
    /// (`panel::snapshot_json` of the same summary and stats); `targets` are the page
    /// elements of the panel's jump entries, in `PanelView::jump_entries` order.
    pub fn show(
        &self,
        summary: &PageSummary,
        json: &str,
        panel: Option<(&PanelView, Vec<Option<Element>>)>,
        messages: &Messages,
        lang: Lang,
    ) -> Result<(), JsValue> {
        self.snapshot.set_attribute("data-json", json)?;
        self.set_lines(&badge_lines(
            messages,
            summary,
            lang,
            panel.as_ref().map(|p| p.0),
        ))?;
        match panel {
            Some((view, targets)) => self.set_panel(
                messages.get("panel_title"),
                messages.get("panel_toggle"),
                messages.get("panel_settings"),
                view,
                targets,
            )?,
            None => self.toggle.set_hidden(true),
        }
        self.host
            .set_attribute("data-page-kind", summary.page_kind.as_str())?;
        self.host.set_attribute("data-state", "ready")
    }

    /// The panel as last drawn (the popup shows the same).
    pub fn drawn(&self) -> Option<PanelView> {
        self.drawn.borrow().clone()
    }

    /// Jumps to the panel's `index`-th entry (the popup's links do this too); `false`
    /// when that entry has no element on the page.
    pub fn jump(&self, index: usize) -> Result<bool, JsValue> {
        jump_to_index(&self.card, &self.targets, index, &self.highlight)
    }

    pub fn set_perf(&self, perf: &ReadPerf) -> Result<(), JsValue> {
        let host = &self.host;
        host.set_attribute("data-read-ms", &format!("{:.1}", perf.wall_ms))?;
        host.set_attribute("data-busy-ms", &format!("{:.1}", perf.busy_ms))?;
        host.set_attribute(
            "data-longest-slice-ms",
            &format!("{:.1}", perf.longest_slice_ms),
        )?;
        host.set_attribute("data-longest-slice-phase", perf.longest_slice_phase)?;
        host.set_attribute("data-wasm-kb", &perf.wasm_memory_kb.to_string())?;
        host.set_attribute("data-phases", &perf.phases)?;
        host.set_attribute(
            "data-live",
            &format!(
                "overlays={} observers={}",
                live_overlays(),
                perf.live_observers
            ),
        )
    }

    pub fn show_error(&self, message: &str) -> Result<(), JsValue> {
        self.set_lines(&[message.to_owned()])?;
        self.toggle.set_hidden(true);
        self.host.set_attribute("data-error", message)?;
        self.host.set_attribute("data-state", "error")
    }

    /// Turned off by settings: present (so the state is inspectable) but invisible.
    pub fn show_disabled(&self) -> Result<(), JsValue> {
        self.badge.set_text_content(None);
        styled(&self.card, &[("display", "none")])?;
        self.host.set_attribute("data-state", "disabled")
    }
}

/// How long the last reading took, published on the host (`data-read-ms`,
/// `data-busy-ms`, `data-longest-slice-ms` and its phase, `data-wasm-kb`) for the benchmarks, and
/// what is alive (`data-live`: overlays and page observers) for the tests.
pub struct ReadPerf {
    pub wall_ms: f64,
    pub busy_ms: f64,
    pub longest_slice_ms: f64,
    pub longest_slice_phase: &'static str,
    pub wasm_memory_kb: u32,
    pub live_observers: u32,
    /// "extract=9.0 read=3.0 assemble=3.1 stats=1.2 render=2.0": busy ms per phase.
    pub phases: String,
}

fn set_open(toggle: &HtmlElement, panel: &HtmlElement, open: bool) {
    panel.set_hidden(!open);
    let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
    toggle.set_text_content(Some(if open { "▾" } else { "▸" }));
}

fn row_element(doc: &Document, row: &PanelRow) -> Result<HtmlElement, JsValue> {
    let line = html_element(doc, "div")?;
    styled(&line, ROW_STYLE)?;
    let label = html_element(doc, "span")?;
    label.set_text_content(Some(&row.label));
    let value = html_element(doc, "span")?;
    value.set_text_content(Some(&row.value));
    styled(&value, VALUE_STYLE)?;
    line.append_child(&label)?;
    line.append_child(&value)?;
    Ok(line)
}

/// A panel list: a heading and the entries; an entry whose element was found is a
/// button (keyboard reachable) that jumps to it, others are plain text. Jump indexes
/// run across lists, from `first`.
fn list_element(
    doc: &Document,
    list: &JumpList,
    first: usize,
    targets: &[Option<Element>],
) -> Result<HtmlElement, JsValue> {
    let section = html_element(doc, "section")?;
    section.set_attribute("data-animateur", list.name)?;
    let heading = html_element(doc, "h3")?;
    heading.set_text_content(Some(&list.title));
    styled(&heading, HEADING_STYLE)?;
    section.append_child(&heading)?;
    let ul = html_element(doc, "ul")?;
    styled(&ul, LIST_STYLE)?;
    for (i, entry) in list.entries.iter().enumerate() {
        let index = first + i;
        let item = html_element(doc, "li")?;
        let label = if targets.get(index).is_some_and(Option::is_some) {
            let button = html_element(doc, "button")?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-jump", &index.to_string())?;
            button.set_attribute("aria-label", &entry.jump_label)?;
            styled(&button, JUMP_STYLE)?;
            button
        } else {
            html_element(doc, "span")?
        };
        label.set_text_content(Some(&entry.label));
        item.append_child(&label)?;
        if !entry.detail.is_empty() {
            let detail = html_element(doc, "span")?;
            detail.set_text_content(Some(&entry.detail));
            styled(&detail, AGE_STYLE)?;
            item.append_child(&detail)?;
        }
        ul.append_child(&item)?;
    }
    section.append_child(&ul)?;
    if let Some(note) = &list.note {
        let p = html_element(doc, "div")?;
        p.set_text_content(Some(note));
        section.append_child(&p)?;
    }
    Ok(section)
}

/// The chart's SVG, one element per node; text only through text nodes.
fn chart_element(doc: &Document, chart: &Chart) -> Result<Element, JsValue> {
    let svg = doc.create_element_ns(Some(SVG_NS), "svg")?;
    svg.set_attribute("data-animateur", "chart")?;
    svg.set_attribute("viewBox", &format!("0 0 {} {}", chart.width, chart.height))?;
    svg.set_attribute("role", "img")?;
    svg.set_attribute("aria-label", &chart.label)?;
    // A presentation attribute, not a `style` attribute (which a page's CSP may refuse).
    svg.set_attribute("width", "100%")?;
    for node in &chart.nodes {
        let el = doc.create_element_ns(Some(SVG_NS), node.tag)?;
        for (name, value) in &node.attrs {
            el.set_attribute(name, value)?;
        }
        if let Some(text) = &node.text {
            el.set_text_content(Some(text));
        }
        svg.append_child(&el)?;
    }
    Ok(svg)
}

fn jump_to_index(
    card: &HtmlElement,
    targets: &Targets,
    index: usize,
    highlight: &Highlight,
) -> Result<bool, JsValue> {
    let target = targets.borrow().get(index).cloned().flatten();
    match target {
        Some(target) => jump_to(card, &target, highlight).map(|()| true),
        None => Ok(false),
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Scrolls the thread into view and frames it for a moment, with our own element
/// inside the overlay's shadow root. Smooth scrolling only when motion is welcome.
fn jump_to(card: &HtmlElement, target: &Element, highlight: &Highlight) -> Result<(), JsValue> {
    let reduced = prefers_reduced_motion();
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    options.set_behavior(if reduced {
        ScrollBehavior::Instant
    } else {
        ScrollBehavior::Smooth
    });
    target.scroll_into_view_with_scroll_into_view_options(&options);
    let doc = card
        .owner_document()
        .ok_or_else(|| JsValue::from_str("detached"))?;
    let frame = match highlight.borrow_mut().take() {
        Some((frame, _old_timers)) => frame,
        None => {
            let frame = html_element(&doc, "div")?;
            frame.set_attribute("data-animateur", "highlight")?;
            styled(&frame, HIGHLIGHT_STYLE)?;
            card.parent_node()
                .ok_or_else(|| JsValue::from_str("detached"))?
                .append_child(&frame)?;
            frame
        }
    };
    // Smooth scrolling moves the thread for a few hundred ms: place the frame where the
    // thread will be, then again once scrolling has settled.
    place_over(&frame, target)?;
    let settle = {
        let (frame, target) = (frame.clone(), target.clone());
        Timeout::new(if reduced { 0 } else { 400 }, move || {
            let _ = place_over(&frame, &target);
        })
    };
    let remove = {
        let (frame, highlight) = (frame.clone(), Rc::downgrade(highlight));
        Timeout::new(HIGHLIGHT_MS, move || {
            frame.remove();
            if let Some(h) = highlight.upgrade() {
                // This callback belongs to one of these timers: dropping it while it
                // runs would free the running closure, so both are let go instead.
                let taken = h.borrow_mut().take();
                if let Some((_, timers)) = taken {
                    for timer in timers {
                        timer.forget();
                    }
                }
            }
        })
    };
    *highlight.borrow_mut() = Some((frame, [settle, remove]));
    Ok(())
}

fn place_over(frame: &HtmlElement, target: &Element) -> Result<(), JsValue> {
    let rect = target.get_bounding_client_rect();
    styled(
        frame,
        &[
            ("left", &format!("{}px", rect.left() - 4.0)),
            ("top", &format!("{}px", rect.top() - 4.0)),
            ("width", &format!("{}px", rect.width() + 8.0)),
            ("height", &format!("{}px", rect.height() + 8.0)),
        ],
    )
}

impl Drop for Overlay {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get().saturating_sub(1)));
        if let Some((frame, _timers)) = self.highlight.borrow_mut().take() {
            frame.remove();
        }
        self.host.remove();
    }
}
