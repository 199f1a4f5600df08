//! Answers to predict-the-next-step quiz questions, computed by replaying a
//! preset's edits in the same model the widget draws, so a quiz cannot
//! disagree with the widget. A catalog wires [`ASKS`] and [`predict`] to the
//! quiz engine.
//!
//! `step` is the number of the preset's edits already applied (0 = the
//! empty diagram). Two families of asks:
//!
//! * about the **next edit** (the one at index `step`), which must create an
//!   event or end an arrow at one: `lamport-next` is that event's Lamport
//!   stamp, `hlc-next-c` its HLC counter, `hlc-next-rule` which case of the
//!   HLC rules produced it (see [`HlcCase`]);
//! * about two **marked events** of the preset (`a`, `b`, `c`, see
//!   [`Preset::marks`]) in the diagram after `step` edits: `relation-a-b`
//!   (happened-before, from the graph), `vector-relation-a-b` (comparing
//!   vector clocks), `lamport-compare-a-b` (the raw stamps),
//!   `total-order-a-b` (Lamport's order with the process-id tie-break),
//!   `physical-order-a-b` (physical timestamps) and `lww-a-b` (whose write
//!   last-writer-wins keeps), and the same for `a-c` and `b-c`.

use std::cmp::Ordering;

use crate::analysis::Analysis;
use crate::describe::{describe_edit, explain_event, explain_pair};
use crate::diagram::{Diagram, EventId, Kind};
use crate::edit::Edit;
use crate::encoding::edit_code;
use crate::hlc::{Hlc, HlcCase};
use crate::presets::{self, Preset};

const COUNTS: &[&str] = &[
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32",
    "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48",
    "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63", "64",
];
const HLC_RULES: &[&str] = &["physical", "kept", "message", "kept-and-message"];
const RELATION: &[&str] = &["before", "after", "concurrent", "same"];
const VECTOR: &[&str] = &["before", "after", "concurrent", "equal"];
const COMPARE: &[&str] = &["less", "equal", "greater"];

macro_rules! asks {
    ($( ($x:literal, $y:literal) ),* $(,)?) => {
        &[
            ("lamport-next", COUNTS),
            ("hlc-next-c", COUNTS),
            ("hlc-next-rule", HLC_RULES),
            $(
                (concat!("relation-", $x, "-", $y), RELATION),
                (concat!("vector-relation-", $x, "-", $y), VECTOR),
                (concat!("lamport-compare-", $x, "-", $y), COMPARE),
                (
                    concat!("total-order-", $x, "-", $y),
                    &[concat!($x, "-first"), concat!($y, "-first")],
                ),
                (
                    concat!("physical-order-", $x, "-", $y),
                    &[concat!($x, "-first"), concat!($y, "-first"), "tie"],
                ),
                (concat!("lww-", $x, "-", $y), &[$x, $y]),
            )*
        ]
    };
}

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
pub const ASKS: &[(&str, &[&str])] = asks![("a", "b"), ("a", "c"), ("b", "c")];

/// The correct option key and the narration that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub correct: String,
    pub log: String,
}

/// Answers `ask` for scenario `scenario` (a preset name, optionally
/// `name@variant`) after `step` of its edits.
pub fn predict(scenario: &str, step: u32, ask: &str) -> Result<Prediction, String> {
    if !ASKS.iter().any(|(name, _)| *name == ask) {
        return Err(format!("the clocks widget cannot answer `{ask}`"));
    }
    let full = presets::load(scenario)?;
    let total = full.history().len();
    let step = usize::try_from(step).unwrap_or(usize::MAX);
    if step > total {
        return Err(format!(
            "scenario `{scenario}` has only {total} edits, so step {step} does not exist"
        ));
    }
    let mut at = full.clone();
    at.seek(step);
    match ask {
        "lamport-next" | "hlc-next-c" | "hlc-next-rule" => {
            let edit = full.history().get(step).copied().ok_or_else(|| {
                format!("scenario `{scenario}` has no edit after step {step}: it has {total}")
            })?;
            next_event(scenario, step, &at, edit, ask)
        }
        _ => {
            let base = scenario.split('@').next().unwrap_or(scenario);
            let preset = presets::preset(base)
                .ok_or_else(|| format!("scenario `{scenario}` marks no events a, b, c"))?;
            let mut words = ask.rsplitn(3, '-');
            let (y, x, kind) = match (words.next(), words.next(), words.next()) {
                (Some(y), Some(x), Some(kind)) => (y, x, kind),
                _ => return Err(format!("the clocks widget cannot answer `{ask}`")),
            };
            pair(preset, step, &at, kind, x, y)
        }
    }
}

