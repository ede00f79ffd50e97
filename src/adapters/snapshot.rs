//! Assembling the full page snapshot from the items a [`super::Scan`] read: grouping
//! into threads, parents, best replies, question flags, dates. Pure: the DOM work is
//! done by the scan, except a handful of page-level lookups (titles, flags).

use super::percent_decode;
use super::profile::{AuthorSource, Profile, ThreadScope, ViewerKey, ViewerRule};
use crate::dates::{DateOrder, PageTime, UnixSeconds};
use crate::dom_tree::{DomElement, SelectorError};
use crate::model::{
    Confidence, Item, MemberStats, PageInfo, PageSnapshot, PageSummary, Thread, ThreadKind, Viewer,
};
use std::collections::HashMap;

/// What the scan keeps of one distinct item.
pub struct ReadItem {
    /// Document order (a best-reply copy takes its original's place).
    pub position: usize,
    pub id: Option<String>,
    /// Whether the element stands for a contribution (not a member card).
    pub contributes: bool,
    /// Contributions the element stands for (a member card's posts), and how many of
    /// them started a discussion.
    pub contributions: u64,
    pub threads_started: u64,
    /// (key, display name)
    pub author: Option<(String, String)>,
    pub likes: u64,
    /// The item's date, parsed while reading (with the viewer's clock).
    pub created: Option<PageTime>,
    pub parent: Option<String>,
    pub likers: Vec<String>,
    pub text: Option<String>,
    /// The enclosing thread element's index, when threads are elements.
    pub thread: Option<u32>,
    pub in_best_reply: bool,
}

/// The viewer's clock: page dates are local times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: UnixSeconds,
    pub utc_offset_minutes: i32,
    /// How to read 05/06/2026 when the caller knows better than the page's `lang`.
    pub date_order: Option<DateOrder>,
}

/// Slash dates read day-first on French pages (and by default), month-first on
/// English ones.
pub(crate) fn date_order<E: DomElement>(root: &E) -> DateOrder {
    match root.attr("lang") {
        Some(lang) if lang.to_ascii_lowercase().starts_with("en") => DateOrder::MonthFirst,
        _ => DateOrder::DayFirst,
    }
}

fn first_text<E: DomElement>(el: &E, css: Option<&str>) -> Result<Option<String>, SelectorError> {
    let Some(css) = css else { return Ok(None) };
    Ok(el
        .select_first(css)?
        .map(|e| e.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty()))
}

/// What a thread element says about itself.
#[derive(Clone, Default)]
pub(crate) struct ThreadFacts {
    pub title: Option<String>,
    pub question: bool,
    pub resolved: bool,
}

fn facts_of<E: DomElement>(profile: &Profile, scope: &E) -> Result<ThreadFacts, SelectorError> {
    let has = |css: &Option<String>| -> Result<bool, SelectorError> {
        Ok(match css {
            Some(css) => scope.select_first(css)?.is_some(),
            None => false,
        })
    };
    Ok(ThreadFacts {
        title: first_text(scope, profile.thread_title.as_deref())?,
        question: has(&profile.question_flag)?,
        resolved: has(&profile.resolved_flag)?,
    })
}

/// The viewer, from the page-context script when the page has one, keyed like the
/// author links of this kind of page so "is this the viewer's own item?" is a plain
/// comparison. No page context: no identity (self-sensitive nudges stay off).
fn read_viewer<E: DomElement>(
    rule: &ViewerRule,
    key_kind: ViewerKey,
    root: &E,
) -> Result<Viewer, SelectorError> {
    for script in root.select_all("script")? {
        let text = script.text();
        if !text.contains(&rule.script_marker) {
            continue;
        }
        let capture = |re: &regex_lite::Regex| {
            re.captures(&text)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_owned())
        };
        let key = match key_kind {
            ViewerKey::UserId => capture(&rule.user_id).map(|id| format!("id:{id}")),
            ViewerKey::Login => {
                capture(&rule.login).map(|l| format!("account:{}", percent_decode(&l)))
            }
        };
        if let Some(key) = key {
            return Ok(Viewer {
                key: Some(key),
                confidence: Confidence::High,
            });
        }
    }
    Ok(Viewer::default())
}

