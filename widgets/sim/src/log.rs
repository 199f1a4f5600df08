//! The event log: what happened at each step, as data and as a sentence.
//!
//! The data lets widgets animate and lets models such as [`crate::rpc`]
//! reconstruct the truth of a run; the sentence is what the reader sees
//! (and what screen readers announce).

use crate::ids::{MsgId, NodeId, Time};
use crate::protocol::Protocol;

/// Why a message vanished without anyone choosing to drop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LossReason {
    ReceiverDown,
    Partitioned,
}

/// One thing that happened, in structured form.
#[derive(Debug, Clone, PartialEq)]
pub enum Happening<P: Protocol> {
    Started {
        node: NodeId,
    },
    Sent {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
    },
    Delivered {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
    },
    Dropped {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
    },
    Lost {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
        reason: LossReason,
    },
    Duplicated {
        id: MsgId,
        copy: MsgId,
    },
    Delayed {
        id: MsgId,
        until: Time,
    },
    TimerSet {
        node: NodeId,
        timer: P::Timer,
        at: Time,
    },
    TimerCancelled {
        node: NodeId,
        timer: P::Timer,
    },
    TimerFired {
        node: NodeId,
        timer: P::Timer,
    },
    Requested {
        node: NodeId,
        request: P::Request,
    },
    Output {
        node: NodeId,
        output: P::Output,
    },
    Note {
        node: NodeId,
    },
    Crashed {
        node: NodeId,
    },
    Restarted {
        node: NodeId,
    },
    Paused {
        node: NodeId,
        until: Time,
    },
    Resumed {
        node: NodeId,
    },
    Skewed {
        node: NodeId,
        offset: i64,
    },
    Partitioned {
        groups: Vec<Vec<NodeId>>,
    },
    Healed,
    Ticked {
        to: Time,
    },
    Violated {
        invariant: &'static str,
        reason: String,
    },
    Restored {
        invariant: &'static str,
    },
}

impl<P: Protocol> Happening<P> {
    /// The node this is mainly about, for highlighting.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Happening::Started { node }
            | Happening::TimerSet { node, .. }
            | Happening::TimerCancelled { node, .. }
            | Happening::TimerFired { node, .. }
            | Happening::Requested { node, .. }
            | Happening::Output { node, .. }
            | Happening::Note { node }
            | Happening::Crashed { node }
            | Happening::Restarted { node }
            | Happening::Paused { node, .. }
            | Happening::Resumed { node }
            | Happening::Skewed { node, .. } => Some(*node),
            Happening::Sent { from, .. } => Some(*from),
            Happening::Delivered { to, .. }
            | Happening::Dropped { to, .. }
            | Happening::Lost { to, .. } => Some(*to),
            Happening::Duplicated { .. }
            | Happening::Delayed { .. }
            | Happening::Partitioned { .. }
            | Happening::Healed
            | Happening::Ticked { .. }
            | Happening::Violated { .. }
            | Happening::Restored { .. } => None,
        }
    }

    /// Whether the line is bookkeeping a reader can skip (timer set-up and
    /// cancellation), so compact views can hide it.
    pub fn is_minor(&self) -> bool {
        matches!(
            self,
            Happening::TimerSet { .. } | Happening::TimerCancelled { .. }
        )
    }
}

/// A log line: when, what, and in words.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry<P: Protocol> {
    /// The step that produced it (0 for the start of the run).
    pub step: u64,
    /// True time, not any node's skewed clock.
    pub time: Time,
    pub what: Happening<P>,
    pub text: String,
}
