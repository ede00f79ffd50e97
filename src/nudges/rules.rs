//! The rules: each reads the page snapshot (and the viewer's previous visit) and
//! proposes candidates; none decides what shows (that is `gate::decide`). Triggers
//! follow the research file's table; times are the items' UTC instants.

use super::{has_best_reply, unanswered, Candidate, RuleId, Target};
use crate::dates::UnixSeconds;
use crate::model::{Item, PageSnapshot, Thread, ThreadKind};
use crate::stats::{is_liked, BusinessHours, DAY, HOUR};
use std::collections::HashSet;

/// What the rules read besides the snapshot.
pub struct RuleInput<'a> {
    pub snapshot: &'a PageSnapshot,
    pub now: UnixSeconds,
    pub hours: &'a BusinessHours,
    /// The viewer's previous visit of this page (local history), `None` on a first one.
    pub previous_visit: Option<UnixSeconds>,
}

impl RuleInput<'_> {
    fn viewer(&self) -> Option<&str> {
        self.snapshot.viewer.key.as_deref()
    }

    fn is_viewer(&self, author: Option<&str>) -> bool {
        author.is_some() && author == self.viewer()
    }
}

/// Every rule's candidates, in the rules' order (the gate sorts by priority).
pub fn candidates(input: &RuleInput) -> Vec<Candidate> {
    let mut out = Vec::new();
    for thread in &input.snapshot.threads {
        out.extend(r01_first_answer(input, thread));
        out.extend(r04_mark_best_reply(input, thread));
        out.extend(r05_revive_question(input, thread));
        out.extend(r09_someone_answered(input, thread));
        out.extend(r10_add_a_perspective(input, thread));
        out.extend(r15_tidy_old_question(input, thread));
        out.extend(r17_answer_your_readers(input, thread));
    }
    out.extend(r20_catch_up(input));
    out
}

fn root(thread: &Thread) -> Option<&Item> {
    thread.items.first()
}

fn age(input: &RuleInput, item: &Item) -> Option<i64> {
    item.created.map(|t| input.now - t.utc)
}

fn about_thread(rule: RuleId, thread: &Thread, author: Option<&str>) -> Candidate {
    Candidate {
        rule,
        object: thread.id.clone(),
        target: Target::Thread(thread.id.clone()),
        author: author.map(str::to_owned),
    }
}

/// R01 be the first to answer: a question with no reply, 2 h to 14 days old, the viewer
/// not in it.
fn r01_first_answer(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let age = age(input, root)?;
    let viewer_in = thread
        .items
        .iter()
        .any(|i| input.is_viewer(i.author.as_deref()));
    (thread.kind == ThreadKind::Question
        && unanswered(thread)
        && (2 * HOUR..=14 * DAY).contains(&age)
        && !viewer_in)
        .then(|| about_thread(RuleId::R01, thread, root.author.as_deref()))
}

/// R04 mark the best reply: the viewer's question, a day old or more, with a liked reply
/// or two replies, and no best reply.
fn r04_mark_best_reply(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let replies = &thread.items[1..];
    let worth = replies.iter().any(is_liked) || replies.len() >= 2;
    (thread.kind == ThreadKind::Question
        && input.is_viewer(root.author.as_deref())
        && age(input, root)? >= DAY
        && worth
        && !has_best_reply(thread))
    .then(|| about_thread(RuleId::R04, thread, None))
}

/// R05 revive your own question: no reply after 48 business hours.
fn r05_revive_question(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let asked = root.created?.utc;
    (thread.kind == ThreadKind::Question
        && input.is_viewer(root.author.as_deref())
        && unanswered(thread)
        && input.hours.business_seconds_between(asked, input.now) >= 48 * HOUR)
        .then(|| about_thread(RuleId::R05, thread, None))
}

/// R09 someone answered you: a reply to one of the viewer's items since their last
/// visit (the newest such reply).
fn r09_someone_answered(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let since = input.previous_visit?;
    input.viewer()?;
    let root_id = root(thread)?.id.as_str();
    let author_of = |id: &str| {
        thread
            .items
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.author.as_deref())
    };
    let reply = thread
        .items
        .iter()
        .skip(usize::from(thread.kind != ThreadKind::Comments))
        .filter(|i| i.created.is_some_and(|t| t.utc > since))
        .filter(|i| !input.is_viewer(i.author.as_deref()))
        .filter(|i| {
            let parent = match (i.parent.as_deref(), thread.kind) {
                (Some(p), _) => Some(p),
                (None, ThreadKind::Comments) => None,
                (None, _) => Some(root_id),
            };
            parent.is_some_and(|p| input.is_viewer(author_of(p)))
        })
        .max_by_key(|i| i.created.map(|t| t.utc))?;
    Some(Candidate {
        rule: RuleId::R09,
        object: reply.id.clone(),
        target: Target::Item(reply.id.clone()),
        author: None,
    })
}

