//! The rules: each reads the page snapshot (and the viewer's previous visit) and
//! proposes candidates; none decides what shows (that is `gate::decide`). Triggers
//! follow the research file's table; times are the items' UTC instants.

use super::history::History;
use super::history::{Appreciation, Visit};
use super::{has_best_reply, unanswered, Candidate, RuleId, Target};
use crate::dates::UnixSeconds;
use crate::keyed_hash::HashSet;
use crate::model::{Confidence, Item, PageSnapshot, Thread, ThreadKind};
use crate::stats::{is_liked, BusinessHours, NewcomerSource, StatsConfig, DAY, HOUR};

/// What the rules read besides the snapshot.
pub struct RuleInput<'a> {
    pub snapshot: &'a PageSnapshot,
    pub now: UnixSeconds,
    pub hours: &'a BusinessHours,
    /// This page's visit as the local history had it *before* this page view (copy it
    /// before `History::visit` / `History::observe`); `None` on a first view.
    pub previous: Option<&'a Visit>,
    /// The staff named in settings (logins, e-mail addresses or names): the people R16
    /// suggests asking.
    pub staff: &'a [String],
}

impl RuleInput<'_> {
    fn viewer(&self) -> Option<&str> {
        self.snapshot.viewer.key.as_deref()
    }

    fn is_viewer(&self, author: Option<&str>) -> bool {
        author.is_some() && author == self.viewer()
    }

    /// When the viewer last saw this page.
    fn since(&self) -> Option<UnixSeconds> {
        self.previous.filter(|v| v.count > 0).map(|v| v.last_seen)
    }
}

/// Every rule's candidates, in the rules' order (the gate sorts by priority).
pub fn candidates(input: &RuleInput) -> Vec<Candidate> {
    let newcomers = NewcomerSource::new(input.snapshot, &StatsConfig::default(), input.now, None);
    let mut out = Vec::new();
    for thread in &input.snapshot.threads {
        out.extend(r01_first_answer(input, thread));
        out.extend(r02_welcome_newcomer(input, thread, &newcomers));
        out.extend(r03_thank_you_loop(input, thread));
        out.extend(r04_mark_best_reply(input, thread));
        out.extend(r05_revive_question(input, thread));
        out.extend(r09_someone_answered(input, thread));
        out.extend(r10_add_a_perspective(input, thread));
        out.extend(r15_tidy_old_question(input, thread));
        out.extend(r16_ask_someone(input, thread));
        out.extend(r17_answer_your_readers(input, thread));
    }
    out.extend(r11_like_is_a_thanks(input));
    out.extend(r14_contribution_helped(input));
    out.extend(r20_catch_up(input));
    out
}

/// The item `item` replies to: its parent, else (a flat question or discussion) the
/// thread's opener; a top-level comment replies to nothing.
fn replied_to<'t>(thread: &'t Thread, item: &'t Item) -> Option<&'t str> {
    match (item.parent.as_deref(), thread.kind) {
        (Some(p), _) => Some(p),
        (None, ThreadKind::Comments) => None,
        (None, _) => root(thread)
            .map(|r| r.id.as_str())
            .filter(|r| *r != item.id),
    }
}

fn author_of<'t>(thread: &'t Thread, id: &str) -> Option<&'t str> {
    thread
        .items
        .iter()
        .find(|i| i.id == id)
        .and_then(|i| i.author.as_deref())
}

/// Replies (not openers) by others to one of the viewer's items.
fn replies_to_viewer<'t>(
    input: &'t RuleInput,
    thread: &'t Thread,
) -> impl Iterator<Item = &'t Item> {
    thread
        .items
        .iter()
        .skip(usize::from(thread.kind != ThreadKind::Comments))
        .filter(|i| !input.is_viewer(i.author.as_deref()))
        .filter(|i| replied_to(thread, i).is_some_and(|p| input.is_viewer(author_of(thread, p))))
}

