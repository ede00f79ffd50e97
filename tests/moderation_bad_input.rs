//! Bad input for the moderation analyzer (issue 4): 1 MB pastes, lone UTF-16
//! surrogates, bidi controls, zero-width characters, emoji, mixed scripts. Whatever
//! comes in: no panic, bounded time, and every span valid — on char boundaries, in
//! order, and its UTF-16 offsets the ones the browser's string has.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use animateur::moderation::{analyze, AnalyzerConfig, Category, Finding};
use common::XorShift;
use std::time::{Duration, Instant};

/// Generous: the machine is shared and debug builds are slow. The bound catches
/// quadratic behaviour, which on these sizes means minutes, not a slow machine.
/// Release figures (2 shared cores): 0.06–2 s per 1 MB case; `make bench` measures
/// the shipped wasm.
const ONE_MB_BOUND: Duration = Duration::from_secs(20);

fn check_spans(text: &str, findings: &[Finding]) {
    // UTF-16 offsets of every byte offset, in one pass (a 1 MB paste has thousands of
    // findings).
    let mut utf16_at = vec![usize::MAX; text.len() + 1];
    let mut units = 0;
    for (i, c) in text.char_indices() {
        utf16_at[i] = units;
        units += c.len_utf16();
    }
    utf16_at[text.len()] = units;
    let mut last_start = 0;
    for f in findings {
        assert!(f.start < f.end && f.end <= text.len(), "{f:?}");
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?} not on char boundaries"
        );
        assert!(f.start >= last_start, "findings out of order");
        last_start = f.start;
        assert_eq!(utf16_at[f.start], f.start_utf16, "{f:?}");
        assert_eq!(utf16_at[f.end], f.end_utf16, "{f:?}");
        assert!((1..=3).contains(&f.severity));
    }
}

fn analyze_checked(text: &str) -> Vec<Finding> {
    let findings = analyze(text, &AnalyzerConfig::default());
    check_spans(text, &findings);
    findings
}

fn has(findings: &[Finding], text: &str, category: Category, span: &str) -> bool {
    findings
        .iter()
        .any(|f| f.category == category && &text[f.start..f.end] == span)
}

/// Pieces of drafts: ordinary text, findings of every category, and hostile
/// characters (bidi, zero-width, emoji, other scripts, U+FFFD from lone surrogates).
const PIECES: &[&str] = &[
    "Bonjour à tous, la réunion est décalée à jeudi. ",
    "Thanks for the update, see you at the offsite. ",
    "Espèce de connard ! ",
    "what the fuck ",
    "Je vais te tuer. ",
    "Marc Dupont a détourné l'argent de la caisse. ",
    "jean.dupont@exemple.fr ",
    "06 12 34 56 78 ",
    "FR76 3000 6000 0112 3456 7890 189 ",
    "4111 1111 1111 1111 ",
    "CONFIDENTIEL : ne pas diffuser. ",
    "JE NE LE RÉPÉTERAI PAS, RENDEZ LES RAPPORTS !!! ",
    "slt, tu px m'envoyer le doc stp ? mdr ",
    "c0nn\u{200B}ard ",
    "sa\u{200D}lope ",
    "\u{202E}draunnoc\u{202C} ",
    "\u{2067}متن عربي\u{2069} ",
    "\u{200F}\u{200E}\u{2066}\u{2068}\u{061C} ",
    "\u{FEFF}\u{2060}\u{200C} ",
    "👩‍👩‍👧‍👦 🇫🇷 👍🏽 ",
    "f🤬ck ",
    "con😀nard ",
    "Привет мир, сука ",
    "日本語のテキスト ",
    "हिन्दी पाठ ",
    "ｃｏｎｎａｒｄ ",
    "e\u{301}\u{301}\u{301}cole ",
    "\u{FFFD}\u{FFFD} ",
    "\n\n",
    "*** ### --- ",
    "𝐜𝐨𝐧𝐧𝐚𝐫𝐝 ",
];

#[test]
fn random_drafts_of_hostile_pieces_keep_spans_valid() {
    let mut rng = XorShift(0x5EED_0FA1_1BAD);
    for _ in 0..400 {
        let mut text = String::new();
        let pieces = 1 + rng.next() % 40;
        for _ in 0..pieces {
            let piece = rng.pick(PIECES);
            // Cut some pieces at a random char boundary, so characters meet oddly.
            let cut = match rng.next() % 3 {
                0 => piece
                    .char_indices()
                    .nth((rng.next() % 8) as usize)
                    .map_or(piece.len(), |(i, _)| i),
                _ => piece.len(),
            };
            text.push_str(&piece[..cut]);
        }
        analyze_checked(&text);
    }
}