/// R10 add a perspective: a discussion under a week old with three items or more but
/// two voices at most, the viewer not among them. The nudge never says how few spoke.
fn r10_add_a_perspective(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let voices: HashSet<&str> = thread
        .items
        .iter()
        .filter_map(|i| i.author.as_deref())
        .collect();
    let viewer_in = input.viewer().is_some_and(|v| voices.contains(v));
    (thread.kind == ThreadKind::Discussion
        && thread.items.len() >= 3
        && !voices.is_empty()
        && voices.len() <= 2
        && age(input, root)? < 7 * DAY
        && !viewer_in)
        .then(|| about_thread(RuleId::R10, thread, root.author.as_deref()))
}

/// R15 tidy your old question: the viewer's question, quiet for 30 days, no best reply.
fn r15_tidy_old_question(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let last = thread
        .items
        .iter()
        .filter_map(|i| i.created)
        .map(|t| t.utc)
        .max()?;
    (thread.kind == ThreadKind::Question
        && input.is_viewer(root.author.as_deref())
        && input.now - last >= 30 * DAY
        && !has_best_reply(thread))
    .then(|| about_thread(RuleId::R15, thread, None))
}

/// R17 answer your readers: the viewer wrote the page; others commented, the viewer
/// answered none of them, the first comment 4 working hours ago or more.
fn r17_answer_your_readers(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let author = input.snapshot.page.author.as_deref();
    if thread.kind != ThreadKind::Comments || !input.is_viewer(author) {
        return None;
    }
    let answered = thread
        .items
        .iter()
        .any(|i| input.is_viewer(i.author.as_deref()));
    let first = thread
        .items
        .iter()
        .filter(|i| !input.is_viewer(i.author.as_deref()))
        .filter_map(|i| i.created)
        .map(|t| t.utc)
        .min()?;
    (!answered && input.hours.business_seconds_between(first, input.now) >= 4 * HOUR)
        .then(|| about_thread(RuleId::R17, thread, None))
}

