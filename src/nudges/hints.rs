//! Hints for community managers (research file, H1–H10): content-level findings about
//! the page, for their panel. They name threads, never people, and rank nobody. Unlike
//! employee nudges they are not rationed by the gate: the panel is opened on purpose.
//!
//! Implemented here: H1 unanswered queue, H4 few voices, H7 dormant space, H9 author
//! silent, H10 best reply missing. H2 (newcomer waiting), H3 (spotlight), H5/H6 (heat,
//! findings: the panel's "messages to review" already shows them) and H8 (similar
//! threads) are not yet.

use super::{has_best_reply, root_time, unanswered};
use crate::dates::UnixSeconds;
use crate::model::{PageSnapshot, Thread, ThreadKind};
use crate::stats::{is_liked, BusinessHours, Metric, PageStats, DAY, HOUR};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum HintId {
    H1,
    H4,
    H7,
    H9,
    H10,
}

impl HintId {
    pub const ALL: [HintId; 5] = [HintId::H1, HintId::H4, HintId::H7, HintId::H9, HintId::H10];

    /// `_locales` key of the hint's text.
    pub fn message_key(self) -> &'static str {
        match self {
            HintId::H1 => "hint_h1",
            HintId::H4 => "hint_h4",
            HintId::H7 => "hint_h7",
            HintId::H9 => "hint_h9",
            HintId::H10 => "hint_h10",
        }
    }
}

/// One hint: which, and the threads it is about (oldest first; empty for page-level
/// hints).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmHint {
    pub id: HintId,
    pub threads: Vec<String>,
}

pub struct HintInput<'a> {
    pub snapshot: &'a PageSnapshot,
    pub stats: &'a PageStats,
    pub hours: &'a BusinessHours,
    pub now: UnixSeconds,
}

