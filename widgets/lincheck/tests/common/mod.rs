//! Test helpers written independently of the library: a seeded RNG, random
//! small histories, brute-force reference checkers that try every order,
//! a linearization validator, and the dependant-closure used to state
//! minimality.
#![allow(dead_code)]

use dsw_lincheck::{Action, History, Linearization, Model, Op, OpId, Outcome, Value};
use std::collections::HashMap;

/// xorshift64*: the tests' own generator, separate from the library's.
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ---------------------------------------------------------------------
// Object semantics, written again from the definitions.

#[derive(Clone, Debug, PartialEq)]
pub enum Obj {
    Reg(Value),
    List(Vec<Value>),
}

fn initial(model: Model) -> Obj {
    match model {
        Model::Append => Obj::List(Vec::new()),
        _ => Obj::Reg(Value::Nil),
    }
}

/// The state after `op`, or `None` if the object could not have answered
/// that way. `op.result` is only consulted for `:ok` reads.
pub fn step(_model: Model, state: &Obj, op: &Op) -> Option<Obj> {
    let known_read = op.outcome == Outcome::Ok;
    match (state, &op.action) {
        (Obj::Reg(v), Action::Read) => {
            (!known_read || op.result.as_ref() == Some(v)).then(|| state.clone())
        }
        (Obj::Reg(_), Action::Write(x)) => Some(Obj::Reg(x.clone())),
        (Obj::Reg(v), Action::Cas { from, to }) => (v == from).then(|| Obj::Reg(to.clone())),
        (Obj::List(items), Action::Read) => {
            if !known_read {
                return Some(state.clone());
            }
            let ok = match op.result.as_ref().expect("ok read") {
                Value::List(r) => r == items,
                Value::Nil => items.is_empty(),
                Value::Str(s) => {
                    let concat: String = items
                        .iter()
                        .map(|i| match i {
                            Value::Str(p) => p.clone(),
                            other => other.to_string(),
                        })
                        .collect();
                    &concat == s
                }
                _ => false,
            };
            ok.then(|| state.clone())
        }
        (Obj::List(items), Action::Append(x)) => {
            let mut n = items.clone();
            n.push(x.clone());
            Some(Obj::List(n))
        }
        (Obj::List(_), Action::Write(x)) => Some(Obj::List(if x.is_nil() {
            Vec::new()
        } else {
            vec![x.clone()]
        })),
        _ => None,
    }
}

fn key(op: &Op, model: Model) -> Option<Value> {
    if model == Model::Register {
        None
    } else {
        op.key.clone()
    }
}

/// Depth-first search over every order of the operations in which each op
/// comes after all mandatory ops in `before` relation to it and every step
/// is legal. No memo, no pruning beyond legality: a reference.
fn exists_order(
    h: &History,
    model: Model,
    ids: &[OpId],
    must_precede: &dyn Fn(OpId, OpId) -> bool,
) -> bool {
    let ops: Vec<&Op> = ids.iter().map(|&i| &h.ops[i]).collect();
    let relevant: Vec<usize> = (0..ops.len())
        .filter(|&i| {
            ops[i].outcome != Outcome::Fail
                && !(ops[i].outcome == Outcome::Unknown && ops[i].action == Action::Read)
        })
        .collect();
    let mut dfs = Dfs {
        model,
        mandatory: ops.iter().map(|o| o.outcome == Outcome::Ok).collect(),
        placed: vec![false; ops.len()],
        ops,
        relevant,
        ids,
        must_precede,
        state: HashMap::new(),
    };
    dfs.go()
}

struct Dfs<'a> {
    model: Model,
    ops: Vec<&'a Op>,
    relevant: Vec<usize>,
    mandatory: Vec<bool>,
    ids: &'a [OpId],
    must_precede: &'a dyn Fn(OpId, OpId) -> bool,
    placed: Vec<bool>,
    state: HashMap<Option<Value>, Obj>,
}