fn next_event(
    scenario: &str,
    step: usize,
    before: &Diagram,
    edit: Edit,
    ask: &str,
) -> Result<Prediction, String> {
    let creates = matches!(
        edit,
        Edit::Local { .. }
            | Edit::Send { .. }
            | Edit::Receive { .. }
            | Edit::Connect { .. }
            | Edit::MoveReceive { .. }
    );
    if !creates {
        return Err(format!(
            "edit {} of `{scenario}` (`{}`) creates no event: {}",
            step + 1,
            edit_code(&edit),
            describe_edit(before, &edit)
        ));
    }
    let mut after = before.clone();
    let id = after
        .apply(edit)
        .map_err(|e| format!("edit {} of `{scenario}`: {e}", step + 1))?
        .ok_or_else(|| format!("edit {} of `{scenario}` names no event", step + 1))?;
    let analysis = after.analyze();
    let stamp = analysis
        .stamp(id)
        .ok_or_else(|| format!("edit {} of `{scenario}` left no event {id}", step + 1))?;
    let correct = match ask {
        "lamport-next" => stamp.lamport.to_string(),
        "hlc-next-c" => stamp.hlc.c.to_string(),
        _ => hlc_case(&analysis, id).name().to_owned(),
    };
    let mut log = vec![format!("Next: {}.", describe_edit(before, &edit))];
    log.extend(explain_event(&analysis, id));
    Ok(Prediction {
        correct,
        log: log.join("\n"),
    })
}

/// Which HLC rule stamped `id`.
pub fn hlc_case(analysis: &Analysis, id: EventId) -> HlcCase {
    let prev = analysis.state_before(id).map_or(Hlc::START, |(_, _, h)| h);
    let msg = match analysis.event(id).map(|e| e.kind) {
        Some(Kind::Receive { from }) => analysis.stamp(from).map(|s| s.hlc),
        _ => None,
    };
    let result = analysis.stamp(id).map_or(Hlc::START, |s| s.hlc);
    HlcCase::of(prev, msg, result)
}

fn resolve(preset: &Preset, step: usize, diagram: &Diagram, mark: &str) -> Result<EventId, String> {
    let id = preset
        .mark(mark)
        .ok_or_else(|| format!("`{}` marks no event {mark}", preset.name))?;
    if diagram.event(id).is_none() {
        return Err(format!(
            "event {mark} ({id}) of `{}` does not exist after step {step}",
            preset.name
        ));
    }
    Ok(id)
}

fn pair(
    preset: &Preset,
    step: usize,
    diagram: &Diagram,
    kind: &str,
    x: &str,
    y: &str,
) -> Result<Prediction, String> {
    let a = resolve(preset, step, diagram, x)?;
    let b = resolve(preset, step, diagram, y)?;
    let analysis = diagram.analyze();
    let missing = || format!("event {x} or {y} has no stamps");
    let (sa, sb) = (
        analysis.stamp(a).ok_or_else(missing)?,
        analysis.stamp(b).ok_or_else(missing)?,
    );
    let first = |o: Ordering| match o {
        Ordering::Less => format!("{x}-first"),
        Ordering::Greater => format!("{y}-first"),
        Ordering::Equal => "tie".to_owned(),
    };
    let mut log = explain_pair(&analysis, a, b);
    let correct = match kind {
        "relation" => analysis
            .relation(a, b)
            .ok_or_else(missing)?
            .name()
            .to_owned(),
        "vector-relation" => analysis
            .vector_order(a, b)
            .ok_or_else(missing)?
            .name()
            .to_owned(),
        "lamport-compare" => match sa.lamport.cmp(&sb.lamport) {
            Ordering::Less => "less",
            Ordering::Equal => "equal",
            Ordering::Greater => "greater",
        }
        .to_owned(),
        "total-order" => {
            let order = analysis.total_order();
            let pa = order.iter().position(|id| *id == a);
            let pb = order.iter().position(|id| *id == b);
            log.push(format!(
                "Total order (Lamport stamp, then process id): {}.",
                order
                    .iter()
                    .map(|id| analysis.label(*id).unwrap_or_else(|| id.to_string()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            first(pa.cmp(&pb))
        }
        "physical-order" => first(sa.physical.cmp(&sb.physical)),
        "lww" => {
            let lww = analysis.lww(a, b).ok_or_else(missing)?;
            let kept = if lww.kept == a { x } else { y };
            log.push(format!(
                "Last-writer-wins keeps {kept}'s write, the larger physical timestamp{}.",
                if lww.dropped_newer {
                    ", and drops a write that happened after it"
                } else if lww.concurrent {
                    ", and silently drops the concurrent other"
                } else {
                    ""
                }
            ));
            kept.to_owned()
        }
        other => return Err(format!("the clocks widget cannot answer `{other}-{x}-{y}`")),
    };
    Ok(Prediction {
        correct,
        log: log.join("\n"),
    })
}
