//! The linearizability checker: per-key searches, then, on failure,
//! shrinking and explanation, all in resumable slices of steps.

use crate::explain;
use crate::history::{History, OpId};
use crate::model::{AnySpec, Call, Compiled, Model, ModelError, RegSpec, SeqSpec, compile};
use crate::shrink::Shrinker;
use crate::value::Value;
use crate::wgl::Wgl;

/// Where an operation takes effect in a linearization.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub op: OpId,
    /// A time strictly inside the op's interval where the events around it
    /// leave room (otherwise on its boundary); points increase along the
    /// linearization of each key, so they can be drawn as they are.
    pub at: f64,
}

/// A witness that a history is linearizable.
#[derive(Clone, Debug, PartialEq)]
pub struct Linearization {
    /// Every operation that took effect, by increasing point. Ops of one
    /// key appear in their key's linearization order.
    pub points: Vec<Point>,
    /// Operations without a point: failed ones, reads of unknown outcome,
    /// and ops of unknown outcome the linearization leaves out (they may
    /// never have taken effect).
    pub skipped: Vec<OpId>,
}

/// Why a history is not linearizable.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The key whose sub-history was shrunk (`None` for a single register).
    pub key: Option<Value>,
    /// Every key whose sub-history is not linearizable.
    pub failing_keys: Vec<Option<Value>>,
    /// A minimal failing set of operations of `key`, by invocation time.
    pub ops: Vec<OpId>,
    /// The rule they break, in words.
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Linearizable(Linearization),
    NotLinearizable(Failure),
}

impl Verdict {
    pub fn is_linearizable(&self) -> bool {
        matches!(self, Verdict::Linearizable(_))
    }
}

/// What [`Checker::run_for`] reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    Pending {
        /// Steps spent so far.
        steps: u64,
        keys_checked: usize,
        keys: usize,
        /// True once a failure was found and is being shrunk.
        shrinking: bool,
    },
    Done(Verdict),
}

enum Search {
    Reg(Wgl<RegSpec>),
    Seq(Wgl<SeqSpec>),
}

impl Search {
    fn new(spec: &AnySpec, calls: Vec<Call>) -> Self {
        match spec {
            AnySpec::Reg(s) => Search::Reg(Wgl::new(s.clone(), calls)),
            AnySpec::Seq(s) => Search::Seq(Wgl::new(s.clone(), calls)),
        }
    }

    /// Runs up to `budget` steps; returns the steps used and the verdict.
    fn run(&mut self, budget: u64) -> (u64, Option<bool>) {
        match self {
            Search::Reg(w) => {
                let before = w.steps();
                let r = w.run(budget);
                (w.steps() - before, r)
            }
            Search::Seq(w) => {
                let before = w.steps();
                let r = w.run(budget);
                (w.steps() - before, r)
            }
        }
    }

    fn order(&self) -> Vec<usize> {
        match self {
            Search::Reg(w) => w.order(),
            Search::Seq(w) => w.order(),
        }
    }

    fn blocking_call(&self) -> Option<usize> {
        match self {
            Search::Reg(w) => w.blocking_call(),
            Search::Seq(w) => w.blocking_call(),
        }
    }

    fn memo_len(&self) -> usize {
        match self {
            Search::Reg(w) => w.memo_len(),
            Search::Seq(w) => w.memo_len(),
        }
    }
}

struct Shrinking {
    part: usize,
    shrinker: Shrinker,
    candidate: Vec<usize>,
    search: Option<Search>,
}

/// A linearizability check that runs in slices of steps, so a browser can
/// interleave it with drawing: `Checker::new`, then `run_for` until it
/// returns [`Progress::Done`].
pub struct Checker {
    history: History,
    compiled: Compiled,
    spec: AnySpec,
    part: usize,
    search: Option<Search>,
    orders: Vec<Option<Vec<usize>>>,
    failing: Vec<usize>,
    /// Per failing part: the call whose completion its search never passed.
    blocking: Vec<Option<usize>>,
    shrink: bool,
    shrinking: Option<Shrinking>,
    steps: u64,
    largest_memo: usize,
    verdict: Option<Verdict>,
}

