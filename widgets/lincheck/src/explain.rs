//! The rule a minimal failing set breaks, in words.
//!
//! For registers a few patterns cover most real failures, and each is
//! checked against the set before it is stated, so the sentence is a proof
//! sketch, not a guess: a read of a value nobody writes, of a value written
//! only later, of a value certainly overwritten before the read began, and
//! two reads that see a new value and then an old one. Whatever matches no
//! pattern is described by the real-time order of the set and by the
//! furthest any legal order gets before every next step is refused.

use crate::history::History;
use crate::model::{AnySpec, Call, NIL, Spec, Step, Vid, step_words};
use crate::order::{Item, OrderResult, find_order};
use crate::value::Value;
use std::cell::Cell;

/// Explains why `calls` (a minimal failing set of one key) is not
/// linearizable.
pub(crate) fn linearizability(
    history: &History,
    values: &[Value],
    spec: &AnySpec,
    calls: &[Call],
) -> String {
    let rule = register_rule(history, values, calls).or_else(|| list_rule(history, values, calls));
    let mut text = match rule {
        Some(rule) => rule,
        None => {
            let mut t = format!(
                "No order of these {} operations respects both real time and the object's rules.",
                calls.len()
            );
            let names: Vec<String> = calls.iter().map(|c| history.name(c.op)).collect();
            t.push_str(&real_time_summary(calls, &names));
            let items: Vec<Item> = calls
                .iter()
                .map(|c| Item {
                    key: 0,
                    step: c.step.clone(),
                    optional: c.unknown(),
                })
                .collect();
            let preds: Vec<Vec<usize>> = (0..calls.len())
                .map(|b| {
                    (0..calls.len())
                        .filter(|&a| calls[a].precedes(&calls[b]))
                        .collect()
                })
                .collect();
            let furthest = match spec {
                AnySpec::Reg(s) => furthest(s, 1, &items, &preds, &names, values),
                AnySpec::Seq(s) => furthest(s, 1, &items, &preds, &names, values),
            };
            if let Some(f) = furthest {
                t.push(' ');
                t.push_str(&f);
            }
            t
        }
    };
    if calls.len() > 1 {
        text.push_str(
            " Each of these operations is needed: without any one of them (and the reads that \
             observed only its value) the rest is linearizable.",
        );
    }
    text
}

/// "Real time orders w1 before w2 and w2 before r7; the other pairs overlap."
pub(crate) fn real_time_summary(calls: &[Call], names: &[String]) -> String {
    let n = calls.len();
    let before = |a: usize, b: usize| calls[a].precedes(&calls[b]);
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in 0..n {
            // Only the covering pairs: the rest follow by transitivity.
            if before(a, b) && !(0..n).any(|c| before(a, c) && before(c, b)) {
                pairs.push(format!("{} before {}", names[a], names[b]));
            }
        }
    }
    if pairs.is_empty() {
        " All of them overlap in real time.".to_string()
    } else {
        format!(
            " Real time orders {}; the other pairs overlap.",
            join_and(&pairs)
        )
    }
}

pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// "The furthest any order gets is w1, w2; then every operation allowed
/// next is refused: r7 (read 3) would find 4."
pub(crate) fn furthest<S: Spec>(
    spec: &S,
    keys: usize,
    items: &[Item],
    preds: &[Vec<usize>],
    names: &[String],
    values: &[Value],
) -> Option<String> {
    // Only worth it (and cheap) for a handful of operations.
    if items.len() > 16 {
        return None;
    }
    let OrderResult::Impossible { deepest } =
        find_order(spec, keys, items, preds, &Cell::new(20_000), false)
    else {
        return None;
    };
    let mut state: Vec<S::State> = vec![spec.init(); keys.max(1)];
    for &i in &deepest {
        let k = items[i].key;
        state[k] = spec.apply(&state[k], &items[i].step)?;
    }
    let mut in_prefix = vec![false; items.len()];
    for &i in &deepest {
        in_prefix[i] = true;
    }
    let refused: Vec<String> = (0..items.len())
        .filter(|&i| !in_prefix[i] && preds[i].iter().all(|&p| in_prefix[p]))
        .map(|i| {
            format!(
                "{} ({}) would find {}",
                names[i],
                step_words(values, &items[i].step),
                spec.show(&state[items[i].key])
            )
        })
        .collect();
    let start = if deepest.is_empty() {
        "No operation can even come first".to_string()
    } else {
        let prefix: Vec<String> = deepest.iter().map(|&i| names[i].clone()).collect();
        format!("The furthest any order gets is {}", prefix.join(", "))
    };
    Some(format!(
        "{start}; then every operation allowed next is refused: {}.",
        join_and(&refused)
    ))
}