/// Whether `viewer` liked `item`: `None` when the page cannot tell (it shows more likes
/// than likers' names, and the viewer is not among those shown).
fn liked_by(item: &Item, viewer: &str) -> Option<bool> {
    if item.likers.iter().any(|l| l == viewer) {
        Some(true)
    } else if (item.likers.len() as u64) < item.likes {
        None
    } else {
        Some(false)
    }
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

/// R02 welcome a newcomer: a question or discussion opened by a newcomer (M32), with no
/// reply, an hour old or more. Newcomer status comes only from what the page shows (a
/// members page's counts or join date for the opener, through [`NewcomerSource`]),
/// never from the local-history fallback, which would mean keeping a record of
/// colleagues. A thread page shows neither, so there R02 stays quiet: an unknown status
/// never counts as new.
fn r02_welcome_newcomer(
    input: &RuleInput,
    thread: &Thread,
    newcomers: &NewcomerSource,
) -> Option<Candidate> {
    let root = root(thread)?;
    let author = root.author.as_deref()?;
    let status = newcomers.status(author)?;
    (thread.kind != ThreadKind::Comments
        && status.newcomer
        && !status.weak
        && unanswered(thread)
        && age(input, root)? >= HOUR)
        .then(|| about_thread(RuleId::R02, thread, Some(author)))
}

/// R03 close the thank-you loop: someone else replied to one of the viewer's items an
/// hour ago or more, and the viewer has neither liked that reply nor answered it (no
/// reply to it, nothing posted in the thread after it). Where the page shows more likes
/// than likers, whether the viewer liked it is unknown and R03 stays quiet. The newest
/// such reply of each thread.
fn r03_thank_you_loop(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let viewer = input.viewer()?;
    let answered = |reply: &Item| {
        let at = reply.created.map(|t| t.utc);
        thread.items.iter().any(|i| {
            input.is_viewer(i.author.as_deref())
                && (i.parent.as_deref() == Some(reply.id.as_str()) || i.created.map(|t| t.utc) > at)
        })
    };
    let reply = replies_to_viewer(input, thread)
        .filter(|i| age(input, i).is_some_and(|a| a >= HOUR))
        .filter(|i| liked_by(i, viewer) == Some(false))
        .filter(|i| !answered(i))
        .max_by_key(|i| i.created.map(|t| t.utc))?;
    Some(Candidate {
        rule: RuleId::R03,
        object: reply.id.clone(),
        target: Target::Item(reply.id.clone()),
        author: None,
    })
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
    let since = input.since()?;
    input.viewer()?;
    let reply = replies_to_viewer(input, thread)
        .filter(|i| i.created.is_some_and(|t| t.utc > since))
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

/// R11 a like is a thanks: the viewer is back on this page (a second view or more) and
/// has never liked anything here, neither at an earlier reading (history) nor on the
/// page now. Only where that is known: the viewer identified reliably (a guessed key
/// could miss their likes), and every like on the page listed with its liker's name (a
/// count above the names shown could hide the viewer's). Points at what the viewer
/// comes back to: the first question's or discussion's best reply, else its opener;
/// the gate refuses it if that is the viewer's own. A comment section has no such post
/// (the page's own like button is not a target yet), so R11 stays quiet there.
fn r11_like_is_a_thanks(input: &RuleInput) -> Option<Candidate> {
    let previous = input.previous.filter(|v| v.count > 0)?;
    let viewer = input.viewer()?;
    let s = input.snapshot;
    if s.viewer.confidence != Confidence::High || previous.liked_here {
        return None;
    }
    let mut items = s
        .threads
        .iter()
        .flat_map(|t| &t.items)
        .chain(&s.loose_items);
    if !items.all(|i| liked_by(i, viewer) == Some(false)) {
        return None;
    }
    let thread = s.threads.iter().find(|t| t.kind != ThreadKind::Comments)?;
    let best = thread
        .best_reply
        .as_deref()
        .and_then(|id| thread.items.iter().find(|i| i.id == id));
    let item = best.or_else(|| root(thread))?;
    Some(Candidate {
        rule: RuleId::R11,
        object: item.id.clone(),
        target: Target::Item(item.id.clone()),
        author: item.author.clone(),
    })
}

/// R14 your contribution helped: since the viewer's last visit, their replies and
/// comments got more likes, or one became a best reply (totals compared with the ones
/// the history recorded then: R14 needs that earlier reading). Points at the viewer's
/// best reply when that is what changed, else at their most liked reply. Recognition,
/// never a count: the nudge does not say how many.
fn r14_contribution_helped(input: &RuleInput) -> Option<Candidate> {
    let before = input.previous.filter(|v| v.count > 0)?.own_appreciation?;
    let viewer = input.viewer()?;
    let now = Appreciation::of(input.snapshot, viewer);
    let mine = || {
        input.snapshot.threads.iter().flat_map(|t| {
            let skip = usize::from(t.kind != ThreadKind::Comments);
            t.items
                .iter()
                .skip(skip)
                .filter(|i| input.is_viewer(i.author.as_deref()))
                .map(move |i| (t, i))
        })
    };
    let item = if now.best_replies > before.best_replies {
        mine()
            .filter(|(t, i)| t.best_reply.as_deref() == Some(i.id.as_str()))
            .map(|(_, i)| i)
            .max_by_key(|i| i.created.map(|t| t.utc))?
    } else if now.likes > before.likes {
        mine()
            .map(|(_, i)| i)
            .filter(|i| i.likes > 0)
            .max_by_key(|i| (i.likes, i.created.map(|t| t.utc)))?
    } else {
        return None;
    };
    Some(Candidate {
        rule: RuleId::R14,
        object: item.id.clone(),
        target: Target::Item(item.id.clone()),
        author: None,
    })
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

/// R16 ask someone specific: the viewer's question, still with no reply after 72 working
/// hours, and someone to ask: staff named in settings or shown by the page. The
/// research file does not list R16 among the self-sensitive rules, but it is about the
/// viewer's own question, so like R05 it needs a reliable identity (self-directed).
fn r16_ask_someone(input: &RuleInput, thread: &Thread) -> Option<Candidate> {
    let root = root(thread)?;
    let asked = root.created?.utc;
    let someone = !input.staff.is_empty() || !input.snapshot.staff.is_empty();
    (thread.kind == ThreadKind::Question
        && someone
        && input.is_viewer(root.author.as_deref())
        && unanswered(thread)
        && input.hours.business_seconds_between(asked, input.now) >= 72 * HOUR)
        .then(|| about_thread(RuleId::R16, thread, None))
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
    let since = input.since()?;
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

/// R07 the community's rules at a first contribution: the employee starts writing on a
/// site (`origin`) where the local history has never seen them reply, and a charter is
/// configured. About the site, once (its object is the origin), pointing at the field
/// being written in. Unlike the other rules it is asked when a composer gets the focus,
/// not after a reading (see `view::PageView::decide_while_writing`).
pub fn r07_first_contribution(
    history: &History,
    origin: &str,
    charter_configured: bool,
) -> Option<Candidate> {
    let replied_on_site = history
        .visits
        .iter()
        .any(|(page, v)| v.replied_here && same_site(page, origin));
    (charter_configured && !replied_on_site).then(|| Candidate {
        rule: RuleId::R07,
        object: origin.to_owned(),
        target: Target::Composer,
        author: None,
    })
}

/// Where the focus is in a new-thread form when its draft is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftField {
    Title,
    Body,
    /// Another control of the form (the "Question" box, a category…).
    Other,
}

/// A new thread being written, read from its form at a pause in typing. It lives for
/// one decision and is dropped: never stored, logged or sent (the history keeps the
/// rule, the object — the form's page or an existing thread's id — and times).
#[derive(Clone, Copy, Debug)]
pub struct ThreadDraft<'a> {
    pub title: &'a str,
    pub body: &'a str,
    /// The form's "Question" box; `None` when the form has none.
    pub question: Option<bool>,
    pub focus: DraftField,
}

/// A thread already on the page, as R19 compares a new title with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageThread {
    pub id: String,
    pub title: String,
    /// Who started it: R19 is never about the viewer's own thread (gate rule 6).
    pub author: Option<String>,
}

impl PageThread {
    /// The page's questions and discussions that have a title (comments under a news
    /// page are not threads one could duplicate).
    pub fn of(snapshot: &PageSnapshot) -> Vec<PageThread> {
        snapshot
            .threads
            .iter()
            .filter(|t| t.kind != ThreadKind::Comments)
            .filter_map(|t| {
                Some(PageThread {
                    id: t.id.clone(),
                    title: t.title.clone().filter(|x| !x.trim().is_empty())?,
                    author: root(t).and_then(|i| i.author.clone()),
                })
            })
            .collect()
    }
}

/// R06: a question's title with fewer words than this rarely says what is asked
/// ("Problème VPN", "Imprimante ?"); four words is the shortest that names a thing and
/// what goes wrong with it ("Le VPN coupe souvent").
pub const ASK_MIN_TITLE_WORDS: usize = 4;
/// R06: a question's body with fewer words than this gives no context: fifteen words is
/// about one sentence of what was tried, where, or what for, the least a reader needs to
/// answer without asking back.
pub const ASK_MIN_BODY_WORDS: usize = 15;

/// Words as a reader counts them: runs of text with a letter or digit (a lone "?" or
/// "–" is not a word).
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// R06 ask well: a new question (the "Question" box ticked, or a "?" in it) whose title
/// or body is short, or a ticked question with no "?" anywhere. Each part is judged
/// once the employee has moved on from it, since while it is being typed every part is
/// short: nothing while the focus is in the title; the title only, while it is in the
/// body; everything once it is on another control of the form (the "Question" box,
/// after or before the body: a question without a body is the one that most needs
/// context). The object is the form's page (address without query or fragment): once
/// per form.
pub fn r06_ask_well(draft: &ThreadDraft, page: &str) -> Option<Candidate> {
    let (title, body) = (word_count(draft.title), word_count(draft.body));
    if title + body == 0 {
        return None;
    }
    let marked = draft.title.contains('?') || draft.body.contains('?');
    let ticked = draft.question == Some(true);
    if !ticked && !marked {
        // A discussion or an announcement: R06 is about questions.
        return None;
    }
    let short_title = title < ASK_MIN_TITLE_WORDS;
    let short = match draft.focus {
        DraftField::Title => false,
        DraftField::Body => short_title,
        DraftField::Other => short_title || body < ASK_MIN_BODY_WORDS || !marked,
    };
    short.then(|| Candidate {
        rule: RuleId::R06,
        object: page.split(['?', '#']).next().unwrap_or(page).to_owned(),
        target: Target::Composer,
        author: None,
    })
}

/// R19: at least this many significant words in common, on top of the shared
/// similarity measure: one shared word ("imprimante", "VPN") names a topic, not the
/// same question, and a title being typed reaches 30 % overlap with a single word.
pub const DUPLICATE_MIN_SHARED_WORDS: usize = 2;
/// R19 proposes at most this many existing threads, most similar first (the gate shows
/// the first it lets through: not the viewer's own, not dismissed).
const DUPLICATE_MAX_CANDIDATES: usize = 3;

/// R19 reply instead of duplicating: the new title is close to an existing thread's on
/// the page ([`super::similar`], the measure H8 uses, and two significant words in
/// common). One candidate per such thread, most similar first; each is about the
/// existing thread, which the card's button shows.
pub fn r19_similar_threads(title: &str, threads: &[PageThread]) -> Vec<Candidate> {
    use super::similar::{title_words, Overlap};
    let words = title_words(title);
    if words.len() < DUPLICATE_MIN_SHARED_WORDS {
        return Vec::new();
    }
    let mut close: Vec<(f64, &PageThread)> = threads
        .iter()
        .filter_map(|t| {
            let overlap = Overlap::of(&words, &title_words(&t.title));
            (overlap.similar() && overlap.shared >= DUPLICATE_MIN_SHARED_WORDS)
                .then(|| (overlap.jaccard(), t))
        })
        .collect();
    // Most similar first; among equals, page order (the sort is stable).
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    close
        .into_iter()
        .take(DUPLICATE_MAX_CANDIDATES)
        .map(|(_, t)| Candidate {
            rule: RuleId::R19,
            object: t.id.clone(),
            target: Target::Thread(t.id.clone()),
            author: t.author.clone(),
        })
        .collect()
}

/// `page` is on the site `origin` ("https://intra.example.com"): the same scheme, host
/// and port, not merely the same prefix.
fn same_site(page: &str, origin: &str) -> bool {
    page.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Viewer};
    use crate::stats::test_support::{item, reply, snapshot, thread, MON};

    const ME: &str = "me";

    fn visit_at(last_seen: UnixSeconds) -> Visit {
        Visit {
            count: 1,
            last_seen,
            ..Visit::default()
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
        rules_with(s, now, previous.map(visit_at).as_ref(), &[])
    }

    fn rules_with(
        s: &PageSnapshot,
        now: UnixSeconds,
        previous: Option<&Visit>,
        staff: &[String],
    ) -> Vec<(RuleId, String)> {
        let hours = BusinessHours::default();
        candidates(&RuleInput {
            snapshot: s,
            now,
            hours: &hours,
            previous,
            staff,
        })
        .into_iter()
        .map(|c| (c.rule, c.object))
        .collect()
    }

    /// The candidates of one rule.
    fn only(rule: RuleId, got: Vec<(RuleId, String)>) -> Vec<String> {
        got.into_iter()
            .filter(|(r, _)| *r == rule)
            .map(|(_, o)| o)
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

    fn member(key: &str, discussions: u64, replies: u64) -> crate::model::MemberStats {
        crate::model::MemberStats {
            key: key.into(),
            discussions,
            replies,
            best_replies: 0,
            joined: None,
            last_activity: None,
        }
    }

    #[test]
    fn r02_a_newcomers_thread_only_where_the_page_says_so() {
        let mut s = page(vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![item("r", "nina", MON)],
        )]);
        // A thread page alone: nobody's status is known, R02 stays quiet.
        assert!(only(RuleId::R02, rules_of(&s, MON + 2 * HOUR, None)).is_empty());
        s.members = vec![member("nina", 1, 0), member("old", 40, 120)];
        assert_eq!(only(RuleId::R02, rules_of(&s, MON + 2 * HOUR, None)), ["d"]);
        assert!(
            only(RuleId::R02, rules_of(&s, MON + 30 * 60, None)).is_empty(),
            "under an hour"
        );
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("a", "bob", "r", MON + HOUR));
        assert!(only(RuleId::R02, rules_of(&answered, MON + 2 * HOUR, None)).is_empty());
        let mut regular = s.clone();
        regular.threads[0].items[0].author = Some("old".into());
        assert!(only(RuleId::R02, rules_of(&regular, MON + 2 * HOUR, None)).is_empty());
        let mut staff = s.clone();
        staff.staff = vec!["nina".into()];
        assert!(
            only(RuleId::R02, rules_of(&staff, MON + 2 * HOUR, None)).is_empty(),
            "staff are never newcomers"
        );
        // The viewer's own first thread: proposed with its author, the gate refuses it.
        let hours = BusinessHours::default();
        let mut own = s.clone();
        own.members.push(member(ME, 0, 0));
        own.threads[0].items[0].author = Some(ME.into());
        let c = candidates(&RuleInput {
            snapshot: &own,
            now: MON + 2 * HOUR,
            hours: &hours,
            previous: None,
            staff: &[],
        });
        let r02 = c.iter().find(|c| c.rule == RuleId::R02).unwrap();
        assert_eq!(r02.author.as_deref(), Some(ME));
    }

    #[test]
    fn r03_a_reply_to_the_viewer_not_yet_thanked() {
        let s = page(vec![thread(
            "d",
            ThreadKind::Discussion,
            vec![
                item("r", ME, MON),
                reply("a", "bob", "r", MON + HOUR),
                reply("b", "cy", "a", MON + 2 * HOUR),
            ],
        )]);
        assert_eq!(only(RuleId::R03, rules_of(&s, MON + 3 * HOUR, None)), ["a"]);
        assert!(
            only(RuleId::R03, rules_of(&s, MON + HOUR + 1800, None)).is_empty(),
            "under an hour"
        );
        // Liked by the viewer, or the like count hides who liked it.
        let mut thanked = s.clone();
        thanked.threads[0].items[1].likes = 1;
        thanked.threads[0].items[1].likers = vec![ME.into()];
        assert!(only(RuleId::R03, rules_of(&thanked, MON + 3 * HOUR, None)).is_empty());
        let mut unknown = s.clone();
        unknown.threads[0].items[1].likes = 3;
        unknown.threads[0].items[1].likers = vec!["cy".into()];
        assert!(only(RuleId::R03, rules_of(&unknown, MON + 3 * HOUR, None)).is_empty());
        let mut liked_by_others = unknown.clone();
        liked_by_others.threads[0].items[1].likes = 1;
        assert_eq!(
            only(
                RuleId::R03,
                rules_of(&liked_by_others, MON + 3 * HOUR, None)
            ),
            ["a"]
        );
        // Answered: a reply to it, or a later post in the thread.
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("m", ME, "a", MON + 90 * 60));
        assert!(only(RuleId::R03, rules_of(&answered, MON + 3 * HOUR, None)).is_empty());
        // Replies to someone else's post are not the viewer's to thank.
        let mut others = s.clone();
        others.threads[0].items[0].author = Some("ann".into());
        assert!(only(RuleId::R03, rules_of(&others, MON + 3 * HOUR, None)).is_empty());
        // Self-directed: the gate needs the identity; without a key, nothing.
        let mut anonymous = s.clone();
        anonymous.viewer = Viewer::default();
        assert!(only(RuleId::R03, rules_of(&anonymous, MON + 3 * HOUR, None)).is_empty());
        assert!(RuleId::R03.self_directed());
    }

    #[test]
    fn r11_a_returning_reader_who_never_liked_here() {
        let s = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", "ann", MON), reply("a", "bob", "r", MON + HOUR)],
        )]);
        let back = visit_at(MON + DAY);
        let now = MON + 2 * DAY;
        assert_eq!(
            only(RuleId::R11, rules_with(&s, now, Some(&back), &[])),
            ["r"]
        );
        // The best reply, when there is one.
        let mut solved = s.clone();
        solved.threads[0].best_reply = Some("a".into());
        assert_eq!(
            only(RuleId::R11, rules_with(&solved, now, Some(&back), &[])),
            ["a"]
        );
        // A first view; a like recorded at an earlier view; a like on the page now.
        assert!(only(RuleId::R11, rules_with(&s, now, None, &[])).is_empty());
        let liked_before = Visit {
            liked_here: true,
            ..back
        };
        assert!(only(RuleId::R11, rules_with(&s, now, Some(&liked_before), &[])).is_empty());
        let mut liked_now = s.clone();
        liked_now.threads[0].items[1].likes = 1;
        liked_now.threads[0].items[1].likers = vec![ME.into()];
        assert!(only(RuleId::R11, rules_with(&liked_now, now, Some(&back), &[])).is_empty());
        // Likes without their likers' names: the viewer's could be among them.
        let mut hidden = s.clone();
        hidden.threads[0].items[1].likes = 2;
        assert!(only(RuleId::R11, rules_with(&hidden, now, Some(&back), &[])).is_empty());
        // A guessed viewer, or a page of comments only.
        let mut guessed = s.clone();
        guessed.viewer.confidence = Confidence::Low;
        assert!(only(RuleId::R11, rules_with(&guessed, now, Some(&back), &[])).is_empty());
        let comments = page(vec![thread(
            "c",
            ThreadKind::Comments,
            vec![item("a", "bob", MON)],
        )]);
        assert!(only(RuleId::R11, rules_with(&comments, now, Some(&back), &[])).is_empty());
    }

    #[test]
    fn r14_the_viewers_reply_was_appreciated_since_the_last_visit() {
        let s = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![
                item("r", "ann", MON),
                crate::stats::test_support::liked(reply("a", ME, "r", MON + HOUR), 2),
                reply("b", ME, "r", MON + 2 * HOUR),
            ],
        )]);
        let seen = |likes, best_replies| Visit {
            own_appreciation: Some(Appreciation {
                likes,
                best_replies,
            }),
            ..visit_at(MON + DAY)
        };
        let now = MON + 2 * DAY;
        assert_eq!(
            only(RuleId::R14, rules_with(&s, now, Some(&seen(1, 0)), &[])),
            ["a"]
        );
        assert!(only(RuleId::R14, rules_with(&s, now, Some(&seen(2, 0)), &[])).is_empty());
        // Marked best since: points at the best reply.
        let mut best = s.clone();
        best.threads[0].best_reply = Some("b".into());
        assert_eq!(
            only(RuleId::R14, rules_with(&best, now, Some(&seen(2, 0)), &[])),
            ["b"]
        );
        // No earlier reading, a first view, or an unknown viewer.
        assert!(only(RuleId::R14, rules_with(&s, now, Some(&visit_at(MON)), &[])).is_empty());
        assert!(only(RuleId::R14, rules_with(&s, now, None, &[])).is_empty());
        let mut anonymous = s.clone();
        anonymous.viewer = Viewer::default();
        assert!(only(
            RuleId::R14,
            rules_with(&anonymous, now, Some(&seen(0, 0)), &[])
        )
        .is_empty());
        // Likes on someone else's reply are not the viewer's.
        let mut others = s.clone();
        others.threads[0].items[1].author = Some("bob".into());
        assert!(only(
            RuleId::R14,
            rules_with(&others, now, Some(&seen(0, 0)), &[])
        )
        .is_empty());
    }

    #[test]
    fn r16_ask_someone_when_the_question_waits_and_staff_are_named() {
        let s = page(vec![thread(
            "q",
            ThreadKind::Question,
            vec![item("r", ME, MON)],
        )]);
        let staff = ["nadia@contoso.fr".to_string()];
        // Mon 00:00 to Thu 18:30 is 40 working hours, to the next Wednesday 18:30: 80.
        let late = MON + 9 * DAY + 18 * HOUR + 1800;
        assert_eq!(only(RuleId::R16, rules_with(&s, late, None, &staff)), ["q"]);
        assert!(
            only(RuleId::R16, rules_with(&s, MON + 6 * DAY, None, &staff)).is_empty(),
            "50 working hours"
        );
        assert!(
            only(RuleId::R16, rules_with(&s, late, None, &[])).is_empty(),
            "nobody named to ask"
        );
        let mut shown_staff = s.clone();
        shown_staff.staff = vec!["id:7".into()];
        assert_eq!(
            only(RuleId::R16, rules_with(&shown_staff, late, None, &[])),
            ["q"]
        );
        let mut answered = s.clone();
        answered.threads[0]
            .items
            .push(reply("a", "bob", "r", MON + DAY));
        assert!(only(RuleId::R16, rules_with(&answered, late, None, &staff)).is_empty());
        let mut not_mine = s.clone();
        not_mine.threads[0].items[0].author = Some("ann".into());
        assert!(only(RuleId::R16, rules_with(&not_mine, late, None, &staff)).is_empty());
        assert!(RuleId::R16.self_directed());
    }

    #[test]
    fn r07_once_a_site_until_a_first_reply_there() {
        use super::super::history::Visit;
        let origin = "https://intra.example.com";
        let fresh = History::default();
        let c = r07_first_contribution(&fresh, origin, true).unwrap();
        assert_eq!((c.rule, c.object.as_str()), (RuleId::R07, origin));
        assert_eq!(c.target, Target::Composer);
        // No charter configured: nothing to point to.
        assert!(r07_first_contribution(&fresh, origin, false).is_none());
        let mut replied = History::default();
        let visit = |replied_here| Visit {
            count: 1,
            replied_here,
            ..Visit::default()
        };
        replied
            .visits
            .insert(format!("{origin}/sites/rh/page.aspx"), visit(true));
        assert!(r07_first_contribution(&replied, origin, true).is_none());
        // A reply on another site, or on a host that merely starts the same, is not one here.
        let mut elsewhere = History::default();
        elsewhere
            .visits
            .insert(format!("{origin}.evil.test/x"), visit(true));
        elsewhere
            .visits
            .insert("https://other.example.com/x".into(), visit(true));
        elsewhere.visits.insert(format!("{origin}/y"), visit(false));
        assert!(r07_first_contribution(&elsewhere, origin, true).is_some());
    }

    /// A draft the employee has moved on from (the focus on another control of the
    /// form): every part is judged.
    fn draft<'a>(title: &'a str, body: &'a str, question: Option<bool>) -> ThreadDraft<'a> {
        ThreadDraft {
            title,
            body,
            question,
            focus: DraftField::Other,
        }
    }

    const FORM: &str = "http://127.0.0.1:4000/discussion-board.html?Source=x#new";
    const CONTEXT: &str = "Depuis lundi, le VPN se coupe toutes les dix minutes sur mon portable \
        Windows 11, au bureau comme chez moi. J'ai déjà réinstallé le client.";

    #[test]
    fn r06_a_short_or_unmarked_question() {
        let long_title = "Le VPN se coupe toutes les dix minutes ?";
        // A precise question with context: nothing to say.
        assert!(r06_ask_well(&draft(long_title, CONTEXT, Some(true)), FORM).is_none());
        // Short title, short body, ticked question without "?": each is enough.
        let c = r06_ask_well(&draft("VPN ?", CONTEXT, Some(true)), FORM).unwrap();
        assert_eq!(c.rule, RuleId::R06);
        assert_eq!(c.object, "http://127.0.0.1:4000/discussion-board.html");
        assert_eq!((c.target, c.author), (Target::Composer, None));
        assert!(r06_ask_well(&draft(long_title, "Une idée ?", Some(true)), FORM).is_some());
        let unmarked = "Le VPN se coupe toutes les dix minutes";
        assert!(r06_ask_well(&draft(unmarked, CONTEXT, Some(true)), FORM).is_some());
        // Without a "Question" box, a "?" makes it a question.
        assert!(r06_ask_well(&draft("VPN ?", "", None), FORM).is_some());
        // Not a question (box not ticked, no "?"): a discussion, R06 says nothing.
        assert!(r06_ask_well(&draft("Pot de départ", "", Some(false)), FORM).is_none());
        assert!(r06_ask_well(&draft("Pot de départ", "", None), FORM).is_none());
        // A lone "?" is no word; nothing typed, nothing judged.
        assert!(r06_ask_well(&draft(" ? ", "", Some(true)), FORM).is_none());
        assert!(r06_ask_well(&draft("", "", Some(true)), FORM).is_none());
        // Each part once the employee has moved on from it: nothing while in the title,
        // the title only while in the body.
        let at = |focus, d: ThreadDraft<'static>| ThreadDraft { focus, ..d };
        let short_title = draft("VPN", "", Some(true));
        assert!(r06_ask_well(&at(DraftField::Title, short_title), FORM).is_none());
        assert!(r06_ask_well(&at(DraftField::Body, short_title), FORM).is_some());
        let short_body = draft(long_title, "Une idée ?", Some(true));
        assert!(r06_ask_well(&at(DraftField::Body, short_body), FORM).is_none());
        assert!(r06_ask_well(&at(DraftField::Other, short_body), FORM).is_some());
        let unmarked = draft(unmarked, CONTEXT, Some(true));
        assert!(r06_ask_well(&at(DraftField::Body, unmarked), FORM).is_none());
        // No body at all, once moved on: the question that most needs context.
        assert!(r06_ask_well(&draft(long_title, "", Some(true)), FORM).is_some());
        // The thresholds, exactly.
        let three = "Le VPN coupe ?";
        let four = "Le VPN coupe souvent ?";
        let fifteen =
            "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze";
        assert!(r06_ask_well(&draft(three, fifteen, Some(true)), FORM).is_some());
        assert!(r06_ask_well(&draft(four, fifteen, Some(true)), FORM).is_none());
        let fourteen = fifteen.rsplit_once(' ').unwrap().0;
        assert!(r06_ask_well(&draft(four, fourteen, Some(true)), FORM).is_some());
    }

    fn page_threads() -> Vec<PageThread> {
        let t = |id: &str, title: &str, author: &str| PageThread {
            id: id.into(),
            title: title.into(),
            author: Some(author.into()),
        };
        vec![
            t(
                "41",
                "Synchronisation OneDrive impossible depuis la migration",
                "id:12",
            ),
            t("38", "Teams ou e-mail pour les demandes urgentes ?", "id:7"),
            t(
                "36",
                "Un modèle de compte rendu de réunion partagé",
                "id:22",
            ),
            t(
                "30",
                "OneDrive : synchronisation bloquée sur un poste d’atelier",
                "id:14",
            ),
        ]
    }

    #[test]
    fn r19_a_title_close_to_an_existing_thread() {
        let threads = page_threads();
        let ids = |title: &str| -> Vec<String> {
            r19_similar_threads(title, &threads)
                .into_iter()
                .map(|c| c.object)
                .collect()
        };
        // Most similar first, each about the existing thread, with its author.
        assert_eq!(ids("Synchronisation OneDrive impossible"), ["41", "30"]);
        let c = &r19_similar_threads("synchronisation onedrive IMPOSSIBLE ?", &threads)[0];
        assert_eq!(c.rule, RuleId::R19);
        assert_eq!(c.target, Target::Thread("41".into()));
        assert_eq!(c.author.as_deref(), Some("id:12"));
        assert_eq!(ids("Modèle de compte rendu de réunion ?"), ["36"]);
        // One word in common is a topic, not the same question; common words do not count.
        assert!(ids("OneDrive").is_empty());
        assert!(ids("OneDrive et Teams sur mobile").is_empty());
        assert!(ids("Comment faire pour les demandes de congés ?").is_empty());
        assert!(ids("").is_empty());
        assert!(r19_similar_threads("Synchronisation OneDrive", &[]).is_empty());
    }

    #[test]
    fn r19_compares_titled_questions_and_discussions_only() {
        let mut s = snapshot(vec![
            thread("q", ThreadKind::Question, vec![item("r", "ann", MON)]),
            thread("c", ThreadKind::Comments, vec![item("k", "bob", MON)]),
            thread("u", ThreadKind::Discussion, vec![item("u1", "cy", MON)]),
        ]);
        s.threads[0].title = Some("Synchronisation OneDrive impossible".into());
        s.threads[1].title = Some("Synchronisation OneDrive impossible".into());
        assert_eq!(
            PageThread::of(&s),
            [PageThread {
                id: "q".into(),
                title: "Synchronisation OneDrive impossible".into(),
                author: Some("ann".into()),
            }]
        );
    }
}
