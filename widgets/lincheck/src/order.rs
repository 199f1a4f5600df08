//! A search for one total order of operations that respects a given
//! precedence relation and is legal for the object, with a memo of visited
//! (set, state) configurations. Sequential consistency (program order),
//! causal views (causal order) and the explanations (real-time order on a
//! handful of ops) all reduce to it; the linearizability checker has its
//! own faster search in `wgl`.
//!
//! Two of `wgl`'s exact prunings carry over, because their arguments only
//! need the precedence relation to be a partial order: a read that may go
//! now goes now, with no alternative tried (moving a read earlier, to a
//! point where it is legal and all its predecessors are placed, changes
//! nothing for anyone); and a register configuration is dead when some
//! value still has readers waiting but no operation left that could write
//! it, and the register does not hold it.

use crate::fasthash::MixBuild;
use crate::model::{Spec, Step, Vid};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

pub(crate) struct Item {
    /// Index of the object (key) the step acts on.
    pub key: usize,
    pub step: Step,
    /// May be left out: an operation of unknown outcome.
    pub optional: bool,
}

pub(crate) enum OrderResult {
    /// Item indices in a legal order (optional items possibly missing).
    Found(Vec<usize>),
    /// No legal order; the longest legal prefix any order reaches.
    Impossible { deepest: Vec<usize> },
    /// The step budget ran out first.
    GaveUp,
}

/// Per (key, value): readers still waiting and writers still available.
struct Starvation {
    slot: HashMap<(usize, Vid), usize>,
    observers: Vec<u32>,
    producers: Vec<u32>,
    slot_key: Vec<usize>,
    /// Per key: how many of its values starve.
    starving: Vec<usize>,
    item_observes: Vec<Option<usize>>,
    item_produces: Vec<Option<usize>>,
}

impl Starvation {
    fn new(items: &[Item], keys: usize) -> Self {
        let mut s = Starvation {
            slot: HashMap::new(),
            observers: Vec::new(),
            producers: Vec::new(),
            slot_key: Vec::new(),
            starving: vec![0; keys],
            item_observes: Vec::new(),
            item_produces: Vec::new(),
        };
        let slot = |s: &mut Starvation, k: usize, v: Vid| -> usize {
            *s.slot.entry((k, v)).or_insert_with(|| {
                s.observers.push(0);
                s.producers.push(0);
                s.slot_key.push(k);
                s.observers.len() - 1
            })
        };
        for it in items {
            let obs = match it.step {
                Step::Read(v) => Some(v),
                Step::Cas(v, _) if !it.optional => Some(v),
                _ => None,
            };
            let prod = match it.step {
                Step::Write(v) | Step::Cas(_, v) => Some(v),
                _ => None,
            };
            let o = obs.map(|v| slot(&mut s, it.key, v));
            let p = prod.map(|v| slot(&mut s, it.key, v));
            if let Some(o) = o {
                s.observers[o] += 1;
            }
            if let Some(p) = p {
                s.producers[p] += 1;
            }
            s.item_observes.push(o);
            s.item_produces.push(p);
        }
        for i in 0..s.observers.len() {
            if s.starves(i) {
                s.starving[s.slot_key[i]] += 1;
            }
        }
        s
    }

    fn starves(&self, i: usize) -> bool {
        self.observers[i] > 0 && self.producers[i] == 0
    }

    fn count(&mut self, item: usize, place: bool) {
        for (slot, observer) in [
            (self.item_observes[item], true),
            (self.item_produces[item], false),
        ] {
            let Some(i) = slot else { continue };
            let before = self.starves(i);
            let n = if observer {
                &mut self.observers[i]
            } else {
                &mut self.producers[i]
            };
            if place {
                *n -= 1;
            } else {
                *n += 1;
            }
            let k = self.slot_key[i];
            match (before, self.starves(i)) {
                (false, true) => self.starving[k] += 1,
                (true, false) => self.starving[k] -= 1,
                _ => {}
            }
        }
    }

    fn dead<S: Spec>(&self, spec: &S, state: &[S::State]) -> bool {
        state.iter().enumerate().any(|(k, s)| {
            let Some(v) = spec.register_value(s) else {
                return false;
            };
            let held = self.slot.get(&(k, v)).is_some_and(|&i| self.starves(i));
            self.starving[k] > usize::from(held)
        })
    }
}

