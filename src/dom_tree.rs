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

/// The result of one query, read element by element: in the browser each element
/// read crosses the JS boundary, so a big page's matches are pulled a slice at a time
/// rather than all at once.
pub trait MatchList<E> {
    fn count(&self) -> usize;
    fn at(&self, index: usize) -> Option<E>;
}

impl<E: Clone> MatchList<E> for Vec<E> {
    fn count(&self) -> usize {
        self.len()
    }
    fn at(&self, index: usize) -> Option<E> {
        self.as_slice().get(index).cloned()
    }
}

pub trait DomElement: Sized + Clone {
    /// Identifies a node within one document, so values found page-wide can be filed
    /// under the item that owns them.
    type Key: std::hash::Hash + Eq + Clone;
    type Matches: MatchList<Self>;
    /// How this DOM answers an extraction plan (see `crate::extract`).
    type Extraction: crate::extract::Extraction;

    /// Descendants matching `css`, in document order, read lazily.
    fn query_all(&self, css: &str) -> Result<Self::Matches, SelectorError>;
    /// Descendants matching `css`, in document order.
    fn select_all(&self, css: &str) -> Result<Vec<Self>, SelectorError> {
        let list = self.query_all(css)?;
        Ok((0..list.count()).filter_map(|i| list.at(i)).collect())
    }
    /// The first descendant matching `css`.
    fn select_first(&self, css: &str) -> Result<Option<Self>, SelectorError>;
    /// The nearest inclusive ancestor matching `css` (like `Element.closest`).
    fn closest(&self, css: &str) -> Result<Option<Self>, SelectorError>;
    fn attr(&self, name: &str) -> Option<String>;
    fn parent(&self) -> Option<Self>;
    /// The element's text content.
    fn text(&self) -> String;
    fn key(&self) -> Self::Key;
    /// Starts answering `plan` over this element's descendants.
    fn extraction(&self, plan: &crate::extract::ExtractPlan) -> Self::Extraction;
}
