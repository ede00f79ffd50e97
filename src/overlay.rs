//! The overlay: one host element appended to the page, with an open shadow root holding
//! everything Animateur shows. The page's own nodes are never touched; page-derived text
//! goes in as text nodes only. Dropping the `Overlay` removes the host, leaving the page
//! exactly as it was.
//!
//! Styles are set through the CSSOM (`style.setProperty`), which a page's `style-src`
//! CSP does not govern, rather than through a `<style>` element, which it may block.

use crate::i18n::{badge_parts, Lang, Messages};
use crate::model::{PageKind, PageSummary};
use crate::panel::{panel_rows, PanelRow};
use crate::stats::PageStats;
use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

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

const PANEL_ID: &str = "animateur-panel";

pub struct Overlay {
    host: HtmlElement,
    /// The visible box: the summary line, the panel toggle, the panel.
    card: HtmlElement,
    badge: HtmlElement,
    toggle: HtmlElement,
    panel: HtmlElement,
    snapshot: Element,
    _listeners: [EventListener; 2],
}

fn styled(el: &HtmlElement, props: &[(&str, &str)]) -> Result<(), JsValue> {
    let style = el.style();
    for (name, value) in props {
        style.set_property(name, value)?;
    }
    Ok(())
}

fn html_element(doc: &Document, tag: &str) -> Result<HtmlElement, JsValue> {
    doc.create_element(tag)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| JsValue::from_str("not an HTML element"))
}

impl Overlay {
    /// Appends the host (state `loading`) to `doc`'s body, or to the root element when
    /// the page has no body.
    pub fn mount(doc: &Document, label: &str) -> Result<Overlay, JsValue> {
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

        let parent: Element = match doc.body() {
            Some(body) => body.into(),
            None => doc
                .document_element()
                .ok_or_else(|| JsValue::from_str("document has no root element"))?,
        };
        parent.append_child(&host)?;
        Ok(Overlay {
            host,
            card,
            badge,
            toggle,
            panel,
            snapshot,
            _listeners: [on_click, on_key],
        })
    }

    pub fn host(&self) -> &HtmlElement {
        &self.host
    }

    fn set_lines(&self, lines: &[String]) -> Result<(), JsValue> {
        self.badge.set_text_content(None);
        self.toggle.set_hidden(true);
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

    fn set_panel(&self, title: &str, toggle_label: &str, rows: &[PanelRow]) -> Result<(), JsValue> {
        let doc = self
            .panel
            .owner_document()
            .ok_or_else(|| JsValue::from_str("detached"))?;
        self.panel.set_text_content(None);
        self.panel.set_attribute("aria-label", title)?;
        self.toggle.set_attribute("aria-label", toggle_label)?;
        self.toggle.set_attribute("title", toggle_label)?;
        for row in rows {
            let line = html_element(&doc, "div")?;
            styled(&line, ROW_STYLE)?;
            let label = html_element(&doc, "span")?;
            label.set_text_content(Some(&row.label));
            let value = html_element(&doc, "span")?;
            value.set_text_content(Some(&row.value));
            styled(&value, VALUE_STYLE)?;
            line.append_child(&label)?;
            line.append_child(&value)?;
            self.panel.append_child(&line)?;
        }
        self.toggle.set_hidden(false);
        Ok(())
    }

    /// Publishes a reading: `json` is the snapshot element's `data-json`
    /// (`panel::snapshot_json` of the same summary and stats).
    pub fn show(
        &self,
        summary: &PageSummary,
        json: &str,
        stats: Option<&PageStats>,
        messages: &Messages,
        lang: Lang,
    ) -> Result<(), JsValue> {
        self.snapshot.set_attribute("data-json", json)?;
        self.set_lines(&badge_parts(messages, summary, lang))?;
        if let Some(stats) = stats {
            self.set_panel(
                messages.get("panel_title"),
                messages.get("panel_toggle"),
                &panel_rows(stats, messages, lang),
            )?;
        }
        self.host
            .set_attribute("data-page-kind", summary.page_kind.as_str())?;
        self.host.set_attribute("data-state", "ready")
    }

    pub fn set_perf(&self, perf: &ReadPerf) -> Result<(), JsValue> {
        let host = &self.host;
        host.set_attribute("data-read-ms", &format!("{:.1}", perf.wall_ms))?;
        host.set_attribute("data-busy-ms", &format!("{:.1}", perf.busy_ms))?;
        host.set_attribute(
            "data-longest-slice-ms",
            &format!("{:.1}", perf.longest_slice_ms),
        )?;
        host.set_attribute("data-wasm-kb", &perf.wasm_memory_kb.to_string())
    }

    pub fn show_error(&self, message: &str) -> Result<(), JsValue> {
        self.set_lines(&[message.to_owned()])?;
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
/// `data-busy-ms`, `data-longest-slice-ms`, `data-wasm-kb`) for the benchmarks.
pub struct ReadPerf {
    pub wall_ms: f64,
    pub busy_ms: f64,
    pub longest_slice_ms: f64,
    pub wasm_memory_kb: u32,
}

fn set_open(toggle: &HtmlElement, panel: &HtmlElement, open: bool) {
    panel.set_hidden(!open);
    let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
    toggle.set_text_content(Some(if open { "▾" } else { "▸" }));
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.host.remove();
    }
}
