//! One view of a page, as the browser and the command line both see it: the rules'
//! candidates through the gate with the settings of that page, the community-manager
//! hints that are switched on, and what the card offers for the nudge that shows.

use super::gate::{decide, Decision, Moment};
use super::hints::{hints, CmHint, HintInput, ItemFindings};
use super::history::{History, Visit};
use super::rules::{
    candidates, r06_ask_well, r07_first_contribution, r19_similar_threads, DraftField, PageThread,
    RuleInput, ThreadDraft,
};
use super::{Candidate, RuleId};
use crate::dates::UnixSeconds;
use crate::i18n::Messages;
use crate::model::{PageSnapshot, Viewer};
use crate::settings::Settings;
use crate::stats::PageStats;
use serde::Serialize;

/// The page and the settings a view is decided with.
pub struct PageView<'a> {
    pub snapshot: &'a PageSnapshot,
    pub settings: &'a Settings,
    /// The page's address: site exclusion, and the history's key for the page.
    pub url: &'a str,
    pub now: UnixSeconds,
    pub utc_offset_minutes: i32,
}

/// What the browser knows at the moment of deciding.
pub struct Presence<'a> {
    pub tab_visible: bool,
    pub typing: bool,
    pub shown_this_view: u32,
    pub has_control: &'a dyn Fn(&Candidate) -> bool,
}

impl<'a> Presence<'a> {
    fn moment(&self, now: UnixSeconds, page: &'a str, viewer: &'a Viewer) -> Moment<'a> {
        Moment {
            now,
            page,
            tab_visible: self.tab_visible,
            typing: self.typing,
            shown_this_view: self.shown_this_view,
            viewer,
            has_control: self.has_control,
        }
    }
}

impl PageView<'_> {
    /// The gate's decision for this view. `previous` is the page's visit record as it
    /// was before this view began (`None` on a first visit).
    pub fn decide(
        &self,
        history: &History,
        previous: Option<&Visit>,
        presence: &Presence,
    ) -> Decision {
        let hours = self.settings.stats_config(self.utc_offset_minutes).business;
        let input = RuleInput {
            snapshot: self.snapshot,
            now: self.now,
            hours: &hours,
            previous,
            staff: &self.settings.staff,
        };
        let gate = self.settings.gate_settings(self.url, hours.clone());
        let moment = presence.moment(self.now, self.url, &self.snapshot.viewer);
        decide(candidates(&input), &gate, &moment, history)
    }

    /// The community-manager hints switched on in the settings (the caller shows them
    /// only in community-manager mode).
    /// `findings` is `hints::published_findings` of the snapshot, shared with the
    /// panel's review list so that the analyzer runs once per reading.
    pub fn hints(&self, stats: &PageStats, findings: &[ItemFindings]) -> Vec<CmHint> {
        let hours = self.settings.stats_config(self.utc_offset_minutes).business;
        let mut all = hints(&HintInput {
            snapshot: self.snapshot,
            stats,
            hours: &hours,
            now: self.now,
            staff: &self.settings.staff,
            findings,
        });
        all.retain(|h| self.settings.hint_on(h.id));
        all
    }
}

/// The moment the employee writes in a field: what the gate lets through of the rules
/// about the contribution being written, which may speak while typing. R07 (the
/// community's rules) is asked when any field gets the focus; in a new-thread form,
/// R19 (a similar thread exists) and R06 (ask well) are asked at each pause in typing,
/// from the draft read at that moment (never kept).
pub struct WritingView<'a> {
    pub settings: &'a Settings,
    pub url: &'a str,
    /// The page's site ("https://intra.example.com").
    pub origin: &'a str,
    pub now: UnixSeconds,
    pub utc_offset_minutes: i32,
    pub viewer: &'a Viewer,
    /// The new thread being written, when the field is in a new-thread form.
    pub draft: Option<&'a ThreadDraft<'a>>,
    /// The threads the page's latest reading found, for R19.
    pub threads: &'a [PageThread],
}

