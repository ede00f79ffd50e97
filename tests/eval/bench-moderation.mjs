// make bench, moderation part: the analyzer's wasm (built as shipped, with a Node.js
// glue) against obscenity in the same Node process, on the same corpus. Every call
// goes through the JS↔wasm boundary (the string copied in, the findings copied out),
// as in the extension. Prints throughput, per-keystroke latency and the 1 MB paste.
// bench-moderation.sh builds the wasm and gathers the corpus, then runs this.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

const require = createRequire(import.meta.url);
const wasm = require(process.env.BENCH_WASM_GLUE);
const corpusFiles = process.env.BENCH_CORPUS.split(':');
const lines = corpusFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim());
const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const ours = (t) => wasm.analyzeDraft(t, undefined);
const theirs = (t) => obscenity.getAllMatches(t);
const now = () => process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;
const bytes = (ts) => ts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// Warm up both (JIT, lazy lexicon build, regex compilation).
for (let i = 0; i < 3; i++) for (const l of lines.slice(0, 500)) { ours(l); theirs(l); }

// 1. Throughput: each line a message, best of 3 passes.
function throughput(fn, texts) {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = now();
    for (const t of texts) fn(t);
    best = Math.min(best, ms(t0, now()));
  }
  return bytes(texts) / 1e6 / (best / 1000);
}
const mbOurs = throughput(ours, lines);
const mbTheirs = throughput(theirs, lines);

// 2. Typing a 2,000-character draft one character at a time: the draft is analysed
// after each keystroke, as a whole (analyzeDraft) and incrementally (DraftAnalyzer).
const draft = (() => {
  let d = '';
  for (const l of lines) { if (d.length >= 2000) break; d += l + (d.length % 3 ? ' ' : '\n'); }
  return d.slice(0, 2000);
})();
function typing(fn) {
  const samples = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 1; i <= draft.length; i++) {
      const prefix = draft.slice(0, i);
      const t0 = now();
      fn(prefix);
      samples.push(Number(now() - t0) / 1000);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: samples[samples.length - 1] };
}
const typeOurs = typing(ours);
const typeTheirs = typing(theirs);
// The same typing through the incremental DraftAnalyzer (one per composer), which
// re-analyses only the sentence or paragraph that changed.
const draftAnalyzer = new wasm.DraftAnalyzer(undefined);
const typeIncremental = typing((t) => draftAnalyzer.update(t));
draftAnalyzer.free();

// 3. A 1 MB paste analysed in one call (median of 5).
const paste = (() => {
  let p = '';
  const joined = lines.join('\n');
  while (Buffer.byteLength(p) < 1 << 20) p += joined + '\n';
  return p.slice(0, 1 << 20);
})();
function pasteTime(fn) {
  const times = [];
  for (let i = 0; i < 5; i++) { const t0 = now(); fn(paste); times.push(ms(t0, now())); }
  times.sort((a, b) => a - b);
  return times[2];
}
const pasteOurs = pasteTime(ours);
const pasteTheirs = pasteTime(theirs);

const f = (x, d = 1) => x.toFixed(d);
const rows = [
  ['', 'animateur (wasm)', 'obscenity', 'ratio'],
  [`throughput, ${lines.length} messages, ${f(bytes(lines) / 1e6, 2)} MB (MB/s)`, f(mbOurs, 2), f(mbTheirs, 2), `${f(mbOurs / mbTheirs, 1)}×`],
  ['keystroke, incremental (DraftAnalyzer), p50 (µs)', f(typeIncremental.p50), f(typeTheirs.p50), `${f(typeTheirs.p50 / typeIncremental.p50, 1)}×`],
  ['keystroke, incremental (DraftAnalyzer), p99 (µs)', f(typeIncremental.p99), f(typeTheirs.p99), `${f(typeTheirs.p99 / typeIncremental.p99, 1)}×`],
  ['keystroke, incremental, max (µs)', f(typeIncremental.max), f(typeTheirs.max), ''],
  ['keystroke, whole draft re-analysed, p50 (µs)', f(typeOurs.p50), f(typeTheirs.p50), `${f(typeTheirs.p50 / typeOurs.p50, 1)}×`],
  ['keystroke, whole draft re-analysed, p99 (µs)', f(typeOurs.p99), f(typeTheirs.p99), `${f(typeTheirs.p99 / typeOurs.p99, 1)}×`],
  ['keystroke, whole draft, max (µs)', f(typeOurs.max), f(typeTheirs.max), ''],
  [`1 MB paste, one call, median of 5 (ms)`, f(pasteOurs), f(pasteTheirs), `${f(pasteTheirs / pasteOurs, 1)}×`],
];
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const build = process.env.BENCH_OPT_LEVEL ? `opt-level ${process.env.BENCH_OPT_LEVEL}, wasm-opt -Oz` : 'as shipped: opt-level 3, wasm-opt -O3';
console.log(`\nModeration: Animateur (wasm, ${build}) vs obscenity 0.4.6, same Node process, same corpus`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
console.log(`Node ${process.version}; goals: throughput ≥ 10× obscenity, keystroke p99 ≤ 50 µs, 1 MB ≤ 100 ms`);
