//! Seeded history generators: a simulated atomic register, key-value store
//! or list store with many concurrent clients, whose histories are
//! linearizable by construction, and mutations that break them in ways a
//! test can be sure of.

use crate::history::{Action, History, Op, OpId, Outcome};
use crate::model::Model;
use crate::rng::Rng;
use crate::value::Value;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenConfig {
    pub model: Model,
    /// Operations to invoke in total.
    pub ops: usize,
    /// Concurrent clients; each runs one operation at a time.
    pub clients: usize,
    /// Keys, for `kv` and `append` (the register has one object).
    pub keys: usize,
    /// Share of reads among operations.
    pub reads: f64,
    /// Share of compare-and-sets (register and kv only).
    pub cas: f64,
    /// Share of operations whose outcome the client never learns: half of
    /// them take effect, half do not; most end in `:info`, some never
    /// complete. The client then continues as a new process, as in Jepsen.
    pub unknown: f64,
    /// `None`: every written value is new (1, 2, 3, ... per key), which
    /// makes reads informative. `Some(m)`: values drawn from `0..m`, as in
    /// Jepsen's register tests, which makes the search work harder.
    pub distinct_values: Option<u32>,
    /// Longest delay between an invocation and the effect, and between the
    /// effect and the completion; longer means more overlap.
    pub latency: u64,
    pub seed: u64,
}

impl GenConfig {
    pub fn register(ops: usize, clients: usize, seed: u64) -> Self {
        GenConfig {
            model: Model::Register,
            ops,
            clients,
            keys: 1,
            reads: 0.5,
            cas: 0.1,
            unknown: 0.05,
            distinct_values: None,
            latency: 10,
            seed,
        }
    }

    pub fn kv(ops: usize, clients: usize, keys: usize, seed: u64) -> Self {
        GenConfig {
            model: Model::Kv,
            keys,
            ..GenConfig::register(ops, clients, seed)
        }
    }