impl Dfs<'_> {
    fn go(&mut self) -> bool {
        if self
            .relevant
            .iter()
            .all(|&i| self.placed[i] || !self.mandatory[i])
        {
            return true;
        }
        for bi in 0..self.relevant.len() {
            let b = self.relevant[bi];
            if self.placed[b] {
                continue;
            }
            let blocked = self.relevant.iter().any(|&a| {
                a != b
                    && !self.placed[a]
                    && self.mandatory[a]
                    && (self.must_precede)(self.ids[a], self.ids[b])
            });
            if blocked {
                continue;
            }
            let k = key(self.ops[b], self.model);
            let cur = self
                .state
                .get(&k)
                .cloned()
                .unwrap_or_else(|| initial(self.model));
            let Some(next) = step(self.model, &cur, self.ops[b]) else {
                continue;
            };
            self.placed[b] = true;
            self.state.insert(k.clone(), next);
            if self.go() {
                return true;
            }
            self.state.insert(k, cur);
            self.placed[b] = false;
        }
        false
    }
}

fn real_time(a: &Op, b: &Op) -> bool {
    a.outcome == Outcome::Ok && a.complete.expect("ok ops complete") < b.invoke
}

fn program_order(a: &Op, b: &Op) -> bool {
    a.process == b.process && real_time(a, b)
}

/// Brute-force linearizability of the ops `ids` (all keys at once: no
/// partitioning, so comparing with the checker also tests locality).
pub fn reference_linearizable(h: &History, model: Model, ids: &[OpId]) -> bool {
    exists_order(h, model, ids, &|a, b| real_time(&h.ops[a], &h.ops[b]))
}

pub fn reference_sequential(h: &History, model: Model) -> bool {
    let ids: Vec<OpId> = (0..h.len()).collect();
    exists_order(h, model, &ids, &|a, b| program_order(&h.ops[a], &h.ops[b]))
}

/// Brute-force causal memory (unique written values, reads and writes).
pub fn reference_causal(h: &History) -> bool {
    let n = h.len();
    let live = |o: &Op| {
        o.outcome != Outcome::Fail && !(o.outcome == Outcome::Unknown && o.action == Action::Read)
    };
    // Writes-into.
    let mut source: Vec<Option<usize>> = vec![None; n];
    for (r, o) in h.ops.iter().enumerate() {
        if o.outcome == Outcome::Ok && o.action == Action::Read {
            let v = o.result.clone().expect("ok read");
            if v.is_nil() {
                continue;
            }
            let w = (0..n).find(|&w| {
                live(&h.ops[w])
                    && h.ops[w].key == o.key
                    && h.ops[w].action == Action::Write(v.clone())
            });
            match w {
                Some(w) => source[r] = Some(w),
                None => return false,
            }
        }
    }
    let read_from: Vec<bool> = (0..n).map(|w| source.contains(&Some(w))).collect();
    let kept: Vec<usize> = (0..n)
        .filter(|&i| live(&h.ops[i]) && (h.ops[i].outcome == Outcome::Ok || read_from[i]))
        .collect();
    // Causal order by repeated relaxation.
    let mut co = vec![vec![false; n]; n];
    for &a in &kept {
        for &b in &kept {
            if program_order(&h.ops[a], &h.ops[b]) {
                co[a][b] = true;
            }
        }
        if let Some(w) = source[a] {
            co[w][a] = true;
        }
    }
    // Transitive closure, Floyd-Warshall style.
    for b in 0..n {
        let via = co[b].clone();
        for row in co.iter_mut() {
            if row[b] {
                for (x, &y) in row.iter_mut().zip(&via) {
                    *x |= y;
                }
            }
        }
    }
    if (0..n).any(|a| co[a][a]) {
        return false;
    }
    let mut procs: Vec<u64> = kept.iter().map(|&i| h.ops[i].process).collect();
    procs.sort_unstable();
    procs.dedup();
    procs.into_iter().all(|p| {
        let view: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&i| h.ops[i].process == p || h.ops[i].action != Action::Read)
            .collect();
        // Every op in the view is mandatory here (an unknown write that
        // was read certainly happened).
        let mut sub = h.clone();
        for &i in &view {
            sub.ops[i].outcome = Outcome::Ok;
            if sub.ops[i].complete.is_none() {
                sub.ops[i].complete = Some(u64::MAX - 1);
            }
        }
        let co = &co;
        exists_order(&sub, Model::Kv, &view, &|a, b| co[a][b])
    })
}

