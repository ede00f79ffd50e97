//! Page-kind detection and extraction. A page kind is a selector profile (data, see
//! `profile.rs` and `profiles.json`); one generic engine reads every kind over the
//! `DomElement` trait. Extraction is a [`Scan`] that advances by a bounded number of
//! items per call, so the browser can spread a 50,000-comment page over many short
//! slots instead of freezing the tab.

pub mod forms;
mod pattern;
pub mod profile;
pub mod rest;
pub mod snapshot;

use crate::counts::parse_count;
use crate::dates::{parse_page_time, DateContext};
use crate::dom_tree::{DomElement, MatchList, SelectorError};
use crate::extract::{ExtractPlan, Extracted, Extraction, Owner, OwnerIndex, Slot};
use crate::keyed_hash::{HashMap, HashSet};
use crate::model::{PageKind, PageSnapshot, PageSummary};
use pattern::IdReader;
use profile::{AuthorSource, ColumnRule, NumberRule, Profile, ProfileFile, ThreadScope, ValueRule};
use std::collections::hash_map::Entry;
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
    if in_edit_mode(profiles, root, url)? {
        return Ok(None);
    }
    first_detected(&profiles.profiles, root)
}

fn in_edit_mode<E: DomElement>(
    profiles: &ProfileFile,
    root: &E,
    url: &str,
) -> Result<bool, SelectorError> {
    Ok(url_asks_for_edit_mode(url) || root.select_first(&profiles.edit_mode)?.is_some())
}

/// The first profile whose `detect` matches (profiles are tried in order).
fn first_detected<'p, E: DomElement>(
    profiles: &'p [Profile],
    root: &E,
) -> Result<Option<&'p Profile>, SelectorError> {
    for profile in profiles {
        if root.select_first(&profile.detect)?.is_some() {
            return Ok(Some(profile));
        }
    }
    Ok(None)
}

/// Like [`detect`] over the built-in profiles, then the organisation's `custom` ones.
/// A custom profile whose selector the browser refuses is skipped: it cannot make the
/// built-in pages unreadable.
pub fn detect_with<'p, E: DomElement>(
    custom: &'p [Profile],
    root: &E,
    url: &str,
) -> Result<Option<&'p Profile>, SelectorError> {
    let built_in = built_in();
    if in_edit_mode(built_in, root, url)? {
        return Ok(None);
    }
    if let Some(profile) = first_detected(&built_in.profiles, root)? {
        return Ok(Some(profile));
    }
    Ok(custom
        .iter()
        .find(|p| matches!(root.select_first(&p.detect), Ok(Some(_)))))
}

pub fn detect_kind<E: DomElement>(root: &E, url: &str) -> Result<PageKind, SelectorError> {
    Ok(detect(built_in(), root, url)?
        .map(|p| p.kind)
        .unwrap_or(PageKind::Unknown))
}

/// Where each value a profile reads sits in the extraction plan.
#[derive(Default)]
struct Layout {
    /// The item's id: an attribute of the item itself, or of an element inside it.
    id_on_item: Option<usize>,
    id_inside: Option<Slot>,
    author_text: Option<Slot>,
    author_href: Option<Slot>,
    editor_text: Option<Slot>,
    editor_href: Option<Slot>,
    likes: Option<(Slot, usize)>,
    extra_items: Vec<(Slot, usize)>,
    extra_threads: Vec<(Slot, usize)>,
    best_replies: Option<(Slot, usize)>,
    /// Snapshot only: (attribute, text) of the date and likers elements.
    date: Option<(Option<Slot>, Slot)>,
    modified: Option<(Option<Slot>, Slot)>,
    likers: Option<(Option<Slot>, Slot)>,
    reply_to: Option<Slot>,
    text: Option<Slot>,
    in_best_reply: Option<usize>,
    /// Snapshot only, per thread element: title text, question and resolved marks.
    thread_title: Option<Slot>,
    question: Option<usize>,
    resolved: Option<usize>,
    /// Per value query, what its matches are filed under.
    owners: Vec<Owner>,
}

/// Where a list's columns stand, found by header text: 1-based places among a row's
/// cells (what `:nth-child` counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ColumnMap {
    created_by: Option<usize>,
    modified_by: Option<usize>,
    created: Option<usize>,
    modified: Option<usize>,
}