    pub fn append(ops: usize, clients: usize, keys: usize, seed: u64) -> Self {
        GenConfig {
            model: Model::Append,
            keys,
            cas: 0.0,
            ..GenConfig::register(ops, clients, seed)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Invoke,
    Effect,
    Complete,
}

struct Running {
    op: OpId,
    unknown: bool,
    silent: bool,
    cas_failed: bool,
}

/// Simulates `cfg.clients` clients against an atomic object: each
/// operation takes effect at one instant strictly between its invocation
/// and its completion, so the history is linearizable.
pub fn generate(cfg: &GenConfig) -> History {
    let mut rng = Rng::new(cfg.seed);
    let clients = cfg.clients.max(1);
    let keys = if cfg.model == Model::Register {
        1
    } else {
        cfg.keys.max(1)
    };
    let latency = cfg.latency.max(1);
    let mut ops: Vec<Op> = Vec::with_capacity(cfg.ops);
    let mut store: HashMap<usize, Value> = HashMap::new();
    let mut lists: HashMap<usize, Vec<Value>> = HashMap::new();
    let mut counters = vec![0i64; keys];
    let mut seen: Vec<HashMap<usize, Value>> = vec![HashMap::new(); clients];
    let mut process: Vec<u64> = (0..clients as u64).collect();
    let mut running: Vec<Option<Running>> = (0..clients).map(|_| None).collect();
    let mut heap: BinaryHeap<Reverse<(u64, u64, usize, Phase)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<_>, t: u64, c: usize, p: Phase| {
        seq += 1;
        heap.push(Reverse((t, seq, c, p)));
    };
    for c in 0..clients {
        let t = rng.below(latency);
        push(&mut heap, t, c, Phase::Invoke);
    }
    let mut clock = 0u64;
    let mut issued = 0usize;
    while let Some(Reverse((t, _, c, phase))) = heap.pop() {
        match phase {
            Phase::Invoke => {
                if issued >= cfg.ops {
                    continue;
                }
                issued += 1;
                let key = rng.below(keys as u64) as usize;
                let fresh = |counters: &mut Vec<i64>, rng: &mut Rng| match cfg.distinct_values {
                    None => {
                        counters[key] += 1;
                        Value::Int(counters[key])
                    }
                    Some(m) => Value::Int(rng.below(u64::from(m.max(1))) as i64),
                };
                let roll = rng.next_u64() as f64 / u64::MAX as f64;
                let action = if roll < cfg.reads {
                    Action::Read
                } else if cfg.model == Model::Append {
                    Action::Append(fresh(&mut counters, &mut rng))
                } else if roll < cfg.reads + cfg.cas {
                    let from = if rng.chance(0.5) {
                        seen[c].get(&key).cloned().unwrap_or(Value::Nil)
                    } else {
                        store.get(&key).cloned().unwrap_or(Value::Nil)
                    };
                    Action::Cas {
                        from,
                        to: fresh(&mut counters, &mut rng),
                    }
                } else {
                    Action::Write(fresh(&mut counters, &mut rng))
                };
                let unknown = rng.chance(cfg.unknown);
                let takes_effect = !unknown || rng.chance(0.5);
                let silent = unknown && rng.chance(0.3);
                ops.push(Op {
                    process: process[c],
                    key: (cfg.model != Model::Register).then_some(Value::Int(key as i64)),
                    action,
                    result: None,
                    invoke: clock,
                    complete: None,
                    outcome: Outcome::Unknown,
                });
                clock += 1;
                running[c] = Some(Running {
                    op: ops.len() - 1,
                    unknown,
                    silent,
                    cas_failed: false,
                });
                if takes_effect {
                    push(&mut heap, t + rng.between(1, latency), c, Phase::Effect);
                } else {
                    push(
                        &mut heap,
                        t + rng.between(2, 2 * latency),
                        c,
                        Phase::Complete,
                    );
                }
            }
            Phase::Effect => {
                let run = running[c].as_mut().expect("effect of a running op");
                let op = &mut ops[run.op];
                let key = match &op.key {
                    Some(Value::Int(k)) => *k as usize,
                    _ => 0,
                };
                match &op.action {
                    Action::Read if cfg.model == Model::Append => {
                        op.result = Some(Value::List(lists.get(&key).cloned().unwrap_or_default()));
                    }
                    Action::Read => {
                        op.result = Some(store.get(&key).cloned().unwrap_or(Value::Nil));
                    }
                    Action::Write(v) => {
                        store.insert(key, v.clone());
                    }
                    Action::Cas { from, to } => {
                        if store.get(&key).unwrap_or(&Value::Nil) == from {
                            store.insert(key, to.clone());
                        } else {
                            run.cas_failed = true;
                        }
                    }
                    Action::Append(v) => lists.entry(key).or_default().push(v.clone()),
                }
                push(&mut heap, t + rng.between(1, latency), c, Phase::Complete);
            }
            Phase::Complete => {
                let run = running[c].take().expect("completion of a running op");
                let op = &mut ops[run.op];
                if run.unknown {
                    op.result = None;
                    if !run.silent {
                        op.complete = Some(clock);
                        clock += 1;
                    }
                    // Jepsen retires a process whose op is indeterminate.
                    process[c] += clients as u64;
                } else {
                    op.complete = Some(clock);
                    clock += 1;
                    if run.cas_failed {
                        op.outcome = Outcome::Fail;
                    } else {
                        op.outcome = Outcome::Ok;
                        if let (Some(v), Some(Value::Int(k))) = (&op.result, &op.key) {
                            seen[c].insert(*k as usize, v.clone());
                        } else if let Some(v) = &op.result {
                            seen[c].insert(0, v.clone());
                        }
                    }
                }
                push(&mut heap, t + rng.below(latency / 2 + 1), c, Phase::Invoke);
            }
        }
    }
    History::from_ops(ops)
}

/// A way to make a linearizable history non-linearizable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// A read returns a value that was certainly overwritten before it
    /// began (a list read misses an element appended before it began).
    StaleRead,
    /// An acknowledged write vanishes: the reads that saw it see the value
    /// before it instead, at least one of them after the write completed
    /// (for lists: an element disappears from a later read).
    LostWrite,
}

impl Mutation {
    pub const ALL: [Mutation; 2] = [Mutation::StaleRead, Mutation::LostWrite];

    pub fn name(self) -> &'static str {
        match self {
            Mutation::StaleRead => "stale-read",
            Mutation::LostWrite => "lost-write",
        }
    }
}

fn key_of(op: &Op) -> Option<Value> {
    op.key.clone()
}

fn produces(op: &Op) -> Option<&Value> {
    match &op.action {
        Action::Write(v) | Action::Append(v) => Some(v),
        Action::Cas { to, .. } => Some(to),
        Action::Read => None,
    }
}