impl Checker {
    pub fn new(history: &History, model: Model) -> Result<Checker, ModelError> {
        let compiled = compile(history, model)?;
        let spec = compiled.spec();
        let parts = compiled.parts.len();
        Ok(Checker {
            history: history.clone(),
            compiled,
            spec,
            part: 0,
            search: None,
            orders: vec![None; parts],
            failing: Vec::new(),
            blocking: vec![None; parts],
            shrink: true,
            shrinking: None,
            steps: 0,
            largest_memo: 0,
            verdict: None,
        })
    }

    /// Skips shrinking: a failure then lists every op of the failing key.
    pub fn without_shrinking(mut self) -> Self {
        self.shrink = false;
        self
    }

    /// Steps spent so far (one step = one move of the search).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The most configurations any one search remembered.
    pub fn largest_memo(&self) -> usize {
        self.largest_memo
    }

    /// Runs at most `budget` more steps.
    pub fn run_for(&mut self, budget: u64) -> Progress {
        let mut left = budget;
        loop {
            if let Some(v) = &self.verdict {
                return Progress::Done(v.clone());
            }
            if left == 0 {
                return Progress::Pending {
                    steps: self.steps,
                    keys_checked: self.part,
                    keys: self.compiled.parts.len(),
                    shrinking: self.shrinking.is_some(),
                };
            }
            if self.shrinking.is_some() {
                left -= self.shrink_slice(left);
                continue;
            }
            if self.part < self.compiled.parts.len() {
                let p = self.part;
                let spec = &self.spec;
                let calls = &self.compiled.parts[p].calls;
                let search = self
                    .search
                    .get_or_insert_with(|| Search::new(spec, calls.clone()));
                let (used, result) = search.run(left);
                left -= used.min(left);
                self.steps += used;
                if let Some(ok) = result {
                    self.largest_memo = self.largest_memo.max(search.memo_len());
                    if ok {
                        self.orders[p] = Some(search.order());
                    } else {
                        self.failing.push(p);
                        self.blocking[p] = search.blocking_call();
                    }
                    self.search = None;
                    self.part += 1;
                }
                continue;
            }
            self.all_parts_checked();
        }
    }

    fn all_parts_checked(&mut self) {
        if self.failing.is_empty() {
            self.verdict = Some(Verdict::Linearizable(self.linearization()));
            return;
        }
        // Shrink the smallest failing key: cheapest, and usually clearest.
        let part = *self
            .failing
            .iter()
            .min_by_key(|&&p| self.compiled.parts[p].calls.len())
            .expect("non-empty");
        let n = self.compiled.parts[part].calls.len();
        if !self.shrink {
            let calls = &self.compiled.parts[part].calls;
            let explanation = format!(
                "The {} operations of this key admit no order that respects real time and the \
                 object's rules (not shrunk).",
                calls.len()
            );
            self.verdict = Some(self.failure(part, (0..n).collect(), explanation));
            return;
        }
        let calls = &self.compiled.parts[part].calls;
        let deps = crate::model::dependencies(&self.compiled.values, calls);
        // Calls are in invocation order: the hint is how many were invoked
        // before the completion the search could not get past.
        let hint = self.blocking[part].map(|b| calls.partition_point(|c| c.inv < calls[b].ret));
        self.shrinking = Some(Shrinking {
            part,
            shrinker: Shrinker::new((0..n).collect(), deps, hint),
            candidate: Vec::new(),
            search: None,
        });
    }