fn read_columns<E: DomElement>(rule: &ColumnRule, root: &E) -> Result<ColumnMap, SelectorError> {
    let fold = |t: &str| fold_name(t).to_lowercase();
    let headers: Vec<String> = root
        .select_all(&rule.header)?
        .iter()
        .map(|h| fold(&h.text()))
        .collect();
    let find = |names: &[String]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| *h == fold(n)))
            .map(|i| i + 1)
    };
    Ok(ColumnMap {
        created_by: find(&rule.created_by),
        modified_by: find(&rule.modified_by),
        created: find(&rule.created),
        modified: find(&rule.modified),
    })
}

/// A selector list of the cells (or what `inner` finds in them) of the column at
/// `place`, and `own`, the rule's selector for pages that name their cells.
fn column_css(
    rule: Option<&ColumnRule>,
    place: Option<usize>,
    inner: Option<&str>,
    own: Option<&str>,
) -> Option<String> {
    let cell = match (rule, place) {
        (Some(rule), Some(k)) => Some(match inner {
            Some(inner) => format!("{}:nth-child({k}) {inner}", rule.cell),
            None => format!("{}:nth-child({k})", rule.cell),
        }),
        _ => None,
    };
    match (cell, own) {
        (Some(cell), Some(own)) => Some(format!("{cell}, {own}")),
        (Some(cell), None) => Some(cell),
        (None, own) => own.map(str::to_owned),
    }
}

/// What reading a page of this profile asks of the DOM, at a level of detail (for a
/// page whose list columns, if any, were not found).
pub fn extraction_plan(profile: &Profile, detail: &Detail) -> ExtractPlan {
    plan_for(profile, detail, &ColumnMap::default()).0
}

/// The plan a profile needs at a level of detail, and where each value lands in it.
fn plan_for(profile: &Profile, detail: &Detail, columns: &ColumnMap) -> (ExtractPlan, Layout) {
    let (plan, mut layout) = plan_values(profile, detail, columns);
    layout.owners = plan.values.iter().map(|q| q.owner).collect();
    (plan, layout)
}

fn plan_values(profile: &Profile, detail: &Detail, columns: &ColumnMap) -> (ExtractPlan, Layout) {
    let rule = &profile.item;
    let mut plan = ExtractPlan::new(&rule.css);
    let mut layout = Layout::default();
    let number =
        |plan: &mut ExtractPlan, n: &NumberRule| (plan.want(&n.css, Owner::Item, None), n.nth);
    if let Some(id) = &rule.id {
        match &id.css {
            Some(css) => layout.id_inside = Some(plan.want(css, Owner::Item, Some(&id.attr))),
            None => layout.id_on_item = Some(plan.want_item_attr(&id.attr)),
        }
    }
    let table = profile.columns.as_ref();
    let person = table.map(|t| t.person.as_str());
    if let Some(author) = &rule.author {
        // Without a "Created By" header (another language), a list row's first person.
        let css = match (table, columns.created_by) {
            (Some(t), None) => format!("{} {}, {}", t.cell, t.person, author.css),
            (_, place) => column_css(table, place, person, Some(&author.css)).unwrap_or_default(),
        };
        layout.author_text = Some(plan.want(&css, Owner::Item, None));
        if author.from == AuthorSource::Href {
            layout.author_href = Some(plan.want(&css, Owner::Item, Some("href")));
        }
    }
    layout.likes = rule.likes.as_ref().map(|l| number(&mut plan, l));
    layout.extra_items = rule
        .extra_items
        .iter()
        .map(|n| number(&mut plan, n))
        .collect();
    layout.best_replies = rule.best_replies.as_ref().map(|n| number(&mut plan, n));
    layout.extra_threads = rule
        .extra_threads
        .iter()
        .map(|n| number(&mut plan, n))
        .collect();
    if matches!(detail, Detail::Summary) {
        return (plan, layout);
    }
    let value = |plan: &mut ExtractPlan, v: &ValueRule| {
        let attr = v
            .attr
            .as_deref()
            .map(|a| plan.want(&v.css, Owner::Item, Some(a)));
        (attr, plan.want(&v.css, Owner::Item, None))
    };
    if let Some(css) = column_css(
        table,
        columns.modified_by,
        person,
        rule.editor.as_ref().map(|e| e.css.as_str()),
    ) {
        layout.editor_text = Some(plan.want(&css, Owner::Item, None));
        layout.editor_href = Some(plan.want(&css, Owner::Item, Some("href")));
    }
    let dated = |plan: &mut ExtractPlan, place: Option<usize>, own: Option<&ValueRule>| {
        let css = column_css(table, place, None, own.map(|v| v.css.as_str()))?;
        let attr = own.and_then(|v| v.attr.clone());
        Some(value(plan, &ValueRule { css, attr }))
    };
    layout.date = dated(&mut plan, columns.created, rule.date.as_ref());
    layout.modified = dated(&mut plan, columns.modified, rule.modified.as_ref());
    layout.likers = rule.likers.as_ref().map(|l| value(&mut plan, l));
    layout.reply_to = rule.reply_to.as_ref().and_then(|r| {
        let css = r.css.as_deref()?;
        Some(plan.want(css, Owner::Item, Some(&r.attr)))
    });
    layout.text = rule
        .text
        .as_deref()
        .map(|css| plan.want(css, Owner::Item, None));
    layout.in_best_reply = profile
        .best_reply
        .as_deref()
        .map(|css| plan.want_within(css));
    plan.nested = rule.nested;
    if let (ThreadScope::Element, Some(css)) = (profile.thread_scope, &profile.thread) {
        plan.groups = Some(css.clone());
        layout.thread_title = profile
            .thread_title
            .as_deref()
            .map(|css| plan.want(css, Owner::Group, None));
        layout.question = profile
            .question_flag
            .as_deref()
            .map(|css| plan.want_rows(css, Owner::Group));
        layout.resolved = profile
            .resolved_flag
            .as_deref()
            .map(|css| plan.want_rows(css, Owner::Group));
    }
    (plan, layout)
}

