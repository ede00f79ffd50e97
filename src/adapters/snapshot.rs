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
    /// Best replies among them (a member card).
    pub best_replies: u64,
    /// (key, display name)
    pub author: Option<(String, String)>,
    pub likes: u64,
    /// The item's date, parsed while reading (with the viewer's clock).
    pub created: Option<PageTime>,
    /// Who last modified it (a person key) and when, where the page shows it.
    pub editor: Option<String>,
    pub modified: Option<PageTime>,
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

/// What the page says about itself, read one whole-document query at a time (see
/// [`PageLevel::read`]) so that no slice of work holds several of them.
#[derive(Clone, Default)]
pub(crate) struct PageLevel {
    /// On pages that are one thread (`threadScope: page`): its title and marks.
    pub facts: ThreadFacts,
    pub title: Option<String>,
    pub author: Option<String>,
    pub viewer: Viewer,
}

impl PageLevel {
    /// How many reads [`PageLevel::read`] takes.
    pub const READS: usize = 6;

    /// Does read `n` (0 ≤ n < [`PageLevel::READS`]): one query on `root`.
    pub fn read<E: DomElement>(
        &mut self,
        n: usize,
        profile: &Profile,
        viewer_rule: &ViewerRule,
        root: &E,
    ) -> Result<(), SelectorError> {
        let whole_page = profile.thread_scope == ThreadScope::Page;
        let has = |css: &Option<String>| -> Result<bool, SelectorError> {
            Ok(match css {
                Some(css) if whole_page => root.select_first(css)?.is_some(),
                _ => false,
            })
        };
        match n {
            0 if whole_page => {
                self.facts.title = first_text(root, profile.thread_title.as_deref())?
            }
            1 => self.facts.question = has(&profile.question_flag)?,
            2 => self.facts.resolved = has(&profile.resolved_flag)?,
            3 => self.title = first_text(root, profile.page_title.as_deref())?,
            4 => {
                self.author = match &profile.page_author {
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
                }
            }
            5 => self.viewer = read_viewer(viewer_rule, profile.viewer_key, root)?,
            _ => {}
        }
        Ok(())
    }
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

/// Items read, grouped by thread slot (the thread element's index, or `None`) in
/// order of first appearance: filled while reading, so assembling only sorts and builds.
#[derive(Default)]
pub(crate) struct Grouped {
    pub slots: Vec<(Option<u32>, Vec<ReadItem>)>,
    index: HashMap<Option<u32>, usize>,
    /// The last item's slot: items come in document order, mostly a thread's in a row.
    recent: usize,
}

impl Grouped {
    /// Files an item; returns where it went (slot, place), to find it again.
    pub fn push(&mut self, item: ReadItem) -> (usize, usize) {
        let slots = &mut self.slots;
        if slots
            .get(self.recent)
            .is_none_or(|(t, _)| *t != item.thread)
        {
            self.recent = *self.index.entry(item.thread).or_insert_with(|| {
                slots.push((item.thread, Vec::new()));
                slots.len() - 1
            });
        }
        let slot = self.recent;
        let items = &mut self.slots[slot].1;
        items.push(item);
        (slot, items.len() - 1)
    }

    pub fn get(&self, (slot, place): (usize, usize)) -> Option<&ReadItem> {
        self.slots.get(slot)?.1.get(place)
    }

    pub fn get_mut(&mut self, (slot, place): (usize, usize)) -> Option<&mut ReadItem> {
        self.slots.get_mut(slot)?.1.get_mut(place)
    }
}

/// Builds the snapshot from the items read (grouped by thread), `facts` per thread
/// element and what the page says about itself, a bounded number of items per
/// [`Assembly::step`]: a classic thread view of 50,000 contributions is one thread, and
/// building its items took tens of milliseconds in one go. Threads are built in order; each thread's items are sorted when it starts, then
/// built a chunk at a time.
pub(crate) struct Assembly<'p> {
    profile: &'p Profile,
    /// The slots not started yet.
    pending: std::vec::IntoIter<(Option<u32>, Vec<ReadItem>)>,
    current: Option<ThreadBuild>,
    facts: Vec<ThreadFacts>,
    page_facts: ThreadFacts,
    /// Everything but the threads under construction.
    snapshot: PageSnapshot,
}

/// One thread being built.
struct ThreadBuild {
    thread: Thread,
    root_id: Option<String>,
    read: std::vec::IntoIter<ReadItem>,
    /// The next item's index in the thread.
    index: usize,
}

