//! The one gate every nudge passes (research file, "Nudge gate"): a candidate shows
//! only if all conditions hold, and at most one shows per page view. Each refused
//! candidate gets the first condition it failed, for the command line and the "why not"
//! of tests.
//!
//! Decisions where the research file is silent:
//! - Day and week caps are rolling windows (24 h, 7 days), stricter than calendar days
//!   and immune to time-zone changes.
//! - "Never twice for the same object" is per rule: a thread nudged by R01 may still be
//!   nudged once by another rule. A snoozed nudge comes back once its snooze is over.
//! - Log entries dated in the future (a clock that went backwards) count as recent.
//! - Light touches (R10, R11, R14, R20) speak at most once a week per page, whatever
//!   their object ([`super::Cooldown`]).

use super::history::{History, LogEntry, Outcome, DAY};
use super::{Candidate, Cooldown, RuleId};
use crate::dates::UnixSeconds;
use crate::model::{Confidence, Viewer};
use crate::stats::BusinessHours;
use serde::Serialize;

/// Caps on nudges (configurable; IT can lock them through policy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    pub per_view: u32,
    pub per_day: u32,
    pub per_week: u32,
    pub min_gap_secs: i64,
}

impl Default for Caps {
    /// The research file's defaults.
    fn default() -> Self {
        Caps {
            per_view: 1,
            per_day: 3,
            per_week: 10,
            min_gap_secs: 30 * 60,
        }
    }
}

/// What settings say about nudges.
#[derive(Clone, Debug, Default)]
pub struct GateSettings {
    /// The global switch ("tips").
    pub tips: bool,
    pub disabled_rules: Vec<RuleId>,
    /// The page's site is excluded (settings or policy).
    pub site_excluded: bool,
    pub caps: Caps,
    /// Working hours (right to disconnect), in the viewer's time zone.
    pub hours: BusinessHours,
}

/// The moment a decision is taken.
pub struct Moment<'a> {
    pub now: UnixSeconds,
    pub page: &'a str,
    pub tab_visible: bool,
    pub typing: bool,
    /// Nudges already shown in this page view.
    pub shown_this_view: u32,
    pub viewer: &'a Viewer,
    /// Whether the page has the control a nudge points to, usable (the control
    /// depends on the rule: a reply box, or the item itself).
    pub has_control: &'a dyn Fn(&Candidate) -> bool,
}

/// Why a candidate did not show: the first condition it failed, in the research file's
/// order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
    TipsOff,
    RuleOff,
    SiteExcluded,
    Paused,
    OutsideWorkingHours,
    TabHidden,
    Typing,
    ViewCap,
    DayCap,
    WeekCap,
    TooSoon,
    AlreadyShown,
    Dismissed,
    Snoozed,
    /// The rule was dismissed on this page in the last 7 days.
    RuleMutedOnPage,
    /// Dismissed 3 times in 30 days without being acted on.
    Fatigued,
    /// A light touch already shown on this page in the last 7 days (its cooldown class).
    Cooldown,
    OwnItem,
    IdentityUncertain,
    NoControl,
    /// Another candidate of higher priority shows instead.
    LowerPriority,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub show: Option<Candidate>,
    pub refused: Vec<(Candidate, Refusal)>,
}

const MUTE_ON_PAGE: i64 = 7 * DAY;
const FATIGUE_WINDOW: i64 = 30 * DAY;
const FATIGUE_DISMISSALS: usize = 3;

/// Conditions that do not depend on the candidate.
fn moment_refusal(
    settings: &GateSettings,
    m: &Moment,
    history: &History,
    writing_rule: bool,
) -> Option<Refusal> {
    let shown: Vec<UnixSeconds> = history
        .log
        .iter()
        .filter(|e| e.outcome == Outcome::Shown)
        .map(|e| e.at)
        .collect();
    let since = |secs: i64| shown.iter().filter(|&&at| at > m.now - secs).count() as u32;
    let caps = &settings.caps;
    Some(if !settings.tips {
        Refusal::TipsOff
    } else if settings.site_excluded {
        Refusal::SiteExcluded
    } else if history.paused_until.is_some_and(|t| t > m.now) {
        Refusal::Paused
    } else if !settings.hours.is_open(m.now) {
        Refusal::OutsideWorkingHours
    } else if !m.tab_visible {
        Refusal::TabHidden
    } else if m.typing && !writing_rule {
        Refusal::Typing
    } else if m.shown_this_view >= caps.per_view {
        Refusal::ViewCap
    } else if since(DAY) >= caps.per_day {
        Refusal::DayCap
    } else if since(7 * DAY) >= caps.per_week {
        Refusal::WeekCap
    } else if since(caps.min_gap_secs) > 0 {
        Refusal::TooSoon
    } else {
        return None;
    })
}

