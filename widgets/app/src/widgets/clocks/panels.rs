//! Everything under the diagram: what the picked events mean, each
//! process's clock error, the inversions physical time causes, and every
//! stamp in a table (the readable form on a narrow screen).

use std::rc::Rc;

use dsw_clocks::{
    Analysis, Diagram, Edit, EventId, MAX_DRIFT_PPM, MAX_PROCESSES, MAX_SKEW, MIN_PROCESSES,
    explain_event, explain_pair, process_name,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::{ClockState, Msg};

fn name(analysis: &Analysis, id: EventId) -> String {
    analysis.label(id).unwrap_or_else(|| id.to_string())
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub state: Rc<ClockState>,
    pub analysis: Rc<Analysis>,
    pub on: Callback<Msg>,
}

/// The explanation of the picked event or pair.
#[function_component(Explanation)]
pub fn explanation(props: &PanelProps) -> Html {
    let analysis = &props.analysis;
    let (lines, extra): (Vec<String>, Option<String>) = match props.state.picked.as_slice() {
        [] => (
            vec![
                "Pick an event to see how each clock stamped it; pick two to see whether one happened before the other, with the causal path drawn."
                    .to_owned(),
            ],
            None,
        ),
        [a] => {
            let mut lines = explain_event(analysis, *a);
            let concurrent: Vec<String> = analysis
                .concurrent_with(*a)
                .into_iter()
                .map(|c| name(analysis, c))
                .collect();
            lines.push(if concurrent.is_empty() {
                format!(
                    "Every other event is ordered with {} by happened-before.",
                    name(analysis, *a)
                )
            } else {
                format!(
                    "Concurrent with {} (drawn dashed): {}.",
                    name(analysis, *a),
                    concurrent.join(", ")
                )
            });
            (lines, None)
        }
        [a, b, ..] => {
            let lines = explain_pair(analysis, *a, *b);
            let lww = analysis.lww(*a, *b).map(|l| {
                let why = if l.dropped_newer {
                    " although it happened after the kept write: a newer write lost to clock skew"
                } else if l.concurrent {
                    ": the writes are concurrent, and a version vector would have kept both"
                } else {
                    ", which is also the older write, so nothing is lost"
                };
                format!(
                    "If both were writes of one key, last-writer-wins (physical timestamps) would keep {} and drop {}{why}.",
                    name(analysis, l.kept),
                    name(analysis, l.dropped)
                )
            });
            (lines, lww)
        }
    };
    html! {
        <div class="dsw-view dsw-clock-explain" aria-live="polite">
            { for lines.into_iter().map(|l| html! { <p>{ l }</p> }) }
            if let Some(x) = extra { <p>{ x }</p> }
        </div>
    }
}

/// One row per process: its clock's skew and drift, editable.
#[function_component(ClockTable)]
pub fn clock_table(props: &PanelProps) -> Html {
    let diagram: &Diagram = &props.state.diagram;
    let n = diagram.process_count();
    let number = |process: usize, make: fn(usize, i64) -> Edit| {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<f64>() {
                Ok(v) if v.is_finite() => on.emit(Msg::Edit(make(process, v.round() as i64))),
                _ => on.emit(Msg::Notice(Some(format!(
                    "`{}` is not a number.",
                    input.value()
                )))),
            }
        })
    };
    let rows = (0..n).map(|p| {
        let clock = diagram.clock(p).unwrap_or_default();
        let remove = {
            let on = props.on.clone();
            Callback::from(move |_: MouseEvent| {
                on.emit(Msg::Edit(Edit::RemoveProcess { process: p }))
            })
        };
        let pname = process_name(p);
        html! {
            <tr>
                <th scope="row">{ pname.clone() }</th>
                <td><input class="dsw-num" type="number" step="5" min={(-MAX_SKEW).to_string()} max={MAX_SKEW.to_string()}
                    value={clock.skew.to_string()} aria-label={format!("{pname} clock skew in ms")}
                    onchange={number(p, |process, skew| Edit::Skew { process, skew })} /></td>
                <td><input class="dsw-num" type="number" step="10000" min={(-MAX_DRIFT_PPM).to_string()} max={MAX_DRIFT_PPM.to_string()}
                    value={clock.drift_ppm.to_string()} aria-label={format!("{pname} clock drift in ppm")}
                    onchange={number(p, |process, ppm| Edit::Drift { process, ppm })} /></td>
                <td><button class="dsw-btn dsw-small" disabled={n <= MIN_PROCESSES} onclick={remove}
                    aria-label={format!("Remove {pname}")}>{ "Remove" }</button></td>
            </tr>
        }
    });
    let add = {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Msg::Edit(Edit::AddProcess)))
    };
    html! {
        <div class="dsw-table-wrap">
            <table class="dsw-node-table dsw-clock-table">
                <caption>{ "Physical clocks: skew a clock (ms ahead, negative = behind) or make it drift (ppm)" }</caption>
                <thead><tr><th>{ "Process" }</th><th>{ "Skew (ms)" }</th><th>{ "Drift (ppm)" }</th><th></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <button class="dsw-btn" disabled={n >= MAX_PROCESSES} onclick={add}>{ "Add a process" }</button>
        </div>
    }
}

