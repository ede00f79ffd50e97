//! Per-page contribution metrics (M1–M33 of `research/metrics-and-nudges.md`), computed
//! locally from one [`PageSnapshot`] and the clock.
//!
//! Every metric is a pure function `(&PageSnapshot, &StatsConfig, now) -> Metric<T>` and
//! answers either a value or `Undefined { reason }`: a metric that cannot be computed
//! says why (the UI localizes the reason key) instead of showing a misleading 0.
//!
//! Conventions shared by every metric (decisions where the research is silent):
//! - **Approximate dates.** Any metric whose value depends on item dates carries an
//!   `approximate: bool` field in its value; it is true when at least one date the value
//!   was computed from was relative text ("il y a 3 heures"). Metrics are still computed.
//! - **Anonymous items** (no author key) count as items (M1, M3, M6, M7, M26) but not as
//!   contributors. In the "someone other than the author" rule an unknown author on
//!   either side counts as another person: a reply exists and nothing shows it is the
//!   author's own.
//! - **Staff** (`snapshot.staff`) are left out of the contributor population (M2, M4,
//!   M19–M22, M23) when `exclude_staff`; their replies still count as responses (M8,
//!   M9, M33) and interactions (M15, M16), since a moderator answering is the point.
//!   Staff are never newcomers.
//! - **The page author** is always left out of the contributor population: on a news
//!   page they are the host, not a participant.
//! - **Guardrail.** Nothing returned here names a person. Inequality metrics are shares
//!   of a distribution; lists (M9, M31) hold thread and item ids, i.e. content.
//! - **DST** is out of scope: business hours use one fixed UTC offset.

mod activity;
mod business_hours;
mod heat;
mod inequality;
mod interaction;
mod members;
mod questions;
mod response;
mod units;

#[cfg(test)]
pub(crate) mod test_support;

pub use activity::{
    m1_items, m26_appreciation_gap, m2_contributors, m3_reactions, m4_commenter_conversion,
    m6_liveliness, m7_staleness, AppreciationGap, Liveliness, Reactions, Staleness,
};
pub use business_hours::{weekday, BusinessHours};
pub use heat::{m31_heat, Heat, HotThread};
pub use inequality::{
    effective_voices, gini, largest_share, m19_gini, m20_top_share, m21_dominance,
    m22_effective_voices, top_share,
};
pub use interaction::{m15_interaction_pairs, m16_reciprocity};
pub use members::{
    m23_participation_profile, m32_newcomers, m32_newcomers_with_history,
    m33_newcomer_response_rate, m33_newcomer_response_rate_with_history, Benchmark, HistoryLookup,
    NewcomerResponse, NewcomerSource, NewcomerStatus, Newcomers, ParticipationProfile,
    COMMUNITY_ROUNDTABLE_2016, NIELSEN_90_9_1,
};
pub use questions::{m10_unanswered_questions, m11_resolution_rate, UnansweredQuestions};
pub use response::{
    m13_author_reply_rate, m8_time_to_first_response, m9_threads_without_response, FirstResponse,
    NoResponse, UnitRef,
};

use crate::keyed_hash::{HashMap, HashSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dates::UnixSeconds;
use crate::model::{Item, PageSnapshot};

/// Why a metric has no value. The snake_case keys are a UI contract (localized there),
/// so they never change once published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UndefinedReason {
    /// Fewer contributors than `min_contributors_for_inequality`.
    TooFewContributors,
    /// Contributors were needed and the page has none (after exclusions).
    NoContributors,
    /// The page shows no view count.
    NoViewCount,
    /// The page shows a view count of zero, so no ratio can be taken over it.
    ZeroViews,
    NoItems,
    NoThreads,
    NoQuestions,
    /// No top-level comments by others on the page (M13).
    NoComments,
    /// No replies on the page (M26).
    NoReplies,
    /// None of the relevant items has a readable date.
    NoDates,
    /// No members page data (M23, M32, M33), or none about this page's authors.
    NoMembersPage,
    NoPageAuthor,
    /// The local-history fallback knows none of the page's authors.
    NotEnoughHistory,
    /// No thread has a response yet, so there is no response time to aggregate.
    NoAnsweredThreads,
    /// Nothing is old enough to be judged yet (e.g. every thread is younger than S).
    NotOldEnough,
    /// No reply links two different people (M16).
    NoInteractions,
    /// No thread on the page was started by a known newcomer (M33).
    NoNewcomerThreads,
}

