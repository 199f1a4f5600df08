//! The bridge between quizzes and simulators.
//!
//! A predict-the-next-step question names a widget, a scenario, a step and
//! what is asked. [`Catalog`] tells the build which of those exist, and
//! [`Simulators`] answers the question by running the scenario in the same
//! model the widget animates, so a quiz can never disagree with the widget.

use dsw_quiz::{AskSpec, Oracle, Outcome, ScenarioCatalog};

mod rpc;

/// The scenarios and asks of every widget that has them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Catalog;

impl ScenarioCatalog for Catalog {
    fn has_widget(&self, widget: &str) -> bool {
        dsw_spec::widget(widget).is_some()
    }

    fn has_scenario(&self, widget: &str, scenario: &str) -> bool {
        match widget {
            "rpc" => dsw_sim::rpc::preset(scenario).is_some(),
            "raft" => dsw_raft::preset(scenario).is_some(),
            "paxos" => dsw_paxos::preset(scenario).is_some(),
            "saga" => dsw_saga::preset(scenario).is_some(),
            "cap" => dsw_cap::preset(scenario).is_some(),
            "twopc" => dsw_twopc::preset(scenario).is_some(),
            "clocks" => dsw_clocks::load(scenario).is_ok(),
            "history" => dsw_history::preset(scenario).is_some(),
            _ => false,
        }
    }

    fn asks(&self, widget: &str) -> Option<Vec<AskSpec>> {
        let table: &[(&str, &[&str])] = match widget {
            "rpc" => rpc::ASKS,
            "raft" => dsw_raft::oracle::ASKS,
            "paxos" => dsw_paxos::oracle::ASKS,
            "saga" => dsw_saga::oracle::ASKS,
            "cap" => dsw_cap::oracle::ASKS,
            "twopc" => dsw_twopc::oracle::ASKS,
            "clocks" => dsw_clocks::oracle::ASKS,
            "history" => dsw_history::oracle::ASKS,
            _ => &[],
        };
        Some(
            table
                .iter()
                .map(|(name, outcomes)| AskSpec {
                    name: (*name).to_owned(),
                    outcomes: outcomes.iter().map(|o| (*o).to_owned()).collect(),
                })
                .collect(),
        )
    }
}

/// Answers predict questions by running the simulators.
#[derive(Debug, Clone, Copy, Default)]
pub struct Simulators;

impl Oracle for Simulators {
    fn predict(
        &self,
        widget: &str,
        scenario: &str,
        step: u32,
        ask: &str,
    ) -> Result<Outcome, String> {
        match widget {
            "rpc" => rpc::predict(scenario, step, ask),
            "raft" => dsw_raft::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "twopc" => dsw_twopc::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "cap" => dsw_cap::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "saga" => dsw_saga::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "paxos" => dsw_paxos::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "clocks" => dsw_clocks::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            "history" => dsw_history::oracle::predict(scenario, step, ask).map(|p| Outcome {
                correct: p.correct,
                log: p.log,
            }),
            other => Err(format!("the widget `{other}` answers no questions")),
        }
    }
}

#[cfg(test)]
mod tests;
