//! The community-manager panel: key figures as label/value rows, the threads waiting
//! for a first response (oldest first, each a jump target), and the participation
//! chart. Pure, so the in-page overlay and the strict-CSP fallback draw the same panel,
//! and the wording is tested natively. Figures are page-level aggregates only: no
//! names, no ranking, no per-person figure; threads are named by their title or first
//! words, never by their author.

use crate::chart::{stacked_bars, Bar, Chart};
use crate::composer::category_key;
use crate::dates::UnixSeconds;
use crate::i18n::{format_count, Lang, Messages};
use crate::model::{PageSnapshot, PageSummary, Source, Thread};

use crate::keyed_hash::HashMap;
use crate::nudges::hints::{CmHint, ItemFindings};
use crate::stats::{Metric, PageStats, Share};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PanelRow {
    pub label: String,
    pub value: String,
}

/// Every message the panel renders (the loader fetches these with the badge's).
pub const PANEL_MESSAGE_KEYS: &[&str] = &[
    "panel_toggle",
    "panel_settings",
    "panel_title",
    "stat_items",
    "stat_contributors",
    "stat_likes",
    "stat_first_response",
    "stat_within_sla",
    "stat_no_response",
    "stat_unanswered",
    "stat_resolution",
    "stat_gini",
    "unit_minutes",
    "unit_hours",
    "unit_days",
    "approximately",
    "undefined_too_few_contributors",
    "undefined_no_contributors",
    "undefined_no_view_count",
    "undefined_zero_views",
    "undefined_no_items",
    "undefined_no_threads",
    "undefined_no_questions",
    "undefined_no_comments",
    "undefined_no_replies",
    "undefined_no_dates",
    "undefined_no_members_page",
    "undefined_no_page_author",
    "undefined_not_enough_history",
    "undefined_no_answered_threads",
    "undefined_not_old_enough",
    "undefined_no_interactions",
    "undefined_no_newcomer_threads",
    "panel_waiting_title",
    "panel_waiting_none",
    "panel_list_more",
    "panel_review_title",
    "panel_review_none",
    "panel_review_heated",
    "panel_waiting_age",
    "panel_jump",
    "thread_untitled",
    "chart_title",
    "chart_this_community",
    "chart_rule_90_9_1",
    "chart_benchmark_2016",
    "chart_lurkers",
    "chart_contributors",
    "chart_creators",
    "chart_profile_alt",
    "chart_this_page",
    "chart_equal",
    "chart_top_10",
    "chart_others",
    "chart_top_alt",
];

/// Entries a panel list shows at most; the rest are counted ("and 3 more").
pub const MAX_LISTED: usize = 10;
/// Messages the review list analyses at most.
pub const MAX_REVIEWED_ITEMS: usize = 5_000;
/// Characters of a thread's first words used when it has no title.
const EXCERPT_CHARS: usize = 60;

struct Writer<'a> {
    messages: &'a Messages,
    lang: Lang,
}

impl Writer<'_> {
    fn text(&self, key: &str) -> String {
        self.messages.get(key).to_owned()
    }

    fn count(&self, n: u64) -> String {
        format_count(n, self.lang)
    }

    fn unit(&self, key: &str, n: u64) -> String {
        self.messages.get(key).replace("{n}", &self.count(n))
    }

    /// "48 min", "3 h 5 min", "2 j 4 h": two units at most, enough to compare pages.
    fn duration(&self, seconds: i64) -> String {
        let minutes = (seconds.max(0) as u64).div_ceil(60);
        let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        match (days, hours, mins) {
            (0, 0, m) => self.unit("unit_minutes", m),
            (0, h, 0) => self.unit("unit_hours", h),
            (0, h, m) => format!(
                "{} {}",
                self.unit("unit_hours", h),
                self.unit("unit_minutes", m)
            ),
            (d, 0, _) => self.unit("unit_days", d),
            (d, h, _) => format!(
                "{} {}",
                self.unit("unit_days", d),
                self.unit("unit_hours", h)
            ),
        }
    }

    fn percent(&self, share: f64) -> String {
        let p = (share * 100.0).round() as u64;
        match self.lang {
            Lang::Fr => format!("{p}\u{202F}%"),
            Lang::En => format!("{p}%"),
        }
    }

    fn share(&self, s: &Share) -> String {
        format!(
            "{} / {} ({})",
            self.count(s.count),
            self.count(s.total),
            self.percent(s.share)
        )
    }

    fn approx(&self, approximate: bool, text: String) -> String {
        if approximate {
            format!("{} {text}", self.text("approximately"))
        } else {
            text
        }
    }

    /// A defined value as text, or the localized reason it is not defined.
    fn metric<T>(&self, metric: &Metric<T>, show: impl FnOnce(&T) -> String) -> String {
        match metric {
            Metric::Value(v) => show(v),
            Metric::Undefined { reason } => self.text(&format!("undefined_{}", reason.key())),
        }
    }
}