impl UndefinedReason {
    pub const ALL: [UndefinedReason; 17] = [
        UndefinedReason::TooFewContributors,
        UndefinedReason::NoContributors,
        UndefinedReason::NoViewCount,
        UndefinedReason::ZeroViews,
        UndefinedReason::NoItems,
        UndefinedReason::NoThreads,
        UndefinedReason::NoQuestions,
        UndefinedReason::NoComments,
        UndefinedReason::NoReplies,
        UndefinedReason::NoDates,
        UndefinedReason::NoMembersPage,
        UndefinedReason::NoPageAuthor,
        UndefinedReason::NotEnoughHistory,
        UndefinedReason::NoAnsweredThreads,
        UndefinedReason::NotOldEnough,
        UndefinedReason::NoInteractions,
        UndefinedReason::NoNewcomerThreads,
    ];

    /// The stable key the UI localizes (same string as the serde form).
    pub fn key(self) -> &'static str {
        match self {
            UndefinedReason::TooFewContributors => "too_few_contributors",
            UndefinedReason::NoContributors => "no_contributors",
            UndefinedReason::NoViewCount => "no_view_count",
            UndefinedReason::ZeroViews => "zero_views",
            UndefinedReason::NoItems => "no_items",
            UndefinedReason::NoThreads => "no_threads",
            UndefinedReason::NoQuestions => "no_questions",
            UndefinedReason::NoComments => "no_comments",
            UndefinedReason::NoReplies => "no_replies",
            UndefinedReason::NoDates => "no_dates",
            UndefinedReason::NoMembersPage => "no_members_page",
            UndefinedReason::NoPageAuthor => "no_page_author",
            UndefinedReason::NotEnoughHistory => "not_enough_history",
            UndefinedReason::NoAnsweredThreads => "no_answered_threads",
            UndefinedReason::NotOldEnough => "not_old_enough",
            UndefinedReason::NoInteractions => "no_interactions",
            UndefinedReason::NoNewcomerThreads => "no_newcomer_threads",
        }
    }
}

/// A metric's result. Serialized as `{"value": …}` or `{"undefined": "<reason-key>"}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Metric<T> {
    Value(T),
    Undefined { reason: UndefinedReason },
}

impl<T> Metric<T> {
    pub fn undefined(reason: UndefinedReason) -> Self {
        Metric::Undefined { reason }
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Metric::Value(v) => Some(v),
            Metric::Undefined { .. } => None,
        }
    }

    pub fn reason(&self) -> Option<UndefinedReason> {
        match self {
            Metric::Value(_) => None,
            Metric::Undefined { reason } => Some(*reason),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Metric<U> {
        match self {
            Metric::Value(v) => Metric::Value(f(v)),
            Metric::Undefined { reason } => Metric::Undefined { reason },
        }
    }
}

/// The wire shape of [`Metric`]: serde's externally tagged form of a newtype variant
/// gives exactly `{"value": …}` / `{"undefined": "key"}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum MetricRef<'a, T> {
    Value(&'a T),
    Undefined(UndefinedReason),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum MetricOwned<T> {
    Value(T),
    Undefined(UndefinedReason),
}

impl<T: Serialize> Serialize for Metric<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Metric::Value(v) => MetricRef::Value(v).serialize(serializer),
            Metric::Undefined { reason } => {
                MetricRef::<T>::Undefined(*reason).serialize(serializer)
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Metric<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match MetricOwned::deserialize(deserializer)? {
            MetricOwned::Value(v) => Metric::Value(v),
            MetricOwned::Undefined(reason) => Metric::Undefined { reason },
        })
    }
}

/// `count` out of `total`, with the share precomputed (never NaN: built only when
/// `total > 0`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub count: u64,
    pub total: u64,
    pub share: f64,
}

impl Share {
    pub fn of(count: u64, total: u64) -> Option<Share> {
        (total > 0).then(|| Share {
            count,
            total,
            share: count as f64 / total as f64,
        })
    }
}