pub fn hints(input: &HintInput) -> Vec<CmHint> {
    [
        h1_unanswered(input),
        h4_few_voices(input),
        h7_dormant(input),
        h9_author_silent(input),
        h10_best_reply_missing(input),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Threads matching `keep`, oldest first; the hint only when there is one.
fn about(id: HintId, input: &HintInput, keep: impl Fn(&Thread) -> bool) -> Option<CmHint> {
    let mut threads: Vec<&Thread> = input.snapshot.threads.iter().filter(|t| keep(t)).collect();
    threads.sort_by_key(|t| root_time(t));
    (!threads.is_empty()).then(|| CmHint {
        id,
        threads: threads.iter().map(|t| t.id.clone()).collect(),
    })
}

/// H1: questions and discussions with no response for 24 working hours or more.
fn h1_unanswered(input: &HintInput) -> Option<CmHint> {
    about(HintId::H1, input, |t| {
        t.kind != ThreadKind::Comments
            && unanswered(t)
            && root_time(t).is_some_and(|asked| {
                input.hours.business_seconds_between(asked, input.now) >= 24 * HOUR
            })
    })
}

/// H4: five contributors or more, and a concentrated conversation (Gini ≥ 0.6 or one
/// person ≥ 50 %). No names.
fn h4_few_voices(input: &HintInput) -> Option<CmHint> {
    let s = input.stats;
    let enough = matches!(s.m2_contributors, Metric::Value(n) if n >= 5);
    let concentrated = matches!(s.m19_gini, Metric::Value(g) if g >= 0.6)
        || matches!(s.m21_dominance, Metric::Value(d) if d >= 0.5);
    (enough && concentrated).then_some(CmHint {
        id: HintId::H4,
        threads: Vec::new(),
    })
}

/// H7: the newest item is 30 days old or more.
fn h7_dormant(input: &HintInput) -> Option<CmHint> {
    let s = input.snapshot;
    let newest = s
        .threads
        .iter()
        .flat_map(|t| &t.items)
        .chain(&s.loose_items)
        .filter_map(|i| i.created)
        .map(|t| t.utc)
        .max()?;
    (input.now - newest >= 30 * DAY).then_some(CmHint {
        id: HintId::H7,
        threads: Vec::new(),
    })
}

/// H9: a page's author has answered none of three comments or more by others, the
/// first 48 working hours ago or more.
fn h9_author_silent(input: &HintInput) -> Option<CmHint> {
    let author = input.snapshot.page.author.as_deref()?;
    about(HintId::H9, input, |t| {
        let by = |i: &&crate::model::Item| i.author.as_deref() == Some(author);
        let others: Vec<_> = t.items.iter().filter(|i| !by(i)).collect();
        let first = others.iter().filter_map(|i| i.created).map(|c| c.utc).min();
        t.kind == ThreadKind::Comments
            && others.len() >= 3
            && !t.items.iter().any(|i| by(&i))
            && first
                .is_some_and(|f| input.hours.business_seconds_between(f, input.now) >= 48 * HOUR)
    })
}

/// H10: a question a week old or more with liked replies and no best reply.
fn h10_best_reply_missing(input: &HintInput) -> Option<CmHint> {
    about(HintId::H10, input, |t| {
        t.kind == ThreadKind::Question
            && t.items.iter().skip(1).any(is_liked)
            && !has_best_reply(t)
            && root_time(t).is_some_and(|asked| input.now - asked >= 7 * DAY)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::shipped_locale;
    use crate::stats::test_support::{item, reply, snapshot, thread, MON};
    use crate::stats::{compute_all, StatsConfig};

    fn ids(s: &PageSnapshot, now: UnixSeconds) -> Vec<(HintId, Vec<String>)> {
        let stats = compute_all(s, &StatsConfig::default(), now);
        let hours = BusinessHours::default();
        hints(&HintInput {
            snapshot: s,
            stats: &stats,
            hours: &hours,
            now,
        })
        .into_iter()
        .map(|h| (h.id, h.threads))
        .collect()
    }

    #[test]
    fn h1_and_h10_questions() {
        let liked = {
            let mut r = reply("a", "bob", "r", MON + HOUR);
            r.likes = 2;
            r
        };
        let s = snapshot(vec![
            thread(
                "late",
                ThreadKind::Question,
                vec![item("r2", "cy", MON + 2 * DAY)],
            ),
            thread(
                "early",
                ThreadKind::Discussion,
                vec![item("r1", "ann", MON)],
            ),
            thread(
                "liked",
                ThreadKind::Question,
                vec![item("r", "dee", MON), liked],
            ),
        ]);
        // Wednesday 13:00: "early" waited 2 × 10 + 4.5 working hours, "late" 4.5.
        assert_eq!(
            ids(&s, MON + 2 * DAY + 13 * HOUR),
            vec![(HintId::H1, vec!["early".into()])]
        );
        // A week later: both waiting (oldest first), and the liked question has no best reply.
        let later = ids(&s, MON + 8 * DAY + 12 * HOUR);
        assert!(
            later.contains(&(HintId::H1, vec!["early".into(), "late".into()])),
            "{later:?}"
        );
        assert!(
            later.contains(&(HintId::H10, vec!["liked".into()])),
            "{later:?}"
        );
    }

    #[test]
    fn h4_concentration_without_names() {
        // Six people; one wrote 20 of 25 items.
        let mut items: Vec<_> = (0..20)
            .map(|n| reply(&format!("a{n}"), "ann", "a0", MON + n))
            .collect();
        for p in ["b", "c", "d", "e", "f"] {
            items.push(reply(p, p, "a0", MON + 30));
        }
        let s = snapshot(vec![thread("d", ThreadKind::Discussion, items)]);
        assert!(ids(&s, MON + HOUR).contains(&(HintId::H4, vec![])));
        let even = snapshot(vec![thread(
            "d",
            ThreadKind::Discussion,
            ["a", "b", "c", "d", "e"]
                .iter()
                .map(|p| reply(p, p, "a", MON))
                .collect(),
        )]);
        assert!(!ids(&even, MON + HOUR).iter().any(|(h, _)| *h == HintId::H4));
    }

    #[test]
    fn h7_and_h9_pages() {
        let mut s = snapshot(vec![thread(
            "c",
            ThreadKind::Comments,
            vec![
                item("a", "bob", MON + 9 * HOUR),
                item("b", "cy", MON + 10 * HOUR),
                item("e", "dee", MON + 11 * HOUR),
            ],
        )]);
        s.page.author = Some("ann".into());
        // Friday 18:00 is 9.5 + 3 × 10 + 9.5 = 49 working hours after Monday 09:00.
        assert_eq!(
            ids(&s, MON + 4 * DAY + 18 * HOUR),
            vec![(HintId::H9, vec!["c".into()])]
        );
        assert!(ids(&s, MON + DAY + 12 * HOUR).is_empty());
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("r", "ann", "a", MON + 12 * HOUR));
        assert!(ids(&answered, MON + 4 * DAY + 18 * HOUR).is_empty());
        let quiet = ids(&answered, MON + 40 * DAY);
        assert_eq!(quiet, vec![(HintId::H7, vec![])]);
        assert!(
            ids(&snapshot(Vec::new()), MON).is_empty(),
            "an empty page has no hint"
        );
    }

    #[test]
    fn every_hint_is_worded_in_both_languages() {
        for lang in ["fr", "en"] {
            let messages = shipped_locale(lang);
            for id in [HintId::H1, HintId::H4, HintId::H7, HintId::H9, HintId::H10] {
                assert_ne!(messages.get(id.message_key()), id.message_key(), "{lang}");
            }
        }
    }
}