pub fn panel_rows(stats: &PageStats, messages: &Messages, lang: Lang) -> Vec<PanelRow> {
    let w = Writer { messages, lang };
    let row = |key: &str, value: String| PanelRow {
        label: w.text(key),
        value,
    };
    let ttfr = &stats.m8_time_to_first_response;
    vec![
        row("stat_items", w.metric(&stats.m1_items, |n| w.count(*n))),
        row(
            "stat_contributors",
            w.metric(&stats.m2_contributors, |n| w.count(*n)),
        ),
        row(
            "stat_likes",
            w.metric(&stats.m3_reactions, |r| w.count(r.total_likes)),
        ),
        row(
            "stat_first_response",
            w.metric(ttfr, |f| {
                w.metric(&f.median_seconds, |s| {
                    w.approx(f.approximate, w.duration(*s))
                })
            }),
        ),
        row(
            "stat_within_sla",
            w.metric(ttfr, |f| w.metric(&f.within_sla, |s| w.share(s))),
        ),
        row(
            "stat_no_response",
            w.metric(&stats.m9_threads_without_response, |n| {
                w.approx(
                    n.approximate,
                    format!("{} / {}", w.count(n.count), w.count(n.threads)),
                )
            }),
        ),
        row(
            "stat_unanswered",
            w.metric(&stats.m10_unanswered_questions, |q| {
                format!("{} / {}", w.count(q.no_reply), w.count(q.questions))
            }),
        ),
        row(
            "stat_resolution",
            w.metric(&stats.m11_resolution_rate, |s| w.share(s)),
        ),
        row(
            "stat_gini",
            w.metric(&stats.m19_gini, |g| format!("{g:.2}")),
        ),
    ]
}

/// One line of a panel list: a thread or a message, and where it is on the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JumpEntry {
    /// The thread's title, or the message's first words.
    pub label: String,
    /// What is said about it: "depuis 3 j" / "waiting 3 d", or the review reasons.
    pub detail: String,
    /// The item's id: what a jump link scrolls to.
    pub item_id: String,
    /// The jump button's accessible name.
    pub jump_label: String,
}

/// A panel list: the threads waiting for a response, or the messages to review.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JumpList {
    /// `data-animateur` of the list's section: "waiting" or "review".
    pub name: &'static str,
    pub title: String,
    pub entries: Vec<JumpEntry>,
    /// "None" when the list is empty, "and N more" past [`MAX_LISTED`].
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelView {
    pub rows: Vec<PanelRow>,
    /// `None` when the page has no response units to judge (M9 undefined).
    pub waiting: Option<JumpList>,
    /// Community-manager mode only: published messages with findings, hot threads.
    pub review: Option<JumpList>,
    /// Community-manager mode only: the hints (H1–H10) that apply to this page, each
    /// jumping to its first thread.
    pub hints: Option<JumpList>,
    pub chart_title: String,
    pub chart: Option<Chart>,
}

impl PanelView {
    /// Every jump entry, in the order the panel shows them (the overlay numbers its
    /// jump links this way).
    pub fn jump_entries(&self) -> impl Iterator<Item = &JumpEntry> {
        self.lists().flat_map(|list| &list.entries)
    }

    /// The lists in the order the panel shows them.
    pub fn lists(&self) -> impl Iterator<Item = &JumpList> {
        self.waiting
            .iter()
            .chain(self.review.iter())
            .chain(self.hints.iter())
    }
}