/// Thresholds and windows. Defaults follow the research; the ones it does not give are
/// marked "(ours)".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatsConfig {
    pub business: BusinessHours,
    /// S of M8: a thread is judged once S business hours old.
    pub sla_business_hours: u32,
    /// h of M9.
    pub no_response_after_business_hours: u32,
    /// The answer window of M33 ("answered within 24 business h").
    pub newcomer_response_business_hours: u32,
    pub exclude_staff: bool,
    /// M19–M22 are shown only from this many contributors.
    pub min_contributors_for_inequality: usize,
    /// M20: the share of the most active `top_percent` % (rounded up) of contributors.
    pub top_percent: u32,
    /// M6 window (7 days).
    pub liveliness_window_secs: i64,
    /// M31 window (2 h).
    pub heat_window_secs: i64,
    /// M31 (ours): a burst needs at least this many items in the window…
    pub heat_min_burst_items: usize,
    /// …and at least this many times the items the thread's earlier rate predicts.
    pub heat_burst_ratio: f64,
    /// M31: this many strictly alternating replies between two people within the window.
    pub heat_alternating_replies: usize,
    /// M26: replies older than this with no like (24 h, wall clock).
    pub appreciation_age_secs: i64,
    /// M32: a member with at most this many discussions + replies is a newcomer…
    pub newcomer_max_contributions: u64,
    /// …as is one who joined at most this long ago (30 days).
    pub newcomer_window_secs: i64,
}

pub(crate) const HOUR: i64 = 3_600;
pub(crate) const DAY: i64 = 86_400;

impl Default for StatsConfig {
    fn default() -> Self {
        StatsConfig {
            business: BusinessHours::default(),
            sla_business_hours: 24,
            no_response_after_business_hours: 24,
            newcomer_response_business_hours: 24,
            exclude_staff: true,
            min_contributors_for_inequality: 5,
            top_percent: 10,
            liveliness_window_secs: 7 * DAY,
            heat_window_secs: 2 * HOUR,
            heat_min_burst_items: 5,
            heat_burst_ratio: 3.0,
            heat_alternating_replies: 6,
            appreciation_age_secs: DAY,
            newcomer_max_contributions: 1,
            newcomer_window_secs: 30 * DAY,
        }
    }
}

/// Every metric of one page, by the names the UI reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageStats {
    pub m1_items: Metric<u64>,
    pub m2_contributors: Metric<u64>,
    pub m3_reactions: Metric<Reactions>,
    pub m4_commenter_conversion: Metric<Share>,
    pub m6_liveliness: Metric<Liveliness>,
    pub m7_staleness: Metric<Staleness>,
    pub m8_time_to_first_response: Metric<FirstResponse>,
    pub m9_threads_without_response: Metric<NoResponse>,
    pub m10_unanswered_questions: Metric<UnansweredQuestions>,
    pub m11_resolution_rate: Metric<Share>,
    pub m13_author_reply_rate: Metric<Share>,
    pub m15_interaction_pairs: Metric<u64>,
    pub m16_reciprocity: Metric<Share>,
    pub m19_gini: Metric<f64>,
    pub m20_top_share: Metric<f64>,
    pub m21_dominance: Metric<f64>,
    pub m22_effective_voices: Metric<f64>,
    pub m23_participation_profile: Metric<ParticipationProfile>,
    pub m26_appreciation_gap: Metric<AppreciationGap>,
    pub m31_heat: Metric<Heat>,
    pub m32_newcomers: Metric<Newcomers>,
    pub m33_newcomer_response_rate: Metric<NewcomerResponse>,
}

/// The metrics as Animateur shows them: the staff named in settings marked on the
/// snapshot, thresholds (working time, expected response time, staff rule) from
/// settings. One function for the page overlay, the fallback frame and the CLI.
pub fn compute_for(
    snapshot: &mut PageSnapshot,
    settings: &crate::settings::Settings,
    utc_offset_minutes: i32,
    now: UnixSeconds,
) -> PageStats {
    stages_for(snapshot, settings, utc_offset_minutes, now).finish()
}

/// [`compute_for`] in stages, for a caller that yields to the page between them.
pub fn stages_for<'a>(
    snapshot: &'a mut PageSnapshot,
    settings: &crate::settings::Settings,
    utc_offset_minutes: i32,
    now: UnixSeconds,
) -> StatsStages<'a> {
    snapshot.add_staff(&settings.staff);
    StatsStages::new(
        snapshot,
        settings.stats_config(utc_offset_minutes),
        now,
        None,
    )
}