/// An extraction in progress over one page.
///
/// Everything the profile reads inside items (author, likes, id holder, dates…) is
/// found with one page-wide query per selector, each match filed under the item that
/// owns it (see [`crate::extract`]), rather than with queries per item: Chromium
/// evaluates a per-element query whose selector has a descendant combinator (`.a .b`)
/// by scanning the whole document, which made reading a 20,000-item page take 15 s.
/// Filing is by the nearest enclosing item, so a nested reply's values never count for
/// its parent.
///
/// Stages, each advancing a bounded amount per [`Scan::step`]: page-level queries (one
/// per step, snapshots only), the extraction (DOM work, in chunks of rows), reading the
/// items from its columns (pure Rust: ids, people, counts, dates parsed here, items
/// grouped by thread, so that assembling the snapshot only sorts and builds), then
/// letting the columns go.
pub struct Scan<'p, E: DomElement> {
    profile: &'p Profile,
    root: E,
    detail: Detail,
    /// Page-level reads done so far (snapshots only), and what they found.
    page_reads: usize,
    page: snapshot::PageLevel,
    layout: Layout,
    /// How the id and reply-link patterns read their attribute.
    id_reader: IdReader<'p>,
    reply_reader: IdReader<'p>,
    extraction: E::Extraction,
    out: Extracted,
    /// Per value query, each owner's rows; built when the extraction completes.
    owned: Option<Vec<OwnerIndex>>,
    /// What each thread element says about itself; taken when the columns are let go.
    facts: Option<Vec<snapshot::ThreadFacts>>,
    /// The next item to read.
    cursor: usize,
    dates: Option<DateContext>,
    /// Every distinct id read, with its first item's index (whose `read_at` finds it
    /// again, to move a best-reply copy to its original's place).
    seen: HashMap<String, usize>,
    authors: HashSet<String>,
    summary: PageSummary,
    /// Every distinct item read, grouped by thread, for the full snapshot.
    grouped: snapshot::Grouped,
    /// Per item index, where it sits in `grouped` (full snapshots), so a nested reply
    /// can name its parent.
    read_at: Vec<Option<(usize, usize)>>,
    /// Where each id's element stands among the item matches (the original, not a
    /// best-reply copy): how the panel's jump links find an item again.
    positions: ItemPositions,
}

/// How much a scan reads: the overlay's counts only, or everything the snapshot holds
/// (dates read with the viewer's clock, parents, likers, texts, thread facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Summary,
    Snapshot(snapshot::Clock),
}

