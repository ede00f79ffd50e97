//! The local history nudges rely on, as a typed value the browser edge keeps in
//! `storage.local`: visits per page (with what the page showed of the viewer's *own*
//! activity), the nudge log (shown, dismissed, snoozed, acted), and per-page daily
//! aggregates for community-manager trends. Ids, times and counts only: no texts, no
//! profiles of colleagues, no per-person series (aggregates are page-level counts).
//!
//! It is bounded (90 days, and caps on entries with the oldest evicted first) and
//! versioned; whatever is stored is read defensively: a corrupted or unknown-version
//! value gives an empty history and a warning, never a failure, and settings are not
//! touched (they live elsewhere).
//!
//! Versions: 1 had visits (count, last seen), the log and the pause. 2 adds, per visit,
//! `likedHere` and `ownAppreciation` (R11, R14) and the `days` aggregates; a version-1
//! value loads as version 2 with those empty (every new field has a serde default).

use super::RuleId;
use crate::dates::UnixSeconds;
use crate::model::{PageSnapshot, ThreadKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 2;
pub const DAY: i64 = 86_400;
/// Nothing older is kept.
pub const RETENTION: i64 = 90 * DAY;
/// Caps that keep the stored value small whatever happens.
pub const MAX_LOG: usize = 2_000;
pub const MAX_PAGES: usize = 500;
/// Daily aggregates kept at most, all pages together (90 days × a few busy pages).
pub const MAX_DAYS: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Outcome {
    Shown,
    /// Never again for this object; the rule is muted on the page for 7 days.
    Dismissed,
    /// Back after `until`.
    Snoozed {
        until: UnixSeconds,
    },
    /// The employee did what the nudge suggested.
    Acted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub at: UnixSeconds,
    pub page: String,
    pub rule: RuleId,
    pub object: String,
    pub outcome: Outcome,
}

/// Likes and best replies the viewer's own contributions (replies and comments, not
/// thread openers) had when the page was last read: R14's "since your last visit".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Appreciation {
    pub likes: u64,
    pub best_replies: u64,
}

impl Appreciation {
    /// What the snapshot shows for the viewer `viewer`.
    pub fn of(snapshot: &PageSnapshot, viewer: &str) -> Appreciation {
        let mut out = Appreciation::default();
        for thread in &snapshot.threads {
            let skip = usize::from(thread.kind != ThreadKind::Comments);
            for item in thread.items.iter().skip(skip) {
                if item.author.as_deref() != Some(viewer) {
                    continue;
                }
                out.likes = out.likes.saturating_add(item.likes);
                if thread.best_reply.as_deref() == Some(item.id.as_str()) {
                    out.best_replies += 1;
                }
            }
        }
        out
    }
}

/// One page's visits, and what the page showed of the viewer's own activity (read only
/// when the viewer is identified reliably; nothing about anyone else).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    pub count: u32,
    pub last_seen: UnixSeconds,
    /// The viewer was seen among an item's likers on this page, at some reading (v2).
    #[serde(default)]
    pub liked_here: bool,
    /// The viewer was seen as the author of a reply or comment on this page (v2).
    #[serde(default)]
    pub replied_here: bool,
    /// At the latest reading; `None` until one with an identified viewer (v2).
    #[serde(default)]
    pub own_appreciation: Option<Appreciation>,
}

/// One page on one UTC day, as last read that day: page-level counts only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayAggregate {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Contributions the page shows (M1).
    pub items: u64,
    /// Distinct contributors, staff and the page author left out (M2).
    pub contributors: u64,
    /// Questions and discussions with no reply at all.
    pub unanswered: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub version: u32,
    pub visits: BTreeMap<String, Visit>,
    pub log: Vec<LogEntry>,
    /// "Pause all until …".
    pub paused_until: Option<UnixSeconds>,
    /// Per page, one aggregate per UTC day, oldest first (v2).
    #[serde(default)]
    pub days: BTreeMap<String, Vec<DayAggregate>>,
}

