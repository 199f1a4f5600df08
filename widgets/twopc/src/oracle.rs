//! Answers to predict-the-next-step questions, computed by playing a preset
//! in the same model the widget animates, so a quiz cannot disagree with
//! the animation. A catalog wires [`ASKS`] and [`predict`] to the quiz
//! engine.
//!
//! Every ask is about what happens after `step` (0 = before anything) in
//! the preset's own recorded run.

use dsw_sim::{Happening, NodeId, World};

use crate::node::{Msg, RmState};
use crate::{AtomicCommit, MAX_PARTICIPANTS, TM, presets};

const STATES: &[&str] = &[
    "working",
    "prepared",
    "pre-committed",
    "committed",
    "aborted",
    "none",
];

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
///
/// * `outcome`: how the transaction stands when the run ends: `commit`
///   (every participant committed), `abort` (every one aborted),
///   `inconsistent` (some committed, some aborted), `blocked` (some
///   participant is still in doubt, holding its locks) or `undecided`.
/// * `next-message`: the kind of the first message sent after the step
///   (`prepare` and `commit` in 2PC are `can-commit` and `do-commit` in
///   3PC).
/// * `decision`: the decision carried by the next Commit or Abort message
///   the coordinator sends after the step.
/// * `state-rmN`: the next state participant rmN enters after the step.
pub const ASKS: &[(&str, &[&str])] = &[
    (
        "outcome",
        &["commit", "abort", "inconsistent", "blocked", "undecided"],
    ),
    (
        "next-message",
        &[
            "prepare",
            "can-commit",
            "vote-yes",
            "vote-no",
            "pre-commit",
            "pre-commit-ack",
            "commit",
            "do-commit",
            "abort",
            "ack",
            "inquire",
            "none",
        ],
    ),
    ("decision", &["commit", "abort", "none"]),
    ("state-rm1", STATES),
    ("state-rm2", STATES),
    ("state-rm3", STATES),
    ("state-rm4", STATES),
    ("state-rm5", STATES),
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
        "outcome" => {
            let settled = last_change(&world, step);
            (presets::verdict(&world).to_owned(), settled)
        }
        "next-message" => match next_message(&world, step) {
            Some((kind, at)) => (kind.to_owned(), Some(at)),
            None => ("none".to_owned(), None),
        },
        "decision" => match next_decision(&world, step) {
            Some((d, at)) => (d.to_owned(), Some(at)),
            None => ("none".to_owned(), None),
        },
        other => {
            let node = other
                .strip_prefix("state-rm")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| (1..=MAX_PARTICIPANTS).contains(&n))
                .map(crate::rm)
                .ok_or_else(|| format!("the twopc widget cannot answer `{other}`"))?;
            if node.index() >= world.node_count() {
                return Err(format!(
                    "scenario `{scenario}` has {} participants, so there is no rm{}",
                    world.node_count() - 1,
                    node.0
                ));
            }
            match next_state(&world, step, node) {
                Some((s, at)) => (s.name().to_owned(), Some(at)),
                None => ("none".to_owned(), None),
            }
        }
    };
    Ok(Prediction {
        correct,
        log: narration(&world, step, settled),
    })
}

/// The outcome key for a message kind.
pub fn message_kind(cfg: &AtomicCommit, msg: &Msg) -> &'static str {
    let three = cfg.phases == crate::Phases::Three;
    match msg {
        Msg::Prepare if three => "can-commit",
        Msg::Prepare => "prepare",
        Msg::Vote { yes: true } => "vote-yes",
        Msg::Vote { yes: false } => "vote-no",
        Msg::PreCommit => "pre-commit",
        Msg::PreCommitAck => "pre-commit-ack",
        Msg::Commit if three => "do-commit",
        Msg::Commit => "commit",
        Msg::Abort => "abort",
        Msg::Ack => "ack",
        Msg::Inquire => "inquire",
    }
}

/// The kind of the first message sent after `step`, and when.
pub fn next_message(world: &World<AtomicCommit>, step: u64) -> Option<(&'static str, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Sent { msg, .. } => Some((message_kind(world.protocol(), msg), e.step)),
            _ => None,
        })
}

/// The decision in the next Commit or Abort the coordinator sends.
pub fn next_decision(world: &World<AtomicCommit>, step: u64) -> Option<(&'static str, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Sent {
                from,
                msg: Msg::Commit,
                ..
            } if *from == TM => Some(("commit", e.step)),
            Happening::Sent {
                from,
                msg: Msg::Abort,
                ..
            } if *from == TM => Some(("abort", e.step)),
            _ => None,
        })
}

/// Every participant's disk state at the world's current step.
fn states(world: &World<AtomicCommit>) -> Vec<Option<RmState>> {
    world
        .nodes()
        .map(|v| v.durable.rm().map(|d| d.state))
        .collect()
}

/// The next state `node` enters after `step`, and at which step, found by
/// rewinding a copy of the run.
pub fn next_state(world: &World<AtomicCommit>, step: u64, node: NodeId) -> Option<(RmState, u64)> {
    let mut copy = world.clone();
    let end = copy.trace().len() as u64;
    copy.seek(step).ok()?;
    let mut was = states(&copy).get(node.index()).copied().flatten();
    for at in step + 1..=end {
        copy.seek(at).ok()?;
        let now = states(&copy).get(node.index()).copied().flatten();
        if now != was
            && let Some(s) = now
        {
            return Some((s, at));
        }
        was = now;
    }
    None
}

/// The last step after `step` at which any participant's state changed:
/// where the final outcome was settled.
fn last_change(world: &World<AtomicCommit>, step: u64) -> Option<u64> {
    let mut copy = world.clone();
    let end = copy.trace().len() as u64;
    copy.seek(step).ok()?;
    let mut was = states(&copy);
    let mut last = None;
    for at in step + 1..=end {
        copy.seek(at).ok()?;
        let now = states(&copy);
        if now != was {
            last = Some(at);
        }
        was = now;
    }
    last
}

fn narration(world: &World<AtomicCommit>, step: u64, upto: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| e.step > step && upto.is_none_or(|u| e.step <= u))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}
