//! Answers to predict-the-next-step questions, computed by playing a preset
//! in the same model the widget animates, so a quiz cannot disagree with
//! the animation.
//!
//! Every ask is about what happens after `step` (0 = before anything) in
//! the preset's own recorded run.

use dsw_sim::{Happening, World};

use crate::node::{Op, Outcome, Output};
use crate::{Cap, presets};

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
///
/// * `read-returns`: what the next read to be answered after the step
///   returns: its value, or `error` if it failed or timed out.
/// * `next-outcome`: how the next operation to end after the step ends.
/// * `final-value`: the value every replica holds when the preset ends, or
///   `diverged` if they disagree.
pub const ASKS: &[(&str, &[&str])] = &[
    ("read-returns", &["nil", "1", "2", "3", "error", "none"]),
    ("next-outcome", &["ok", "fail", "info", "none"]),
    ("final-value", &["nil", "1", "2", "3", "diverged"]),
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
        "read-returns" => match next_done(&world, step, |op| op.cmd.is_read()) {
            Some((op, at)) => (read_result(&op), Some(at)),
            None => ("none".to_owned(), None),
        },
        "next-outcome" => match next_done(&world, step, |_| true) {
            Some((op, at)) => (
                op.outcome.map_or("none", Outcome::name).to_owned(),
                Some(at),
            ),
            None => ("none".to_owned(), None),
        },
        "final-value" => (final_value(&world), None),
        other => return Err(format!("the cap widget cannot answer `{other}`")),
    };
    Ok(Prediction {
        correct,
        log: narration(&world, step, settled),
    })
}

fn read_result(op: &Op) -> String {
    match op.outcome {
        Some(Outcome::Ok) => op.value.map_or_else(|| "nil".to_owned(), |v| v.to_string()),
        _ => "error".to_owned(),
    }
}

/// The first operation (that `pick` accepts) to end after `step`, and the
/// step at which it ends.
pub fn next_done(world: &World<Cap>, step: u64, pick: impl Fn(&Op) -> bool) -> Option<(Op, u64)> {
    world
        .log()
        .iter()
        .filter(|e| e.step > step)
        .find_map(|e| match &e.what {
            Happening::Output {
                output: Output::Done(op),
                ..
            } if pick(op) => Some((op.clone(), e.step)),
            _ => None,
        })
}

/// What every replica holds, if they agree.
pub fn final_value(world: &World<Cap>) -> String {
    let mut held = world.nodes().map(|v| v.durable.stored.value);
    let Some(first) = held.next() else {
        return "diverged".to_owned();
    };
    if held.all(|v| v == first) {
        first.map_or_else(|| "nil".to_owned(), |v| v.to_string())
    } else {
        "diverged".to_owned()
    }
}

fn narration(world: &World<Cap>, step: u64, upto: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| e.step > step && upto.is_none_or(|u| e.step <= u))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}
