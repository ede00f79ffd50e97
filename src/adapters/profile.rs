//! The schema of a selector profile: how one kind of page is read, as data. Built-in
//! profiles live in `profiles.json` beside this file; later, IT can add profiles for
//! other intranet tools through policy, which is why unknown fields are refused and
//! every selector is checked before use rather than trusted.

use crate::model::{PageKind, ThreadKind};
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
    pub viewer: ViewerRule,
    pub profiles: Vec<Profile>,
    /// Forms that start a new thread, wherever they appear (a board's own page or a
    /// standalone "new item" page): the composer rules R06 and R19 read their draft.
    #[serde(default)]
    pub thread_forms: Vec<ThreadFormRule>,
}

/// A form that starts a new thread: where its title, its body and its "Question" box
/// are. A field is in such a form when its nearest `form` ancestor holds both a `title`
/// and a `body` (other lists' forms, which share the container, lack one of them).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThreadFormRule {
    #[serde(rename = "$comment", default)]
    pub comment: Option<String>,
    /// The form's container.
    pub form: String,
    /// The subject field (an `input` or a text area).
    pub title: String,
    /// The body: a text area or an editing host.
    pub body: String,
    /// The box that makes the thread a question, when the form has one.
    #[serde(default)]
    pub question: Option<String>,
}

/// Where the page says who is viewing it. SharePoint pages carry a page-context object
/// in an inline script; a content script cannot read page globals, but it can read the
/// script's text.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViewerRule {
    /// Text that marks the script holding the page context.
    pub script_marker: String,
    #[serde(with = "required_regex")]
    pub user_id: Regex,
    #[serde(with = "required_regex")]
    pub login: Regex,
}

/// Which of the viewer's identifiers matches the author keys this kind of page yields.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ViewerKey {
    /// Classic pages link authors by numeric user id (`userdisp.aspx?ID=`).
    #[default]
    UserId,
    /// Modern pages link authors by account name (`me.aspx?accountname=`).
    Login,
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
    /// `page`: every item belongs to one thread (a classic thread view, where replies
    /// are siblings of the root); `element` (default): an item belongs to the nearest
    /// enclosing `thread` element (or is one, in list views); `none`: no threads.
    #[serde(default)]
    pub thread_scope: ThreadScope,
    pub thread_kind: ThreadKind,
    /// Inside a thread (or anywhere on a `page`-scoped page): marks it as a question.
    #[serde(default)]
    pub question_flag: Option<String>,
    #[serde(default)]
    pub thread_title: Option<String>,
    /// A container holding a copy of the thread's best reply.
    #[serde(default)]
    pub best_reply: Option<String>,
    /// Inside a thread: the page says a best reply exists without showing it (a
    /// board's list view marks resolved questions).
    #[serde(default)]
    pub resolved_flag: Option<String>,
    #[serde(default)]
    pub page_title: Option<String>,
    #[serde(default)]
    pub page_author: Option<AuthorRule>,
    #[serde(default)]
    pub viewer_key: ViewerKey,
    /// Columns known by their header's text (classic list views: column identity is not
    /// in the DOM, only the header order).
    #[serde(default)]
    pub columns: Option<ColumnRule>,
}

/// Maps list columns by header text. A column found this way is read from the row's
/// cell at the header's place, in addition to the item rule's own selector (which then
/// only needs to cover pages that name their cells, such as modern lists).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ColumnRule {
    /// The header cells, in column order.
    pub header: String,
    /// A row's cells; `:nth-child(n)` is appended to pick one.
    pub cell: String,
    /// The person link inside a people cell.
    pub person: String,
    /// Header texts of each column read (compared ignoring case and spacing).
    pub created_by: Vec<String>,
    #[serde(default)]
    pub modified_by: Vec<String>,
    #[serde(default)]
    pub created: Vec<String>,
    #[serde(default)]
    pub modified: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ThreadScope {
    #[default]
    Element,
    Page,
    /// The items are not conversation posts: list rows (loose items) or member cards
    /// (whose counts become `members`).
    None,
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
    /// A number inside the element counting best replies among its contributions (a
    /// member's best replies).
    #[serde(default)]
    pub best_replies: Option<NumberRule>,
    /// Who last modified the item (list views' Modified By).
    #[serde(default)]
    pub editor: Option<AuthorRule>,
    /// When the item was last modified.
    #[serde(default)]
    pub modified: Option<ValueRule>,
    /// Where the item's date is printed (localized text, see `crate::dates`).
    #[serde(default)]
    pub date: Option<ValueRule>,
    /// The printed date is the thread's last activity (a board's list view), so it is
    /// the item's own date only while the item has no replies.
    #[serde(default)]
    pub date_is_last_activity: bool,
    /// An explicit "in reply to" link giving the parent's id.
    #[serde(default)]
    pub reply_to: Option<IdRule>,
    /// Replies are nested inside their parent item (modern comments).
    #[serde(default)]
    pub nested: bool,
    /// Likers' names, one per line (classic likes carry them in a `title`).
    #[serde(default)]
    pub likers: Option<ValueRule>,
    /// The item's text (kept in memory for moderation, never stored).
    #[serde(default)]
    pub text: Option<String>,
}

/// A value read from an element inside the item: an attribute when named and present
/// (a full date in a `title` or `datetime`), else the element's text.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValueRule {
    pub css: String,
    #[serde(default)]
    pub attr: Option<String>,
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