enum Source<'a> {
    Initial,
    Op(&'a Call),
}

impl Source<'_> {
    fn precedes(&self, c: &Call) -> bool {
        match self {
            Source::Initial => true,
            Source::Op(s) => s.precedes(c),
        }
    }
}

fn register_rule(history: &History, values: &[Value], calls: &[Call]) -> Option<String> {
    if !calls
        .iter()
        .all(|c| matches!(c.step, Step::Read(_) | Step::Write(_) | Step::Cas(..)))
    {
        return None;
    }
    let name = |c: &Call| history.name(c.op);
    let val = |v: Vid| values[v as usize].to_string();
    let words = |c: &Call| step_words(values, &c.step);
    // What an op certainly observed: a read's answer, a successful CAS's
    // expected value.
    let observed = |c: &Call| match c.step {
        Step::Read(v) => Some(v),
        Step::Cas(v, _) if !c.unknown() => Some(v),
        _ => None,
    };
    let saw = |c: &Call, v: Vid| match c.step {
        Step::Cas(_, to) => format!("{} (cas {}->{}) found {}", name(c), val(v), val(to), val(v)),
        _ => format!("{} read {}", name(c), val(v)),
    };
    let sources = |v: Vid, reader: &Call| -> Vec<Source> {
        let mut s: Vec<Source> = Vec::new();
        if v == NIL {
            s.push(Source::Initial);
        }
        s.extend(
            calls
                .iter()
                .filter(|w| w.op != reader.op && w.step.produces() == Some(v))
                .map(Source::Op),
        );
        s
    };
    let source_name = |s: &Source| match s {
        Source::Initial => "the initial value".to_string(),
        Source::Op(w) => format!("{} ({})", name(w), words(w)),
    };
    let readers: Vec<(&Call, Vid)> = calls
        .iter()
        .filter_map(|c| observed(c).map(|v| (c, v)))
        .collect();

    // A value nobody writes.
    for &(r, v) in &readers {
        if v != NIL && sources(v, r).is_empty() {
            return Some(format!(
                "{}, but no operation writes {}.",
                saw(r, v),
                val(v)
            ));
        }
    }
    // A value written only after the read.
    for &(r, v) in &readers {
        let src = sources(v, r);
        if v != NIL
            && src
                .iter()
                .all(|s| matches!(s, Source::Op(w) if r.precedes(w)))
        {
            let ws: Vec<String> = src.iter().map(&source_name).collect();
            let what = if ws.len() == 1 {
                format!("the only write of {}, {}, was", val(v), ws[0])
            } else {
                format!("every write of {} ({}) was", val(v), ws.join(", "))
            };
            return Some(format!(
                "{}, but {what} invoked after {} completed.",
                saw(r, v),
                name(r)
            ));
        }
    }
    // A value certainly overwritten before the read began.
    for &(r, v) in &readers {
        let src = sources(v, r);
        let cover: Option<Vec<(&Source, &Call)>> = src
            .iter()
            .map(|s| {
                calls
                    .iter()
                    .find(|y| {
                        y.op != r.op
                            && !y.unknown()
                            && y.step.produces().is_some_and(|x| x != v)
                            && s.precedes(y)
                            && y.precedes(r)
                    })
                    .map(|y| (s, y))
            })
            .collect();
        let Some(cover) = cover else { continue };
        if cover.is_empty() {
            continue;
        }
        let text = match cover.as_slice() {
            [(Source::Initial, y)] => format!(
                "{}, the initial value, but {} ({}) completed before {} was invoked and nothing \
                 writes {} again, so {} cannot see the initial value.",
                saw(r, v),
                name(y),
                words(y),
                name(r),
                val(v),
                name(r)
            ),
            [(Source::Op(w), y)] => format!(
                "{}, but {} ({}) was invoked after {}, the only write of {}, completed, and \
                 completed before {} was invoked: every order puts {} between {} and {}, so {} \
                 cannot see {}.",
                saw(r, v),
                name(y),
                words(y),
                source_name(&Source::Op(w)),
                val(v),
                name(r),
                name(y),
                name(w),
                name(r),
                name(r),
                val(v)
            ),
            many => {
                let pairs: Vec<String> = many
                    .iter()
                    .map(|(s, y)| format!("{} by {} ({})", source_name(s), name(y), words(y)))
                    .collect();
                format!(
                    "{}, but every possible source of {} is overwritten before {} was invoked: {}.",
                    saw(r, v),
                    val(v),
                    name(r),
                    join_and(&pairs)
                )
            }
        };
        return Some(text);
    }
    // A new value seen, then an old one.
    for &(r1, u) in &readers {
        for &(r2, v) in &readers {
            if u == v || u == NIL || !r1.precedes(r2) {
                continue;
            }
            let su = sources(u, r1);
            let sv = sources(v, r2);
            if su.is_empty() || sv.is_empty() {
                continue;
            }
            let all_before = sv.iter().all(|a| {
                su.iter().all(|b| match b {
                    Source::Op(b) => a.precedes(b),
                    Source::Initial => false,
                })
            });
            if !all_before {
                continue;
            }
            let list = |s: &[Source]| -> String {
                s.iter().map(&source_name).collect::<Vec<_>>().join(", ")
            };
            return Some(format!(
                "{} and completed before {} was invoked, yet {}. Every source of {} ({}) \
                 completed before any write of {} ({}) was invoked, so once {} has seen {}, no \
                 later operation can see {}.",
                saw(r1, u),
                name(r2),
                saw(r2, v),
                val(v),
                list(&sv),
                val(u),
                list(&su),
                name(r1),
                val(u),
                val(v)
            ));
        }
    }
    None
}