/// Searches for an order of `items` in which every item comes after all
/// of its `preds`, every step is legal, and every mandatory item appears.
/// Without `prune`, the search tries every legal next item, so the deepest
/// dead end it reports is one where every allowed next item is refused,
/// which is what explanations state. Each step spends one unit of
/// `budget`, which callers share between searches.
pub(crate) fn find_order<S: Spec>(
    spec: &S,
    keys: usize,
    items: &[Item],
    preds: &[Vec<usize>],
    budget: &Cell<u64>,
    prune: bool,
) -> OrderResult {
    let n = items.len();
    let keys = keys.max(1);
    let mut done = vec![false; n];
    let mut bits = vec![0u64; n.div_ceil(64)];
    let mut state: Vec<S::State> = vec![spec.init(); keys];
    let mut path: Vec<usize> = Vec::new();
    let mut saved: Vec<S::State> = Vec::new();
    // Per depth: where the search for the next item resumes, and whether
    // the eager read was looked for yet.
    let mut next_try: Vec<usize> = vec![0];
    let mut fresh: Vec<bool> = vec![true];
    let mut visited: HashSet<(Vec<u64>, Vec<S::State>), MixBuild> = HashSet::default();
    let mut mandatory_left = items.iter().filter(|i| !i.optional).count();
    let mut deepest: Vec<usize> = Vec::new();
    let mut starvation = Starvation::new(items, keys);
    let register = prune && spec.register_value(&spec.init()).is_some();
    loop {
        if mandatory_left == 0 {
            return OrderResult::Found(path);
        }
        match budget.get() {
            0 => return OrderResult::GaveUp,
            left => budget.set(left - 1),
        }
        let depth = path.len();
        let ready = |i: usize, done: &[bool]| !done[i] && preds[i].iter().all(|&p| done[p]);
        let mut chosen = None;
        let mut candidates: Box<dyn Iterator<Item = usize>> = if fresh[depth] && prune {
            fresh[depth] = false;
            let eager = (0..n).find(|&i| {
                ready(i, &done)
                    && items[i].step.keeps_state()
                    && spec.apply(&state[items[i].key], &items[i].step).is_some()
            });
            match eager {
                // Only this one is worth trying here; afterwards, backtrack.
                Some(i) => {
                    next_try[depth] = n;
                    Box::new(std::iter::once(i))
                }
                None => Box::new(0..n),
            }
        } else {
            fresh[depth] = false;
            Box::new(next_try[depth]..n)
        };
        for i in candidates.by_ref() {
            if !ready(i, &done) {
                continue;
            }
            let k = items[i].key;
            let Some(after) = spec.apply(&state[k], &items[i].step) else {
                continue;
            };
            bits[i / 64] ^= 1 << (i % 64);
            starvation.count(i, true);
            let mut next_state = state.clone();
            next_state[k] = after;
            let alive = !(register && starvation.dead(spec, &next_state));
            if alive && visited.insert((bits.clone(), next_state.clone())) {
                chosen = Some((i, next_state));
                break;
            }
            starvation.count(i, false);
            bits[i / 64] ^= 1 << (i % 64);
        }
        match chosen {
            Some((i, next_state)) => {
                if next_try[depth] < n {
                    next_try[depth] = i + 1;
                }
                let k = items[i].key;
                saved.push(state[k].clone());
                state = next_state;
                done[i] = true;
                if !items[i].optional {
                    mandatory_left -= 1;
                }
                path.push(i);
                next_try.push(0);
                fresh.push(true);
            }
            None => {
                if path.len() > deepest.len() {
                    deepest = path.clone();
                }
                next_try.pop();
                fresh.pop();
                let Some(i) = path.pop() else {
                    return OrderResult::Impossible { deepest };
                };
                let before = saved.pop().expect("one saved state per path entry");
                state[items[i].key] = before;
                done[i] = false;
                bits[i / 64] ^= 1 << (i % 64);
                starvation.count(i, false);
                if !items[i].optional {
                    mandatory_left += 1;
                }
            }
        }
    }
}