impl Default for History {
    fn default() -> Self {
        History {
            version: VERSION,
            visits: BTreeMap::new(),
            log: Vec::new(),
            paused_until: None,
            days: BTreeMap::new(),
        }
    }
}

impl History {
    /// Reads a stored history. Anything unreadable gives an empty one and a warning for
    /// the console (the caller then stores the repaired value).
    pub fn load(stored: &str) -> (History, Option<String>) {
        if stored.trim().is_empty() {
            return (History::default(), None);
        }
        match serde_json::from_str::<History>(stored) {
            Ok(h) if h.version == VERSION => (h, None),
            // Version 1 lacks only what serde defaults fill in.
            Ok(h) if h.version == 1 => (
                History {
                    version: VERSION,
                    ..h
                },
                None,
            ),
            Ok(h) => (
                History::default(),
                Some(format!(
                    "nudge history version {} is not {VERSION}: reset",
                    h.version
                )),
            ),
            Err(e) => (
                History::default(),
                Some(format!("nudge history unreadable ({e}): reset")),
            ),
        }
    }

    /// Counts a visit of `page`; returns the previous visit's time ("since your last
    /// visit" rules), `None` on a first visit.
    pub fn visit(&mut self, page: &str, now: UnixSeconds) -> Option<UnixSeconds> {
        let visit = self.visits.entry(page.to_owned()).or_default();
        let previous = (visit.count > 0).then_some(visit.last_seen);
        visit.count = visit.count.saturating_add(1);
        visit.last_seen = now;
        previous
    }

    /// Records what one reading of `page` shows: the viewer's own likes and the
    /// appreciation of their contributions (only for a reliably identified viewer), and
    /// the page's aggregate for today. Does not count a visit (a page is read again on
    /// every change; [`History::visit`] counts views). The rules read the page's
    /// [`Visit`] as it was *before* the view (R11, R14: "since your last visit"), so the
    /// caller copies it before calling this. Call it after `stats::compute_for`, which
    /// marks the staff named in settings: the contributors count leaves them out.
    /// `config`: the page's metric settings (staff left out, working hours), so that the
    /// daily figures are the ones the panel shows.
    pub fn observe(
        &mut self,
        page: &str,
        snapshot: &PageSnapshot,
        config: &crate::stats::StatsConfig,
        now: UnixSeconds,
    ) {
        let viewer = &snapshot.viewer;
        if let (Some(key), crate::model::Confidence::High) = (&viewer.key, viewer.confidence) {
            let visit = self.visits.entry(page.to_owned()).or_default();
            if visit.count == 0 {
                visit.last_seen = now;
            }
            let liked = snapshot
                .threads
                .iter()
                .flat_map(|t| &t.items)
                .chain(&snapshot.loose_items)
                .any(|i| i.likers.iter().any(|l| l == key));
            visit.liked_here |= liked;
            // A reply or a comment: any item but a question's or discussion's first post.
            let replied = snapshot
                .threads
                .iter()
                .flat_map(|t| {
                    let skip = usize::from(t.kind != ThreadKind::Comments);
                    t.items.iter().skip(skip)
                })
                .any(|i| i.author.as_deref() == Some(key.as_str()));
            visit.replied_here |= replied;
            visit.own_appreciation = Some(Appreciation::of(snapshot, key));
        }
        let today = DayAggregate {
            day: now.div_euclid(DAY),
            items: crate::stats::m1_items(snapshot, config, now)
                .value()
                .copied()
                .unwrap_or(0),
            contributors: crate::stats::m2_contributors(snapshot, config, now)
                .value()
                .copied()
                .unwrap_or(0),
            unanswered: snapshot
                .threads
                .iter()
                .filter(|t| t.kind != ThreadKind::Comments && super::unanswered(t))
                .count() as u64,
        };
        let days = self.days.entry(page.to_owned()).or_default();
        match days.iter_mut().find(|d| d.day == today.day) {
            Some(d) => *d = today,
            None => {
                days.push(today);
                days.sort_by_key(|d| d.day);
            }
        }
    }

