//! Response metrics: M8 time to first response, M9 threads with no response, M13 author
//! reply rate. Units and the "someone other than the author" rule are in `units`.

use serde::{Deserialize, Serialize};

use super::units::{is_other_person, response_units, Answer, Unit};
use super::{BusinessHours, Metric, Share, StatsConfig, UndefinedReason, HOUR};
use crate::dates::UnixSeconds;
use crate::model::{PageSnapshot, ThreadKind};

/// M8. Delays are measured from the unit's root to its earliest response by another
/// person; never-answered units are counted, not dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstResponse {
    /// Response units: question/discussion threads and top-level comments.
    pub threads: u64,
    pub answered: u64,
    pub never_answered: u64,
    /// Units whose delay or age cannot be measured: an undated root, or responses that
    /// are all undated. Counted here rather than silently left out.
    pub untimed: u64,
    /// Median wall-clock delay over answered, dated units (an even count averages the
    /// two middle delays, truncated to the second).
    pub median_seconds: Metric<i64>,
    /// The same median in business seconds.
    pub median_business_seconds: Metric<i64>,
    /// Units at least S business hours old, and how many of them were answered within
    /// S. Younger units are not judged yet: they may still be answered in time.
    pub within_sla: Metric<Share>,
    pub approximate: bool,
}

/// A response unit on the page: the thread, and the root item (the thread's first item,
/// or the top-level comment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitRef {
    pub thread_id: String,
    pub item_id: String,
}

impl UnitRef {
    fn of(unit: &Unit) -> UnitRef {
        UnitRef {
            thread_id: unit.thread.id.clone(),
            item_id: unit.root.id.clone(),
        }
    }
}

/// M9 (and the H1 queue): units with no response, older than h business hours.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoResponse {
    pub count: u64,
    /// All response units on the page, for context.
    pub threads: u64,
    /// Units with no response whose root is undated: their age is unknown, so they are
    /// neither in `count` nor dropped.
    pub undated_without_response: u64,
    /// The units counted, oldest first.
    pub oldest_first: Vec<UnitRef>,
    pub approximate: bool,
}

/// How one unit fares against a response window of `limit` business seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Undated root, or answered with no dated response.
    Untimed,
    /// Unanswered (or answered) but younger than the limit: not judged yet.
    TooYoung,
    Within,
    Late,
}

pub(crate) fn verdict(
    unit: &Unit,
    business: &BusinessHours,
    limit: i64,
    now: UnixSeconds,
) -> Verdict {
    let Some(root) = unit.root.created else {
        return Verdict::Untimed;
    };
    let old_enough = business.business_seconds_between(root.utc, now) >= limit;
    match unit.answer() {
        Answer::Undated => Verdict::Untimed,
        _ if !old_enough => Verdict::TooYoung,
        Answer::None => Verdict::Late,
        Answer::At(t) if business.business_seconds_between(root.utc, t.utc) <= limit => {
            Verdict::Within
        }
        Answer::At(_) => Verdict::Late,
    }
}

/// Share of judged units answered within `limit` business seconds, and whether an
/// approximate date entered it.
pub(crate) fn within_limit(
    units: &[&Unit],
    business: &BusinessHours,
    limit: i64,
    now: UnixSeconds,
) -> (Metric<Share>, bool) {
    let mut judged = 0;
    let mut within = 0;
    let mut approximate = false;
    let mut dated = false;
    for unit in units {
        let v = verdict(unit, business, limit, now);
        dated |= unit.root.created.is_some();
        if matches!(v, Verdict::Within | Verdict::Late) {
            judged += 1;
            approximate |= unit_dates_approximate(unit);
        }
        if v == Verdict::Within {
            within += 1;
        }
    }
    let metric = match Share::of(within, judged) {
        Some(share) => Metric::Value(share),
        None if !dated => Metric::undefined(UndefinedReason::NoDates),
        None => Metric::undefined(UndefinedReason::NotOldEnough),
    };
    (metric, approximate)
}

fn unit_dates_approximate(unit: &Unit) -> bool {
    let root = unit.root.created.is_some_and(|t| t.approximate);
    let response = matches!(unit.answer(), Answer::At(t) if t.approximate);
    root || response
}