/// All metrics, newcomers read from the members page only.
pub fn compute_all(snapshot: &PageSnapshot, config: &StatsConfig, now: UnixSeconds) -> PageStats {
    compute_all_with_history(snapshot, config, now, None)
}

/// All metrics; `history` is the weak local-history fallback for M32/M33 ("never seen
/// before" → `Some(true)`), consulted only for authors the members page does not list.
pub fn compute_all_with_history(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    now: UnixSeconds,
    history: Option<HistoryLookup>,
) -> PageStats {
    StatsStages::new(snapshot, config.clone(), now, history).finish()
}

/// Items a step of the heaviest stages goes through (the reply links): a step stays
/// within a few milliseconds even when one thread holds 50,000 contributions.
const STAGE_ITEMS: usize = 4096;

/// The metrics computed one at a time: on a 50,000-item page each takes up to tens of
/// milliseconds, so the browser edge yields to the page between them instead of
/// holding the main thread for the whole computation; the heaviest stages take several
/// steps.
pub struct StatsStages<'a> {
    snapshot: &'a PageSnapshot,
    config: StatsConfig,
    now: UnixSeconds,
    history: Option<HistoryLookup<'a>>,
    stage: usize,
    /// Shared by several metrics, computed once: items per contributor (M2, M4,
    /// M19–M22) and who replied to whom (M15, M16).
    population: Vec<u64>,
    links: HashSet<(&'a str, &'a str)>,
    /// The reply links while they are being computed, a chunk of items per step.
    links_work: Option<interaction::LinksWork<'a>>,
    /// Filled group by group; the placeholders of groups not yet computed never leave
    /// this struct (`finish` runs every stage).
    stats: PageStats,
}

impl<'a> StatsStages<'a> {
    pub fn new(
        snapshot: &'a PageSnapshot,
        config: StatsConfig,
        now: UnixSeconds,
        history: Option<HistoryLookup<'a>>,
    ) -> Self {
        StatsStages {
            snapshot,
            config,
            now,
            history,
            stage: 0,
            population: Vec::new(),
            links: HashSet::default(),
            links_work: None,
            stats: PageStats::placeholder(),
        }
    }

    /// The next stage [`StatsStages::step`] computes (a metric or a group sharing one
    /// population), for the caller's timing.
    pub fn stage(&self) -> usize {
        self.stage
    }

    /// Computes the next metric, or the next part of a heavy one; `false` once every
    /// one is done.
    pub fn step(&mut self) -> bool {
        let (s, c, now, out) = (self.snapshot, &self.config, self.now, &mut self.stats);
        match self.stage {
            0 => out.m1_items = m1_items(s, c, now),
            1 => {
                self.population = inequality::population(s, c);
                out.m2_contributors = Metric::Value(self.population.len() as u64);
            }
            2 => out.m3_reactions = m3_reactions(s, c, now),
            3 => {
                let commenters = self.population.len() as u64;
                out.m4_commenter_conversion = activity::m4_from(s, commenters);
            }
            4 => out.m6_liveliness = m6_liveliness(s, c, now),
            5 => out.m7_staleness = m7_staleness(s, c, now),
            6 => out.m8_time_to_first_response = m8_time_to_first_response(s, c, now),
            7 => out.m9_threads_without_response = m9_threads_without_response(s, c, now),
            8 => out.m10_unanswered_questions = m10_unanswered_questions(s, c, now),
            9 => out.m11_resolution_rate = m11_resolution_rate(s, c, now),
            10 => out.m13_author_reply_rate = m13_author_reply_rate(s, c, now),
            11 => {
                let work = self.links_work.get_or_insert_with(Default::default);
                if !work.step(s, STAGE_ITEMS) {
                    return true;
                }
                self.links = self.links_work.take().map(|w| w.links).unwrap_or_default();
                out.m15_interaction_pairs = interaction::m15_from(&self.links);
            }
            12 => out.m16_reciprocity = interaction::m16_from(&self.links),
            13 => out.m19_gini = inequality::gated_from(&self.population, c, gini),
            14 => {
                let top = |counts: &[u64]| top_share(counts, c.top_percent);
                out.m20_top_share = inequality::gated_from(&self.population, c, top);
            }
            15 => out.m21_dominance = inequality::gated_from(&self.population, c, largest_share),
            16 => {
                let voices = effective_voices;
                out.m22_effective_voices = inequality::gated_from(&self.population, c, voices);
            }
            17 => out.m23_participation_profile = m23_participation_profile(s, c, now),
            18 => out.m26_appreciation_gap = m26_appreciation_gap(s, c, now),
            19 => out.m31_heat = m31_heat(s, c, now),
            20 => {
                let newcomers = NewcomerSource::new(s, c, now, self.history.take());
                out.m32_newcomers = members::newcomers_from(&newcomers, s, c);
                out.m33_newcomer_response_rate =
                    members::newcomer_response_from(&newcomers, s, c, now);
            }
            _ => return false,
        }
        self.stage += 1;
        true
    }

