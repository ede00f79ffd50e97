//! Columnar extraction: what page reading asks of the DOM, as one plan, answered in
//! columns.
//!
//! Reading a page element by element costs a JS↔wasm crossing per query, per `closest`,
//! per attribute and per text, which made the browser's reading ~80× slower than a bare
//! DOM pass. So the adapters state everything they need up front (an [`ExtractPlan`]:
//! the item elements, the thread elements, and page-wide value queries whose matches are
//! filed under the item or thread enclosing them) and an [`Extraction`] answers it in
//! chunks of rows. The browser runs the whole plan inside one JS function per chunk
//! (`crate::dom_extract`); hosts without a faster way use [`ElementExtraction`], the
//! same algorithm over the `DomElement` primitives, which also defines what the
//! browser's version must return.
//!
//! Phases, in order: the thread elements (indexed), the items (indexed, and per item
//! its attributes, its enclosing item and thread, and whether it sits inside some
//! container), then each value query (per match: its owner's index and its fields).

use crate::dom_tree::{DomElement, MatchList, SelectorError};
use serde::Serialize;
use std::collections::HashMap;

/// Which indexed elements a value query's matches are filed under: the nearest
/// enclosing (or same) item, or thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Owner {
    Item,
    Group,
}

/// One page-wide query; each match yields its owner's index and its fields: the
/// named attribute, or the text when the name is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueQuery {
    pub css: String,
    pub owner: Owner,
    pub fields: Vec<Option<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractPlan {
    /// Each match is one item; its index is its place among the matches.
    pub items: String,
    /// Thread elements: each item gets the index of the one enclosing it (or itself).
    pub groups: Option<String>,
    /// Attributes read on each item element.
    pub item_attrs: Vec<String>,
    /// Per item: whether it is inside (or is) a match of each of these.
    pub item_within: Vec<String>,
    /// Per item: the index of the item enclosing it (nested replies).
    pub nested: bool,
    pub values: Vec<ValueQuery>,
}

/// A field handle: which value query, which of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub query: usize,
    pub field: usize,
}

impl ExtractPlan {
    pub fn new(items: &str) -> ExtractPlan {
        ExtractPlan {
            items: items.to_owned(),
            ..ExtractPlan::default()
        }
    }

    /// Asks for a field of the matches of `css`, sharing the query with earlier
    /// requests for the same selector and owner.
    pub fn want(&mut self, css: &str, owner: Owner, field: Option<&str>) -> Slot {
        let query = self.want_rows(css, owner);
        let fields = &mut self.values[query].fields;
        let field = field.map(str::to_owned);
        let index = match fields.iter().position(|f| *f == field) {
            Some(i) => i,
            None => {
                fields.push(field);
                fields.len() - 1
            }
        };
        Slot {
            query,
            field: index,
        }
    }

    /// Asks for the matches of `css` without reading anything of them (only whether an
    /// owner has any); returns the query.
    pub fn want_rows(&mut self, css: &str, owner: Owner) -> usize {
        match self
            .values
            .iter()
            .position(|q| q.css == css && q.owner == owner)
        {
            Some(q) => q,
            None => {
                self.values.push(ValueQuery {
                    css: css.to_owned(),
                    owner,
                    fields: Vec::new(),
                });
                self.values.len() - 1
            }
        }
    }

    /// Asks for an attribute of every item element; returns its column.
    pub fn want_item_attr(&mut self, name: &str) -> usize {
        index_of(&mut self.item_attrs, name)
    }

    /// Asks whether each item is inside a match of `css`; returns its column.
    pub fn want_within(&mut self, css: &str) -> usize {
        index_of(&mut self.item_within, css)
    }
}

fn index_of(list: &mut Vec<String>, value: &str) -> usize {
    match list.iter().position(|v| v == value) {
        Some(i) => i,
        None => {
            list.push(value.to_owned());
            list.len() - 1
        }
    }
}