fn candidate_refusal(
    settings: &GateSettings,
    m: &Moment,
    history: &History,
    c: &Candidate,
) -> Option<Refusal> {
    if settings.disabled_rules.contains(&c.rule) {
        return Some(Refusal::RuleOff);
    }
    let outcomes: Vec<Outcome> = history
        .about(c.rule, &c.object)
        .map(|e| e.outcome)
        .collect();
    if outcomes.contains(&Outcome::Dismissed) {
        return Some(Refusal::Dismissed);
    }
    // The latest word decides: a snooze over means it may come back once.
    match outcomes.last() {
        None => {}
        Some(Outcome::Snoozed { until }) if *until > m.now => return Some(Refusal::Snoozed),
        Some(Outcome::Snoozed { .. }) => {}
        Some(_) => return Some(Refusal::AlreadyShown),
    }
    let dismissed = |e: &&LogEntry| e.rule == c.rule && e.outcome == Outcome::Dismissed;
    let muted_here = history
        .log
        .iter()
        .filter(dismissed)
        .any(|e| e.page == m.page && e.at > m.now - MUTE_ON_PAGE);
    if muted_here {
        return Some(Refusal::RuleMutedOnPage);
    }
    let cooling = c.rule.cooldown() == Cooldown::PagePerWeek
        && history.log.iter().any(|e| {
            e.rule == c.rule
                && e.page == m.page
                && e.outcome == Outcome::Shown
                && e.at > m.now - 7 * DAY
        });
    if cooling {
        return Some(Refusal::Cooldown);
    }
    let recent = |e: &&LogEntry| e.rule == c.rule && e.at > m.now - FATIGUE_WINDOW;
    let recent_dismissals = history.log.iter().filter(recent).filter(dismissed).count();
    let acted = history
        .log
        .iter()
        .filter(recent)
        .any(|e| e.outcome == Outcome::Acted);
    if recent_dismissals >= FATIGUE_DISMISSALS && !acted {
        return Some(Refusal::Fatigued);
    }
    let identified = m.viewer.confidence == Confidence::High && m.viewer.key.is_some();
    if c.rule.self_directed() {
        if !identified {
            return Some(Refusal::IdentityUncertain);
        }
    } else if c.author.is_some() && c.author == m.viewer.key {
        return Some(Refusal::OwnItem);
    }
    if !(m.has_control)(c) {
        return Some(Refusal::NoControl);
    }
    None
}

