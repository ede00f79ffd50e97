//! Snapshot builders for the metric tests. Times are given as instants; the base is a
//! Monday at 00:00 UTC so business-hour expectations can be worked out by hand.

use crate::dates::{days_from_civil, PageTime};
use crate::model::{Item, PageInfo, PageKind, PageSnapshot, Thread, ThreadKind, Viewer};

pub(crate) use super::{DAY, HOUR};

/// 2026-01-05 00:00 UTC, a Monday.
pub(crate) const MON: i64 = days_from_civil(2026, 1, 5) * DAY;
pub(crate) const MINUTE: i64 = 60;

pub(crate) fn item(id: &str, author: &str, utc: i64) -> Item {
    Item {
        id: id.into(),
        author: Some(author.into()),
        author_name: None,
        created: Some(PageTime {
            utc,
            approximate: false,
        }),
        editor: None,
        modified: None,
        parent: None,
        likes: 0,
        likers: Vec::new(),
        text: None,
    }
}

pub(crate) fn reply(id: &str, author: &str, parent: &str, utc: i64) -> Item {
    Item {
        parent: Some(parent.into()),
        ..item(id, author, utc)
    }
}

pub(crate) fn undated(mut it: Item) -> Item {
    it.created = None;
    it
}

pub(crate) fn approximate(mut it: Item) -> Item {
    if let Some(t) = it.created.as_mut() {
        t.approximate = true;
    }
    it
}

pub(crate) fn anonymous(mut it: Item) -> Item {
    it.author = None;
    it
}

pub(crate) fn liked(mut it: Item, likes: u64) -> Item {
    it.likes = likes;
    it
}

pub(crate) fn thread(id: &str, kind: ThreadKind, items: Vec<Item>) -> Thread {
    Thread {
        id: id.into(),
        kind,
        title: None,
        items,
        best_reply: None,
        best_reply_marked: false,
        unseen_replies: 0,
    }
}

pub(crate) fn snapshot(threads: Vec<Thread>) -> PageSnapshot {
    PageSnapshot {
        kind: PageKind::SpClassicDiscussionList,
        page: PageInfo::default(),
        threads,
        loose_items: Vec::new(),
        members: Vec::new(),
        viewer: Viewer::default(),
        staff: Vec::new(),
        taken_at: MON,
    }
}
