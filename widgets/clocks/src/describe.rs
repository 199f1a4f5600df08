//! Plain-language narration: what an edit does, and how each clock arrived
//! at an event's stamp. The widget's event log and the quiz explanations
//! are these sentences.

use crate::analysis::{Analysis, Relation};
use crate::diagram::{Diagram, EventId, Kind, process_name};
use crate::edit::Edit;
use crate::hlc::{Hlc, HlcCase};
use crate::vector::{self, VectorOrder};

fn name_in(diagram: &Diagram, id: EventId) -> String {
    match diagram.label(id) {
        Some(label) => format!("{label} ({id})"),
        None => id.to_string(),
    }
}

fn name(analysis: &Analysis, id: EventId) -> String {
    match analysis.label(id) {
        Some(label) => format!("{label} ({id})"),
        None => id.to_string(),
    }
}

/// One sentence saying what `edit` does to `diagram` (the diagram before
/// the edit is applied).
pub fn describe_edit(diagram: &Diagram, edit: &Edit) -> String {
    let time_of = |id: EventId| {
        diagram
            .event(id)
            .map_or(String::from("?"), |e| e.time.to_string())
    };
    match *edit {
        Edit::Local { process, time } => {
            format!("{} does a local step at {time} ms", process_name(process))
        }
        Edit::Send { process, time } => {
            format!("{} sends a message at {time} ms", process_name(process))
        }
        Edit::Receive {
            from,
            process,
            time,
        } => format!(
            "{} receives, at {time} ms, the message {} sent at {} ms",
            process_name(process),
            name_in(diagram, from),
            time_of(from)
        ),
        Edit::Connect { from, to } => format!(
            "the message sent by {} now arrives at {}",
            name_in(diagram, from),
            name_in(diagram, to)
        ),
        Edit::MoveReceive {
            from,
            process,
            time,
        } => format!(
            "the message sent by {} now arrives at {} at {time} ms",
            name_in(diagram, from),
            process_name(process)
        ),
        Edit::Delete { event } => format!("{} is deleted", name_in(diagram, event)),
        Edit::Skew { process, skew } => match skew {
            0 => format!("{}'s clock is set exactly", process_name(process)),
            s if s > 0 => format!("{}'s clock is set {s} ms fast", process_name(process)),
            s => format!("{}'s clock is set {} ms slow", process_name(process), -s),
        },
        Edit::Drift { process, ppm } => match ppm {
            0 => format!("{}'s clock stops drifting", process_name(process)),
            d if d > 0 => format!(
                "{}'s clock runs fast by {d} ppm ({} ms per second)",
                process_name(process),
                d / 1000
            ),
            d => format!(
                "{}'s clock runs slow by {} ppm ({} ms per second)",
                process_name(process),
                -d,
                -d / 1000
            ),
        },
        Edit::AddProcess => format!("a process {} joins", process_name(diagram.process_count())),
        Edit::RemoveProcess { process } => {
            format!(
                "{} leaves with its events and messages",
                process_name(process)
            )
        }
    }
}

fn show_hlc(h: Hlc) -> String {
    h.to_string()
}

/// How each clock stamped `id`, one line per clock. Empty if `id` is not in
/// the diagram.
pub fn explain_event(analysis: &Analysis, id: EventId) -> Vec<String> {
    let (Some(event), Some(stamp), Some((lamport_before, vector_before, hlc_before))) = (
        analysis.event(id),
        analysis.stamp(id),
        analysis.state_before(id),
    ) else {
        return Vec::new();
    };
    let me = process_name(event.process);
    let mut lines = Vec::new();
    let message = match event.kind {
        Kind::Receive { from } => analysis.stamp(from).map(|s| (from, s)),
        _ => None,
    };
    let what = match (event.kind, message) {
        (Kind::Local, _) => "a local step".to_owned(),
        (Kind::Send { .. }, _) => "a send".to_owned(),
        (Kind::Receive { .. }, Some((from, _))) => {
            format!(
                "the receipt of the message sent by {}",
                name(analysis, from)
            )
        }
        (Kind::Receive { .. }, None) => "a receipt".to_owned(),
    };
    lines.push(format!(
        "{} is {what}, at real time {} ms; {me}'s clock reads {} ms.",
        name(analysis, id),
        event.time,
        stamp.physical
    ));
    match message {
        Some((_, m)) => {
            let plus = if stamp.lamport > lamport_before.max(m.lamport) {
                " + 1"
            } else {
                " (no + 1: the seeds' broken rule)"
            };
            lines.push(format!(
                "Lamport: max({lamport_before}, {}){plus} = {}.",
                m.lamport, stamp.lamport
            ));
            let mut merged = vector_before.clone();
            vector::vector_merge(&mut merged, &m.vector);
            let tick = if merged == stamp.vector {
                " and no tick of its own entry (a broken rule)".to_owned()
            } else {
                format!(
                    ", then count the receipt in {me}'s entry: {}",
                    vector::show(&stamp.vector)
                )
            };
            lines.push(format!(
                "Vector: entry-wise max of {} and the message's {} is {}{tick}.",
                vector::show(&vector_before),
                vector::show(&m.vector),
                vector::show(&merged)
            ));
            lines.push(explain_hlc(
                hlc_before,
                Some(m.hlc),
                stamp.physical,
                stamp.hlc,
            ));
        }
        None => {
            lines.push(format!(
                "Lamport: {lamport_before} + 1 = {}.",
                stamp.lamport
            ));
            lines.push(format!(
                "Vector: {} with {me}'s own entry counted up: {}.",
                vector::show(&vector_before),
                vector::show(&stamp.vector)
            ));
            lines.push(explain_hlc(hlc_before, None, stamp.physical, stamp.hlc));
        }
    }
    lines
}