#[test]
fn lone_surrogates_from_the_browser_keep_utf16_offsets() {
    // wasm-bindgen turns a JS string into UTF-8 with String::from_utf16_lossy
    // semantics: each lone surrogate becomes one U+FFFD, itself one UTF-16 unit, so
    // the UTF-16 offsets of the findings are offsets into the browser's own string.
    let mut units: Vec<u16> = "Quel ".encode_utf16().collect();
    units.push(0xD800); // lone high surrogate
    units.extend(" connard ".encode_utf16());
    units.push(0xDC00); // lone low surrogate
    units.extend("06 12 34 56 78".encode_utf16());
    units.push(0xDBFF);
    let text = String::from_utf16_lossy(&units);
    assert_eq!(text.encode_utf16().count(), units.len());
    let findings = analyze_checked(&text);
    let insult = findings
        .iter()
        .find(|f| f.category == Category::Insult)
        .expect("insult found");
    let found: Vec<u16> = units[insult.start_utf16..insult.end_utf16].to_vec();
    assert_eq!(String::from_utf16(&found).unwrap(), "connard");
    let phone = findings
        .iter()
        .find(|f| f.category == Category::PersonalData)
        .expect("phone found");
    assert_eq!(
        String::from_utf16(&units[phone.start_utf16..phone.end_utf16]).unwrap(),
        "06 12 34 56 78"
    );
}

#[test]
fn invisible_and_bidi_characters_do_not_hide_words_or_break_spans() {
    for (text, span) in [
        ("Quel sa\u{200B}lope", "sa\u{200B}lope"),
        ("Quel sa\u{200D}lope", "sa\u{200D}lope"),
        ("Quel sa\u{2060}lope", "sa\u{2060}lope"),
        ("Quel sa\u{FEFF}lope", "sa\u{FEFF}lope"),
        ("Quel sa\u{200C}lope", "sa\u{200C}lope"),
        ("Quel sal\u{00AD}ope", "sal\u{00AD}ope"),
    ] {
        let findings = analyze_checked(text);
        assert!(
            has(&findings, text, Category::Insult, span),
            "{text:?}: {findings:?}"
        );
    }
    // Bidi controls around or inside words: no panic, valid spans.
    for text in [
        "\u{202E}Quel connard\u{202C}",
        "Quel \u{2067}connard\u{2069} !",
        "con\u{202E}nard \u{200F}",
        "\u{202D}\u{202E}\u{202A}\u{202B}\u{202C}\u{2066}\u{2067}\u{2068}\u{2069}",
    ] {
        analyze_checked(text);
    }
}

#[test]
fn emoji_and_mixed_scripts() {
    let text = "👩‍💻 Quel connard 👎🏿 ! Привет, 日本語, हिन्दी, عربي 🇫🇷";
    let findings = analyze_checked(text);
    assert!(has(&findings, text, Category::Insult, "connard"));
    // Scripts with no spaces or no cases do not trip shouting or SMS-speak.
    for text in [
        "日本語のテキストです。会議は明日です。",
        "Привет всем, встреча завтра в десять.",
        "اجتماع الغد في الساعة العاشرة",
        "🎉🎉🎉 Bravo à toute l'équipe 🎉🎉🎉",
    ] {
        let findings = analyze_checked(text);
        assert!(findings.is_empty(), "{text:?}: {findings:?}");
    }
}

/// 1 MB in release builds; 128 KB in debug builds (`make test`), which still shows
/// quadratic behaviour (seconds become minutes) without slowing every run.
const PASTE: usize = if cfg!(debug_assertions) {
    1 << 17
} else {
    1 << 20
};

/// About [`PASTE`] bytes made of `piece`, repeated.
fn one_mb(piece: &str) -> String {
    piece.repeat(PASTE / piece.len().max(1) + 1)
}

#[test]
fn one_megabyte_pastes_take_bounded_time() {
    let cases = [
        // A realistic paste: a long thread with every kind of finding.
        one_mb(
            "Bonjour, le projet Atlas est en retard. Quel connard, ce fournisseur ! \
             Écrivez à jean.dupont@exemple.fr ou au 06 12 34 56 78. \
             CONFIDENTIEL : ne pas diffuser. JE NE LE RÉPÉTERAI PAS !!! slt mdr stp\n",
        ),
        one_mb("a"),
        one_mb("a "),
        one_mb("!"),
        one_mb("0"),
        one_mb("0 "),
        one_mb("*"),
        one_mb("f*"),
        one_mb("c o n "),
        one_mb("@"),
        one_mb("A"),
        one_mb("\u{200B}"),
        one_mb("\u{301}"),
        one_mb("😀"),
        one_mb("👩‍👩‍👧‍👦"),
        one_mb("\u{FFFD}"),
        one_mb("\n"),
        one_mb("espèce de "),
        one_mb("FR76 "),
        one_mb("+33 "),
    ];
    for text in &cases {
        let started = Instant::now();
        let findings = analyze_checked(text);
        let took = started.elapsed();
        println!(
            "{:>8} bytes {:>10.1?}  {:?}…",
            text.len(),
            took,
            text.chars().take(6).collect::<String>()
        );
        assert!(
            took < ONE_MB_BOUND,
            "{:?}…: {took:?} for {} bytes",
            &text[..text.char_indices().nth(12).map_or(text.len(), |(i, _)| i)],
            text.len()
        );
        // Findings stay proportionate to the text (no explosion of overlapping ones).
        assert!(findings.len() <= text.len(), "{} findings", findings.len());
    }
}
