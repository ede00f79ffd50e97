//! Response units: what "a thread waiting for a response" means on each kind of thread.
//!
//! - A question or discussion thread is one unit: its first item is the root, every
//!   other item of the thread is a reply to it (Discourse's rule: any later post in the
//!   topic, whatever it quotes or nests under).
//! - A comment section (news page, blog post) is not one conversation: each top-level
//!   comment is its own unit, rooted at that comment, and its replies are the items
//!   hanging below it (at any depth). A top-level comment is not a response to the
//!   page; the page author's answers are measured by M13.
//! - Items whose parent is not on the page (a collapsed or unloaded branch), or whose
//!   parent chain loops, belong to no comment unit: they cannot be attributed, so they
//!   neither answer nor open a unit. They still count as items elsewhere.
//! - A thread with no items at all is an extraction gap, not a thread without response,
//!   and gives no unit.

use crate::keyed_hash::HashMap;
use std::cell::OnceCell;

use crate::dates::PageTime;
use crate::model::{Item, PageSnapshot, Thread, ThreadKind};

pub(crate) struct Unit<'a> {
    pub thread: &'a Thread,
    pub root: &'a Item,
    pub replies: Vec<&'a Item>,
    /// [`Unit::answer`], worked out once: several metrics ask it of each unit, and a
    /// classic thread view's one unit can hold 50,000 replies.
    answer: OnceCell<Answer>,
}

/// Whether, and when, a unit got its first response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    None,
    /// Answered, but no response carries a readable date.
    Undated,
    /// The earliest dated response (by time, not by position on the page).
    At(PageTime),
}

impl<'a> Unit<'a> {
    /// Replies by someone other than the root's author: the author's own follow-ups
    /// ("any idea?", "bump") are not a response.
    pub fn responses(&self) -> impl Iterator<Item = &'a Item> + '_ {
        let root_author = self.root.author.as_deref();
        self.replies
            .iter()
            .copied()
            .filter(move |r| is_other_person(r.author.as_deref(), root_author))
    }

    pub fn answer(&self) -> Answer {
        *self.answer.get_or_init(|| self.first_answer())
    }

    fn first_answer(&self) -> Answer {
        let mut answered = false;
        let mut first: Option<PageTime> = None;
        for response in self.responses() {
            answered = true;
            if let Some(t) = response.created {
                if first.is_none_or(|f| t.utc < f.utc) {
                    first = Some(t);
                }
            }
        }
        // Replies the page only counts: someone answered, when and who is unknown
        // (assumed not the author, who rarely answers their own thread alone).
        let unseen = self.thread.unseen_replies > 0 && self.thread.kind != ThreadKind::Comments;
        match (answered || unseen, first) {
            (false, _) => Answer::None,
            (true, None) => Answer::Undated,
            (true, Some(t)) => Answer::At(t),
        }
    }
}

/// Different people, as far as the page tells: unknown on either side counts as
/// different (see the module's conventions).
pub(crate) fn is_other_person(author: Option<&str>, other: Option<&str>) -> bool {
    match (author, other) {
        (Some(a), Some(b)) => a != b,
        _ => true,
    }
}

pub(crate) fn response_units(snapshot: &PageSnapshot) -> Vec<Unit<'_>> {
    snapshot.threads.iter().flat_map(thread_units).collect()
}

pub(crate) fn thread_units(thread: &Thread) -> Vec<Unit<'_>> {
    match thread.kind {
        ThreadKind::Comments => comment_units(thread),
        ThreadKind::Question | ThreadKind::Discussion => {
            whole_thread_unit(thread).into_iter().collect()
        }
    }
}

fn whole_thread_unit(thread: &Thread) -> Option<Unit<'_>> {
    let (root, replies) = thread.items.split_first()?;
    Some(Unit {
        thread,
        root,
        replies: replies.iter().collect(),
        answer: OnceCell::new(),
    })
}

fn comment_units(thread: &Thread) -> Vec<Unit<'_>> {
    let tops = top_level_ancestors(&thread.items);
    let mut replies_of: HashMap<usize, Vec<&Item>> = HashMap::default();
    for (i, top) in tops.iter().enumerate() {
        if let Some(top) = *top {
            if top != i {
                replies_of.entry(top).or_default().push(&thread.items[i]);
            }
        }
    }
    tops.iter()
        .enumerate()
        .filter(|&(i, top)| *top == Some(i))
        .map(|(i, _)| Unit {
            thread,
            root: &thread.items[i],
            replies: replies_of.remove(&i).unwrap_or_default(),
            answer: OnceCell::new(),
        })
        .collect()
}

