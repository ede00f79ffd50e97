//! `DomElement` over web-sys: the browser side of page reading. Every call crosses the
//! JS boundary, so the adapters ask for as little as they can (selectors run natively in
//! the browser's engine, text is read only from small count elements).

use crate::dom_tree::{DomElement, MatchList, SelectorError};
use wasm_bindgen::JsCast;
use web_sys::{Element, NodeList};

/// A static `NodeList`, read one element at a time.
pub struct WebMatches(NodeList);

impl MatchList<WebElement> for WebMatches {
    fn count(&self) -> usize {
        self.0.length() as usize
    }

    fn at(&self, index: usize) -> Option<WebElement> {
        let index = u32::try_from(index).ok()?;
        self.0
            .item(index)
            .and_then(|n| n.dyn_into::<Element>().ok())
            .map(WebElement)
    }
}

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
    type Matches = WebMatches;
    type Extraction = crate::dom_extract::BatchExtraction;

    fn query_all(&self, css: &str) -> Result<WebMatches, SelectorError> {
        self.0
            .query_selector_all(css)
            .map(WebMatches)
            .map_err(|_| refused(css))
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

    fn extraction(&self, plan: &crate::extract::ExtractPlan) -> Self::Extraction {
        crate::dom_extract::BatchExtraction::new(&self.0, plan)
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
