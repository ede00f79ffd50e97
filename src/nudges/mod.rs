//! Participation nudges (issue 5), the pure core: rules propose candidates from a page
//! snapshot and the local history; one gate (`gate::decide`) decides what may show. A
//! rule has no way around the gate: it only returns [`Candidate`]s, and only the gate
//! returns something to show.
//!
//! Guardrails (`../shared/research/metrics-and-nudges.md`, requirements): nudges concern
//! content (this thread, this reply), never a person's behaviour; no ranking, no points,
//! no per-person series; wording is positive and injunctive, never a negative norm.
//! Everything here is computed on the device; the history holds ids and times, no texts.

pub mod gate;
pub mod hints;
pub mod history;
pub mod rules;
pub mod similar;
pub mod view;

use serde::{Deserialize, Serialize};

/// A rule of the research file's catalogue (employees R…, community managers H…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RuleId {
    R01,
    R02,
    R03,
    R04,
    R05,
    R06,
    R07,
    R09,
    R10,
    R11,
    R14,
    R15,
    R16,
    R17,
    R19,
    R20,
}

/// The research file's priority order, highest first: safety > reciprocity > helping
/// others > housekeeping > light touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Safety,
    Reciprocity,
    HelpingOthers,
    Housekeeping,
    LightTouch,
}

/// A rule's cooldown class, on top of the gate's caps and "never twice for the same
/// object". The research file gives one set of caps for all rules; light touches get a
/// page-level cooldown because their object is the page's state rather than something
/// waiting for someone (the first new item, a reply to like): without it, "catch up"
/// could come back on every visit that brings new items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cooldown {
    /// Once per object: a thread waiting, a reply to thank.
    PerObject,
    /// At most once a week on a page, whatever the object.
    PagePerWeek,
}

impl RuleId {
    pub const ALL: [RuleId; 16] = [
        RuleId::R01,
        RuleId::R02,
        RuleId::R03,
        RuleId::R04,
        RuleId::R05,
        RuleId::R06,
        RuleId::R07,
        RuleId::R09,
        RuleId::R10,
        RuleId::R11,
        RuleId::R14,
        RuleId::R15,
        RuleId::R16,
        RuleId::R17,
        RuleId::R19,
        RuleId::R20,
    ];

    /// The research file's item 9. R14 (recognition) is not in its list: it sits with the
    /// light touches, since it asks nothing of the viewer and must never take the place
    /// of a nudge where someone is waiting (a newcomer, an unanswered question). The
    /// composer rules R06, R07 and R19 are not in it either: they are housekeeping (they
    /// shape the contribution being written, nobody waits on them), and they only ever
    /// compete with each other, in the order `WritingView` proposes them (R19 first: if
    /// the question already has a thread, polishing its wording is moot).
    pub fn priority(self) -> Priority {
        match self {
            RuleId::R03 | RuleId::R09 | RuleId::R17 => Priority::Reciprocity,
            RuleId::R01 | RuleId::R02 | RuleId::R16 => Priority::HelpingOthers,
            RuleId::R04 | RuleId::R05 | RuleId::R06 | RuleId::R07 | RuleId::R15 | RuleId::R19 => {
                Priority::Housekeeping
            }
            RuleId::R10 | RuleId::R11 | RuleId::R14 | RuleId::R20 => Priority::LightTouch,
        }
    }

    /// How soon the rule may speak again on a page (the gate enforces it). R06's object
    /// is the new-thread form's page and R19's the existing thread it points to: once
    /// per object is already once per form, or once per similar thread.
    pub fn cooldown(self) -> Cooldown {
        match self.priority() {
            Priority::LightTouch => Cooldown::PagePerWeek,
            _ => Cooldown::PerObject,
        }
    }

    /// Rules that speak while the employee writes (gate rule 8's "composer hints
    /// excepted"): they are about the contribution being written.
    pub fn while_writing(self) -> bool {
        matches!(self, RuleId::R06 | RuleId::R07 | RuleId::R19)
    }

    /// Rules about the viewer's own items: they need a reliable identity (gate rule 6).
    /// The research file's list (R03, R04, R05, R09, R14, R17), plus R15 and R16, which
    /// are about the viewer's own question too.
    pub fn self_directed(self) -> bool {
        matches!(
            self,
            RuleId::R03
                | RuleId::R04
                | RuleId::R05
                | RuleId::R09
                | RuleId::R14
                | RuleId::R15
                | RuleId::R16
                | RuleId::R17
        )
    }

