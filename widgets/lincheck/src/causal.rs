//! Causal consistency, as the causal memory of Ahamad, Neiger, Burns, Kohli
//! and Hutto (1995), for registers (one or one per key) whose written values
//! are unique per key, so that every read has exactly one possible source.
//!
//! * Program order: `a` before `b` when one process issued both and `a`
//!   completed (`:ok`) before `b` was invoked (an op of unknown outcome
//!   precedes nothing, as for sequential consistency).
//! * Writes-into: the write of `v` on a key comes before every read that
//!   returned `v` on that key. A read of `nil` reads the initial value.
//! * Causal order: the transitive closure of the two. It must be acyclic.
//! * The history is causal if, for every process `p`, the operations of `p`
//!   together with all writes have one order that extends causal order and
//!   in which every read returns the latest preceding write to its key (or
//!   `nil` if there is none). Different processes may order concurrent
//!   writes differently; that is the difference from sequential consistency.
//!
//! A write of unknown outcome that some read returned certainly happened
//! and is kept; one that nobody read is dropped, which changes nothing: it
//! could be placed last in every view. Compare-and-set and append are out
//! of scope (causal memory is defined for reads and writes).

use crate::consistency::{Judgement, View, all_calls, all_dependencies, shrink_now};
use crate::explain::{furthest, join_and};
use crate::history::History;
use crate::model::{AnySpec, Call, Model, ModelError, NIL, RegSpec, Step, compile};
use crate::order::{Item, OrderResult, find_order};
use crate::value::Value;
use std::cell::Cell;
use std::collections::HashMap;

/// Decides causal consistency within `max_steps` search steps in all (every
/// process view, then shrinking a failure; if the budget runs out while
/// shrinking, the failing set reported is not minimal).
pub fn check_causal(
    history: &History,
    model: Model,
    max_steps: u64,
) -> Result<Judgement, ModelError> {
    if model == Model::Append {
        return Ok(Judgement::Unsupported {
            reason: "causal memory is defined for read/write registers, not append-only lists"
                .to_string(),
        });
    }
    let compiled = compile(history, model)?;
    let calls = all_calls(&compiled);
    let mut written: HashMap<(usize, u32), usize> = HashMap::new();
    for (k, c) in &calls {
        match c.step {
            Step::Cas(..) => {
                return Ok(Judgement::Unsupported {
                    reason: format!(
                        "causal memory is defined for reads and writes; {} is a compare-and-set",
                        history.name(c.op)
                    ),
                });
            }
            Step::Write(NIL) => {
                return Ok(Judgement::Unsupported {
                    reason: format!(
                        "{} writes nil, which a read could not tell from the initial value",
                        history.name(c.op)
                    ),
                });
            }
            Step::Write(v) => {
                if let Some(&other) = written.get(&(*k, v)) {
                    return Ok(Judgement::Unsupported {
                        reason: format!(
                            "{} and {} write the same value, {}; causal checking needs unique \
                             written values per key",
                            history.name(other),
                            history.name(c.op),
                            compiled.values[v as usize]
                        ),
                    });
                }
                written.insert((*k, v), c.op);
            }
            _ => {}
        }
    }
    let AnySpec::Reg(spec) = compiled.spec() else {
        unreachable!("append was turned away above");
    };
    let keys = compiled.parts.len();
    let all: Vec<usize> = (0..calls.len()).collect();
    let ctx = Ctx {
        spec: &spec,
        history,
        values: &compiled.values,
        calls: &calls,
        keys,
        budget: Cell::new(max_steps),
    };
    Ok(match ctx.judge(&all) {
        Core::Holds(views) => Judgement::Holds { views },
        Core::GaveUp => Judgement::Undecided {
            reason: format!("no verdict within {max_steps} steps"),
        },
        Core::Violated(_) => {
            let deps = all_dependencies(&compiled, &calls);
            let minimal = shrink_now(calls.len(), deps, |cand| match ctx.judge(cand) {
                Core::Violated(_) => Some(true),
                Core::Holds(_) => Some(false),
                Core::GaveUp => None,
            });
            // The same deterministic search failed on this set within the
            // budget before, so a fresh budget reproduces the failure.
            ctx.budget.set(max_steps);
            match ctx.judge(&minimal) {
                Core::Violated(explanation) => Judgement::Violated {
                    ops: minimal.iter().map(|&i| calls[i].1.op).collect(),
                    explanation,
                },
                _ => Judgement::Undecided {
                    reason: format!("no verdict within {max_steps} steps"),
                },
            }
        }
    })
}

enum Core {
    Holds(Vec<View>),
    Violated(String),
    GaveUp,
}

struct Ctx<'a> {
    spec: &'a RegSpec,
    history: &'a History,
    values: &'a [Value],
    calls: &'a [(usize, Call)],
    keys: usize,
    /// Steps left, shared by every search of this judgement.
    budget: Cell<u64>,
}