fn hours_to_seconds(hours: u32) -> i64 {
    i64::from(hours) * HOUR
}

/// M8 time to first response (Discourse's rule, per response unit).
pub fn m8_time_to_first_response(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<FirstResponse> {
    let units = response_units(snapshot);
    if units.is_empty() {
        return Metric::undefined(UndefinedReason::NoThreads);
    }
    let business = &config.business;
    let mut wall = Vec::new();
    let mut open = Vec::new();
    let mut answered = 0;
    let mut untimed = 0;
    let mut approximate = false;
    for unit in &units {
        let answer = unit.answer();
        if answer != Answer::None {
            answered += 1;
        }
        match (unit.root.created, answer) {
            (Some(root), Answer::At(t)) => {
                wall.push((t.utc - root.utc).max(0));
                open.push(business.business_seconds_between(root.utc, t.utc));
                approximate |= root.approximate || t.approximate;
            }
            (Some(_), Answer::None) => {}
            _ => untimed += 1,
        }
    }
    let refs: Vec<&Unit> = units.iter().collect();
    let limit = hours_to_seconds(config.sla_business_hours);
    let (within_sla, sla_approximate) = within_limit(&refs, business, limit, now);
    let no_median = if answered == 0 {
        UndefinedReason::NoAnsweredThreads
    } else {
        UndefinedReason::NoDates
    };
    Metric::Value(FirstResponse {
        threads: units.len() as u64,
        answered,
        never_answered: units.len() as u64 - answered,
        untimed,
        median_seconds: median(wall).map_or(Metric::undefined(no_median), Metric::Value),
        median_business_seconds: median(open).map_or(Metric::undefined(no_median), Metric::Value),
        within_sla,
        approximate: approximate || sla_approximate,
    })
}

fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        let (a, b) = (values[mid - 1], values[mid]);
        a + (b - a) / 2
    })
}

