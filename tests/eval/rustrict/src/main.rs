//! The evaluation's rustrict runner: one JSON string per stdin line in, one line out
//! ("1" if rustrict calls the text inappropriate, else "0"). Default settings, no
//! per-user context (the evaluation compares text judgements only).
use rustrict::CensorStr;
use std::io::{self, BufRead, BufWriter, Write};

fn main() {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        // A JSON string literal, so texts may hold newlines.
        let text = json_string(&line).unwrap_or(line);
        let flagged = text.as_str().is_inappropriate();
        writeln!(out, "{}", u8::from(flagged)).expect("stdout");
    }
}

/// Decodes a JSON string literal (the escapes JSON.stringify writes).
fn json_string(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                let unit = u16::from_str_radix(&hex, 16).ok()?;
                // Surrogate pairs arrive as two \u escapes.
                if (0xD800..0xDC00).contains(&unit) {
                    let rest: String = chars.by_ref().take(6).collect();
                    let low = u16::from_str_radix(rest.strip_prefix("\\u")?, 16).ok()?;
                    out.push_str(&String::from_utf16_lossy(&[unit, low]));
                } else {
                    out.push(char::from_u32(unit as u32).unwrap_or('\u{FFFD}'));
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}