fn explain_hlc(prev: Hlc, msg: Option<Hlc>, pt: i64, result: Hlc) -> String {
    let prev_l = if prev == Hlc::START {
        "none yet".to_owned()
    } else {
        prev.l.to_string()
    };
    let candidates = match msg {
        Some(m) => format!(
            "previous l {prev_l}, message's l {}, its own clock {pt}",
            m.l
        ),
        None => format!("previous l {prev_l}, its own clock {pt}"),
    };
    let why = match HlcCase::of(prev, msg, result) {
        HlcCase::Physical => {
            "its own clock is ahead of everything heard of, so c restarts at 0".to_owned()
        }
        HlcCase::Kept => format!(
            "l did not move, so c counts on from the previous {}",
            prev.c
        ),
        HlcCase::Message => format!(
            "l comes from the message, so c counts on from the message's {}",
            msg.map_or(0, |m| m.c)
        ),
        HlcCase::KeptAndMessage => format!(
            "l equals both the previous l and the message's, so c = max({}, {}) + 1",
            prev.c,
            msg.map_or(0, |m| m.c)
        ),
    };
    format!(
        "HLC: l = max({candidates}) = {}; {why}: {}.",
        result.l,
        show_hlc(result)
    )
}

/// How `a` and `b` relate, why, and what each clock says about them.
pub fn explain_pair(analysis: &Analysis, a: EventId, b: EventId) -> Vec<String> {
    let (Some(relation), Some(sa), Some(sb)) = (
        analysis.relation(a, b),
        analysis.stamp(a),
        analysis.stamp(b),
    ) else {
        return Vec::new();
    };
    let (na, nb) = (name(analysis, a), name(analysis, b));
    let path_text = |from: EventId, to: EventId| {
        analysis
            .causal_path(from, to)
            .map_or(String::new(), |path| {
                let names: Vec<String> = path
                    .iter()
                    .map(|id| analysis.label(*id).unwrap_or_else(|| id.to_string()))
                    .collect();
                names.join(" → ")
            })
    };
    let mut lines = vec![match relation {
        Relation::Same => format!("{na} and {nb} are the same event."),
        Relation::Before => format!("{na} happened before {nb}: follow {}.", path_text(a, b)),
        Relation::After => format!("{nb} happened before {na}: follow {}.", path_text(b, a)),
        Relation::Concurrent => format!(
            "{na} and {nb} are concurrent: no chain of process steps and messages leads from either to the other."
        ),
    }];
    lines.push(format!(
        "Lamport stamps {} and {}; vectors {} and {} ({}); HLC {} and {}; physical timestamps {} and {} ms.",
        sa.lamport,
        sb.lamport,
        vector::show(&sa.vector),
        vector::show(&sb.vector),
        match vector::compare(&sa.vector, &sb.vector) {
            VectorOrder::Equal => "equal",
            VectorOrder::Before => "the first is smaller",
            VectorOrder::After => "the second is smaller",
            VectorOrder::Concurrent => "neither is smaller",
        },
        show_hlc(sa.hlc),
        show_hlc(sb.hlc),
        sa.physical,
        sb.physical
    ));
    lines
}
