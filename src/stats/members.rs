//! Members-page metrics: M23 the 90-9-1 profile, M32 newcomers, M33 newcomer response
//! rate.
//!
//! Newcomer status (M32) is an author attribute used inside this module and by nudges
//! through [`NewcomerSource::status`]; the page metrics only expose counts.
//! Decisions:
//! - the source is the members page (`snapshot.members`); without it, M32/M33 are
//!   `Undefined(no_members_page)`. The weak local-history fallback lives outside the
//!   core: callers pass it as a [`HistoryLookup`] (`Some(true)` = never seen before),
//!   consulted only for authors the members page does not list, and results using it
//!   are marked `weak`;
//! - staff are hosts, never newcomers, and are left out of the counts; the page author
//!   too (the M2 population);
//! - in M23 staff are left out when `exclude_staff`, and a member listed twice counts
//!   once (first listing wins).

use crate::keyed_hash::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::response::within_limit;
use super::units::{response_units, Unit};
use super::{all_items, staff_keys, Metric, Share, StatsConfig, UndefinedReason, HOUR};
use crate::dates::UnixSeconds;
use crate::model::{MemberStats, PageSnapshot};

/// A reference participation profile, as shares of members.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Benchmark {
    pub lurkers: f64,
    pub contributors: f64,
    pub creators: f64,
}

/// Nielsen's 90-9-1 rule (2006).
pub const NIELSEN_90_9_1: Benchmark = Benchmark {
    lurkers: 0.90,
    contributors: 0.09,
    creators: 0.01,
};

/// The Community Roundtable's 2016 benchmark for managed communities (~65-15-20).
pub const COMMUNITY_ROUNDTABLE_2016: Benchmark = Benchmark {
    lurkers: 0.65,
    contributors: 0.15,
    creators: 0.20,
};

/// M23. Creators started at least one discussion; contributors only replied; lurkers
/// did neither (the Community Roundtable's split).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipationProfile {
    pub members: u64,
    pub lurkers: u64,
    pub contributors: u64,
    pub creators: u64,
    pub lurker_share: f64,
    pub contributor_share: f64,
    pub creator_share: f64,
}

/// M23 the 90-9-1 profile of a members page.
pub fn m23_participation_profile(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<ParticipationProfile> {
    let staff = staff_keys(snapshot);
    let mut seen = HashSet::default();
    let (mut lurkers, mut contributors, mut creators) = (0u64, 0u64, 0u64);
    for m in &snapshot.members {
        let is_staff = config.exclude_staff && staff.contains(m.key.as_str());
        if is_staff || !seen.insert(m.key.as_str()) {
            continue;
        }
        if m.discussions > 0 {
            creators += 1;
        } else if m.replies > 0 {
            contributors += 1;
        } else {
            lurkers += 1;
        }
    }
    let members = lurkers + contributors + creators;
    if members == 0 {
        return Metric::undefined(UndefinedReason::NoMembersPage);
    }
    let share = |n: u64| n as f64 / members as f64;
    Metric::Value(ParticipationProfile {
        members,
        lurkers,
        contributors,
        creators,
        lurker_share: share(lurkers),
        contributor_share: share(contributors),
        creator_share: share(creators),
    })
}

/// The weak fallback: `Some(true)` when an author was never seen before in local
/// history, `Some(false)` when seen, `None` when history cannot tell.
pub type HistoryLookup<'a> = &'a dyn Fn(&str) -> Option<bool>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewcomerStatus {
    pub newcomer: bool,
    /// Decided by local history, not by the members page.
    pub weak: bool,
    /// Decided by an approximate join date.
    pub approximate: bool,
}

/// Where newcomer status comes from, built once per page.
pub struct NewcomerSource<'a> {
    members: HashMap<&'a str, &'a MemberStats>,
    staff: HashSet<&'a str>,
    history: Option<HistoryLookup<'a>>,
    max_contributions: u64,
    window_secs: i64,
    now: UnixSeconds,
}

impl<'a> NewcomerSource<'a> {
    pub fn new(
        snapshot: &'a PageSnapshot,
        config: &StatsConfig,
        now: UnixSeconds,
        history: Option<HistoryLookup<'a>>,
    ) -> Self {
        let mut members = HashMap::default();
        for m in &snapshot.members {
            members.entry(m.key.as_str()).or_insert(m);
        }
        NewcomerSource {
            members,
            staff: staff_keys(snapshot),
            history,
            max_contributions: config.newcomer_max_contributions,
            window_secs: config.newcomer_window_secs,
            now,
        }
    }