/// M9 threads with no response by anyone but their author, older than h business
/// hours.
pub fn m9_threads_without_response(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<NoResponse> {
    let units = response_units(snapshot);
    if units.is_empty() {
        return Metric::undefined(UndefinedReason::NoThreads);
    }
    if units.iter().all(|u| u.root.created.is_none()) {
        return Metric::undefined(UndefinedReason::NoDates);
    }
    let limit = hours_to_seconds(config.no_response_after_business_hours);
    let mut waiting = Vec::new();
    let mut undated = 0;
    let mut approximate = false;
    for unit in units.iter().filter(|u| u.answer() == Answer::None) {
        let Some(root) = unit.root.created else {
            undated += 1;
            continue;
        };
        approximate |= root.approximate;
        if config.business.business_seconds_between(root.utc, now) >= limit {
            waiting.push((root.utc, UnitRef::of(unit)));
        }
    }
    waiting.sort_by(|(ta, a), (tb, b)| {
        (ta, &a.thread_id, &a.item_id).cmp(&(tb, &b.thread_id, &b.item_id))
    });
    Metric::Value(NoResponse {
        count: waiting.len() as u64,
        threads: units.len() as u64,
        undated_without_response: undated,
        oldest_first: waiting.into_iter().map(|(_, r)| r).collect(),
        approximate,
    })
}

/// M13: of the top-level comments by others, the share the page author answered
/// (anywhere below the comment). Comments by staff count like anyone's: the rule is
/// about the author reading their audience.
pub fn m13_author_reply_rate(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<Share> {
    let Some(author) = snapshot.page.author.as_deref() else {
        return Metric::undefined(UndefinedReason::NoPageAuthor);
    };
    let mut total = 0;
    let mut answered = 0;
    let comment_units = response_units(snapshot)
        .into_iter()
        .filter(|u| u.thread.kind == ThreadKind::Comments);
    for unit in comment_units {
        if !is_other_person(unit.root.author.as_deref(), Some(author)) {
            continue;
        }
        total += 1;
        if unit
            .replies
            .iter()
            .any(|r| r.author.as_deref() == Some(author))
        {
            answered += 1;
        }
    }
    Share::of(answered, total).map_or(
        Metric::undefined(UndefinedReason::NoComments),
        Metric::Value,
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{Thread, ThreadKind};

    const TUE: i64 = MON + DAY;
    const FRI: i64 = MON + 4 * DAY;

    /// A week worked out by hand (business hours Mon–Fri 08:30–18:30 UTC), observed on
    /// Friday at 17:00.
    fn week() -> Vec<Thread> {
        vec![
            // Answered 2 h later (2 business h).
            thread(
                "t1",
                ThreadKind::Question,
                vec![
                    item("t1r", "ann", MON + 9 * HOUR),
                    reply("t1a", "bob", "t1r", MON + 11 * HOUR),
                ],
            ),
            // The author's own follow-up at 10:30 is no response; cy answers Tuesday
            // 10:00: 24 h wall, Mon 10:00–18:30 (8.5 h) + Tue 08:30–10:00 (1.5 h) = 10
            // business h.
            thread(
                "t2",
                ThreadKind::Discussion,
                vec![
                    item("t2r", "bob", MON + 10 * HOUR),
                    reply("t2self", "bob", "t2r", MON + 10 * HOUR + 30 * MINUTE),
                    reply("t2a", "cy", "t2r", TUE + 10 * HOUR),
                ],
            ),
            // Never answered; Monday 12:00 → Friday 17:00 is 6.5 + 30 + 8.5 = 45
            // business h: judged, and late.
            thread(
                "t3",
                ThreadKind::Question,
                vec![item("t3r", "cy", MON + 12 * HOUR)],
            ),
            // Tue 09:00 → Fri 09:00: 72 h wall, 9.5 + 10 + 10 + 0.5 = 30 business h: late.
            thread(
                "t4",
                ThreadKind::Discussion,
                vec![
                    item("t4r", "dee", TUE + 9 * HOUR),
                    reply("t4a", "ann", "t4r", FRI + 9 * HOUR),
                ],
            ),
            // Friday 16:00, unanswered, 1 business h old: too young to judge.
            thread(
                "t5",
                ThreadKind::Question,
                vec![item("t5r", "eve", FRI + 16 * HOUR)],
            ),
        ]
    }

    fn now() -> i64 {
        FRI + 17 * HOUR
    }

    #[test]
    fn m8_median_and_sla_over_a_week() {
        let m = m8_time_to_first_response(&snapshot(week()), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        assert_eq!(
            (m.threads, m.answered, m.never_answered, m.untimed),
            (5, 3, 2, 0)
        );
        // Wall delays 2 h, 24 h, 72 h → median 24 h.
        assert_eq!(m.median_seconds, Metric::Value(24 * HOUR));
        // Business delays 2 h, 10 h, 30 h → median 10 h.
        assert_eq!(m.median_business_seconds, Metric::Value(10 * HOUR));
        // Judged: t1 (within), t2 (within), t3 (never), t4 (30 h > 24 h); t5 too young.
        assert_eq!(m.within_sla, Metric::Value(Share::of(2, 4).unwrap()));
        assert!(!m.approximate);
    }

    #[test]
    fn m8_wire_shape_nests_sub_metrics() {
        let m = m8_time_to_first_response(&snapshot(week()), &StatsConfig::default(), now());
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["value"]["medianSeconds"]["value"], 24 * HOUR);
        assert_eq!(v["value"]["withinSla"]["value"]["share"], 0.5);
        assert_eq!(v["value"]["approximate"], false);
        let young = m8_time_to_first_response(&snapshot(week()), &StatsConfig::default(), MON);
        let v = serde_json::to_value(&young).unwrap();
        assert_eq!(v["value"]["withinSla"]["undefined"], "not_old_enough");
    }

    #[test]
    fn m8_even_count_median_averages_the_middle_pair() {
        // Delays 2 h and 24 h → (7,200 + 86,400) / 2 = 46,800 s.
        let threads = week().into_iter().take(2).collect();
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        assert_eq!(m.value().unwrap().median_seconds, Metric::Value(46_800));
    }

    #[test]
    fn m8_never_answered_threads_are_kept() {
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON + 9 * HOUR),
                reply("self", "ann", "r", MON + 10 * HOUR),
            ],
        )];
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        assert_eq!((m.threads, m.answered, m.never_answered), (1, 0, 1));
        assert_eq!(
            m.median_seconds.reason(),
            Some(UndefinedReason::NoAnsweredThreads)
        );
        // Monday 09:00 → Friday 17:00 is 48 business h: judged, 0 of 1 within S.
        assert_eq!(m.within_sla, Metric::Value(Share::of(0, 1).unwrap()));
    }

    #[test]
    fn m8_young_threads_are_not_judged() {
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", FRI + 9 * HOUR),
                reply("a", "bob", "r", FRI + 10 * HOUR),
            ],
        )];
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        assert_eq!(m.median_seconds, Metric::Value(HOUR));
        assert_eq!(m.within_sla.reason(), Some(UndefinedReason::NotOldEnough));
    }

    #[test]
    fn m8_approximate_dates_are_flagged() {
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON + 9 * HOUR),
                approximate(reply("a", "bob", "r", MON + 11 * HOUR)),
            ],
        )];
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        assert_eq!(m.median_seconds, Metric::Value(2 * HOUR));
        assert!(m.approximate);
    }

    #[test]
    fn m8_undated_threads_are_untimed() {
        let threads = vec![
            thread(
                "a",
                ThreadKind::Question,
                vec![undated(item("ar", "ann", 0))],
            ),
            thread(
                "b",
                ThreadKind::Question,
                vec![item("br", "bob", MON), undated(reply("bx", "cy", "br", 0))],
            ),
        ];
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        assert_eq!((m.threads, m.answered, m.untimed), (2, 1, 2));
        assert_eq!(m.median_seconds.reason(), Some(UndefinedReason::NoDates));
        // "b" is answered at an unknown time: it cannot be judged; "a" has no date.
        assert_eq!(m.within_sla.reason(), Some(UndefinedReason::NotOldEnough));
    }

    #[test]
    fn m8_comment_sections_count_per_top_level_comment() {
        let threads = vec![thread(
            "c",
            ThreadKind::Comments,
            vec![
                item("c1", "ann", MON + 9 * HOUR),
                reply("c1a", "pa", "c1", MON + 10 * HOUR),
                item("c2", "bob", MON + 9 * HOUR),
                reply("c2self", "bob", "c2", MON + 12 * HOUR),
            ],
        )];
        let m = m8_time_to_first_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        // Two units; c2's only reply is its author's own.
        assert_eq!((m.threads, m.answered, m.never_answered), (2, 1, 1));
        assert_eq!(m.median_seconds, Metric::Value(HOUR));
    }

    #[test]
    fn m8_empty_page() {
        let m = m8_time_to_first_response(&snapshot(vec![]), &StatsConfig::default(), now());
        assert_eq!(m.reason(), Some(UndefinedReason::NoThreads));
    }

    #[test]
    fn m9_lists_old_unanswered_threads_oldest_first() {
        let mut threads = week();
        // Another never-answered thread, older than t3 (Monday 08:00, before opening).
        threads.push(thread(
            "t0",
            ThreadKind::Discussion,
            vec![item("t0r", "fay", MON + 8 * HOUR)],
        ));
        threads.push(thread(
            "tu",
            ThreadKind::Question,
            vec![undated(item("tur", "gus", 0))],
        ));
        let m = m9_threads_without_response(&snapshot(threads), &StatsConfig::default(), now());
        let m = m.value().unwrap();
        // t3 (45 business h) and t0 (48 business h) qualify; t5 is 1 business h old.
        assert_eq!(m.count, 2);
        assert_eq!(m.threads, 7);
        assert_eq!(m.undated_without_response, 1);
        let ids: Vec<&str> = m
            .oldest_first
            .iter()
            .map(|r| r.thread_id.as_str())
            .collect();
        assert_eq!(ids, vec!["t0", "t3"]);
        assert!(!m.approximate);
    }

    #[test]
    fn m9_the_authors_own_reply_does_not_count() {
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON + 9 * HOUR),
                reply("bump", "ann", "r", TUE + 9 * HOUR),
            ],
        )];
        let m = m9_threads_without_response(&snapshot(threads), &StatsConfig::default(), now());
        assert_eq!(m.value().unwrap().count, 1);
    }

    #[test]
    fn m9_undefined_without_threads_or_dates() {
        let c = StatsConfig::default();
        assert_eq!(
            m9_threads_without_response(&snapshot(vec![]), &c, now()).reason(),
            Some(UndefinedReason::NoThreads)
        );
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![undated(item("r", "a", 0))],
        )];
        assert_eq!(
            m9_threads_without_response(&snapshot(threads), &c, now()).reason(),
            Some(UndefinedReason::NoDates)
        );
    }

    #[test]
    fn m9_approximate_roots_are_flagged() {
        let threads = vec![thread(
            "q",
            ThreadKind::Question,
            vec![approximate(item("r", "ann", MON + 9 * HOUR))],
        )];
        let m = m9_threads_without_response(&snapshot(threads), &StatsConfig::default(), now());
        assert!(m.value().unwrap().approximate);
    }

    fn news(author: Option<&str>, items: Vec<crate::model::Item>) -> PageSnapshot {
        let mut s = snapshot(vec![thread("comments", ThreadKind::Comments, items)]);
        s.page.author = author.map(str::to_string);
        s
    }

    #[test]
    fn m13_counts_comments_by_others_the_author_answered() {
        let s = news(
            Some("pa"),
            vec![
                // Answered by the author two levels down.
                item("c1", "ann", MON),
                reply("c1a", "bob", "c1", MON + HOUR),
                reply("c1b", "pa", "c1a", MON + 2 * HOUR),
                // Answered, but not by the author.
                item("c2", "bob", MON),
                reply("c2a", "cy", "c2", MON + HOUR),
                // The author's own comment: not "by others".
                item("c3", "pa", MON),
            ],
        );
        // 1 of 2 comments by others.
        assert_eq!(
            m13_author_reply_rate(&s, &StatsConfig::default(), now()),
            Metric::Value(Share::of(1, 2).unwrap())
        );
    }

    #[test]
    fn m13_needs_an_author_and_comments() {
        let c = StatsConfig::default();
        let s = news(None, vec![item("c1", "ann", MON)]);
        assert_eq!(
            m13_author_reply_rate(&s, &c, now()).reason(),
            Some(UndefinedReason::NoPageAuthor)
        );
        let s = news(Some("pa"), vec![item("c1", "pa", MON)]);
        assert_eq!(
            m13_author_reply_rate(&s, &c, now()).reason(),
            Some(UndefinedReason::NoComments)
        );
    }

    #[test]
    fn verdict_edges() {
        let b = BusinessHours::default();
        let limit = 24 * HOUR;
        let t = thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON + 9 * HOUR),
                // Mon 09:00 → Wed 13:00: 9.5 + 10 + 4.5 = 24 business h, exactly S: within.
                reply("a", "bob", "r", MON + 2 * DAY + 13 * HOUR),
            ],
        );
        let units = super::super::units::thread_units(&t);
        assert_eq!(verdict(&units[0], &b, limit, now()), Verdict::Within);
        // Seen on Monday at noon, the same unit is too young to judge.
        assert_eq!(
            verdict(&units[0], &b, limit, MON + 12 * HOUR),
            Verdict::TooYoung
        );
    }

    #[test]
    fn unseen_replies_answer_a_thread_at_an_unknown_time() {
        let mut counted = thread("t", ThreadKind::Discussion, vec![item("t", "ann", MON)]);
        counted.unseen_replies = 4;
        let silent = thread("u", ThreadKind::Discussion, vec![item("u", "bob", MON)]);
        let s = snapshot(vec![counted, silent]);
        let now = MON + 7 * DAY;
        let waiting = m9_threads_without_response(&s, &StatsConfig::default(), now);
        let waiting = waiting.value().unwrap();
        assert_eq!(waiting.count, 1);
        assert_eq!(waiting.oldest_first[0].thread_id, "u");
        let first = m8_time_to_first_response(&s, &StatsConfig::default(), now);
        let first = first.value().unwrap();
        assert_eq!(
            (first.answered, first.never_answered, first.untimed),
            (1, 1, 1)
        );
    }
}
