//! Page-kind detection and extraction. A page kind is a selector profile (data, see
//! `profile.rs` and `profiles.json`); one generic engine reads every kind over the
//! `DomElement` trait. Extraction is a [`Scan`] that advances by a bounded number of
//! items per call, so the browser can spread a 50,000-comment page over many short
//! slots instead of freezing the tab.

pub mod profile;
pub mod rest;
pub mod snapshot;

use crate::counts::parse_count;
use crate::dom_tree::{DomElement, MatchList, SelectorError};
use crate::model::{PageKind, PageSnapshot, PageSummary};
use profile::{AuthorRule, AuthorSource, NumberRule, Profile, ProfileFile, ThreadScope, ValueRule};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

static BUILT_IN: &str = include_str!("profiles.json");

/// The built-in profiles, parsed once. Their validity is a test, so a failure here is a
/// build defect, not something a page can cause.
pub fn built_in() -> &'static ProfileFile {
    static PARSED: OnceLock<ProfileFile> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(BUILT_IN).expect("built-in profiles.json is checked by tests")
    })
}

fn url_asks_for_edit_mode(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.contains("mode=edit")
}

/// The profile describing this page, or `None` when the page is not one Animateur
/// reads (not SharePoint-like, or a page being edited).
pub fn detect<'p, E: DomElement>(
    profiles: &'p ProfileFile,
    root: &E,
    url: &str,
) -> Result<Option<&'p Profile>, SelectorError> {
    if url_asks_for_edit_mode(url) || root.select_first(&profiles.edit_mode)?.is_some() {
        return Ok(None);
    }
    for profile in &profiles.profiles {
        if root.select_first(&profile.detect)?.is_some() {
            return Ok(Some(profile));
        }
    }
    Ok(None)
}

pub fn detect_kind<E: DomElement>(root: &E, url: &str) -> Result<PageKind, SelectorError> {
    Ok(detect(built_in(), root, url)?
        .map(|p| p.kind)
        .unwrap_or(PageKind::Unknown))
}

/// An extraction in progress over one page.
///
/// Values inside items (author, likes, id holder, extra counts) are found with one
/// page-wide query per selector and filed under the item that owns them, rather than
/// with one query per item: Chromium evaluates a per-element query whose selector has a
/// descendant combinator (`.a .b`) by scanning the whole document, which made reading a
/// 20,000-item page take 15 s. Filing is by the nearest enclosing item, so a nested
/// reply's values never count for its parent.
///
/// The work runs in phases, one query each: every inner selector (its matches filed),
/// then the items (each read). A query's matches are pulled one at a time, so no slice
/// of work converts a 50,000-element list at once.
pub struct Scan<'p, E: DomElement> {
    profile: &'p Profile,
    root: E,
    /// The distinct selectors of the item rule's inner values.
    inner_css: Vec<&'p str>,
    /// The phase in progress: `inner_css[phase]`, or the items once past them.
    phase: usize,
    /// The current phase's matches (queried when the phase starts) and the next one.
    matches: Option<E::Matches>,
    cursor: usize,
    /// Each item's own matches, per inner selector, in document order.
    owned: HashMap<E::Key, Vec<Vec<E>>>,
    seen_ids: HashSet<String>,
    authors: HashSet<String>,
    summary: PageSummary,
    detail: Detail,
    /// Every distinct item read, in document order, for the full snapshot.
    read: Vec<snapshot::ReadItem<E::Key>>,
    /// Item ids by node, so a nested reply can name its parent.
    ids_by_key: HashMap<E::Key, String>,
    /// Where each id sits in `read`, to move a best-reply copy to its original's place.
    read_by_id: HashMap<String, usize>,
    /// Where each id's element stands among the item matches (the original, not a
    /// best-reply copy): how the panel's jump links find an item again.
    positions: ItemPositions,
}

/// How much a scan reads: the overlay's counts only, or everything the snapshot holds
/// (dates, parents, likers, texts: more page-wide queries and text reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Summary,
    Snapshot,
}