/// The answer to a plan, filled chunk by chunk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    pub groups: usize,
    pub items: usize,
    /// Per item: the enclosing item's index (plans with `nested`).
    pub parent: Vec<Option<u32>>,
    /// Per item: the enclosing thread's index (plans with `groups`).
    pub group: Vec<Option<u32>>,
    /// `[column][item]`, per `item_within` entry.
    pub within: Vec<Vec<bool>>,
    /// `[column][item]`, per `item_attrs` entry: see [`Extracted::attr`].
    attrs: Vec<Vec<Option<Span>>>,
    pub values: Vec<ValueColumns>,
    /// Every string of the columns, one after the other. A `String` per value cost an
    /// allocation to make and one to free per field of every item (most of a
    /// 1,000-item re-reading's time in wasm, in the allocator), and their freeing had
    /// to be spread over steps on big pages; this is a few allocations per chunk.
    text: String,
}

/// Where a string of the columns is in [`Extracted`]'s text (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueColumns {
    /// Per match: the owner's index, `None` when no item (or thread) encloses it.
    pub owner: Vec<Option<u32>>,
    /// `[field][match]`: see [`Extracted::field`].
    fields: Vec<Vec<Option<Span>>>,
}

/// Appends `piece` to `text`; where it went. A text past 4 GiB (not in wasm32) keeps
/// the piece out rather than panic.
fn store<S: AsRef<str>>(text: &mut String, piece: Option<S>) -> Option<Span> {
    let piece = piece?;
    let piece = piece.as_ref();
    let start = u32::try_from(text.len()).ok()?;
    let end = u32::try_from(text.len() + piece.len()).ok()?;
    text.push_str(piece);
    Some(Span { start, end })
}

impl Extracted {
    pub fn for_plan(plan: &ExtractPlan) -> Extracted {
        Extracted {
            within: vec![Vec::new(); plan.item_within.len()],
            attrs: vec![Vec::new(); plan.item_attrs.len()],
            values: plan
                .values
                .iter()
                .map(|q| ValueColumns {
                    owner: Vec::new(),
                    fields: vec![Vec::new(); q.fields.len()],
                })
                .collect(),
            ..Extracted::default()
        }
    }

    fn text_at(&self, span: Option<Span>) -> Option<&str> {
        let span = span?;
        self.text.get(span.start as usize..span.end as usize)
    }

    /// Item attribute `column` of `item`.
    pub fn attr(&self, column: usize, item: usize) -> Option<&str> {
        self.text_at(*self.attrs.get(column)?.get(item)?)
    }

    /// Field `field` of value query `query`'s match `row`.
    pub fn field(&self, query: usize, field: usize, row: usize) -> Option<&str> {
        let column = self.values.get(query)?.fields.get(field)?;
        self.text_at(*column.get(row)?)
    }

    pub fn push_item<S: AsRef<str>>(
        &mut self,
        plan: &ExtractPlan,
        parent: Option<u32>,
        group: Option<u32>,
        within: impl IntoIterator<Item = bool>,
        attrs: impl IntoIterator<Item = Option<S>>,
    ) {
        self.items += 1;
        if plan.nested {
            self.parent.push(parent);
        }
        if plan.groups.is_some() {
            self.group.push(group);
        }
        for (column, value) in self.within.iter_mut().zip(within) {
            column.push(value);
        }
        for (column, value) in self.attrs.iter_mut().zip(attrs) {
            column.push(store(&mut self.text, value));
        }
    }

    pub fn push_value<S: AsRef<str>>(
        &mut self,
        query: usize,
        owner: Option<u32>,
        fields: impl IntoIterator<Item = Option<S>>,
    ) {
        if let Some(columns) = self.values.get_mut(query) {
            columns.owner.push(owner);
            for (column, value) in columns.fields.iter_mut().zip(fields) {
                column.push(store(&mut self.text, value));
            }
        }
    }
}

/// One chunk of rows as a batched reader hands it over: every row of one phase, the
/// numbers row after row, the strings as UTF-16 lengths (-1: none) into one joined text.
/// See `src/dom_extract.js` for the layout.
pub struct Chunk<'a> {
    pub phase: usize,
    pub rows: usize,
    pub numbers: &'a [i32],
    pub lengths: &'a [i32],
    pub text: &'a str,
}

