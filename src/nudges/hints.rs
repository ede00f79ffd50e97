//! Hints for community managers (research file, H1–H10): content-level findings about
//! the page, for their panel. They name threads and items, never people, and rank
//! nobody. Unlike employee nudges they are not rationed by the gate: the panel is opened
//! on purpose.
//!
//! All ten but none missing: H1 unanswered queue, H2 newcomer waiting, H3 spotlight,
//! H4 few voices, H5 heated thread, H6 personal or confidential data, H7 dormant space,
//! H8 connect people, H9 author silent, H10 best reply missing.

use super::similar::{title_words, Overlap};
use super::{has_best_reply, root_time, unanswered};
use crate::dates::UnixSeconds;
use crate::keyed_hash::HashSet;
use crate::model::{Item, PageSnapshot, StaffMatcher, Thread, ThreadKind};
use crate::moderation::{analyze, AnalyzerConfig, Category};
use crate::stats::{
    is_liked, BusinessHours, Metric, NewcomerSource, PageStats, StatsConfig, DAY, HOUR,
};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum HintId {
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    H7,
    H8,
    H9,
    H10,
}

impl HintId {
    pub const ALL: [HintId; 10] = [
        HintId::H1,
        HintId::H2,
        HintId::H3,
        HintId::H4,
        HintId::H5,
        HintId::H6,
        HintId::H7,
        HintId::H8,
        HintId::H9,
        HintId::H10,
    ];

    /// `_locales` key of the hint's text.
    pub fn message_key(self) -> &'static str {
        match self {
            HintId::H1 => "hint_h1",
            HintId::H2 => "hint_h2",
            HintId::H3 => "hint_h3",
            HintId::H4 => "hint_h4",
            HintId::H5 => "hint_h5",
            HintId::H6 => "hint_h6",
            HintId::H7 => "hint_h7",
            HintId::H8 => "hint_h8",
            HintId::H9 => "hint_h9",
            HintId::H10 => "hint_h10",
        }
    }
}

/// One hint: which, the threads it is about (oldest first; empty for page-level hints;
/// for H8, pairs of similar threads one after the other), and for hints about single
/// messages (H3, H6) the items, as jump targets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmHint {
    pub id: HintId,
    pub threads: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

pub struct HintInput<'a> {
    pub snapshot: &'a PageSnapshot,
    pub stats: &'a PageStats,
    pub hours: &'a BusinessHours,
    pub now: UnixSeconds,
    /// The staff named in settings (H3: acknowledged by staff).
    pub staff: &'a [String],
    /// The published messages' findings, [`published_findings`] of the same snapshot
    /// (H5, H6); computed once by the caller, since the panel's review list needs them
    /// too.
    pub findings: &'a [ItemFindings],
}