impl<'p> Assembly<'p> {
    pub fn new(
        profile: &'p Profile,
        summary: &PageSummary,
        grouped: Grouped,
        facts: Vec<ThreadFacts>,
        page: PageLevel,
        taken_at: UnixSeconds,
    ) -> Assembly<'p> {
        let mut members = Vec::new();
        let mut loose_items = Vec::new();
        let mut order = grouped.slots;
        if profile.thread_scope == ThreadScope::None {
            let mut read: Vec<ReadItem> = order.drain(..).flat_map(|(_, items)| items).collect();
            read.sort_by_key(|i| i.position);
            for r in read {
                if profile.item.self_count == 0 {
                    if let Some((key, _)) = r.author {
                        members.push(MemberStats {
                            key,
                            discussions: r.threads_started,
                            replies: r.contributions.saturating_sub(r.threads_started),
                            best_replies: r.best_replies,
                            joined: None,
                            last_activity: None,
                        });
                    }
                } else if r.contributes {
                    let mut r = r;
                    let id = r.id.take().unwrap_or_else(|| fallback_id(r.position));
                    loose_items.push(to_item(r, id, None));
                }
            }
        }
        Assembly {
            profile,
            pending: order.into_iter(),
            current: None,
            facts,
            page_facts: page.facts,
            snapshot: PageSnapshot {
                kind: profile.kind,
                page: PageInfo {
                    title: page.title,
                    author: page.author,
                    published: None,
                    views: summary.views,
                    likes: summary.page_likes,
                },
                threads: Vec::new(),
                loose_items,
                members,
                viewer: page.viewer,
                staff: Vec::new(),
                taken_at,
            },
        }
    }

    /// Builds at most `budget` items (starting a thread counts as one); `true` once
    /// every thread is built.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut budget = budget.max(1);
        while budget > 0 {
            let Some(build) = &mut self.current else {
                if !self.start_thread() {
                    return true;
                }
                budget -= 1;
                continue;
            };
            let kind = build.thread.kind;
            for r in build.read.by_ref().take(budget) {
                budget -= 1;
                let mut r = r;
                let i = build.index;
                build.index += 1;
                let id = r.id.take().unwrap_or_else(|| fallback_id(r.position));
                if r.in_best_reply {
                    build.thread.best_reply = Some(id.clone());
                }
                // In a question or discussion every reply answers the root unless it
                // names another post; in a comment section a top-level comment has no
                // parent.
                let parent = match (r.parent.take(), kind) {
                    (Some(p), _) => Some(p),
                    (None, ThreadKind::Comments) => None,
                    (None, _) if i > 0 => build.root_id.clone(),
                    (None, _) => None,
                };
                build.thread.items.push(to_item(r, id, parent));
            }
            if build.read.len() == 0 {
                if let Some(done) = self.current.take() {
                    self.snapshot.threads.push(done.thread);
                }
            }
        }
        self.current.is_none() && self.pending.len() == 0
    }

    /// Starts the next slot that holds contributions (a slot of member cards makes no
    /// thread); `false` when none is left.
    fn start_thread(&mut self) -> bool {
        let profile = self.profile;
        for (slot, mut items) in self.pending.by_ref() {
            items.retain(|i| i.contributes);
            if items.is_empty() {
                continue;
            }
            items.sort_by_key(|i| i.position);
            let facts = match slot {
                Some(index) => self.facts.get(index as usize).cloned().unwrap_or_default(),
                None => self.page_facts.clone(),
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
            let n = self.snapshot.threads.len();
            let root_id = items
                .first()
                .map(|i| i.id.clone().unwrap_or_else(|| fallback_id(i.position)));
            // An element standing for more than itself (a list row's reply count)
            // carries replies the page does not show.
            let unseen_replies = match kind {
                ThreadKind::Comments => 0,
                ThreadKind::Question | ThreadKind::Discussion => items
                    .iter()
                    .map(|r| r.contributions.saturating_sub(1))
                    .fold(0u64, u64::saturating_add),
            };
            self.current = Some(ThreadBuild {
                thread: Thread {
                    id: root_id.clone().unwrap_or_else(|| format!("t{n}")),
                    kind,
                    title: facts.title,
                    items: Vec::with_capacity(items.len()),
                    best_reply: None,
                    best_reply_marked: facts.resolved,
                    unseen_replies,
                },
                root_id,
                read: items.into_iter(),
                index: 0,
            });
            return true;
        }
        false
    }

    /// The snapshot, once [`Assembly::step`] has said `true`.
    pub fn finish(mut self) -> PageSnapshot {
        while !self.step(usize::MAX) {}
        self.snapshot
    }
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
        editor: r.editor,
        modified: r.modified,
        parent,
        likes: r.likes,
        likers: r.likers,
        text: r.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageKind;

    fn read(position: usize, id: Option<&str>, thread: Option<u32>) -> ReadItem {
        ReadItem {
            position,
            id: id.map(str::to_owned),
            contributes: position != 3,
            contributions: 1,
            threads_started: 0,
            best_replies: 0,
            author: Some((format!("id:{}", position % 3), "A".into())),
            likes: position as u64,
            created: None,
            editor: None,
            modified: None,
            parent: (position == 5).then(|| "p1".to_owned()),
            likers: Vec::new(),
            text: Some(format!("text {position}")),
            thread,
            in_best_reply: position == 4,
        }
    }

    fn grouped() -> Grouped {
        let mut g = Grouped::default();
        // Out of order (a best-reply copy took its original's place), a member card
        // (position 3), an item without id, an empty-after-filtering slot.
        for (p, id, t) in [
            (2, Some("p2"), Some(0)),
            (0, Some("p0"), Some(0)),
            (1, None, Some(0)),
            (3, Some("p3"), Some(1)),
            (4, Some("p4"), Some(2)),
            (5, Some("p5"), Some(2)),
            (6, Some("p6"), Some(0)),
        ] {
            g.push(read(p, id, t));
        }
        g
    }

    #[test]
    fn assembling_in_small_steps_gives_the_same_snapshot() {
        for kind in [PageKind::SpClassicDiscussionThread, PageKind::SpModernPage] {
            let profile = super::super::built_in()
                .profiles
                .iter()
                .find(|p| p.kind == kind)
                .expect("profile");
            let summary = PageSummary::empty(kind);
            let facts = vec![ThreadFacts::default(); 3];
            let page = PageLevel::default;
            let whole =
                Assembly::new(profile, &summary, grouped(), facts.clone(), page(), 7).finish();
            assert_eq!(whole.threads.len(), 2);
            assert_eq!(whole.threads[0].items[0].id, "p0");
            for budget in 1..=4 {
                let mut a = Assembly::new(profile, &summary, grouped(), facts.clone(), page(), 7);
                let mut steps = 0;
                while !a.step(budget) {
                    steps += 1;
                }
                assert!(steps > 0, "budget {budget}: one step");
                assert_eq!(a.finish(), whole, "budget {budget}");
            }
        }
    }
}
