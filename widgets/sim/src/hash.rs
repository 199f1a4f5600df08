//! A hasher whose output does not depend on the Rust version or on a random
//! key, so state fingerprints are reproducible between runs (pinned counts in
//! tests, "same state" checks in the browser).

use std::hash::{Hash, Hasher};

use crate::rng::mix;

/// A fast, keyless 64-bit hasher (an Fx-style word mixer with a final
/// avalanche). Not collision resistant against an adversary, which a
/// simulator's own states are not.
#[derive(Debug, Clone)]
pub struct StableHasher {
    state: u64,
    len: u64,
}

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher {
            state: 0x243f_6a88_85a3_08d3,
            len: 0,
        }
    }
}

impl StableHasher {
    fn word(&mut self, w: u64) {
        self.state = (self.state.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.len = self.len.wrapping_add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // Tag the tail with its length so "ab" and "ab\0" differ.
            self.word(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.word(u64::from(i) | 0x100);
    }

    fn write_u16(&mut self, i: u16) {
        self.word(u64::from(i) | 0x2_0000);
    }

    fn write_u32(&mut self, i: u32) {
        self.word(u64::from(i) ^ 0x4_0000_0000);
    }

    fn write_u64(&mut self, i: u64) {
        self.word(i);
    }

    fn write_usize(&mut self, i: usize) {
        // Widen so that native and wasm32 hash the same values identically.
        self.word(i as u64);
    }

    fn finish(&self) -> u64 {
        mix(self.state ^ self.len)
    }
}

/// The stable hash of one value.
pub fn hash_one<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = StableHasher::default();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_close_values_and_is_repeatable() {
        assert_eq!(hash_one(&(1u8, "x")), hash_one(&(1u8, "x")));
        assert_ne!(hash_one(&1u64), hash_one(&2u64));
        assert_ne!(hash_one("ab"), hash_one("ab\0"));
        assert_ne!(hash_one(&(1u8, 2u8)), hash_one(&(2u8, 1u8)));
    }
}