impl Ctx<'_> {
    fn name(&self, c: &Call) -> String {
        self.history.name(c.op)
    }

    // ANCHOR: causal_views
    fn judge(&self, subset: &[usize]) -> Core {
        let sel: Vec<&(usize, Call)> = subset.iter().map(|&i| &self.calls[i]).collect();
        // Writes-into: each read's unique source.
        let mut source: Vec<Option<usize>> = vec![None; sel.len()];
        for (i, (k, c)) in sel.iter().enumerate() {
            if let Step::Read(v) = c.step
                && v != NIL
            {
                let w = (0..sel.len()).find(|&j| sel[j].0 == *k && sel[j].1.step == Step::Write(v));
                match w {
                    Some(j) => source[i] = Some(j),
                    None => {
                        return Core::Violated(format!(
                            "{} read {}, but no operation writes {} to that key.",
                            self.name(c),
                            self.values[v as usize],
                            self.values[v as usize]
                        ));
                    }
                }
            }
        }
        let read_from: Vec<bool> = (0..sel.len()).map(|j| source.contains(&Some(j))).collect();
        // An unknown write nobody read can sit last in every view: drop it.
        let kept: Vec<usize> = (0..sel.len())
            .filter(|&i| !sel[i].1.unknown() || read_from[i])
            .collect();
        let m = kept.len();
        let pos: HashMap<usize, usize> = kept.iter().enumerate().map(|(a, &i)| (i, a)).collect();
        let words = m.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; m];
        let set = |r: &mut Vec<Vec<u64>>, a: usize, b: usize| r[a][b / 64] |= 1 << (b % 64);
        let get = |r: &Vec<Vec<u64>>, a: usize, b: usize| r[a][b / 64] >> (b % 64) & 1 == 1;
        for (a, &i) in kept.iter().enumerate() {
            for (b, &j) in kept.iter().enumerate() {
                let (ci, cj) = (&sel[i].1, &sel[j].1);
                if ci.process == cj.process && !ci.unknown() && ci.ret < cj.inv {
                    set(&mut reach, a, b);
                }
            }
            if let Some(s) = source[i] {
                set(&mut reach, pos[&s], a);
            }
        }
        for mid in 0..m {
            for a in 0..m {
                if get(&reach, a, mid) {
                    let row = reach[mid].clone();
                    for (x, y) in reach[a].iter_mut().zip(row) {
                        *x |= y;
                    }
                }
            }
        }
        if let Some(a) = (0..m).find(|&a| get(&reach, a, a)) {
            let c = &sel[kept[a]].1;
            return Core::Violated(format!(
                "Causal order has a cycle through {}: following program order and reads-from \
                 from it leads back to it, so no process can order it.",
                self.name(c)
            ));
        }
        let mut procs: Vec<u64> = kept.iter().map(|&i| sel[i].1.process).collect();
        procs.sort_unstable();
        procs.dedup();
        let mut views = Vec::new();
        for p in procs {
            // The view of p: its own operations and every write.
            let members: Vec<usize> = (0..m)
                .filter(|&a| {
                    let c = &sel[kept[a]].1;
                    c.process == p || !c.step.is_read()
                })
                .collect();
            let items: Vec<Item> = members
                .iter()
                .map(|&a| Item {
                    key: sel[kept[a]].0,
                    step: sel[kept[a]].1.step.clone(),
                    optional: false,
                })
                .collect();
            let preds: Vec<Vec<usize>> = members
                .iter()
                .map(|&b| {
                    (0..members.len())
                        .filter(|&x| get(&reach, members[x], b))
                        .collect()
                })
                .collect();
            match find_order(self.spec, self.keys, &items, &preds, &self.budget, true) {
                OrderResult::Found(order) => views.push(View {
                    label: format!("process {p}"),
                    order: order.iter().map(|&x| sel[kept[members[x]]].1.op).collect(),
                }),
                OrderResult::GaveUp => return Core::GaveUp,
                OrderResult::Impossible { .. } => {
                    let names: Vec<String> = members
                        .iter()
                        .map(|&a| self.name(&sel[kept[a]].1))
                        .collect();
                    let own: Vec<String> = members
                        .iter()
                        .zip(&names)
                        .filter(|(a, _)| sel[kept[**a]].1.process == p)
                        .map(|(_, n)| n.clone())
                        .collect();
                    let mut pairs = Vec::new();
                    for x in 0..members.len() {
                        for y in 0..members.len() {
                            let covered = (0..members.len()).any(|z| {
                                get(&reach, members[x], members[z])
                                    && get(&reach, members[z], members[y])
                            });
                            if get(&reach, members[x], members[y]) && !covered {
                                pairs.push(format!("{} before {}", names[x], names[y]));
                            }
                        }
                    }
                    let mut text = format!(
                        "Process {p} cannot order its own operations ({}) together with every \
                         write so that causal order is kept and each read returns the latest \
                         write before it.",
                        own.join(", ")
                    );
                    if !pairs.is_empty() {
                        text.push_str(&format!(
                            " Causal order (program order plus reads-from) puts {}.",
                            join_and(&pairs)
                        ));
                    }
                    if let Some(f) =
                        furthest(self.spec, self.keys, &items, &preds, &names, self.values)
                    {
                        text.push(' ');
                        text.push_str(&f);
                    }
                    return Core::Violated(text);
                }
            }
        }
        Core::Holds(views)
    }
    // ANCHOR_END: causal_views
}
