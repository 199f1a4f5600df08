//! Concurrent histories: operations with an invocation, maybe a completion,
//! and an outcome.

use crate::value::Value;
use std::fmt;

/// Index of an operation in [`History::ops`].
pub type OpId = usize;

/// What an operation asks the object to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the current value; an `:ok` read's answer is [`Op::result`].
    Read,
    Write(Value),
    /// Compare-and-set: if the value is `from`, make it `to`.
    Cas {
        from: Value,
        to: Value,
    },
    /// Append an element to a list (or a piece to a string).
    Append(Value),
}

impl Action {
    /// The letter that starts an operation's name: `r7`, `w2`, `c4`, `a9`.
    pub fn letter(&self) -> char {
        match self {
            Action::Read => 'r',
            Action::Write(_) => 'w',
            Action::Cas { .. } => 'c',
            Action::Append(_) => 'a',
        }
    }
}

/// How an operation ended, in Jepsen's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// `:ok`: it took effect, at one instant between invocation and completion.
    Ok,
    /// `:fail`: it certainly did not take effect.
    Fail,
    /// `:info`, or no completion at all: it may take effect at any instant
    /// after its invocation, or never.
    Unknown,
}

/// One operation of a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// The client (Jepsen "process") that issued it.
    pub process: u64,
    /// The key it addresses, for key-value stores; `None` for one register.
    pub key: Option<Value>,
    pub action: Action,
    /// What an `:ok` read returned; `None` for everything else.
    pub result: Option<Value>,
    /// Time of the invocation event.
    pub invoke: u64,
    /// Time of the completion event: `None` if the client never heard back.
    /// An `:info` op has a completion time here, yet its outcome is unknown,
    /// so for checking it counts as completing at +infinity.
    pub complete: Option<u64>,
    pub outcome: Outcome,
}

impl Op {
    /// The time by which the operation certainly took effect, if it did:
    /// its completion if `:ok`, otherwise +infinity.
    pub fn deadline(&self) -> u64 {
        match (self.outcome, self.complete) {
            (Outcome::Ok, Some(t)) => t,
            _ => u64::MAX,
        }
    }

    /// Real-time order: `self` completed before `other` was invoked.
    pub fn precedes(&self, other: &Op) -> bool {
        self.outcome == Outcome::Ok && self.deadline() < other.invoke
    }

    /// A short description of what it did: `write 4`, `read -> 3`,
    /// `cas 1->2`, `append 5`, with `?` for an unknown outcome.
    pub fn summary(&self) -> String {
        let body = match &self.action {
            Action::Read => match &self.result {
                Some(v) => format!("read -> {v}"),
                None => "read".to_string(),
            },
            Action::Write(v) => format!("write {v}"),
            Action::Cas { from, to } => format!("cas {from}->{to}"),
            Action::Append(v) => format!("append {v}"),
        };
        let key = match &self.key {
            Some(k) => format!("[{k}] "),
            None => String::new(),
        };
        let tail = match self.outcome {
            Outcome::Ok => "",
            Outcome::Fail => " (failed)",
            Outcome::Unknown => " (unknown outcome)",
        };
        format!("{key}{body}{tail}")
    }
}