impl WritingView<'_> {
    /// The candidates, in the order the gate keeps among equal priorities: a thread
    /// that already exists (R19) before the question's wording (R06), both before the
    /// charter (R07), which the focus alone already offered.
    pub fn candidates(&self, history: &History) -> Vec<Candidate> {
        let mut out = Vec::new();
        if let Some(draft) = self.draft {
            out.extend(r19_similar_threads(draft.title, self.threads));
            out.extend(r06_ask_well(draft, self.url));
        }
        let charter = !self.settings.charter_url.is_empty();
        out.extend(r07_first_contribution(history, self.origin, charter));
        out
    }

    pub fn decide(&self, history: &History, presence: &Presence) -> Decision {
        let hours = self.settings.stats_config(self.utc_offset_minutes).business;
        let gate = self.settings.gate_settings(self.url, hours);
        let moment = presence.moment(self.now, self.url, self.viewer);
        decide(self.candidates(history), &gate, &moment, history)
    }

    /// Whether a card about the draft still has something to say: a rule about the
    /// draft whose condition no longer holds (the question now has a title and context,
    /// the similar thread is no longer close) lets its card go. R06 is judged wherever
    /// the focus is: its card stays while the title being edited is still short.
    pub fn still_applies(&self, shown: &Candidate) -> bool {
        let Some(draft) = self.draft else {
            return true;
        };
        match shown.rule {
            RuleId::R06 => {
                let judged = ThreadDraft {
                    focus: DraftField::Other,
                    ..*draft
                };
                r06_ask_well(&judged, self.url).as_ref() == Some(shown)
            }
            RuleId::R19 => r19_similar_threads(draft.title, self.threads).contains(shown),
            _ => true,
        }
    }
}

/// The card's words, in the viewer's language.
pub struct CardText<'a> {
    pub label: &'a str,
    pub message: &'a str,
    pub act: &'a str,
    pub dismiss: &'a str,
    pub dismiss_label: &'a str,
    pub later: &'a str,
    pub snooze_day: &'a str,
    pub snooze_week: &'a str,
    pub pause_until: &'a str,
    pub pause_ok: &'a str,
    pub why_button: &'a str,
    pub why: &'a str,
}

impl<'a> CardText<'a> {
    pub fn new(m: &'a Messages, rule: RuleId) -> CardText<'a> {
        CardText {
            label: m.get("nudge_card_label"),
            message: m.get(rule.message_key()),
            act: m.get(rule.act().label_key()),
            dismiss: m.get("nudge_dismiss"),
            dismiss_label: m.get("nudge_dismiss_label"),
            later: m.get("nudge_later"),
            snooze_day: m.get("nudge_snooze_day"),
            snooze_week: m.get("nudge_snooze_week"),
            pause_until: m.get("nudge_pause_until"),
            pause_ok: m.get("nudge_pause_ok"),
            why_button: m.get("nudge_why"),
            why: m.get(rule.why_key()),
        }
    }

    #[cfg(test)]
    fn all(&self) -> [&'a str; 12] {
        [
            self.label,
            self.message,
            self.act,
            self.dismiss,
            self.dismiss_label,
            self.later,
            self.snooze_day,
            self.snooze_week,
            self.pause_until,
            self.pause_ok,
            self.why_button,
            self.why,
        ]
    }
}

/// What the card's main button does. Both only move the focus: the employee acts
/// (a nudge never acts for them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Act {
    /// Focus the reply box (or reply button) of the target's thread, or the page's
    /// comment box.
    Reply,
    /// Bring the target into view and focus it.
    Open,
    /// Open the community's charter (settings `charterUrl`) in a new tab.
    Charter,
    /// Back to the field being written in, to complete it (R06: the body, for context).
    Complete,
}

impl RuleId {
    pub fn act(self) -> Act {
        match self {
            RuleId::R01 | RuleId::R02 | RuleId::R05 | RuleId::R10 | RuleId::R16 | RuleId::R17 => {
                Act::Reply
            }
            RuleId::R06 => Act::Complete,
            RuleId::R07 => Act::Charter,
            RuleId::R03
            | RuleId::R04
            | RuleId::R09
            | RuleId::R11
            | RuleId::R14
            | RuleId::R15
            | RuleId::R19
            | RuleId::R20 => Act::Open,
        }
    }
}

impl Act {
    /// `_locales` key of the button's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Act::Reply => "nudge_act_reply",
            Act::Open => "nudge_act_open",
            Act::Charter => "nudge_act_charter",
            Act::Complete => "nudge_act_complete",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::gate::Refusal;
    use super::*;
    use crate::i18n::shipped_locale;
    use crate::model::{Confidence, ThreadKind, Viewer};
    use crate::stats::test_support::{item, snapshot, thread, MON};
    use crate::stats::HOUR;

