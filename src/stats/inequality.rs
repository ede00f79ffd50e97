//! Inequality of participation, M19–M22, over items per contributor (the M2
//! population). The formulas are public and take plain counts, so they are testable
//! apart from pages; the page metrics only add the population and the gate.
//!
//! Decision: all four metrics (not only M19, which the research gates) need at least
//! `min_contributors_for_inequality` contributors. With two or three people a
//! "dominance" or "top-10 % share" describes individuals rather than a distribution,
//! which the guardrails rule out.

use super::{contributions_per_author, Metric, StatsConfig, UndefinedReason};
use crate::dates::UnixSeconds;
use crate::model::PageSnapshot;

/// Small-sample corrected Gini: G = [2 Σ k·c(k) / (n Σc) − (n+1)/n] · n/(n−1), with c
/// ascending and k = 1..n. `None` for fewer than two counts or a zero total.
pub fn gini(counts: &[u64]) -> Option<f64> {
    let n = counts.len();
    let total: u64 = counts.iter().sum();
    if n < 2 || total == 0 {
        return None;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as f64 + 1.0) * c as f64)
        .sum();
    let n = n as f64;
    let g = 2.0 * weighted / (n * total as f64) - (n + 1.0) / n;
    Some(g * n / (n - 1.0))
}

/// Share of all items written by the most active ⌈percent · n / 100⌉ contributors
/// (integer rounding, so 10 % of 30 is exactly 3).
pub fn top_share(counts: &[u64], percent: u32) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    if counts.is_empty() || total == 0 {
        return None;
    }
    // u64, not usize: on wasm32 a usize product could overflow.
    let n = counts.len() as u64;
    let top = (n * u64::from(percent)).div_ceil(100).clamp(1, n) as usize;
    let mut sorted = counts.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top_items: u64 = sorted[..top].iter().sum();
    Some(top_items as f64 / total as f64)
}

/// The largest single share.
pub fn largest_share(counts: &[u64]) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    let max = *counts.iter().max()?;
    (total > 0).then(|| max as f64 / total as f64)
}

/// Effective number of voices: 1 / Σ p² (the inverse Herfindahl index).
pub fn effective_voices(counts: &[u64]) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let total = total as f64;
    let concentration: f64 = counts.iter().map(|&c| (c as f64 / total).powi(2)).sum();
    Some(1.0 / concentration)
}

/// Items per contributor (the M2 population), in no particular order.
pub(crate) fn population(snapshot: &PageSnapshot, config: &StatsConfig) -> Vec<u64> {
    contributions_per_author(snapshot, config)
        .into_values()
        .collect()
}

/// `f` of the population, when there are enough contributors to speak of a
/// distribution. The stages compute the population once for M2, M4 and M19–M22.
pub(crate) fn gated_from(
    counts: &[u64],
    config: &StatsConfig,
    f: impl FnOnce(&[u64]) -> Option<f64>,
) -> Metric<f64> {
    let needed = config.min_contributors_for_inequality.max(2);
    if counts.len() < needed {
        return Metric::undefined(UndefinedReason::TooFewContributors);
    }
    f(counts).map_or(
        Metric::undefined(UndefinedReason::TooFewContributors),
        Metric::Value,
    )
}

fn gated(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    f: impl FnOnce(&[u64]) -> Option<f64>,
) -> Metric<f64> {
    gated_from(&population(snapshot, config), config, f)
}

/// M19 Gini of contributions.
pub fn m19_gini(snapshot: &PageSnapshot, config: &StatsConfig, _now: UnixSeconds) -> Metric<f64> {
    gated(snapshot, config, gini)
}

