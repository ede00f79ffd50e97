//! The nudge card, the browser edge: one small card next to the thing it is about,
//! in a host and shadow root of its own. Non-modal (the page stays usable, nothing is
//! covered but a corner), one at a time, keyboard reachable (real buttons, Escape
//! dismisses), announced politely to screen readers. It never acts for the employee:
//! its main button only moves the focus; the caller decides what each choice means.

use crate::nudges::view::CardText;
use crate::overlay::{html_element, mount_point, styled};
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, ShadowRootInit, ShadowRootMode};

pub const HOST_ID: &str = "animateur-nudge";
const WIDTH_PX: f64 = 340.0;

/// What the employee chose on the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardChoice {
    Act,
    Dismiss,
    /// Snooze for this many seconds.
    Snooze(i64),
    /// "Pause all until" this date, `YYYY-MM-DD` from the date field.
    PauseUntil(String),
}

const CARD_STYLE: &[(&str, &str)] = &[
    ("box-sizing", "border-box"),
    ("width", "340px"),
    ("max-width", "calc(100vw - 16px)"),
    ("padding", "10px 12px"),
    ("border-radius", "8px"),
    ("border-left", "4px solid #f0b429"),
    ("background", "#fff"),
    ("color", "#102a43"),
    ("font", "13px/1.45 system-ui, 'Segoe UI', sans-serif"),
    ("box-shadow", "0 3px 12px rgba(0,0,0,.25)"),
];
const ROW_STYLE: &[(&str, &str)] = &[
    ("display", "flex"),
    ("flex-wrap", "wrap"),
    ("gap", "6px"),
    ("margin-top", "8px"),
    ("align-items", "center"),
];
const BUTTON_STYLE: &[(&str, &str)] = &[
    ("font", "inherit"),
    ("padding", "2px 10px"),
    ("border", "1px solid #486581"),
    ("border-radius", "4px"),
    ("background", "#fff"),
    ("color", "#102a43"),
    ("cursor", "pointer"),
];
const MAIN_STYLE: &[(&str, &str)] = &[
    ("background", "#102a43"),
    ("color", "#fff"),
    ("border-color", "#102a43"),
];
const LINK_STYLE: &[(&str, &str)] = &[
    ("font", "inherit"),
    ("padding", "0"),
    ("border", "0"),
    ("background", "transparent"),
    ("color", "#334e68"),
    ("text-decoration", "underline"),
    ("cursor", "pointer"),
];

pub struct NudgeCard {
    host: HtmlElement,
    _listeners: [EventListener; 2],
}