    /// Monday 10:00 UTC, 11:00 in Paris: working hours with the default settings.
    const NOW: UnixSeconds = MON + 10 * HOUR;
    const URL: &str = "http://127.0.0.1:4000/discussion-list.html";

    fn page() -> PageSnapshot {
        let q = thread(
            "q",
            ThreadKind::Question,
            vec![item("r", "ann", NOW - 5 * HOUR)],
        );
        let mut s = snapshot(vec![q]);
        s.viewer = Viewer {
            key: Some("me".into()),
            confidence: Confidence::High,
        };
        s
    }

    fn decide_with(settings: &Settings, control: bool) -> Decision {
        let snapshot = page();
        let has_control = move |_: &Candidate| control;
        let view = PageView {
            snapshot: &snapshot,
            settings,
            url: URL,
            now: NOW,
            utc_offset_minutes: 60,
        };
        let presence = Presence {
            tab_visible: true,
            typing: false,
            shown_this_view: 0,
            has_control: &has_control,
        };
        view.decide(&History::default(), None, &presence)
    }

    #[test]
    fn settings_reach_the_rules_and_the_gate() {
        let on = Settings::default();
        assert_eq!(
            decide_with(&on, true).show.map(|c| c.rule),
            Some(RuleId::R01)
        );
        assert_eq!(decide_with(&on, false).refused[0].1, Refusal::NoControl);

        let mut off = Settings::default();
        off.switches.insert("nudgeR01", false);
        assert_eq!(decide_with(&off, true).refused[0].1, Refusal::RuleOff);

        let excluded = Settings {
            tips_excluded_sites: vec!["http://127.0.0.1/discussion-*".into()],
            ..Settings::default()
        };
        assert_eq!(
            decide_with(&excluded, true).refused[0].1,
            Refusal::SiteExcluded
        );

        let evening = Settings {
            business_hours: "14:00-18:30".into(),
            ..Settings::default()
        };
        assert_eq!(
            decide_with(&evening, true).refused[0].1,
            Refusal::OutsideWorkingHours
        );
    }

    #[test]
    fn r07_speaks_while_writing_once_a_charter_is_set() {
        let viewer = Viewer {
            key: None,
            confidence: Confidence::None,
        };
        let yes = |_: &Candidate| true;
        let presence = Presence {
            tab_visible: true,
            typing: true,
            shown_this_view: 0,
            has_control: &yes,
        };
        let decide = |settings: &Settings| {
            WritingView {
                settings,
                url: URL,
                origin: "http://127.0.0.1:4000",
                now: NOW,
                utc_offset_minutes: 60,
                viewer: &viewer,
                draft: None,
                threads: &[],
            }
            .decide(&History::default(), &presence)
        };
        assert!(decide(&Settings::default()).show.is_none());
        let charter = Settings {
            charter_url: "https://intra.example.com/charte".into(),
            ..Settings::default()
        };
        assert_eq!(decide(&charter).show.map(|c| c.rule), Some(RuleId::R07));
        let mut off = charter.clone();
        off.switches.insert("nudgeR07", false);
        assert_eq!(decide(&off).refused[0].1, Refusal::RuleOff);
    }