impl<'p, E: DomElement> Scan<'p, E> {
    /// Reads the page-level counts; the extraction and per-item work happen in
    /// [`Scan::step`].
    pub fn start(profile: &'p Profile, root: &E, detail: Detail) -> Result<Self, SelectorError> {
        let mut summary = PageSummary::empty(profile.kind);
        if let Some(css) = &profile.thread {
            summary.threads = root.query_all(css)?.count() as u64;
        }
        summary.page_likes = first_count(root, profile.page_likes.as_deref())?;
        summary.views = first_count(root, profile.views.as_deref())?;
        let columns = match &profile.columns {
            Some(rule) => read_columns(rule, root)?,
            None => ColumnMap::default(),
        };
        let (plan, layout) = plan_for(profile, &detail, &columns);
        let dates = match detail {
            Detail::Snapshot(clock) => Some(DateContext {
                now: clock.now,
                utc_offset_minutes: clock.utc_offset_minutes,
                order: clock
                    .date_order
                    .unwrap_or_else(|| snapshot::date_order(root)),
            }),
            Detail::Summary => None,
        };
        Ok(Scan {
            profile,
            root: root.clone(),
            detail,
            page_reads: match detail {
                Detail::Summary => snapshot::PageLevel::READS,
                Detail::Snapshot(_) => 0,
            },
            page: snapshot::PageLevel::default(),
            layout,
            id_reader: IdReader::new(profile.item.id.as_ref().and_then(|r| r.pattern.as_ref())),
            reply_reader: IdReader::new(
                profile
                    .item
                    .reply_to
                    .as_ref()
                    .and_then(|r| r.pattern.as_ref()),
            ),
            extraction: root.extraction(&plan),
            out: Extracted::for_plan(&plan),
            owned: None,
            facts: None,
            cursor: 0,
            dates,
            seen: HashMap::default(),
            authors: HashSet::default(),
            summary,
            grouped: snapshot::Grouped::default(),
            read_at: Vec::new(),
            positions: ItemPositions::default(),
        })
    }

    /// Does at most `budget` units of work (a page-level query, extraction rows, or
    /// items read); `true` once everything is done.
    pub fn step(&mut self, budget: usize) -> Result<bool, SelectorError> {
        let budget = budget.max(1);
        if self.page_reads < snapshot::PageLevel::READS {
            // One whole-document query per step: on a 50,000-item page each is tens of
            // milliseconds, so they get a clock check each.
            let viewer = &built_in().viewer;
            self.page
                .read(self.page_reads, self.profile, viewer, &self.root)?;
            self.page_reads += 1;
            return Ok(false);
        }
        if self.owned.is_none() {
            if !self.extraction.step(budget, &mut self.out)? {
                return Ok(false);
            }
            // Sized once for every item, not grown (and rehashed) as the items are read.
            let items = self.out.items;
            self.seen.reserve(items);
            if self.dates.is_some() {
                self.positions.reserve(items);
                self.read_at.reserve(items);
            }
            let out = &self.out;
            self.owned = Some(
                out.values
                    .iter()
                    .zip(&self.layout.owners)
                    .map(|(v, owner)| {
                        let count = match owner {
                            Owner::Item => out.items,
                            Owner::Group => out.groups,
                        };
                        OwnerIndex::build(&v.owner, count)
                    })
                    .collect(),
            );
            return Ok(false);
        }
        if self.cursor < self.out.items {
            let end = self.cursor.saturating_add(budget).min(self.out.items);
            while self.cursor < end {
                self.read_item(self.cursor);
                self.cursor += 1;
            }
            return Ok(false);
        }
        if self.facts.is_none() {
            // Everything is read: keep the thread facts and let the columns go (a few
            // buffers), then the ids read in a step of their own (a big page's are tens
            // of thousands of strings).
            self.facts = Some(self.thread_facts());
            self.owned = Some(Vec::new());
            self.out = Extracted::default();
            self.read_at = Vec::new();
            return Ok(false);
        }
        if !self.seen.is_empty() {
            self.seen = HashMap::default();
            return Ok(false);
        }
        Ok(true)
    }

    pub fn finish(mut self) -> Result<PageSummary, SelectorError> {
        while !self.step(usize::MAX)? {}
        self.summary.contributors = self.authors.len() as u64;
        Ok(self.summary)
    }

    /// Finishes the reading and assembles the full snapshot (threads, items with dates
    /// and parents) next to the summary. A scan started with `Detail::Summary` has no
    /// dates, parents or thread facts to give.
    pub fn finish_with_snapshot(self) -> Result<(PageSummary, PageSnapshot), SelectorError> {
        let (summary, assembly) = self.into_assembly()?;
        Ok((summary, assembly.finish()))
    }

