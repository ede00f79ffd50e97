//! The incremental analyzer for JavaScript: one `DraftAnalyzer` per composer, fed the
//! whole draft after each edit, re-analysing only the paragraph or sentence that
//! changed (see `moderation::incremental`).
//!
//! Privacy: the analyzer holds the current draft's pieces in wasm memory, and only
//! while the JavaScript object lives; nothing is stored, logged or sent. Call `free()`
//! when the composer goes away (or let the object be collected) to drop it.

use crate::moderation::incremental::DraftSession;
use crate::moderation::{AnalyzerConfig, Category, Finding, MESSAGE_KEYS};
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
    pub fn update(&mut self, text: &str) -> Result<JsValue, JsValue> {
        let findings = self.session.update(text);
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
