//! The space-time diagram: one line per process, real time left to right,
//! message arrows, stamps over the events. Clicks and drags are turned into
//! `Msg`s here; what they mean is decided by the state and the model.

use std::rc::Rc;

use dsw_clocks::{Analysis, EdgeKind, EventId, Kind, MAX_TIME, process_name};
use yew::prelude::*;

use super::state::{ClockState, Msg, Stamps, snap};

const VIEW_W: f64 = 640.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 48.0;
const GAP: f64 = 68.0;
/// A drag shorter than this (in view units) is a click.
const DRAG_MIN: f64 = 6.0;

/// The real time at the right edge: the diagram's latest event plus room to
/// add more, in whole 100 ms, so a preset that lasts 130 ms is not squeezed
/// into an eighth of the width. Adding an event near the edge widens it.
pub fn span_of(latest: i64) -> i64 {
    let room = (latest + latest / 3 + 40).max(200);
    ((room + 99) / 100 * 100).min(MAX_TIME)
}

fn x_of(time: i64, span: i64) -> f64 {
    LEFT + time as f64 * (VIEW_W - LEFT - RIGHT) / span as f64
}

fn time_of(x: f64, span: i64) -> f64 {
    (x - LEFT) * span as f64 / (VIEW_W - LEFT - RIGHT)
}

fn y_of(process: usize) -> f64 {
    TOP + process as f64 * GAP
}

fn view_h(processes: usize) -> f64 {
    TOP + processes.saturating_sub(1) as f64 * GAP + 46.0
}

/// The stamp written over an event in the chosen clock.
pub fn stamp_text(analysis: &Analysis, id: EventId, stamps: Stamps) -> String {
    let Some(s) = analysis.stamp(id) else {
        return String::new();
    };
    match stamps {
        Stamps::Lamport => s.lamport.to_string(),
        Stamps::Vector => dsw_clocks::vector::show(&s.vector),
        Stamps::Hlc => format!("{},{}", s.hlc.l, s.hlc.c),
        Stamps::Physical => s.physical.to_string(),
    }
}

/// A drag in progress: from which event, and where the pointer is now.
#[derive(Clone, Copy, PartialEq)]
struct Drag {
    from: EventId,
    start: (f64, f64),
    now: (f64, f64),
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub state: Rc<ClockState>,
    pub analysis: Rc<Analysis>,
    pub on: Callback<Msg>,
    /// A frozen diagram (in a quiz question) only draws.
    #[prop_or_default]
    pub frozen: bool,
}