    fn has_data(&self) -> bool {
        !self.members.is_empty() || self.history.is_some()
    }

    /// M32 for one author: at most `newcomer_max_contributions` discussions + replies,
    /// or joined within `newcomer_window_secs`. `None` when nothing tells.
    pub fn status(&self, key: &str) -> Option<NewcomerStatus> {
        if self.staff.contains(key) {
            return Some(NewcomerStatus {
                newcomer: false,
                weak: false,
                approximate: false,
            });
        }
        if let Some(member) = self.members.get(key) {
            return Some(self.member_status(member));
        }
        let never_seen = (self.history?)(key)?;
        Some(NewcomerStatus {
            newcomer: never_seen,
            weak: true,
            approximate: false,
        })
    }

    fn member_status(&self, m: &MemberStats) -> NewcomerStatus {
        let few_contributions = m.discussions.saturating_add(m.replies) <= self.max_contributions;
        let recently_joined = m
            .joined
            .is_some_and(|j| self.now.saturating_sub(j.utc) <= self.window_secs);
        NewcomerStatus {
            newcomer: few_contributions || recently_joined,
            weak: false,
            // The join date only decides when the counts did not.
            approximate: !few_contributions && m.joined.is_some_and(|j| j.approximate),
        }
    }
}

/// M32 page summary: how many of the page's contributors are newcomers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Newcomers {
    /// Contributors whose status is known.
    pub known_authors: u64,
    pub newcomers: u64,
    /// Contributors neither the members page nor history knows.
    pub unknown_authors: u64,
    pub approximate: bool,
    pub weak: bool,
}

/// M32 newcomers, from the members page only.
pub fn m32_newcomers(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<Newcomers> {
    newcomers_from(
        &NewcomerSource::new(snapshot, config, now, None),
        snapshot,
        config,
    )
}

/// M32 newcomers, with the local-history fallback.
pub fn m32_newcomers_with_history(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
    history: HistoryLookup,
) -> Metric<Newcomers> {
    let source = NewcomerSource::new(snapshot, config, now, Some(history));
    newcomers_from(&source, snapshot, config)
}

/// Known authors on the page who can be newcomers: not staff, not the page author.
fn candidate_authors<'a>(snapshot: &'a PageSnapshot, source: &NewcomerSource) -> HashSet<&'a str> {
    let page_author = snapshot.page.author.as_deref();
    all_items(snapshot)
        .filter_map(|i| i.author.as_deref())
        .filter(|a| Some(*a) != page_author && !source.staff.contains(a))
        .collect()
}

fn unknown_status(source: &NewcomerSource) -> UndefinedReason {
    if source.members.is_empty() {
        UndefinedReason::NotEnoughHistory
    } else {
        UndefinedReason::NoMembersPage
    }
}

pub(crate) fn newcomers_from(
    source: &NewcomerSource,
    snapshot: &PageSnapshot,
    _config: &StatsConfig,
) -> Metric<Newcomers> {
    if !source.has_data() {
        return Metric::undefined(UndefinedReason::NoMembersPage);
    }
    let authors = candidate_authors(snapshot, source);
    if authors.is_empty() {
        return Metric::undefined(UndefinedReason::NoContributors);
    }
    let statuses: Vec<NewcomerStatus> = authors.iter().filter_map(|a| source.status(a)).collect();
    if statuses.is_empty() {
        return Metric::undefined(unknown_status(source));
    }
    Metric::Value(Newcomers {
        known_authors: statuses.len() as u64,
        newcomers: statuses.iter().filter(|s| s.newcomer).count() as u64,
        unknown_authors: (authors.len() - statuses.len()) as u64,
        approximate: statuses.iter().any(|s| s.approximate),
        weak: statuses.iter().any(|s| s.weak),
    })
}

/// M33: of the threads (response units) started by newcomers and old enough to judge,
/// the share answered within `newcomer_response_business_hours`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewcomerResponse {
    /// Units started by known newcomers, judged or not.
    pub threads: u64,
    /// Judged units (`total`) answered in time (`count`).
    pub answered_in_time: Share,
    pub approximate: bool,
    pub weak: bool,
}

