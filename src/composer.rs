//! Hints while writing (issue 4, employees), the pure part: which page fields count as
//! composers, how the analyzer's findings become hints in the reader's language, where a
//! composer's post button is, how a contenteditable's text nodes map to the analysed
//! text, and the submit gate (one non-blocking prompt per set of findings).
//!
//! The browser edge (`composer_layer.rs`) reads element facts and events and draws; every
//! decision it takes comes from here, so each one is tested without a browser.
//!
//! Privacy: nothing here keeps text. The gate remembers which findings were already
//! shown as a category, a message key and a 64-bit digest of the flagged words, in
//! memory, for as long as the field holds a draft; it is forgotten when the field empties.

use crate::i18n::Messages;
use crate::moderation::{Category, Finding};
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Elements (or ancestors) carrying one of these want no writing aid at all: our own
/// switch, and the attributes editors already set to turn Grammarly-style overlays off.
pub const OPT_OUT_SELECTOR: &str =
    r#"[data-animateur="off" i], [data-gramm="false" i], [data-gramm_editor="false" i]"#;

/// The kinds of composer the intranet pages have; the kind decides how the post button
/// is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ComposerKind {
    /// Modern SharePoint comment box: `div[contenteditable][role="textbox"]`.
    ModernComment,
    /// Classic discussion reply: `textarea.ms-comm-postReplyTextBox`.
    ClassicReply,
    /// Classic blog comment: the same textarea with id `{rootId}-CommentTextBox`.
    BlogComment,
    /// Any other textarea on a configured site.
    Textarea,
    /// Any other contenteditable editing host on a configured site.
    Editable,
}

/// What the browser edge reads off a focused or edited element.
#[derive(Clone, Debug, Default)]
pub struct FieldFacts<'a> {
    /// Lower-case local name.
    pub tag: &'a str,
    /// The `type` attribute of an `<input>`.
    pub input_type: Option<&'a str>,
    /// The element's own `contenteditable` attribute.
    pub contenteditable: Option<&'a str>,
    /// Whether the parent is itself editable (then this element is not the editing host).
    pub inside_editable: bool,
    pub role: Option<&'a str>,
    pub class: &'a str,
    pub id: &'a str,
    pub read_only: bool,
    pub disabled: bool,
    /// The element or an ancestor matches [`OPT_OUT_SELECTOR`].
    pub opted_out: bool,
}

/// Whether `facts` describe a field Animateur helps with, and which kind.
pub fn classify(facts: &FieldFacts) -> Option<ComposerKind> {
    if facts.opted_out || facts.read_only || facts.disabled {
        return None;
    }
    match facts.tag {
        // Single-line inputs are searches, titles, passwords: never drafts.
        "input" => None,
        "textarea" => {
            let reply_box = facts
                .class
                .split_ascii_whitespace()
                .any(|c| c == "ms-comm-postReplyTextBox");
            Some(if reply_box && facts.id.ends_with("-CommentTextBox") {
                ComposerKind::BlogComment
            } else if reply_box {
                ComposerKind::ClassicReply
            } else {
                ComposerKind::Textarea
            })
        }
        _ => {
            let editable = facts
                .contenteditable
                .map(|v| v.trim().to_ascii_lowercase())
                .is_some_and(|v| matches!(v.as_str(), "" | "true" | "plaintext-only"));
            if !editable || facts.inside_editable {
                return None;
            }
            Some(if facts.role == Some("textbox") {
                ComposerKind::ModernComment
            } else {
                ComposerKind::Editable
            })
        }
    }
}

/// The post button's id when the page's id scheme gives it away (classic pages).
pub fn post_button_id(kind: ComposerKind, field_id: &str) -> Option<String> {
    let (suffix, button) = match kind {
        ComposerKind::BlogComment => ("-CommentTextBox", "-CommentSubmit"),
        ComposerKind::ClassicReply => ("-ReplyTextBox", "-ReplySubmit"),
        _ => return None,
    };
    let root = field_id.strip_suffix(suffix).filter(|r| !r.is_empty())?;
    Some(format!("{root}{button}"))
}

