//! The incremental analyzer for JavaScript: one `DraftAnalyzer` per composer, fed the
//! whole draft after each edit, re-analysing only the paragraph or sentence that
//! changed (see `moderation::incremental`).
//!
//! Privacy: the analyzer holds the current draft's pieces in wasm memory, and only
//! while the JavaScript object lives; nothing is stored, logged or sent. Call `free()`
//! when the composer goes away (or let the object be collected) to drop it.

use crate::moderation::incremental::DraftSession;
use crate::moderation::{AnalyzerConfig, Category, Finding, MESSAGE_KEYS};
use js_sys::JsString;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

// Findings cross the boundary as numbers (eight per finding) and become objects on the
// JavaScript side, in one call: building each object field by field from Rust, its
// strings decoded one by one, was a tenth of a pass over the bench corpus.
#[wasm_bindgen(inline_js = r#"
export function findingsFromNumbers(flat, names) {
  const out = [];
  for (let i = 0; i < flat.length; i += 8) {
    out.push({
      category: names[flat[i]],
      severity: flat[i + 1],
      start: flat[i + 2],
      end: flat[i + 3],
      startUtf16: flat[i + 4],
      endUtf16: flat[i + 5],
      explanationKey: names[flat[i + 6]],
      suggestionKey: names[flat[i + 7]],
    });
  }
  return out;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = findingsFromNumbers)]
    fn findings_from_numbers(flat: &[u32], names: &JsValue) -> JsValue;
}

// The draft crosses into wasm through `TextEncoder.encodeInto`, straight into a buffer
// kept between calls: wasm-bindgen's copy of a `&str` argument moves each ASCII
// character in a JavaScript loop, allocates the string and frees it after, and for
// non-ASCII text reallocates twice around its own `encodeInto`. Returns the bytes
// written, or minus the room needed when `into` is too small (three bytes per UTF-16
// unit; a string that is not one: minus one).
#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function encodeDraft(text, into) {
  if (typeof text !== 'string') return -1;
  const { read, written } = encoder.encodeInto(text, into);
  return read === text.length ? written : -text.length * 3;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = encodeDraft)]
    fn encode_draft(text: &JsString, into: &mut [u8]) -> i32;
}

/// The encoding buffer kept between calls, in bytes: most drafts fit; a longer one gets
/// a buffer of its own for the call (a paste's would stay allocated for nothing).
const KEPT_DRAFT_BUFFER: usize = 4096;

/// Calls `f` with the JavaScript string `text` as UTF-8 (lone surrogates as U+FFFD, as
/// wasm-bindgen's own copy does). Privacy: the buffer kept between calls holds no more
/// than freed memory would, and no more than [`KEPT_DRAFT_BUFFER`] bytes.
pub(crate) fn with_draft<R>(text: &JsString, f: impl FnOnce(&str) -> R) -> Result<R, JsValue> {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut buffer = BUFFER.with(|b| std::mem::take(&mut *b.borrow_mut()));
    // Zeroed once per thread (JavaScript writes into it, so it must be initialised).
    buffer.resize(KEPT_DRAFT_BUFFER, 0);
    let mut written = encode_draft(text, &mut buffer);
    if written < -1 {
        buffer.resize(written.unsigned_abs() as usize, 0);
        written = encode_draft(text, &mut buffer);
    }
    let Ok(written) = usize::try_from(written) else {
        return Err(JsValue::from_str("the draft must be a string"));
    };
    let bytes = &buffer[..written.min(buffer.len())];
    // SAFETY: `encodeInto` writes UTF-8 only (a lone surrogate becomes U+FFFD) and stops
    // at a whole character; `written` is what this last call wrote. Checking again
    // cost as much as the copy saved on a long draft (what wasm-bindgen's own `&str`
    // arguments skip too).
    let text = unsafe { std::str::from_utf8_unchecked(bytes) };
    let result = f(text);
    buffer.truncate(KEPT_DRAFT_BUFFER);
    buffer.shrink_to(KEPT_DRAFT_BUFFER);
    BUFFER.with(|b| *b.borrow_mut() = buffer);
    Ok(result)
}

/// The analyzer configuration `analyzeDraft` and `DraftAnalyzer` take from JavaScript
/// (`undefined` or `null`: the defaults).
pub(crate) fn analyzer_config(config: JsValue) -> Result<AnalyzerConfig, JsValue> {
    if config.is_undefined() || config.is_null() {
        return Ok(AnalyzerConfig::default());
    }
    serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsValue::from_str(&format!("bad analyzer config: {e}")))
}

/// Findings as a JavaScript array of plain objects, as their serde form (same fields,
/// same order, same spelling): `category`, `severity`, the offsets, the message keys.
pub(crate) fn findings_to_js(findings: &[Finding]) -> Result<JsValue, JsValue> {
    if findings.is_empty() {
        return Ok(js_sys::Array::new().into());
    }
    thread_local! {
        /// The category names (serde spelling) then the message keys, made once.
        static NAMES: JsValue = Category::ALL
            .iter()
            .map(|c| serde_json::to_value(c).ok().and_then(|v| v.as_str().map(JsValue::from_str)))
            .chain(MESSAGE_KEYS.iter().map(|k| Some(JsValue::from_str(k))))
            .map(|v| v.unwrap_or(JsValue::UNDEFINED))
            .collect::<js_sys::Array>()
            .into();
    }
    let key = |k: &str| {
        let i = MESSAGE_KEYS
            .iter()
            .position(|m| *m == k)
            .ok_or_else(|| JsValue::from_str(&format!("message key {k} not in MESSAGE_KEYS")))?;
        Ok::<u32, JsValue>((Category::ALL.len() + i) as u32)
    };
    let mut flat = Vec::with_capacity(findings.len() * 8);
    for f in findings {
        let category = Category::ALL
            .iter()
            .position(|&c| c == f.category)
            .unwrap_or(0) as u32;
        flat.extend([
            category,
            u32::from(f.severity),
            f.start as u32,
            f.end as u32,
            f.start_utf16 as u32,
            f.end_utf16 as u32,
            key(f.explanation_key)?,
            key(f.suggestion_key)?,
        ]);
    }
    Ok(NAMES.with(|names| findings_from_numbers(&flat, names)))
}

#[wasm_bindgen]
pub struct DraftAnalyzer {
    session: DraftSession,
    /// The findings last returned, and their JavaScript copy: while they do not change
    /// (most keystrokes), the same array is returned without converting again. Treat
    /// it as read-only.
    last: Option<(Vec<Finding>, JsValue)>,
}

#[wasm_bindgen]
impl DraftAnalyzer {
    /// `config`: an analyzer configuration as `analyzeDraft` takes it (`undefined`:
    /// the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<DraftAnalyzer, JsValue> {
        Ok(DraftAnalyzer {
            session: DraftSession::new(analyzer_config(config)?),
            last: None,
        })
    }

    /// The findings of the whole draft `text`, the same as `analyzeDraft(text)`.
    pub fn update(&mut self, text: &JsString) -> Result<JsValue, JsValue> {
        let findings = with_draft(text, |text| self.session.update(text))?;
        if let Some((previous, js)) = &self.last {
            if *previous == findings {
                return Ok(js.clone());
            }
        }
        let js = findings_to_js(&findings)?;
        self.last = Some((findings, js.clone()));
        Ok(js)
    }
}
