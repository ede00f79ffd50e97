//! Who answers whom, as counts only: M15 interaction pairs, M16 reciprocity.
//!
//! A reply links its author to the author of the item it replies to: its `parent` when
//! that item is on the page; in a question or discussion, a reply without a parent
//! answers the root (Discourse: a post with no reply-to answers the topic). A top-level
//! comment links to nobody (it addresses the page; M13 covers the page author). Replies
//! whose parent is not on the page, anonymous items and self-replies link nobody.
//! Staff are included: a moderator answering a member is a real interaction.

use crate::keyed_hash::{HashMap, HashSet};

use super::{Metric, Share, StatsConfig, UndefinedReason};
use crate::dates::UnixSeconds;
use crate::model::{PageSnapshot, Thread, ThreadKind};

/// Directed "a replied to b" links, each once (computed once for M15 and M16 by the
/// stages).
pub(crate) fn reply_links(snapshot: &PageSnapshot) -> HashSet<(&str, &str)> {
    let mut work = LinksWork::default();
    while !work.step(snapshot, usize::MAX) {}
    work.links
}

/// [`reply_links`] a bounded number of items at a time: a classic thread view of 50,000
/// contributions is one thread, too big for one slice of work. Each thread takes two
/// passes, filing its items' authors by id, then linking its replies.
#[derive(Default)]
pub(crate) struct LinksWork<'a> {
    thread: usize,
    item: usize,
    linking: bool,
    author_of: HashMap<&'a str, Option<&'a str>>,
    pub links: HashSet<(&'a str, &'a str)>,
}

impl<'a> LinksWork<'a> {
    /// Goes through at most `budget` items; `true` once every thread is linked.
    pub fn step(&mut self, snapshot: &'a PageSnapshot, budget: usize) -> bool {
        let mut budget = budget.max(1);
        while let Some(thread) = snapshot.threads.get(self.thread) {
            if budget == 0 {
                return false;
            }
            let end = self.item.saturating_add(budget).min(thread.items.len());
            let chunk = &thread.items[self.item..end];
            budget -= chunk.len();
            if self.linking {
                self.link(thread, chunk);
            } else {
                // Later items with the same id win, as when the map was collected.
                self.author_of
                    .extend(chunk.iter().map(|i| (i.id.as_str(), i.author.as_deref())));
            }
            self.item = end;
            if end == thread.items.len() {
                if self.linking {
                    self.thread += 1;
                    self.author_of.clear();
                }
                self.linking = !self.linking;
                // In a question or discussion the root replies to nobody.
                self.item = usize::from(self.linking && thread.kind != ThreadKind::Comments)
                    .min(thread.items.len());
            }
        }
        true
    }

    fn link(&mut self, thread: &'a Thread, chunk: &'a [crate::model::Item]) {
        let root_author = match thread.kind {
            ThreadKind::Comments => None,
            _ => thread.items.first().and_then(|r| r.author.as_deref()),
        };
        let author_of = &self.author_of;
        self.links.extend(chunk.iter().filter_map(|item| {
            let from = item.author.as_deref()?;
            let to = match item.parent.as_deref() {
                Some(parent) => (*author_of.get(parent)?)?,
                None => root_author?,
            };
            (from != to).then_some((from, to))
        }));
    }
}

fn undirected(links: &HashSet<(&str, &str)>) -> usize {
    links
        .iter()
        .map(|&(a, b)| if a < b { (a, b) } else { (b, a) })
        .collect::<HashSet<_>>()
        .len()
}

/// M15: distinct pairs of people linked by at least one reply. 0 is a meaningful answer
/// (nobody answered anybody).
pub fn m15_interaction_pairs(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<u64> {
    m15_from(&reply_links(snapshot))
}

pub(crate) fn m15_from(links: &HashSet<(&str, &str)>) -> Metric<u64> {
    Metric::Value(undirected(links) as u64)
}

/// M16: share of pairs in which both people replied to each other.
pub fn m16_reciprocity(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<Share> {
    m16_from(&reply_links(snapshot))
}

pub(crate) fn m16_from(links: &HashSet<(&str, &str)>) -> Metric<Share> {
    let pairs = undirected(links) as u64;
    // Each reciprocal pair appears twice among the directed links.
    let both_ways = links
        .iter()
        .filter(|&&(a, b)| links.contains(&(b, a)))
        .count() as u64
        / 2;
    Share::of(both_ways, pairs).map_or(
        Metric::undefined(UndefinedReason::NoInteractions),
        Metric::Value,
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn page() -> PageSnapshot {
        snapshot(vec![
            thread(
                "d",
                ThreadKind::Discussion,
                vec![
                    item("r", "ann", MON),
                    // bob → ann (flat reply, no parent: answers the root).
                    item("a", "bob", MON),
                    // ann → bob.
                    reply("b", "ann", "a", MON),
                    // cy → ann; ann's self-reply links nobody.
                    reply("c", "cy", "r", MON),
                    reply("d", "ann", "r", MON),
                    // Parent not on the page; anonymous reply.
                    reply("e", "dee", "missing", MON),
                    anonymous(reply("f", "x", "r", MON)),
                ],
            ),
            thread(
                "c",
                ThreadKind::Comments,
                vec![
                    // Top-level comments link nobody.
                    item("c1", "eve", MON),
                    item("c2", "bob", MON),
                    // cy → eve, bob → eve, bob → cy.
                    reply("c3", "cy", "c1", MON),
                    reply("c4", "bob", "c1", MON),
                    reply("c5", "bob", "c3", MON),
                ],
            ),
        ])
    }

    #[test]
    fn m15_counts_distinct_pairs() {
        // Pairs: {ann,bob}, {ann,cy}, {cy,eve}, {bob,eve}, {bob,cy} = 5.
        assert_eq!(
            m15_interaction_pairs(&page(), &StatsConfig::default(), MON),
            Metric::Value(5)
        );
    }

    #[test]
    fn m16_counts_pairs_answering_both_ways() {
        // Only {ann,bob} replied both ways: 1 of 5.
        assert_eq!(
            m16_reciprocity(&page(), &StatsConfig::default(), MON),
            Metric::Value(Share::of(1, 5).unwrap())
        );
    }

    #[test]
    fn links_in_small_steps_are_the_same() {
        let page = page();
        let whole = reply_links(&page);
        for budget in 1..=8 {
            let mut work = LinksWork::default();
            while !work.step(&page, budget) {}
            assert_eq!(work.links, whole, "budget {budget}");
        }
    }

    #[test]
    fn no_interactions() {
        let s = snapshot(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", "ann", MON), reply("s", "ann", "r", MON)],
        )]);
        let c = StatsConfig::default();
        assert_eq!(m15_interaction_pairs(&s, &c, MON), Metric::Value(0));
        assert_eq!(
            m16_reciprocity(&s, &c, MON).reason(),
            Some(UndefinedReason::NoInteractions)
        );
    }
}
