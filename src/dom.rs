//! `DomElement` over web-sys: the browser side of page reading. Every call crosses the
//! JS boundary, so the adapters ask for as little as they can (selectors run natively in
//! the browser's engine, text is read only from small count elements).

use crate::dom_tree::{DomElement, SelectorError};
use wasm_bindgen::JsCast;
use web_sys::Element;

#[derive(Clone)]
pub struct WebElement(pub Element);

thread_local! {
    /// Node identities for `DomElement::key`: a WeakMap, so the page's nodes are
    /// neither marked nor kept alive by Animateur.
    static KEYS: js_sys::WeakMap = js_sys::WeakMap::new();
    static NEXT_KEY: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

fn refused(css: &str) -> SelectorError {
    SelectorError(css.to_owned())
}

impl DomElement for WebElement {
    type Key = u32;

    fn visit_matches(
        &self,
        css: &str,
        visit: &mut dyn FnMut(Self) -> bool,
    ) -> Result<(), SelectorError> {
        let list = self.0.query_selector_all(css).map_err(|_| refused(css))?;
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if !visit(WebElement(el)) {
                    break;
                }
            }
        }
        Ok(())
    }

    fn select_first(&self, css: &str) -> Result<Option<Self>, SelectorError> {
        Ok(self
            .0
            .query_selector(css)
            .map_err(|_| refused(css))?
            .map(WebElement))
    }

    fn closest(&self, css: &str) -> Result<Option<Self>, SelectorError> {
        Ok(self
            .0
            .closest(css)
            .map_err(|_| refused(css))?
            .map(WebElement))
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.0.get_attribute(name)
    }

    fn parent(&self) -> Option<Self> {
        self.0.parent_element().map(WebElement)
    }

    fn text(&self) -> String {
        self.0.text_content().unwrap_or_default()
    }

    fn key(&self) -> u32 {
        KEYS.with(|keys| {
            if let Some(k) = keys.get(&self.0).as_f64() {
                return k as u32;
            }
            let k = NEXT_KEY.with(|n| {
                let k = n.get();
                n.set(k.wrapping_add(1));
                k
            });
            keys.set(&self.0, &wasm_bindgen::JsValue::from(k));
            k
        })
    }
}
