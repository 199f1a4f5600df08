//! Answers to predict-the-next-step questions, computed by playing a preset
//! in the same model the widget animates, so a quiz cannot disagree with
//! the animation. A catalog wires [`ASKS`] and [`predict`] to the quiz
//! engine; this crate depends on nothing but the simulator.
//!
//! Every ask is about what happens after `step` (0 = before anything) in
//! the preset's own recorded run.

use dsw_sim::{Happening, NodeId, World};

use crate::node::Msg;
use crate::{MAX_NODES, Raft, presets};

const NODES_OR_NONE: &[&str] = &["n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "none"];
const ACCEPT: &[&str] = &["accept", "reject", "none"];

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
///
/// * `next-leader`: the first server to become leader after the step.
/// * `next-message`: the kind of the first message sent after the step.
/// * `accepts`: whether the next AppendEntries delivered after the step,
///   to whichever server, is accepted.
/// * `accepts-nX`: the same for the next one that reaches server nX.
pub const ASKS: &[(&str, &[&str])] = &[
    ("next-leader", NODES_OR_NONE),
    (
        "next-message",
        &[
            "request-vote",
            "vote-reply",
            "append-entries",
            "heartbeat",
            "append-reply",
            "none",
        ],
    ),
    ("accepts", ACCEPT),
    ("accepts-n1", ACCEPT),
    ("accepts-n2", ACCEPT),
    ("accepts-n3", ACCEPT),
    ("accepts-n4", ACCEPT),
    ("accepts-n5", ACCEPT),
    ("accepts-n6", ACCEPT),
    ("accepts-n7", ACCEPT),
    ("accepts-n8", ACCEPT),
    ("accepts-n9", ACCEPT),
];

/// The correct option key and the narration that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub correct: String,
    /// The event log from just after `step` to the step that settles the
    /// answer (to the end when nothing does).
    pub log: String,
}

/// Answers `ask` for preset `scenario` at `step`.
pub fn predict(scenario: &str, step: u32, ask: &str) -> Result<Prediction, String> {
    let world = presets::load(scenario)?;
    let step = u64::from(step);
    let end = world.step();
    if step > end {
        return Err(format!(
            "scenario `{scenario}` has only {end} steps, so step {step} does not exist"
        ));
    }
    let (correct, settled) = match ask {
        "next-leader" => match next_leader(&world, step) {
            Some((node, at)) => (node.to_string(), Some(at)),
            None => ("none".to_owned(), None),
        },
        "next-message" => match next_message(&world, step) {
            Some((kind, at)) => (kind.to_owned(), Some(at)),
            None => ("none".to_owned(), None),
        },
        "accepts" => accept_answer(accepts(&world, step, None)),
        other => {
            let node = other
                .strip_prefix("accepts-")
                .and_then(|name| NodeId::all(MAX_NODES).find(|n| n.to_string() == name))
                .ok_or_else(|| format!("the raft widget cannot answer `{other}`"))?;
            if node.index() >= world.node_count() {
                return Err(format!(
                    "scenario `{scenario}` has {} servers, so there is no {node}",
                    world.node_count()
                ));
            }
            accept_answer(accepts(&world, step, Some(node)))
        }
    };
    Ok(Prediction {
        correct,
        log: narration(&world, step, settled),
    })
}

fn accept_answer(found: Option<(bool, u64)>) -> (String, Option<u64>) {
    match found {
        Some((true, at)) => ("accept".to_owned(), Some(at)),
        Some((false, at)) => ("reject".to_owned(), Some(at)),
        None => ("none".to_owned(), None),
    }
}

/// The first server to win an election after `step`, and the step at which
/// it does. Read from the servers' records of the terms they won, by
/// rewinding a copy of the run.
pub fn next_leader(world: &World<Raft>, step: u64) -> Option<(NodeId, u64)> {
    let mut copy = world.clone();
    let end = copy.trace().len() as u64;
    copy.seek(step).ok()?;
    let mut won: Vec<usize> = copy.nodes().map(|v| v.durable.ghost.led.len()).collect();
    for at in step + 1..=end {
        copy.seek(at).ok()?;
        for v in copy.nodes() {
            let count = v.durable.ghost.led.len();
            if count > won[v.id.index()] {
                return Some((v.id, at));
            }
            won[v.id.index()] = count;
        }
    }
    None
}

/// The outcome key for a message kind.
pub fn message_kind(msg: &Msg) -> &'static str {
    match msg {
        Msg::RequestVote { .. } => "request-vote",
        Msg::Vote { .. } => "vote-reply",
        Msg::AppendEntries { entries, .. } if entries.is_empty() => "heartbeat",
        Msg::AppendEntries { .. } => "append-entries",
        Msg::AppendReply { .. } => "append-reply",
    }
}

/// The kind of the first message sent after `step`, and when.
pub fn next_message(world: &World<Raft>, step: u64) -> Option<(&'static str, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Sent { msg, .. } => Some((message_kind(msg), e.step)),
            _ => None,
        })
}

/// Whether the next AppendEntries delivered after `step` (to `to`, or to
/// anyone) is accepted, and when. A server answers every AppendEntries it
/// receives in the same step, so the reply it sends says.
pub fn accepts(world: &World<Raft>, step: u64, to: Option<NodeId>) -> Option<(bool, u64)> {
    let log = world.log();
    let (at, receiver, leader) =
        log.iter()
            .filter(|e| e.step > step)
            .find_map(|e| match &e.what {
                Happening::Delivered {
                    from,
                    to: r,
                    msg: Msg::AppendEntries { .. },
                    ..
                } if to.is_none_or(|t| t == *r) => Some((e.step, *r, *from)),
                _ => None,
            })?;
    log.iter()
        .filter(|e| e.step == at)
        .find_map(|e| match &e.what {
            Happening::Sent {
                from,
                to,
                msg: Msg::AppendReply { success, .. },
                ..
            } if *from == receiver && *to == leader => Some((*success, at)),
            _ => None,
        })
}

fn narration(world: &World<Raft>, step: u64, upto: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| e.step > step && upto.is_none_or(|u| e.step <= u))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}