/// The selector of the post button near a composer, searched in its closest ancestors.
/// Generic fields get none: guessing which nearby button posts would risk holding up a
/// button that does something else. A generic field inside a `<form>` is gated through
/// the form's submit event instead.
pub fn post_button_selector(kind: ComposerKind) -> Option<&'static str> {
    match kind {
        ComposerKind::ModernComment => Some(r#"button[data-automation-id="sp-comment-post"]"#),
        ComposerKind::ClassicReply => Some(r#"button[id$="-ReplySubmit"]"#),
        ComposerKind::BlogComment => Some(r#"button[id$="-CommentSubmit"]"#),
        ComposerKind::Textarea | ComposerKind::Editable => None,
    }
}

/// How many ancestors up the post button is looked for: far enough for SharePoint's
/// wrappers, near enough not to reach another composer's button.
pub const POST_BUTTON_MAX_DEPTH: usize = 6;

/// The message key naming a category in the hint card and the prompt.
pub fn category_key(c: Category) -> &'static str {
    match c {
        Category::Insult => "composer_cat_insult",
        Category::Threat => "composer_cat_threat",
        Category::Profanity => "composer_cat_profanity",
        Category::IdentityAttack => "composer_cat_identityAttack",
        Category::PossibleDefamation => "composer_cat_possibleDefamation",
        Category::PersonalData => "composer_cat_personalData",
        Category::Confidential => "composer_cat_confidential",
        Category::Shouting => "composer_cat_shouting",
        Category::Unreadable => "composer_cat_unreadable",
    }
}

/// Every message key the composer layer renders besides the findings' own keys.
pub const MESSAGE_KEYS: &[&str] = &[
    "composer_cat_insult",
    "composer_cat_threat",
    "composer_cat_profanity",
    "composer_cat_identityAttack",
    "composer_cat_possibleDefamation",
    "composer_cat_personalData",
    "composer_cat_confidential",
    "composer_cat_shouting",
    "composer_cat_unreadable",
    "composer_card_label",
    "composer_more",
    "composer_prompt_title",
    "composer_prompt_body",
    "composer_edit",
    "composer_post_anyway",
];

/// One hint, ready to draw: where (UTF-16, the unit of the browser's strings), how
/// serious, and the three texts of the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hint {
    pub category: Category,
    pub severity: u8,
    pub start_utf16: usize,
    pub end_utf16: usize,
    pub label: String,
    pub explanation: String,
    pub suggestion: String,
}

pub fn hints(findings: &[Finding], messages: &Messages) -> Vec<Hint> {
    findings
        .iter()
        .map(|f| Hint {
            category: f.category,
            severity: f.severity,
            start_utf16: f.start_utf16,
            end_utf16: f.end_utf16,
            label: messages.get(category_key(f.category)).to_owned(),
            explanation: messages.get(f.explanation_key).to_owned(),
            suggestion: messages.get(f.suggestion_key).to_owned(),
        })
        .collect()
}

/// The card lists at most this many hints (most severe first), then "N more".
pub const CARD_MAX_HINTS: usize = 3;

/// The hints the card shows, most severe first (text order on a tie), and how many are
/// left out.
pub fn card_hints(hints: &[Hint]) -> (Vec<&Hint>, usize) {
    let mut sorted: Vec<&Hint> = hints.iter().collect();
    sorted.sort_by_key(|h| (std::cmp::Reverse(h.severity), h.start_utf16));
    let more = sorted.len().saturating_sub(CARD_MAX_HINTS);
    sorted.truncate(CARD_MAX_HINTS);
    (sorted, more)
}

/// "2 autres points" / "2 more": `composer_more` with `{n}`.
pub fn more_text(messages: &Messages, n: usize) -> String {
    messages.get("composer_more").replace("{n}", &n.to_string())
}

/// What the gate remembers of a finding: enough to tell "the same insult, still there"
/// from "a new one", and nothing that gives the words back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FindingId {
    category: Category,
    key: &'static str,
    digest: u64,
}

pub fn finding_ids(text: &str, findings: &[Finding]) -> Vec<FindingId> {
    findings
        .iter()
        .map(|f| {
            let mut hasher = DefaultHasher::new();
            text.get(f.start..f.end)
                .unwrap_or_default()
                .to_lowercase()
                .hash(&mut hasher);
            FindingId {
                category: f.category,
                key: f.explanation_key,
                digest: hasher.finish(),
            }
        })
        .collect()
}

/// Where a composer stands on the way to posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateState {
    /// Nothing to say: a submit goes through.
    Clear,
    /// Findings not yet shown at a submit: the next submit is held once.
    Findings,
    /// The prompt ("Edit" / "Post anyway") is open.
    Prompting,
    /// Every current finding was already shown in a prompt: submits go through.
    Acknowledged,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmitDecision {
    /// Let the page post.
    Allow,
    /// Hold this one submit and show the prompt.
    Prompt,
}