/// Where physical timestamps contradict happened-before, and the orders
/// each clock gives.
#[function_component(Orders)]
pub fn orders(props: &PanelProps) -> Html {
    let analysis = &props.analysis;
    let inversions = analysis.inversions();
    let show = |ids: Vec<EventId>| {
        ids.into_iter()
            .map(|id| name(analysis, id))
            .collect::<Vec<_>>()
            .join(" < ")
    };
    html! {
        <div class="dsw-clock-orders">
            if inversions.is_empty() {
                <p class="dsw-holds">{ "Physical timestamps agree with happened-before here: no effect is stamped before its cause." }</p>
            } else {
                <p class="dsw-broken">{ format!(
                    "Physical timestamps contradict causality in {} pair{} (an effect stamped before its cause):",
                    inversions.len(), if inversions.len() == 1 { "" } else { "s" }
                ) }</p>
                <ul class="dsw-inversions">
                    { for inversions.iter().take(8).map(|inv| html! {
                        <li>{ format!(
                            "{} → {}, yet {} ms > {} ms",
                            name(analysis, inv.earlier), name(analysis, inv.later),
                            inv.earlier_reading, inv.later_reading
                        ) }</li>
                    }) }
                    if inversions.len() > 8 { <li>{ format!("and {} more", inversions.len() - 8) }</li> }
                </ul>
            }
            <p>{ "Lamport total order (ties broken by process id): " }{ show(analysis.total_order()) }</p>
            <p>{ "HLC order: " }{ show(analysis.hlc_order()) }</p>
        </div>
    }
}

/// Every event with every stamp.
#[function_component(StampTable)]
pub fn stamp_table(props: &PanelProps) -> Html {
    let analysis = &props.analysis;
    let state = &props.state;
    let rows = analysis.events().iter().filter_map(|e| {
        let s = analysis.stamp(e.id)?;
        let mark = state
            .mark(e.id)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        Some(html! {
            <tr class={classes!(state.picked.contains(&e.id).then_some("dsw-picked-row"))}>
                <th scope="row">{ format!("{}{mark}", name(analysis, e.id)) }</th>
                <td>{ e.time }</td>
                <td>{ s.physical }</td>
                <td>{ s.lamport }</td>
                <td>{ dsw_clocks::vector::show(&s.vector) }</td>
                <td>{ format!("({}, {})", s.hlc.l, s.hlc.c) }</td>
            </tr>
        })
    });
    html! {
        <details class="dsw-stamp-details">
            <summary>{ "Every stamp, as a table" }</summary>
            <div class="dsw-table-wrap">
                <table class="dsw-node-table">
                    <thead><tr>
                        <th>{ "Event" }</th><th>{ "Real ms" }</th><th>{ "Physical" }</th>
                        <th>{ "Lamport" }</th><th>{ "Vector" }</th><th>{ "HLC (l, c)" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </details>
    }
}