/// Patterns for lists that only grow (no `put` among the operations).
fn list_rule(history: &History, values: &[Value], calls: &[Call]) -> Option<String> {
    if calls
        .iter()
        .any(|c| !matches!(c.step, Step::Append(_) | Step::ReadItems(_)))
    {
        return None;
    }
    let name = |c: &Call| history.name(c.op);
    let val = |v: Vid| values[v as usize].to_string();
    let reads: Vec<(&Call, &Vec<Vid>)> = calls
        .iter()
        .filter_map(|c| match &c.step {
            Step::ReadItems(xs) => Some((c, xs)),
            _ => None,
        })
        .collect();
    let appends: Vec<(&Call, Vid)> = calls
        .iter()
        .filter_map(|c| match c.step {
            Step::Append(x) => Some((c, x)),
            _ => None,
        })
        .collect();
    let list = |xs: &[Vid]| Value::List(xs.iter().map(|&x| values[x as usize].clone()).collect());
    // An element certainly appended before the read began is missing.
    for &(r, xs) in &reads {
        for &(a, x) in &appends {
            if !xs.contains(&x) && a.precedes(r) {
                return Some(format!(
                    "{} read {}, which lacks {}, but {} (append {}) completed before {} was \
                     invoked, and a list only grows.",
                    name(r),
                    list(xs),
                    val(x),
                    name(a),
                    val(x),
                    name(r)
                ));
            }
        }
    }
    // An element appended only after the read ended is present.
    for &(r, xs) in &reads {
        for &x in xs {
            let sources: Vec<&Call> = appends
                .iter()
                .filter(|(_, y)| *y == x)
                .map(|(a, _)| *a)
                .collect();
            if !sources.is_empty() && sources.iter().all(|a| r.precedes(a)) {
                return Some(format!(
                    "{} read {}, which contains {}, but the append of {} ({}) was invoked after {} \
                     completed.",
                    name(r),
                    list(xs),
                    val(x),
                    val(x),
                    name(sources[0]),
                    name(r)
                ));
            }
        }
    }
    // Two reads that are not prefixes of one another.
    for (i, &(r1, l1)) in reads.iter().enumerate() {
        for &(r2, l2) in &reads[i + 1..] {
            if !l1.starts_with(l2) && !l2.starts_with(l1) {
                return Some(format!(
                    "{} read {} and {} read {}: neither is a prefix of the other, yet every read \
                     of a list that only grows is a prefix of every later one.",
                    name(r1),
                    list(l1),
                    name(r2),
                    list(l2)
                ));
            }
        }
    }
    // A later read that sees fewer elements.
    for &(r1, l1) in &reads {
        for &(r2, l2) in &reads {
            if r1.precedes(r2) && l2.len() < l1.len() {
                return Some(format!(
                    "{} read {} and completed before {} was invoked, yet {} read only {}: the list \
                     lost elements.",
                    name(r1),
                    list(l1),
                    name(r2),
                    name(r2),
                    list(l2)
                ));
            }
        }
    }
    None
}