/// A concurrent history: the operations, each with its own interval.
///
/// Times are only compared, never measured: parsers number the events
/// 0, 1, 2, ... in file order, and the builder methods do the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub ops: Vec<Op>,
    clock: u64,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Wraps ready-made operations; the builder clock continues after the
    /// latest time they use.
    pub fn from_ops(ops: Vec<Op>) -> Self {
        let clock = ops
            .iter()
            .map(|op| op.complete.unwrap_or(op.invoke).max(op.invoke) + 1)
            .max()
            .unwrap_or(0);
        History { ops, clock }
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    fn tick(&mut self) -> u64 {
        let t = self.clock;
        self.clock += 1;
        t
    }

    /// Records an invocation now; the operation stays pending (unknown
    /// outcome, no completion) until [`ok`](Self::ok) and friends.
    pub fn invoke(&mut self, process: u64, key: Option<Value>, action: Action) -> OpId {
        let invoke = self.tick();
        self.ops.push(Op {
            process,
            key,
            action,
            result: None,
            invoke,
            complete: None,
            outcome: Outcome::Unknown,
        });
        self.ops.len() - 1
    }

    /// Completes `op` with `:ok` now.
    pub fn ok(&mut self, op: OpId) {
        self.finish(op, Outcome::Ok, None);
    }

    /// Completes a read with `:ok` now, returning `value`.
    pub fn ok_read(&mut self, op: OpId, value: impl Into<Value>) {
        self.finish(op, Outcome::Ok, Some(value.into()));
    }

    /// Completes `op` with `:fail` now.
    pub fn fail(&mut self, op: OpId) {
        self.finish(op, Outcome::Fail, None);
    }

    /// Completes `op` with `:info` now: the client gave up, the outcome is
    /// unknown.
    pub fn info(&mut self, op: OpId) {
        self.finish(op, Outcome::Unknown, None);
    }

    fn finish(&mut self, op: OpId, outcome: Outcome, result: Option<Value>) {
        let t = self.tick();
        let o = &mut self.ops[op];
        o.complete = Some(t);
        o.outcome = outcome;
        o.result = result;
    }

    /// The operation's name in verdicts: its action letter and its index.
    pub fn name(&self, op: OpId) -> String {
        format!("{}{}", self.ops[op].action.letter(), op)
    }

    /// `w2 (process 1, write 4, [5, 9])`; an open interval end is `?`.
    pub fn describe(&self, op: OpId) -> String {
        let o = &self.ops[op];
        let end = match (o.outcome, o.complete) {
            (Outcome::Ok | Outcome::Fail, Some(t)) => t.to_string(),
            _ => "?".to_string(),
        };
        format!(
            "{} (process {}, {}, [{}, {}])",
            self.name(op),
            o.process,
            o.summary(),
            o.invoke,
            end
        )
    }

    /// Checks the shape every checker relies on.
    pub fn validate(&self) -> Result<(), String> {
        for (i, op) in self.ops.iter().enumerate() {
            let name = self.name(i);
            if let Some(c) = op.complete
                && c <= op.invoke
            {
                return Err(format!(
                    "{name} completes at {c}, not after its invocation at {}",
                    op.invoke
                ));
            }
            if op.outcome != Outcome::Unknown && op.complete.is_none() {
                return Err(format!("{name} has an outcome but no completion time"));
            }
            let is_ok_read = op.outcome == Outcome::Ok && op.action == Action::Read;
            if is_ok_read != op.result.is_some() {
                return Err(if is_ok_read {
                    format!("{name} is an :ok read without a returned value")
                } else {
                    format!("{name} carries a result but is not an :ok read")
                });
            }
        }
        Ok(())
    }

    /// The same history with times renumbered 0, 1, 2, ... in event order
    /// (invocations before completions at equal times), as a parser would
    /// number them.
    pub fn normalized(&self) -> History {
        let mut events: Vec<(u64, u8, usize)> = Vec::new();
        for (i, op) in self.ops.iter().enumerate() {
            events.push((op.invoke, 0, i));
            if let Some(c) = op.complete {
                events.push((c, 1, i));
            }
        }
        events.sort();
        let mut ops = self.ops.clone();
        for (t, &(_, kind, i)) in events.iter().enumerate() {
            if kind == 0 {
                ops[i].invoke = t as u64;
            } else {
                ops[i].complete = Some(t as u64);
            }
        }
        History::from_ops(ops)
    }

    /// Keeps only the operations in `keep` (in their original order).
    pub fn subset(&self, keep: &[OpId]) -> History {
        let mut ids = keep.to_vec();
        ids.sort_unstable();
        ids.dedup();
        History::from_ops(ids.into_iter().map(|i| self.ops[i].clone()).collect())
    }
}

impl fmt::Display for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in 0..self.ops.len() {
            writeln!(f, "{}", self.describe(i))?;
        }
        Ok(())
    }
}
