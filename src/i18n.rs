//! Text shown to people. Strings live in the extension's `_locales/<lang>/messages.json`
//! (never in code); the loader hands Rust the whole catalogue of both languages. Each
//! feature lists or derives the keys it renders and tests them against the shipped
//! files: the badge's here ([`MESSAGE_KEYS`]), the composer's, the moderation's, the
//! nudges' (`nudges::view::CardText`).
//! Numbers are formatted here because `chrome.i18n` does not format them.

use crate::model::{PageKind, PageSummary};
use serde::Deserialize;
use std::collections::HashMap;

/// The messages of the badge and the overlay's states.
pub const MESSAGE_KEYS: &[&str] = &[
    "badgeLabel",
    "kind_sp_modern_page",
    "kind_sp_classic_discussion_list",
    "kind_sp_classic_discussion_thread",
    "kind_sp_community_members",
    "kind_sp_classic_newsfeed",
    "kind_sp_classic_blog",
    "kind_sp_list_view",
    "count_threads_one",
    "count_threads_other",
    "count_items_one",
    "count_items_other",
    "count_contributors_one",
    "count_contributors_other",
    "count_itemLikes_one",
    "count_itemLikes_other",
    "count_pageLikes_one",
    "count_pageLikes_other",
    "count_views_one",
    "count_views_other",
    "state_loading",
    "state_error",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `setting` is the `language` setting; `ui` the browser's UI language ("fr-FR").
    pub fn choose(setting: &str, ui: &str) -> Lang {
        match setting {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ if ui.to_ascii_lowercase().starts_with("fr") => Lang::Fr,
            _ => Lang::En,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Messages(HashMap<String, String>);

/// Both languages' messages, so that the `language` setting can switch at once without
/// reloading anything.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Catalog {
    #[serde(default)]
    pub fr: Messages,
    #[serde(default)]
    pub en: Messages,
}

impl Catalog {
    pub fn get(&self, lang: Lang) -> &Messages {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl Messages {
    pub fn new(map: HashMap<String, String>) -> Self {
        Messages(map)
    }

    /// The message, or its key when a locale file lacks it (visible, so it gets fixed;
    /// a test keeps both locales complete).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(key)
    }
}

/// `1234` → "1 234" (narrow no-break space) in French, "1,234" in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Fr => '\u{202F}',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// French uses the singular for 0 and 1; English only for 1.
fn plural_key(base: &str, n: u64, lang: Lang) -> String {
    let one = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    format!("count_{base}_{}", if one { "one" } else { "other" })
}

pub fn count_text(messages: &Messages, base: &str, n: u64, lang: Lang) -> String {
    messages
        .get(&plural_key(base, n, lang))
        .replace("{n}", &format_count(n, lang))
}

pub fn kind_label(messages: &Messages, kind: PageKind) -> &str {
    let key = match kind {
        PageKind::SpModernPage => "kind_sp_modern_page",
        PageKind::SpClassicDiscussionList => "kind_sp_classic_discussion_list",
        PageKind::SpClassicDiscussionThread => "kind_sp_classic_discussion_thread",
        PageKind::SpCommunityMembers => "kind_sp_community_members",
        PageKind::SpClassicNewsfeed => "kind_sp_classic_newsfeed",
        PageKind::SpClassicBlog => "kind_sp_classic_blog",
        PageKind::SpListView => "kind_sp_list_view",
        PageKind::Unknown => return "",
    };
    messages.get(key)
}

/// The badge's lines: the page kind, then each count the page has.
pub fn badge_parts(messages: &Messages, summary: &PageSummary, lang: Lang) -> Vec<String> {
    let mut parts = vec![kind_label(messages, summary.page_kind).to_owned()];
    if summary.threads > 0 {
        parts.push(count_text(messages, "threads", summary.threads, lang));
    }
    parts.push(count_text(messages, "items", summary.items, lang));
    parts.push(count_text(
        messages,
        "contributors",
        summary.contributors,
        lang,
    ));
    parts.push(count_text(messages, "itemLikes", summary.item_likes, lang));
    if let Some(n) = summary.page_likes {
        parts.push(count_text(messages, "pageLikes", n, lang));
    }
    if let Some(n) = summary.views {
        parts.push(count_text(messages, "views", n, lang));
    }
    parts
}

/// A shipped locale file, for tests that check wording against the real strings.
#[cfg(test)]
pub(crate) fn shipped_locale(lang: &str) -> Messages {
    let path = format!(
        "{}/extension/_locales/{lang}/messages.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Messages::new(
        raw.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["message"].as_str().unwrap().to_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::shipped_locale as locale;
    use super::*;

    #[test]
    fn both_locales_have_every_key_and_the_same_keys() {
        let fr = locale("fr");
        let en = locale("en");
        for key in MESSAGE_KEYS {
            assert_ne!(fr.get(key), *key, "fr lacks {key}");
            assert_ne!(en.get(key), *key, "en lacks {key}");
        }
        let mut fr_keys: Vec<_> = fr.0.keys().collect();
        let mut en_keys: Vec<_> = en.0.keys().collect();
        fr_keys.sort();
        en_keys.sort();
        assert_eq!(fr_keys, en_keys);
    }

    #[test]
    fn numbers_and_plurals() {
        assert_eq!(format_count(0, Lang::Fr), "0");
        assert_eq!(format_count(999, Lang::En), "999");
        assert_eq!(format_count(1234, Lang::Fr), "1\u{202F}234");
        assert_eq!(format_count(1_234_567, Lang::En), "1,234,567");
        let fr = locale("fr");
        let en = locale("en");
        assert_eq!(count_text(&fr, "items", 0, Lang::Fr), "0 contribution");
        assert_eq!(count_text(&fr, "items", 2, Lang::Fr), "2 contributions");
        assert_eq!(count_text(&en, "items", 0, Lang::En), "0 contributions");
        assert_eq!(count_text(&en, "items", 1, Lang::En), "1 contribution");
        assert_eq!(
            count_text(&fr, "views", 1234, Lang::Fr),
            "1\u{202F}234 vues"
        );
    }

    #[test]
    fn language_choice() {
        assert_eq!(Lang::choose("auto", "fr-FR"), Lang::Fr);
        assert_eq!(Lang::choose("auto", "en-US"), Lang::En);
        assert_eq!(Lang::choose("auto", "de"), Lang::En);
        assert_eq!(Lang::choose("en", "fr"), Lang::En);
        assert_eq!(Lang::choose("fr", "en"), Lang::Fr);
    }

    #[test]
    fn badge_shows_only_the_counts_the_page_has() {
        let en = locale("en");
        let mut s = PageSummary::empty(PageKind::SpClassicBlog);
        s.items = 3;
        s.contributors = 2;
        let parts = badge_parts(&en, &s, Lang::En);
        assert_eq!(parts.len(), 4, "{parts:?}");
        s.views = Some(10);
        s.threads = 1;
        assert_eq!(badge_parts(&en, &s, Lang::En).len(), 6);
    }

    #[test]
    fn missing_message_shows_its_key() {
        let m = Messages::default();
        assert_eq!(m.get("state_error"), "state_error");
    }
}