/// The badge's lines: the page's counts, and in community-manager mode how many hints
/// apply.
pub fn badge_lines(
    messages: &Messages,
    summary: &PageSummary,
    lang: Lang,
    view: Option<&PanelView>,
) -> Vec<String> {
    let mut lines = crate::i18n::badge_parts(messages, summary, lang);
    let hints = view
        .and_then(|v| v.hints.as_ref())
        .map_or(0, |h| h.entries.len());
    if hints > 0 {
        lines.push(crate::i18n::count_text(
            messages,
            "hints",
            hints as u64,
            lang,
        ));
    }
    lines
}

/// What community-manager mode adds to the panel, computed once per reading: the hints
/// that apply, and the analyzer's findings on published messages (which some hints
/// also use).
#[derive(Clone, Copy)]
pub struct Review<'a> {
    pub hints: &'a [CmHint],
    pub findings: &'a [ItemFindings],
}

/// Everything the panel shows for one reading. `review` adds the messages to review
/// (community-manager mode).
pub fn panel_view(
    stats: &PageStats,
    snapshot: &PageSnapshot,
    messages: &Messages,
    lang: Lang,
    now: UnixSeconds,
    review: Option<Review>,
) -> PanelView {
    let w = Writer { messages, lang };
    PanelView {
        rows: panel_rows(stats, messages, lang),
        waiting: waiting_list(&w, stats, snapshot, now),
        review: review.map(|r| review_list(&w, stats, snapshot, r.findings)),
        hints: review.map(|r| hints_list(&w, snapshot, r.hints)),
        chart_title: w.text("chart_title"),
        chart: participation_chart(&w, stats),
    }
}

impl Writer<'_> {
    fn jump_list(
        &self,
        name: &'static str,
        title: &str,
        entries: Vec<JumpEntry>,
        total: usize,
        none: &str,
    ) -> JumpList {
        let more = total.saturating_sub(entries.len()) as u64;
        let note = if total == 0 {
            Some(self.text(none))
        } else if more > 0 {
            Some(
                self.text("panel_list_more")
                    .replace("{n}", &self.count(more)),
            )
        } else {
            None
        };
        JumpList {
            name,
            title: self.text(title),
            entries,
            note,
        }
    }

    fn entry(&self, label: String, detail: String, item_id: &str) -> JumpEntry {
        JumpEntry {
            jump_label: self.text("panel_jump").replace("{title}", &label),
            label,
            detail,
            item_id: item_id.to_owned(),
        }
    }
}

fn waiting_list(
    w: &Writer,
    stats: &PageStats,
    snapshot: &PageSnapshot,
    now: UnixSeconds,
) -> Option<JumpList> {
    let waiting = stats.m9_threads_without_response.value()?;
    let entries = waiting
        .oldest_first
        .iter()
        .take(MAX_LISTED)
        .filter_map(|unit| {
            let thread = snapshot.threads.iter().find(|t| t.id == unit.thread_id)?;
            let root = thread.items.iter().find(|i| i.id == unit.item_id)?;
            let age = root.created.map(|t| {
                let text = w.approx(t.approximate, w.duration(now - t.utc));
                w.text("panel_waiting_age").replace("{d}", &text)
            });
            let label = thread_label(w, thread, root.text.as_deref());
            Some(w.entry(label, age.unwrap_or_default(), &unit.item_id))
        })
        .collect();
    Some(w.jump_list(
        "waiting",
        "panel_waiting_title",
        entries,
        waiting.oldest_first.len(),
        "panel_waiting_none",
    ))
}

/// The hints that apply, in catalogue order: the hint's text, how many threads it
/// concerns, and a jump to the first (oldest) one; page-level hints (few voices, dormant
/// space) have nothing to jump to. Never a person's name.
fn hints_list(w: &Writer, snapshot: &PageSnapshot, hints: &[CmHint]) -> JumpList {
    let entries = hints
        .iter()
        .map(|h| {
            let root = h
                .threads
                .first()
                .and_then(|id| snapshot.threads.iter().find(|t| t.id == *id))
                .and_then(|t| t.items.first())
                .map_or("", |i| i.id.as_str());
            let detail = match h.threads.len() {
                0 => String::new(),
                n => crate::i18n::count_text(w.messages, "threads", n as u64, w.lang),
            };
            w.entry(w.text(h.id.message_key()), detail, root)
        })
        .collect();
    w.jump_list(
        "hints",
        "panel_hints_title",
        entries,
        hints.len(),
        "panel_hints_none",
    )
}