/// Applies `mutation` somewhere chosen by `seed`. The preconditions it
/// looks for make the result non-linearizable for certain (the doc of
/// each variant says why); `None` if the history offers no such place.
pub fn mutate(history: &History, mutation: Mutation, seed: u64) -> Option<(History, String)> {
    if history
        .ops
        .iter()
        .any(|o| matches!(o.action, Action::Append(_)))
    {
        return mutate_lists(history, mutation, seed);
    }
    let mut rng = Rng::new(seed);
    let ops = &history.ops;
    // Who could have produced each (key, value): anything not failed.
    let mut producers: HashMap<(Option<Value>, Value), Vec<OpId>> = HashMap::new();
    for (i, o) in ops.iter().enumerate() {
        if o.outcome != Outcome::Fail
            && let Some(v) = produces(o)
        {
            producers.entry((key_of(o), v.clone())).or_default().push(i);
        }
    }
    let only = |k: &Option<Value>, v: &Value| -> Option<OpId> {
        match producers.get(&(k.clone(), v.clone())).map(Vec::as_slice) {
            Some([one]) if ops[*one].outcome == Outcome::Ok => Some(*one),
            _ => None,
        }
    };
    let ok_producers: Vec<OpId> = (0..ops.len())
        .filter(|&i| ops[i].outcome == Outcome::Ok && produces(&ops[i]).is_some())
        .collect();
    let reads: Vec<OpId> = (0..ops.len())
        .filter(|&i| ops[i].outcome == Outcome::Ok && ops[i].action == Action::Read)
        .collect();
    for _ in 0..200 {
        match mutation {
            Mutation::StaleRead => {
                if reads.is_empty() {
                    return None;
                }
                let r = *rng.pick(&reads);
                let k = key_of(&ops[r]);
                let v = ops[r].result.clone().expect("ok read");
                let ys: Vec<OpId> = ok_producers
                    .iter()
                    .copied()
                    .filter(|&y| key_of(&ops[y]) == k && ops[y].precedes(&ops[r]))
                    .collect();
                if ys.is_empty() {
                    continue;
                }
                let y = *rng.pick(&ys);
                let yv = produces(&ops[y]).expect("producer").clone();
                // The latest sole source of a value that y certainly overwrote.
                let w = ok_producers
                    .iter()
                    .copied()
                    .filter(|&w| {
                        let wv = produces(&ops[w]).expect("producer");
                        key_of(&ops[w]) == k
                            && ops[w].precedes(&ops[y])
                            && *wv != v
                            && *wv != yv
                            && !wv.is_nil()
                            && only(&k, wv) == Some(w)
                    })
                    .max_by_key(|&w| ops[w].complete);
                let Some(w) = w else { continue };
                let u = produces(&ops[w]).expect("producer").clone();
                let mut out = history.clone();
                out.ops[r].result = Some(u.clone());
                let text = format!(
                    "stale read: {} now returns {u}, written only by {}, although {} ({}) was \
                     invoked after {} completed and completed before {} was invoked",
                    history.name(r),
                    history.name(w),
                    history.name(y),
                    ops[y].summary(),
                    history.name(w),
                    history.name(r)
                );
                return Some((out, text));
            }
            Mutation::LostWrite => return lost_write(history, &mut rng, &producers),
        }
    }
    None
}