impl Extracted {
    /// Appends a chunk's rows. A chunk that does not fit the plan's layout (a reader
    /// defect) adds what it can and never panics.
    pub fn push_chunk(&mut self, plan: &ExtractPlan, chunk: &Chunk) {
        let mut strings = Utf16Pieces::new(chunk.text, chunk.lengths);
        let index = |n: i32| u32::try_from(n).ok();
        match chunk.phase {
            0 => self.groups += chunk.rows,
            1 => {
                let width = 2 + plan.item_within.len();
                for row in chunk.numbers.chunks_exact(width).take(chunk.rows) {
                    let attrs = (0..plan.item_attrs.len()).map(|_| strings.next_piece());
                    let within = row[2..].iter().map(|&n| n != 0);
                    self.push_item(plan, index(row[0]), index(row[1]), within, attrs);
                }
            }
            n => {
                let Some(query) = plan.values.get(n - 2) else {
                    return;
                };
                for &owner in chunk.numbers.iter().take(chunk.rows) {
                    let fields = (0..query.fields.len()).map(|_| strings.next_piece());
                    self.push_value(n - 2, index(owner), fields);
                }
            }
        }
    }
}

/// Cuts a joined text into pieces given in UTF-16 code units (what JS string lengths
/// count). A lone surrogate arrives as U+FFFD, also one unit, so lengths still line up.
struct Utf16Pieces<'a> {
    text: &'a str,
    lengths: std::slice::Iter<'a, i32>,
}

impl<'a> Utf16Pieces<'a> {
    fn new(text: &'a str, lengths: &'a [i32]) -> Self {
        Utf16Pieces {
            text,
            lengths: lengths.iter(),
        }
    }

    fn next_piece(&mut self) -> Option<&'a str> {
        let units = usize::try_from(*self.lengths.next()?).ok()?;
        let bytes = self.text.as_bytes();
        // Most pieces are ASCII: as many bytes as units.
        let end = match bytes.get(..units) {
            Some(head) if head.is_ascii() => units,
            _ => utf16_end(bytes, units),
        };
        let (piece, rest) = self.text.split_at(end);
        self.text = rest;
        Some(piece)
    }
}

/// Where the first `units` UTF-16 units of `bytes` (UTF-8) end, or its length. Counted
/// on the bytes, not decoded: each char starts with one non-continuation byte, and a
/// 4-byte one is two UTF-16 units. Whole blocks are counted without a branch per byte
/// as long as the end is past them (texts are the longest pieces, and most are not
/// ASCII throughout).
fn utf16_end(bytes: &[u8], units: usize) -> usize {
    const BLOCK: usize = 16;
    let units_of = |b: u8| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    let (mut seen, mut start) = (0, 0);
    for block in bytes.chunks_exact(BLOCK) {
        let after = seen + block.iter().map(|&b| units_of(b)).sum::<usize>();
        if after >= units {
            break;
        }
        (seen, start) = (after, start + BLOCK);
    }
    // The end is the first char start once `units` are seen.
    bytes[start..]
        .iter()
        .position(|&b| {
            if b & 0xC0 == 0x80 {
                return false;
            }
            if seen >= units {
                return true;
            }
            seen += units_of(b);
            false
        })
        .map_or(bytes.len(), |p| start + p)
}

/// Per value query, each owner's matches in document order: a compressed index
/// (offsets into one row list) rather than a vector per owner, since a 50,000-item page
/// has as many owners.
#[derive(Clone, Debug, Default)]
pub struct OwnerIndex {
    starts: Vec<u32>,
    rows: Vec<u32>,
}

