//! A small multiplicative hasher for the search memos, whose keys are
//! integers and bitsets: SipHash's resistance to collisions chosen by an
//! attacker buys nothing here and costs a third of the search time.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub(crate) struct MixHasher {
    h: u64,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher for MixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(buf));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.h = (self.h.rotate_left(5) ^ x).wrapping_mul(K);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        // A final avalanche so that hashes differing in high bits still
        // spread over the table's low bits.
        let mut z = self.h;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

pub(crate) type MixBuild = BuildHasherDefault<MixHasher>;

pub(crate) fn hash_of<T: std::hash::Hash>(x: &T) -> u64 {
    let mut h = MixHasher::default();
    x.hash(&mut h);
    h.finish()
}

/// Per-op random words for Zobrist hashing of a set: the set's hash is the
/// xor of its members' words, updated in O(1) as members come and go.
pub(crate) fn zobrist(n: usize, seed: u64) -> Vec<u64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(K);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .collect()
}
