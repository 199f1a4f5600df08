//! Words for messages, outputs and servers, shared by the event log, the
//! state panel and the golden files. Single-decree mode never mentions
//! slots: there is only one decision.

use std::fmt;

use dsw_sim::NodeId;

use crate::types::{Disk, Memory, Msg, Output, Phase, Slot, Value, Vote};
use crate::{Mode, Paxos, Variant};

/// `n1, n2 and n4`.
pub(crate) fn names(nodes: &[NodeId]) -> String {
    let words: Vec<String> = nodes.iter().map(NodeId::to_string).collect();
    match words.as_slice() {
        [] => "nobody".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// ` in slot 2` in Multi-Paxos, nothing in single-decree mode.
pub(crate) struct InSlot(pub Mode, pub Slot);

impl fmt::Display for InSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Mode::Single => Ok(()),
            Mode::Multi => write!(f, " in slot {}", self.1),
        }
    }
}

/// What a promise reports: `nothing accepted`, `A accepted at 1.n1`,
/// `accepted [1: x at 1.n1, 2: y at 1.n1]`.
pub(crate) struct Reported<'a>(pub Mode, pub &'a [Vote]);

impl fmt::Display for Reported<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (_, []) => f.write_str("nothing accepted"),
            (Mode::Single, [v, ..]) => write!(f, "{} accepted at {}", v.value, v.ballot),
            (Mode::Multi, votes) => {
                let list: Vec<String> = votes
                    .iter()
                    .map(|v| format!("{}: {} at {}", v.slot, v.value, v.ballot))
                    .collect();
                write!(f, "accepted [{}]", list.join(", "))
            }
        }
    }
}

/// What a proposer is after: `A` in single-decree mode, `x and y` in
/// Multi-Paxos (commands waiting for a slot or for their outcome), or
/// `its log recovered` when it has no command of its own.
pub(crate) fn wants(mode: Mode, queue: &[Value], awaiting: &[(Slot, Value)]) -> String {
    let mut all: Vec<String> = awaiting.iter().map(|(_, v)| v.to_string()).collect();
    all.extend(queue.iter().map(Value::to_string));
    match (mode, all.as_slice()) {
        (_, []) => "its log recovered".to_owned(),
        (Mode::Single, [one, ..]) => one.clone(),
        (Mode::Multi, [one]) => one.clone(),
        (Mode::Multi, [init @ .., last]) => format!("{} and {last}", init.join(", ")),
    }
}

fn slot_part(mode: Mode, slot: Slot) -> String {
    match mode {
        Mode::Single => String::new(),
        Mode::Multi => format!("slot {slot}, "),
    }
}

pub(crate) fn message(mode: Mode, msg: &Msg) -> String {
    match msg {
        Msg::Prepare { ballot } => format!("Prepare({ballot})"),
        Msg::Promise { ballot, accepted } => {
            format!("Promise({ballot}, {})", Reported(mode, accepted))
        }
        Msg::Accept {
            ballot,
            slot,
            value,
        } => format!("Accept({ballot}, {}{value})", slot_part(mode, *slot)),
        Msg::Accepted {
            ballot,
            slot,
            value,
        } => format!("Accepted({ballot}, {}{value})", slot_part(mode, *slot)),
        Msg::Nack { ballot, promised } => format!("Nack({ballot}, promised {promised})"),
    }
}

pub(crate) fn output(mode: Mode, output: &Output) -> String {
    let Output::Chosen { slot, value, asked } = *output;
    match (mode, value == asked) {
        (Mode::Single, true) => format!("{value} is chosen"),
        (Mode::Single, false) => format!("{value} is chosen, not your {asked}"),
        (Mode::Multi, true) => format!("{value} is chosen in slot {slot}"),
        (Mode::Multi, false) => {
            format!("slot {slot} holds {value}, not your {asked}; ask again")
        }
    }
}

/// `A at 1.n1`, or `[1: x at 1.n1, 2: y at 2.n3]`, or `nothing`.
fn accepted(mode: Mode, votes: &[Vote]) -> String {
    match (mode, votes) {
        (_, []) => "nothing".to_owned(),
        (Mode::Single, [v, ..]) => format!("{} at {}", v.value, v.ballot),
        (Mode::Multi, votes) => {
            let list: Vec<String> = votes
                .iter()
                .map(|v| format!("{}: {} at {}", v.slot, v.value, v.ballot))
                .collect();
            format!("[{}]", list.join(", "))
        }
    }
}

fn learned(mode: Mode, learned: &[(Slot, Value)]) -> String {
    match (mode, learned) {
        (_, []) => "nothing".to_owned(),
        (Mode::Single, [(_, v), ..]) => v.to_string(),
        (Mode::Multi, list) => {
            let list: Vec<String> = list.iter().map(|(s, v)| format!("{s}: {v}")).collect();
            format!("[{}]", list.join(", "))
        }
    }
}

/// The state-panel line for one server: acceptor, proposer, learner.
pub(crate) fn node(paxos: &Paxos, disk: &Disk, mem: Option<&Memory>) -> String {
    let mode = paxos.mode;
    let promise = match (paxos.variant, mem) {
        (Variant::ForgetPromise, Some(m)) => match m.promised {
            Some(b) => format!("promised {b} (in memory only)"),
            None => "promised nothing".to_owned(),
        },
        (Variant::ForgetPromise, None) => "promise lost with its memory".to_owned(),
        (_, _) => match disk.promised {
            Some(b) => format!("promised {b}"),
            None => "promised nothing".to_owned(),
        },
    };
    let durable = format!(
        "{promise}, accepted {}, round {}",
        accepted(mode, &disk.accepted),
        disk.round
    );
    let Some(mem) = mem else {
        return format!("on disk: {durable}");
    };
    let proposer = match &mem.phase {
        Phase::Idle if mem.queue.is_empty() && mem.awaiting.is_empty() => "idle".to_owned(),
        Phase::Idle => format!(
            "waiting to retry for {}",
            wants(mode, &mem.queue, &mem.awaiting)
        ),
        Phase::Preparing {
            ballot, promises, ..
        } => format!(
            "phase 1 of {ballot} with {} of {} promises, for {}",
            promises.count_ones(),
            paxos.majority(),
            wants(mode, &mem.queue, &mem.awaiting)
        ),
        Phase::Proposing { ballot, next_slot } => match mode {
            Mode::Single => format!("phase 2 of {ballot}"),
            Mode::Multi if mem.awaiting.is_empty() => {
                format!("leader with {ballot}, next slot {next_slot}")
            }
            Mode::Multi => format!(
                "leader with {ballot}, next slot {next_slot}, waiting for {}",
                wants(mode, &mem.queue, &mem.awaiting)
            ),
        },
    };
    format!(
        "{durable}; {proposer}; learned {}",
        learned(mode, &mem.learned)
    )
}
