//! Words for values, messages and replicas, shared by the event log, the
//! state panel and the golden files.

use dsw_sim::NodeId;

use crate::Cap;
use crate::node::{Disk, Memory, Msg, Op, Outcome, Output, Phase, Stored, members};

/// `nil`, `2`.
pub(crate) fn value(v: Option<u8>) -> String {
    v.map_or_else(|| "nil".to_owned(), |v| v.to_string())
}

/// `2 (version 1@r3)`, or `nil (v0)`.
pub(crate) fn stored(s: Stored) -> String {
    format!("{} (version {})", value(s.value), s.version)
}

/// `r1, r2 and r3`.
pub(crate) fn names(nodes: &[NodeId]) -> String {
    let words: Vec<String> = nodes
        .iter()
        .map(|n| format!("r{}", u16::from(n.0) + 1))
        .collect();
    match words.as_slice() {
        [] => "nobody".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn message(msg: &Msg) -> String {
    match msg {
        Msg::Query { op } => format!("Query(op {op})"),
        Msg::QueryReply { op, stored: s } => {
            format!("QueryReply(op {op}: {} = {})", s.version, value(s.value))
        }
        Msg::Store { stored: s } => format!("Store({} = {})", s.version, value(s.value)),
        Msg::StoreAck { version } => format!("StoreAck(holds {version})"),
    }
}

/// `1 round trip`, `2 round trips`.
pub(crate) fn trips(n: u8) -> String {
    match n {
        1 => "1 round trip".to_owned(),
        n => format!("{n} round trips"),
    }
}

/// `write 2 ok after 2 round trips (4 ticks)`.
pub(crate) fn op(op: &Op) -> String {
    let what = match op.outcome {
        None => return format!("{} (process {}): waiting", op.cmd, op.process),
        Some(Outcome::Ok) if op.cmd.is_read() => format!("read returns {}", value(op.value)),
        Some(Outcome::Ok) => format!("{} ok", op.cmd),
        Some(Outcome::Fail) => format!("{} refused (fail)", op.cmd),
        Some(Outcome::Info) => format!("{}: outcome unknown (info)", op.cmd),
    };
    format!(
        "{what} after {} ({} ticks)",
        trips(op.round_trips),
        op.latency().unwrap_or_default()
    )
}

pub(crate) fn output(output: &Output) -> String {
    match output {
        Output::Done(o) => op(o),
        Output::Busy { waiting } => format!("busy: still waiting for the {waiting}"),
        Output::Bounded => "the search bound on operations is reached".to_owned(),
    }
}

/// The state-panel line for one replica.
pub(crate) fn node(cap: &Cap, disk: &Disk, mem: Option<&Memory>) -> String {
    let holds = format!("holds {}", stored(disk.stored));
    let client = match disk.client.waiting() {
        None => "client idle".to_owned(),
        Some(op) => format!("client waiting for {}", op.cmd),
    };
    let Some(mem) = mem else {
        return format!("{holds}; {client}");
    };
    let mut parts = vec![holds, client];
    if let Some(p) = &mem.pending {
        let heard = p.heard.count_ones();
        let phase = match p.phase {
            Phase::Query { .. } => "asking versions",
            Phase::Store { .. } => "storing",
        };
        parts.push(format!("{phase}, {heard} answered"));
    }
    let behind = members(mem.behind, cap.size());
    if !behind.is_empty() {
        parts.push(format!("unacknowledged by {}", names(&behind)));
    }
    parts.join("; ")
}
