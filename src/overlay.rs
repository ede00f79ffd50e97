//! The overlay: one host element appended to the page, with an open shadow root holding
//! everything Animateur shows. The page's own nodes are never touched; page-derived text
//! goes in as text nodes only. Dropping the `Overlay` removes the host, leaving the page
//! exactly as it was.
//!
//! Styles are set through the CSSOM (`style.setProperty`), which a page's `style-src`
//! CSP does not govern, rather than through a `<style>` element, which it may block.

use crate::i18n::{badge_parts, Lang, Messages};
use crate::model::{PageKind, PageSummary};
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

pub struct Overlay {
    host: HtmlElement,
    badge: HtmlElement,
    snapshot: Element,
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

        let badge = html_element(doc, "div")?;
        badge.set_attribute("data-animateur", "badge")?;
        badge.set_attribute("role", "status")?;
        badge.set_attribute("aria-live", "polite")?;
        badge.set_attribute("aria-label", label)?;
        styled(&badge, BADGE_STYLE)?;
        let snapshot = doc.create_element("div")?;
        snapshot.set_attribute("data-animateur", "snapshot")?;
        snapshot.set_attribute("hidden", "")?;
        shadow.append_child(&badge)?;
        shadow.append_child(&snapshot)?;

        let parent: Element = match doc.body() {
            Some(body) => body.into(),
            None => doc
                .document_element()
                .ok_or_else(|| JsValue::from_str("document has no root element"))?,
        };
        parent.append_child(&host)?;
        Ok(Overlay {
            host,
            badge,
            snapshot,
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
        styled(&self.badge, &[("display", "block")])
    }

    pub fn show(
        &self,
        summary: &PageSummary,
        messages: &Messages,
        lang: Lang,
    ) -> Result<(), JsValue> {
        let json = serde_json::to_string(summary).map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.snapshot.set_attribute("data-json", &json)?;
        self.set_lines(&badge_parts(messages, summary, lang))?;
        self.host
            .set_attribute("data-page-kind", summary.page_kind.as_str())?;
        self.host.set_attribute("data-state", "ready")
    }

    pub fn show_error(&self, message: &str) -> Result<(), JsValue> {
        self.set_lines(&[message.to_owned()])?;
        self.host.set_attribute("data-error", message)?;
        self.host.set_attribute("data-state", "error")
    }

    /// Turned off by settings: present (so the state is inspectable) but invisible.
    pub fn show_disabled(&self) -> Result<(), JsValue> {
        self.badge.set_text_content(None);
        styled(&self.badge, &[("display", "none")])?;
        self.host.set_attribute("data-state", "disabled")
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.host.remove();
    }
}