    /// [`Scan::finish_with_snapshot`] for a caller that yields between the steps of the
    /// assembly.
    pub(crate) fn into_assembly(
        mut self,
    ) -> Result<(PageSummary, snapshot::Assembly<'p>), SelectorError> {
        while !self.step(usize::MAX)? {}
        self.summary.contributors = self.authors.len() as u64;
        let facts = self.facts.take().unwrap_or_default();
        let taken_at = match self.detail {
            Detail::Snapshot(clock) => clock.now,
            Detail::Summary => 0,
        };
        let assembly = snapshot::Assembly::new(
            self.profile,
            &self.summary,
            self.grouped,
            facts,
            self.page,
            taken_at,
        );
        Ok((self.summary, assembly))
    }

    /// Whether the DOM work is over (only reading the items from columns remains).
    pub fn extracted(&self) -> bool {
        self.owned.is_some()
    }

    /// The position of each item id read so far (full snapshots only), handed over once.
    pub fn take_positions(&mut self) -> ItemPositions {
        std::mem::take(&mut self.positions)
    }

    /// The `nth` value of `slot` inside item (or thread) `owner`.
    fn owned(&self, slot: Slot, owner: usize, nth: usize) -> Option<&str> {
        let row = *self.owned.as_ref()?.get(slot.query)?.rows(owner).get(nth)?;
        self.out.field(slot.query, slot.field, row as usize)
    }

    fn owns_any(&self, query: usize, owner: usize) -> bool {
        self.owned
            .as_ref()
            .and_then(|o| o.get(query))
            .is_some_and(|index| !index.rows(owner).is_empty())
    }

    fn number(&self, (slot, nth): (Slot, usize), item: usize) -> u64 {
        self.owned(slot, item, nth)
            .and_then(parse_count)
            .unwrap_or(0)
    }

    /// An attribute-or-text value: the attribute when present, else the text.
    fn attr_or_text(&self, (attr, text): (Option<Slot>, Slot), item: usize) -> Option<&str> {
        attr.and_then(|a| self.owned(a, item, 0))
            .or_else(|| self.owned(text, item, 0))
    }

    fn item_id(&self, item: usize) -> Option<String> {
        let raw = match (self.layout.id_on_item, self.layout.id_inside) {
            (Some(column), _) => self.out.attr(column, item),
            (None, Some(slot)) => self.owned(slot, item, 0),
            (None, None) => None,
        }?;
        self.id_reader.read(raw)
    }

    /// The person in (text, href) slots.
    fn person_in(
        &self,
        (text, href): (Option<Slot>, Option<Slot>),
        item: usize,
    ) -> Option<(String, String)> {
        let text = self.owned(text?, item, 0)?;
        let href = href.and_then(|s| self.owned(s, item, 0));
        person(text, href)
    }