    /// R06 and R19 through the writing view: the draft and the page's threads reach
    /// the rules, and the one gate has the last word (switches, dismissals, own thread).
    #[test]
    fn composer_rules_go_through_the_gate() {
        use super::super::history::{LogEntry, Outcome};
        use super::super::rules::PageThread;
        let viewer = Viewer {
            key: Some("id:3".into()),
            confidence: Confidence::High,
        };
        let yes = |_: &Candidate| true;
        let presence = Presence {
            tab_visible: true,
            typing: true,
            shown_this_view: 0,
            has_control: &yes,
        };
        let threads = [PageThread {
            id: "41".into(),
            title: "Synchronisation OneDrive impossible depuis la migration".into(),
            author: Some("id:12".into()),
        }];
        let short = ThreadDraft {
            title: "OneDrive ?",
            body: "",
            question: Some(true),
            focus: DraftField::Body,
        };
        let duplicate = ThreadDraft {
            title: "Synchronisation OneDrive impossible",
            focus: DraftField::Title,
            ..short
        };
        let decide =
            |settings: &Settings, draft: &ThreadDraft, threads: &[PageThread], h: &History| {
                let view = WritingView {
                    settings,
                    url: URL,
                    origin: "http://127.0.0.1:4000",
                    now: NOW,
                    utc_offset_minutes: 60,
                    viewer: &viewer,
                    draft: Some(draft),
                    threads,
                };
                view.decide(h, &presence)
            };
        let on = Settings::default();
        let none = History::default();
        let shown = |d: Decision| d.show.map(|c| (c.rule, c.object));
        assert_eq!(
            shown(decide(&on, &short, &threads, &none)),
            Some((RuleId::R06, URL.into()))
        );
        assert_eq!(
            shown(decide(&on, &duplicate, &threads, &none)),
            Some((RuleId::R19, "41".into()))
        );
        // A short question close to a thread: the thread first.
        let both = ThreadDraft {
            focus: DraftField::Body,
            ..duplicate
        };
        let d = decide(&on, &both, &threads, &none);
        assert_eq!(d.show.map(|c| c.rule), Some(RuleId::R19));
        assert_eq!(d.refused[0].0.rule, RuleId::R06);
        assert_eq!(d.refused[0].1, Refusal::LowerPriority);
        // Switched off.
        for (rule, draft) in [("nudgeR06", &short), ("nudgeR19", &duplicate)] {
            let mut off = Settings::default();
            off.switches.insert(rule, false);
            assert_eq!(
                decide(&off, draft, &threads, &none).refused[0].1,
                Refusal::RuleOff
            );
        }
        // Nothing similar on the page.
        assert!(decide(&on, &duplicate, &[], &none).show.is_none());
        // The similar thread is the viewer's own: never about one's own item.
        let mine = [PageThread {
            author: Some("id:3".into()),
            ..threads[0].clone()
        }];
        assert_eq!(
            decide(&on, &duplicate, &mine, &none).refused[0].1,
            Refusal::OwnItem
        );
        // Already dismissed (never again for that object), or already shown once.
        for (rule, object, draft) in [(RuleId::R06, URL, &short), (RuleId::R19, "41", &duplicate)] {
            let log = |outcome| LogEntry {
                at: NOW - 2 * 24 * HOUR,
                page: "http://127.0.0.1:4000/other.html".into(),
                rule,
                object: object.into(),
                outcome,
            };
            let dismissed = History {
                log: vec![log(Outcome::Shown), log(Outcome::Dismissed)],
                ..History::default()
            };
            assert_eq!(
                decide(&on, draft, &threads, &dismissed).refused[0].1,
                Refusal::Dismissed
            );
            let once = History {
                log: vec![log(Outcome::Shown)],
                ..History::default()
            };
            assert_eq!(
                decide(&on, draft, &threads, &once).refused[0].1,
                Refusal::AlreadyShown
            );
        }
        // The card lets go once the draft no longer calls for it.
        let view = |draft| WritingView {
            settings: &on,
            url: URL,
            origin: "http://127.0.0.1:4000",
            now: NOW,
            utc_offset_minutes: 60,
            viewer: &viewer,
            draft: Some(draft),
            threads: &threads,
        };
        let r06 = decide(&on, &short, &threads, &none).show.unwrap();
        assert!(view(&short).still_applies(&r06));
        // Editing the title, still short: the card stays.
        let editing = ThreadDraft {
            focus: DraftField::Title,
            ..short
        };
        assert!(view(&editing).still_applies(&r06));
        let better = ThreadDraft {
            title: "La synchronisation OneDrive échoue sur mon poste ?",
            body: "Depuis la migration de lundi, le bouton Synchroniser ouvre OneDrive puis \
                   plus rien ne se passe, sur deux postes différents du service.",
            ..short
        };
        assert!(!view(&better).still_applies(&r06));
        let r19 = decide(&on, &duplicate, &threads, &none).show.unwrap();
        let elsewhere = ThreadDraft {
            title: "Pot de départ de Claire",
            ..duplicate
        };
        assert!(!view(&elsewhere).still_applies(&r19));
    }

    #[test]
    fn every_card_is_worded_in_both_languages() {
        for lang in ["fr", "en"] {
            let messages = shipped_locale(lang);
            for rule in RuleId::ALL {
                let text = CardText::new(&messages, rule);
                // A missing message reads as its key, which is snake_case.
                for words in text.all() {
                    assert!(!words.starts_with("nudge_"), "{lang} lacks {words}");
                }
            }
        }
    }
}
