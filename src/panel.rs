//! The community-manager panel's key figures, as label/value text rows. Pure, so the
//! in-page overlay and the strict-CSP fallback draw the same rows, and the wording is
//! tested natively. Figures are page-level aggregates only (no names, no ranking).

use crate::i18n::{format_count, Lang, Messages};
use crate::model::{PageSummary, Source};
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
];

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
}
