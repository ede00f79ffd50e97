//! Animateur's core. The pure modules (`model`, `counts`, `adapters`, `settings`,
//! `i18n`, `composer`) know nothing of the browser and are tested natively; `dom`,
//! `overlay`, `composer_layer` and `wasm_api` are the thin browser edge, compiled only
//! for wasm32. The `js-composer` feature builds only the hints while writing
//! (`wasm_composer`), for the wasm2js build used where a page's CSP refuses wasm.

pub mod adapters;
pub mod chart;
pub mod composer;
pub mod counts;
pub mod dates;
pub mod dom_tree;
pub mod extract;
pub mod keyed_hash;
pub mod model;
pub mod moderation;
pub mod nudges;

#[cfg(not(target_arch = "wasm32"))]
pub mod html_dom;
pub mod i18n;
pub mod panel;
pub mod settings;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod composer_layer;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod dom_extract;
#[cfg(all(target_arch = "wasm32", not(feature = "js-composer")))]
pub mod nudge_card;
#[cfg(all(target_arch = "wasm32", not(feature = "js-composer")))]
pub mod nudge_layer;
#[cfg(target_arch = "wasm32")]
pub mod overlay;
#[cfg(all(target_arch = "wasm32", not(feature = "js-composer")))]
pub mod wasm_api;
#[cfg(all(target_arch = "wasm32", feature = "js-composer"))]
pub mod wasm_composer;
#[cfg(all(target_arch = "wasm32", not(feature = "js-composer")))]
pub mod wasm_draft;