    /// One slice of shrinking; returns the steps used (at least one, so
    /// the caller's loop always advances).
    fn shrink_slice(&mut self, budget: u64) -> u64 {
        let sh = self.shrinking.as_mut().expect("shrinking");
        let calls = &self.compiled.parts[sh.part].calls;
        if sh.search.is_none() {
            match sh.shrinker.candidate() {
                None => {
                    let part = sh.part;
                    let minimal = sh.shrinker.result().to_vec();
                    let chosen: Vec<Call> = minimal.iter().map(|&i| calls[i].clone()).collect();
                    let explanation = explain::linearizability(
                        &self.history,
                        &self.compiled.values,
                        &self.spec,
                        &chosen,
                    );
                    self.shrinking = None;
                    self.verdict = Some(self.failure(part, minimal, explanation));
                    return 1;
                }
                Some(cand) => {
                    let sub: Vec<Call> = cand.iter().map(|&i| calls[i].clone()).collect();
                    sh.search = Some(Search::new(&self.spec, sub));
                    sh.candidate = cand;
                }
            }
        }
        let search = sh.search.as_mut().expect("just set");
        let (used, result) = search.run(budget);
        self.steps += used;
        if let Some(ok) = result {
            self.largest_memo = self.largest_memo.max(search.memo_len());
            sh.shrinker.report(!ok);
            sh.search = None;
        }
        used.clamp(1, budget)
    }

    fn failure(&self, part: usize, local: Vec<usize>, explanation: String) -> Verdict {
        let calls = &self.compiled.parts[part].calls;
        let mut ops: Vec<OpId> = local.iter().map(|&i| calls[i].op).collect();
        ops.sort_by_key(|&o| (self.history.ops[o].invoke, o));
        Verdict::NotLinearizable(Failure {
            key: self.compiled.parts[part].key.clone(),
            failing_keys: self
                .failing
                .iter()
                .map(|&p| self.compiled.parts[p].key.clone())
                .collect(),
            ops,
            explanation,
        })
    }

    fn linearization(&self) -> Linearization {
        let mut times: Vec<u64> = Vec::new();
        for op in &self.history.ops {
            times.push(op.invoke);
            times.extend(op.complete);
        }
        times.sort_unstable();
        times.dedup();
        let mut points: Vec<(f64, usize, usize, OpId)> = Vec::new();
        let mut placed = vec![false; self.history.ops.len()];
        for (p, part) in self.compiled.parts.iter().enumerate() {
            let order = self.orders[p].as_deref().unwrap_or(&[]);
            for (rank, (op, at)) in place(&part.calls, order, &times).into_iter().enumerate() {
                placed[op] = true;
                points.push((at, p, rank, op));
            }
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        Linearization {
            points: points
                .into_iter()
                .map(|(at, _, _, op)| Point { op, at })
                .collect(),
            skipped: (0..placed.len()).filter(|&i| !placed[i]).collect(),
        }
    }
}

/// Linearization points for `order` (indices into `calls`): each op's point
/// is at or after the latest invocation so far, spread evenly up to the
/// next event or the earliest completion in its group, so points stay in
/// their intervals and increase along the order.
fn place(calls: &[Call], order: &[usize], times: &[u64]) -> Vec<(OpId, f64)> {
    let mut out = Vec::with_capacity(order.len());
    let mut latest = Vec::with_capacity(order.len());
    let mut m = 0u64;
    for &c in order {
        m = m.max(calls[c].inv);
        latest.push(m);
    }
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j < order.len() && latest[j] == latest[i] {
            j += 1;
        }
        let m = latest[i];
        let next_event = match times.binary_search(&m) {
            Ok(k) => times.get(k + 1).copied(),
            Err(k) => times.get(k).copied(),
        }
        .unwrap_or(m + 1);
        let earliest_ret = order[i..j]
            .iter()
            .map(|&c| calls[c].ret)
            .min()
            .unwrap_or(u64::MAX);
        let hi = next_event.min(earliest_ret);
        let count = (j - i) as f64;
        for (k, &c) in order[i..j].iter().enumerate() {
            let at = if hi > m {
                m as f64 + (k as f64 + 1.0) / (count + 1.0) * (hi - m) as f64
            } else {
                m as f64
            };
            out.push((calls[c].op, at));
        }
        i = j;
    }
    out
}

/// Checks `history` against `model` to the end.
pub fn check(history: &History, model: Model) -> Result<Verdict, ModelError> {
    let mut checker = Checker::new(history, model)?;
    loop {
        if let Progress::Done(v) = checker.run_for(1 << 20) {
            return Ok(v);
        }
    }
}
