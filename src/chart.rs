//! The panel's participation chart as SVG shapes: geometry computed here (pure, tested
//! natively), drawn by whichever edge shows the panel (the in-page overlay, or the loader
//! for the strict-CSP fallback) by creating one SVG element per [`SvgNode`]. No page
//! text ever goes into it: only our labels and numbers.
//!
//! Bars are 100 % stacked: each segment's width is its share. Colour is never the only
//! cue — every segment carries its percentage and the legend names segments in order —
//! because forced-colours mode paints all fills alike.

use serde::Serialize;

pub const WIDTH: u32 = 300;
const BAR_HEIGHT: u32 = 16;
/// A label line above each bar, then the bar, then a gap.
const ROW_HEIGHT: u32 = 40;
const LEGEND_HEIGHT: u32 = 20;
/// Segment fills, in segment order; readable on the overlay's dark card.
const FILLS: [&str; 3] = ["#9fb3c8", "#f0b429", "#3ebd93"];
const TEXT_FILL: &str = "#ffffff";
const LABEL_FILL: &str = "#102a43";
/// Narrower segments than this carry no percentage inside (it would not fit); the
/// legend and the text alternative still give it.
const MIN_LABELLED_WIDTH: f64 = 34.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SvgNode {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub text: Option<String>,
}

/// A chart ready to draw: `<svg viewBox="0 0 width height" role="img"
/// aria-label=label>` holding `nodes` in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    pub label: String,
    pub width: u32,
    pub height: u32,
    pub nodes: Vec<SvgNode>,
}

pub struct Bar {
    pub label: String,
    /// Shares in segment order; they are scaled to fill the bar when they do not sum
    /// to exactly 1.
    pub shares: Vec<f64>,
}

fn node(tag: &'static str, attrs: Vec<(&'static str, String)>, text: Option<String>) -> SvgNode {
    SvgNode { tag, attrs, text }
}

fn text(x: f64, y: u32, fill: &str, anchor: &str, content: String) -> SvgNode {
    node(
        "text",
        vec![
            ("x", format!("{x:.1}")),
            ("y", y.to_string()),
            ("fill", fill.into()),
            ("font-size", "11".into()),
            ("text-anchor", anchor.into()),
        ],
        Some(content),
    )
}

/// Stacked bars, one per row, with a legend naming the segments. `percent` formats a
/// share the way the panel does ("33 %" in French).
pub fn stacked_bars(
    label: String,
    bars: &[Bar],
    segment_names: &[String],
    percent: impl Fn(f64) -> String,
) -> Chart {
    let mut nodes = Vec::new();
    for (row, bar) in bars.iter().enumerate() {
        let top = row as u32 * ROW_HEIGHT;
        nodes.push(text(0.0, top + 12, TEXT_FILL, "start", bar.label.clone()));
        let total: f64 = bar.shares.iter().filter(|s| s.is_finite()).sum();
        let mut x = 0.0;
        for (i, share) in bar.shares.iter().enumerate() {
            let share = if total > 0.0 && share.is_finite() {
                share.max(0.0) / total
            } else {
                0.0
            };
            let width = share * f64::from(WIDTH);
            if width <= 0.0 {
                continue;
            }
            nodes.push(node(
                "rect",
                vec![
                    ("x", format!("{x:.1}")),
                    ("y", (top + 16).to_string()),
                    ("width", format!("{width:.1}")),
                    ("height", BAR_HEIGHT.to_string()),
                    ("fill", FILLS[i % FILLS.len()].into()),
                    ("stroke", TEXT_FILL.into()),
                    ("stroke-width", "1".into()),
                ],
                None,
            ));
            if width >= MIN_LABELLED_WIDTH {
                nodes.push(text(
                    x + width / 2.0,
                    top + 28,
                    LABEL_FILL,
                    "middle",
                    percent(share),
                ));
            }
            x += width;
        }
    }
    let legend_top = bars.len() as u32 * ROW_HEIGHT;
    let slot = f64::from(WIDTH) / segment_names.len().max(1) as f64;
    for (i, name) in segment_names.iter().enumerate() {
        let x = i as f64 * slot;
        nodes.push(node(
            "rect",
            vec![
                ("x", format!("{x:.1}")),
                ("y", (legend_top + 4).to_string()),
                ("width", "10".into()),
                ("height", "10".into()),
                ("fill", FILLS[i % FILLS.len()].into()),
                ("stroke", TEXT_FILL.into()),
            ],
            None,
        ));
        nodes.push(text(
            x + 14.0,
            legend_top + 13,
            TEXT_FILL,
            "start",
            name.clone(),
        ));
    }
    Chart {
        label,
        width: WIDTH,
        height: legend_top + LEGEND_HEIGHT,
        nodes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: f64) -> String {
        format!("{}%", (s * 100.0).round())
    }

    fn rect_widths(chart: &Chart, row_top: u32) -> Vec<f64> {
        chart
            .nodes
            .iter()
            .filter(|n| n.tag == "rect")
            .filter(|n| n.attrs.contains(&("y", (row_top + 16).to_string())))
            .map(|n| {
                n.attrs
                    .iter()
                    .find(|(k, _)| *k == "width")
                    .unwrap()
                    .1
                    .parse()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn segments_fill_the_bar_in_proportion() {
        let bars = [
            Bar {
                label: "page".into(),
                shares: vec![0.9, 0.09, 0.01],
            },
            Bar {
                label: "ref".into(),
                shares: vec![2.0, 1.0, 1.0],
            },
        ];
        let names = ["a".to_string(), "b".into(), "c".into()];
        let chart = stacked_bars("alt".into(), &bars, &names, pct);
        let first = rect_widths(&chart, 0);
        assert_eq!(first, vec![270.0, 27.0, 3.0]);
        // Unnormalised shares are scaled to the bar.
        assert_eq!(rect_widths(&chart, ROW_HEIGHT), vec![150.0, 75.0, 75.0]);
        let texts: Vec<&str> = chart
            .nodes
            .iter()
            .filter_map(|n| n.text.as_deref())
            .collect();
        // Too narrow for its percentage: the 1 % and 9 % segments (3 and 27 px).
        assert!(texts.contains(&"90%") && !texts.contains(&"1%") && !texts.contains(&"9%"));
        assert!(texts.contains(&"50%") && texts.contains(&"25%"));
        for label in ["page", "ref", "a", "b", "c"] {
            assert!(texts.contains(&label));
        }
        assert_eq!(chart.height, 2 * ROW_HEIGHT + LEGEND_HEIGHT);
    }

    #[test]
    fn empty_or_broken_shares_draw_no_segment() {
        let bars = [Bar {
            label: "x".into(),
            shares: vec![0.0, f64::NAN, -1.0],
        }];
        let chart = stacked_bars("alt".into(), &bars, &[], pct);
        assert!(rect_widths(&chart, 0).is_empty());
    }
}