/// Messages with findings in the reviewed categories (`nudges::hints::REVIEWED`; most
/// severe first, then page order), and threads running hot (M31). The findings come
/// from `nudges::hints::published_findings`, at most [`MAX_REVIEWED_ITEMS`] messages
/// analysed, so a 50,000-comment page stays responsive; the note says when the list may
/// be incomplete.
fn review_list(
    w: &Writer,
    stats: &PageStats,
    snapshot: &PageSnapshot,
    findings: &[ItemFindings],
) -> JumpList {
    let texts: HashMap<&str, &str> = if findings.is_empty() {
        HashMap::default()
    } else {
        snapshot
            .threads
            .iter()
            .flat_map(|t| &t.items)
            .chain(&snapshot.loose_items)
            .filter_map(|i| Some((i.id.as_str(), i.text.as_deref()?)))
            .collect()
    };
    let mut found: Vec<(u8, usize, JumpEntry)> = Vec::new();
    for (position, f) in findings.iter().enumerate() {
        let detail = f
            .categories
            .iter()
            .map(|&c| w.text(category_key(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let text = texts.get(f.item.as_str()).copied().unwrap_or_default();
        found.push((
            f.severity,
            position,
            w.entry(excerpt(text), detail, &f.item),
        ));
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let hot = stats
        .m31_heat
        .value()
        .map(|h| h.hot.as_slice())
        .unwrap_or_default();
    let mut entries: Vec<JumpEntry> = hot
        .iter()
        .filter_map(|h| {
            let thread = snapshot.threads.iter().find(|t| t.id == h.thread_id)?;
            let root = thread.items.first()?;
            let label = thread_label(w, thread, root.text.as_deref());
            Some(w.entry(label, w.text("panel_review_heated"), &root.id))
        })
        .collect();
    let total = entries.len() + found.len();
    entries.extend(found.into_iter().map(|(_, _, e)| e));
    entries.truncate(MAX_LISTED);
    w.jump_list(
        "review",
        "panel_review_title",
        entries,
        total,
        "panel_review_none",
    )
}

/// A message's first words, whitespace collapsed, cut at [`EXCERPT_CHARS`].
fn excerpt(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > EXCERPT_CHARS {
        let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
        format!("{}…", cut.trim_end())
    } else {
        collapsed
    }
}

/// A question or discussion's title; a comment's first words (the thread of a comment
/// section is the whole section, so its title would name every entry alike).
fn thread_label(w: &Writer, thread: &Thread, root_text: Option<&str>) -> String {
    let title = match thread.kind {
        crate::model::ThreadKind::Comments => None,
        _ => thread.title.as_deref(),
    };
    title
        .or(root_text)
        .map(excerpt)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| w.text("thread_untitled"))
}

/// The members page's 90-9-1 profile against the rule and the 2016 benchmark; on other
/// pages, the most active 10 % of contributors' share of items against equal
/// participation. Only where the metric is defined, which needs at least 5 people.
fn participation_chart(w: &Writer, stats: &PageStats) -> Option<Chart> {
    let percent = |s: f64| w.percent(s);
    if let Some(p) = stats.m23_participation_profile.value() {
        let bars = [
            Bar {
                label: w.text("chart_this_community"),
                shares: vec![p.lurker_share, p.contributor_share, p.creator_share],
            },
            Bar {
                label: w.text("chart_rule_90_9_1"),
                shares: vec![0.90, 0.09, 0.01],
            },
            Bar {
                label: w.text("chart_benchmark_2016"),
                shares: vec![0.65, 0.15, 0.20],
            },
        ];
        let alt = w
            .text("chart_profile_alt")
            .replace("{lurkers}", &percent(p.lurker_share))
            .replace("{contributors}", &percent(p.contributor_share))
            .replace("{creators}", &percent(p.creator_share));
        let names = ["chart_lurkers", "chart_contributors", "chart_creators"].map(|k| w.text(k));
        return Some(stacked_bars(alt, &bars, &names, percent));
    }
    let top = *stats.m20_top_share.value()?;
    let contributors = *stats.m2_contributors.value()?;
    // Under equal participation the top ⌈10 %⌉ of n people write exactly their share.
    let equal = (contributors as f64 / 10.0).ceil() / contributors.max(1) as f64;
    let bars = [
        Bar {
            label: w.text("chart_this_page"),
            shares: vec![top, 1.0 - top],
        },
        Bar {
            label: w.text("chart_equal"),
            shares: vec![equal, 1.0 - equal],
        },
    ];
    let alt = w
        .text("chart_top_alt")
        .replace("{top}", &percent(top))
        .replace("{equal}", &percent(equal));
    let names = ["chart_top_10", "chart_others"].map(|k| w.text(k));
    Some(stacked_bars(alt, &bars, &names, percent))
}

/// The snapshot element's `data-json`: the summary's fields (the foundation contract)
/// plus `source` (where the figures come from) and `stats`, each metric
/// `{"value": …}` or `{"undefined": reason}`.
pub fn snapshot_json(
    summary: &PageSummary,
    stats: Option<&PageStats>,
    source: Option<Source>,
) -> serde_json::Result<String> {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        summary: &'a PageSummary,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<Source>,
        #[serde(skip_serializing_if = "Option::is_none")]
        stats: Option<&'a PageStats>,
    }
    serde_json::to_string(&Json {
        summary,
        source,
        stats,
    })
}

/// The published `data-json` as CSV, `figure,value` per line: nested values flattened
/// into dotted names (`stats.m8TimeToFirstResponse.medianSeconds`), an undefined metric
/// as `undefined: <reason>`. Page-level figures only, as published: no names.
pub fn data_csv(data_json: &str) -> serde_json::Result<String> {
    fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    // `{"value": x}` wrappers add nothing to a figure's name.
                    let name = match key.as_str() {
                        "value" => prefix.to_owned(),
                        "undefined" => {
                            out.push((
                                prefix.to_owned(),
                                format!("undefined: {}", v.as_str().unwrap_or_default()),
                            ));
                            continue;
                        }
                        _ if prefix.is_empty() => key.clone(),
                        _ => format!("{prefix}.{key}"),
                    };
                    flatten(&name, v, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    flatten(&format!("{prefix}.{i}"), v, out);
                }
            }
            Value::Null => out.push((prefix.to_owned(), String::new())),
            Value::String(s) => out.push((prefix.to_owned(), s.clone())),
            other => out.push((prefix.to_owned(), other.to_string())),
        }
    }
    let value: serde_json::Value = serde_json::from_str(data_json)?;
    let mut rows = Vec::new();
    flatten("", &value, &mut rows);
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut csv = String::from("figure,value\n");
    for (name, value) in rows {
        csv.push_str(&format!("{},{}\n", quote(&name), quote(&value)));
    }
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::shipped_locale as locale;
    use crate::model::{PageInfo, PageKind, PageSnapshot, Viewer};
    use crate::stats::{compute_all, StatsConfig, UndefinedReason};
    use serde_json::Value;

    fn empty_snapshot(kind: PageKind) -> PageSnapshot {
        PageSnapshot {
            kind,
            page: PageInfo::default(),
            threads: Vec::new(),
            loose_items: Vec::new(),
            members: Vec::new(),
            viewer: Viewer::default(),
            staff: Vec::new(),
            taken_at: 0,
        }
    }

    #[test]
    fn both_locales_have_every_panel_key_and_every_reason() {
        for lang in ["fr", "en"] {
            let m = locale(lang);
            for key in PANEL_MESSAGE_KEYS {
                assert_ne!(m.get(key), *key, "{lang} lacks {key}");
            }
            for reason in UndefinedReason::ALL {
                let key = format!("undefined_{}", reason.key());
                assert!(
                    PANEL_MESSAGE_KEYS.contains(&key.as_str()),
                    "{key} not listed"
                );
            }
        }
    }

    #[test]
    fn data_json_keeps_the_summary_contract_and_adds_stats() {
        let summary = PageSummary::empty(PageKind::SpClassicBlog);
        let plain: Value =
            serde_json::from_str(&snapshot_json(&summary, None, None).unwrap()).unwrap();
        assert_eq!(plain, serde_json::to_value(&summary).unwrap());
        let snapshot = empty_snapshot(PageKind::SpClassicBlog);
        let stats = compute_all(&snapshot, &StatsConfig::default(), 0);
        let json: Value = serde_json::from_str(
            &snapshot_json(&summary, Some(&stats), Some(Source::RestDom)).unwrap(),
        )
        .unwrap();
        assert_eq!(json["pageKind"], "sp-classic-blog");
        assert_eq!(json["source"], "rest+dom");
        assert_eq!(
            json["stats"]["m19Gini"]["undefined"],
            "too_few_contributors"
        );
        assert_eq!(json["stats"].as_object().unwrap().len(), 22);
    }

    #[test]
    fn csv_flattens_figures_and_explains_undefined_ones() {
        let json = r#"{"pageKind":"sp-classic-blog","pageLikes":null,"items":3,
            "stats":{"m1Items":{"value":3},"m19Gini":{"undefined":"too_few_contributors"},
            "m3Reactions":{"value":{"totalLikes":4,"likesPerItem":1.5}},
            "m9ThreadsWithoutResponse":{"value":{"oldestFirst":[{"threadId":"a,b"}]}}}}"#;
        let csv = data_csv(json).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "figure,value");
        for expected in [
            "items,3",
            "pageKind,sp-classic-blog",
            "pageLikes,",
            "stats.m1Items,3",
            "stats.m19Gini,undefined: too_few_contributors",
            "stats.m3Reactions.totalLikes,4",
            "stats.m3Reactions.likesPerItem,1.5",
            "stats.m9ThreadsWithoutResponse.oldestFirst.0.threadId,\"a,b\"",
        ] {
            assert!(lines.contains(&expected), "missing {expected} in\n{csv}");
        }
        assert!(data_csv("not json").is_err());
    }

    #[test]
    fn durations_and_percentages_read_naturally() {
        let fr = locale("fr");
        let w = Writer {
            messages: &fr,
            lang: Lang::Fr,
        };
        assert_eq!(w.duration(2880), "48 min");
        assert_eq!(w.duration(3 * 3600), "3 h");
        assert_eq!(w.duration(3 * 3600 + 300), "3 h 5 min");
        assert_eq!(w.duration(2 * 86_400 + 4 * 3600 + 59), "2 j 4 h");
        assert_eq!(w.percent(0.333), "33\u{202F}%");
        let en = locale("en");
        let w = Writer {
            messages: &en,
            lang: Lang::En,
        };
        assert_eq!(w.duration(86_400), "1 d");
        assert_eq!(w.percent(1.0), "100%");
    }

    #[test]
    fn an_empty_page_explains_rather_than_shows_zeros() {
        let snapshot = empty_snapshot(PageKind::SpModernPage);
        let stats = compute_all(&snapshot, &StatsConfig::default(), 0);
        let en = locale("en");
        let rows = panel_rows(&stats, &en, Lang::En);
        assert_eq!(rows.len(), 9);
        let gini = rows
            .iter()
            .find(|r| r.label == en.get("stat_gini"))
            .unwrap();
        assert_eq!(gini.value, en.get("undefined_too_few_contributors"));
        assert!(rows
            .iter()
            .all(|r| !r.value.is_empty() && !r.value.starts_with("undefined_")));
    }

    mod view {
        use super::*;
        use crate::model::{Item, ThreadKind};
        use crate::stats::test_support::*;

        fn view_of(snapshot: &PageSnapshot, now: i64, lang: &str) -> PanelView {
            let stats = compute_all(snapshot, &StatsConfig::default(), now);
            let messages = locale(lang);
            let lang = if lang == "fr" { Lang::Fr } else { Lang::En };
            let findings = crate::nudges::hints::published_findings(
                snapshot,
                &crate::moderation::AnalyzerConfig::default(),
            );
            let review = Review {
                hints: &[],
                findings: &findings,
            };
            panel_view(&stats, snapshot, &messages, lang, now, Some(review))
        }

        fn question(id: &str, author: &str, utc: i64, title: &str) -> Thread {
            let mut root = item(&format!("{id}-root"), author, utc);
            root.author_name = Some(format!("{author} Lastname"));
            let mut t = thread(id, ThreadKind::Question, vec![root]);
            t.title = Some(title.into());
            t
        }

        #[test]
        fn waiting_threads_oldest_first_with_titles_ages_and_no_names() {
            let now = MON + 14 * DAY;
            let answered = {
                let mut t = question("t3", "cy", MON, "Answered");
                t.items.push(reply("t3-r", "dan", "t3-root", MON + HOUR));
                t
            };
            let snapshot = snapshot(vec![
                question("t1", "ann", MON + 2 * DAY, "Newer question"),
                question("t2", "bob", MON + DAY, "Older question"),
                answered,
            ]);
            let view = view_of(&snapshot, now, "en");
            let waiting = view.waiting.as_ref().unwrap();
            let labels: Vec<&str> = waiting.entries.iter().map(|e| e.label.as_str()).collect();
            assert_eq!(labels, ["Older question", "Newer question"]);
            assert_eq!(waiting.entries[0].item_id, "t2-root");
            assert_eq!(waiting.entries[0].detail, "waiting 13 d");
            assert_eq!(
                waiting.entries[0].jump_label,
                "Go to thread: Older question"
            );
            assert_eq!(waiting.note, None);
            let json = serde_json::to_string(&view).unwrap();
            for name in ["ann", "bob", "Lastname"] {
                assert!(!json.contains(name), "{name} in {json}");
            }
        }

        #[test]
        fn comments_are_named_by_their_first_words_and_long_lists_are_cut() {
            let now = MON + 30 * DAY;
            let comments: Vec<Item> = (0..13)
                .map(|i| {
                    let mut c = item(&format!("c{i}"), &format!("p{i}"), MON + i * HOUR);
                    c.text = Some(format!("  Comment   number {i} {}", "long ".repeat(20)));
                    c
                })
                .collect();
            let mut section = thread("page", ThreadKind::Comments, comments);
            section.title = Some("The page title".into());
            let view = view_of(&snapshot(vec![section]), now, "fr");
            let waiting = view.waiting.unwrap();
            assert_eq!(waiting.entries.len(), MAX_LISTED);
            let first = &waiting.entries[0].label;
            assert!(first.starts_with("Comment number 0 long"), "{first}");
            assert!(first.ends_with('…') && first.chars().count() == EXCERPT_CHARS + 1);
            assert_eq!(waiting.note.as_deref(), Some("et 3 de plus"));
            assert!(waiting.entries[0].detail.starts_with("depuis "));
        }

        #[test]
        fn nothing_waiting_says_so_and_an_empty_page_has_no_list() {
            let answered = {
                let mut t = question("t", "a", MON, "Q");
                t.items.push(reply("r", "b", "t-root", MON + HOUR));
                t
            };
            let view = view_of(&snapshot(vec![answered]), MON + 9 * DAY, "en");
            let waiting = view.waiting.unwrap();
            assert!(waiting.entries.is_empty());
            assert_eq!(
                waiting.note.as_deref(),
                Some("No thread is waiting for a response.")
            );
            assert!(view_of(&snapshot(vec![]), MON, "en").waiting.is_none());
        }

        #[test]
        fn hints_list_their_text_their_threads_and_jump_to_the_oldest() {
            use crate::nudges::hints::{CmHint, HintId};
            let s = snapshot(vec![
                question("a", "ann", MON, "First"),
                question("b", "bob", MON + 3600, "Second"),
            ]);
            let stats = compute_all(&s, &StatsConfig::default(), MON + 90_000);
            let hints = [
                CmHint {
                    id: HintId::H1,
                    threads: vec!["a".into(), "b".into()],
                    items: vec![],
                },
                CmHint {
                    id: HintId::H7,
                    threads: vec![],
                    items: vec![],
                },
            ];
            let en = locale("en");
            let review = Review {
                hints: &hints,
                findings: &[],
            };
            let view = panel_view(&stats, &s, &en, Lang::En, MON, Some(review));
            let list = view.hints.as_ref().unwrap();
            assert_eq!(list.entries[0].label, en.get("hint_h1"));
            assert_eq!(list.entries[0].detail, "2 threads");
            assert_eq!(list.entries[0].item_id, "a-root");
            // A page-level hint: nothing to jump to, and nobody named.
            assert_eq!(list.entries[1].item_id, "");
            assert!(list
                .entries
                .iter()
                .all(|e| !e.label.contains("Lastname") && !e.detail.contains("Lastname")));
            let summary = PageSummary::empty(crate::model::PageKind::SpClassicDiscussionList);
            let lines = badge_lines(&en, &summary, Lang::En, Some(&view));
            assert_eq!(lines.last().unwrap(), "2 hints");
            // Not in community-manager mode: no hints, no count.
            let plain = panel_view(&stats, &s, &en, Lang::En, MON, None);
            assert!(plain.hints.is_none());
            assert_ne!(
                badge_lines(&en, &summary, Lang::En, Some(&plain))
                    .last()
                    .unwrap(),
                "2 hints"
            );
        }

        #[test]
        fn the_chart_needs_five_people_and_names_nobody() {
            let few = snapshot(vec![thread(
                "t",
                ThreadKind::Discussion,
                (0..4)
                    .map(|i| item(&format!("i{i}"), &format!("p{i}"), MON))
                    .collect(),
            )]);
            assert!(view_of(&few, MON, "en").chart.is_none());
            // p0 writes 6 of 10 items: the most active 10 % (1 person of 5) wrote 60 %.
            let items: Vec<Item> = (0..10)
                .map(|i| {
                    let who = if i < 6 { 0 } else { i - 5 };
                    item(&format!("i{i}"), &format!("person{who}"), MON)
                })
                .collect();
            let many = snapshot(vec![thread("t", ThreadKind::Discussion, items)]);
            let chart = view_of(&many, MON, "en").chart.unwrap();
            assert_eq!(
                chart.label,
                "On this page the most active 10% of participants wrote 60% of the messages; \
                 with equal participation it would be 20%."
            );
            let json = serde_json::to_string(&chart).unwrap();
            assert!(!json.contains("person"));
            assert!(json.contains("Equal participation"));
        }

        #[test]
        fn messages_to_review_most_severe_first_named_by_first_words() {
            let said = |id: &str, who: &str, text: &str| {
                let mut i = item(id, who, MON);
                i.text = Some(text.into());
                i
            };
            let section = thread(
                "page",
                ThreadKind::Comments,
                vec![
                    said("a", "ann", "Merci pour ce compte rendu très clair."),
                    said(
                        "b",
                        "bob",
                        "Écrivez-moi à bob.martin@contoso.fr pour la suite.",
                    ),
                    said("c", "cy", "Je vais te casser la gueule si tu recommences."),
                    said("d", "dan", "VRAIMENT SUPER !!!!!!"),
                ],
            );
            let s = snapshot(vec![section]);
            let view = view_of(&s, MON + DAY, "fr");
            let review = view.review.as_ref().unwrap();
            assert_eq!(review.name, "review");
            let ids: Vec<&str> = review.entries.iter().map(|e| e.item_id.as_str()).collect();
            // The threat (severity 3) before the e-mail address; the thank-you and the
            // shouting are not for review.
            assert_eq!(ids, ["c", "b"]);
            assert!(review.entries[1].label.starts_with("Écrivez-moi"));
            assert!(!review.entries[1].detail.is_empty());
            // Off unless community-manager mode is on.
            let stats = compute_all(&s, &StatsConfig::default(), MON);
            let off = panel_view(&stats, &s, &locale("fr"), Lang::Fr, MON, None);
            assert!(off.review.is_none());
            assert_eq!(
                view.jump_entries().count(),
                view.waiting.as_ref().map_or(0, |w| w.entries.len()) + 2
            );
        }
    }
}