pub fn hints(input: &HintInput) -> Vec<CmHint> {
    [
        h1_unanswered(input),
        h2_newcomer_waiting(input),
        h3_spotlight(input),
        h4_few_voices(input),
        h5_heated(input),
        h6_sensitive_data(input),
        h7_dormant(input),
        h8_connect_people(input),
        h9_author_silent(input),
        h10_best_reply_missing(input),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Categories a community manager reviews on published content: what may hurt someone
/// or leak (tone, such as shouting or SMS-speak, is the author's business). The panel's
/// review list shows the same findings.
pub const REVIEWED: [Category; 7] = [
    Category::Threat,
    Category::IdentityAttack,
    Category::Insult,
    Category::PossibleDefamation,
    Category::PersonalData,
    Category::Confidential,
    Category::Profanity,
];

/// What the analyzer found in one published message, in [`REVIEWED`] categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFindings {
    /// The message's thread; `None` for a list row outside any conversation.
    pub thread: Option<String>,
    pub item: String,
    /// Findings, each counted.
    pub count: usize,
    /// Distinct categories, in [`REVIEWED`] order.
    pub categories: Vec<Category>,
    pub severity: u8,
}

/// Runs the moderation analyzer over the page's published messages (at most
/// `panel::MAX_REVIEWED_ITEMS`, in page order), in memory: the texts are not kept.
pub fn published_findings(snapshot: &PageSnapshot, config: &AnalyzerConfig) -> Vec<ItemFindings> {
    let items = snapshot
        .threads
        .iter()
        .flat_map(|t| t.items.iter().map(move |i| (Some(t), i)))
        .chain(snapshot.loose_items.iter().map(|i| (None, i)));
    let mut out = Vec::new();
    for (thread, item) in items.take(crate::panel::MAX_REVIEWED_ITEMS) {
        let Some(text) = item.text.as_deref() else {
            continue;
        };
        let found: Vec<_> = analyze(text, config)
            .into_iter()
            .filter(|f| REVIEWED.contains(&f.category))
            .collect();
        let Some(severity) = found.iter().map(|f| f.severity).max() else {
            continue;
        };
        let mut categories: Vec<Category> = found.iter().map(|f| f.category).collect();
        categories.sort_by_key(|c| REVIEWED.iter().position(|r| r == c));
        categories.dedup();
        out.push(ItemFindings {
            thread: thread.map(|t| t.id.clone()),
            item: item.id.clone(),
            count: found.len(),
            categories,
            severity,
        });
    }
    out
}

/// Threads matching `keep`, oldest first; the hint only when there is one.
fn about(id: HintId, input: &HintInput, keep: impl Fn(&Thread) -> bool) -> Option<CmHint> {
    let mut threads: Vec<&Thread> = input.snapshot.threads.iter().filter(|t| keep(t)).collect();
    threads.sort_by_key(|t| root_time(t));
    (!threads.is_empty()).then(|| CmHint {
        id,
        threads: threads.iter().map(|t| t.id.clone()).collect(),
        items: Vec::new(),
    })
}

fn page_level(id: HintId) -> CmHint {
    CmHint {
        id,
        threads: Vec::new(),
        items: Vec::new(),
    }
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

/// H2: a question or discussion opened by a newcomer, with no reply after 4 working
/// hours. Newcomer status only where the page shows it (a members page), as for R02:
/// never guessed, never from a record of colleagues.
fn h2_newcomer_waiting(input: &HintInput) -> Option<CmHint> {
    let newcomers = NewcomerSource::new(input.snapshot, &StatsConfig::default(), input.now, None);
    about(HintId::H2, input, |t| {
        let status = t
            .items
            .first()
            .and_then(|r| r.author.as_deref())
            .and_then(|a| newcomers.status(a));
        t.kind != ThreadKind::Comments
            && status.is_some_and(|s| s.newcomer && !s.weak)
            && unanswered(t)
            && root_time(t).is_some_and(|asked| {
                input.hours.business_seconds_between(asked, input.now) >= 4 * HOUR
            })
    })
}

/// H3 put people in the spotlight (*mettre à l'honneur*): a reply from the last 7 days,
/// best reply or liked 3 times or more, not written by staff and not yet acknowledged by
/// them (no like from staff among the likers the page lists, no reply from staff to
/// it). Staff are the settings' list and the page's; with none known, acknowledgement
/// cannot be told and H3 stays quiet. A staff like the page does not list (more likes
/// than names) cannot be seen: the message is then listed, to be looked at. Lists the
/// messages (oldest first) and their threads, never their authors.
fn h3_spotlight(input: &HintInput) -> Option<CmHint> {
    let s = input.snapshot;
    let matcher = StaffMatcher::new(input.staff);
    if matcher.is_empty() && s.staff.is_empty() {
        return None;
    }
    let is_staff = |key: &str, name: Option<&str>| {
        s.staff.iter().any(|k| k == key) || matcher.matches(key, name)
    };
    let by_staff = |i: &Item| {
        i.author
            .as_deref()
            .is_some_and(|a| is_staff(a, i.author_name.as_deref()))
    };
    let mut found: Vec<(&Thread, &Item)> = Vec::new();
    for t in &s.threads {
        let skip = usize::from(t.kind != ThreadKind::Comments);
        for i in t.items.iter().skip(skip) {
            let best = t.best_reply.as_deref() == Some(i.id.as_str());
            let recent = i
                .created
                .is_some_and(|c| input.now - c.utc <= 7 * DAY && c.utc <= input.now);
            let acknowledged = i.likers.iter().any(|l| is_staff(l, None))
                || t.items
                    .iter()
                    .any(|r| r.parent.as_deref() == Some(i.id.as_str()) && by_staff(r));
            if (best || i.likes >= 3) && recent && !by_staff(i) && !acknowledged {
                found.push((t, i));
            }
        }
    }
    found.sort_by_key(|(_, i)| i.created.map(|c| c.utc));
    let mut threads: Vec<String> = Vec::new();
    for (t, _) in &found {
        if !threads.contains(&t.id) {
            threads.push(t.id.clone());
        }
    }
    (!found.is_empty()).then(|| CmHint {
        id: HintId::H3,
        threads,
        items: found.iter().map(|(_, i)| i.id.clone()).collect(),
    })
}

/// H4: five contributors or more, and a concentrated conversation (Gini ≥ 0.6 or one
/// person ≥ 50 %). No names.
fn h4_few_voices(input: &HintInput) -> Option<CmHint> {
    let s = input.stats;
    let enough = matches!(s.m2_contributors, Metric::Value(n) if n >= 5);
    let concentrated = matches!(s.m19_gini, Metric::Value(g) if g >= 0.6)
        || matches!(s.m21_dominance, Metric::Value(d) if d >= 0.5);
    (enough && concentrated).then(|| page_level(HintId::H4))
}

/// H5 heated thread: running hot by M31 (a burst, or two people alternating fast), or
/// with two findings or more in its published messages ([`published_findings`]).
fn h5_heated(input: &HintInput) -> Option<CmHint> {
    let hot: HashSet<&str> = input
        .stats
        .m31_heat
        .value()
        .map(|h| h.hot.iter().map(|t| t.thread_id.as_str()).collect())
        .unwrap_or_default();
    let findings = |t: &Thread| -> usize {
        input
            .findings
            .iter()
            .filter(|f| f.thread.as_deref() == Some(t.id.as_str()))
            .map(|f| f.count)
            .sum()
    };
    about(HintId::H5, input, |t| {
        hot.contains(t.id.as_str()) || findings(t) >= 2
    })
}

/// H6 personal or confidential data: published messages where the analyzer found
/// personal data (e-mail, phone, IBAN…) or a confidentiality marker. Lists the messages
/// in page order and their threads.
fn h6_sensitive_data(input: &HintInput) -> Option<CmHint> {
    let found: Vec<&ItemFindings> = input
        .findings
        .iter()
        .filter(|f| {
            f.categories
                .iter()
                .any(|c| matches!(c, Category::PersonalData | Category::Confidential))
        })
        .collect();
    let mut threads: Vec<String> = Vec::new();
    for t in found.iter().filter_map(|f| f.thread.as_ref()) {
        if !threads.contains(t) {
            threads.push(t.clone());
        }
    }
    (!found.is_empty()).then(|| CmHint {
        id: HintId::H6,
        threads,
        items: found.iter().map(|f| f.item.clone()).collect(),
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
    (input.now - newest >= 30 * DAY).then(|| page_level(HintId::H7))
}

/// Threads H8 compares at most (pairs grow with the square).
const MAX_COMPARED_THREADS: usize = 300;

/// H8 connect people: two questions or discussions whose titles share words
/// ([`Overlap::similar`], the measure R19 uses too) and no participant (authors; a thread with no known
/// author cannot be told apart and is left out). Each pair once, in page order, as two
/// consecutive entries of `threads`.
fn h8_connect_people(input: &HintInput) -> Option<CmHint> {
    let threads: Vec<(&Thread, HashSet<String>, HashSet<&str>)> = input
        .snapshot
        .threads
        .iter()
        .filter(|t| t.kind != ThreadKind::Comments)
        .filter_map(|t| {
            let words = title_words(t.title.as_deref()?);
            let people: HashSet<&str> =
                t.items.iter().filter_map(|i| i.author.as_deref()).collect();
            (!words.is_empty() && !people.is_empty()).then_some((t, words, people))
        })
        .take(MAX_COMPARED_THREADS)
        .collect();
    let mut pairs = Vec::new();
    for (n, (a, a_words, a_people)) in threads.iter().enumerate() {
        for (b, b_words, b_people) in &threads[n + 1..] {
            if Overlap::of(a_words, b_words).similar() && a_people.is_disjoint(b_people) {
                pairs.push(a.id.clone());
                pairs.push(b.id.clone());
            }
        }
    }
    (!pairs.is_empty()).then(|| CmHint {
        id: HintId::H8,
        threads: pairs,
        items: Vec::new(),
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
    use crate::stats::test_support::{item, liked, reply, snapshot, thread, MON};
    use crate::stats::{compute_all, StatsConfig};

    fn ids(s: &PageSnapshot, now: UnixSeconds) -> Vec<(HintId, Vec<String>)> {
        ids_with(s, now, &[])
            .into_iter()
            .map(|h| (h.id, h.threads))
            .collect()
    }

    fn ids_with(s: &PageSnapshot, now: UnixSeconds, staff: &[String]) -> Vec<CmHint> {
        let stats = compute_all(s, &StatsConfig::default(), now);
        let hours = BusinessHours::default();
        let findings = published_findings(s, &AnalyzerConfig::default());
        hints(&HintInput {
            snapshot: s,
            stats: &stats,
            hours: &hours,
            now,
            staff,
            findings: &findings,
        })
    }

    /// One hint's threads and items, if it is there.
    fn hint(got: &[CmHint], id: HintId) -> Option<(Vec<String>, Vec<String>)> {
        got.iter()
            .find(|h| h.id == id)
            .map(|h| (h.threads.clone(), h.items.clone()))
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
            for id in HintId::ALL {
                assert_ne!(messages.get(id.message_key()), id.message_key(), "{lang}");
            }
        }
    }

    fn said(mut i: crate::model::Item, text: &str) -> crate::model::Item {
        i.text = Some(text.into());
        i
    }

    fn titled(mut t: Thread, title: &str) -> Thread {
        t.title = Some(title.into());
        t
    }

    #[test]
    fn h2_a_newcomers_thread_waiting_only_where_the_page_says_so() {
        let mut s = snapshot(vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![item("r", "nina", MON + 9 * HOUR)],
        )]);
        let now = MON + 14 * HOUR; // 5 working hours later
        assert_eq!(
            hint(&ids_with(&s, now, &[]), HintId::H2),
            None,
            "no members page"
        );
        s.members = vec![crate::model::MemberStats {
            key: "nina".into(),
            discussions: 1,
            replies: 0,
            best_replies: 0,
            joined: None,
            last_activity: None,
        }];
        assert_eq!(
            hint(&ids_with(&s, now, &[]), HintId::H2),
            Some((vec!["d".into()], vec![]))
        );
        assert_eq!(
            hint(&ids_with(&s, MON + 12 * HOUR, &[]), HintId::H2),
            None,
            "3 working hours"
        );
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("a", "bob", "r", MON + 10 * HOUR));
        assert_eq!(hint(&ids_with(&answered, now, &[]), HintId::H2), None);
        s.members[0].replies = 5;
        assert_eq!(hint(&ids_with(&s, now, &[]), HintId::H2), None, "not new");
    }

    #[test]
    fn h3_well_liked_or_best_replies_not_yet_acknowledged_by_staff() {
        let s = snapshot(vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON),
                liked(reply("a", "bob", "r", MON + HOUR), 3),
                liked(reply("b", "cy", "r", MON + 2 * HOUR), 2),
                reply("c", "dee", "r", MON + 3 * HOUR),
            ],
        )]);
        let staff = ["Nadia@contoso.fr".to_string()];
        let nadia = "account:i:0#.f|membership|nadia@contoso.fr";
        let now = MON + 2 * DAY;
        assert_eq!(
            hint(&ids_with(&s, now, &staff), HintId::H3),
            Some((vec!["q".into()], vec!["a".into()]))
        );
        // The best reply counts whatever its likes; the opener never does.
        let mut best = s.clone();
        best.threads[0].best_reply = Some("c".into());
        best.threads[0].items[0].likes = 9;
        assert_eq!(
            hint(&ids_with(&best, now, &staff), HintId::H3),
            Some((vec!["q".into()], vec!["a".into(), "c".into()]))
        );
        // Acknowledged: a staff like (a liker not among the page's authors), or a
        // staff reply to it.
        let mut liked_by_staff = s.clone();
        liked_by_staff.threads[0].items[1].likers = vec![nadia.into()];
        assert_eq!(
            hint(&ids_with(&liked_by_staff, now, &staff), HintId::H3),
            None
        );
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("n", nadia, "a", MON + DAY));
        assert_eq!(hint(&ids_with(&answered, now, &staff), HintId::H3), None);
        // Older than a week; no staff known; written by staff.
        assert_eq!(hint(&ids_with(&s, MON + 8 * DAY, &staff), HintId::H3), None);
        assert_eq!(hint(&ids_with(&s, now, &[]), HintId::H3), None);
        let mut by_staff = s.clone();
        by_staff.staff = vec!["bob".into()];
        assert_eq!(hint(&ids_with(&by_staff, now, &[]), HintId::H3), None);
    }

    #[test]
    fn h5_and_h6_from_the_published_messages_findings() {
        let s = snapshot(vec![
            thread(
                "calm",
                ThreadKind::Discussion,
                vec![
                    said(
                        item("r", "ann", MON),
                        "Merci pour ce compte rendu très clair.",
                    ),
                    said(
                        reply("a", "bob", "r", MON + HOUR),
                        "Écrivez-moi à bob.martin@contoso.fr pour la suite.",
                    ),
                ],
            ),
            thread(
                "tense",
                ThreadKind::Discussion,
                vec![
                    said(
                        item("t", "cy", MON),
                        "Je vais te casser la gueule si tu recommences.",
                    ),
                    said(
                        reply("u", "dan", "t", MON + HOUR),
                        "Je vais te casser la gueule, toi aussi.",
                    ),
                ],
            ),
        ]);
        let got = ids_with(&s, MON + DAY, &[]);
        assert_eq!(
            hint(&got, HintId::H5),
            Some((vec!["tense".into()], vec![])),
            "one finding in 'calm' is not enough"
        );
        assert_eq!(
            hint(&got, HintId::H6),
            Some((vec!["calm".into()], vec!["a".into()]))
        );
        let clean = snapshot(vec![thread(
            "calm",
            ThreadKind::Discussion,
            vec![said(item("r", "ann", MON), "Merci, très clair.")],
        )]);
        let got = ids_with(&clean, MON + DAY, &[]);
        assert_eq!(hint(&got, HintId::H5), None);
        assert_eq!(hint(&got, HintId::H6), None);
        // M31 alone: six alternating replies between two people within two hours.
        let mut items = vec![item("r", "ann", MON)];
        for n in 0..6 {
            let who = if n % 2 == 0 { "bob" } else { "cy" };
            items.push(reply(&format!("x{n}"), who, "r", MON + 10 * (n + 1)));
        }
        let hot = snapshot(vec![thread("hot", ThreadKind::Discussion, items)]);
        assert_eq!(
            hint(&ids_with(&hot, MON + HOUR, &[]), HintId::H5),
            Some((vec!["hot".into()], vec![]))
        );
    }

    #[test]
    fn h8_similar_titles_with_no_one_in_common() {
        let s = snapshot(vec![
            titled(
                thread("a", ThreadKind::Question, vec![item("r1", "ann", MON)]),
                "Télétravail : quelles règles pour les déplacements ?",
            ),
            titled(
                thread("b", ThreadKind::Discussion, vec![item("r2", "bob", MON)]),
                "Règles du teletravail et déplacements",
            ),
            titled(
                thread("c", ThreadKind::Question, vec![item("r3", "cy", MON)]),
                "Où trouver le modèle de note de frais ?",
            ),
        ]);
        let got = ids_with(&s, MON + HOUR, &[]);
        assert_eq!(
            hint(&got, HintId::H8),
            Some((vec!["a".into(), "b".into()], vec![]))
        );
        // Someone already in both: they are connected.
        let mut shared = s.clone();
        shared.threads[1]
            .items
            .push(reply("x", "ann", "r2", MON + 60));
        assert_eq!(hint(&ids_with(&shared, MON + HOUR, &[]), HintId::H8), None);
        // Common words alone do not make titles similar.
        let common = snapshot(vec![
            titled(
                thread("a", ThreadKind::Question, vec![item("r1", "ann", MON)]),
                "Comment faire pour les congés ?",
            ),
            titled(
                thread("b", ThreadKind::Question, vec![item("r2", "bob", MON)]),
                "Comment faire pour la cantine ?",
            ),
        ]);
        let got = ids_with(&common, MON + HOUR, &[]);
        assert_eq!(hint(&got, HintId::H8), None, "{got:?}");
        // The demo board's pair: "depuis" shared is not a topic (2 words of 9 are).
        let demo = snapshot(vec![
            titled(
                thread("a", ThreadKind::Question, vec![item("r1", "ann", MON)]),
                "Synchronisation OneDrive impossible depuis la migration de la bibliothèque Qualité",
            ),
            titled(
                thread("b", ThreadKind::Question, vec![item("r2", "bob", MON)]),
                "Accès à la bibliothèque Qualité depuis un poste d’atelier",
            ),
        ]);
        assert_eq!(hint(&ids_with(&demo, MON + HOUR, &[]), HintId::H8), None);
    }
}