// ---------------------------------------------------------------------
// Validating a linearization.

pub fn validate_linearization(
    h: &History,
    model: Model,
    lin: &Linearization,
) -> Result<(), String> {
    let mut seen = vec![false; h.len()];
    for p in &lin.points {
        if seen[p.op] {
            return Err(format!("op {} placed twice", p.op));
        }
        seen[p.op] = true;
        let o = &h.ops[p.op];
        if o.outcome == Outcome::Fail {
            return Err(format!("failed op {} placed", p.op));
        }
        let hi = match o.outcome {
            Outcome::Ok => o.complete.expect("ok completes") as f64,
            _ => f64::INFINITY,
        };
        if !(p.at >= o.invoke as f64 && p.at <= hi) {
            return Err(format!(
                "op {} point {} outside [{}, {hi}]",
                p.op, p.at, o.invoke
            ));
        }
    }
    for (i, o) in h.ops.iter().enumerate() {
        if o.outcome == Outcome::Ok && !seen[i] {
            return Err(format!("ok op {i} has no point"));
        }
        if seen[i] == lin.skipped.contains(&i) {
            return Err(format!("op {i} both placed and skipped, or neither"));
        }
    }
    // Points increase per key; replaying per key in point order is legal.
    let mut state: HashMap<Option<Value>, Obj> = HashMap::new();
    let mut last: HashMap<Option<Value>, f64> = HashMap::new();
    for p in &lin.points {
        let o = &h.ops[p.op];
        let k = key(o, model);
        if let Some(&t) = last.get(&k)
            && p.at < t
        {
            return Err(format!("points of key {k:?} go backwards at op {}", p.op));
        }
        last.insert(k.clone(), p.at);
        let cur = state.get(&k).cloned().unwrap_or_else(|| initial(model));
        let next =
            step(model, &cur, o).ok_or_else(|| format!("op {} illegal in state {cur:?}", p.op))?;
        state.insert(k, next);
    }
    // Real time: the order of points respects precedence.
    for a in &lin.points {
        for b in &lin.points {
            if real_time(&h.ops[a.op], &h.ops[b.op]) && a.at >= b.at {
                return Err(format!(
                    "op {} precedes op {} but is placed after it",
                    a.op, b.op
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The dependant closure, from its definition: removing an op also removes
// the ops that observed a value only removed ops could have produced.

fn produced(o: &Op) -> Option<&Value> {
    match &o.action {
        Action::Write(v) | Action::Append(v) => Some(v),
        Action::Cas { to, .. } => Some(to),
        Action::Read => None,
    }
}

fn observed(o: &Op) -> Vec<Value> {
    match (&o.action, &o.result) {
        (Action::Read, Some(Value::List(items))) => items.clone(),
        (Action::Read, Some(v)) => vec![v.clone()],
        (Action::Cas { from, .. }, _) => vec![from.clone()],
        _ => Vec::new(),
    }
}

/// `set` without `x` and, transitively, without the ops that lost every
/// possible producer of a value they observed (producers counted among the
/// non-failed ops of the same key in the whole history).
pub fn remove_with_dependants(h: &History, model: Model, set: &[OpId], x: OpId) -> Vec<OpId> {
    let mut keep: Vec<OpId> = set.iter().copied().filter(|&i| i != x).collect();
    loop {
        let before = keep.len();
        let snapshot = keep.clone();
        keep.retain(|&y| {
            observed(&h.ops[y]).iter().all(|v| {
                if v.is_nil() {
                    return true;
                }
                let producers: Vec<OpId> = (0..h.len())
                    .filter(|&p| {
                        p != y
                            && h.ops[p].outcome != Outcome::Fail
                            && key(&h.ops[p], model) == key(&h.ops[y], model)
                            && produced(&h.ops[p]) == Some(v)
                    })
                    .collect();
                producers.is_empty() || producers.iter().any(|p| snapshot.contains(p))
            })
        });
        if keep.len() == before {
            return keep;
        }
    }
}

// ---------------------------------------------------------------------
// Random small histories.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    Register,
    Kv,
    Append,
    /// Registers (one per key) with unique written values and no CAS.
    UniqueKv,
}

/// A small random history: an atomic object simulated with effects at
/// random instants inside each interval (so often linearizable), then with
/// some probability one result or outcome perturbed (so often not).
pub fn random_history(rng: &mut TestRng, shape: Shape, max_ops: usize) -> History {
    let n = 1 + rng.below(max_ops as u64) as usize;
    let procs = 1 + rng.below(3) as usize;
    let keys = match shape {
        Shape::Register => 1,
        _ => 1 + rng.below(2),
    };
    let mut counter = 0i64;
    let mut plan: Vec<Vec<(Option<Value>, Action)>> = vec![Vec::new(); procs];
    for _ in 0..n {
        let p = rng.below(procs as u64) as usize;
        let k = (shape != Shape::Register).then(|| Value::Int(rng.below(keys) as i64));
        let small = |rng: &mut TestRng| Value::Int(1 + rng.below(3) as i64);
        let action = match (shape, rng.below(10)) {
            (_, 0..=3) => Action::Read,
            (Shape::Append, _) => {
                counter += 1;
                Action::Append(Value::Int(counter))
            }
            (Shape::UniqueKv, _) => {
                counter += 1;
                Action::Write(Value::Int(counter))
            }
            (_, 4..=6) => Action::Write(small(rng)),
            _ => Action::Cas {
                from: if rng.chance(25) {
                    Value::Nil
                } else {
                    small(rng)
                },
                to: small(rng),
            },
        };
        plan[p].push((k, action));
    }
    let model = match shape {
        Shape::Append => Model::Append,
        _ => Model::Kv,
    };
    let mut h = History::new();
    let mut state: HashMap<Option<Value>, Obj> = HashMap::new();
    // Per process: position in plan, running op, whether it took effect.
    let mut pos = vec![0usize; procs];
    let mut running: Vec<Option<(OpId, bool, bool)>> = vec![None; procs];
    let mut process_id: Vec<u64> = (0..procs as u64).collect();
    loop {
        let busy: Vec<usize> = (0..procs)
            .filter(|&p| running[p].is_some() || pos[p] < plan[p].len())
            .collect();
        if busy.is_empty() {
            break;
        }
        let p = busy[rng.below(busy.len() as u64) as usize];
        match running[p] {
            None => {
                let (k, a) = plan[p][pos[p]].clone();
                pos[p] += 1;
                let id = h.invoke(process_id[p], k, a);
                running[p] = Some((id, false, true));
            }
            Some((id, false, _)) if rng.chance(70) => {
                // The effect, at a random instant inside the interval.
                let op = h.ops[id].clone();
                let k = op.key.clone();
                let cur = state.get(&k).cloned().unwrap_or_else(|| initial(model));
                let mut probe = op.clone();
                probe.outcome = Outcome::Unknown;
                let (next, result, ok) = match (&op.action, &cur) {
                    (Action::Read, Obj::Reg(v)) => (cur.clone(), Some(v.clone()), true),
                    (Action::Read, Obj::List(items)) => {
                        (cur.clone(), Some(Value::List(items.clone())), true)
                    }
                    _ => match step(model, &cur, &probe) {
                        Some(s) => (s, None, true),
                        None => (cur.clone(), None, false),
                    },
                };
                state.insert(k, next);
                h.ops[id].result = result;
                running[p] = Some((id, true, ok));
            }
            Some((id, effected, ok)) => {
                // Completion: ok / fail as it happened, or unknown.
                let roll = rng.below(100);
                let result = h.ops[id].result.take();
                if roll < 12 {
                    h.info(id);
                    process_id[p] += 10;
                } else if roll < 18 {
                    // The client crashed: no completion at all.
                    process_id[p] += 10;
                } else if !effected || !ok {
                    // It never took effect (or its comparison failed):
                    // :fail is the truthful answer.
                    h.fail(id);
                } else if h.ops[id].action == Action::Read {
                    h.ok_read(id, result.expect("effected read"));
                } else {
                    h.ok(id);
                }
                running[p] = None;
            }
        }
    }
    if rng.chance(70) {
        perturb(rng, &mut h, shape);
    }
    h
}

fn perturb(rng: &mut TestRng, h: &mut History, shape: Shape) {
    if h.is_empty() {
        return;
    }
    let i = rng.below(h.len() as u64) as usize;
    let op = &mut h.ops[i];
    match (&op.action, op.outcome) {
        (Action::Read, Outcome::Ok) => {
            op.result = Some(match shape {
                Shape::Append => {
                    let mut l = match op.result.take() {
                        Some(Value::List(l)) => l,
                        _ => Vec::new(),
                    };
                    if l.is_empty() || rng.chance(50) {
                        l.push(Value::Int(1 + rng.below(4) as i64));
                    } else {
                        l.remove(rng.below(l.len() as u64) as usize);
                    }
                    Value::List(l)
                }
                _ if rng.chance(20) => Value::Nil,
                _ => Value::Int(1 + rng.below(4) as i64),
            });
        }
        (_, Outcome::Fail) if op.action != Action::Read => op.outcome = Outcome::Ok,
        (_, Outcome::Ok) if op.action != Action::Read => op.outcome = Outcome::Fail,
        _ => {}
    }
}

/// Histories shaped to separate consistency models: each process writes a
/// unique value to one of two keys and then reads, and reads return any
/// value ever written to their key (or nil). Processes are sequential,
/// events interleave at random.
pub fn random_views_history(rng: &mut TestRng) -> History {
    let procs = 2 + rng.below(2) as usize;
    let keys = 1 + rng.below(2);
    let mut plan: Vec<Vec<(Value, Action)>> = Vec::new();
    let mut written: Vec<Vec<Value>> = vec![Vec::new(); keys as usize];
    let mut counter = 0;
    for _ in 0..procs {
        let mut mine = Vec::new();
        for _ in 0..2 + rng.below(2) {
            let k = rng.below(keys);
            if rng.chance(50) {
                counter += 1;
                written[k as usize].push(Value::Int(counter));
                mine.push((Value::Int(k as i64), Action::Write(Value::Int(counter))));
            } else {
                mine.push((Value::Int(k as i64), Action::Read));
            }
        }
        plan.push(mine);
    }
    let mut h = History::new();
    let mut pos = vec![0usize; procs];
    let mut running: Vec<Option<OpId>> = vec![None; procs];
    loop {
        let busy: Vec<usize> = (0..procs)
            .filter(|&p| running[p].is_some() || pos[p] < plan[p].len())
            .collect();
        if busy.is_empty() {
            return h;
        }
        let p = busy[rng.below(busy.len() as u64) as usize];
        match running[p].take() {
            None => {
                let (k, a) = plan[p][pos[p]].clone();
                pos[p] += 1;
                running[p] = Some(h.invoke(p as u64, Some(k), a));
            }
            Some(id) => {
                if h.ops[id].action == Action::Read {
                    let Some(Value::Int(k)) = h.ops[id].key.clone() else {
                        unreachable!()
                    };
                    let choices = &written[k as usize];
                    let v = if choices.is_empty() || rng.chance(20) {
                        Value::Nil
                    } else {
                        choices[rng.below(choices.len() as u64) as usize].clone()
                    };
                    h.ok_read(id, v);
                } else {
                    h.ok(id);
                }
            }
        }
    }
}