impl NudgeCard {
    /// Shows the card next to `anchor`; `on_choice` gets each choice (the caller then
    /// drops the card).
    pub fn show(
        doc: &Document,
        anchor: &Element,
        rule: &str,
        object: &str,
        text: &CardText,
        today: &str,
        on_choice: Rc<dyn Fn(CardChoice)>,
    ) -> Result<NudgeCard, JsValue> {
        let host = html_element(doc, "div")?;
        host.set_id(HOST_ID);
        host.set_attribute("data-rule", rule)?;
        host.set_attribute("data-object", object)?;
        styled(
            &host,
            &[
                ("all", "initial"),
                ("position", "absolute"),
                ("z-index", "2147483645"),
            ],
        )?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        let card = html_element(doc, "div")?;
        card.set_attribute("data-animateur", "nudge")?;
        card.set_attribute("role", "region")?;
        card.set_attribute("aria-label", text.label)?;
        styled(&card, CARD_STYLE)?;

        // The message goes into a polite live region once attached, so that screen
        // readers announce it without taking the focus away.
        let message = html_element(doc, "div")?;
        message.set_attribute("role", "status")?;
        message.set_attribute("aria-live", "polite")?;
        message.set_attribute("data-animateur", "nudge-message")?;

        let actions = row(doc)?;
        let act = button(doc, "act", text.act, MAIN_STYLE)?;
        actions.append_child(&act)?;
        let later = button(doc, "later", text.later, &[])?;
        later.set_attribute("aria-expanded", "false")?;
        actions.append_child(&later)?;
        let dismiss = button(doc, "dismiss", text.dismiss, &[])?;
        dismiss.set_attribute("aria-label", text.dismiss_label)?;
        actions.append_child(&dismiss)?;
        let why_button = button(doc, "why", text.why_button, LINK_STYLE)?;
        why_button.set_attribute("aria-expanded", "false")?;
        actions.append_child(&why_button)?;

        // The row is a flex box, and an inline `display` wins over `hidden`: the row
        // sits in a plain box that `hidden` does hide.
        let snooze_box = html_element(doc, "div")?;
        snooze_box.set_attribute("data-animateur", "nudge-snooze")?;
        snooze_box.set_hidden(true);
        let snooze = row(doc)?;
        snooze_box.append_child(&snooze)?;
        for (action, label) in [
            ("snooze-day", text.snooze_day),
            ("snooze-week", text.snooze_week),
        ] {
            let b = button(doc, action, label, &[])?;
            snooze.append_child(&b)?;
        }
        let label = html_element(doc, "label")?;
        label.set_text_content(Some(text.pause_until));
        let date: HtmlInputElement = doc.create_element("input")?.unchecked_into();
        date.set_type("date");
        date.set_min(today);
        date.set_attribute("data-animateur", "nudge-pause-date")?;
        styled(&date, &[("margin-left", "4px"), ("font", "inherit")])?;
        label.append_child(&date)?;
        snooze.append_child(&label)?;
        let pause = button(doc, "pause", text.pause_ok, &[])?;
        snooze.append_child(&pause)?;

        let why = html_element(doc, "p")?;
        why.set_attribute("data-animateur", "nudge-why")?;
        why.set_text_content(Some(text.why));
        why.set_hidden(true);
        styled(&why, &[("margin", "8px 0 0"), ("color", "#486581")])?;

        card.append_child(&message)?;
        card.append_child(&actions)?;
        card.append_child(&snooze_box)?;
        card.append_child(&why)?;
        shadow.append_child(&card)?;
        mount_point(doc)?.append_child(&host)?;
        message.set_text_content(Some(text.message));
        place_near(&host, anchor)?;

        let on_click = {
            let on_choice = on_choice.clone();
            EventListener::new(&card, "click", move |event| {
                let Some(action) = event
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|t| t.closest("[data-action]").ok().flatten())
                    .and_then(|b| b.get_attribute("data-action"))
                else {
                    return;
                };
                let choice = match action.as_str() {
                    "act" => CardChoice::Act,
                    "dismiss" => CardChoice::Dismiss,
                    "snooze-day" => CardChoice::Snooze(crate::stats::DAY),
                    "snooze-week" => CardChoice::Snooze(7 * crate::stats::DAY),
                    "pause" if !date.value().is_empty() => CardChoice::PauseUntil(date.value()),
                    "pause" => {
                        let _ = date.focus();
                        return;
                    }
                    "later" => {
                        toggle(&later, &snooze_box);
                        return;
                    }
                    "why" => {
                        toggle(&why_button, &why);
                        return;
                    }
                    _ => return,
                };
                on_choice(choice);
            })
        };
        let on_key = EventListener::new(&card, "keydown", move |event| {
            let escape = event
                .dyn_ref::<web_sys::KeyboardEvent>()
                .is_some_and(|k| k.key() == "Escape");
            if escape {
                on_choice(CardChoice::Dismiss);
            }
        });
        Ok(NudgeCard {
            host,
            _listeners: [on_click, on_key],
        })
    }

    pub fn host(&self) -> &HtmlElement {
        &self.host
    }

    /// Follows the anchor after the page moved it (re-rendered, grew above it).
    pub fn place(&self, anchor: &Element) -> Result<(), JsValue> {
        place_near(&self.host, anchor)
    }
}