impl<'p, E: DomElement> Scan<'p, E> {
    /// Reads the page-level counts; the queries and per-element work happen in
    /// [`Scan::step`].
    pub fn start(profile: &'p Profile, root: &E, detail: Detail) -> Result<Self, SelectorError> {
        let mut summary = PageSummary::empty(profile.kind);
        if let Some(css) = &profile.thread {
            summary.threads = root.query_all(css)?.count() as u64;
        }
        summary.page_likes = first_count(root, profile.page_likes.as_deref())?;
        summary.views = first_count(root, profile.views.as_deref())?;
        let rule = &profile.item;
        let mut inner_css: Vec<&str> = Vec::new();
        let wanted = rule
            .id
            .iter()
            .filter_map(|id| id.css.as_deref())
            .chain(rule.author.iter().map(|a| a.css.as_str()))
            .chain(rule.likes.iter().map(|l| l.css.as_str()))
            .chain(rule.extra_items.iter().map(|n| n.css.as_str()))
            .chain(rule.extra_threads.iter().map(|n| n.css.as_str()));
        let snapshot_only = rule
            .date
            .iter()
            .map(|v| v.css.as_str())
            .chain(rule.reply_to.iter().filter_map(|r| r.css.as_deref()))
            .chain(rule.likers.iter().map(|v| v.css.as_str()))
            .chain(rule.text.iter().map(String::as_str))
            .filter(|_| detail == Detail::Snapshot);
        let wanted = wanted.chain(snapshot_only);
        for css in wanted {
            if !inner_css.contains(&css) {
                inner_css.push(css);
            }
        }
        Ok(Scan {
            profile,
            root: root.clone(),
            inner_css,
            phase: 0,
            matches: None,
            cursor: 0,
            owned: HashMap::new(),
            seen_ids: HashSet::new(),
            authors: HashSet::new(),
            summary,
            detail,
            read: Vec::new(),
            ids_by_key: HashMap::new(),
            read_by_id: HashMap::new(),
            positions: ItemPositions::new(),
        })
    }

    /// Does at most `budget` units of work (one query, filing one match or reading one
    /// item); `true` once everything is done.
    pub fn step(&mut self, budget: usize) -> Result<bool, SelectorError> {
        let mut budget = budget.max(1);
        let item_css = self.profile.item.css.as_str();
        while budget > 0 {
            budget -= 1;
            if self.phase > self.inner_css.len() {
                return Ok(true);
            }
            let Some(matches) = &self.matches else {
                let css = self.inner_css.get(self.phase).copied().unwrap_or(item_css);
                self.matches = Some(self.root.query_all(css)?);
                self.cursor = 0;
                continue;
            };
            let Some(element) = matches.at(self.cursor) else {
                self.matches = None;
                self.phase += 1;
                continue;
            };
            let index = self.cursor;
            self.cursor += 1;
            if self.phase < self.inner_css.len() {
                self.file(self.phase, element)?;
            } else {
                self.read_item(element, index)?;
            }
        }
        Ok(self.phase > self.inner_css.len())
    }

