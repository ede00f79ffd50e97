//! The browser's batched answer to an extraction plan: `dom_extract.js` runs the plan
//! in the page's JS engine a chunk at a time, and each chunk crosses into wasm as a few
//! values (see `crate::extract` for why and for the layout's reference algorithm).

use crate::dom_tree::SelectorError;
use crate::extract::{Chunk, ExtractPlan, Extracted, Extraction};
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(module = "/src/dom_extract.js")]
extern "C" {
    #[wasm_bindgen(js_name = beginExtraction)]
    fn begin_extraction(root: &Element, plan: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = extractStep, catch)]
    fn extract_step(state: &JsValue, budget: u32) -> Result<StepAnswer, JsValue>;

    type StepAnswer;
    #[wasm_bindgen(method, getter)]
    fn error(this: &StepAnswer) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn phase(this: &StepAnswer) -> u32;
    #[wasm_bindgen(method, getter)]
    fn rows(this: &StepAnswer) -> u32;
    #[wasm_bindgen(method, getter)]
    fn nums(this: &StepAnswer) -> Vec<i32>;
    #[wasm_bindgen(method, getter)]
    fn lens(this: &StepAnswer) -> Vec<i32>;
    #[wasm_bindgen(method, getter)]
    fn text(this: &StepAnswer) -> String;
    #[wasm_bindgen(method, getter)]
    fn done(this: &StepAnswer) -> bool;
}

thread_local! {
    /// The last chunk's phase (0 threads, 1 items, 2 + i value query i) and rows, for
    /// the reading's per-step timing.
    static LAST_CHUNK: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// The phase and rows of the last chunk any extraction read (see `LAST_CHUNK`).
pub fn last_chunk() -> (u32, u32) {
    LAST_CHUNK.with(|c| c.get())
}

/// An extraction running in JS; the JS side holds the static node lists and the
/// element → index maps until this is dropped.
pub struct BatchExtraction {
    plan: ExtractPlan,
    state: Option<JsValue>,
    done: bool,
}

impl BatchExtraction {
    pub fn new(root: &Element, plan: &ExtractPlan) -> BatchExtraction {
        let state = serde_wasm_bindgen::to_value(plan)
            .ok()
            .map(|p| begin_extraction(root, &p));
        BatchExtraction {
            plan: plan.clone(),
            state,
            done: false,
        }
    }
}

impl Extraction for BatchExtraction {
    fn step(&mut self, budget: usize, out: &mut Extracted) -> Result<bool, SelectorError> {
        if self.done {
            return Ok(true);
        }
        let Some(state) = &self.state else {
            return Err(SelectorError("extraction plan".into()));
        };
        let budget = u32::try_from(budget).unwrap_or(u32::MAX);
        let answer = extract_step(state, budget)
            .map_err(|e| SelectorError(e.as_string().unwrap_or_else(|| format!("{e:?}"))))?;
        if let Some(css) = answer.error() {
            return Err(SelectorError(css));
        }
        LAST_CHUNK.with(|c| c.set((answer.phase(), answer.rows())));
        let (numbers, lengths, text) = (answer.nums(), answer.lens(), answer.text());
        out.push_chunk(
            &self.plan,
            &Chunk {
                phase: answer.phase() as usize,
                rows: answer.rows() as usize,
                numbers: &numbers,
                lengths: &lengths,
                text: &text,
            },
        );
        self.done = answer.done();
        if self.done {
            // The node lists and maps hold page elements: let them go now.
            self.state = None;
        }
        Ok(self.done)
    }
}
