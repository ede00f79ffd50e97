//! Hints while writing, alone: the entry of the JavaScript build (`js-composer`
//! feature, compiled to JS by wasm2js) that Chromium's content script loads on pages
//! whose CSP refuses WebAssembly. There the page reading runs in the extension frame,
//! which cannot see the editor; the composer layer needs the page's own DOM (caret
//! rectangles, the post button), so it runs in the page as plain JS.
//!
//! Same settings, same analyzer, same layer as `wasm_api::start`: only the page
//! reading, the overlay and the participation tips are left out.

use crate::composer_layer::ComposerLayer;
use crate::i18n::{Catalog, Lang};
use crate::settings::{resolve, Settings, StartConfig};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct ComposerApp {
    catalog: Catalog,
    layer: Option<ComposerLayer>,
}

/// Starts the hints while writing with the loader's settings (the same object as
/// `start` takes); a field that already has the focus is taken up at once.
#[wasm_bindgen(js_name = startComposer)]
pub fn start_composer(config: JsValue) -> Result<ComposerApp, JsValue> {
    let config: StartConfig = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsValue::from_str(&format!("bad start config: {e}")))?;
    let mut app = ComposerApp {
        catalog: config.messages,
        layer: None,
    };
    app.apply_settings(config.user, config.policy, &config.ui_language)?;
    Ok(app)
}

#[wasm_bindgen]
impl ComposerApp {
    /// New settings (the user's or the policy's changed): starts, reconfigures or
    /// stops the layer, as `App.applySettings` does for the whole core.
    #[wasm_bindgen(js_name = applySettings)]
    pub fn apply_settings_js(
        &mut self,
        user: JsValue,
        policy: JsValue,
        ui_language: String,
    ) -> Result<(), JsValue> {
        // As the core's `resolve_layers`: a layer that cannot be read counts as empty
        // (defaults), so both builds run on the same settings.
        let value = |v: JsValue| -> serde_json::Value {
            serde_wasm_bindgen::from_value(v).unwrap_or_default()
        };
        self.apply_settings(value(user), value(policy), &ui_language)
    }
}

impl ComposerApp {
    fn apply_settings(
        &mut self,
        user: serde_json::Value,
        policy: serde_json::Value,
        ui_language: &str,
    ) -> Result<(), JsValue> {
        // Refused settings are not reported here: the engine frame, which reads the
        // page on the same settings, reports them once.
        let settings: Settings = resolve(&user, &policy).settings;
        let messages = self
            .catalog
            .get(Lang::choose(&settings.language, ui_language))
            .clone();
        let config = settings.analyzer_config();
        // Read now, not at start: a single-page app may have moved on.
        let url = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        if !(settings.draft_hints && settings.runs_on(&url)) {
            self.layer = None;
        } else if let Some(layer) = &self.layer {
            layer.configure(messages, config);
        } else {
            let doc = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| JsValue::from_str("no document"))?;
            let layer = ComposerLayer::start(&doc, messages, config)?;
            layer.take_up_focused();
            self.layer = Some(layer);
        }
        Ok(())
    }
}
