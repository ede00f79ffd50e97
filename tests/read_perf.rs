//! Native timing of the read phase (items from the columns) and of decoding the
//! columns as they cross from JS, on a saved page: what the browser's profile cannot
//! isolate at the tenth of a millisecond. Ignored by `cargo test`; run with
//!
//! `READ_PERF_PAGE=page.html cargo test --release --test read_perf -- --ignored --nocapture`
//!
//! (a generated page: `generated/classic-thread.html?threads=10&replies=99` from the
//! demo server). Prints the min and median of `READ_PERF_RUNS` runs (default 101).
#![cfg(not(target_arch = "wasm32"))]

use animateur::adapters::{built_in, detect, extraction_plan, snapshot::Clock, Detail, Scan};
use animateur::extract::{Chunk, ElementExtraction, ExtractPlan, Extracted, Extraction};
use animateur::html_dom::parse_document;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Rows per chunk, as the browser's reader gives them (its budget per step).
const ROWS: usize = 128;

struct OwnedChunk {
    phase: usize,
    rows: usize,
    numbers: Vec<i32>,
    lengths: Vec<i32>,
    text: String,
}

fn push_piece(chunk: &mut OwnedChunk, piece: Option<&str>) {
    match piece {
        Some(s) => {
            chunk.lengths.push(s.encode_utf16().count() as i32);
            chunk.text.push_str(s);
        }
        None => chunk.lengths.push(-1),
    }
}

/// The chunks the browser's reader would hand over for these columns.
fn chunks_of(plan: &ExtractPlan, out: &Extracted) -> Vec<OwnedChunk> {
    let new = |phase, rows| OwnedChunk {
        phase,
        rows,
        numbers: Vec::new(),
        lengths: Vec::new(),
        text: String::new(),
    };
    let mut chunks = vec![new(0, out.groups)];
    let n = |v: Option<u32>| v.map_or(-1, |v| v as i32);
    for start in (0..out.items).step_by(ROWS) {
        let end = (start + ROWS).min(out.items);
        let mut chunk = new(1, end - start);
        for item in start..end {
            chunk
                .numbers
                .push(n(out.parent.get(item).copied().flatten()));
            chunk
                .numbers
                .push(n(out.group.get(item).copied().flatten()));
            chunk
                .numbers
                .extend(out.within.iter().map(|c| i32::from(c[item])));
            for column in 0..plan.item_attrs.len() {
                push_piece(&mut chunk, out.attr(column, item));
            }
        }
        chunks.push(chunk);
    }
    for (query, columns) in out.values.iter().enumerate() {
        let rows = columns.owner.len();
        for start in (0..rows).step_by(ROWS) {
            let end = (start + ROWS).min(rows);
            let mut chunk = new(2 + query, end - start);
            for row in start..end {
                chunk.numbers.push(n(columns.owner[row]));
                for field in 0..plan.values[query].fields.len() {
                    push_piece(&mut chunk, out.field(query, field, row));
                }
            }
            chunks.push(chunk);
        }
    }
    chunks
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: min {:.3} ms, median {:.3} ms ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        times.len()
    );
}

#[test]
#[ignore = "timing on a saved page: READ_PERF_PAGE"]
fn read_phase_timing() {
    let Ok(path) = std::env::var("READ_PERF_PAGE") else {
        return;
    };
    let runs: usize = std::env::var("READ_PERF_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(101);
    let html = std::fs::read_to_string(path).unwrap();
    let doc = parse_document(&html);
    let root = doc.root_element();
    let profile = detect(built_in(), &root, "").unwrap().unwrap();
    let clock = Clock {
        now: 1_795_000_000,
        utc_offset_minutes: 60,
        date_order: None,
    };
    let detail = Detail::Snapshot(clock);
    let plan = extraction_plan(profile, &detail);
    let mut reference = Extracted::for_plan(&plan);
    ElementExtraction::new(&root, &plan)
        .step(usize::MAX, &mut reference)
        .unwrap();
    let chunks = chunks_of(&plan, &reference);
    let (mut decode, mut drop, mut read) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let mut out = Extracted::for_plan(&plan);
        for c in &chunks {
            // The crossing hands over a fresh string per chunk.
            let text = black_box(c.text.clone());
            out.push_chunk(
                &plan,
                &Chunk {
                    phase: c.phase,
                    rows: c.rows,
                    numbers: &c.numbers,
                    lengths: &c.lengths,
                    text: &text,
                },
            );
        }
        decode.push(start.elapsed());
        assert_eq!(out, reference);
        let start = Instant::now();
        std::mem::drop(out);
        drop.push(start.elapsed());

        let mut scan = Scan::start(profile, &root, detail).unwrap();
        while !scan.extracted() {
            scan.step(usize::MAX).unwrap();
        }
        let start = Instant::now();
        while !scan.step(ROWS).unwrap() {}
        read.push(start.elapsed());
        black_box(scan.finish_with_snapshot().unwrap());
    }
    println!("{} items", reference.items);
    report("decode chunks", decode);
    report("drop columns", drop);
    report("read phase", read);
}
