//! `DomElement` over the `scraper` HTML parser: the host-side twin of `crate::dom`, used
//! by tests and the command line. Parsing follows the HTML5 algorithm, so broken markup
//! is repaired the way a browser repairs it.

use crate::dom_tree::{DomElement, SelectorError};
use crate::extract::{ElementExtraction, ExtractPlan};
use scraper::{ElementRef, Html, Selector};
use std::cell::RefCell;
use std::collections::HashMap;

pub fn parse_document(html: &str) -> Html {
    Html::parse_document(html)
}

/// Parsed selectors are kept: the adapters ask for the same few selectors once per item.
fn selector(css: &str) -> Result<Selector, SelectorError> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Selector>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(sel) = cache.borrow().get(css) {
            return Ok(sel.clone());
        }
        let sel = Selector::parse(css).map_err(|e| SelectorError(format!("{css}: {e}")))?;
        cache.borrow_mut().insert(css.to_owned(), sel.clone());
        Ok(sel)
    })
}

impl<'a> DomElement for ElementRef<'a> {
    type Key = ego_tree::NodeId;
    type Matches = Vec<Self>;
    type Extraction = ElementExtraction<Self>;

    fn query_all(&self, css: &str) -> Result<Vec<Self>, SelectorError> {
        let sel = selector(css)?;
        Ok(self.select(&sel).collect())
    }

    fn select_first(&self, css: &str) -> Result<Option<Self>, SelectorError> {
        let sel = selector(css)?;
        Ok(self.select(&sel).next())
    }

    fn closest(&self, css: &str) -> Result<Option<Self>, SelectorError> {
        let sel = selector(css)?;
        if sel.matches(self) {
            return Ok(Some(*self));
        }
        Ok(self
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| sel.matches(e)))
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.value().attr(name).map(str::to_owned)
    }

    fn parent(&self) -> Option<Self> {
        std::ops::Deref::deref(self)
            .parent()
            .and_then(ElementRef::wrap)
    }

    fn text(&self) -> String {
        ElementRef::text(self).collect()
    }

    fn key(&self) -> Self::Key {
        self.id()
    }

    fn extraction(&self, plan: &ExtractPlan) -> Self::Extraction {
        ElementExtraction::new(self, plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_closest_and_text() {
        let doc = parse_document(
            r#"<ul><li class="a" id="x"><span>one <b>two</b></span></li><li class="a"></li></ul>"#,
        );
        let root = doc.root_element();
        let items = root.select_all("li.a").unwrap();
        assert_eq!(items.len(), 2);
        let b = root.select_first("b").unwrap().unwrap();
        let li = b.closest("li").unwrap().unwrap();
        assert!(li.key() == items[0].key());
        assert!(li.key() != items[1].key());
        assert_eq!(DomElement::attr(&li, "id").as_deref(), Some("x"));
        assert_eq!(DomElement::text(&li), "one two");
        assert!(root.select_all("li[").is_err());
    }
}