#[function_component(DiagramView)]
pub fn diagram_view(props: &DiagramProps) -> Html {
    let svg_ref = use_node_ref();
    // The drag lives in a cell, not in state: the pointer-up handler of the
    // render before the pointer went down must still see it. `shown` only
    // redraws the rubber band.
    let drag = use_mut_ref(|| None::<Drag>);
    let shown = use_state(|| None::<Drag>);
    let state = &props.state;
    let analysis = &props.analysis;
    let diagram = &state.diagram;
    let n = diagram.process_count();
    let height = view_h(n);
    let span = span_of(diagram.events().iter().map(|e| e.time).max().unwrap_or(0));
    let x_of = |t: i64| x_of(t, span);
    let time_of = move |x: f64| time_of(x, span);

    // Pointer position in view units, from the svg's size on screen.
    let to_view = {
        let svg_ref = svg_ref.clone();
        move |e: &MouseEvent| -> Option<(f64, f64)> {
            let svg = svg_ref.cast::<web_sys::Element>()?;
            let rect = svg.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return None;
            }
            let scale = VIEW_W / rect.width();
            Some((
                (f64::from(e.client_x()) - rect.left()) * scale,
                (f64::from(e.client_y()) - rect.top()) * scale,
            ))
        }
    };
    let lane_at = move |y: f64| -> usize {
        let p = ((y - TOP) / GAP).round();
        (p.max(0.0) as usize).min(n.saturating_sub(1))
    };
    // The event drawn nearest a point, if the point is on it.
    let event_at = {
        let events: Vec<(EventId, f64, f64)> = diagram
            .events()
            .iter()
            .map(|e| (e.id, x_of(e.time), y_of(e.process)))
            .collect();
        move |(x, y): (f64, f64)| -> Option<EventId> {
            events
                .iter()
                .map(|(id, ex, ey)| (*id, (ex - x).hypot(ey - y)))
                .filter(|(_, d)| *d <= 11.0)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(id, _)| id)
        }
    };

    let onpointermove = {
        let drag = drag.clone();
        let shown = shown.clone();
        let to_view = to_view.clone();
        Callback::from(move |e: PointerEvent| {
            let current = *drag.borrow();
            // Released outside the diagram: the drag is over, with no drop.
            // (Not `pointerleave`: Yew delegates it from every child.)
            if current.is_some() && e.buttons() == 0 {
                drag.borrow_mut().take();
                shown.set(None);
                return;
            }
            if let (Some(d), Some(now)) = (current, to_view(&e)) {
                let moved = Drag { now, ..d };
                *drag.borrow_mut() = Some(moved);
                shown.set(Some(moved));
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        let shown = shown.clone();
        let on = props.on.clone();
        let to_view = to_view.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(d) = drag.borrow_mut().take() else {
                return;
            };
            shown.set(None);
            let at = to_view(&e).unwrap_or(d.now);
            let moved = (at.0 - d.start.0).hypot(at.1 - d.start.1);
            if moved < DRAG_MIN {
                on.emit(Msg::Event(d.from));
            } else {
                on.emit(Msg::Drop {
                    from: d.from,
                    process: lane_at(at.1),
                    time: snap(time_of(at.0)),
                    onto: event_at(at),
                });
            }
        })
    };

    // What to highlight: the picked events, the causal path between them,
    // and the events concurrent with a lone pick.
    let picked = &state.picked;
    let path: Vec<EventId> = match picked.as_slice() {
        [a, b] => analysis
            .causal_path(*a, *b)
            .or_else(|| analysis.causal_path(*b, *a))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let concurrent: Vec<EventId> = match picked.as_slice() {
        [a] => analysis.concurrent_with(*a),
        [a, b] if analysis.relation(*a, *b) == Some(dsw_clocks::Relation::Concurrent) => {
            vec![*a, *b]
        }
        _ => Vec::new(),
    };
    let on_path_edge = |a: EventId, b: EventId| {
        path.windows(2)
            .any(|w| (w[0] == a && w[1] == b) || (w[0] == b && w[1] == a))
    };

    let lanes = (0..n).map(|p| {
        let y = y_of(p);
        let clock = diagram.clock(p).unwrap_or_default();
        let clock_note = match (clock.skew, clock.drift_ppm) {
            (0, 0) => String::new(),
            (s, 0) => format!("clock {s:+} ms"),
            (0, d) => format!("clock {:+}%", d as f64 / 10_000.0),
            (s, d) => format!("clock {s:+} ms, {:+}%", d as f64 / 10_000.0),
        };
        let onclick = (!props.frozen).then(|| {
            let on = props.on.clone();
            let to_view = to_view.clone();
            Callback::from(move |e: MouseEvent| {
                if let Some((x, _)) = to_view(&e) {
                    on.emit(Msg::Lane {
                        process: p,
                        time: snap(time_of(x)),
                    });
                }
            })
        });
        html! {
            <g class="dsw-clock-lane" {onclick}>
                <rect class="dsw-lane-hit" x={LEFT.to_string()} y={(y - GAP / 2.0).to_string()}
                    width={(VIEW_W - LEFT - RIGHT + 10.0).to_string()} height={GAP.to_string()} />
                <line class="dsw-lane-line" x1={LEFT.to_string()} y1={y.to_string()} x2={(VIEW_W - RIGHT + 8.0).to_string()} y2={y.to_string()} />
                <text class="dsw-lane-name" x="6" y={(y + 4.0).to_string()}>{ process_name(p) }</text>
                if !clock_note.is_empty() {
                    <text class="dsw-clock-note" x="6" y={(y + 18.0).to_string()}>{ clock_note }</text>
                }
            </g>
        }
    });

    // Lane segments of the causal path (process edges).
    let path_segments = path.windows(2).filter_map(|w| {
        if analysis.edge(w[0], w[1]) != Some(EdgeKind::Process) {
            return None;
        }
        let (a, b) = (diagram.event(w[0])?, diagram.event(w[1])?);
        let y = y_of(a.process);
        Some(html! {
            <line class="dsw-path-segment" x1={x_of(a.time).to_string()} y1={y.to_string()} x2={x_of(b.time).to_string()} y2={y.to_string()} />
        })
    });

    let arrows = diagram.events().iter().filter_map(|e| {
        let Kind::Send { to } = e.kind else {
            return None;
        };
        let (x1, y1) = (x_of(e.time), y_of(e.process));
        match to.and_then(|r| diagram.event(r)) {
            Some(r) => {
                let (x2, y2) = (x_of(r.time), y_of(r.process));
                let inverted = match (analysis.stamp(e.id), analysis.stamp(r.id)) {
                    (Some(a), Some(b)) => a.physical > b.physical,
                    _ => false,
                };
                let mut class = classes!("dsw-clock-msg");
                if on_path_edge(e.id, r.id) {
                    class.push("dsw-on-path");
                }
                if inverted && state.stamps == Stamps::Physical {
                    class.push("dsw-inverted");
                }
                Some(html! {
                    <g {class}>
                        <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
                        <polygon class="dsw-head" points={head(x1, y1, x2, y2)} />
                    </g>
                })
            }
            None => {
                // In flight: a dashed stub towards nowhere yet.
                let (x2, y2) = (x1 + 34.0, y1 + if e.process + 1 < n { 22.0 } else { -22.0 });
                let mut class = classes!("dsw-clock-msg", "dsw-inflight");
                if state.pending == Some(e.id) {
                    class.push("dsw-pending");
                }
                Some(html! {
                    <g {class}>
                        <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
                        <text class="dsw-inflight-q" x={(x2 + 2.0).to_string()} y={(y2 + 4.0).to_string()}>{ "?" }</text>
                    </g>
                })
            }
        }
    });

    // A stamp goes under its event when the previous event on the same line
    // is too close and wrote its own stamp above, so neighbours alternate.
    let mut below = vec![false; diagram.events().len()];
    let mut last_on: Vec<Option<(f64, bool)>> = vec![None; n];
    for (i, e) in diagram.events().iter().enumerate() {
        let x = x_of(e.time);
        if let Some(Some((px, pb))) = last_on.get(e.process) {
            below[i] = x - px < 64.0 && !pb;
        }
        if let Some(slot) = last_on.get_mut(e.process) {
            *slot = Some((x, below[i]));
        }
    }
    let events = diagram.events().iter().enumerate().map(|(i, e)| {
        let (x, y) = (x_of(e.time), y_of(e.process));
        let mut class = classes!(
            "dsw-clock-event",
            match e.kind {
                Kind::Local => "dsw-local",
                Kind::Send { .. } => "dsw-send",
                Kind::Receive { .. } => "dsw-receive",
            }
        );
        if picked.contains(&e.id) {
            class.push("dsw-picked");
        }
        if path.contains(&e.id) {
            class.push("dsw-on-path");
        }
        if concurrent.contains(&e.id) {
            class.push("dsw-concurrent");
        }
        if state.pending == Some(e.id) {
            class.push("dsw-pending");
        }
        let below = below[i];
        let label_y = if below { y + 24.0 } else { y - 12.0 };
        let label = diagram.label(e.id).unwrap_or_default();
        let mark = state.mark(e.id);
        let stamp = stamp_text(analysis, e.id, state.stamps);
        let title = format!(
            "{label} ({}) at real time {} ms, stamp {stamp}",
            e.id, e.time
        );
        let onpointerdown = (!props.frozen).then(|| {
            let drag = drag.clone();
            let to_view = to_view.clone();
            let id = e.id;
            Callback::from(move |ev: PointerEvent| {
                if let Some(at) = to_view(&ev) {
                    *drag.borrow_mut() = Some(Drag {
                        from: id,
                        start: at,
                        now: at,
                    });
                }
            })
        });
        let onkeydown = (!props.frozen).then(|| {
            let on = props.on.clone();
            let id = e.id;
            Callback::from(move |ev: KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    ev.stop_propagation();
                    on.emit(Msg::Event(id));
                }
            })
        });
        html! {
            <g {class} tabindex={(!props.frozen).then_some("0")} role="button" aria-label={title.clone()}
                data-event={e.id.0.to_string()} {onpointerdown} {onkeydown}>
                <title>{ title }</title>
                <circle cx={x.to_string()} cy={y.to_string()} r="7" />
                <text class="dsw-stamp" x={x.to_string()} y={label_y.to_string()} text-anchor="middle">{ stamp }</text>
                if let Some(m) = mark {
                    <text class="dsw-clock-mark" x={(x + 9.0).to_string()} y={(y + if below { -8.0 } else { 17.0 }).to_string()}>{ m }</text>
                }
            </g>
        }
    });

    let rubber = shown.as_ref().and_then(|d| {
        let e = diagram.event(d.from)?;
        Some(html! {
            <line class="dsw-rubber" x1={x_of(e.time).to_string()} y1={y_of(e.process).to_string()}
                x2={d.now.0.to_string()} y2={d.now.1.to_string()} />
        })
    });

    let axis_y = height - 14.0;
    let step = if span <= 300 {
        50
    } else if span <= 600 {
        100
    } else {
        200
    };
    let ticks = (0..=span).step_by(step as usize).map(|t| {
        html! {
            <text class="dsw-axis" x={x_of(t).to_string()} y={axis_y.to_string()} text-anchor="middle">{ t }</text>
        }
    });

    html! {
        <div class="dsw-clocks-scroll">
        <svg class="dsw-canvas dsw-clocks-canvas" ref={svg_ref} viewBox={format!("0 0 {VIEW_W} {height}")} data-span={span.to_string()}
            role="img" aria-label="Space-time diagram: one line per process, real time to the right"
            {onpointermove} {onpointerup}>
            <text class="dsw-axis" x="6" y={axis_y.to_string()}>{ "real ms" }</text>
            { for ticks }
            { for lanes }
            { for path_segments }
            { for arrows }
            { for events }
            { for rubber }
        </svg>
        </div>
    }
}

/// An arrowhead at (x2, y2) pointing along the line from (x1, y1), stopping
/// at the event circle's edge.
fn head(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = dx.hypot(dy).max(1e-6);
    let (ux, uy) = (dx / len, dy / len);
    let (tx, ty) = (x2 - ux * 8.0, y2 - uy * 8.0);
    let (bx, by) = (tx - ux * 9.0, ty - uy * 9.0);
    let (px, py) = (-uy * 4.5, ux * 4.5);
    format!(
        "{tx:.1},{ty:.1} {:.1},{:.1} {:.1},{:.1}",
        bx + px,
        by + py,
        bx - px,
        by - py
    )
}