    /// Files a match of `inner_css[css_index]` under the item enclosing it.
    fn file(&mut self, css_index: usize, element: E) -> Result<(), SelectorError> {
        if let Some(owner) = element.closest(&self.profile.item.css)? {
            let slots = self
                .owned
                .entry(owner.key())
                .or_insert_with(|| vec![Vec::new(); self.inner_css.len()]);
            slots[css_index].push(element);
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<PageSummary, SelectorError> {
        while !self.step(usize::MAX)? {}
        self.summary.contributors = self.authors.len() as u64;
        Ok(self.summary)
    }

    /// Finishes the reading and assembles the full snapshot (threads, items with dates
    /// and parents) next to the summary.
    pub fn finish_with_snapshot(
        mut self,
        root: &E,
        clock: &snapshot::Clock,
    ) -> Result<(PageSummary, PageSnapshot), SelectorError> {
        while !self.step(usize::MAX)? {}
        self.summary.contributors = self.authors.len() as u64;
        let snapshot = snapshot::assemble(
            self.profile,
            &built_in().viewer,
            root,
            &self.summary,
            self.read,
            clock,
        )?;
        Ok((self.summary, snapshot))
    }

    /// The position of each item id read so far (full snapshots only), handed over once.
    pub fn take_positions(&mut self) -> ItemPositions {
        std::mem::take(&mut self.positions)
    }

    /// The `nth` value matching `css` that belongs to the item.
    fn own(&self, key: &E::Key, css: &str, nth: usize) -> Option<&E> {
        let index = self.inner_css.iter().position(|c| *c == css)?;
        self.owned.get(key)?.get(index)?.get(nth)
    }

    fn own_number(&self, key: &E::Key, rule: &NumberRule) -> u64 {
        self.own(key, &rule.css, rule.nth)
            .and_then(|e| parse_count(&e.text()))
            .unwrap_or(0)
    }

    fn item_id(&self, item: &E, key: &E::Key) -> Option<String> {
        let rule = self.profile.item.id.as_ref()?;
        let raw = match &rule.css {
            Some(css) => self.own(key, css, 0)?.attr(&rule.attr),
            None => item.attr(&rule.attr),
        }?;
        apply_pattern(rule.pattern.as_ref(), raw)
    }

    fn author(&self, key: &E::Key) -> Option<(String, String)> {
        let rule = self.profile.item.author.as_ref()?;
        person(rule, self.own(key, &rule.css, 0)?)
    }

    fn own_value(&self, key: &E::Key, rule: &ValueRule) -> Option<String> {
        let el = self.own(key, &rule.css, 0)?;
        rule.attr
            .as_deref()
            .and_then(|a| el.attr(a))
            .or_else(|| Some(el.text()))
    }

    fn read_item(&mut self, item: E, index: usize) -> Result<(), SelectorError> {
        let item = &item;
        let key = item.key();
        let id = self.item_id(item, &key);
        let in_best_reply = match (&self.profile.best_reply, self.detail) {
            (Some(css), Detail::Snapshot) => item.closest(css)?.is_some(),
            _ => false,
        };
        if let Some(id) = &id {
            if !self.seen_ids.insert(id.clone()) {
                // A best-reply copy is shown above the thread; the snapshot keeps the
                // reply where the original stands.
                let first = self.read_by_id.get(id).and_then(|&i| self.read.get_mut(i));
                if let Some(first) = first {
                    if first.in_best_reply && !in_best_reply {
                        first.position = index;
                        self.positions.insert(id.clone(), index);
                    }
                }
                return Ok(());
            }
            if self.detail == Detail::Snapshot {
                self.ids_by_key.insert(key.clone(), id.clone());
                self.read_by_id.insert(id.clone(), self.read.len());
                self.positions.insert(id.clone(), index);
            }
        } else if self.detail == Detail::Snapshot {
            self.positions.insert(snapshot::fallback_id(index), index);
        }
        let rule = &self.profile.item;
        let contributions = rule.extra_items.iter().fold(rule.self_count, |n, extra| {
            n.saturating_add(self.own_number(&key, extra))
        });
        let threads = rule.extra_threads.iter().fold(0u64, |n, extra| {
            n.saturating_add(self.own_number(&key, extra))
        });
        let likes = rule.likes.as_ref().map_or(0, |l| self.own_number(&key, l));
        let author = self.author(&key);
        let summary = &mut self.summary;
        summary.threads = summary.threads.saturating_add(threads);
        summary.items = summary.items.saturating_add(contributions);
        summary.item_likes = summary.item_likes.saturating_add(likes);
        if contributions > 0 {
            if let Some((author_key, _)) = &author {
                self.authors.insert(author_key.clone());
            }
        }
        if self.detail == Detail::Summary {
            return Ok(());
        }
        let nested_parent = if rule.nested {
            match item.parent() {
                Some(p) => p
                    .closest(&rule.css)?
                    .and_then(|p| self.ids_by_key.get(&p.key()).cloned()),
                None => None,
            }
        } else {
            None
        };
        let reply_to = rule.reply_to.as_ref().and_then(|r| {
            let raw = self.own(&key, r.css.as_deref()?, 0)?.attr(&r.attr)?;
            apply_pattern(r.pattern.as_ref(), raw)
        });
        let thread = match (self.profile.thread_scope, &self.profile.thread) {
            (ThreadScope::Element, Some(css)) => item.closest(css)?.map(|t| t.key()),
            _ => None,
        };
        let read = snapshot::ReadItem {
            position: index,
            id,
            contributes: contributions > 0,
            contributions,
            threads_started: threads,
            author,
            likes,
            date: rule.date.as_ref().and_then(|d| self.own_value(&key, d)),
            parent: reply_to.or(nested_parent),
            likers: rule
                .likers
                .as_ref()
                .and_then(|l| self.own_value(&key, l))
                .map(|names| {
                    names
                        .lines()
                        .map(fold_name)
                        .filter(|n| !n.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            text: rule
                .text
                .as_deref()
                .and_then(|css| self.own(&key, css, 0))
                .map(|e| e.text().trim().to_owned()),
            thread,
            in_best_reply,
        };
        self.read.push(read);
        Ok(())
    }
}

/// Reads a whole page at once: for tests, the command line and small pages.
pub fn summarise<E: DomElement>(root: &E, url: &str) -> Result<PageSummary, SelectorError> {
    match detect(built_in(), root, url)? {
        Some(profile) => Scan::start(profile, root, Detail::Summary)?.finish(),
        None => Ok(PageSummary::empty(PageKind::Unknown)),
    }
}

/// The full snapshot of a page read at once, or `None` when Animateur does not read it.
pub fn read_snapshot<E: DomElement>(
    root: &E,
    url: &str,
    clock: &snapshot::Clock,
) -> Result<Option<PageSnapshot>, SelectorError> {
    Ok(read_snapshot_at(root, url, clock)?.map(|(snapshot, _, _)| snapshot))
}

/// Where each item stands among its page's item elements (matches of the profile's
/// item selector, in document order), by item id.
pub type ItemPositions = HashMap<String, usize>;

/// [`read_snapshot`], with the item selector and the items' positions: what a reader
/// of a copy of the page needs to point at the same items in the page itself.
pub fn read_snapshot_at<E: DomElement>(
    root: &E,
    url: &str,
    clock: &snapshot::Clock,
) -> Result<Option<(PageSnapshot, ItemPositions, &'static str)>, SelectorError> {
    let Some(profile) = detect(built_in(), root, url)? else {
        return Ok(None);
    };
    let mut scan = Scan::start(profile, root, Detail::Snapshot)?;
    while !scan.step(usize::MAX)? {}
    let positions = scan.take_positions();
    let (_, snapshot) = scan.finish_with_snapshot(root, clock)?;
    Ok(Some((snapshot, positions, profile.item.css.as_str())))
}

fn first_count<E: DomElement>(root: &E, css: Option<&str>) -> Result<Option<u64>, SelectorError> {
    let Some(css) = css else { return Ok(None) };
    Ok(root.select_first(css)?.and_then(|e| parse_count(&e.text())))
}

/// The first capture group of `pattern` in `raw`, or `raw` itself without a pattern.
fn apply_pattern(pattern: Option<&regex_lite::Regex>, raw: String) -> Option<String> {
    match pattern {
        Some(re) => re
            .captures(&raw)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_owned()),
        None => Some(raw),
    }
}

/// Display names compared loosely: spaces folded, case ignored.
pub(crate) fn fold_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (key, display name) of the person an author element shows. The key tells people
/// apart: the profile link's user id or account name when there is one, else the
/// display name (lower-cased, spaces folded), since two colleagues can share a name.
fn person<E: DomElement>(rule: &AuthorRule, el: &E) -> Option<(String, String)> {
    let name = fold_name(&el.text());
    if rule.from == AuthorSource::Href {
        if let Some(href) = el.attr("href").filter(|h| !h.trim().is_empty()) {
            return Some((person_from_href(&href), name));
        }
    }
    (!name.is_empty()).then(|| (format!("name:{}", name.to_lowercase()), name))
}

fn person_from_href(href: &str) -> String {
    let lower = href.to_ascii_lowercase();
    for (param, prefix) in [("accountname=", "account:"), ("id=", "id:")] {
        // Match the parameter name exactly (so "userid=" is not read as "id=").
        let found = lower
            .match_indices(param)
            .find(|(i, _)| *i == 0 || matches!(lower.as_bytes()[i - 1], b'?' | b'&' | b';'));
        if let Some((i, _)) = found {
            let value = lower[i + param.len()..]
                .split(['&', '#'])
                .next()
                .unwrap_or_default();
            if !value.is_empty() {
                return format!("{prefix}{}", percent_decode(value));
            }
        }
    }
    format!("href:{lower}")
}

/// Decodes `%XX` escapes (account names arrive URL-encoded in profile links and plain
/// in the page context); malformed escapes stay as they are.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_lowercase()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html_dom::parse_document;

    fn summary(html: &str) -> PageSummary {
        let doc = parse_document(html);
        summarise(&doc.root_element(), "http://intranet.test/page").unwrap()
    }

    #[test]
    fn built_in_profiles_parse_and_their_selectors_are_valid() {
        let doc = parse_document("<p></p>");
        let root = doc.root_element();
        let file = built_in();
        root.select_all(&file.edit_mode).unwrap();
        for p in &file.profiles {
            root.select_all(&p.detect).unwrap();
            root.select_all(&p.item.css).unwrap();
            for css in [&p.thread, &p.page_likes, &p.views].into_iter().flatten() {
                root.select_all(css).unwrap();
            }
        }
        let kinds: HashSet<_> = file.profiles.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds.len(),
            PageKind::ALL.len() - 1,
            "one profile per known kind"
        );
    }

    #[test]
    fn empty_and_foreign_pages_are_unknown() {
        assert_eq!(summary(""), PageSummary::empty(PageKind::Unknown));
        assert_eq!(
            summary("<h1>Menu de la cantine</h1><ul><li>Gratin</li></ul>"),
            PageSummary::empty(PageKind::Unknown)
        );
    }

    #[test]
    fn edit_mode_shows_nothing() {
        let html = r#"<div id="spPageCanvasContent"></div>"#;
        let doc = parse_document(html);
        let root = doc.root_element();
        assert_eq!(
            detect_kind(&root, "https://x/SitePages/a.aspx").unwrap(),
            PageKind::SpModernPage
        );
        assert_eq!(
            detect_kind(&root, "https://x/SitePages/a.aspx?Mode=Edit").unwrap(),
            PageKind::Unknown
        );
    }

    #[test]
    fn nested_replies_count_their_own_likes_only() {
        let s = summary(
            r##"<div id="spPageCanvasContent"><div id="CommentsWrapper">
              <div data-automation-id="sp-comment-block-root"><a href="#comment=1"></a>
                <a data-automation-id="sp-comment-author" href="/me?accountname=a">A</a>
                <div data-automation-id="sp-comment-block-root"><a href="#comment=2"></a>
                  <a data-automation-id="sp-comment-author" href="/me?accountname=b">B</a>
                  <span data-automation-id="sp-comment-like-count">4</span></div>
              </div></div></div>"##,
        );
        assert_eq!(
            (s.threads, s.items, s.contributors, s.item_likes),
            (1, 2, 2, 4)
        );
        assert_eq!((s.page_likes, s.views), (None, None));
    }

    #[test]
    fn duplicated_ids_count_once() {
        let post = |id: &str, user: u32| {
            format!(
                r#"<li id="forum0-Post{id}-Root" class="ms-comm-postListItem ms-comm-postReplyListItem">
                <span class="ms-comm-authorTitle"><a class="ms-subtleLink" href="/u?ID={user}">U</a></span>
                <span class="ms-comm-likesCount">2</span></li>"#
            )
        };
        let html = format!(
            r#"<div class="ms-comm-forumContainer"><ul>
            <li id="forum0-Post1-Root" class="ms-comm-postListItem ms-comm-postRootContainer"></li>
            <div class="ms-comm-bestResponseContainer"><ul>{}</ul></div>{}{}</ul></div>"#,
            post("7", 3),
            post("7", 3),
            post("8", 3)
        );
        let s = summary(&html);
        assert_eq!(s.page_kind, PageKind::SpClassicDiscussionThread);
        assert_eq!(
            (s.threads, s.items, s.contributors, s.item_likes),
            (1, 3, 1, 4)
        );
    }

    #[test]
    fn people_are_told_apart_by_link_not_name() {
        assert_eq!(
            person_from_href("/_layouts/15/userdisp.aspx?ID=14"),
            "id:14"
        );
        assert_eq!(person_from_href("/x?userid=3&ID=9"), "id:9");
        assert_eq!(
            person_from_href("/me.aspx?accountname=i%3A0%23.f%7Cmembership%7Cc%40x.fr&v=1"),
            "account:i:0#.f|membership|c@x.fr"
        );
        assert_eq!(person_from_href("/people/claire"), "href:/people/claire");
        assert_eq!(percent_decode("a%zzb%4"), "a%zzb%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn scan_in_small_steps_gives_the_same_result() {
        let mut html = String::from(r#"<div class="ms-microfeed-thread">"#);
        for i in 0..25 {
            html.push_str(&format!(
                r#"<div class="ms-microfeed-rootDiv"><div class="ms-microfeed-message">
                <a class="ms-microfeed-userName" href="/p?accountname=u{}">U</a>
                <span class="ms-microfeed-likesIndicatorText">{} personnes aiment ceci</span></div></div>"#,
                i % 4,
                i
            ));
        }
        html.push_str("</div>");
        let doc = parse_document(&html);
        let root = doc.root_element();
        let profile = detect(built_in(), &root, "").unwrap().unwrap();
        let mut scan = Scan::start(profile, &root, Detail::Summary).unwrap();
        let mut steps = 0;
        while !scan.step(3).unwrap() {
            steps += 1;
        }
        // Three phases (authors, like counts, items), each one query, 25 matches and an
        // end: 81 units, so 27 calls of 3, the last of which reports completion.
        assert_eq!(steps, 26);
        let stepped = scan.finish().unwrap();
        assert_eq!(stepped, summary(&html));
        assert_eq!(
            (stepped.items, stepped.contributors, stepped.item_likes),
            (25, 4, 300)
        );
    }
}
