//! Native timing of the moderation analyzer, stage by stage (issue 4, performance).
//! Not a pass/fail test: `make bench` measures the shipped wasm against obscenity; this
//! says where native time goes, and runs under `perf record` as it is.
//!
//! `BENCH_CORPUS=a.txt:b.txt cargo test --release --test moderation_perf -- --ignored
//! --nocapture` (one message per line; without it, the seeded drafts of the golden test).
#![cfg(not(target_arch = "wasm32"))]

use animateur::moderation::{
    analyze, confidential, identity, lexicon, normalize::Normalized, personal_data, shouting,
    unreadable, AnalyzerConfig,
};
use std::time::Instant;

fn corpus() -> Vec<String> {
    match std::env::var("BENCH_CORPUS") {
        Ok(files) => files
            .split(':')
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .expect("corpus file")
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect(),
        Err(_) => (0..2000)
            .map(|i| format!("Bonjour à tous, la réunion {i} est décalée à jeudi, merci."))
            .collect(),
    }
}

fn time(label: &str, bytes: usize, rounds: usize, mut f: impl FnMut()) {
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t0 = Instant::now();
        f();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "{label:<28} {:>9.2} ms  {:>8.1} MB/s",
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
}

#[test]
#[ignore]
fn stages() {
    let lines = corpus();
    let bytes: usize = lines.iter().map(String::len).sum();
    let config = AnalyzerConfig::default();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    println!("{} messages, {:.2} MB", lines.len(), bytes as f64 / 1e6);
    let t0 = Instant::now();
    let lex = lexicon::builtin();
    println!("lexicon build {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let _ = analyze("warm up", &config);
    // BENCH_PASTE_ONLY=1: only the 1 MB paste (to profile it alone).
    let paste_only = std::env::var_os("BENCH_PASTE_ONLY").is_some();
    time("analyze (all)", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(analyze(l, &config));
        }
    });
    let stage_rounds = if paste_only { 0 } else { rounds };
    let rounds = stage_rounds;
    time("normalize", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(Normalized::new(l));
        }
    });
    let normalized: Vec<Normalized> = lines
        .iter()
        .map(|l| {
            let mut n = Normalized::new(l);
            lex.unmask(&mut n);
            n
        })
        .collect();
    time("lexicon find", bytes, rounds, || {
        for n in &normalized {
            std::hint::black_box(lex.find(n));
        }
    });
    time("insult constructions", bytes, rounds, || {
        for n in &normalized {
            std::hint::black_box(lexicon::insult_constructions(n));
        }
    });
    time("masked words", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(lexicon::masked_words(l));
        }
    });
    time("identity+defamation", bytes, rounds, || {
        for (l, n) in lines.iter().zip(&normalized) {
            let m = lex.find(n);
            std::hint::black_box(identity::find(l, n, &m));
            std::hint::black_box(animateur::moderation::defamation::find(l, n, &m));
        }
    });
    time("confidential", bytes, rounds, || {
        for n in &normalized {
            std::hint::black_box(confidential::find(n, &[]));
        }
    });
    time("personal data", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(personal_data::find(l));
        }
    });
    time("shouting", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(shouting::find(l));
        }
    });
    time("unreadable", bytes, rounds, || {
        for l in &lines {
            std::hint::black_box(unreadable::find(l));
        }
    });
    // Typing a 2,000-character draft (as the wasm bench builds it), one character at a
    // time: whole analysis vs the incremental session.
    let draft: String = {
        let mut d = String::new();
        for l in &lines {
            if d.chars().count() >= 2000 {
                break;
            }
            let sep = if d.encode_utf16().count() % 3 != 0 {
                ' '
            } else {
                '\n'
            };
            d.push_str(l);
            d.push(sep);
        }
        d.chars().take(2000).collect()
    };
    let prefixes: Vec<String> = (1..=draft.chars().count())
        .map(|i| draft.chars().take(i).collect())
        .collect();
    let typing = |label: &str, f: &mut dyn FnMut(&str)| {
        let mut samples: Vec<f64> = Vec::new();
        for p in &prefixes {
            let t0 = Instant::now();
            f(p);
            samples.push(t0.elapsed().as_secs_f64() * 1e6);
        }
        if std::env::var_os("BENCH_SLOWEST").is_some() {
            let mut idx: Vec<usize> = (0..samples.len()).collect();
            idx.sort_by(|&a, &b| samples[b].total_cmp(&samples[a]));
            for &i in idx.iter().take(12) {
                let p = &prefixes[i];
                let tail: String = p
                    .chars()
                    .rev()
                    .take(50)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                println!("  {:>7.1} µs  …{tail:?}", samples[i]);
            }
        }
        samples.sort_by(f64::total_cmp);
        let q = |x: f64| samples[((samples.len() as f64 * x) as usize).min(samples.len() - 1)];
        println!(
            "{label:<28} p50 {:>7.1} µs  p99 {:>7.1} µs",
            q(0.5),
            q(0.99)
        );
    };
    // BENCH_TYPING_ONLY=n: only n rounds of incremental typing (to profile it alone).
    if let Some(n) = std::env::var("BENCH_TYPING_ONLY")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        for _ in 0..n {
            let mut session = animateur::moderation::incremental::DraftSession::new(config.clone());
            typing("keystroke, incremental", &mut |t| {
                std::hint::black_box(session.update(t));
            });
        }
        return;
    }
    if !paste_only {
        typing("keystroke, whole analysis", &mut |t| {
            std::hint::black_box(analyze(t, &config));
        });
        let mut session = animateur::moderation::incremental::DraftSession::new(config.clone());
        typing("keystroke, incremental", &mut |t| {
            std::hint::black_box(session.update(t));
        });
    }
    let paste = {
        let joined = lines.join("\n");
        let mut p = String::new();
        while p.len() < 1 << 20 {
            p.push_str(&joined);
            p.push('\n');
        }
        let mut cut = 1 << 20;
        while !p.is_char_boundary(cut) {
            cut -= 1;
        }
        p.truncate(cut);
        p
    };
    let paste_rounds = if paste_only { 10 } else { 3 };
    time("1 MB paste", paste.len(), paste_rounds, || {
        std::hint::black_box(analyze(&paste, &config));
    });
}
