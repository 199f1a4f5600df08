//! The learner's edits to a timeline, and why one can be refused.

use std::fmt;

use dsw_lincheck::Outcome;

use crate::op::{Action, OpId, Val, outcome_word};
use crate::{MAX_CLIENTS, MAX_EDITS, MAX_OPS, MAX_TIME, MAX_VALUE, MIN_CLIENTS};

/// One change to a timeline. Operations are named by their permanent
/// [`OpId`], clients by their lane (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// New invocation and completion times: dragging the whole bar, or one
    /// of its ends. `complete: None` leaves the bar open (unknown outcome
    /// only).
    Move {
        op: OpId,
        invoke: u32,
        complete: Option<u32>,
    },
    /// New action and read result together, so that turning a write into
    /// a read that ended ok can name what it returned in the same edit.
    /// Changes a write's value, a read's result, a compare-and-set's
    /// values, or the kind of operation.
    SetAction {
        op: OpId,
        action: Action,
        result: Option<Val>,
    },
    SetOutcome {
        op: OpId,
        outcome: Outcome,
    },
    /// A new operation on `client`.
    Add {
        client: usize,
        action: Action,
        result: Option<Val>,
        invoke: u32,
        complete: Option<u32>,
        outcome: Outcome,
    },
    Delete {
        op: OpId,
    },
    /// A new, empty lane at the bottom.
    AddClient,
    /// Removes a lane and its operations; the lanes below move up one.
    RemoveClient {
        client: usize,
    },
    /// Replaces everything by a small random history (2 to 4 clients, 6 to
    /// 12 operations), sometimes made non-linearizable on purpose; see
    /// [`crate::random`].
    Random {
        seed: u32,
    },
    /// Replaces everything by a random history of
    /// [`crate::random::LARGE_OPS`] operations on 5 clients, to watch the
    /// checker work in slices.
    RandomLarge {
        seed: u32,
    },
}

/// Why an edit was refused. The timeline is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EditError {
    NoOp(OpId),
    NoClient {
        client: usize,
        count: usize,
    },
    TimeOutOfRange(u32),
    CompletesTooEarly {
        invoke: u32,
        complete: u32,
    },
    /// The client already runs `other` (named as on screen) at that time.
    Busy {
        client: usize,
        other: String,
        from: u32,
        until: Option<u32>,
    },
    NeedsCompletion(Outcome),
    ReadNeedsResult,
    ResultOnNonRead,
    ValueOutOfRange(u16),
    TooManyOps,
    TooManyClients,
    TooFewClients,
    TooManyEdits,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoOp(id) => write!(f, "there is no operation {id} in this history"),
            EditError::NoClient { client, count } => write!(
                f,
                "there is no client {client}: the history has {count}, numbered 0 to {}",
                count.saturating_sub(1)
            ),
            EditError::TimeOutOfRange(t) => {
                write!(f, "time {t} is outside the timeline (0 to {MAX_TIME})")
            }
            EditError::CompletesTooEarly { invoke, complete } => write!(
                f,
                "an operation completes after it is invoked: invoked at {invoke}, it cannot \
                 complete at {complete}"
            ),
            EditError::Busy {
                client,
                other,
                from,
                until,
            } => {
                let span = match until {
                    Some(t) => format!("from {from} to {t}"),
                    None => format!("from {from} on (it never completed)"),
                };
                write!(
                    f,
                    "client {client} is busy with {other} {span}; a client does one operation \
                     at a time"
                )
            }
            EditError::NeedsCompletion(outcome) => write!(
                f,
                "an operation whose outcome is {} needs a completion time; only an unknown \
                 outcome may stay open",
                outcome_word(*outcome)
            ),
            EditError::ReadNeedsResult => write!(
                f,
                "a read that ended ok must say what it returned (nil or a number)"
            ),
            EditError::ResultOnNonRead => {
                write!(f, "only a read returns a value; writes and cas return none")
            }
            EditError::ValueOutOfRange(v) => {
                write!(f, "the value {v} is outside the range 0 to {MAX_VALUE}")
            }
            EditError::TooManyOps => write!(f, "a history has at most {MAX_OPS} operations"),
            EditError::TooManyClients => write!(f, "a history has at most {MAX_CLIENTS} clients"),
            EditError::TooFewClients => write!(
                f,
                "a history needs at least {MIN_CLIENTS} client; remove operations instead"
            ),
            EditError::TooManyEdits => write!(
                f,
                "this timeline's history is full ({MAX_EDITS} edits); undo some, or start again"
            ),
        }
    }
}

impl std::error::Error for EditError {}
