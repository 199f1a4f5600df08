//! Sequential consistency (Lamport 1979): some single total order of all
//! operations that keeps each process's operations in the order it issued
//! them and obeys the object's rules. Real time between processes is
//! ignored.
//!
//! Program order: `a` before `b` when the same process issued both and `a`
//! completed (`:ok`) before `b` was invoked. An operation of unknown
//! outcome precedes nothing of its process (Jepsen retires a process after
//! `:info`, and the op may take effect arbitrarily late) and may be left
//! out. Unlike linearizability, sequential consistency is not local: the
//! keys of a key-value store are searched together.

use crate::consistency::{Judgement, View, all_calls, all_dependencies, shrink_now};
use crate::explain::furthest;
use crate::history::History;
use crate::model::{AnySpec, Call, Model, ModelError, Spec, compile};
use crate::order::{Item, OrderResult, find_order};
use crate::value::Value;
use std::cell::Cell;

/// Decides sequential consistency within `max_steps` search steps in all
/// (searching, then shrinking a failure; if the budget runs out while
/// shrinking, the failing set reported is not minimal).
pub fn check_sequential(
    history: &History,
    model: Model,
    max_steps: u64,
) -> Result<Judgement, ModelError> {
    let compiled = compile(history, model)?;
    let calls = all_calls(&compiled);
    let keys = compiled.parts.len();
    let deps = all_dependencies(&compiled, &calls);
    Ok(match compiled.spec() {
        AnySpec::Reg(s) => judge(&s, history, &compiled.values, &calls, keys, deps, max_steps),
        AnySpec::Seq(s) => judge(&s, history, &compiled.values, &calls, keys, deps, max_steps),
    })
}

pub(crate) fn program_order(calls: &[&Call]) -> Vec<Vec<usize>> {
    (0..calls.len())
        .map(|b| {
            (0..calls.len())
                .filter(|&a| {
                    calls[a].process == calls[b].process
                        && !calls[a].unknown()
                        && calls[a].ret < calls[b].inv
                })
                .collect()
        })
        .collect()
}

fn problem(calls: &[(usize, Call)], subset: &[usize]) -> (Vec<Item>, Vec<Vec<usize>>) {
    let chosen: Vec<&Call> = subset.iter().map(|&i| &calls[i].1).collect();
    let items = subset
        .iter()
        .map(|&i| Item {
            key: calls[i].0,
            step: calls[i].1.step.clone(),
            optional: calls[i].1.unknown(),
        })
        .collect();
    (items, program_order(&chosen))
}

fn judge<S: Spec>(
    spec: &S,
    history: &History,
    values: &[Value],
    calls: &[(usize, Call)],
    keys: usize,
    deps: Vec<Vec<Vec<usize>>>,
    max_steps: u64,
) -> Judgement {
    let all: Vec<usize> = (0..calls.len()).collect();
    let (items, preds) = problem(calls, &all);
    let budget = Cell::new(max_steps);
    match find_order(spec, keys, &items, &preds, &budget, true) {
        OrderResult::Found(order) => Judgement::Holds {
            views: vec![View {
                label: "all processes".to_string(),
                order: order.into_iter().map(|i| calls[i].1.op).collect(),
            }],
        },
        OrderResult::GaveUp => Judgement::Undecided {
            reason: format!("no verdict within {max_steps} steps"),
        },
        OrderResult::Impossible { .. } => {
            let minimal = shrink_now(calls.len(), deps, |cand| {
                let (items, preds) = problem(calls, cand);
                match find_order(spec, keys, &items, &preds, &budget, true) {
                    OrderResult::Impossible { .. } => Some(true),
                    OrderResult::Found(_) => Some(false),
                    OrderResult::GaveUp => None,
                }
            });
            let (items, preds) = problem(calls, &minimal);
            let names: Vec<String> = minimal
                .iter()
                .map(|&i| history.name(calls[i].1.op))
                .collect();
            let mut text = format!(
                "No single order of these {} operations keeps each process's operations in \
                 program order and obeys the object's rules.",
                minimal.len()
            );
            text.push_str(&program_summary(calls, &minimal, &names));
            if let Some(f) = furthest(spec, keys, &items, &preds, &names, values) {
                text.push(' ');
                text.push_str(&f);
            }
            Judgement::Violated {
                ops: minimal.iter().map(|&i| calls[i].1.op).collect(),
                explanation: text,
            }
        }
    }
}

/// " Process 0 does w1 then r4; process 1 does w2."
pub(crate) fn program_summary(
    calls: &[(usize, Call)],
    subset: &[usize],
    names: &[String],
) -> String {
    let mut procs: Vec<u64> = subset.iter().map(|&i| calls[i].1.process).collect();
    procs.sort_unstable();
    procs.dedup();
    let parts: Vec<String> = procs
        .iter()
        .map(|&p| {
            let ops: Vec<String> = subset
                .iter()
                .enumerate()
                .filter(|&(_, &i)| calls[i].1.process == p)
                .map(|(j, _)| names[j].clone())
                .collect();
            format!("process {p} does {}", ops.join(" then "))
        })
        .collect();
    format!(" {}.", capitalize(&parts.join("; ")))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
