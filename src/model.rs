//! Plain data shared by every part of the core. No browser types here: these values are
//! produced by the adapters, read by the overlay, and cross the JS boundary as JSON.

use serde::{Deserialize, Serialize};

/// The kinds of page Animateur recognises. The string forms are part of the overlay
/// contract (`data-page-kind`), so they never change once published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PageKind {
    #[serde(rename = "sp-modern-page")]
    SpModernPage,
    #[serde(rename = "sp-classic-discussion-list")]
    SpClassicDiscussionList,
    #[serde(rename = "sp-classic-discussion-thread")]
    SpClassicDiscussionThread,
    #[serde(rename = "sp-community-members")]
    SpCommunityMembers,
    #[serde(rename = "sp-classic-newsfeed")]
    SpClassicNewsfeed,
    #[serde(rename = "sp-classic-blog")]
    SpClassicBlog,
    #[serde(rename = "sp-list-view")]
    SpListView,
    #[serde(rename = "unknown")]
    Unknown,
}

impl PageKind {
    pub const ALL: [PageKind; 8] = [
        PageKind::SpModernPage,
        PageKind::SpClassicDiscussionList,
        PageKind::SpClassicDiscussionThread,
        PageKind::SpCommunityMembers,
        PageKind::SpClassicNewsfeed,
        PageKind::SpClassicBlog,
        PageKind::SpListView,
        PageKind::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::SpModernPage => "sp-modern-page",
            PageKind::SpClassicDiscussionList => "sp-classic-discussion-list",
            PageKind::SpClassicDiscussionThread => "sp-classic-discussion-thread",
            PageKind::SpCommunityMembers => "sp-community-members",
            PageKind::SpClassicNewsfeed => "sp-classic-newsfeed",
            PageKind::SpClassicBlog => "sp-classic-blog",
            PageKind::SpListView => "sp-list-view",
            PageKind::Unknown => "unknown",
        }
    }
}

/// What the foundation overlay reports about a page (the `data-json` of the snapshot
/// element). `page_likes` and `views` are `None` when the page shows no such count:
/// "not shown" must stay distinguishable from "zero".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageSummary {
    pub page_kind: PageKind,
    /// Discussion threads on the page; a modern page's comment section counts as one.
    pub threads: u64,
    /// Contributions: roots, replies, comments — never the page or blog post itself.
    pub items: u64,
    /// Distinct authors of the counted items.
    pub contributors: u64,
    /// Sum of the likes shown on items.
    pub item_likes: u64,
    pub page_likes: Option<u64>,
    pub views: Option<u64>,
}

/// Where a page's published figures come from (`source` in `data-json`): the page's
/// DOM alone, or SharePoint's REST comment tree merged with it. Lets a community
/// manager tell "the page showed 3 comments" from "the site has 3 comments".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    #[serde(rename = "dom")]
    Dom,
    #[serde(rename = "rest+dom")]
    RestDom,
}