/// For each item, the index of the top-level item it hangs from (itself for a
/// top-level item); `None` for orphans and loops. Linear: each chain is walked once and
/// every item on it remembers the answer.
pub(crate) fn top_level_ancestors(items: &[Item]) -> Vec<Option<usize>> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();
    let mut top: Vec<Option<Option<usize>>> = vec![None; items.len()];
    for start in 0..items.len() {
        let mut path = Vec::new();
        let mut cur = start;
        let resolved = loop {
            if let Some(known) = top[cur] {
                break known;
            }
            if path.len() > items.len() {
                break None; // a loop in the parent chain
            }
            path.push(cur);
            match items[cur].parent.as_deref() {
                None => break Some(cur),
                Some(parent) => match index.get(parent) {
                    Some(&p) => cur = p,
                    None => break None,
                },
            }
        };
        for i in path {
            top[i] = Some(resolved);
        }
    }
    top.into_iter().map(Option::flatten).collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn a_question_is_one_unit_rooted_at_its_first_item() {
        let t = thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON),
                reply("a", "bob", "r", MON + HOUR),
                reply("b", "cy", "a", MON + 2 * HOUR),
            ],
        );
        let units = thread_units(&t);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].root.id, "r");
        assert_eq!(units[0].replies.len(), 2);
    }

    #[test]
    fn each_top_level_comment_is_a_unit() {
        let t = thread(
            "c",
            ThreadKind::Comments,
            vec![
                item("c1", "ann", MON),
                item("c2", "bob", MON + HOUR),
                reply("c1r", "cy", "c1", MON + 2 * HOUR),
                reply("c1rr", "ann", "c1r", MON + 3 * HOUR),
                reply("orphan", "dee", "gone", MON + 4 * HOUR),
            ],
        );
        let units = thread_units(&t);
        let shape: Vec<(&str, usize)> = units
            .iter()
            .map(|u| (u.root.id.as_str(), u.replies.len()))
            .collect();
        // c1 has a reply and a reply to that reply; c2 none; the orphan belongs nowhere.
        assert_eq!(shape, vec![("c1", 2), ("c2", 0)]);
    }

    #[test]
    fn loops_in_parent_chains_terminate() {
        let items = vec![
            reply("a", "x", "b", MON),
            reply("b", "y", "a", MON),
            reply("self", "z", "self", MON),
            item("top", "w", MON),
            reply("under", "v", "top", MON),
        ];
        assert_eq!(
            top_level_ancestors(&items),
            vec![None, None, None, Some(3), Some(3)]
        );
    }

    #[test]
    fn the_authors_own_replies_are_not_a_response() {
        let t = thread(
            "q",
            ThreadKind::Question,
            vec![item("r", "ann", MON), reply("bump", "ann", "r", MON + HOUR)],
        );
        assert_eq!(thread_units(&t)[0].answer(), Answer::None);
    }

    #[test]
    fn the_first_response_is_the_earliest_not_the_first_listed() {
        let t = thread(
            "q",
            ThreadKind::Discussion,
            vec![
                item("r", "ann", MON),
                reply("late", "bob", "r", MON + 5 * HOUR),
                reply("early", "cy", "r", MON + 2 * HOUR),
                undated(reply("nodate", "dee", "r", 0)),
            ],
        );
        assert_eq!(
            thread_units(&t)[0].answer(),
            Answer::At(PageTime {
                utc: MON + 2 * HOUR,
                approximate: false
            })
        );
    }

    #[test]
    fn undated_responses_still_answer() {
        let t = thread(
            "q",
            ThreadKind::Discussion,
            vec![item("r", "ann", MON), undated(reply("a", "bob", "r", 0))],
        );
        assert_eq!(thread_units(&t)[0].answer(), Answer::Undated);
    }

    #[test]
    fn unknown_authors_count_as_other_people() {
        assert!(is_other_person(None, Some("ann")));
        assert!(is_other_person(Some("ann"), None));
        assert!(is_other_person(None, None));
        assert!(!is_other_person(Some("ann"), Some("ann")));
    }

    #[test]
    fn an_empty_thread_gives_no_unit() {
        let t = thread("q", ThreadKind::Question, vec![]);
        assert!(thread_units(&t).is_empty());
    }
}