/// R20 catch up: three items or more by others since the viewer's last visit; points at
/// the first of them.
fn r20_catch_up(input: &RuleInput) -> Option<Candidate> {
    let since = input.previous_visit?;
    let mut new: Vec<&Item> = input
        .snapshot
        .threads
        .iter()
        .flat_map(|t| &t.items)
        .filter(|i| i.created.is_some_and(|t| t.utc > since))
        .filter(|i| !input.is_viewer(i.author.as_deref()))
        .collect();
    if new.len() < 3 {
        return None;
    }
    new.sort_by_key(|i| i.created.map(|t| t.utc));
    let first = new[0];
    Some(Candidate {
        rule: RuleId::R20,
        object: first.id.clone(),
        target: Target::Item(first.id.clone()),
        author: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Viewer};
    use crate::stats::test_support::{item, reply, snapshot, thread, MON};

    const ME: &str = "me";

    fn input_at<'a>(
        s: &'a PageSnapshot,
        hours: &'a BusinessHours,
        now: UnixSeconds,
        previous: Option<UnixSeconds>,
    ) -> RuleInput<'a> {
        RuleInput {
            snapshot: s,
            now,
            hours,
            previous_visit: previous,
        }
    }

    fn page(threads: Vec<Thread>) -> PageSnapshot {
        let mut s = snapshot(threads);
        s.viewer = Viewer {
            key: Some(ME.into()),
            confidence: Confidence::High,
        };
        s
    }

    fn rules_of(
        s: &PageSnapshot,
        now: UnixSeconds,
        previous: Option<UnixSeconds>,
    ) -> Vec<(RuleId, String)> {
        let hours = BusinessHours::default();
        candidates(&input_at(s, &hours, now, previous))
            .into_iter()
            .map(|c| (c.rule, c.object))
            .collect()
    }

    #[test]
    fn r01_a_question_waiting_for_its_first_answer() {
        let q = |author: &str| thread("q", ThreadKind::Question, vec![item("r", author, MON)]);
        let s = page(vec![q("ann")]);
        assert_eq!(
            rules_of(&s, MON + 3 * HOUR, None),
            vec![(RuleId::R01, "q".into())]
        );
        // Too young, too old, answered, a discussion, the viewer's own (R01 stays quiet).
        assert!(rules_of(&s, MON + HOUR, None).is_empty());
        assert!(rules_of(&s, MON + 15 * DAY, None)
            .iter()
            .all(|(r, _)| *r != RuleId::R01));
        let answered = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", "ann", MON), reply("a", "bob", "r", MON + HOUR)],
        )]);
        assert!(rules_of(&answered, MON + 3 * HOUR, None).is_empty());
        let mut counted = page(vec![q("ann")]);
        counted.threads[0].unseen_replies = 1;
        assert!(rules_of(&counted, MON + 3 * HOUR, None).is_empty());
        let discussion = page(vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![item("r", "ann", MON)],
        )]);
        assert!(rules_of(&discussion, MON + 3 * HOUR, None).is_empty());
        assert!(!rules_of(&page(vec![q(ME)]), MON + 3 * HOUR, None)
            .contains(&(RuleId::R01, "q".into())));
    }

    #[test]
    fn r04_r05_r15_the_viewers_own_question() {
        let liked = {
            let mut r = reply("a", "bob", "r", MON + HOUR);
            r.likes = 1;
            r
        };
        let s = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", ME, MON), liked],
        )]);
        assert_eq!(
            rules_of(&s, MON + 2 * DAY, None),
            vec![(RuleId::R04, "q".into())]
        );
        assert!(
            rules_of(&s, MON + 12 * HOUR, None).is_empty(),
            "under a day"
        );
        let mut resolved = s.clone();
        resolved.threads[0].best_reply = Some("a".into());
        assert!(rules_of(&resolved, MON + 2 * DAY, None).is_empty());
        // Unanswered: R05 after 48 business hours (Mon–Fri 08:30–18:30: Friday noon is
        // 43.5 business hours after Monday 00:00, the next Monday 00:00 is 50).
        let alone = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", ME, MON)],
        )]);
        assert!(rules_of(&alone, MON + 4 * DAY + 12 * HOUR, None).is_empty());
        assert_eq!(
            rules_of(&alone, MON + 7 * DAY, None),
            vec![(RuleId::R05, "q".into())]
        );
        // Quiet for 30 days, no best reply: R15 (and R05, still unanswered).
        let old = rules_of(&alone, MON + 31 * DAY, None);
        assert!(
            old.contains(&(RuleId::R15, "q".into())) && old.contains(&(RuleId::R05, "q".into()))
        );
    }

    #[test]
    fn r09_and_r20_since_the_last_visit() {
        let s = page(vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![
                item("r", ME, MON),
                reply("a", "bob", "r", MON + 2 * HOUR),
                reply("b", "cy", "a", MON + 3 * HOUR),
                reply("c", "dee", "r", MON + 4 * HOUR),
                reply("m", ME, "a", MON + 5 * HOUR),
            ],
        )]);
        // Since MON + 1 h: three replies by others, two of them to the viewer.
        let got = rules_of(&s, MON + 6 * HOUR, Some(MON + HOUR));
        assert!(got.contains(&(RuleId::R09, "c".into())), "{got:?}");
        assert!(got.contains(&(RuleId::R20, "a".into())), "{got:?}");
        // First visit: neither; since MON + 3.5 h: one reply to the viewer, no catch-up.
        let first = rules_of(&s, MON + 6 * HOUR, None);
        assert!(first
            .iter()
            .all(|(r, _)| *r != RuleId::R09 && *r != RuleId::R20));
        let later = rules_of(&s, MON + 6 * HOUR, Some(MON + 3 * HOUR + 1800));
        assert!(later.contains(&(RuleId::R09, "c".into())));
        assert!(later.iter().all(|(r, _)| *r != RuleId::R20));
        // Unknown viewer: no R09.
        let mut anonymous = s.clone();
        anonymous.viewer = Viewer::default();
        assert!(rules_of(&anonymous, MON + 6 * HOUR, Some(MON + HOUR))
            .iter()
            .all(|(r, _)| *r != RuleId::R09));
    }

    #[test]
    fn r17_the_page_author_and_the_comments() {
        let mut s = page(vec![thread(
            "c",
            ThreadKind::Comments,
            vec![
                item("a", "bob", MON + 9 * HOUR),
                item("b", "cy", MON + 10 * HOUR),
            ],
        )]);
        s.page.author = Some(ME.into());
        // Monday 09:00 to 14:00: 5 working hours (08:30–18:30).
        assert_eq!(
            rules_of(&s, MON + 14 * HOUR, None),
            vec![(RuleId::R17, "c".into())]
        );
        assert!(
            rules_of(&s, MON + 12 * HOUR, None).is_empty(),
            "3 working hours"
        );
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("m", ME, "a", MON + 11 * HOUR));
        assert!(rules_of(&answered, MON + 14 * HOUR, None).is_empty());
        let mut not_mine = s.clone();
        not_mine.page.author = Some("ann".into());
        assert!(rules_of(&not_mine, MON + 14 * HOUR, None).is_empty());
    }

    #[test]
    fn r10_few_voices_in_a_young_discussion() {
        let d = |authors: &[&str]| {
            let items = authors
                .iter()
                .enumerate()
                .map(|(n, a)| reply(&format!("i{n}"), a, "i0", MON + n as i64 * HOUR))
                .collect();
            page(vec![thread("d", ThreadKind::Discussion, items)])
        };
        assert_eq!(
            rules_of(&d(&["ann", "bob", "ann"]), MON + DAY, None),
            vec![(RuleId::R10, "d".into())]
        );
        assert!(rules_of(&d(&["ann", "bob", "cy"]), MON + DAY, None).is_empty());
        assert!(rules_of(&d(&["ann", "bob"]), MON + DAY, None).is_empty());
        assert!(rules_of(&d(&["ann", ME, "ann"]), MON + DAY, None).is_empty());
        assert!(rules_of(&d(&["ann", "bob", "ann"]), MON + 8 * DAY, None).is_empty());
    }
}