/// One composer's submit gate. The draft is never blocked twice for the same findings:
/// a submit is held only when it carries a finding no prompt has shown yet.
#[derive(Clone, Debug, Default)]
pub struct SubmitGate {
    current: Vec<FindingId>,
    shown: Vec<FindingId>,
    prompting: bool,
}

impl SubmitGate {
    pub fn state(&self) -> GateState {
        if self.prompting {
            GateState::Prompting
        } else if self.current.is_empty() {
            GateState::Clear
        } else if self.current.iter().all(|id| self.shown.contains(id)) {
            GateState::Acknowledged
        } else {
            GateState::Findings
        }
    }

    /// The draft was (re)analysed. Returns true when an open prompt should close
    /// because the draft no longer has anything to flag. An empty draft starts over.
    pub fn analysed(&mut self, ids: Vec<FindingId>, draft_is_empty: bool) -> bool {
        if draft_is_empty {
            self.shown.clear();
        }
        self.current = ids;
        let close = self.prompting && self.current.is_empty();
        if close {
            self.prompting = false;
        }
        close
    }

    /// The user asked to post (post button, Ctrl/Cmd+Enter, form submit).
    pub fn submit(&mut self) -> SubmitDecision {
        if self.current.iter().any(|id| !self.shown.contains(id)) {
            for id in &self.current {
                if !self.shown.contains(id) {
                    self.shown.push(*id);
                }
            }
            self.prompting = true;
            SubmitDecision::Prompt
        } else {
            self.prompting = false;
            SubmitDecision::Allow
        }
    }

    /// "Modifier" / "Edit": the prompt closes, the field gets the focus back.
    pub fn edit(&mut self) {
        self.prompting = false;
    }

    /// "Publier quand même" / "Post anyway": the prompt closes; the edge then repeats
    /// the original submit, which [`SubmitGate::submit`] lets through.
    pub fn post_anyway(&mut self) {
        self.prompting = false;
    }
}

/// Maps offsets in a contenteditable's analysed text back to its text nodes. The text is
/// the nodes' data in document order, with a line break standing for each block or
/// `<br>` boundary (so words on two lines are not read as one); separators belong to no
/// node. Offsets are UTF-16 code units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMap {
    segments: Vec<Segment>,
    len: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Index of the text node in the edge's list; `None` for a separator.
    node: Option<usize>,
    start: usize,
    len: usize,
}

impl TextMap {
    pub fn push_node(&mut self, node: usize, len: usize) {
        self.segments.push(Segment {
            node: Some(node),
            start: self.len,
            len,
        });
        self.len += len;
    }

    pub fn push_separator(&mut self, len: usize) {
        self.segments.push(Segment {
            node: None,
            start: self.len,
            len,
        });
        self.len += len;
    }

    /// Where a span starting at `offset` starts: the first node holding a character at
    /// or after it.
    pub fn locate_start(&self, offset: usize) -> Option<(usize, usize)> {
        self.segments
            .iter()
            .filter_map(|s| s.node.map(|n| (n, s)))
            .find(|(_, s)| s.start + s.len > offset)
            .map(|(n, s)| (n, offset.saturating_sub(s.start)))
    }