impl OwnerIndex {
    pub fn build(owners: &[Option<u32>], owner_count: usize) -> OwnerIndex {
        let mut starts = vec![0u32; owner_count + 1];
        for o in owners.iter().flatten() {
            if let Some(n) = starts.get_mut(*o as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; starts[owner_count] as usize];
        for (row, o) in owners.iter().enumerate() {
            if let Some(slot) = o.and_then(|o| next.get_mut(o as usize)) {
                rows[*slot as usize] = row as u32;
                *slot += 1;
            }
        }
        OwnerIndex { starts, rows }
    }

    /// The rows owned by `owner`, in document order.
    pub fn rows(&self, owner: usize) -> &[u32] {
        match (self.starts.get(owner), self.starts.get(owner + 1)) {
            (Some(&a), Some(&b)) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// An extraction in progress, advanced a bounded amount at a time.
pub trait Extraction {
    /// Processes at most `budget` units (a query, or one matched element) into `out`;
    /// `true` once the plan is complete.
    fn step(&mut self, budget: usize, out: &mut Extracted) -> Result<bool, SelectorError>;
}

/// The plan run element by element over the `DomElement` primitives: the reference
/// implementation, and what hosts without a batched reader use.
pub struct ElementExtraction<E: DomElement> {
    root: E,
    plan: ExtractPlan,
    /// 0: thread elements, 1: items, 2 + i: value query i.
    phase: usize,
    matches: Option<E::Matches>,
    cursor: usize,
    groups: HashMap<E::Key, u32>,
    items: HashMap<E::Key, u32>,
}

impl<E: DomElement> ElementExtraction<E> {
    pub fn new(root: &E, plan: &ExtractPlan) -> Self {
        ElementExtraction {
            root: root.clone(),
            plan: plan.clone(),
            phase: 0,
            matches: None,
            cursor: 0,
            groups: HashMap::new(),
            items: HashMap::new(),
        }
    }

    fn phase_css(&self) -> Option<&str> {
        match self.phase {
            0 => self.plan.groups.as_deref(),
            1 => Some(self.plan.items.as_str()),
            n => self.plan.values.get(n - 2).map(|q| q.css.as_str()),
        }
    }

    fn index_of(
        &self,
        el: Option<E>,
        index: &HashMap<E::Key, u32>,
    ) -> Result<Option<u32>, SelectorError> {
        Ok(el.and_then(|e| index.get(&e.key()).copied()))
    }

    fn take(&mut self, element: E, out: &mut Extracted) -> Result<(), SelectorError> {
        let plan = &self.plan;
        match self.phase {
            0 => {
                self.groups.insert(element.key(), out.groups as u32);
                out.groups += 1;
            }
            1 => {
                let parent = match (plan.nested, element.parent()) {
                    (true, Some(p)) => self.index_of(p.closest(&plan.items)?, &self.items)?,
                    _ => None,
                };
                let group = match &plan.groups {
                    Some(css) => self.index_of(element.closest(css)?, &self.groups)?,
                    None => None,
                };
                let within = plan
                    .item_within
                    .iter()
                    .map(|css| Ok(element.closest(css)?.is_some()))
                    .collect::<Result<Vec<bool>, SelectorError>>()?;
                let attrs = plan.item_attrs.iter().map(|a| element.attr(a));
                self.items.insert(element.key(), out.items as u32);
                out.push_item(plan, parent, group, within, attrs);
            }
            n => {
                let query = &plan.values[n - 2];
                let (css, index) = match query.owner {
                    Owner::Item => (plan.items.as_str(), &self.items),
                    Owner::Group => match &plan.groups {
                        Some(css) => (css.as_str(), &self.groups),
                        None => return Ok(()),
                    },
                };
                let owner = self.index_of(element.closest(css)?, index)?;
                let fields = query.fields.iter().map(|f| match f {
                    Some(attr) => element.attr(attr),
                    None => Some(element.text()),
                });
                out.push_value(n - 2, owner, fields);
            }
        }
        Ok(())
    }
}

impl<E: DomElement> Extraction for ElementExtraction<E> {
    fn step(&mut self, budget: usize, out: &mut Extracted) -> Result<bool, SelectorError> {
        let mut budget = budget.max(1);
        let phases = 2 + self.plan.values.len();
        while budget > 0 && self.phase < phases {
            budget -= 1;
            let Some(matches) = &self.matches else {
                match self.phase_css() {
                    Some(css) => {
                        self.matches = Some(self.root.query_all(css)?);
                        self.cursor = 0;
                    }
                    None => self.phase += 1,
                }
                continue;
            };
            match matches.at(self.cursor) {
                Some(element) => {
                    self.cursor += 1;
                    self.take(element, out)?;
                }
                None => {
                    self.matches = None;
                    self.phase += 1;
                }
            }
        }
        Ok(self.phase >= phases)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html_dom::parse_document;

    fn attr_column(out: &Extracted, column: usize) -> Vec<Option<&str>> {
        (0..out.items).map(|item| out.attr(column, item)).collect()
    }

    fn field_column(out: &Extracted, slot: Slot) -> Vec<Option<&str>> {
        (0..out.values[slot.query].owner.len())
            .map(|row| out.field(slot.query, slot.field, row))
            .collect()
    }

    #[test]
    fn owner_index_groups_rows_by_owner_in_order() {
        let index = OwnerIndex::build(&[Some(1), None, Some(0), Some(1), Some(9)], 3);
        assert_eq!(index.rows(0), &[2]);
        assert_eq!(index.rows(1), &[0, 3]);
        assert!(index.rows(2).is_empty());
        assert!(index.rows(7).is_empty());
    }

    #[test]
    fn plan_shares_queries_and_fields() {
        let mut plan = ExtractPlan::new("li");
        let a = plan.want(".a", Owner::Item, None);
        let b = plan.want(".a", Owner::Item, Some("href"));
        let c = plan.want(".a", Owner::Item, None);
        let d = plan.want(".a", Owner::Group, None);
        assert_eq!((a.query, a.field), (0, 0));
        assert_eq!((b.query, b.field), (0, 1));
        assert_eq!(c, a);
        assert_eq!(d.query, 1);
        assert_eq!(plan.want_within(".best"), 0);
        assert_eq!(plan.want_within(".best"), 0);
    }

    #[test]
    fn chunks_decode_into_the_same_columns() {
        let mut plan = ExtractPlan::new(".i");
        plan.groups = Some(".t".into());
        plan.want_item_attr("id");
        plan.want_within(".best");
        let v = plan.want(".n", Owner::Item, None);
        let title = plan.want(".n", Owner::Item, Some("title"));
        let mut out = Extracted::for_plan(&plan);
        out.push_chunk(
            &plan,
            &Chunk {
                phase: 0,
                rows: 2,
                numbers: &[],
                lengths: &[],
                text: "",
            },
        );
        // Items: [parent, group, within] + id.
        out.push_chunk(
            &plan,
            &Chunk {
                phase: 1,
                rows: 2,
                numbers: &[-1, 0, 0, -1, 1, 1],
                lengths: &[1, -1],
                text: "a",
            },
        );
        // Values: owner + (text, title); "é😀" is 3 UTF-16 units, "\u{FFFD}" one.
        out.push_chunk(
            &plan,
            &Chunk {
                phase: 2 + v.query,
                rows: 3,
                numbers: &[0, -1, 1],
                lengths: &[3, -1, 0, 1, 1, -1],
                text: "é😀x\u{FFFD}",
            },
        );
        assert_eq!((out.groups, out.items), (2, 2));
        assert_eq!(out.group, vec![Some(0), Some(1)]);
        assert_eq!(out.within, vec![vec![false, true]]);
        assert_eq!(attr_column(&out, 0), [Some("a"), None]);
        assert_eq!(out.values[v.query].owner, vec![Some(0), None, Some(1)]);
        assert_eq!(
            field_column(&out, v),
            [Some("é😀"), Some(""), Some("\u{FFFD}")]
        );
        assert_eq!(field_column(&out, title), [None, Some("x"), None]);
    }

    /// Block counting ends pieces where counting char by char does: on texts mixing
    /// ASCII, 2-, 3- and 4-byte chars, at every unit count up to past the end
    /// (including counts that fall inside a surrogate pair).
    #[test]
    fn pieces_end_where_their_utf16_units_do() {
        let by_chars = |text: &str, units: usize| {
            let mut seen = 0;
            for (i, c) in text.char_indices() {
                if seen >= units {
                    return i;
                }
                seen += c.len_utf16();
            }
            text.len()
        };
        let chars = ['a', ' ', 'é', '’', '€', '😀', '\u{FFFD}', 'Z'];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 70) as usize;
            let text: String = (0..len)
                .map(|i| chars[((seed >> (i % 50)) as usize + i * 7) % chars.len()])
                .collect();
            for units in 0..=text.encode_utf16().count() + 2 {
                assert_eq!(
                    utf16_end(text.as_bytes(), units),
                    by_chars(&text, units),
                    "{text:?} {units}"
                );
            }
        }
    }

    #[test]
    fn a_malformed_chunk_adds_what_fits() {
        let mut plan = ExtractPlan::new(".i");
        plan.want_item_attr("id");
        let mut out = Extracted::for_plan(&plan);
        out.push_chunk(
            &plan,
            &Chunk {
                phase: 1,
                rows: 5,
                numbers: &[-1, -1, 7],
                lengths: &[99],
                text: "ab",
            },
        );
        out.push_chunk(
            &plan,
            &Chunk {
                phase: 9,
                rows: 1,
                numbers: &[0],
                lengths: &[],
                text: "",
            },
        );
        assert_eq!(out.items, 1);
        assert_eq!(attr_column(&out, 0), [Some("ab")]);
    }

    #[test]
    fn element_extraction_files_values_under_their_owners() {
        let doc = parse_document(
            r#"<div class="t"><p class="i" id="a">A <b class="n">1</b>
                 <p class="i" id="b"><b class="n">2</b></p></p></div>
               <b class="n">stray</b>
               <div class="t best"><p class="i" id="c" title="x"><b class="n">3</b><b class="n">4</b></p></div>"#,
        );
        let root = doc.root_element();
        let mut plan = ExtractPlan::new(".i");
        plan.groups = Some(".t".into());
        plan.nested = true;
        plan.want_item_attr("id");
        plan.want_within(".best");
        let n = plan.want(".n", Owner::Item, None);
        let title = plan.want(".i", Owner::Group, Some("title"));
        let mut out = Extracted::for_plan(&plan);
        let mut ex = ElementExtraction::new(&root, &plan);
        let mut calls = 0;
        while !ex.step(2, &mut out).unwrap() {
            calls += 1;
        }
        assert!(calls > 3, "small budgets take several steps");
        assert_eq!((out.groups, out.items), (2, 3));
        // HTML parsing closes a <p> at the next <p>: b is a sibling of a, not nested.
        assert_eq!(out.parent, vec![None, None, None]);
        assert_eq!(out.group, vec![Some(0), Some(0), Some(1)]);
        assert_eq!(out.within, vec![vec![false, false, true]]);
        assert_eq!(attr_column(&out, 0), [Some("a"), Some("b"), Some("c")]);
        assert_eq!(
            out.values[n.query].owner,
            vec![Some(0), Some(1), None, Some(2), Some(2)]
        );
        let texts: Vec<_> = field_column(&out, n).into_iter().flatten().collect();
        assert_eq!(texts, ["1", "2", "stray", "3", "4"]);
        assert_eq!(
            out.values[title.query].owner,
            vec![Some(0), Some(0), Some(1)]
        );
        assert_eq!(field_column(&out, title), [None, None, Some("x")]);
        assert!(ex.step(5, &mut out).unwrap(), "stays done");
    }

    #[test]
    fn nested_items_name_their_enclosing_item() {
        let doc = parse_document(
            r#"<div class="i"><div class="i"><div class="x"><div class="i"></div></div></div></div><div class="i"></div>"#,
        );
        let mut plan = ExtractPlan::new(".i");
        plan.nested = true;
        let mut out = Extracted::for_plan(&plan);
        ElementExtraction::new(&doc.root_element(), &plan)
            .step(usize::MAX, &mut out)
            .unwrap();
        assert_eq!(out.parent, vec![None, Some(0), Some(1), None]);
    }

    #[test]
    fn a_refused_selector_is_an_error() {
        let doc = parse_document("<p></p>");
        let mut plan = ExtractPlan::new("p");
        plan.want("p[", Owner::Item, None);
        let mut out = Extracted::for_plan(&plan);
        let err = ElementExtraction::new(&doc.root_element(), &plan).step(100, &mut out);
        assert!(err.is_err());
    }
}