/// Tries every acknowledged write, in an order chosen by `rng`, until one
/// qualifies: its value has no other producer, some read that began after
/// it completed returned that value, and the value before it is certain
/// (the sole producer of it completed before the write began, or nothing
/// did and nothing writes nil).
fn lost_write(
    history: &History,
    rng: &mut Rng,
    producers: &HashMap<(Option<Value>, Value), Vec<OpId>>,
) -> Option<(History, String)> {
    let ops = &history.ops;
    let only = |k: &Option<Value>, v: &Value| -> Option<OpId> {
        match producers.get(&(k.clone(), v.clone())).map(Vec::as_slice) {
            Some([one]) if ops[*one].outcome == Outcome::Ok => Some(*one),
            _ => None,
        }
    };
    let mut readers: HashMap<(Option<Value>, Value), Vec<OpId>> = HashMap::new();
    let mut by_completion: HashMap<Option<Value>, Vec<(u64, OpId)>> = HashMap::new();
    for (i, o) in ops.iter().enumerate() {
        if o.outcome != Outcome::Ok {
            continue;
        }
        if let Some(v) = &o.result {
            readers.entry((key_of(o), v.clone())).or_default().push(i);
        }
        if produces(o).is_some() {
            let t = o.complete.expect("ok ops complete");
            by_completion.entry(key_of(o)).or_default().push((t, i));
        }
    }
    for list in by_completion.values_mut() {
        list.sort_unstable();
    }
    let mut writes: Vec<OpId> = (0..ops.len())
        .filter(|&i| ops[i].outcome == Outcome::Ok && matches!(ops[i].action, Action::Write(_)))
        .collect();
    for i in (1..writes.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        writes.swap(i, j);
    }
    for w in writes {
        let k = key_of(&ops[w]);
        let u = produces(&ops[w]).expect("write").clone();
        if u.is_nil() || only(&k, &u) != Some(w) {
            continue;
        }
        let Some(seen) = readers.get(&(k.clone(), u.clone())) else {
            continue;
        };
        if !seen.iter().any(|&r| ops[w].precedes(&ops[r])) {
            continue;
        }
        let earlier = by_completion.get(&k).map_or(&[][..], Vec::as_slice);
        let before = earlier.partition_point(|&(t, _)| t < ops[w].invoke);
        let prev = match before.checked_sub(1).map(|i| earlier[i].1) {
            Some(p) => {
                let pv = produces(&ops[p]).expect("producer").clone();
                if pv == u || pv.is_nil() || only(&k, &pv) != Some(p) {
                    continue;
                }
                pv
            }
            None if !producers.contains_key(&(k.clone(), Value::Nil)) => Value::Nil,
            None => continue,
        };
        let mut out = history.clone();
        for &r in seen {
            out.ops[r].result = Some(prev.clone());
        }
        let names: Vec<String> = seen.iter().map(|&r| history.name(r)).collect();
        let text = format!(
            "lost write: {} ({}) was acknowledged, but {} now return {prev}, the value before it",
            history.name(w),
            ops[w].summary(),
            names.join(", ")
        );
        return Some((out, text));
    }
    None
}

/// List mutations: a read that misses an element whose append completed
/// before the read began. Lists only grow (the generator issues no
/// writes), so no order can explain it.
fn mutate_lists(history: &History, mutation: Mutation, seed: u64) -> Option<(History, String)> {
    if history
        .ops
        .iter()
        .any(|o| matches!(o.action, Action::Write(_)))
    {
        return None;
    }
    let mut rng = Rng::new(seed);
    let ops = &history.ops;
    let mut appends: HashMap<(Option<Value>, Value), Vec<OpId>> = HashMap::new();
    for (i, o) in ops.iter().enumerate() {
        if let Action::Append(v) = &o.action
            && o.outcome != Outcome::Fail
        {
            appends.entry((key_of(o), v.clone())).or_default().push(i);
        }
    }
    let reads: Vec<OpId> = (0..ops.len())
        .filter(|&i| {
            ops[i].outcome == Outcome::Ok
                && matches!(&ops[i].result, Some(Value::List(l)) if !l.is_empty())
        })
        .collect();
    if reads.is_empty() {
        return None;
    }
    for _ in 0..200 {
        let r = *rng.pick(&reads);
        let Some(Value::List(items)) = &ops[r].result else {
            continue;
        };
        let k = key_of(&ops[r]);
        // Elements certainly appended before r began, appended only once.
        let certain: Vec<usize> = (0..items.len())
            .filter(|&j| {
                match appends
                    .get(&(k.clone(), items[j].clone()))
                    .map(Vec::as_slice)
                {
                    Some([a]) => ops[*a].precedes(&ops[r]),
                    _ => false,
                }
            })
            .collect();
        if certain.is_empty() {
            continue;
        }
        let j = match mutation {
            Mutation::StaleRead => *certain.last().expect("non-empty"),
            Mutation::LostWrite => *rng.pick(&certain),
        };
        let mut out = history.clone();
        let mut list = items.clone();
        let gone = list[j].clone();
        match mutation {
            Mutation::StaleRead => list.truncate(j),
            Mutation::LostWrite => {
                list.remove(j);
            }
        }
        out.ops[r].result = Some(Value::List(list));
        let text = format!(
            "{}: {} no longer contains {gone}, although its append completed before {} began",
            mutation.name(),
            history.name(r),
            history.name(r)
        );
        return Some((out, text));
    }
    None
}
