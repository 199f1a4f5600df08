//! Answers to predict-the-next-step questions, computed by playing a preset
//! in the same model the widget animates, so a quiz cannot disagree with
//! the animation. A catalog wires [`ASKS`] and [`predict`] to the quiz
//! engine; this crate depends on nothing but the simulator.
//!
//! Every ask is about what happens after `step` (0 = before anything) in
//! the preset's own recorded run.

use dsw_sim::{Happening, World};

use crate::invariants::{self, Choice};
use crate::types::Msg;
use crate::{Paxos, presets};

const VALUES_OR_NONE: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "x", "y", "z", "no-op", "none",
];

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
///
/// * `next-message`: the kind of the first message put on the network after
///   the step (a server's messages to itself never cross the network).
/// * `chosen-value`: the first value to become chosen (in a slot where it
///   was not chosen before) after the step, that is, the first time a
///   majority of acceptors have accepted it in one ballot.
/// * `adopts`: the value carried by the first Accept sent after the step.
/// * `accepts`: whether the first Accept delivered after the step is
///   accepted or refused by the acceptor it reaches.
pub const ASKS: &[(&str, &[&str])] = &[
    (
        "next-message",
        &["prepare", "promise", "accept", "accepted", "nack", "none"],
    ),
    ("chosen-value", VALUES_OR_NONE),
    ("adopts", VALUES_OR_NONE),
    ("accepts", &["accept", "reject", "none"]),
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
    let found = match ask {
        "next-message" => next_message(&world, step).map(|(k, at)| (k.to_owned(), at)),
        "chosen-value" => next_chosen(&world, step).map(|(c, at)| (c.value.key(), at)),
        "adopts" => next_accept(&world, step).map(|(v, at)| (v.key(), at)),
        "accepts" => accepts(&world, step).map(|(ok, at)| {
            let key = if ok { "accept" } else { "reject" };
            (key.to_owned(), at)
        }),
        other => return Err(format!("the paxos widget cannot answer `{other}`")),
    };
    let (correct, settled) = match found {
        Some((key, at)) => (key, Some(at)),
        None => ("none".to_owned(), None),
    };
    Ok(Prediction {
        correct,
        log: narration(&world, step, settled),
    })
}

/// The outcome key for a message kind.
pub fn message_kind(msg: &Msg) -> &'static str {
    match msg {
        Msg::Prepare { .. } => "prepare",
        Msg::Promise { .. } => "promise",
        Msg::Accept { .. } => "accept",
        Msg::Accepted { .. } => "accepted",
        Msg::Nack { .. } => "nack",
    }
}

/// The kind of the first message sent after `step`, and when.
pub fn next_message(world: &World<Paxos>, step: u64) -> Option<(&'static str, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Sent { msg, .. } => Some((message_kind(msg), e.step)),
            _ => None,
        })
}

/// The value of the first Accept sent after `step`, and when.
pub fn next_accept(world: &World<Paxos>, step: u64) -> Option<(crate::Value, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Sent {
                msg: Msg::Accept { value, .. },
                ..
            } => Some((*value, e.step)),
            _ => None,
        })
}

/// The first value to become chosen in a slot after `step`, and the step
/// that made it, found by rewinding a copy of the run and comparing what
/// is chosen. A value chosen again at a higher ballot, as Paxos does
/// whenever a new proposer adopts it, is not news.
pub fn next_chosen(world: &World<Paxos>, step: u64) -> Option<(Choice, u64)> {
    let mut copy = world.clone();
    let end = copy.trace().len() as u64;
    copy.seek(step).ok()?;
    let known =
        |c: &Choice, list: &[Choice]| list.iter().any(|b| b.slot == c.slot && b.value == c.value);
    let before = invariants::chosen(&copy);
    for at in step + 1..=end {
        copy.seek(at).ok()?;
        if let Some(new) = invariants::chosen(&copy)
            .into_iter()
            .find(|c| !known(c, &before))
        {
            return Some((new, at));
        }
    }
    None
}

/// Whether the first Accept delivered after `step` is accepted, and when.
/// An acceptor answers in the same step: Accepted to the learners, or a
/// Nack to the proposer.
pub fn accepts(world: &World<Paxos>, step: u64) -> Option<(bool, u64)> {
    let log = world.log();
    let (at, acceptor) = log
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Delivered {
                to,
                msg: Msg::Accept { .. },
                ..
            } => Some((e.step, *to)),
            _ => None,
        })?;
    log.iter()
        .filter(|e| e.step == at)
        .find_map(|e| match &e.what {
            Happening::Sent {
                from,
                msg: Msg::Accepted { .. },
                ..
            } if *from == acceptor => Some((true, at)),
            Happening::Sent {
                from,
                msg: Msg::Nack { .. },
                ..
            } if *from == acceptor => Some((false, at)),
            _ => None,
        })
}

fn narration(world: &World<Paxos>, step: u64, upto: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| e.step > step && upto.is_none_or(|u| e.step <= u))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}
