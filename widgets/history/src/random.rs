//! Random histories from a seed, so "random" is an edit like any other:
//! replaying it gives the same history, and a share code stores only the
//! seed.
//!
//! The histories come from `dsw_lincheck::generate`, which simulates clients
//! against an atomic register, so they are linearizable by construction.
//! Half of them then get one of its mutations (a stale read, a lost write),
//! each of which makes the history non-linearizable for certain; that is what
//! lets a learner meet both kinds, and lets the tests check that the checker
//! tells them apart.

use dsw_lincheck::generate::{GenConfig, Mutation, generate, mutate};
use dsw_lincheck::{Action, History, Value};
use std::collections::HashMap;

use crate::timeline::Sheet;

/// Operations in a [`crate::Edit::RandomLarge`] history: enough that an
/// unsliced check would be felt, few enough to draw.
pub const LARGE_OPS: usize = 300;
/// Clients in a large history: all the lanes there are.
pub const LARGE_CLIENTS: usize = crate::MAX_CLIENTS;

/// A generated history before it is laid out on lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomHistory {
    /// Values renumbered 1, 2, 3, ... in order of first appearance.
    pub history: History,
    pub clients: usize,
    /// What the mutation broke, in the checker's names (`r5`), when there
    /// was one; the same names the view shows.
    pub mutation: Option<String>,
}

/// SplitMix64: the few draws here need no more.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn coin(&mut self) -> bool {
        self.next() >> 63 == 0
    }

    /// In `lo..=hi`; the modulo bias is irrelevant at these sizes.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// The small history of [`crate::Edit::Random`]: 2 to 4 clients, 6 to 12
/// operations.
pub fn describe_small(seed: u32) -> RandomHistory {
    let mut rng = Rng(u64::from(seed));
    let clients = rng.between(2, 4) as usize;
    let ops = rng.between(6, 12) as usize;
    let cfg = GenConfig {
        // A few more timeouts than the default, so unknown outcomes show up.
        unknown: 0.1,
        ..GenConfig::register(ops, clients, rng.next())
    };
    build(&mut rng, &cfg)
}

/// The large history of [`crate::Edit::RandomLarge`].
pub fn describe_large(seed: u32) -> RandomHistory {
    let mut rng = Rng(u64::from(seed) ^ 0x5EED_1A26_E000_0000);
    let cfg = GenConfig::register(LARGE_OPS, LARGE_CLIENTS, rng.next());
    build(&mut rng, &cfg)
}

fn build(rng: &mut Rng, cfg: &GenConfig) -> RandomHistory {
    let history = renumber(&generate(cfg));
    let (history, mutation) = if rng.coin() {
        (history, None)
    } else {
        let first = if rng.coin() {
            Mutation::StaleRead
        } else {
            Mutation::LostWrite
        };
        let other = if first == Mutation::StaleRead {
            Mutation::LostWrite
        } else {
            Mutation::StaleRead
        };
        let seed = rng.next();
        match mutate(&history, first, seed).or_else(|| mutate(&history, other, seed)) {
            Some((h, text)) => (h, Some(text)),
            None => (history, None),
        }
    };
    RandomHistory {
        history,
        clients: cfg.clients,
        mutation,
    }
}

/// Renames the values 1, 2, 3, ... in order of first appearance, `nil`
/// kept: a bijection, so no verdict changes, and the labels stay short.
fn renumber(history: &History) -> History {
    let mut order: Vec<usize> = (0..history.ops.len()).collect();
    order.sort_by_key(|&i| history.ops[i].invoke);
    let mut names: HashMap<Value, Value> = HashMap::new();
    let mut rename = |v: &Value| -> Value {
        if v.is_nil() {
            return Value::Nil;
        }
        let next = Value::Int(names.len() as i64 + 1);
        names.entry(v.clone()).or_insert(next).clone()
    };
    let mut out = history.clone();
    for i in order {
        let op = &mut out.ops[i];
        op.action = match &op.action {
            Action::Write(v) => Action::Write(rename(v)),
            Action::Cas { from, to } => Action::Cas {
                from: rename(from),
                to: rename(to),
            },
            other => other.clone(),
        };
        op.result = op.result.as_ref().map(&mut rename);
    }
    out
}

/// Lays a generated history out: the generator retires a client's process
/// number after an unknown outcome by adding the client count, so the lane
/// is the process modulo the clients.
fn layout(r: &RandomHistory) -> Sheet {
    let clients = r.clients;
    Sheet::from_history(&r.history, clients, |p| (p % clients as u64) as usize)
        // Generated histories always fit (the tests try hundreds of seeds);
        // should one not, an empty timeline beats a panic.
        .unwrap_or_else(|_| Sheet::clamped(clients))
}

pub(crate) fn small(seed: u32) -> Sheet {
    layout(&describe_small(seed))
}

pub(crate) fn large(seed: u32) -> Sheet {
    layout(&describe_large(seed))
}
