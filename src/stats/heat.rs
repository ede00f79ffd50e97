//! M31 heat: threads that flare up. Returns thread ids (content), never people.
//!
//! Two signals, reported separately so the hint can say which:
//! - **Burst** (thresholds ours): at least `heat_min_burst_items` items in the last
//!   `heat_window_secs` and at least `heat_burst_ratio` times what the thread's earlier
//!   rate predicts for such a window. The earlier rate is the items before the window
//!   over the time from the thread's first item to the window's start (at least one
//!   window long, so a thread busy just before the window is not called a burst). A
//!   thread with nothing before the window has no rate to compare with: a new thread
//!   being busy is liveliness, not heat.
//! - **Alternation**: `heat_alternating_replies` (6) consecutive replies, in time
//!   order, strictly alternating between the same two people (A B A B A B) and spanning
//!   at most the window. Replies only: the root of a thread or of a comment unit is not
//!   counted. In a comment section each top-level comment's sub-thread is scanned on its
//!   own, since unrelated comments interleave in time. Unlike the burst, an alternation
//!   is reported whenever it happened: it is a property of the content a moderator may
//!   want to look at after it cooled down. Undated replies cannot be placed in time and
//!   are skipped; an anonymous reply breaks a run.

use serde::{Deserialize, Serialize};