impl Drop for NudgeCard {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn row(doc: &Document) -> Result<HtmlElement, JsValue> {
    let row = html_element(doc, "div")?;
    styled(&row, ROW_STYLE)?;
    Ok(row)
}

fn button(
    doc: &Document,
    action: &str,
    label: &str,
    look: &[(&str, &str)],
) -> Result<HtmlElement, JsValue> {
    let b = html_element(doc, "button")?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    b.set_text_content(Some(label));
    styled(&b, BUTTON_STYLE)?;
    styled(&b, look)?;
    Ok(b)
}

fn toggle(button: &HtmlElement, section: &HtmlElement) {
    let open = section.hidden();
    section.set_hidden(!open);
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
}

/// Beside the anchor when the window has room on its right, else just below it, so
/// that the thread the tip is about stays readable; in document coordinates, so the
/// card scrolls with the page.
fn place_near(host: &HtmlElement, anchor: &Element) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let (scroll_x, scroll_y) = (window.scroll_x()?, window.scroll_y()?);
    let viewport = window.inner_width()?.as_f64().unwrap_or(WIDTH_PX);
    let rect = anchor.get_bounding_client_rect();
    let (left, top) = if rect.right() + 8.0 + WIDTH_PX + 8.0 <= viewport {
        (rect.right() + 8.0, rect.top())
    } else {
        let left = rect.left().min(viewport - WIDTH_PX - 8.0).max(8.0);
        (left, rect.bottom() + 4.0)
    };
    styled(
        host,
        &[
            ("left", &format!("{}px", left + scroll_x)),
            ("top", &format!("{}px", top + scroll_y)),
        ],
    )
}

/// Words of a reply control's label (classic "Répondre" links, modern "Reply" buttons,
/// news pages' comment boxes).
const REPLY_WORDS: [&str; 3] = ["répondre", "reply", "comment"];
/// Where to look for a thread's reply control: the anchor, then a few ancestors (a
/// classic post's "Répondre" link sits beside the body, not inside it).
const REPLY_SEARCH_DEPTH: usize = 3;
const COMPOSERS: &str = "textarea, [contenteditable=''], [contenteditable='true']";

/// The page control the card's main button focuses, if the page has one usable: for
/// a reply, the thread's reply box or reply link, else the page's comment box, else
/// the thread's own link (its page has the reply box); for opening, the anchor's first
/// link or button, else the anchor itself.
pub fn control_for(act: crate::nudges::view::Act, anchor: &Element) -> Option<HtmlElement> {
    use crate::nudges::view::Act;
    let doc = anchor.owner_document()?;
    let found = match act {
        Act::Reply => reply_control(anchor, &doc).or_else(|| first(anchor, "a[href]")),
        Act::Open => first(anchor, "a[href], button").or_else(|| anchor.clone().dyn_into().ok()),
        // The card sits by the field being written in; the charter opens in a new tab,
        // and completing a question goes back to that field.
        Act::Charter | Act::Complete => anchor.clone().dyn_into().ok(),
    };
    found.filter(usable)
}

fn reply_control(anchor: &Element, doc: &Document) -> Option<HtmlElement> {
    let mut scope = Some(anchor.clone());
    for _ in 0..=REPLY_SEARCH_DEPTH {
        let el = scope?;
        if let Some(c) = first(&el, COMPOSERS).or_else(|| labelled_reply(&el)) {
            return Some(c);
        }
        scope = el.parent_element();
    }
    let root = doc.document_element()?;
    first(&root, COMPOSERS)
}

fn labelled_reply(scope: &Element) -> Option<HtmlElement> {
    let candidates = scope.query_selector_all("a, button").ok()?;
    (0..candidates.length())
        .filter_map(|i| candidates.get(i)?.dyn_into::<HtmlElement>().ok())
        .find(|el| {
            let label = el
                .get_attribute("aria-label")
                .or_else(|| el.text_content())
                .unwrap_or_default()
                .to_lowercase();
            label.len() < 40 && REPLY_WORDS.iter().any(|w| label.contains(w))
        })
}

fn first(scope: &Element, selector: &str) -> Option<HtmlElement> {
    scope
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// Rendered and not disabled: a control the employee can actually use.
fn usable(el: &HtmlElement) -> bool {
    el.is_connected()
        && el.get_client_rects().length() > 0
        && !el.has_attribute("disabled")
        && el.get_attribute("aria-disabled").as_deref() != Some("true")
}
