//! The learner's edits to a diagram, and why one can be refused.

use std::fmt;

use crate::diagram::{EventId, process_name};
use crate::{
    MAX_DRIFT_PPM, MAX_EDITS, MAX_EVENTS, MAX_PROCESSES, MAX_SKEW, MAX_TIME, MIN_PROCESSES,
};

/// One change to a diagram. Processes are numbered from 0 here (`p1` on
/// screen is process 0); events are named by the [`EventId`] they got when
/// they were created, which never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// A local event on `process` at real time `time` (ms).
    Local { process: usize, time: i64 },
    /// The sending of a new message, not yet received by anyone.
    Send { process: usize, time: i64 },
    /// The receipt, on `process` at `time`, of the message sent by `from`.
    Receive {
        from: EventId,
        process: usize,
        time: i64,
    },
    /// Draws the arrow of the message sent by `from` to the existing local
    /// event `to`, which becomes its receipt.
    Connect { from: EventId, to: EventId },
    /// Drags the head of the arrow sent by `from` to another process or
    /// time: its receive event moves there.
    MoveReceive {
        from: EventId,
        process: usize,
        time: i64,
    },
    /// Deletes an event. Deleting a send deletes its message and the
    /// message's receipt; deleting a receipt leaves the message in flight.
    Delete { event: EventId },
    /// Sets how far `process`'s clock is ahead (positive) or behind, in ms.
    Skew { process: usize, skew: i64 },
    /// Sets how fast `process`'s clock runs, in parts per million.
    Drift { process: usize, ppm: i64 },
    /// Adds a process at the bottom, with an accurate clock.
    AddProcess,
    /// Removes a process with its events and every message to or from it;
    /// the processes below it move up one place.
    RemoveProcess { process: usize },
}

/// Why an edit was refused. The diagram is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EditError {
    NoProcess {
        process: usize,
        count: usize,
    },
    NoEvent(EventId),
    TimeOutOfRange {
        time: i64,
    },
    SlotTaken {
        process: usize,
        time: i64,
        by: EventId,
    },
    NotASend(EventId),
    NotLocal(EventId),
    AlreadyReceived {
        from: EventId,
        by: EventId,
    },
    NotReceived(EventId),
    SameProcess {
        process: usize,
    },
    ReceiveTooEarly {
        send_time: i64,
        receive_time: i64,
    },
    SkewOutOfRange(i64),
    DriftOutOfRange(i64),
    TooManyProcesses,
    TooFewProcesses,
    TooManyEvents,
    TooManyEdits,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoProcess { process, count } => write!(
                f,
                "there is no process {}: the diagram has {count}, p1 to {}",
                process_name(*process),
                process_name(count.saturating_sub(1))
            ),
            EditError::NoEvent(id) => write!(f, "there is no event {id} in the diagram"),
            EditError::TimeOutOfRange { time } => {
                write!(
                    f,
                    "real time {time} ms is outside the diagram (0 to {MAX_TIME} ms)"
                )
            }
            EditError::SlotTaken { process, time, by } => write!(
                f,
                "{} already has event {by} at {time} ms; a process does one thing at a time",
                process_name(*process)
            ),
            EditError::NotASend(id) => write!(f, "{id} is not the sending of a message"),
            EditError::NotLocal(id) => write!(
                f,
                "{id} already sends or receives a message; an arrow can only end at a local event"
            ),
            EditError::AlreadyReceived { from, by } => write!(
                f,
                "the message sent by {from} is already received by {by}; a message has one receiver"
            ),
            EditError::NotReceived(id) => write!(
                f,
                "the message sent by {id} is still in flight: add its receipt instead of moving it"
            ),
            EditError::SameProcess { process } => write!(
                f,
                "a message goes from one process to another, and this one would stay on {}",
                process_name(*process)
            ),
            EditError::ReceiveTooEarly {
                send_time,
                receive_time,
            } => write!(
                f,
                "a message cannot arrive at {receive_time} ms when it is sent at {send_time} ms: \
                 the receipt must come later in real time"
            ),
            EditError::SkewOutOfRange(skew) => {
                write!(f, "a skew of {skew} ms is outside ±{MAX_SKEW} ms")
            }
            EditError::DriftOutOfRange(ppm) => {
                write!(f, "a drift of {ppm} ppm is outside ±{MAX_DRIFT_PPM} ppm")
            }
            EditError::TooManyProcesses => {
                write!(f, "a diagram has at most {MAX_PROCESSES} processes")
            }
            EditError::TooFewProcesses => {
                write!(f, "a diagram needs at least {MIN_PROCESSES} processes")
            }
            EditError::TooManyEvents => write!(f, "a diagram has at most {MAX_EVENTS} events"),
            EditError::TooManyEdits => write!(
                f,
                "this diagram's history is full ({MAX_EDITS} edits); undo some, or start a new one"
            ),
        }
    }
}

impl std::error::Error for EditError {}