/// Decides which candidate, if any, shows now.
pub fn decide(
    candidates: Vec<Candidate>,
    settings: &GateSettings,
    m: &Moment,
    history: &History,
) -> Decision {
    let general = moment_refusal(settings, m, history, false);
    let writing = moment_refusal(settings, m, history, true);
    let mut passing = Vec::new();
    let mut refused = Vec::new();
    for c in candidates {
        let moment = if c.rule.while_writing() {
            writing
        } else {
            general
        };
        match moment.or_else(|| candidate_refusal(settings, m, history, &c)) {
            Some(reason) => refused.push((c, reason)),
            None => passing.push(c),
        }
    }
    // Highest priority first; among equals, the rules' own order (oldest thread first).
    passing.sort_by_key(|c| c.rule.priority());
    let mut passing = passing.into_iter();
    let show = passing.next();
    refused.extend(passing.map(|c| (c, Refusal::LowerPriority)));
    Decision { show, refused }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nudges::Target;

    /// Monday 2026-11-23 10:00 UTC: working hours with the default settings.
    const NOW: UnixSeconds = 1_795_428_000;

    fn settings() -> GateSettings {
        GateSettings {
            tips: true,
            ..GateSettings::default()
        }
    }

    fn viewer() -> Viewer {
        Viewer {
            key: Some("id:1".into()),
            confidence: Confidence::High,
        }
    }

    fn cand(rule: RuleId, object: &str) -> Candidate {
        Candidate {
            rule,
            object: object.into(),
            target: Target::Thread(object.into()),
            author: Some("id:2".into()),
        }
    }

    fn entry(rule: RuleId, object: &str, at: UnixSeconds, outcome: Outcome) -> LogEntry {
        LogEntry {
            at,
            page: "p".into(),
            rule,
            object: object.into(),
            outcome,
        }
    }

    fn decide_now(
        cands: Vec<Candidate>,
        s: &GateSettings,
        h: &History,
        now: UnixSeconds,
    ) -> Decision {
        let v = viewer();
        let yes = |_: &Candidate| true;
        let m = Moment {
            now,
            page: "p",
            tab_visible: true,
            typing: false,
            shown_this_view: 0,
            viewer: &v,
            has_control: &yes,
        };
        decide(cands, s, &m, h)
    }

    fn reason(d: &Decision) -> Option<Refusal> {
        d.refused.first().map(|(_, r)| *r)
    }

    #[test]
    fn one_shows_by_priority_the_rest_wait() {
        let d = decide_now(
            vec![
                cand(RuleId::R20, "a"),
                cand(RuleId::R01, "b"),
                cand(RuleId::R10, "c"),
            ],
            &settings(),
            &History::default(),
            NOW,
        );
        assert_eq!(d.show.unwrap().rule, RuleId::R01);
        assert_eq!(d.refused.len(), 2);
        assert!(d.refused.iter().all(|(_, r)| *r == Refusal::LowerPriority));
    }

    #[test]
    fn switches_hours_and_attention() {
        let h = History::default();
        let c = || vec![cand(RuleId::R01, "a")];
        let off = GateSettings {
            tips: false,
            ..settings()
        };
        assert_eq!(
            reason(&decide_now(c(), &off, &h, NOW)),
            Some(Refusal::TipsOff)
        );
        let rule_off = GateSettings {
            disabled_rules: vec![RuleId::R01],
            ..settings()
        };
        assert_eq!(
            reason(&decide_now(c(), &rule_off, &h, NOW)),
            Some(Refusal::RuleOff)
        );
        let excluded = GateSettings {
            site_excluded: true,
            ..settings()
        };
        assert_eq!(
            reason(&decide_now(c(), &excluded, &h, NOW)),
            Some(Refusal::SiteExcluded)
        );
        // 22:00 UTC, and Saturday 10:00.
        let s = settings();
        assert_eq!(
            reason(&decide_now(c(), &s, &h, NOW + 12 * 3600)),
            Some(Refusal::OutsideWorkingHours)
        );
        assert_eq!(
            reason(&decide_now(c(), &s, &h, NOW + 5 * DAY)),
            Some(Refusal::OutsideWorkingHours)
        );
        let paused = History {
            paused_until: Some(NOW + 60),
            ..History::default()
        };
        assert_eq!(
            reason(&decide_now(c(), &s, &paused, NOW)),
            Some(Refusal::Paused)
        );
    }

    #[test]
    fn caps_and_gap() {
        let s = settings();
        let shown = |ats: &[i64]| History {
            log: ats
                .iter()
                .enumerate()
                .map(|(i, &at)| entry(RuleId::R20, &format!("x{i}"), at, Outcome::Shown))
                .collect(),
            ..History::default()
        };
        let c = || vec![cand(RuleId::R01, "a")];
        assert_eq!(
            reason(&decide_now(c(), &s, &shown(&[NOW - 60]), NOW)),
            Some(Refusal::TooSoon)
        );
        assert!(decide_now(c(), &s, &shown(&[NOW - 31 * 60]), NOW)
            .show
            .is_some());
        let three = shown(&[NOW - 3 * 3600, NOW - 2 * 3600, NOW - 3600]);
        assert_eq!(
            reason(&decide_now(c(), &s, &three, NOW)),
            Some(Refusal::DayCap)
        );
        let ten: Vec<i64> = (1..=10).map(|d| NOW - d * DAY / 2 - 3600 * 20).collect();
        let week = shown(&ten);
        assert_eq!(
            reason(&decide_now(c(), &s, &week, NOW)),
            Some(Refusal::WeekCap)
        );
        // A clock that went backwards: entries "in the future" still count.
        assert_eq!(
            reason(&decide_now(c(), &s, &shown(&[NOW + DAY]), NOW)),
            Some(Refusal::TooSoon)
        );
    }

    #[test]
    fn light_touches_cool_down_a_week_per_page() {
        let s = settings();
        let shown_r20 = |at: i64, page: &str| History {
            log: vec![LogEntry {
                page: page.into(),
                ..entry(RuleId::R20, "first-new", at, Outcome::Shown)
            }],
            ..History::default()
        };
        // Another object, same page, three days later: still cooling down.
        let d = decide_now(
            vec![cand(RuleId::R20, "next-new")],
            &s,
            &shown_r20(NOW - 3 * DAY, "p"),
            NOW,
        );
        assert_eq!(reason(&d), Some(Refusal::Cooldown));
        // Eight days later, or on another page, it may speak again.
        for h in [shown_r20(NOW - 8 * DAY, "p"), shown_r20(NOW - 3 * DAY, "q")] {
            let d = decide_now(vec![cand(RuleId::R20, "next-new")], &s, &h, NOW);
            assert!(d.show.is_some(), "{:?}", d.refused);
        }
        // Rules about something waiting for someone have no page cooldown.
        let h = History {
            log: vec![entry(RuleId::R01, "a", NOW - 3 * DAY, Outcome::Shown)],
            ..History::default()
        };
        assert!(decide_now(vec![cand(RuleId::R01, "b")], &s, &h, NOW)
            .show
            .is_some());
    }

    #[test]
    fn once_per_object_dismiss_snooze_and_fatigue() {
        let s = settings();
        let later = NOW + 7200;
        let with = |entries: Vec<LogEntry>| History {
            log: entries,
            ..History::default()
        };
        let shown = with(vec![entry(RuleId::R01, "a", NOW - 3 * DAY, Outcome::Shown)]);
        assert_eq!(
            reason(&decide_now(vec![cand(RuleId::R01, "a")], &s, &shown, later)),
            Some(Refusal::AlreadyShown)
        );
        // Another rule may still speak of the same thread.
        assert!(decide_now(vec![cand(RuleId::R10, "a")], &s, &shown, later)
            .show
            .is_some());
        let dismissed = with(vec![
            entry(RuleId::R01, "a", NOW - 3 * DAY, Outcome::Shown),
            entry(RuleId::R01, "a", NOW - 3 * DAY, Outcome::Dismissed),
        ]);
        assert_eq!(
            reason(&decide_now(
                vec![cand(RuleId::R01, "a")],
                &s,
                &dismissed,
                later
            )),
            Some(Refusal::Dismissed)
        );
        // The rule is muted on the page for 7 days, for other threads too.
        assert_eq!(
            reason(&decide_now(
                vec![cand(RuleId::R01, "b")],
                &s,
                &dismissed,
                later
            )),
            Some(Refusal::RuleMutedOnPage)
        );
        assert!(
            decide_now(vec![cand(RuleId::R01, "b")], &s, &dismissed, NOW + 7 * DAY)
                .show
                .is_some()
        );
        let snoozed = with(vec![
            entry(RuleId::R01, "a", NOW - DAY, Outcome::Shown),
            entry(
                RuleId::R01,
                "a",
                NOW - DAY,
                Outcome::Snoozed { until: NOW + DAY },
            ),
        ]);
        assert_eq!(
            reason(&decide_now(
                vec![cand(RuleId::R01, "a")],
                &s,
                &snoozed,
                later
            )),
            Some(Refusal::Snoozed)
        );
        assert!(decide_now(
            vec![cand(RuleId::R01, "a")],
            &s,
            &snoozed,
            NOW + 2 * DAY + 7200
        )
        .show
        .is_some());
        // Three dismissals in 30 days, never acted on: the rule rests.
        let tired = with(
            ["x", "y", "z"]
                .iter()
                .enumerate()
                .map(|(i, o)| LogEntry {
                    page: format!("q{i}"),
                    ..entry(RuleId::R01, o, NOW - 10 * DAY, Outcome::Dismissed)
                })
                .collect(),
        );
        assert_eq!(
            reason(&decide_now(vec![cand(RuleId::R01, "a")], &s, &tired, later)),
            Some(Refusal::Fatigued)
        );
        let mut acted = tired.clone();
        acted
            .log
            .push(entry(RuleId::R01, "w", NOW - DAY, Outcome::Acted));
        assert!(decide_now(vec![cand(RuleId::R01, "a")], &s, &acted, later)
            .show
            .is_some());
    }

    #[test]
    fn own_items_identity_and_controls() {
        let s = settings();
        let h = History::default();
        let mine = Candidate {
            author: Some("id:1".into()),
            ..cand(RuleId::R01, "a")
        };
        assert_eq!(
            reason(&decide_now(vec![mine], &s, &h, NOW)),
            Some(Refusal::OwnItem)
        );
        let v = Viewer {
            key: None,
            confidence: Confidence::None,
        };
        let yes = |_: &Candidate| true;
        let m = Moment {
            now: NOW,
            page: "p",
            tab_visible: true,
            typing: false,
            shown_this_view: 0,
            viewer: &v,
            has_control: &yes,
        };
        let d = decide(
            vec![cand(RuleId::R04, "a"), cand(RuleId::R01, "b")],
            &s,
            &m,
            &h,
        );
        assert_eq!(
            d.refused,
            vec![(cand(RuleId::R04, "a"), Refusal::IdentityUncertain)]
        );
        assert_eq!(d.show.unwrap().rule, RuleId::R01, "other rules still work");
        let no = |_: &Candidate| false;
        let v = viewer();
        let refusal = |m: &Moment| reason(&decide(vec![cand(RuleId::R01, "a")], &s, m, &h));
        let m = Moment {
            has_control: &no,
            viewer: &v,
            ..m
        };
        assert_eq!(refusal(&m), Some(Refusal::NoControl));
        let m = Moment {
            has_control: &yes,
            typing: true,
            ..m
        };
        assert_eq!(refusal(&m), Some(Refusal::Typing));
        // The one rule about the contribution being written speaks while writing, and
        // still counts against the caps.
        let writing = decide(vec![cand(RuleId::R07, "site")], &s, &m, &h);
        assert_eq!(writing.show.map(|c| c.rule), Some(RuleId::R07));
        let spent = Moment {
            shown_this_view: 1,
            ..m
        };
        let writing = decide(vec![cand(RuleId::R07, "site")], &s, &spent, &h);
        assert_eq!(reason(&writing), Some(Refusal::ViewCap));
        let m = Moment {
            typing: false,
            tab_visible: false,
            ..m
        };
        assert_eq!(refusal(&m), Some(Refusal::TabHidden));
        let m = Moment {
            tab_visible: true,
            shown_this_view: 1,
            ..m
        };
        assert_eq!(refusal(&m), Some(Refusal::ViewCap));
    }

    /// Only the rules about the contribution being written speak while typing; they
    /// pass every other condition like the rest (caps, switches, dismissals).
    #[test]
    fn only_composer_rules_speak_while_typing_and_they_obey_the_rest() {
        let v = viewer();
        let yes = |_: &Candidate| true;
        let typing = Moment {
            now: NOW,
            page: "p",
            tab_visible: true,
            typing: true,
            shown_this_view: 0,
            viewer: &v,
            has_control: &yes,
        };
        let h = History::default();
        for rule in RuleId::ALL {
            let d = decide(vec![cand(rule, "a")], &settings(), &typing, &h);
            if rule.while_writing() {
                assert_eq!(d.show.map(|c| c.rule), Some(rule), "{rule:?}");
                let spent = Moment {
                    shown_this_view: 1,
                    ..typing
                };
                let d = decide(vec![cand(rule, "a")], &settings(), &spent, &h);
                assert_eq!(reason(&d), Some(Refusal::ViewCap), "{rule:?}");
                let off = GateSettings {
                    disabled_rules: vec![rule],
                    ..settings()
                };
                let d = decide(vec![cand(rule, "a")], &off, &typing, &h);
                assert_eq!(reason(&d), Some(Refusal::RuleOff), "{rule:?}");
                let dismissed = History {
                    log: vec![entry(rule, "a", NOW - DAY, Outcome::Dismissed)],
                    ..History::default()
                };
                let d = decide(vec![cand(rule, "a")], &settings(), &typing, &dismissed);
                assert_eq!(reason(&d), Some(Refusal::Dismissed), "{rule:?}");
            } else {
                assert_eq!(reason(&d), Some(Refusal::Typing), "{rule:?}");
            }
        }
        let writing: Vec<RuleId> = RuleId::ALL
            .into_iter()
            .filter(|r| r.while_writing())
            .collect();
        assert_eq!(writing, [RuleId::R06, RuleId::R07, RuleId::R19]);
        assert!(writing.iter().all(|r| !r.self_directed()));
    }
}