    pub fn finish(mut self) -> PageStats {
        while self.step() {}
        self.stats
    }
}

impl PageStats {
    /// Every metric undefined: the starting point [`StatsStages`] fills in.
    fn placeholder() -> PageStats {
        fn u<T>() -> Metric<T> {
            Metric::undefined(UndefinedReason::NoItems)
        }
        PageStats {
            m1_items: u(),
            m2_contributors: u(),
            m3_reactions: u(),
            m4_commenter_conversion: u(),
            m6_liveliness: u(),
            m7_staleness: u(),
            m8_time_to_first_response: u(),
            m9_threads_without_response: u(),
            m10_unanswered_questions: u(),
            m11_resolution_rate: u(),
            m13_author_reply_rate: u(),
            m15_interaction_pairs: u(),
            m16_reciprocity: u(),
            m19_gini: u(),
            m20_top_share: u(),
            m21_dominance: u(),
            m22_effective_voices: u(),
            m23_participation_profile: u(),
            m26_appreciation_gap: u(),
            m31_heat: u(),
            m32_newcomers: u(),
            m33_newcomer_response_rate: u(),
        }
    }
}

// ---------------------------------------------------------------------------------
// Helpers shared by the submodules.

/// Every contribution shown: thread posts and loose items (list rows).
fn all_items(snapshot: &PageSnapshot) -> impl Iterator<Item = &Item> {
    snapshot
        .threads
        .iter()
        .flat_map(|t| t.items.iter())
        .chain(snapshot.loose_items.iter())
}

/// A members page shows no contributions, only each member's counts: they stand for
/// the contributions when the page has nothing else.
fn member_counts_only(snapshot: &PageSnapshot) -> bool {
    snapshot.threads.is_empty() && snapshot.loose_items.is_empty() && !snapshot.members.is_empty()
}

fn staff_keys(snapshot: &PageSnapshot) -> HashSet<&str> {
    snapshot.staff.iter().map(String::as_str).collect()
}

/// Items per contributor: known authors, minus the page author, minus staff when
/// `exclude_staff`. The one population behind M2, M4 and M19–M22.
fn contributions_per_author<'a>(
    snapshot: &'a PageSnapshot,
    config: &StatsConfig,
) -> HashMap<&'a str, u64> {
    let staff = staff_keys(snapshot);
    let page_author = snapshot.page.author.as_deref();
    let mut counts: HashMap<&str, u64> = HashMap::default();
    if member_counts_only(snapshot) {
        for m in &snapshot.members {
            let posts = m.discussions.saturating_add(m.replies);
            if posts > 0 && !(config.exclude_staff && staff.contains(m.key.as_str())) {
                *counts.entry(m.key.as_str()).or_default() += posts;
            }
        }
        return counts;
    }
    for author in all_items(snapshot).filter_map(|i| i.author.as_deref()) {
        let excluded =
            Some(author) == page_author || (config.exclude_staff && staff.contains(author));
        if !excluded {
            *counts.entry(author).or_default() += 1;
        }
    }
    counts
}

/// A like shown on the item, either as a count or as a liker's name.
pub(crate) fn is_liked(item: &Item) -> bool {
    item.likes > 0 || !item.likers.is_empty()
}