    /// Where a span ending at `offset` ends: the last node holding a character before it.
    pub fn locate_end(&self, offset: usize) -> Option<(usize, usize)> {
        self.segments
            .iter()
            .filter_map(|s| s.node.map(|n| (n, s)))
            .rfind(|(_, s)| s.start < offset)
            .map(|(n, s)| (n, (offset - s.start).min(s.len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{shipped_locale, MESSAGE_KEYS as CORE_KEYS};
    use crate::moderation::{analyze, AnalyzerConfig};

    fn facts(tag: &str) -> FieldFacts<'_> {
        FieldFacts {
            tag,
            ..FieldFacts::default()
        }
    }

    #[test]
    fn sharepoint_composers_are_recognised() {
        let modern = FieldFacts {
            contenteditable: Some("true"),
            role: Some("textbox"),
            ..facts("div")
        };
        assert_eq!(classify(&modern), Some(ComposerKind::ModernComment));
        let classic = FieldFacts {
            class: "ms-comm-postReplyTextBox",
            id: "forum0-Post41-ReplyTextBox",
            ..facts("textarea")
        };
        assert_eq!(classify(&classic), Some(ComposerKind::ClassicReply));
        let blog = FieldFacts {
            class: "x ms-comm-postReplyTextBox",
            id: "blogpost7-comments-CommentTextBox",
            ..facts("textarea")
        };
        assert_eq!(classify(&blog), Some(ComposerKind::BlogComment));
        assert_eq!(classify(&facts("textarea")), Some(ComposerKind::Textarea));
        let editable = FieldFacts {
            contenteditable: Some(""),
            ..facts("section")
        };
        assert_eq!(classify(&editable), Some(ComposerKind::Editable));
        let plain = FieldFacts {
            contenteditable: Some("PLAINTEXT-ONLY"),
            ..facts("p")
        };
        assert_eq!(classify(&plain), Some(ComposerKind::Editable));
    }

    #[test]
    fn what_is_not_a_composer() {
        for input_type in [Some("password"), Some("text"), Some("search"), None] {
            let f = FieldFacts {
                input_type,
                ..facts("input")
            };
            assert_eq!(classify(&f), None, "{input_type:?}");
        }
        let opted_out = FieldFacts {
            opted_out: true,
            ..facts("textarea")
        };
        assert_eq!(classify(&opted_out), None);
        let read_only = FieldFacts {
            read_only: true,
            ..facts("textarea")
        };
        assert_eq!(classify(&read_only), None);
        let disabled = FieldFacts {
            disabled: true,
            ..facts("textarea")
        };
        assert_eq!(classify(&disabled), None);
        let not_editable = FieldFacts {
            contenteditable: Some("false"),
            role: Some("textbox"),
            ..facts("div")
        };
        assert_eq!(classify(&not_editable), None);
        assert_eq!(classify(&facts("div")), None);
        // A paragraph inside an editor is part of it, not a composer of its own.
        let nested = FieldFacts {
            contenteditable: Some("true"),
            inside_editable: true,
            ..facts("p")
        };
        assert_eq!(classify(&nested), None);
    }

    #[test]
    fn post_buttons_follow_the_page_id_scheme() {
        assert_eq!(
            post_button_id(
                ComposerKind::BlogComment,
                "blogpost7-comments-CommentTextBox"
            )
            .as_deref(),
            Some("blogpost7-comments-CommentSubmit")
        );
        assert_eq!(
            post_button_id(ComposerKind::ClassicReply, "forum0-Post41-ReplyTextBox").as_deref(),
            Some("forum0-Post41-ReplySubmit")
        );
        assert_eq!(post_button_id(ComposerKind::ClassicReply, "other"), None);
        assert_eq!(
            post_button_id(ComposerKind::BlogComment, "-CommentTextBox"),
            None
        );
        assert_eq!(
            post_button_id(ComposerKind::Textarea, "x-ReplyTextBox"),
            None
        );
        assert!(post_button_selector(ComposerKind::ModernComment)
            .unwrap()
            .contains("sp-comment-post"));
        assert_eq!(post_button_selector(ComposerKind::Textarea), None);
    }

    #[test]
    fn hints_read_in_both_languages() {
        let text = "Espèce de connard, je vais te casser la figure.";
        let findings = analyze(text, &AnalyzerConfig::default());
        assert!(findings.len() >= 2, "{findings:?}");
        for (lang, insult) in [("fr", "Insulte"), ("en", "Insult")] {
            let messages = shipped_locale(lang);
            let hs = hints(&findings, &messages);
            assert_eq!(hs.len(), findings.len());
            let first = &hs[0];
            assert_eq!(first.category, Category::Insult);
            assert_eq!(first.label, insult);
            assert_eq!(first.start_utf16, 0);
            assert!(!first.explanation.starts_with("mod_"), "{first:?}");
            assert!(!first.suggestion.starts_with("mod_"), "{first:?}");
        }
    }

    #[test]
    fn every_message_key_is_shipped_in_both_languages() {
        for lang in ["fr", "en"] {
            let messages = shipped_locale(lang);
            for key in MESSAGE_KEYS.iter().chain(crate::moderation::MESSAGE_KEYS) {
                assert_ne!(messages.get(key), *key, "{lang} lacks {key}");
            }
            for c in Category::ALL {
                assert!(MESSAGE_KEYS.contains(&category_key(c)));
            }
            assert!(more_text(&messages, 2).contains('2'));
        }
        // The loader hands Rust the whole catalog; the core's own list stays separate.
        assert!(MESSAGE_KEYS.iter().all(|k| !CORE_KEYS.contains(k)));
    }

    #[test]
    fn the_card_shows_the_most_severe_hints_first() {
        let hint = |severity, start| Hint {
            category: Category::Shouting,
            severity,
            start_utf16: start,
            end_utf16: start + 1,
            label: String::new(),
            explanation: String::new(),
            suggestion: String::new(),
        };
        let hs = [hint(1, 0), hint(3, 10), hint(2, 5), hint(3, 2), hint(1, 1)];
        let (shown, more) = card_hints(&hs);
        let starts: Vec<usize> = shown.iter().map(|h| h.start_utf16).collect();
        assert_eq!(starts, [2, 10, 5]);
        assert_eq!(more, 2);
        assert_eq!(card_hints(&hs[..1]).1, 0);
    }

    fn ids(text: &str) -> Vec<FindingId> {
        finding_ids(text, &analyze(text, &AnalyzerConfig::default()))
    }

    #[test]
    fn finding_ids_tell_the_same_finding_from_a_new_one() {
        let a = ids("Espèce de connard.");
        let moved = ids("Bon. Espèce de connard.");
        assert_eq!(a.len(), 1);
        assert_eq!(a, moved, "the same words elsewhere are the same finding");
        let other = ids("Espèce d'abruti.");
        assert_eq!(other.len(), 1);
        assert_ne!(a, other);
        assert!(ids("Merci pour ces précisions.").is_empty());
    }

    #[test]
    fn no_findings_never_intercepts() {
        let mut gate = SubmitGate::default();
        assert_eq!(gate.state(), GateState::Clear);
        assert!(!gate.analysed(ids("Merci beaucoup !"), false));
        assert_eq!(gate.submit(), SubmitDecision::Allow);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
        assert_eq!(gate.state(), GateState::Clear);
    }

    #[test]
    fn first_submit_prompts_and_the_second_posts() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.state(), GateState::Findings);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        assert_eq!(gate.state(), GateState::Prompting);
        // A second click on the post button while the prompt is open posts.
        assert_eq!(gate.submit(), SubmitDecision::Allow);
        assert_eq!(gate.state(), GateState::Acknowledged);
    }

    #[test]
    fn post_anyway_lets_the_repeated_submit_through() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Je vais te casser la figure."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        gate.post_anyway();
        assert_eq!(gate.state(), GateState::Acknowledged);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
    }

