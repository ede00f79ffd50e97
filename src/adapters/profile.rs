//! The schema of a selector profile: how one kind of page is read, as data. Built-in
//! profiles live in `profiles.json` beside this file; later, IT can add profiles for
//! other intranet tools through policy, which is why unknown fields are refused and
//! every selector is checked before use rather than trusted.

use crate::model::PageKind;
use regex_lite::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileFile {
    #[serde(rename = "$comment", default)]
    pub comment: Option<String>,
    /// Pages matching this selector (or whose URL asks for edit mode) show nothing:
    /// authors editing a page are not its audience.
    pub edit_mode: String,
    pub profiles: Vec<Profile>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub kind: PageKind,
    /// Any match means the page is of this kind (profiles are tried in order).
    pub detect: String,
    /// Each match is one discussion thread.
    #[serde(default)]
    pub thread: Option<String>,
    pub item: ItemRule,
    /// The page's own like count, when the page shows one.
    #[serde(default)]
    pub page_likes: Option<String>,
    /// The page's view count, when the page shows one.
    #[serde(default)]
    pub views: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemRule {
    #[serde(rename = "$comment", default)]
    pub comment: Option<String>,
    /// Each match is one element carrying contributions.
    pub css: String,
    /// How many contributions the element itself stands for (0 for a member card, whose
    /// contributions are only counted through `extra_items`).
    #[serde(default = "one")]
    pub self_count: u64,
    /// A stable id, so that the same contribution shown twice counts once.
    #[serde(default)]
    pub id: Option<IdRule>,
    #[serde(default)]
    pub author: Option<AuthorRule>,
    #[serde(default)]
    pub likes: Option<NumberRule>,
    /// Numbers inside the element that stand for further contributions not on the page
    /// (a discussion's reply count in a list view, a member's posts).
    #[serde(default)]
    pub extra_items: Vec<NumberRule>,
    /// Numbers inside the element that stand for threads (a member's discussions).
    #[serde(default)]
    pub extra_threads: Vec<NumberRule>,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdRule {
    /// Where the id is: a descendant of the item, or the item itself when absent.
    #[serde(default)]
    pub css: Option<String>,
    pub attr: String,
    /// The first capture group is the id; the whole attribute when absent.
    #[serde(default, with = "optional_regex")]
    pub pattern: Option<Regex>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorRule {
    pub css: String,
    pub from: AuthorSource,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AuthorSource {
    /// The link's target identifies the person (user id or account name); the display
    /// name is only a fallback, since two colleagues can share one.
    Href,
    Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberRule {
    pub css: String,
    /// Which of the item's own matches holds the number (0 = first).
    #[serde(default)]
    pub nth: usize,
}

mod optional_regex {
    use regex_lite::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        raw.map(|p| Regex::new(&p).map_err(serde::de::Error::custom))
            .transpose()
    }
}