    pub fn record(&mut self, entry: LogEntry) {
        self.log.push(entry);
    }

    /// Drops what is older than the retention period, then the oldest beyond the caps.
    /// Entries dated in the future (a clock that jumped backwards) are kept: they still
    /// count against the caps, so a clock change cannot open a burst of nudges.
    pub fn prune(&mut self, now: UnixSeconds) {
        let oldest = now - RETENTION;
        self.log.retain(|e| e.at >= oldest);
        self.log.sort_by_key(|e| e.at);
        if self.log.len() > MAX_LOG {
            let extra = self.log.len() - MAX_LOG;
            self.log.drain(..extra);
        }
        self.visits.retain(|_, v| v.last_seen >= oldest);
        while self.visits.len() > MAX_PAGES {
            let Some(page) = self
                .visits
                .iter()
                .min_by_key(|(_, v)| v.last_seen)
                .map(|(p, _)| p.clone())
            else {
                break;
            };
            self.visits.remove(&page);
        }
        if self.paused_until.is_some_and(|t| t <= now) {
            self.paused_until = None;
        }
        let oldest_day = oldest.div_euclid(DAY);
        for days in self.days.values_mut() {
            days.retain(|d| d.day >= oldest_day);
        }
        self.days.retain(|_, days| !days.is_empty());
        let mut total: usize = self.days.values().map(Vec::len).sum();
        while total > MAX_DAYS {
            // The oldest day of any page goes first.
            let Some(page) = self
                .days
                .iter()
                .min_by_key(|(_, days)| days[0].day)
                .map(|(p, _)| p.clone())
            else {
                break;
            };
            let days = self.days.get_mut(&page).expect("just found");
            days.remove(0);
            if days.is_empty() {
                self.days.remove(&page);
            }
            total -= 1;
        }
    }

    /// The log entries of one rule about one object, oldest first.
    pub fn about<'a>(
        &'a self,
        rule: RuleId,
        object: &'a str,
    ) -> impl Iterator<Item = &'a LogEntry> + 'a {
        self.log
            .iter()
            .filter(move |e| e.rule == rule && e.object == object)
    }
}

/// How one rule's nudges fared, for the options page's effectiveness table: counts
/// only, over the kept log (90 days), never who or which thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCounter {
    pub rule: RuleId,
    pub shown: u32,
    pub dismissed: u32,
    pub snoozed: u32,
    pub acted: u32,
}