    #[test]
    fn edit_closes_the_prompt_and_the_same_findings_never_block_twice() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        gate.edit();
        assert_eq!(gate.state(), GateState::Acknowledged);
        // Text changed, same finding: no second prompt.
        gate.analysed(ids("Espèce de connard, vraiment."), false);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
    }

    #[test]
    fn a_new_finding_after_the_prompt_prompts_again() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        gate.edit();
        gate.analysed(
            ids("Espèce de connard. Appelle-moi au 06 12 34 56 78."),
            false,
        );
        assert_eq!(gate.state(), GateState::Findings);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
    }

    #[test]
    fn fixing_the_draft_closes_an_open_prompt() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        assert!(gate.analysed(ids("Merci."), false));
        assert_eq!(gate.state(), GateState::Clear);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
    }

    #[test]
    fn an_emptied_field_starts_a_new_draft() {
        let mut gate = SubmitGate::default();
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
        assert_eq!(gate.submit(), SubmitDecision::Allow);
        gate.analysed(Vec::new(), true);
        assert_eq!(gate.state(), GateState::Clear);
        // The same words in a new draft are shown again.
        gate.analysed(ids("Espèce de connard."), false);
        assert_eq!(gate.submit(), SubmitDecision::Prompt);
    }

    #[test]
    fn text_map_finds_nodes_across_separators() {
        // "ab" | "\n" | "cde" | "fg"
        let mut map = TextMap::default();
        map.push_node(0, 2);
        map.push_separator(1);
        map.push_node(1, 3);
        map.push_node(2, 2);
        assert_eq!(map.locate_start(0), Some((0, 0)));
        assert_eq!(map.locate_start(1), Some((0, 1)));
        // A span starting on the separator starts at the next node.
        assert_eq!(map.locate_start(2), Some((1, 0)));
        assert_eq!(map.locate_start(4), Some((1, 1)));
        assert_eq!(map.locate_start(6), Some((2, 0)));
        assert_eq!(map.locate_start(8), None);
        assert_eq!(map.locate_end(2), Some((0, 2)));
        // A span ending right after the separator ends at the previous node.
        assert_eq!(map.locate_end(3), Some((0, 2)));
        assert_eq!(map.locate_end(6), Some((1, 3)));
        assert_eq!(map.locate_end(8), Some((2, 2)));
        assert_eq!(map.locate_end(0), None);
        assert_eq!(TextMap::default().locate_start(0), None);
    }
}