/// M20 share of the most active `top_percent` % of contributors.
pub fn m20_top_share(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<f64> {
    gated(snapshot, config, |c| top_share(c, config.top_percent))
}

/// M21 dominance: the largest single share — a share, never a name.
pub fn m21_dominance(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<f64> {
    gated(snapshot, config, largest_share)
}

/// M22 effective number of voices.
pub fn m22_effective_voices(
    snapshot: &PageSnapshot,
    config: &StatsConfig,
    _now: UnixSeconds,
) -> Metric<f64> {
    gated(snapshot, config, effective_voices)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{Item, ThreadKind};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn gini_worked_examples() {
        // [1,1,2,3,5]: n = 5, Σc = 12, Σ k·c = 1·1 + 2·1 + 3·2 + 4·3 + 5·5 = 46.
        // 2·46 / (5·12) = 92/60; (n+1)/n = 72/60; difference 20/60 = 1/3; × 5/4 = 5/12.
        assert!(close(gini(&[3, 1, 5, 1, 2]).unwrap(), 5.0 / 12.0));
        // Equal counts: 2·30/50 − 6/5 = 0.
        assert!(close(gini(&[2, 2, 2, 2, 2]).unwrap(), 0.0));
        // [1,1,1,1,96]: Σ k·c = 1+2+3+4+480 = 490; 980/500 − 1.2 = 0.76; × 1.25 = 0.95.
        assert!(close(gini(&[1, 1, 1, 1, 96]).unwrap(), 0.95));
        // One person has everything (others 0): corrected to exactly 1.
        // Σ k·c = 5·10 = 50; 100/50 − 1.2 = 0.8; × 1.25 = 1.
        assert!(close(gini(&[0, 0, 0, 0, 10]).unwrap(), 1.0));
        assert_eq!(gini(&[4]), None);
        assert_eq!(gini(&[0, 0]), None);
    }

    #[test]
    fn top_share_worked_examples() {
        // n = 5 → ⌈0.5⌉ = 1 person: 5 of 12.
        assert!(close(top_share(&[1, 1, 2, 3, 5], 10).unwrap(), 5.0 / 12.0));
        // n = 11 → ⌈1.1⌉ = 2 people: counts nine 1s, 5 and 10 → (10 + 5) / 24.
        let mut counts = vec![1; 9];
        counts.extend([5, 10]);
        assert!(close(top_share(&counts, 10).unwrap(), 15.0 / 24.0));
        // n = 30 → exactly 3 (floating 0.1 × 30 would round up to 4): 3 of 30.
        assert!(close(top_share(&[1; 30], 10).unwrap(), 0.1));
        assert_eq!(top_share(&[], 10), None);
    }

    #[test]
    fn dominance_and_effective_voices_worked_examples() {
        // [1,1,2,3,5]: largest 5/12; Σp² = (1+1+4+9+25)/144 = 40/144 → 144/40 = 3.6.
        assert!(close(largest_share(&[1, 1, 2, 3, 5]).unwrap(), 5.0 / 12.0));
        assert!(close(effective_voices(&[1, 1, 2, 3, 5]).unwrap(), 3.6));
        // Five equal voices → 5.
        assert!(close(effective_voices(&[2; 5]).unwrap(), 5.0));
        assert_eq!(largest_share(&[]), None);
        assert_eq!(effective_voices(&[]), None);
    }

    /// A discussion where `counts[i]` items are written by author `p{i}`.
    fn page_with(counts: &[u64], staff_items: u64) -> PageSnapshot {
        let mut items: Vec<Item> = vec![item("root", "mod", MON)];
        for (p, &n) in counts.iter().enumerate() {
            for k in 0..n {
                items.push(reply(&format!("p{p}-{k}"), &format!("p{p}"), "root", MON));
            }
        }
        for k in 1..staff_items {
            items.push(reply(&format!("mod-{k}"), "mod", "root", MON));
        }
        let mut s = snapshot(vec![thread("d", ThreadKind::Discussion, items)]);
        s.staff = vec!["mod".into()];
        s
    }

    #[test]
    fn page_metrics_over_five_contributors() {
        // The moderator's 40 items are left out; the five others write 1,1,2,3,5.
        let s = page_with(&[1, 1, 2, 3, 5], 40);
        let c = StatsConfig::default();
        assert!(close(*m19_gini(&s, &c, MON).value().unwrap(), 5.0 / 12.0));
        assert!(close(
            *m20_top_share(&s, &c, MON).value().unwrap(),
            5.0 / 12.0
        ));
        assert!(close(
            *m21_dominance(&s, &c, MON).value().unwrap(),
            5.0 / 12.0
        ));
        assert!(close(
            *m22_effective_voices(&s, &c, MON).value().unwrap(),
            3.6
        ));
    }

    #[test]
    fn fewer_than_five_contributors_is_undefined() {
        let s = page_with(&[1, 2, 3, 4], 1);
        let c = StatsConfig::default();
        for m in [
            m19_gini(&s, &c, MON),
            m20_top_share(&s, &c, MON),
            m21_dominance(&s, &c, MON),
            m22_effective_voices(&s, &c, MON),
        ] {
            assert_eq!(m.reason(), Some(UndefinedReason::TooFewContributors));
        }
    }

    #[test]
    fn staff_count_when_not_excluded() {
        // With the moderator kept, six contributors: 1,1,2,3,5 and the moderator's 10
        // (root + 9). Largest share 10 of 22.
        let s = page_with(&[1, 1, 2, 3, 5], 10);
        let c = StatsConfig {
            exclude_staff: false,
            ..StatsConfig::default()
        };
        assert!(close(
            *m21_dominance(&s, &c, MON).value().unwrap(),
            10.0 / 22.0
        ));
    }

    #[test]
    fn a_lower_gate_still_never_divides_by_zero() {
        let c = StatsConfig {
            min_contributors_for_inequality: 0,
            ..StatsConfig::default()
        };
        let s = page_with(&[3], 1);
        assert_eq!(
            m19_gini(&s, &c, MON).reason(),
            Some(UndefinedReason::TooFewContributors)
        );
        let empty = snapshot(vec![]);
        assert_eq!(
            m22_effective_voices(&empty, &c, MON).reason(),
            Some(UndefinedReason::TooFewContributors)
        );
    }
}
