//! The local history nudges rely on, as a typed value the browser edge keeps in
//! `storage.local`: visits per page, and the nudge log (shown, dismissed, snoozed,
//! acted). Ids and times only: no texts, no profiles of colleagues.
//!
//! It is bounded (90 days, and a cap on entries with the oldest evicted first) and
//! versioned; whatever is stored is read defensively: a corrupted or unknown-version
//! value gives an empty history and a warning, never a failure, and settings are not
//! touched (they live elsewhere).

use super::RuleId;
use crate::dates::UnixSeconds;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;
pub const DAY: i64 = 86_400;
/// Nothing older is kept.
pub const RETENTION: i64 = 90 * DAY;
/// Caps that keep the stored value small whatever happens.
pub const MAX_LOG: usize = 2_000;
pub const MAX_PAGES: usize = 500;

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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    pub count: u32,
    pub last_seen: UnixSeconds,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub version: u32,
    pub visits: BTreeMap<String, Visit>,
    pub log: Vec<LogEntry>,
    /// "Pause all until …".
    pub paused_until: Option<UnixSeconds>,
}

impl Default for History {
    fn default() -> Self {
        History {
            version: VERSION,
            visits: BTreeMap::new(),
            log: Vec::new(),
            paused_until: None,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