mod required_regex {
    use regex_lite::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Regex, D::Error> {
        Regex::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
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

/// The most profiles an organisation may add, and the longest text holding them.
pub const MAX_CUSTOM_PROFILES: usize = 20;
pub const MAX_CUSTOM_PROFILES_LEN: usize = 64 * 1024;

/// Fields whose strings are CSS selectors, wherever they appear in a profile.
const SELECTOR_FIELDS: &[&str] = &[
    "detect",
    "thread",
    "pageLikes",
    "views",
    "questionFlag",
    "threadTitle",
    "bestReply",
    "resolvedFlag",
    "pageTitle",
    "css",
    "header",
    "cell",
    "person",
    "text",
];

/// Profiles an organisation adds for its other intranet tools (setting
/// `customProfiles`: a JSON array of profiles in the built-in format). Each is checked
/// here — unknown fields, bad regular expressions, selectors that cannot be CSS — so a
/// bad one is reported by the settings, not met on a page.
pub fn parse_custom(json: &str) -> Result<Vec<Profile>, String> {
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    if json.len() > MAX_CUSTOM_PROFILES_LEN {
        return Err(format!("longer than {MAX_CUSTOM_PROFILES_LEN} characters"));
    }
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let list = value
        .as_array()
        .ok_or("expected a JSON array of profiles")?;
    if list.len() > MAX_CUSTOM_PROFILES {
        return Err(format!("more than {MAX_CUSTOM_PROFILES} profiles"));
    }
    for (i, entry) in list.iter().enumerate() {
        check_selectors(entry, None).map_err(|e| format!("profile {}: {e}", i + 1))?;
    }
    // From the text, as the built-in profiles are read: one deserializer in the core.
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn check_selectors(value: &serde_json::Value, field: Option<&str>) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check_selectors(v, Some(k))),
        serde_json::Value::Array(list) => list.iter().try_for_each(|v| check_selectors(v, field)),
        serde_json::Value::String(s) if field.is_some_and(|f| SELECTOR_FIELDS.contains(&f)) => {
            selector_syntax(s).map_err(|why| format!("'{s}' is not a CSS selector: {why}"))
        }
        _ => Ok(()),
    }
}

/// A structural check of a selector list without a CSS parser (which would weigh on
/// the wasm core): not empty, no rule or declaration syntax, brackets, parentheses and
/// quotes balanced. What it lets through and the browser still refuses makes that
/// page unreadable with a message, never a broken page.
pub fn selector_syntax(s: &str) -> Result<(), &'static str> {
    if s.trim().is_empty() {
        return Err("empty");
    }
    if s.len() > 1000 {
        return Err("longer than 1000 characters");
    }
    let mut stack = Vec::new();
    let mut quote = None;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (_, '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '}' | ';') => return Err("contains '{', '}' or ';'"),
            (None, '[' | '(') => stack.push(c),
            (None, ']') if stack.pop() != Some('[') => return Err("unbalanced '['"),
            (None, ')') if stack.pop() != Some('(') => return Err("unbalanced '('"),
            _ => {}
        }
    }
    if quote.is_some() {
        return Err("unclosed quote");
    }
    if !stack.is_empty() {
        return Err("unclosed '[' or '('");
    }
    if s.trim_end().ends_with([',', '>', '+', '~']) || s.trim_start().starts_with(',') {
        return Err("a combinator or comma with nothing after it");
    }
    Ok(())
}

#[cfg(test)]
mod custom_tests {
    use super::*;

    const FORUM: &str = r#"[{
        "kind": "sp-classic-discussion-thread",
        "detect": ".forum-topic",
        "threadScope": "page",
        "threadKind": "discussion",
        "item": { "css": ".forum-post", "author": { "css": ".who", "from": "text" } }
    }]"#;

    #[test]
    fn a_valid_profile_is_accepted_and_empty_means_none() {
        assert_eq!(parse_custom(FORUM).unwrap().len(), 1);
        assert!(parse_custom("").unwrap().is_empty());
        assert!(parse_custom("[]").unwrap().is_empty());
    }

    #[test]
    fn each_kind_of_bad_profile_is_refused_with_its_reason() {
        let cases = [
            ("{}", "array"),
            ("[1", "not JSON"),
            (
                &FORUM.replace("\"threadKind\"", "\"threadKnd\""),
                "unknown field",
            ),
            (
                &FORUM.replace(".forum-post", ".forum-post["),
                "not a CSS selector",
            ),
            (&FORUM.replace(".forum-topic", ""), "empty"),
            (
                &FORUM.replace(".forum-topic", "a { color: red }"),
                "not a CSS selector",
            ),
            (
                &FORUM.replace("sp-classic-discussion-thread", "wiki"),
                "unknown variant",
            ),
        ];
        for (json, why) in cases {
            let err = parse_custom(json).unwrap_err();
            assert!(err.contains(why), "{json}: {err}");
        }
        let many = format!("[{}]", [&FORUM[1..FORUM.len() - 1]; 21].join(","));
        assert!(parse_custom(&many).unwrap_err().contains("more than 20"));
        let huge = format!("[\"{}\"]", "x".repeat(MAX_CUSTOM_PROFILES_LEN));
        assert!(parse_custom(&huge).unwrap_err().contains("longer"));
    }

    #[test]
    fn selector_syntax_accepts_real_selectors() {
        for ok in [
            "li.ms-comm-postListItem",
            "a[href^=\"#comment=\"] time",
            "div:not(.x) > span:nth-child(2)",
            "[title='a;b{c}']",
            "#id, .class",
        ] {
            assert_eq!(selector_syntax(ok), Ok(()), "{ok}");
        }
        for bad in ["div(", "a[href", "'open", "a >", ", a", "a;b"] {
            assert!(selector_syntax(bad).is_err(), "{bad}");
        }
    }
}