impl PageSummary {
    pub fn empty(page_kind: PageKind) -> Self {
        PageSummary {
            page_kind,
            threads: 0,
            items: 0,
            contributors: 0,
            item_likes: 0,
            page_likes: None,
            views: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_strings_match_serde_names() {
        for kind in PageKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn summary_uses_the_overlay_contract_field_names() {
        let mut s = PageSummary::empty(PageKind::SpClassicBlog);
        s.views = Some(3);
        let v: serde_json::Value = serde_json::to_value(&s).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut expected = vec![
            "pageKind",
            "threads",
            "items",
            "contributors",
            "itemLikes",
            "pageLikes",
            "views",
        ];
        expected.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, expected);
        assert_eq!(v["pageLikes"], serde_json::Value::Null);
        assert_eq!(v["views"], 3);
    }
}

// ---------------------------------------------------------------------------------
// The complete page snapshot (issue 3): what the adapters read and what stats, nudges
// and moderation work from. Author keys are the same opaque strings the summary counts
// by (user id / account name / folded display name); nothing here leaves the browser.

use crate::dates::{PageTime, UnixSeconds};

/// How sure the reader is of who the viewer is. Self-sensitive nudges need `High`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Confidence {
    /// No identity on the page.
    None,
    /// Guessed (e.g. from a display name).
    Low,
    /// Read from a stable id the page exposes (login, user id).
    High,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Viewer {
    pub key: Option<String>,
    pub confidence: Confidence,
}

impl Default for Viewer {
    fn default() -> Self {
        Viewer {
            key: None,
            confidence: Confidence::None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThreadKind {
    /// A question: it can be resolved by a best reply.
    Question,
    /// A discussion thread.
    Discussion,
    /// The comment section of a page or blog post (the page author is the "root").
    Comments,
}

/// One contribution: a root post, a reply or a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Stable id (permalink, post key, REST id); duplicates are already removed.
    pub id: String,
    pub author: Option<String>,
    pub author_name: Option<String>,
    pub created: Option<PageTime>,
    /// Who last modified it and when, where the page shows it (list views' Modified By
    /// and Modified columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<PageTime>,
    /// The item this one replies to (`None` for a thread's root or a top-level comment).
    pub parent: Option<String>,
    pub likes: u64,
    /// Likers' keys, when the page lists them (classic pages show up to 20 names).
    pub likers: Vec<String>,
    /// The item's text, kept in memory for moderation hints; never stored or sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub id: String,
    pub kind: ThreadKind,
    pub title: Option<String>,
    /// For questions and discussions the first item is the root post; for a comment
    /// section every item is a comment or a reply to one.
    pub items: Vec<Item>,
    pub best_reply: Option<String>,
    /// The page says a best reply exists but does not show it (a board's list view).
    #[serde(default)]
    pub best_reply_marked: bool,
    /// Replies the page counts but does not show (a board's list view): part of the
    /// items, and a response by someone, time and author unknown.
    #[serde(default)]
    pub unseen_replies: u64,
}

/// Per-member counts shown by a community members page (the only source for the
/// 90-9-1 profile).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberStats {
    pub key: String,
    pub discussions: u64,
    pub replies: u64,
    pub best_replies: u64,
    pub joined: Option<PageTime>,
    pub last_activity: Option<PageTime>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub title: Option<String>,
    /// The page's (news page, blog post) author, when shown.
    pub author: Option<String>,
    pub published: Option<PageTime>,
    pub views: Option<u64>,
    pub likes: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSnapshot {
    pub kind: PageKind,
    pub page: PageInfo,
    pub threads: Vec<Thread>,
    /// Contributions that are not part of a conversation (rows of a list view).
    #[serde(default)]
    pub loose_items: Vec<Item>,
    pub members: Vec<MemberStats>,
    pub viewer: Viewer,
    /// Owners / moderators shown by the page or listed in settings (author keys).
    pub staff: Vec<String>,
    /// When the snapshot was taken.
    pub taken_at: UnixSeconds,
}

impl PageSnapshot {
    /// Marks as staff the authors on this page that settings name: by key, by login or
    /// e-mail (the end of an `account:` key, claims prefix and all), or by display name;
    /// case and spacing do not matter.
    pub fn add_staff(&mut self, entries: &[String]) {
        let matcher = StaffMatcher::new(entries);
        if matcher.is_empty() {
            return;
        }
        let is_staff = |key: &str, name: Option<&str>| matcher.matches(key, name);
        let mut found: Vec<String> = Vec::new();
        let items = self
            .threads
            .iter()
            .flat_map(|t| &t.items)
            .chain(&self.loose_items);
        for item in items {
            if let Some(key) = &item.author {
                if !found.contains(key) && is_staff(key, item.author_name.as_deref()) {
                    found.push(key.clone());
                }
            }
        }
        for member in &self.members {
            if !found.contains(&member.key) && is_staff(&member.key, None) {
                found.push(member.key.clone());
            }
        }
        for key in found {
            if !self.staff.contains(&key) {
                self.staff.push(key);
            }
        }
    }
}

/// The staff entries of settings (logins, e-mail addresses, display names, keys),
/// matched against a person's key and display name as [`PageSnapshot::add_staff`]
/// does; also for keys that are not authors (likers).
pub struct StaffMatcher {
    wanted: Vec<String>,
}

impl StaffMatcher {
    pub fn new(entries: &[String]) -> Self {
        StaffMatcher {
            wanted: entries
                .iter()
                .map(|e| Self::norm(e))
                .filter(|e| !e.is_empty())
                .collect(),
        }
    }

    fn norm(s: &str) -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty()
    }

    /// By key, by login or e-mail (the end of an `account:` key, claims prefix and
    /// all), or by display name; case and spacing do not matter.
    pub fn matches(&self, key: &str, name: Option<&str>) -> bool {
        let key = key.to_lowercase();
        let login = key
            .strip_prefix("account:")
            .map(|a| a.rsplit('|').next().unwrap_or(a));
        let name = name.map(Self::norm);
        self.wanted
            .iter()
            .any(|w| *w == key || login == Some(w.as_str()) || name.as_deref() == Some(w.as_str()))
    }
}

#[cfg(test)]
mod staff_tests {
    use super::*;

    fn by(id: &str, key: &str, name: &str) -> Item {
        Item {
            id: id.into(),
            author: Some(key.into()),
            author_name: Some(name.into()),
            created: None,
            editor: None,
            modified: None,
            parent: None,
            likes: 0,
            likers: Vec::new(),
            text: None,
        }
    }

    #[test]
    fn staff_named_in_settings_by_login_email_name_or_key() {
        let mut s = PageSnapshot {
            kind: PageKind::SpModernPage,
            page: PageInfo::default(),
            threads: vec![Thread {
                id: "t".into(),
                kind: ThreadKind::Comments,
                title: None,
                items: vec![
                    by(
                        "1",
                        "account:i:0#.f|membership|nadia.benali@contoso.fr",
                        "Nadia Benali",
                    ),
                    by("2", "id:45", "Laura  Chen"),
                    by("3", "id:7", "Karim Haddad"),
                    by("4", "account:i:0#.f|membership|paul@contoso.fr", "Paul"),
                ],
                best_reply: None,
                best_reply_marked: false,
                unseen_replies: 0,
            }],
            loose_items: Vec::new(),
            members: Vec::new(),
            viewer: Viewer::default(),
            staff: vec!["id:7".into()],
            taken_at: 0,
        };
        s.add_staff(&[
            "NADIA.BENALI@contoso.fr".into(),
            " laura chen ".into(),
            "id:7".into(),
            "nobody".into(),
            "".into(),
        ]);
        assert_eq!(
            s.staff,
            vec![
                "id:7".to_string(),
                "account:i:0#.f|membership|nadia.benali@contoso.fr".into(),
                "id:45".into()
            ]
        );
    }
}
