//! One operation on the timeline and the values it reads and writes.

use std::fmt;

use dsw_lincheck::{Outcome, Value};

/// An operation's permanent name: the number of operations created before
/// it in its timeline (a random history starts the count again). It never
/// changes while the operation exists, so the view can keep a selection
/// across edits; what the learner reads is [`crate::Timeline::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u32);

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// What the register holds or a read returns: `nil` (the initial value) or
/// a small number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Val {
    Nil,
    Int(u16),
}

impl Val {
    pub(crate) fn to_value(self) -> Value {
        match self {
            Val::Nil => Value::Nil,
            Val::Int(n) => Value::Int(i64::from(n)),
        }
    }

    /// `None` for anything but `nil` and a number that fits.
    pub(crate) fn from_value(v: &Value) -> Option<Val> {
        match v {
            Value::Nil => Some(Val::Nil),
            Value::Int(n) => u16::try_from(*n).ok().map(Val::Int),
            _ => None,
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Nil => f.write_str("nil"),
            Val::Int(n) => write!(f, "{n}"),
        }
    }
}

/// What an operation asks of the register. Written values are numbers, never
/// `nil`: a write of `nil` could not be told apart from the initial value,
/// and the causal checker refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Write(u16),
    /// Compare-and-set: if the register holds `from`, make it `to`.
    Cas {
        from: Val,
        to: u16,
    },
}

impl Action {
    /// The letter that starts an operation's name, as in the checker's
    /// explanations: `r`, `w`, `c`.
    pub fn letter(self) -> char {
        match self {
            Action::Read => 'r',
            Action::Write(_) => 'w',
            Action::Cas { .. } => 'c',
        }
    }

    pub(crate) fn to_lincheck(self) -> dsw_lincheck::Action {
        match self {
            Action::Read => dsw_lincheck::Action::Read,
            Action::Write(v) => dsw_lincheck::Action::Write(Val::Int(v).to_value()),
            Action::Cas { from, to } => dsw_lincheck::Action::Cas {
                from: from.to_value(),
                to: Val::Int(to).to_value(),
            },
        }
    }

    /// Every number the action names, for range checks.
    pub(crate) fn numbers(self) -> impl Iterator<Item = u16> {
        let (a, b) = match self {
            Action::Read => (None, None),
            Action::Write(v) => (Some(v), None),
            Action::Cas { from, to } => (
                match from {
                    Val::Int(n) => Some(n),
                    Val::Nil => None,
                },
                Some(to),
            ),
        };
        a.into_iter().chain(b)
    }
}

/// One operation: a bar on its client's lane from `invoke` to `complete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Op {
    pub id: OpId,
    /// The lane, numbered from 0 as the chapter's prose and Jepsen's logs
    /// number clients.
    pub client: usize,
    pub action: Action,
    /// What a read returned. Required for a read that ended `ok`; kept but
    /// ignored by the checkers when the read failed or its outcome is
    /// unknown, so toggling the outcome back does not lose it.
    pub result: Option<Val>,
    pub invoke: u32,
    /// `None`: the client never heard back; the bar stays open to the end
    /// of the timeline.
    pub complete: Option<u32>,
    pub outcome: Outcome,
}

impl Op {
    /// The last tick the operation keeps its client busy.
    pub fn busy_until(&self) -> u32 {
        self.complete.unwrap_or(u32::MAX)
    }

    /// `write 4`, `read -> nil`, `cas 0->1`, then `(failed)` or `(unknown
    /// outcome)` when it did not end ok.
    pub fn summary(&self) -> String {
        let body = match self.action {
            Action::Read => match self.result {
                Some(v) => format!("read -> {v}"),
                None => "read".to_owned(),
            },
            Action::Write(v) => format!("write {v}"),
            Action::Cas { from, to } => format!("cas {from}->{to}"),
        };
        let tail = match self.outcome {
            Outcome::Ok => "",
            Outcome::Fail => " (failed)",
            Outcome::Unknown => " (unknown outcome)",
        };
        format!("{body}{tail}")
    }

    pub(crate) fn to_lincheck(self) -> dsw_lincheck::Op {
        let result = match (self.action, self.outcome) {
            (Action::Read, Outcome::Ok) => self.result.map(Val::to_value),
            _ => None,
        };
        dsw_lincheck::Op {
            process: self.client as u64,
            key: None,
            action: self.action.to_lincheck(),
            result,
            invoke: u64::from(self.invoke),
            complete: self.complete.map(u64::from),
            outcome: self.outcome,
        }
    }
}

/// `ok`, `fail` or `unknown`, as the view labels an outcome.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "ok",
        Outcome::Fail => "fail",
        Outcome::Unknown => "unknown",
    }
}
