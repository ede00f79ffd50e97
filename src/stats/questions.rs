//! Questions: M10 unanswered questions (Stack Exchange's "unanswered", two tiers) and
//! M11 resolution rate.

use serde::{Deserialize, Serialize};

use super::units::is_other_person;
use super::{is_liked, Metric, Share, StatsConfig, UndefinedReason};
use crate::dates::UnixSeconds;
use crate::model::{PageSnapshot, Thread, ThreadKind};

/// M10. `no_reply` ⊆ `no_liked_or_best_reply` ⊆ `questions`. No age threshold: the
/// research gives none, and a fresh question with no reply is still unanswered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnansweredQuestions {
    pub questions: u64,
    /// No reply by anyone but the asker.
    pub no_reply: u64,
    /// No best reply, and no reply by someone else with at least one like.
    pub no_liked_or_best_reply: u64,
}

fn questions(snapshot: &PageSnapshot) -> impl Iterator<Item = &Thread> {
    snapshot
        .threads
        .iter()
        .filter(|t| t.kind == ThreadKind::Question)
}

/// Replies to the question by someone other than the asker (the asker's own additions
/// are not answers). A question with no items has neither.
fn answers(thread: &Thread) -> impl Iterator<Item = &crate::model::Item> {
    let asker = thread.items.first().and_then(|r| r.author.as_deref());
    thread
        .items
        .iter()
        .skip(1)
        .filter(move |r| is_other_person(r.author.as_deref(), asker))
}

/// A best reply resolves the question whoever wrote it (the asker may answer their own
/// question and mark it).
fn has_liked_or_best_reply(thread: &Thread) -> bool {
    is_resolved(thread) || answers(thread).any(is_liked)
}

fn is_resolved(thread: &Thread) -> bool {
    thread.best_reply.is_some() || thread.best_reply_marked
}

/// M10 unanswered questions, two tiers.
pub fn m10_unanswered_questions(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<UnansweredQuestions> {
    let mut tally = UnansweredQuestions {
        questions: 0,
        no_reply: 0,
        no_liked_or_best_reply: 0,
    };
    for q in questions(snapshot) {
        tally.questions += 1;
        if !is_resolved(q) && answers(q).next().is_none() && q.unseen_replies == 0 {
            tally.no_reply += 1;
        }
        if !has_liked_or_best_reply(q) {
            tally.no_liked_or_best_reply += 1;
        }
    }
    if tally.questions == 0 {
        return Metric::undefined(UndefinedReason::NoQuestions);
    }
    Metric::Value(tally)
}

/// M11: questions with a best reply / questions.
pub fn m11_resolution_rate(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<Share> {
    let (resolved, total) =
        questions(snapshot).fold((0, 0), |(r, n), q| (r + u64::from(is_resolved(q)), n + 1));
    Share::of(resolved, total).map_or(
        Metric::undefined(UndefinedReason::NoQuestions),
        Metric::Value,
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn page() -> PageSnapshot {
        let mut resolved = thread(
            "resolved",
            ThreadKind::Question,
            vec![item("r0", "ann", MON), reply("r1", "bob", "r0", MON + HOUR)],
        );
        resolved.best_reply = Some("r1".into());
        snapshot(vec![
            resolved,
            // A liked reply by someone else, no best reply: answered in both tiers.
            thread(
                "liked",
                ThreadKind::Question,
                vec![
                    item("l0", "ann", MON),
                    liked(reply("l1", "cy", "l0", MON), 1),
                ],
            ),
            // A reply nobody liked: replied, but tier 2 still counts it.
            thread(
                "plain",
                ThreadKind::Question,
                vec![item("p0", "bob", MON), reply("p1", "ann", "p0", MON)],
            ),
            // Only the asker's own (liked) follow-up: no reply at all.
            thread(
                "self",
                ThreadKind::Question,
                vec![
                    item("s0", "dee", MON),
                    liked(reply("s1", "dee", "s0", MON), 3),
                ],
            ),
            // Nothing.
            thread("bare", ThreadKind::Question, vec![item("b0", "eve", MON)]),
            // Not a question: ignored.
            thread("talk", ThreadKind::Discussion, vec![item("t0", "fay", MON)]),
        ])
    }

    #[test]
    fn m10_two_tiers() {
        // Questions: resolved, liked, plain, self, bare = 5.
        // No reply by others: self, bare = 2.
        // No liked-or-best reply: plain, self, bare = 3.
        assert_eq!(
            m10_unanswered_questions(&page(), &StatsConfig::default(), MON),
            Metric::Value(UnansweredQuestions {
                questions: 5,
                no_reply: 2,
                no_liked_or_best_reply: 3
            })
        );
    }

    #[test]
    fn m10_a_self_answered_best_reply_resolves() {
        let mut q = thread(
            "q",
            ThreadKind::Question,
            vec![item("q0", "ann", MON), reply("q1", "ann", "q0", MON)],
        );
        q.best_reply = Some("q1".into());
        let m = m10_unanswered_questions(&snapshot(vec![q]), &StatsConfig::default(), MON);
        assert_eq!(m.value().unwrap().no_liked_or_best_reply, 0);
        assert_eq!(m.value().unwrap().no_reply, 0);
    }

    #[test]
    fn m11_counts_best_replies() {
        // 1 best reply among 5 questions.
        assert_eq!(
            m11_resolution_rate(&page(), &StatsConfig::default(), MON),
            Metric::Value(Share::of(1, 5).unwrap())
        );
    }

    #[test]
    fn no_questions_is_undefined() {
        let s = snapshot(vec![thread(
            "t",
            ThreadKind::Discussion,
            vec![item("a", "b", MON)],
        )]);
        let c = StatsConfig::default();
        assert_eq!(
            m10_unanswered_questions(&s, &c, MON).reason(),
            Some(UndefinedReason::NoQuestions)
        );
        assert_eq!(
            m11_resolution_rate(&s, &c, MON).reason(),
            Some(UndefinedReason::NoQuestions)
        );
    }

    /// A board's list view: each row is a question root with a reply count and maybe a
    /// "resolved" badge, the replies themselves not shown.
    #[test]
    fn list_rows_count_their_unseen_replies_and_resolved_badges() {
        let row = |id: &str, unseen: u64, marked: bool| {
            let mut t = thread(id, ThreadKind::Question, vec![item(id, "ann", MON)]);
            t.unseen_replies = unseen;
            t.best_reply_marked = marked;
            t
        };
        let s = snapshot(vec![
            row("resolved", 6, true),
            row("replied", 2, false),
            row("silent", 0, false),
        ]);
        let q = m10_unanswered_questions(&s, &StatsConfig::default(), MON)
            .value()
            .cloned()
            .unwrap();
        assert_eq!((q.questions, q.no_reply), (3, 1));
        // Unseen replies may or may not be liked: only the badge resolves a row.
        assert_eq!(q.no_liked_or_best_reply, 2);
        let r = m11_resolution_rate(&s, &StatsConfig::default(), MON);
        assert_eq!(r.value().map(|s| (s.count, s.total)), Some((1, 3)));
        let items = super::super::activity::m1_items(&s, &StatsConfig::default(), MON);
        assert_eq!(items, Metric::Value(3 + 6 + 2));
    }
}
