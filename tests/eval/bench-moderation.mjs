// make bench, moderation part: the analyzer's wasm (built as shipped, with a Node.js
// glue) against obscenity in the same Node process, on the same corpus. Every call
// goes through the JS↔wasm boundary (the string copied in, the findings copied out),
// as in the extension. Prints throughput, per-keystroke latency and the 1 MB paste.
// bench-moderation.sh builds the wasm and gathers the corpus, then runs this.
//
// BENCH_BASELINE_GLUE=path/to/animateur.js: a second build (say, of `main`) measured in
// the same process, its passes interleaved with the others', so that a machine busy
// with other work slows both alike; printed as its own column.

import { createRequire, Module } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

const require = createRequire(import.meta.url);
const corpusFiles = process.env.BENCH_CORPUS.split(':');
const lines = corpusFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim());
const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

// The Node.js glue is CommonJS, but the wasm's JS snippets (`snippets/*/src/*.js`, for
// the browser edge) are ES modules it requires: load each as a module from its source
// and put it in the require cache under its own path, before the glue asks for it.
async function preloadSnippets(glue) {
  const dir = join(dirname(glue), 'snippets');
  let files = [];
  try {
    files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'));
  } catch {
    return;
  }
  for (const f of files) {
    const path = join(dir, f);
    const source = readFileSync(path, 'utf8');
    const mod = new Module(path);
    mod.filename = path;
    mod.exports = await import(`data:text/javascript,${encodeURIComponent(source)}`);
    mod.loaded = true;
    require.cache[path] = mod;
  }
}

// The tools measured: this build, the baseline build if any, obscenity.
const wasmTool = async (label, glue) => {
  await preloadSnippets(glue);
  const wasm = require(glue);
  return {
    label,
    analyze: (t) => wasm.analyzeDraft(t, undefined),
    incremental: () => {
      const a = new wasm.DraftAnalyzer(undefined);
      return { update: (t) => a.update(t), free: () => a.free() };
    },
  };
};
const tools = [await wasmTool('animateur (wasm)', process.env.BENCH_WASM_GLUE)];
if (process.env.BENCH_BASELINE_GLUE) tools.push(await wasmTool('baseline (wasm)', process.env.BENCH_BASELINE_GLUE));
const theirs = { label: 'obscenity', analyze: (t) => obscenity.getAllMatches(t) };
const all = [...tools, theirs];

const now = () => process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;
const bytes = (ts) => ts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// Warm up all (JIT, lazy lexicon build, regex compilation).
for (let i = 0; i < 3; i++) for (const l of lines.slice(0, 500)) for (const t of all) t.analyze(l);

// 1. Throughput: each line a message, best of 5 passes (the tools take turns).
const best = all.map(() => Infinity);
for (let pass = 0; pass < 5; pass++) {
  all.forEach((tool, k) => {
    const t0 = now();
    for (const l of lines) tool.analyze(l);
    best[k] = Math.min(best[k], ms(t0, now()));
  });
}
const mb = best.map((b) => bytes(lines) / 1e6 / (b / 1000));

// 2. Typing a 2,000-character draft one character at a time: the draft is analysed
// after each keystroke, as a whole (analyzeDraft) and incrementally (DraftAnalyzer,
// one per composer, which re-analyses only the sentence or paragraph that changed).
const draft = (() => {
  let d = '';
  for (const l of lines) { if (d.length >= 2000) break; d += l + (d.length % 3 ? ' ' : '\n'); }
  return d.slice(0, 2000);
})();
function typingRound(fn, samples) {
  for (let i = 1; i <= draft.length; i++) {
    const prefix = draft.slice(0, i);
    const t0 = now();
    fn(prefix);
    samples.push(Number(now() - t0) / 1000);
  }
}
function summary(samples) {
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: samples[samples.length - 1] };
}
const whole = all.map(() => []);
const incremental = tools.map(() => []);
const analyzers = tools.map((t) => t.incremental());
for (let round = 0; round < 3; round++) {
  all.forEach((tool, k) => typingRound(tool.analyze, whole[k]));
  tools.forEach((_, k) => typingRound(analyzers[k].update, incremental[k]));
}
analyzers.forEach((a) => a.free());
const typeWhole = whole.map(summary);
const typeIncremental = incremental.map(summary);

// 3. A 1 MB paste analysed in one call (median of 5, the tools taking turns).
const paste = (() => {
  let p = '';
  const joined = lines.join('\n');
  while (Buffer.byteLength(p) < 1 << 20) p += joined + '\n';
  return p.slice(0, 1 << 20);
})();
const pasteTimes = all.map(() => []);
for (let i = 0; i < 5; i++) {
  all.forEach((tool, k) => { const t0 = now(); tool.analyze(paste); pasteTimes[k].push(ms(t0, now())); });
}
const pasteMedian = pasteTimes.map((ts) => ts.sort((a, b) => a - b)[2]);

const f = (x, d = 1) => x.toFixed(d);
const o = all.length - 1; // obscenity's column
// Ratio of obscenity to this build (higher is better for us), per row.
const ratio = (ours, theirs) => `${f(theirs / ours, 1)}×`;
const inc = (key) => [...typeIncremental.map((s) => f(s[key])), f(typeWhole[o][key])];
const rows = [
  ['', ...all.map((t) => t.label), 'ratio'],
  [`throughput, ${lines.length} messages, ${f(bytes(lines) / 1e6, 2)} MB (MB/s)`, ...mb.map((x) => f(x, 2)), `${f(mb[0] / mb[o], 1)}×`],
  ['keystroke, incremental (DraftAnalyzer), p50 (µs)', ...inc('p50'), ratio(typeIncremental[0].p50, typeWhole[o].p50)],
  ['keystroke, incremental (DraftAnalyzer), p99 (µs)', ...inc('p99'), ratio(typeIncremental[0].p99, typeWhole[o].p99)],
  ['keystroke, incremental, max (µs)', ...inc('max'), ''],
  ['keystroke, whole draft re-analysed, p50 (µs)', ...typeWhole.map((s) => f(s.p50)), ratio(typeWhole[0].p50, typeWhole[o].p50)],
  ['keystroke, whole draft re-analysed, p99 (µs)', ...typeWhole.map((s) => f(s.p99)), ratio(typeWhole[0].p99, typeWhole[o].p99)],
  ['keystroke, whole draft, max (µs)', ...typeWhole.map((s) => f(s.max)), ''],
  [`1 MB paste, one call, median of 5 (ms)`, ...pasteMedian.map((x) => f(x)), ratio(pasteMedian[0], pasteMedian[o])],
];
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const build = process.env.BENCH_OPT_LEVEL ? `opt-level ${process.env.BENCH_OPT_LEVEL}, wasm-opt -Oz` : 'as shipped: opt-level 3, wasm-opt -O3';
console.log(`\nModeration: Animateur (wasm, ${build}) vs obscenity 0.4.6, same Node process, same corpus`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
console.log(`Node ${process.version}; goals: throughput ≥ 10× obscenity, keystroke p99 ≤ 50 µs, 1 MB ≤ 100 ms`);
