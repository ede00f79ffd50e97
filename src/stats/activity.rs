//! Volume and freshness: M1 items, M2 contributors, M3 reactions, M4 commenter
//! conversion, M6 liveliness, M7 staleness, M26 appreciation gap.

use serde::{Deserialize, Serialize};

use super::{
    all_items, any_approximate, contributions_per_author, is_liked, member_counts_only, Metric,
    Share, StatsConfig, UndefinedReason,
};
use crate::dates::{PageTime, UnixSeconds};
use crate::model::{Item, PageSnapshot, ThreadKind};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reactions {
    /// Likes shown on items (the page's own likes are not contributions' likes).
    pub total_likes: u64,
    pub likes_per_item: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Liveliness {
    /// Items created in the window (7 days by default) before `now`; items dated after
    /// `now` (clock skew) count as recent.
    pub recent_items: u64,
    /// Items with no readable date: not counted, reported so the count is not taken
    /// for the whole page.
    pub undated_items: u64,
    pub approximate: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Staleness {
    /// `now` − the newest dated item; 0 when that item is dated in the future.
    pub seconds: i64,
    pub approximate: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppreciationGap {
    /// Replies old enough to judge (`total`) and those with no like (`count`).
    pub unliked: Share,
    pub approximate: bool,
}

/// M1: every contribution (roots, replies, comments, list rows), whoever wrote it; on a
/// members page, the contributions its counts report.
pub fn m1_items(snapshot: &PageSnapshot, _config: &StatsConfig, _now: UnixSeconds) -> Metric<u64> {
    if member_counts_only(snapshot) {
        let posts = snapshot
            .members
            .iter()
            .map(|m| m.discussions.saturating_add(m.replies))
            .sum();
        return Metric::Value(posts);
    }
    let unseen: u64 = snapshot.threads.iter().map(|t| t.unseen_replies).sum();
    Metric::Value((all_items(snapshot).count() as u64).saturating_add(unseen))
}

/// M2: distinct known authors, without the page author and (when `exclude_staff`) staff.
pub fn m2_contributors(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<u64> {
    Metric::Value(contributions_per_author(snapshot, config).len() as u64)
}

/// M3: likes on items, in total and per item. A like count below the number of listed
/// likers is taken as the number of likers.
pub fn m3_reactions(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<Reactions> {
    let (items, likes) = all_items(snapshot).fold((0u64, 0u64), |(n, l), item| {
        (
            n + 1,
            l.saturating_add(item.likes.max(item.likers.len() as u64)),
        )
    });
    if items == 0 {
        return Metric::undefined(UndefinedReason::NoItems);
    }
    Metric::Value(Reactions {
        total_likes: likes,
        likes_per_item: likes as f64 / items as f64,
    })
}

/// M4: contributors (the M2 population: neither the page author nor staff) per view.
/// Only where the page shows its views; the share can exceed 1 if views are counted
/// oddly, and is reported as is.
pub fn m4_commenter_conversion(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<Share> {
    m4_from(
        snapshot,
        contributions_per_author(snapshot, config).len() as u64,
    )
}

/// M4 given the number of contributors (the stages count them once).
pub(crate) fn m4_from(snapshot: &PageSnapshot, commenters: u64) -> Metric<Share> {
    let Some(views) = snapshot.page.views else {
        return Metric::undefined(UndefinedReason::NoViewCount);
    };
    Share::of(commenters, views)
        .map_or(Metric::undefined(UndefinedReason::ZeroViews), Metric::Value)
}

fn dated_items(snapshot: &PageSnapshot) -> impl Iterator<Item = PageTime> + '_ {
    all_items(snapshot).filter_map(|i| i.created)
}

/// M6: items in the last `liveliness_window_secs`. Every dated item is compared to the
/// window, so any approximate date marks the count approximate.
pub fn m6_liveliness(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<Liveliness> {
    let total = all_items(snapshot).count() as u64;
    if total == 0 {
        return Metric::undefined(UndefinedReason::NoItems);
    }
    let dated: Vec<PageTime> = dated_items(snapshot).collect();
    if dated.is_empty() {
        return Metric::undefined(UndefinedReason::NoDates);
    }
    let since = now.saturating_sub(config.liveliness_window_secs);
    Metric::Value(Liveliness {
        recent_items: dated.iter().filter(|t| t.utc >= since).count() as u64,
        undated_items: total - dated.len() as u64,
        approximate: any_approximate(&dated),
    })
}

/// M7: how long since the newest item.
pub fn m7_staleness(
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<Staleness> {
    if all_items(snapshot).next().is_none() {
        return Metric::undefined(UndefinedReason::NoItems);
    }
    match dated_items(snapshot).max_by_key(|t| t.utc) {
        None => Metric::undefined(UndefinedReason::NoDates),
        Some(newest) => Metric::Value(Staleness {
            seconds: now.saturating_sub(newest.utc).max(0),
            approximate: newest.approximate,
        }),
    }
}

/// The items answering something: everything but a question's or discussion's root.
/// Top-level comments count: they answer the page.
fn replies(snapshot: &PageSnapshot) -> impl Iterator<Item = &Item> {
    snapshot.threads.iter().flat_map(|t| {
        let skip = usize::from(t.kind != ThreadKind::Comments);
        t.items.iter().skip(skip)
    })
}

/// M26: replies older than `appreciation_age_secs` (wall clock) with no like. Every
/// reply is counted, the author's own and staff's included: the gap is about content
/// nobody acknowledged.
pub fn m26_appreciation_gap(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<AppreciationGap> {
    let all: Vec<&Item> = replies(snapshot).collect();
    if all.is_empty() {
        return Metric::undefined(UndefinedReason::NoReplies);
    }
    let dated: Vec<(&Item, PageTime)> = all
        .iter()
        .filter_map(|i| i.created.map(|t| (*i, t)))
        .collect();
    if dated.is_empty() {
        return Metric::undefined(UndefinedReason::NoDates);
    }
    let cutoff = now.saturating_sub(config.appreciation_age_secs);
    let old: Vec<&Item> = dated
        .iter()
        .filter(|(_, t)| t.utc <= cutoff)
        .map(|(i, _)| *i)
        .collect();
    let unliked = old.iter().filter(|i| !is_liked(i)).count() as u64;
    match Share::of(unliked, old.len() as u64) {
        None => Metric::undefined(UndefinedReason::NotOldEnough),
        Some(share) => Metric::Value(AppreciationGap {
            unliked: share,
            approximate: dated.iter().any(|(_, t)| t.approximate),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::Thread;

    fn c() -> StatsConfig {
        StatsConfig::default()
    }

    fn sample() -> Vec<Thread> {
        vec![
            thread(
                "q",
                ThreadKind::Question,
                vec![
                    item("q0", "ann", MON),
                    liked(reply("q1", "bob", "q0", MON + HOUR), 2),
                    reply("q2", "mod", "q0", MON + 2 * HOUR),
                    anonymous(reply("q3", "x", "q0", MON + 3 * HOUR)),
                ],
            ),
            thread(
                "c",
                ThreadKind::Comments,
                vec![
                    liked(item("c0", "pa", MON + DAY), 1),
                    reply("c1", "cy", "c0", MON + 2 * DAY),
                ],
            ),
        ]
    }

    fn page() -> PageSnapshot {
        let mut s = snapshot(sample());
        s.staff = vec!["mod".into()];
        s.page.author = Some("pa".into());
        s
    }

    #[test]
    fn m1_counts_every_item() {
        assert_eq!(m1_items(&page(), &c(), MON), Metric::Value(6));
        assert_eq!(m1_items(&snapshot(vec![]), &c(), MON), Metric::Value(0));
    }

    #[test]
    fn m2_leaves_out_staff_the_page_author_and_anonymous_items() {
        // Authors: ann, bob, mod (staff), anonymous, pa (page author), cy → ann, bob, cy.
        assert_eq!(m2_contributors(&page(), &c(), MON), Metric::Value(3));
        let keep_staff = StatsConfig {
            exclude_staff: false,
            ..c()
        };
        assert_eq!(m2_contributors(&page(), &keep_staff, MON), Metric::Value(4));
    }

    #[test]
    fn m3_totals_likes() {
        // 2 + 1 likes over 6 items.
        let m = m3_reactions(&page(), &c(), MON);
        assert_eq!(
            m,
            Metric::Value(Reactions {
                total_likes: 3,
                likes_per_item: 0.5
            })
        );
        let mut s = page();
        s.threads[0].items[2].likers = vec!["a".into(), "b".into()];
        assert_eq!(m3_reactions(&s, &c(), MON).value().unwrap().total_likes, 5);
        assert_eq!(
            m3_reactions(&snapshot(vec![]), &c(), MON).reason(),
            Some(UndefinedReason::NoItems)
        );
    }

    #[test]
    fn m4_needs_a_view_count() {
        let mut s = page();
        assert_eq!(
            m4_commenter_conversion(&s, &c(), MON).reason(),
            Some(UndefinedReason::NoViewCount)
        );
        s.page.views = Some(0);
        assert_eq!(
            m4_commenter_conversion(&s, &c(), MON).reason(),
            Some(UndefinedReason::ZeroViews)
        );
        // 3 commenters (ann, bob, cy) over 60 views.
        s.page.views = Some(60);
        assert_eq!(
            m4_commenter_conversion(&s, &c(), MON),
            Metric::Value(Share::of(3, 60).unwrap())
        );
    }

    #[test]
    fn m6_counts_the_last_seven_days() {
        let threads = vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![
                item("old", "ann", MON),
                reply("edge", "bob", "old", MON + 3 * DAY),
                reply("new", "cy", "old", MON + 9 * DAY),
                reply("future", "dee", "old", MON + 20 * DAY),
                undated(reply("nodate", "eve", "old", 0)),
            ],
        )];
        // Now = MON + 10 d: the window starts at MON + 3 d (inclusive) → edge, new, future.
        let m = m6_liveliness(&snapshot(threads), &c(), MON + 10 * DAY);
        assert_eq!(
            m,
            Metric::Value(Liveliness {
                recent_items: 3,
                undated_items: 1,
                approximate: false
            })
        );
    }

    #[test]
    fn m6_edge_cases() {
        assert_eq!(
            m6_liveliness(&snapshot(vec![]), &c(), MON).reason(),
            Some(UndefinedReason::NoItems)
        );
        let undated_only = vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![undated(item("a", "x", 0))],
        )];
        assert_eq!(
            m6_liveliness(&snapshot(undated_only), &c(), MON).reason(),
            Some(UndefinedReason::NoDates)
        );
        let approx = vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![approximate(item("a", "x", MON))],
        )];
        assert!(
            m6_liveliness(&snapshot(approx), &c(), MON)
                .value()
                .unwrap()
                .approximate
        );
    }

    #[test]
    fn m7_is_the_age_of_the_newest_item() {
        // Newest is c1 at MON + 2 d; now MON + 5 d → 3 days.
        let m = m7_staleness(&page(), &c(), MON + 5 * DAY);
        assert_eq!(
            m,
            Metric::Value(Staleness {
                seconds: 3 * DAY,
                approximate: false
            })
        );
        // Seen before it was posted (clock skew): 0, not negative.
        assert_eq!(m7_staleness(&page(), &c(), MON).value().unwrap().seconds, 0);
        let approx = vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![
                item("a", "x", MON),
                approximate(reply("b", "y", "a", MON + HOUR)),
            ],
        )];
        assert!(
            m7_staleness(&snapshot(approx), &c(), MON + DAY)
                .value()
                .unwrap()
                .approximate
        );
        assert_eq!(
            m7_staleness(&snapshot(vec![]), &c(), MON).reason(),
            Some(UndefinedReason::NoItems)
        );
    }

    #[test]
    fn m26_counts_old_unliked_replies() {
        // Now = MON + 2 d + 12 h, cutoff MON + 1 d + 12 h. Replies: q1 (liked), q2, q3
        // (anonymous) at MON + 1–3 h; c0 (liked) at MON + 1 d; c1 at MON + 2 d, too
        // young. Old enough: q1, q2, q3, c0 → unliked q2, q3 = 2 of 4. q0 is a root.
        let m = m26_appreciation_gap(&page(), &c(), MON + 2 * DAY + 12 * HOUR);
        assert_eq!(
            m,
            Metric::Value(AppreciationGap {
                unliked: Share::of(2, 4).unwrap(),
                approximate: false
            })
        );
    }

    #[test]
    fn m26_edge_cases() {
        assert_eq!(
            m26_appreciation_gap(&page(), &c(), MON).reason(),
            Some(UndefinedReason::NotOldEnough)
        );
        let only_roots = vec![thread("q", ThreadKind::Question, vec![item("r", "a", MON)])];
        assert_eq!(
            m26_appreciation_gap(&snapshot(only_roots), &c(), MON + 9 * DAY).reason(),
            Some(UndefinedReason::NoReplies)
        );
    }
}