fn any_approximate<'a>(times: impl IntoIterator<Item = &'a crate::dates::PageTime>) -> bool {
    times.into_iter().any(|t| t.approximate)
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::ThreadKind;

    #[test]
    fn reason_keys_match_serde_names() {
        for reason in UndefinedReason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.key()));
        }
    }

    #[test]
    fn metric_wire_shape() {
        let v: Metric<u64> = Metric::Value(3);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"value":3}"#);
        let u: Metric<u64> = Metric::undefined(UndefinedReason::NoViewCount);
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"undefined":"no_view_count"}"#
        );
        let back: Metric<u64> = serde_json::from_str(r#"{"undefined":"no_dates"}"#).unwrap();
        assert_eq!(back.reason(), Some(UndefinedReason::NoDates));
        let back: Metric<u64> = serde_json::from_str(r#"{"value":7}"#).unwrap();
        assert_eq!(back.value(), Some(&7));
    }

    #[test]
    fn share_is_never_built_over_zero() {
        assert_eq!(Share::of(0, 0), None);
        assert_eq!(Share::of(1, 4).unwrap().share, 0.25);
    }

    #[test]
    fn config_defaults_follow_the_research() {
        let c = StatsConfig::default();
        assert_eq!(c.sla_business_hours, 24);
        assert_eq!(c.no_response_after_business_hours, 24);
        assert!(c.exclude_staff);
        assert_eq!(c.min_contributors_for_inequality, 5);
        assert_eq!(c.business.start_minute, 8 * 60 + 30);
        assert_eq!(c.business.end_minute, 18 * 60 + 30);
        assert_eq!(
            c.business.working_days,
            [true, true, true, true, true, false, false]
        );
        // A partial config keeps the other defaults.
        let partial: StatsConfig = serde_json::from_str(r#"{"slaBusinessHours": 8}"#).unwrap();
        assert_eq!(partial.sla_business_hours, 8);
        assert_eq!(partial.min_contributors_for_inequality, 5);
    }

    #[test]
    fn page_stats_uses_camel_case_metric_names() {
        let stats = compute_all(&snapshot(vec![]), &StatsConfig::default(), MON);
        let v = serde_json::to_value(&stats).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for expected in [
            "m1Items",
            "m2Contributors",
            "m3Reactions",
            "m4CommenterConversion",
            "m6Liveliness",
            "m7Staleness",
            "m8TimeToFirstResponse",
            "m9ThreadsWithoutResponse",
            "m10UnansweredQuestions",
            "m11ResolutionRate",
            "m13AuthorReplyRate",
            "m15InteractionPairs",
            "m16Reciprocity",
            "m19Gini",
            "m20TopShare",
            "m21Dominance",
            "m22EffectiveVoices",
            "m23ParticipationProfile",
            "m26AppreciationGap",
            "m31Heat",
            "m32Newcomers",
            "m33NewcomerResponseRate",
        ] {
            assert!(keys.contains(&expected), "missing {expected}");
        }
        assert_eq!(keys.len(), 22);
        let back: PageStats = serde_json::from_value(v).unwrap();
        assert_eq!(back, stats);
    }

    #[test]
    fn empty_snapshot_is_all_undefined_or_meaningful_zero() {
        let stats = compute_all(&snapshot(vec![]), &StatsConfig::default(), MON);
        // Zero with a meaning: the page has no items, no contributors, no pairs.
        assert_eq!(stats.m1_items, Metric::Value(0));
        assert_eq!(stats.m2_contributors, Metric::Value(0));
        assert_eq!(stats.m15_interaction_pairs, Metric::Value(0));
        use UndefinedReason::*;
        assert_eq!(stats.m3_reactions.reason(), Some(NoItems));
        assert_eq!(stats.m4_commenter_conversion.reason(), Some(NoViewCount));
        assert_eq!(stats.m6_liveliness.reason(), Some(NoItems));
        assert_eq!(stats.m7_staleness.reason(), Some(NoItems));
        assert_eq!(stats.m8_time_to_first_response.reason(), Some(NoThreads));
        assert_eq!(stats.m9_threads_without_response.reason(), Some(NoThreads));
        assert_eq!(stats.m10_unanswered_questions.reason(), Some(NoQuestions));
        assert_eq!(stats.m11_resolution_rate.reason(), Some(NoQuestions));
        assert_eq!(stats.m13_author_reply_rate.reason(), Some(NoPageAuthor));
        assert_eq!(stats.m16_reciprocity.reason(), Some(NoInteractions));
        assert_eq!(stats.m19_gini.reason(), Some(TooFewContributors));
        assert_eq!(stats.m20_top_share.reason(), Some(TooFewContributors));
        assert_eq!(stats.m21_dominance.reason(), Some(TooFewContributors));
        assert_eq!(
            stats.m22_effective_voices.reason(),
            Some(TooFewContributors)
        );
        assert_eq!(
            stats.m23_participation_profile.reason(),
            Some(NoMembersPage)
        );
        assert_eq!(stats.m26_appreciation_gap.reason(), Some(NoReplies));
        assert_eq!(stats.m31_heat.reason(), Some(NoThreads));
        assert_eq!(stats.m32_newcomers.reason(), Some(NoMembersPage));
        assert_eq!(
            stats.m33_newcomer_response_rate.reason(),
            Some(NoMembersPage)
        );
    }

    #[test]
    fn a_thread_with_no_dates_never_panics() {
        let t = thread(
            "t",
            ThreadKind::Question,
            vec![
                undated(item("r", "ann", 0)),
                undated(reply("a", "bob", "r", 0)),
            ],
        );
        let stats = compute_all(&snapshot(vec![t]), &StatsConfig::default(), MON);
        use UndefinedReason::*;
        assert_eq!(stats.m1_items, Metric::Value(2));
        assert_eq!(stats.m6_liveliness.reason(), Some(NoDates));
        assert_eq!(stats.m7_staleness.reason(), Some(NoDates));
        assert_eq!(stats.m26_appreciation_gap.reason(), Some(NoDates));
        assert_eq!(stats.m31_heat.reason(), Some(NoDates));
        let m8 = stats.m8_time_to_first_response.value().unwrap();
        assert_eq!((m8.threads, m8.answered, m8.untimed), (1, 1, 1));
        assert_eq!(m8.median_seconds.reason(), Some(NoDates));
        assert_eq!(stats.m9_threads_without_response.reason(), Some(NoDates));
    }

    /// 50,000 items in 1,000 threads of 50, 200 authors: the whole set must just finish
    /// (quadratic work would not, in a test run).
    #[test]
    fn compute_all_handles_a_large_page() {
        let mut threads = Vec::new();
        for t in 0..1_000 {
            let root_id = format!("t{t}-0");
            let mut items = vec![item(&root_id, &format!("u{}", t % 200), MON + t * 60)];
            for r in 1..50 {
                let author = format!("u{}", (t * 7 + r) % 200);
                let parent = if r % 3 == 0 {
                    format!("t{t}-{}", r - 1)
                } else {
                    root_id.clone()
                };
                let mut it = reply(
                    &format!("t{t}-{r}"),
                    &author,
                    &parent,
                    MON + t * 60 + r * 600,
                );
                it.likes = (r % 4) as u64;
                items.push(it);
            }
            let kind = match t % 3 {
                0 => ThreadKind::Question,
                1 => ThreadKind::Discussion,
                _ => ThreadKind::Comments,
            };
            threads.push(thread(&format!("t{t}"), kind, items));
        }
        let mut s = snapshot(threads);
        s.page.views = Some(100_000);
        s.page.author = Some("u0".into());
        let now = MON + 30 * DAY;
        let c = StatsConfig::default();
        let stats = compute_all(&s, &c, now);
        assert_eq!(stats.m1_items, Metric::Value(50_000));
        assert!(stats.m19_gini.value().is_some());
        assert!(stats.m8_time_to_first_response.value().is_some());
        // The stages share the contributor population and the reply links between
        // metrics; each metric on its own gives the same.
        assert_eq!(stats.m2_contributors, m2_contributors(&s, &c, now));
        assert_eq!(stats.m2_contributors, Metric::Value(199));
        assert_eq!(
            stats.m4_commenter_conversion,
            m4_commenter_conversion(&s, &c, now)
        );
        assert_eq!(
            stats.m15_interaction_pairs,
            m15_interaction_pairs(&s, &c, now)
        );
        assert_eq!(stats.m16_reciprocity, m16_reciprocity(&s, &c, now));
        assert_eq!(stats.m19_gini, m19_gini(&s, &c, now));
        assert_eq!(stats.m20_top_share, m20_top_share(&s, &c, now));
        assert_eq!(stats.m21_dominance, m21_dominance(&s, &c, now));
        assert_eq!(
            stats.m22_effective_voices,
            m22_effective_voices(&s, &c, now)
        );
    }
}
