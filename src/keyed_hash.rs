//! Hash maps and sets for keys a page chooses: item ids, author keys, title words.
//!
//! std's `RandomState` keys SipHash from the OS; wasm32-unknown-unknown has no OS
//! randomness, and there its keys are the same in every browser and every page view
//! (a module instantiated twice in Node gives the same hashes). A hostile page could
//! then pick ids that all land in one bucket and make each reading quadratic. These
//! maps use the same SipHash-1-3 keyed from the browser's `crypto.getRandomValues`.

use siphasher::sip::SipHasher13;
use std::cell::Cell;
use std::hash::BuildHasher;

pub type HashMap<K, V> = std::collections::HashMap<K, V, RandomKeys>;
pub type HashSet<K> = std::collections::HashSet<K, RandomKeys>;

/// A `BuildHasher` whose keys come from real randomness, drawn once per thread; each
/// new map gets the next keys (as std's `RandomState`), so no two maps share a layout.
#[derive(Clone, Copy, Debug)]
pub struct RandomKeys {
    k0: u64,
    k1: u64,
}

thread_local! {
    static KEYS: Cell<(u64, u64)> = Cell::new(seed());
}

impl Default for RandomKeys {
    fn default() -> RandomKeys {
        KEYS.with(|keys| {
            let (k0, k1) = keys.get();
            keys.set((k0.wrapping_add(1), k1));
            RandomKeys { k0, k1 }
        })
    }
}

impl BuildHasher for RandomKeys {
    type Hasher = SipHasher13;

    fn build_hasher(&self) -> SipHasher13 {
        SipHasher13::new_with_keys(self.k0, self.k1)
    }
}

/// Natively std's keys are random already.
#[cfg(not(target_arch = "wasm32"))]
fn seed() -> (u64, u64) {
    let std_keys = std::collections::hash_map::RandomState::new();
    (std_keys.hash_one(0u8), std_keys.hash_one(1u8))
}

/// The browser's (and Node's) `crypto`, in a window, a worker or the extension frame;
/// `Math.random` (seeded by the engine, per context) where it is missing.
#[cfg(target_arch = "wasm32")]
fn seed() -> (u64, u64) {
    use wasm_bindgen::JsCast;
    let mut bytes = [0u8; 16];
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok());
    let drawn = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !drawn {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let (k0, k1) = bytes.split_at(8);
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    (word(k0), word(k1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_hash_alike_within_and_apart_across_keys() {
        let a = RandomKeys::default();
        let b = RandomKeys::default();
        assert_eq!(a.hash_one("Post12"), a.hash_one("Post12"));
        assert_ne!(a.hash_one("Post12"), b.hash_one("Post12"));
        let mut seen: HashSet<&str> = HashSet::default();
        assert!(seen.insert("Post12"));
        assert!(!seen.insert("Post12"));
    }
}
