//! One history judged under three consistency models side by side:
//! linearizable, sequentially consistent, causally consistent.

use crate::checker::{Checker, Progress, Verdict};
use crate::history::{History, OpId};
use crate::model::{Call, Compiled, Model, ModelError, dependencies};
use crate::shrink::Shrinker;

/// One order of operations that a consistency model accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// Whose view it is: `real time`, `all processes`, or `process 3`.
    pub label: String,
    pub order: Vec<OpId>,
}

/// The verdict of one consistency model on one history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// The history satisfies the model; the views are the witness (one
    /// order for linearizability and sequential consistency, one per
    /// process for causal consistency).
    Holds { views: Vec<View> },
    /// It does not: a minimal failing set of operations and the reason.
    Violated { ops: Vec<OpId>, explanation: String },
    /// The step budget ran out before a verdict.
    Undecided { reason: String },
    /// This checker does not decide this model for this history.
    Unsupported { reason: String },
}

impl Judgement {
    pub fn holds(&self) -> bool {
        matches!(self, Judgement::Holds { .. })
    }

    pub fn violated(&self) -> bool {
        matches!(self, Judgement::Violated { .. })
    }

    /// `holds`, `violated`, `undecided` or `unsupported`.
    pub fn word(&self) -> &'static str {
        match self {
            Judgement::Holds { .. } => "holds",
            Judgement::Violated { .. } => "violated",
            Judgement::Undecided { .. } => "undecided",
            Judgement::Unsupported { .. } => "unsupported",
        }
    }
}

/// A history's verdicts under the three models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Levels {
    pub linearizable: Judgement,
    pub sequential: Judgement,
    pub causal: Judgement,
}

/// Judges `history` under linearizability, sequential consistency and
/// causal consistency, each within `max_steps` search steps (shrinking a
/// failure included).
pub fn judge_all(history: &History, model: Model, max_steps: u64) -> Result<Levels, ModelError> {
    Ok(Levels {
        linearizable: linearizable(history, model, max_steps)?,
        sequential: crate::sequential::check_sequential(history, model, max_steps)?,
        causal: crate::causal::check_causal(history, model, max_steps)?,
    })
}

/// Linearizability as a [`Judgement`].
fn linearizable(history: &History, model: Model, max_steps: u64) -> Result<Judgement, ModelError> {
    let mut checker = Checker::new(history, model)?;
    Ok(match checker.run_for(max_steps) {
        Progress::Pending { steps, .. } => Judgement::Undecided {
            reason: format!("no verdict within {steps} steps"),
        },
        Progress::Done(Verdict::Linearizable(lin)) => Judgement::Holds {
            views: vec![View {
                label: "real time".to_string(),
                order: lin.points.iter().map(|p| p.op).collect(),
            }],
        },
        Progress::Done(Verdict::NotLinearizable(f)) => Judgement::Violated {
            ops: f.ops,
            explanation: f.explanation,
        },
    })
}

/// All calls of a compiled history with their key index, by invocation.
pub(crate) fn all_calls(compiled: &Compiled) -> Vec<(usize, Call)> {
    let mut calls: Vec<(usize, Call)> = compiled
        .parts
        .iter()
        .enumerate()
        .flat_map(|(k, p)| p.calls.iter().map(move |c| (k, c.clone())))
        .collect();
    calls.sort_by_key(|(_, c)| (c.inv, c.op));
    calls
}

/// Dependency groups (see `shrink`) for calls spanning several keys: a
/// value observed on one key is produced only by ops on that key.
pub(crate) fn all_dependencies(
    compiled: &Compiled,
    calls: &[(usize, Call)],
) -> Vec<Vec<Vec<usize>>> {
    let mut deps = vec![Vec::new(); calls.len()];
    for k in 0..compiled.parts.len() {
        let idx: Vec<usize> = (0..calls.len()).filter(|&i| calls[i].0 == k).collect();
        let local: Vec<Call> = idx.iter().map(|&i| calls[i].1.clone()).collect();
        for (j, groups) in dependencies(&compiled.values, &local)
            .into_iter()
            .enumerate()
        {
            deps[idx[j]] = groups
                .into_iter()
                .map(|g| g.into_iter().map(|x| idx[x]).collect())
                .collect();
        }
    }
    deps
}

/// Shrinks a failing set of `n` calls, checking candidates with `fails`,
/// which answers `None` once the step budget is spent: shrinking then
/// stops at the smallest failing set found so far.
pub(crate) fn shrink_now(
    n: usize,
    deps: Vec<Vec<Vec<usize>>>,
    mut fails: impl FnMut(&[usize]) -> Option<bool>,
) -> Vec<usize> {
    let mut s = Shrinker::new((0..n).collect(), deps, None);
    while let Some(cand) = s.candidate() {
        match fails(&cand) {
            Some(f) => s.report(f),
            None => break,
        }
    }
    s.result().to_vec()
}
