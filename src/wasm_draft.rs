//! The incremental analyzer for JavaScript: one `DraftAnalyzer` per composer, fed the
//! whole draft after each edit, re-analysing only the paragraph or sentence that
//! changed (see `moderation::incremental`).
//!
//! Privacy: the analyzer holds the current draft's pieces in wasm memory, and only
//! while the JavaScript object lives; nothing is stored, logged or sent. Call `free()`
//! when the composer goes away (or let the object be collected) to drop it.

use crate::moderation::incremental::DraftSession;
use crate::moderation::{AnalyzerConfig, Finding};
use serde::Serialize;
use wasm_bindgen::prelude::*;

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
        let config: AnalyzerConfig = if config.is_undefined() || config.is_null() {
            AnalyzerConfig::default()
        } else {
            serde_wasm_bindgen::from_value(config)
                .map_err(|e| JsValue::from_str(&format!("bad analyzer config: {e}")))?
        };
        Ok(DraftAnalyzer {
            session: DraftSession::new(config),
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
        let js = findings
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.last = Some((findings, js.clone()));
        Ok(js)
    }
}
