//! The gate's promises over long random sequences of page views and reactions: the caps
//! (1 per view, 3 per rolling day, 10 per rolling week, 30 min apart) are never
//! exceeded, a dismissed nudge never returns, and nothing shows outside working hours
//! or while snoozed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use animateur::model::{Confidence, Viewer};
use animateur::nudges::gate::{decide, Caps, GateSettings, Moment};
use animateur::nudges::history::{History, LogEntry, Outcome, DAY};
use animateur::nudges::{Candidate, RuleId, Target};
use common::XorShift;

/// Monday 2026-11-23 00:00 UTC.
const START: i64 = 1_795_392_000;

#[test]
fn caps_and_dismissals_hold_over_random_sequences() {
    let viewer = Viewer {
        key: Some("id:1".into()),
        confidence: Confidence::High,
    };
    let settings = GateSettings {
        tips: true,
        ..GateSettings::default()
    };
    let caps = Caps::default();
    let yes = |_: &Candidate| true;
    let mut shown_total = 0;
    for seed in 1..=40u64 {
        let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut history = History::default();
        let mut now = START;
        let mut shown: Vec<i64> = Vec::new();
        let mut dismissed: Vec<(RuleId, String)> = Vec::new();
        for _ in 0..400 {
            now += (rng.next() % (3 * 3600)) as i64;
            let page = rng.pick(&["p0", "p1", "p2", "p3"]).to_owned();
            let candidates: Vec<Candidate> = (0..rng.next() % 4)
                .map(|_| {
                    let rule = RuleId::ALL[(rng.next() % RuleId::ALL.len() as u64) as usize];
                    let object = format!("t{}", rng.next() % 12);
                    Candidate {
                        rule,
                        target: Target::Thread(object.clone()),
                        object,
                        author: Some(format!("id:{}", 1 + rng.next() % 5)),
                    }
                })
                .collect();
            let moment = Moment {
                now,
                page: &page,
                tab_visible: rng.next() % 10 != 0,
                typing: rng.next() % 10 == 0,
                shown_this_view: 0,
                viewer: &viewer,
                has_control: &yes,
            };
            let decision = decide(candidates, &settings, &moment, &history);
            let Some(nudge) = decision.show else { continue };
            assert!(
                settings.hours.is_open(now),
                "seed {seed}: outside working hours"
            );
            assert!(nudge.author.as_deref() != Some("id:1") || nudge.rule.self_directed());
            assert!(
                !dismissed.contains(&(nudge.rule, nudge.object.clone())),
                "seed {seed}: a dismissed nudge came back"
            );
            assert!(history.paused_until.is_none_or(|t| t <= now));
            if let Some(&last) = shown.last() {
                assert!(now - last >= caps.min_gap_secs, "seed {seed}: gap");
            }
            shown.push(now);
            let within = |span: i64| shown.iter().filter(|&&t| t > now - span).count() as u32;
            assert!(within(DAY) <= caps.per_day, "seed {seed}: day cap");
            assert!(within(7 * DAY) <= caps.per_week, "seed {seed}: week cap");
            shown_total += 1;
            let log = |outcome| LogEntry {
                at: now,
                page: page.clone(),
                rule: nudge.rule,
                object: nudge.object.clone(),
                outcome,
            };
            history.record(log(Outcome::Shown));
            match rng.next() % 6 {
                0 => {
                    history.record(log(Outcome::Dismissed));
                    dismissed.push((nudge.rule, nudge.object.clone()));
                }
                1 => history.record(log(Outcome::Snoozed { until: now + DAY })),
                2 => history.record(log(Outcome::Acted)),
                3 => history.paused_until = Some(now + 2 * 3600),
                _ => {}
            }
            // A second decision in the same view never shows another nudge.
            let again = Moment {
                shown_this_view: 1,
                ..moment
            };
            assert!(decide(
                vec![Candidate {
                    rule: RuleId::R20,
                    object: "fresh".into(),
                    target: Target::Thread("fresh".into()),
                    author: None
                }],
                &settings,
                &again,
                &history
            )
            .show
            .is_none());
            history.prune(now);
        }
    }
    assert!(
        shown_total > 200,
        "the sequences did show nudges ({shown_total})"
    );
}