    /// `_locales` keys: the nudge's text and its "why am I seeing this?".
    pub fn message_key(self) -> &'static str {
        match self {
            RuleId::R01 => "nudge_r01",
            RuleId::R02 => "nudge_r02",
            RuleId::R03 => "nudge_r03",
            RuleId::R04 => "nudge_r04",
            RuleId::R05 => "nudge_r05",
            RuleId::R06 => "nudge_r06",
            RuleId::R07 => "nudge_r07",
            RuleId::R09 => "nudge_r09",
            RuleId::R10 => "nudge_r10",
            RuleId::R11 => "nudge_r11",
            RuleId::R14 => "nudge_r14",
            RuleId::R15 => "nudge_r15",
            RuleId::R16 => "nudge_r16",
            RuleId::R17 => "nudge_r17",
            RuleId::R19 => "nudge_r19",
            RuleId::R20 => "nudge_r20",
        }
    }

    pub fn why_key(self) -> &'static str {
        match self {
            RuleId::R01 => "nudge_r01_why",
            RuleId::R02 => "nudge_r02_why",
            RuleId::R03 => "nudge_r03_why",
            RuleId::R04 => "nudge_r04_why",
            RuleId::R05 => "nudge_r05_why",
            RuleId::R06 => "nudge_r06_why",
            RuleId::R07 => "nudge_r07_why",
            RuleId::R09 => "nudge_r09_why",
            RuleId::R10 => "nudge_r10_why",
            RuleId::R11 => "nudge_r11_why",
            RuleId::R14 => "nudge_r14_why",
            RuleId::R15 => "nudge_r15_why",
            RuleId::R16 => "nudge_r16_why",
            RuleId::R17 => "nudge_r17_why",
            RuleId::R19 => "nudge_r19_why",
            RuleId::R20 => "nudge_r20_why",
        }
    }
}

/// The page control a nudge points to; the gate shows it only if the page has it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum Target {
    /// The thread (to read it, or to open its reply box).
    Thread(String),
    /// An item (to like it, or to mark it as the best reply).
    Item(String),
    /// The field the employee is writing in.
    Composer,
}

/// What a rule proposes: a nudge about one object on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub rule: RuleId,
    /// The thread or item the nudge is about: "never twice for the same object".
    pub object: String,
    pub target: Target,
    /// The object's author, when the rule is not about the viewer's own items: the gate
    /// refuses a nudge whose object is the viewer's.
    pub author: Option<String>,
}

/// No reply of any kind: none shown, none counted, no best reply marked.
pub(crate) fn unanswered(thread: &crate::model::Thread) -> bool {
    thread.items.len() == 1 && thread.unseen_replies == 0 && !thread.best_reply_marked
}

pub(crate) fn has_best_reply(thread: &crate::model::Thread) -> bool {
    thread.best_reply.is_some() || thread.best_reply_marked
}

/// When the thread's root was posted.
pub(crate) fn root_time(thread: &crate::model::Thread) -> Option<crate::dates::UnixSeconds> {
    thread.items.first()?.created.map(|t| t.utc)
}

/// Whether the page holds the thread or item a target names: where no live control can
/// be checked (the command line), the object being on the page stands for it.
pub fn on_page(snapshot: &crate::model::PageSnapshot, target: &Target) -> bool {
    match target {
        Target::Thread(id) => snapshot.threads.iter().any(|t| t.id == *id),
        Target::Item(id) => snapshot
            .threads
            .iter()
            .flat_map(|t| &t.items)
            .any(|i| i.id == *id),
        Target::Composer => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::shipped_locale;

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for lang in ["fr", "en"] {
            let messages = shipped_locale(lang);
            for rule in RuleId::ALL {
                for key in [rule.message_key(), rule.why_key()] {
                    assert_ne!(messages.get(key), key, "{lang} lacks {key}");
                }
                // "Why am I seeing this?" names its rule.
                assert!(messages.get(rule.why_key()).contains(&format!("{rule:?}")));
            }
        }
    }

    #[test]
    fn only_self_directed_rules_need_an_identity() {
        let own: Vec<RuleId> = RuleId::ALL
            .into_iter()
            .filter(|r| r.self_directed())
            .collect();
        assert_eq!(
            own,
            [
                RuleId::R03,
                RuleId::R04,
                RuleId::R05,
                RuleId::R09,
                RuleId::R14,
                RuleId::R15,
                RuleId::R16,
                RuleId::R17
            ]
        );
    }
}