use super::units::thread_units;
use super::{all_items, Metric, StatsConfig, UndefinedReason};
use crate::dates::UnixSeconds;
use crate::model::{Item, PageSnapshot, Thread};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HotThread {
    pub thread_id: String,
    pub burst: bool,
    pub alternation: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Heat {
    /// Hot threads, in page order.
    pub hot: Vec<HotThread>,
    /// Any item date on the page is approximate (each one is compared to a window).
    pub approximate: bool,
}

/// M31 heat.
pub fn m31_heat(snapshot: &PageSnapshot, config: &StatsConfig, now: UnixSeconds) -> Metric<Heat> {
    if snapshot.threads.is_empty() {
        return Metric::undefined(UndefinedReason::NoThreads);
    }
    let dates: Vec<_> = all_items(snapshot).filter_map(|i| i.created).collect();
    if dates.is_empty() {
        return Metric::undefined(UndefinedReason::NoDates);
    }
    let hot = snapshot
        .threads
        .iter()
        .filter_map(|t| {
            let burst = is_burst(t, config, now);
            let alternation = has_alternation(t, config);
            (burst || alternation).then(|| HotThread {
                thread_id: t.id.clone(),
                burst,
                alternation,
            })
        })
        .collect();
    Metric::Value(Heat {
        hot,
        approximate: dates.iter().any(|t| t.approximate),
    })
}

fn is_burst(thread: &Thread, config: &StatsConfig, now: UnixSeconds) -> bool {
    let window = config.heat_window_secs.max(1);
    let window_start = now.saturating_sub(window);
    let times = thread.items.iter().filter_map(|i| i.created.map(|t| t.utc));
    let (mut recent, mut prior, mut first_prior) = (0usize, 0usize, i64::MAX);
    for t in times {
        if t >= window_start {
            recent += 1;
        } else {
            prior += 1;
            first_prior = first_prior.min(t);
        }
    }
    if prior == 0 || recent < config.heat_min_burst_items {
        return false;
    }
    let span = window_start.saturating_sub(first_prior).max(window);
    let expected = prior as f64 * window as f64 / span as f64;
    recent as f64 >= config.heat_burst_ratio * expected
}

fn has_alternation(thread: &Thread, config: &StatsConfig) -> bool {
    thread_units(thread)
        .iter()
        .any(|unit| alternates(&unit.replies, config))
}

/// Whether `replies`, in time order, hold the required alternating run within the
/// window.
fn alternates(replies: &[&Item], config: &StatsConfig) -> bool {
    let need = config.heat_alternating_replies.max(2);
    let mut dated: Vec<(i64, Option<&str>)> = replies
        .iter()
        .filter_map(|r| Some((r.created?.utc, r.author.as_deref())))
        .collect();
    if dated.len() < need {
        return false;
    }
    dated.sort_by_key(|&(t, _)| t);
    // `run` holds the times of the current alternating run.
    let mut run: Vec<i64> = Vec::new();
    for i in 0..dated.len() {
        let (t, author) = dated[i];
        let Some(author) = author else {
            run.clear();
            continue;
        };
        let prev = i.checked_sub(1).and_then(|j| dated[j].1);
        let before_prev = i.checked_sub(2).and_then(|j| dated[j].1);
        let continues =
            prev.is_some_and(|p| p != author) && (run.len() < 2 || before_prev == Some(author));
        if continues && !run.is_empty() {
            run.push(t);
        } else if prev.is_some_and(|p| p != author) {
            // A new pair starts with the previous reply.
            run = vec![dated[i - 1].0, t];
        } else {
            run = vec![t];
        }
        if run.len() >= need
            && run[run.len() - 1] - run[run.len() - need] <= config.heat_window_secs
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::ThreadKind;

    fn c() -> StatsConfig {
        StatsConfig::default()
    }

    /// A discussion rooted 10 days before `now`, with the given (author, time) replies.
    fn discussion(now: i64, replies: &[(&str, i64)]) -> Thread {
        let mut items = vec![item("root", "zed", now - 10 * DAY)];
        for (k, &(author, t)) in replies.iter().enumerate() {
            items.push(reply(&format!("r{k}"), author, "root", t));
        }
        thread("d", ThreadKind::Discussion, items)
    }

    const NOW: i64 = MON + 14 * DAY;

    #[test]
    fn a_burst_against_a_quiet_history() {
        // Before the window: the root and 3 replies over ~10 days → prior 4 items.
        // Span = 10 d − 2 h = 238 h; expected in 2 h = 4 × 2 / 238 ≈ 0.034.
        // 5 items in the last hour ≥ 5 and ≥ 3 × 0.034 → burst.
        let mut r = vec![
            ("a", NOW - 9 * DAY),
            ("b", NOW - 5 * DAY),
            ("c", NOW - 2 * DAY),
        ];
        for (k, who) in ["a", "b", "c", "d", "e"].iter().enumerate() {
            r.push((who, NOW - HOUR + k as i64 * 60));
        }
        let m = m31_heat(&snapshot(vec![discussion(NOW, &r)]), &c(), NOW);
        assert_eq!(
            m.value().unwrap().hot,
            vec![HotThread {
                thread_id: "d".into(),
                burst: true,
                alternation: false
            }]
        );
    }

    #[test]
    fn no_burst_when_the_thread_is_always_this_busy() {
        // The root 12 h before the window, then 120 replies every 6 minutes until the
        // window, then 6 in the last hour.
        let mut items = vec![item("root", "zed", NOW - 2 * HOUR - 12 * HOUR)];
        for k in 0..120 {
            let who = ["a", "b", "c"][k % 3];
            items.push(reply(
                &format!("p{k}"),
                who,
                "root",
                NOW - 2 * HOUR - 12 * HOUR + k as i64 * 360,
            ));
        }
        for k in 0..6 {
            let who = ["a", "b", "c"][k % 3];
            items.push(reply(
                &format!("n{k}"),
                who,
                "root",
                NOW - HOUR + k as i64 * 60,
            ));
        }
        // Prior 121 items over 12 h → 121 × 2 / 12 ≈ 20.2 expected per 2 h;
        // 6 < 3 × 20.2: no burst. Three people in turn: no alternation either.
        let t = thread("d", ThreadKind::Discussion, items);
        let m = m31_heat(&snapshot(vec![t]), &c(), NOW);
        assert!(m.value().unwrap().hot.is_empty());
    }

    #[test]
    fn a_new_busy_thread_is_not_a_burst() {
        let mut items = vec![item("root", "zed", NOW - 90 * MINUTE)];
        for k in 0..8 {
            items.push(reply(
                &format!("r{k}"),
                ["a", "b", "c"][k % 3],
                "root",
                NOW - 80 * MINUTE + k as i64 * 600,
            ));
        }
        let t = thread("d", ThreadKind::Discussion, items);
        assert!(m31_heat(&snapshot(vec![t]), &c(), NOW)
            .value()
            .unwrap()
            .hot
            .is_empty());
    }

    #[test]
    fn four_recent_items_are_too_few_for_a_burst() {
        let r: Vec<(&str, i64)> = (0..4)
            .map(|k| (["a", "b", "c", "d"][k], NOW - HOUR + k as i64))
            .collect();
        let m = m31_heat(&snapshot(vec![discussion(NOW, &r)]), &c(), NOW);
        assert!(m.value().unwrap().hot.is_empty());
    }

    #[test]
    fn six_alternating_replies_within_two_hours() {
        // ann, bob × 3, 20 min apart: first to last 100 min ≤ 2 h. Long ago, so no burst.
        let start = MON;
        let r: Vec<(&str, i64)> = (0..6)
            .map(|k| (["ann", "bob"][k % 2], start + k as i64 * 20 * MINUTE))
            .collect();
        let m = m31_heat(&snapshot(vec![discussion(NOW, &r)]), &c(), NOW);
        assert_eq!(
            m.value().unwrap().hot,
            vec![HotThread {
                thread_id: "d".into(),
                burst: false,
                alternation: true
            }]
        );
    }

    #[test]
    fn alternation_needs_six_the_same_two_and_the_window() {
        let alt = |authors: &[&'static str], gap: i64| -> bool {
            let r: Vec<(&str, i64)> = authors
                .iter()
                .enumerate()
                .map(|(k, &a)| (a, MON + k as i64 * gap))
                .collect();
            !m31_heat(&snapshot(vec![discussion(NOW, &r)]), &c(), NOW)
                .value()
                .unwrap()
                .hot
                .is_empty()
        };
        // Five only.
        assert!(!alt(&["a", "b", "a", "b", "a"], 10 * MINUTE));
        // A third person breaks the run (a b a c a b: no six).
        assert!(!alt(&["a", "b", "a", "c", "a", "b"], 10 * MINUTE));
        // The same person twice in a row breaks it.
        assert!(!alt(&["a", "b", "a", "a", "b", "a"], 10 * MINUTE));
        // 6 over 5 × 25 min = 125 min > 2 h.
        assert!(!alt(&["a", "b", "a", "b", "a", "b"], 25 * MINUTE));
        // 6 over 5 × 24 min = 120 min: inclusive.
        assert!(alt(&["a", "b", "a", "b", "a", "b"], 24 * MINUTE));
        // A run that starts after a third person: c a b a b a b.
        assert!(alt(&["c", "a", "b", "a", "b", "a", "b"], 10 * MINUTE));
        // A new pair sharing a person: a b a | c …: the run restarts at the third
        // reply, and a c a c a c is six: hot.
        assert!(alt(&["a", "b", "a", "c", "a", "c", "a", "c"], 10 * MINUTE));
    }

    #[test]
    fn anonymous_replies_break_runs() {
        let mut items = vec![item("root", "zed", MON)];
        for k in 0..7 {
            let mut r = reply(
                &format!("r{k}"),
                ["a", "b"][k % 2],
                "root",
                MON + k as i64 * 60,
            );
            if k == 3 {
                r = anonymous(r);
            }
            items.push(r);
        }
        let t = thread("d", ThreadKind::Discussion, items);
        assert!(m31_heat(&snapshot(vec![t]), &c(), NOW)
            .value()
            .unwrap()
            .hot
            .is_empty());
    }

    #[test]
    fn comment_sections_are_scanned_per_top_level_comment() {
        // Two sub-threads interleaved in time, each alternating six times within its
        // own pair; merged they would read a c b d a c … and never alternate.
        let mut items = vec![item("c1", "zed", MON), item("c2", "yan", MON)];
        for k in 0..6 {
            items.push(reply(
                &format!("x{k}"),
                ["a", "b"][k % 2],
                "c1",
                MON + k as i64 * 120,
            ));
            items.push(reply(
                &format!("y{k}"),
                ["c", "d"][k % 2],
                "c2",
                MON + k as i64 * 120 + 60,
            ));
        }
        let t = thread("news", ThreadKind::Comments, items);
        // Each sub-thread alternates six times on its own: hot.
        let m = m31_heat(&snapshot(vec![t]), &c(), NOW);
        assert!(m.value().unwrap().hot[0].alternation);
    }

    #[test]
    fn heat_edge_cases() {
        assert_eq!(
            m31_heat(&snapshot(vec![]), &c(), NOW).reason(),
            Some(UndefinedReason::NoThreads)
        );
        let t = thread(
            "d",
            ThreadKind::Discussion,
            vec![undated(item("r", "a", 0))],
        );
        assert_eq!(
            m31_heat(&snapshot(vec![t]), &c(), NOW).reason(),
            Some(UndefinedReason::NoDates)
        );
        let t = thread(
            "d",
            ThreadKind::Discussion,
            vec![approximate(item("r", "a", MON))],
        );
        assert!(
            m31_heat(&snapshot(vec![t]), &c(), NOW)
                .value()
                .unwrap()
                .approximate
        );
    }
}
