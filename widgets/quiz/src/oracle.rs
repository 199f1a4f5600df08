//! Predict questions are answered by the widget's own simulator, so a quiz can
//! never disagree with the animation the learner just watched.

use crate::error::QuizError;
use crate::model::{Kind, Quiz};

/// What the simulator says happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The key of the correct option.
    pub correct: String,
    /// The simulator's plain-language event log up to the answer; shown as
    /// the explanation.
    pub log: String,
}

/// Implemented by the host (the wasm app, or the preprocessor when it links
/// the simulators) by running `scenario` of `widget` to `step`.
pub trait Oracle {
    fn predict(
        &self,
        widget: &str,
        scenario: &str,
        step: u32,
        ask: &str,
    ) -> Result<Outcome, String>;
}

/// Runs every Predict question of a quiz through the oracle at build time, so
/// a scenario change that makes an answer impossible to pick fails the build
/// rather than a learner's attempt.
pub fn check_predictions(file: &str, quiz: &Quiz, oracle: &dyn Oracle) -> Vec<QuizError> {
    let mut errors = Vec::new();
    for q in &quiz.questions {
        let Kind::Predict {
            widget,
            scenario,
            step,
            ask,
            options,
        } = &q.kind
        else {
            continue;
        };
        let message = match oracle.predict(widget, scenario, *step, ask) {
            Err(reason) => format!(
                "the `{widget}` simulator could not answer `{ask}` for scenario `{scenario}` at step {step}: {reason}"
            ),
            Ok(outcome) if !options.iter().any(|o| o.key == outcome.correct) => format!(
                "the `{widget}` simulator answers `{}`, which is not among the options",
                outcome.correct
            ),
            Ok(_) => continue,
        };
        errors.push(QuizError {
            file: file.to_owned(),
            line: q.line,
            column: 1,
            question: Some(q.id.clone()),
            message,
        });
    }
    errors
}