impl History {
    /// One counter per rule that showed at least once, in catalogue order.
    pub fn counters(&self) -> Vec<RuleCounter> {
        RuleId::ALL
            .into_iter()
            .map(|rule| {
                let mut c = RuleCounter {
                    rule,
                    shown: 0,
                    dismissed: 0,
                    snoozed: 0,
                    acted: 0,
                };
                for e in self.log.iter().filter(|e| e.rule == rule) {
                    match e.outcome {
                        Outcome::Shown => c.shown += 1,
                        Outcome::Dismissed => c.dismissed += 1,
                        Outcome::Snoozed { .. } => c.snoozed += 1,
                        Outcome::Acted => c.acted += 1,
                    }
                }
                c
            })
            .filter(|c| c.shown > 0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::StatsConfig;

    fn entry(at: UnixSeconds, outcome: Outcome) -> LogEntry {
        LogEntry {
            at,
            page: "p".into(),
            rule: RuleId::R01,
            object: "t1".into(),
            outcome,
        }
    }

    #[test]
    fn round_trips_and_repairs() {
        let mut h = History::default();
        h.record(entry(5, Outcome::Snoozed { until: 9 }));
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(History::load(&json), (h, None));
        assert_eq!(History::load(""), (History::default(), None));
        for bad in [
            "{",
            "[]",
            r#"{"version":1,"log":"x"}"#,
            r#"{"version":99,"visits":{},"log":[],"pausedUntil":null}"#,
        ] {
            let (h, warning) = History::load(bad);
            assert_eq!(h, History::default(), "{bad}");
            assert!(warning.is_some(), "{bad}");
        }
    }

    #[test]
    fn a_version_1_value_loads_as_version_2() {
        let v1 = r#"{"version":1,"visits":{"https://intra/p":{"count":3,"lastSeen":1000}},
            "log":[{"at":900,"page":"https://intra/p","rule":"R01","object":"t1",
            "outcome":{"kind":"dismissed"}}],"pausedUntil":2000}"#;
        let (h, warning) = History::load(v1);
        assert_eq!(warning, None);
        assert_eq!(h.version, VERSION);
        assert_eq!(
            h.visits["https://intra/p"],
            Visit {
                count: 3,
                last_seen: 1000,
                liked_here: false,
                replied_here: false,
                own_appreciation: None,
            }
        );
        assert_eq!(h.log.len(), 1);
        assert_eq!(h.log[0].outcome, Outcome::Dismissed);
        assert_eq!(h.paused_until, Some(2000));
        assert!(h.days.is_empty());
        // Stored again, it is a version-2 value that loads unchanged.
        let again = serde_json::to_string(&h).unwrap();
        assert!(again.contains(r#""version":2"#));
        assert_eq!(History::load(&again), (h, None));
    }

    mod observe {
        use super::*;
        use crate::model::{Confidence, Viewer};
        use crate::stats::test_support::{item, liked, reply, snapshot, thread, MON};

        fn page(viewer: Option<&str>) -> PageSnapshot {
            let mut s = snapshot(vec![
                thread(
                    "q",
                    ThreadKind::Question,
                    vec![
                        item("r", "ann", MON),
                        liked(reply("a", "me", "r", MON + 10), 2),
                        liked(reply("b", "bob", "r", MON + 20), 1),
                    ],
                ),
                thread(
                    "d",
                    ThreadKind::Discussion,
                    vec![liked(item("s", "me", MON), 4)],
                ),
            ]);
            s.threads[0].best_reply = Some("a".into());
            s.threads[0].items[2].likers = vec!["me".into()];
            s.viewer = Viewer {
                key: viewer.map(str::to_owned),
                confidence: if viewer.is_some() {
                    Confidence::High
                } else {
                    Confidence::None
                },
            };
            s
        }

        #[test]
        fn the_viewers_own_facts_and_the_days_aggregate() {
            let mut h = History::default();
            assert_eq!(h.visit("p", MON + DAY), None);
            h.observe("p", &page(Some("me")), &StatsConfig::default(), MON + DAY);
            let v = h.visits["p"];
            assert_eq!((v.count, v.last_seen), (1, MON + DAY), "not a new visit");
            assert!(v.liked_here && v.replied_here);
            // Opening a question is not replying.
            let mut ann = History::default();
            ann.observe("p", &page(Some("ann")), &StatsConfig::default(), MON + DAY);
            assert!(!ann.visits["p"].replied_here);
            // The opener of "d" is not a reply: its likes are not counted.
            assert_eq!(
                v.own_appreciation,
                Some(Appreciation {
                    likes: 2,
                    best_replies: 1
                })
            );
            assert_eq!(
                h.days["p"],
                vec![DayAggregate {
                    day: (MON + DAY) / DAY,
                    items: 4,
                    contributors: 3,
                    unanswered: 1,
                }]
            );
            // Later the same day: the aggregate is replaced, not added to.
            h.observe(
                "p",
                &page(Some("me")),
                &StatsConfig::default(),
                MON + DAY + 3600,
            );
            assert_eq!(h.days["p"].len(), 1);
        }

        #[test]
        fn an_unidentified_viewer_leaves_the_own_facts_alone() {
            let mut h = History::default();
            h.observe("p", &page(None), &StatsConfig::default(), MON);
            assert!(!h.visits.contains_key("p"));
            assert_eq!(h.days["p"].len(), 1, "page-level counts still kept");
            let mut other = page(Some("me"));
            other.viewer.confidence = Confidence::Low;
            h.observe("p", &other, &StatsConfig::default(), MON);
            assert!(!h.visits.contains_key("p"), "a guessed viewer is not used");
        }

        #[test]
        fn daily_figures_follow_the_page_settings() {
            let mut s = page(None);
            let mut h = History::default();
            h.observe("p", &s, &StatsConfig::default(), MON);
            let everyone = h.days["p"][0].contributors;
            // Staff named in the settings are marked on the snapshot before the stats;
            // with staff left out (the default), the daily figure leaves them out too.
            s.add_staff(&["bob".to_string()]);
            h.observe("p", &s, &StatsConfig::default(), MON);
            assert_eq!(h.days["p"][0].contributors, everyone - 1);
            let with_staff = StatsConfig {
                exclude_staff: false,
                ..StatsConfig::default()
            };
            h.observe("p", &s, &with_staff, MON);
            assert_eq!(h.days["p"][0].contributors, everyone);
        }

        #[test]
        fn daily_aggregates_stay_bounded() {
            let mut h = History::default();
            let s = page(None);
            let now = MON + 200 * DAY;
            for d in 0..150 {
                h.observe("p", &s, &StatsConfig::default(), now - d * DAY);
            }
            h.prune(now);
            let days = &h.days["p"];
            assert_eq!(days.len(), 91, "today and the 90 days before");
            assert!(days.windows(2).all(|w| w[0].day < w[1].day));
            for p in 0..(MAX_DAYS / 80 + 5) {
                for d in 0..80 {
                    h.observe(&format!("p{p}"), &s, &StatsConfig::default(), now - d * DAY);
                }
            }
            h.prune(now);
            let total: usize = h.days.values().map(Vec::len).sum();
            assert_eq!(total, MAX_DAYS);
            assert!(h
                .days
                .values()
                .all(|days| days.last().unwrap().day == now / DAY));
        }
    }

    #[test]
    fn visits_give_the_previous_time() {
        let mut h = History::default();
        assert_eq!(h.visit("p", 100), None);
        assert_eq!(h.visit("p", 200), Some(100));
        assert_eq!(h.visits["p"].count, 2);
    }

    #[test]
    fn prune_keeps_it_bounded_and_keeps_future_entries() {
        let now = 1_000 * DAY;
        let mut h = History::default();
        h.record(entry(now - RETENTION - 1, Outcome::Shown));
        h.record(entry(now + DAY, Outcome::Shown));
        for i in 0..(MAX_LOG as i64 + 10) {
            h.record(entry(now - i, Outcome::Shown));
        }
        for i in 0..(MAX_PAGES as i64 + 5) {
            h.visit(&format!("p{i}"), now - i);
        }
        h.visit("old", now - RETENTION - 1);
        h.paused_until = Some(now - 1);
        h.prune(now);
        assert_eq!(h.log.len(), MAX_LOG);
        assert!(h.log.iter().all(|e| e.at >= now - RETENTION));
        assert_eq!(
            h.log.last().unwrap().at,
            now + DAY,
            "the future entry stays"
        );
        assert_eq!(h.visits.len(), MAX_PAGES);
        assert!(!h.visits.contains_key("old"));
        assert!(h.visits.contains_key("p0"), "the newest pages stay");
        assert_eq!(h.paused_until, None);
    }

    #[test]
    fn counters_add_up_each_rules_outcomes() {
        let mut h = History::default();
        for (rule, outcome) in [
            (RuleId::R01, Outcome::Shown),
            (RuleId::R01, Outcome::Acted),
            (RuleId::R20, Outcome::Shown),
            (RuleId::R20, Outcome::Dismissed),
            (RuleId::R01, Outcome::Shown),
            (RuleId::R01, Outcome::Snoozed { until: 5 }),
        ] {
            h.record(LogEntry {
                at: 1,
                page: "p".into(),
                rule,
                object: "t".into(),
                outcome,
            });
        }
        let c = h.counters();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (
                c[0].rule,
                c[0].shown,
                c[0].acted,
                c[0].snoozed,
                c[0].dismissed
            ),
            (RuleId::R01, 2, 1, 1, 0)
        );
        assert_eq!((c[1].rule, c[1].dismissed), (RuleId::R20, 1));
    }
}