/// Groups the items read into threads (in order of first appearance), with `facts`
/// per thread element; `taken_at` is the reading's time.
pub(crate) fn assemble<E: DomElement>(
    profile: &Profile,
    viewer_rule: &ViewerRule,
    root: &E,
    summary: &PageSummary,
    read: Vec<ReadItem>,
    facts: Vec<ThreadFacts>,
    taken_at: UnixSeconds,
) -> Result<PageSnapshot, SelectorError> {
    let page_facts = match profile.thread_scope {
        ThreadScope::Page => facts_of(profile, root)?,
        ThreadScope::Element | ThreadScope::None => ThreadFacts::default(),
    };

    let mut members = Vec::new();
    let mut loose_items = Vec::new();
    let mut read = read;
    if profile.thread_scope == ThreadScope::None {
        for r in std::mem::take(&mut read) {
            if profile.item.self_count == 0 {
                if let Some((key, _)) = r.author {
                    members.push(MemberStats {
                        key,
                        discussions: r.threads_started,
                        replies: r.contributions.saturating_sub(r.threads_started),
                        best_replies: 0,
                        joined: None,
                        last_activity: None,
                    });
                }
            } else if r.contributes {
                let id = r.id.clone().unwrap_or_else(|| fallback_id(r.position));
                loose_items.push(to_item(r, id, None));
            }
        }
    }

    // Threads in order of first appearance; items without a thread element share one.
    let mut order: Vec<Option<u32>> = Vec::new();
    let mut grouped: HashMap<Option<u32>, Vec<ReadItem>> = HashMap::new();
    for item in read.into_iter().filter(|i| i.contributes) {
        let slot = item.thread;
        if !grouped.contains_key(&slot) {
            order.push(slot);
        }
        grouped.entry(slot).or_default().push(item);
    }

    let mut threads = Vec::with_capacity(order.len());
    for (n, slot) in order.into_iter().enumerate() {
        let mut items = grouped.remove(&slot).unwrap_or_default();
        items.sort_by_key(|i| i.position);
        let facts = match &slot {
            Some(index) => facts.get(*index as usize).cloned().unwrap_or_default(),
            None => page_facts.clone(),
        };
        let kind = if facts.question {
            ThreadKind::Question
        } else {
            profile.thread_kind
        };
        if profile.item.date_is_last_activity {
            for item in items.iter_mut().filter(|i| i.contributions > 1) {
                item.created = None;
            }
        }
        let mut thread = build_thread(n, kind, facts.title, items);
        thread.best_reply_marked = facts.resolved;
        threads.push(thread);
    }

    Ok(PageSnapshot {
        kind: profile.kind,
        page: PageInfo {
            title: first_text(root, profile.page_title.as_deref())?,
            author: match &profile.page_author {
                Some(rule) => root
                    .select_first(&rule.css)?
                    .and_then(|el| {
                        let href = (rule.from == AuthorSource::Href)
                            .then(|| el.attr("href"))
                            .flatten();
                        super::person(&el.text(), href.as_deref())
                    })
                    .map(|(key, _)| key),
                None => None,
            },
            published: None,
            views: summary.views,
            likes: summary.page_likes,
        },
        threads,
        loose_items,
        members,
        viewer: read_viewer(viewer_rule, profile.viewer_key, root)?,
        staff: Vec::new(),
        taken_at,
    })
}

/// The id of an item the page gives no id: its place among the page's items, which
/// is also how the reader finds its element again (the panel's jump links).
pub fn fallback_id(position: usize) -> String {
    format!("@{position}")
}

fn to_item(r: ReadItem, id: String, parent: Option<String>) -> Item {
    let (author, author_name) = match r.author {
        Some((key, name)) => (Some(key), (!name.is_empty()).then_some(name)),
        None => (None, None),
    };
    Item {
        id,
        author,
        author_name,
        created: r.created,
        parent,
        likes: r.likes,
        likers: r.likers,
        text: r.text,
    }
}

fn build_thread(n: usize, kind: ThreadKind, title: Option<String>, read: Vec<ReadItem>) -> Thread {
    let root_id = read
        .first()
        .map(|i| i.id.clone().unwrap_or_else(|| fallback_id(i.position)));
    let mut best_reply = None;
    // An element standing for more than itself (a list row's reply count) carries
    // replies the page does not show.
    let unseen_replies = match kind {
        ThreadKind::Comments => 0,
        ThreadKind::Question | ThreadKind::Discussion => read
            .iter()
            .map(|r| r.contributions.saturating_sub(1))
            .fold(0u64, u64::saturating_add),
    };
    let mut items = Vec::with_capacity(read.len());
    for (i, r) in read.into_iter().enumerate() {
        let id = r.id.clone().unwrap_or_else(|| fallback_id(r.position));
        if r.in_best_reply {
            best_reply = Some(id.clone());
        }
        // In a question or discussion every reply answers the root unless it names
        // another post; in a comment section a top-level comment has no parent.
        let parent = match (r.parent.clone(), kind) {
            (Some(p), _) => Some(p),
            (None, ThreadKind::Comments) => None,
            (None, _) if i > 0 => root_id.clone(),
            (None, _) => None,
        };
        items.push(to_item(r, id, parent));
    }
    Thread {
        id: root_id.unwrap_or_else(|| format!("t{n}")),
        kind,
        title,
        items,
        best_reply,
        best_reply_marked: false,
        unseen_replies,
    }
}
