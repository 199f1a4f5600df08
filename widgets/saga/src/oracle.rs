//! Answers to predict-the-next-step questions, computed by playing a preset
//! in the same model the widget animates, so a quiz cannot disagree with
//! the animation. A catalog wires [`ASKS`] and [`predict`] to the quiz
//! engine; this crate depends on nothing but the simulator.
//!
//! Every ask is about what happens after `step` (0 = before anything) in
//! the preset's own run, continued past the end of its script by normal
//! progress alone (no more faults, no user) until the system is quiet, so
//! "how does it end" has an answer even for a preset that stops mid-saga.

use dsw_sim::World;

use crate::invariants::{SagaOutcome, outcome};
use crate::model::Step;
use crate::{Saga, presets};

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
///
/// * `next-compensation`: the first compensation a service applies after
///   the step.
/// * `saga-outcome`: how the saga ends.
/// * `charges`: how many times the card has been charged at the end
///   (refunds do not un-charge it).
pub const ASKS: &[(&str, &[&str])] = &[
    (
        "next-compensation",
        &["cancel-hotel", "refund-payment", "cancel-flight", "none"],
    ),
    (
        "saga-outcome",
        &[
            "completed",
            "compensated",
            "stuck",
            "mixed",
            "running",
            "not-started",
        ],
    ),
    ("charges", &["0", "1", "2", "3"]),
];

/// The correct option key and the narration that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub correct: String,
    /// The event log from just after `step` to the step that settles the
    /// answer (to the end when nothing does).
    pub log: String,
}

/// Steps of normal progress allowed after a preset's script: far more than
/// any saga needs, while a node left down (the broker redelivering to it
/// forever) still ends.
const SETTLE: u64 = 2_000;

/// Answers `ask` for preset `scenario` at `step`.
pub fn predict(scenario: &str, step: u32, ask: &str) -> Result<Prediction, String> {
    let mut world = presets::load(scenario)?;
    let step = u64::from(step);
    let end = world.step();
    if step > end {
        return Err(format!(
            "scenario `{scenario}` has only {end} steps, so step {step} does not exist"
        ));
    }
    if !ASKS.iter().any(|(name, _)| *name == ask) {
        return Err(format!("the saga widget cannot answer `{ask}`"));
    }
    world
        .run_until_quiet(SETTLE)
        .map_err(|e| format!("scenario `{scenario}` cannot be continued: {e}"))?;
    let (correct, settled) = match ask {
        "next-compensation" => match next_compensation(&world, step) {
            Some((s, at)) => (compensation_key(s).to_owned(), Some(at)),
            None => ("none".to_owned(), None),
        },
        "saga-outcome" => (outcome_key(outcome(&world)).to_owned(), None),
        _ => {
            let charges = world
                .nodes()
                .filter_map(|v| v.durable.service())
                .find(|db| db.step == Step::Payment)
                .map_or(0, |db| db.done);
            (charges.to_string(), None)
        }
    };
    Ok(Prediction {
        correct,
        log: narration(&world, step, settled),
    })
}

pub fn compensation_key(step: Step) -> &'static str {
    match step {
        Step::Hotel => "cancel-hotel",
        Step::Payment => "refund-payment",
        Step::Flight => "cancel-flight",
        Step::Email => "none",
    }
}

pub fn outcome_key(o: SagaOutcome) -> &'static str {
    match o {
        SagaOutcome::NotStarted => "not-started",
        SagaOutcome::Running => "running",
        SagaOutcome::Completed => "completed",
        SagaOutcome::Compensated => "compensated",
        SagaOutcome::Stuck => "stuck",
        SagaOutcome::Mixed => "mixed",
    }
}

fn undone_counts(world: &World<Saga>) -> Vec<(Step, u8)> {
    world
        .nodes()
        .filter_map(|v| v.durable.service())
        .map(|db| (db.step, db.undone))
        .collect()
}

/// The first service to apply a compensation after `step`, and the step at
/// which it does: read from the services' databases by rewinding a copy of
/// the run.
pub fn next_compensation(world: &World<Saga>, step: u64) -> Option<(Step, u64)> {
    let mut copy = world.clone();
    let end = copy.trace().len() as u64;
    copy.seek(step).ok()?;
    let mut before = undone_counts(&copy);
    for at in step + 1..=end {
        copy.seek(at).ok()?;
        let now = undone_counts(&copy);
        if let Some(&(s, _)) = now
            .iter()
            .zip(&before)
            .find(|(a, b)| a.1 > b.1)
            .map(|(a, _)| a)
        {
            return Some((s, at));
        }
        before = now;
    }
    None
}

fn narration(world: &World<Saga>, step: u64, upto: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| e.step > step && upto.is_none_or(|u| e.step <= u))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}