    fn read_item(&mut self, index: usize) {
        let id = self.item_id(index);
        let in_best_reply = self
            .layout
            .in_best_reply
            .is_some_and(|column| self.out.within[column][index]);
        let snapshot = self.dates.is_some();
        if snapshot {
            self.read_at.push(None);
        }
        if let Some(id) = &id {
            match self.seen.entry(id.clone()) {
                Entry::Occupied(first) => {
                    // A best-reply copy is shown above the thread; the snapshot keeps
                    // the reply where the original stands.
                    let at = self.read_at.get(*first.get()).copied().flatten();
                    if let Some(first) = at.and_then(|at| self.grouped.get_mut(at)) {
                        if first.in_best_reply && !in_best_reply {
                            first.position = index;
                            self.positions.insert(id.clone(), index);
                        }
                    }
                    return;
                }
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
            if snapshot {
                self.positions.insert(id.clone(), index);
            }
        } else if snapshot {
            self.positions.insert(snapshot::fallback_id(index), index);
        }
        let layout = &self.layout;
        let contributions = layout
            .extra_items
            .iter()
            .fold(self.profile.item.self_count, |n, &extra| {
                n.saturating_add(self.number(extra, index))
            });
        let threads = layout.extra_threads.iter().fold(0u64, |n, &extra| {
            n.saturating_add(self.number(extra, index))
        });
        let likes = layout.likes.map_or(0, |l| self.number(l, index));
        let author = self.person_in((layout.author_text, layout.author_href), index);
        let summary = &mut self.summary;
        summary.threads = summary.threads.saturating_add(threads);
        summary.items = summary.items.saturating_add(contributions);
        summary.item_likes = summary.item_likes.saturating_add(likes);
        if contributions > 0 {
            if let Some((author_key, _)) = &author {
                // Most authors are already in: no key copied for them.
                if !self.authors.contains(author_key) {
                    self.authors.insert(author_key.clone());
                }
            }
        }
        let Some(ctx) = &self.dates else {
            return;
        };
        let layout = &self.layout;
        let nested_parent = self
            .out
            .parent
            .get(index)
            .copied()
            .flatten()
            .and_then(|p| *self.read_at.get(p as usize)?)
            .and_then(|at| self.grouped.get(at)?.id.clone());
        let reply_to = layout.reply_to.and_then(|slot| {
            let raw = self.owned(slot, index, 0)?;
            self.reply_reader.read(raw)
        });
        let read = snapshot::ReadItem {
            position: index,
            id,
            contributes: contributions > 0,
            contributions,
            threads_started: threads,
            best_replies: layout.best_replies.map_or(0, |b| self.number(b, index)),
            author,
            likes,
            created: layout
                .date
                .and_then(|d| self.attr_or_text(d, index))
                .and_then(|d| parse_page_time(d, ctx)),
            editor: self
                .person_in((layout.editor_text, layout.editor_href), index)
                .map(|(key, _)| key),
            modified: layout
                .modified
                .and_then(|d| self.attr_or_text(d, index))
                .and_then(|d| parse_page_time(d, ctx)),
            parent: reply_to.or(nested_parent),
            likers: layout
                .likers
                .and_then(|l| self.attr_or_text(l, index))
                .map(|names| {
                    names
                        .lines()
                        .map(fold_name)
                        .filter(|n| !n.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            text: layout
                .text
                .and_then(|slot| self.owned(slot, index, 0))
                .map(|t| t.trim().to_owned()),
            thread: self.out.group.get(index).copied().flatten(),
            in_best_reply,
        };
        let at = self.grouped.push(read);
        if let Some(slot) = self.read_at.get_mut(index) {
            *slot = Some(at);
        }
    }

    /// What each thread element says about itself (title, question, resolved).
    fn thread_facts(&self) -> Vec<snapshot::ThreadFacts> {
        let layout = &self.layout;
        (0..self.out.groups)
            .map(|g| snapshot::ThreadFacts {
                title: layout
                    .thread_title
                    .and_then(|slot| self.owned(slot, g, 0))
                    .map(fold_name)
                    .filter(|t| !t.is_empty()),
                question: layout.question.is_some_and(|q| self.owns_any(q, g)),
                resolved: layout.resolved.is_some_and(|q| self.owns_any(q, g)),
            })
            .collect()
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
    Ok(read_page(root, url, clock, &[])?.map(|page| page.snapshot))
}

/// Where each item stands among its page's item elements (matches of the profile's
/// item selector, in document order), by item id.
pub type ItemPositions = HashMap<String, usize>;

/// A page read completely, with what a reader of a copy of the page needs to point at
/// the same items in the page itself: the item selector and the items' positions.
pub struct PageReading<'p> {
    pub summary: PageSummary,
    pub snapshot: PageSnapshot,
    pub positions: ItemPositions,
    pub item_css: &'p str,
}

/// Reads a whole page at once (summary, snapshot and item positions), or `None` when
/// Animateur does not read it.
pub fn read_page<'p, E: DomElement>(
    root: &E,
    url: &str,
    clock: &snapshot::Clock,
    custom: &'p [Profile],
) -> Result<Option<PageReading<'p>>, SelectorError> {
    let Some(profile) = detect_with(custom, root, url)? else {
        return Ok(None);
    };
    let mut scan = Scan::start(profile, root, Detail::Snapshot(*clock))?;
    while !scan.step(usize::MAX)? {}
    let positions = scan.take_positions();
    let (summary, snapshot) = scan.finish_with_snapshot()?;
    Ok(Some(PageReading {
        summary,
        snapshot,
        positions,
        item_css: profile.item.css.as_str(),
    }))
}

fn first_count<E: DomElement>(root: &E, css: Option<&str>) -> Result<Option<u64>, SelectorError> {
    let Some(css) = css else { return Ok(None) };
    Ok(root.select_first(css)?.and_then(|e| parse_count(&e.text())))
}

/// Display names compared loosely: spaces folded, case ignored.
pub(crate) fn fold_name(name: &str) -> String {
    // Built in place: collecting the words first cost a second allocation per name,
    // and every item's author goes through here.
    let mut folded = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// (key, display name) of the person an author element shows. The key tells people
/// apart: the profile link's user id or account name when there is one, else the
/// display name (lower-cased, spaces folded), since two colleagues can share a name.
/// `href` is the link's target when the profile reads people from links.
fn person(text: &str, href: Option<&str>) -> Option<(String, String)> {
    let name = fold_name(text);
    if let Some(href) = href.filter(|h| !h.trim().is_empty()) {
        return Some((person_from_href(href), name));
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
                // Most are plain ASCII (`ID=14`), already lower-cased: nothing to decode.
                if value.is_ascii() && !value.contains('%') {
                    return [prefix, value].concat();
                }
                return [prefix, &percent_decode(value)].concat();
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
            if let Some(c) = &p.columns {
                root.select_all(&c.header).unwrap();
                let cell = column_css(Some(c), Some(2), Some(&c.person), Some("p"));
                root.select_all(&cell.unwrap()).unwrap();
            }
            let plan = extraction_plan(p, &Detail::Summary);
            for q in &plan.values {
                root.select_all(&q.css).unwrap();
            }
        }
        for f in &file.thread_forms {
            let question = f.question.iter();
            for css in [&f.form, &f.title, &f.body].into_iter().chain(question) {
                root.select_all(css).unwrap();
            }
        }
        assert!(!file.thread_forms.is_empty());
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
        // Not ASCII: lower-cased whole, like a decoded one.
        assert_eq!(person_from_href("/x?AccountName=ÉLise"), "account:élise");
        assert_eq!(fold_name(" Marie \u{A0}\tCurie\n"), "Marie Curie");
        assert_eq!(fold_name(" \n "), "");
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
        // Extraction: skipping the absent thread phase, then three phases (items,
        // authors, like counts) of one query, 25 matches and an end: 82 units, 28 calls
        // of 3. Then 25 items read 3 per call (9 calls), one call keeping the thread
        // facts and letting the columns go, and a last call reporting completion.
        assert_eq!(steps, 28 + 9 + 1);
        let stepped = scan.finish().unwrap();
        assert_eq!(stepped, summary(&html));
        assert_eq!(
            (stepped.items, stepped.contributors, stepped.item_likes),
            (25, 4, 300)
        );
    }

    #[test]
    fn custom_profiles_come_after_the_built_in_ones_and_a_bad_selector_is_skipped() {
        let html =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/other-forum.html"))
                .unwrap();
        let doc = parse_document(&html);
        let root = doc.root_element();
        assert!(detect_with(&[], &root, "").unwrap().is_none());
        let custom = profile::parse_custom(
            r#"[{"kind": "sp-classic-discussion-thread", "detect": "div:unknown-pseudo",
                 "threadKind": "discussion", "item": {"css": "p"}},
                {"kind": "sp-classic-discussion-thread", "detect": ".forum-topic",
                 "threadScope": "page", "threadKind": "question",
                 "item": {"css": "article.forum-post", "author": {"css": ".who", "from": "text"}}}]"#,
        );
        // The first one's selector passes the text check but not the parser: skipped.
        let custom = custom.unwrap();
        let found = detect_with(&custom, &root, "").unwrap().unwrap();
        assert_eq!(found.detect, ".forum-topic");
        let summary = summarise_with(found, &root);
        assert_eq!((summary.items, summary.contributors), (4, 3));
        // A SharePoint page is still read by its built-in profile.
        let sp = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/discussion-thread.html"
        ))
        .unwrap();
        let sp_doc = parse_document(&sp);
        let kind = detect_with(&custom, &sp_doc.root_element(), "")
            .unwrap()
            .unwrap()
            .kind;
        assert_eq!(kind, PageKind::SpClassicDiscussionThread);
    }

    fn summarise_with<E: DomElement>(profile: &Profile, root: &E) -> PageSummary {
        let mut scan = Scan::start(profile, root, Detail::Summary).unwrap();
        while !scan.step(usize::MAX).unwrap() {}
        scan.finish().unwrap()
    }
}
