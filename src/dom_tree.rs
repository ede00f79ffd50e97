//! The small DOM interface page extraction runs over. The browser implements it with
//! web-sys (`crate::dom`), host tests and the command line with an HTML parser
//! (`crate::html_dom`), so every adapter is tested by plain `cargo test`.

/// A selector the underlying engine refused. Built-in profiles are checked by tests;
/// profiles from settings or policy may still carry one, and it must not be fatal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid selector: {}", self.0)
    }
}

pub trait DomElement: Sized + Clone {
    /// Identifies a node within one document, so values found page-wide can be filed
    /// under the item that owns them.
    type Key: std::hash::Hash + Eq + Clone;

    /// Descendants matching `css`, in document order.
    fn select_all(&self, css: &str) -> Result<Vec<Self>, SelectorError> {
        let mut all = Vec::new();
        self.visit_matches(css, &mut |e| {
            all.push(e);
            true
        })?;
        Ok(all)
    }
    /// Calls `visit` on each descendant matching `css`, in document order, until it
    /// returns `false` — so a search for the first match does not materialise them all.
    fn visit_matches(
        &self,
        css: &str,
        visit: &mut dyn FnMut(Self) -> bool,
    ) -> Result<(), SelectorError>;
    /// The first descendant matching `css`.
    fn select_first(&self, css: &str) -> Result<Option<Self>, SelectorError> {
        Ok(self.select_all(css)?.into_iter().next())
    }
    /// The nearest inclusive ancestor matching `css` (like `Element.closest`).
    fn closest(&self, css: &str) -> Result<Option<Self>, SelectorError>;
    fn attr(&self, name: &str) -> Option<String>;
    fn parent(&self) -> Option<Self>;
    /// The element's text content.
    fn text(&self) -> String;
    fn key(&self) -> Self::Key;
}
