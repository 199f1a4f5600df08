//! Hybrid logical clocks (Kulkarni, Demirbas, Madappa, Avva and Leone,
//! "Logical Physical Clocks", OPODIS 2014): the paper's HLC algorithm, rule
//! for rule.
//!
//! A timestamp is a pair `(l, c)`. `l` is the largest physical clock reading
//! the process has heard of, its own or one carried by a message, so it can
//! be ahead of the process's own clock `pt`. `c` is a counter that orders
//! events sharing the same `l`. Pairs compare lexicographically, and
//! `e -> f` implies `(l, c)(e) < (l, c)(f)`. Like a Lamport clock, the
//! converse does not hold: an HLC cannot detect concurrency.
//!
//! One deliberate difference: the paper starts every process at `l = 0`,
//! which lies below any real clock reading since 1970. Clocks in this model
//! may read below 0 (a clock set behind at the start of the diagram), so a
//! process starts at [`Hlc::START`], below every reading. On real clocks the
//! two starts give identical timestamps.

use std::fmt;

/// An HLC timestamp. The derived order compares `l` first, then `c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// The largest physical time heard of (the seeds' code calls it `pt`,
    /// which it is not: the process's own clock reading is `pt`).
    pub l: i64,
    /// The logical counter.
    pub c: u32,
}

impl Hlc {
    /// A process's state before its first event.
    pub const START: Hlc = Hlc { l: i64::MIN, c: 0 };
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Hlc::START {
            f.write_str("(start)")
        } else {
            write!(f, "({}, {})", self.l, self.c)
        }
    }
}

// ANCHOR: hlc_send
/// A send or local event at a process whose state is `prev` and whose
/// physical clock reads `pt`.
pub fn hlc_send(prev: Hlc, pt: i64) -> Hlc {
    let l = prev.l.max(pt);
    let c = if l == prev.l {
        // Our own clock has not passed l: count on from the last event.
        prev.c.saturating_add(1)
    } else {
        // Our clock moved past everything heard of: restart the counter.
        0
    };
    Hlc { l, c }
}
// ANCHOR_END: hlc_send

// ANCHOR: hlc_receive
/// A receive of a message stamped `msg`, at a process whose state is `prev`
/// and whose physical clock reads `pt`.
pub fn hlc_receive(prev: Hlc, msg: Hlc, pt: i64) -> Hlc {
    let l = prev.l.max(msg.l).max(pt);
    let c = if l == prev.l && l == msg.l {
        prev.c.max(msg.c).saturating_add(1)
    } else if l == prev.l {
        prev.c.saturating_add(1)
    } else if l == msg.l {
        msg.c.saturating_add(1)
    } else {
        0
    };
    Hlc { l, c }
}
// ANCHOR_END: hlc_receive

/// Which branch of the rules produced a timestamp: which of the
/// candidates for `l` won, which decides where `c` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HlcCase {
    /// The process's own clock is ahead of everything heard of: `l = pt`,
    /// `c = 0`.
    Physical,
    /// `l` stays the process's previous `l`: `c` counts on from its own.
    Kept,
    /// `l` is taken from the message: `c` counts on from the message's.
    Message,
    /// The previous `l` and the message's are equal and largest: `c` counts
    /// on from the larger of the two counters.
    KeptAndMessage,
}

impl HlcCase {
    pub const ALL: [HlcCase; 4] = [
        HlcCase::Physical,
        HlcCase::Kept,
        HlcCase::Message,
        HlcCase::KeptAndMessage,
    ];

    /// The key used by the oracle and the widget.
    pub fn name(self) -> &'static str {
        match self {
            HlcCase::Physical => "physical",
            HlcCase::Kept => "kept",
            HlcCase::Message => "message",
            HlcCase::KeptAndMessage => "kept-and-message",
        }
    }

    /// Which case the rules took, from the state before, the message (for a
    /// receive) and the result. It reads the same equalities as the rules.
    pub fn of(prev: Hlc, msg: Option<Hlc>, result: Hlc) -> HlcCase {
        let kept = result.l == prev.l;
        let from_message = msg.is_some_and(|m| m.l == result.l);
        match (kept, from_message) {
            (true, true) => HlcCase::KeptAndMessage,
            (true, false) => HlcCase::Kept,
            (false, true) => HlcCase::Message,
            (false, false) => HlcCase::Physical,
        }
    }
}

/// The guard the paper's analysis assumes and the seeds' code leaves out:
/// reject a message whose `l` is more than `max_offset` ahead of our own
/// physical clock, instead of letting one badly fast clock drag every `l`
/// in the cluster forward for good. CockroachDB applies a check of this kind
/// against its configured maximum clock offset.
pub fn within_offset(msg: Hlc, pt: i64, max_offset: i64) -> bool {
    msg.l.saturating_sub(pt) <= max_offset
}