/// M33 newcomer response rate, from the members page only.
pub fn m33_newcomer_response_rate(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<NewcomerResponse> {
    let source = NewcomerSource::new(snapshot, config, now, None);
    newcomer_response_from(&source, snapshot, config, now)
}

/// M33 newcomer response rate, with the local-history fallback.
pub fn m33_newcomer_response_rate_with_history(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
    history: HistoryLookup,
) -> Metric<NewcomerResponse> {
    let source = NewcomerSource::new(snapshot, config, now, Some(history));
    newcomer_response_from(&source, snapshot, config, now)
}

pub(crate) fn newcomer_response_from(
    source: &NewcomerSource,
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
) -> Metric<NewcomerResponse> {
    if !source.has_data() {
        return Metric::undefined(UndefinedReason::NoMembersPage);
    }
    let page_author = snapshot.page.author.as_deref();
    let units = response_units(snapshot);
    let mut started: Vec<&Unit> = Vec::new();
    let (mut weak, mut approximate) = (false, false);
    for unit in &units {
        let Some(author) = unit.root.author.as_deref() else {
            continue;
        };
        match source.status(author) {
            Some(s) if s.newcomer && Some(author) != page_author => {
                weak |= s.weak;
                approximate |= s.approximate;
                started.push(unit);
            }
            _ => {}
        }
    }
    if started.is_empty() {
        return Metric::undefined(UndefinedReason::NoNewcomerThreads);
    }
    let limit = i64::from(config.newcomer_response_business_hours) * HOUR;
    let (share, dates_approximate) = within_limit(&started, &config.business, limit, now);
    share.map(|answered_in_time| NewcomerResponse {
        threads: started.len() as u64,
        answered_in_time,
        approximate: approximate || dates_approximate,
        weak,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::dates::PageTime;
    use crate::model::ThreadKind;

    fn member(key: &str, discussions: u64, replies: u64, joined: Option<i64>) -> MemberStats {
        MemberStats {
            key: key.into(),
            discussions,
            replies,
            best_replies: 0,
            joined: joined.map(|utc| PageTime {
                utc,
                approximate: false,
            }),
            last_activity: None,
        }
    }

    fn c() -> StatsConfig {
        StatsConfig::default()
    }

    #[test]
    fn m23_profile() {
        let mut s = snapshot(vec![]);
        s.staff = vec!["mod".into()];
        s.members = vec![
            member("a", 0, 0, None),
            member("b", 0, 3, None),
            member("c", 2, 5, None),
            member("d", 0, 0, None),
            member("mod", 5, 5, None),
            member("a", 9, 9, None), // listed twice: the first listing counts
        ];
        // a, d lurkers; b contributor; c creator; mod is staff → 2/4, 1/4, 1/4.
        assert_eq!(
            m23_participation_profile(&s, &c(), MON),
            Metric::Value(ParticipationProfile {
                members: 4,
                lurkers: 2,
                contributors: 1,
                creators: 1,
                lurker_share: 0.5,
                contributor_share: 0.25,
                creator_share: 0.25,
            })
        );
        assert_eq!(
            m23_participation_profile(&snapshot(vec![]), &c(), MON).reason(),
            Some(UndefinedReason::NoMembersPage)
        );
    }

    const NOW: i64 = MON + 4 * DAY + 17 * HOUR; // Friday 17:00

    /// ann is established; bob has one reply (newcomer by count); cy joined 10 days ago
    /// (newcomer by date); dee is not on the members page; mod is staff; pa authors the
    /// page.
    fn page() -> PageSnapshot {
        let mut s = snapshot(vec![
            thread(
                "bob-q",
                ThreadKind::Question,
                vec![
                    item("b0", "bob", MON + 9 * HOUR),
                    reply("b1", "ann", "b0", MON + 11 * HOUR),
                ],
            ),
            thread(
                "cy-d",
                ThreadKind::Discussion,
                vec![item("c0", "cy", MON + 12 * HOUR)],
            ),
            thread(
                "ann-d",
                ThreadKind::Discussion,
                vec![item("a0", "ann", MON + 9 * HOUR)],
            ),
            thread(
                "bob-late",
                ThreadKind::Question,
                vec![item("b2", "bob", MON + 4 * DAY + 16 * HOUR)],
            ),
            thread(
                "misc",
                ThreadKind::Discussion,
                vec![
                    item("m0", "mod", MON),
                    reply("m1", "dee", "m0", MON),
                    reply("m2", "pa", "m0", MON),
                ],
            ),
        ]);
        s.staff = vec!["mod".into()];
        s.page.author = Some("pa".into());
        s.members = vec![
            member("ann", 3, 10, Some(MON - 400 * DAY)),
            member("bob", 0, 1, Some(MON - 400 * DAY)),
            member("cy", 5, 5, Some(NOW - 10 * DAY)),
            member("mod", 0, 0, Some(NOW)),
            member("pa", 0, 0, None),
        ];
        s
    }

    #[test]
    fn m32_counts_newcomers_among_contributors() {
        // Candidates: bob, ann, cy, dee (mod is staff, pa the page author).
        // Known: ann (no), bob (yes), cy (yes); dee unknown.
        assert_eq!(
            m32_newcomers(&page(), &c(), NOW),
            Metric::Value(Newcomers {
                known_authors: 3,
                newcomers: 2,
                unknown_authors: 1,
                approximate: false,
                weak: false,
            })
        );
    }

    #[test]
    fn m32_an_approximate_join_date_marks_it() {
        let mut s = page();
        s.members[2].joined.as_mut().unwrap().approximate = true;
        assert!(m32_newcomers(&s, &c(), NOW).value().unwrap().approximate);
        // bob's status comes from his counts: his approximate join date does not matter.
        let mut s = page();
        s.members[1].joined.as_mut().unwrap().approximate = true;
        assert!(!m32_newcomers(&s, &c(), NOW).value().unwrap().approximate);
    }

    #[test]
    fn m32_history_fallback_is_weak() {
        let history = |key: &str| (key == "dee").then_some(true);
        let m = m32_newcomers_with_history(&page(), &c(), NOW, &history);
        let m = m.value().unwrap();
        assert_eq!((m.known_authors, m.newcomers, m.unknown_authors), (4, 3, 0));
        assert!(m.weak);
        // Members-page authors are never looked up in history.
        let never = |_: &str| Some(false);
        let m = m32_newcomers_with_history(&page(), &c(), NOW, &never);
        assert_eq!(m.value().unwrap().newcomers, 2);
    }

    #[test]
    fn m32_undefined_without_a_source() {
        let mut s = page();
        s.members.clear();
        assert_eq!(
            m32_newcomers(&s, &c(), NOW).reason(),
            Some(UndefinedReason::NoMembersPage)
        );
        let nothing = |_: &str| None;
        assert_eq!(
            m32_newcomers_with_history(&s, &c(), NOW, &nothing).reason(),
            Some(UndefinedReason::NotEnoughHistory)
        );
        let mut members_only = snapshot(vec![]);
        members_only.members = vec![member("a", 0, 0, None)];
        assert_eq!(
            m32_newcomers(&members_only, &c(), NOW).reason(),
            Some(UndefinedReason::NoContributors)
        );
    }

    #[test]
    fn staff_are_never_newcomers() {
        let s = page();
        let source = NewcomerSource::new(&s, &c(), NOW, None);
        assert!(!source.status("mod").unwrap().newcomer);
        assert!(source.status("bob").unwrap().newcomer);
        assert_eq!(source.status("dee"), None);
    }

    #[test]
    fn m33_share_of_newcomer_threads_answered_in_time() {
        // Newcomer units: bob-q (answered after 2 business h: within), cy-d (never
        // answered, 45 business h old: late), bob-late (1 business h old: not judged).
        // → 1 of 2, over 3 units.
        assert_eq!(
            m33_newcomer_response_rate(&page(), &c(), NOW),
            Metric::Value(NewcomerResponse {
                threads: 3,
                answered_in_time: Share::of(1, 2).unwrap(),
                approximate: false,
                weak: false,
            })
        );
    }

    #[test]
    fn m33_edge_cases() {
        let mut s = page();
        s.members.retain(|m| m.key == "ann");
        assert_eq!(
            m33_newcomer_response_rate(&s, &c(), NOW).reason(),
            Some(UndefinedReason::NoNewcomerThreads)
        );
        // Seen on Monday at 13:00, no newcomer thread is 24 business h old yet.
        assert_eq!(
            m33_newcomer_response_rate(&page(), &c(), MON + 13 * HOUR).reason(),
            Some(UndefinedReason::NotOldEnough)
        );
        s.members.clear();
        assert_eq!(
            m33_newcomer_response_rate(&s, &c(), NOW).reason(),
            Some(UndefinedReason::NoMembersPage)
        );
        let all_new = |_: &str| Some(true);
        let m = m33_newcomer_response_rate_with_history(&s, &c(), NOW, &all_new);
        assert!(m.value().unwrap().weak);
    }
}
