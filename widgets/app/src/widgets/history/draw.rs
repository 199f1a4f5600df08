//! The timeline: one lane per client, a bar per operation from invocation
//! to completion, the linearization points the checker found, and the
//! operations of a violation outlined. Drags become `Edit::Move`s; the
//! model decides whether they are allowed.

use std::rc::Rc;

use dsw_history::Outcome;
use dsw_history::{Action, Edit, Op, OpId, Timeline, Verdicts};
use yew::prelude::*;

const VIEW_W: f64 = 640.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 26.0;
const GAP: f64 = 50.0;
const BAR_H: f64 = 24.0;
/// Pointer travel (view units) below which a press is a click.
const DRAG_MIN: f64 = 5.0;
/// How close to a bar's end (view units) a press grabs that end.
const END_GRAB: f64 = 8.0;

/// The text on a bar: what the operation did.
pub fn bar_text(op: &Op) -> String {
    let body = match op.action {
        Action::Write(v) => format!("w {v}"),
        Action::Read => match op.result {
            Some(v) => format!("r → {v}"),
            None => "r → ?".to_owned(),
        },
        Action::Cas { from, to } => format!("cas {from}→{to}"),
    };
    match op.outcome {
        Outcome::Ok => body,
        Outcome::Fail => format!("{body} ✗"),
        Outcome::Unknown => format!("{body} ?"),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Grab {
    Start,
    End,
    Whole,
}

#[derive(Clone, Copy, PartialEq)]
struct Drag {
    op: OpId,
    grab: Grab,
    start_x: f64,
    now_x: f64,
}

/// What a bar becomes if the drag ends here, in ticks.
fn dragged(op: &Op, d: &Drag, ticks_per_unit: f64) -> (u32, Option<u32>) {
    let delta = ((d.now_x - d.start_x) * ticks_per_unit).round() as i64;
    let shift = |t: u32| (i64::from(t) + delta).max(0) as u32;
    match d.grab {
        Grab::Whole => (shift(op.invoke), op.complete.map(shift)),
        Grab::Start => (shift(op.invoke), op.complete),
        Grab::End => (op.invoke, op.complete.map(shift)),
    }
}

/// The kind of click on a lane: which tool adds what.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AddTool {
    Select,
    Write,
    Read,
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub timeline: Rc<Timeline>,
    pub verdicts: Option<Rc<Verdicts>>,
    /// The operations to outline as a violation.
    pub violating: Vec<OpId>,
    pub selected: Option<OpId>,
    pub tool: AddTool,
    pub on_edit: Callback<Edit>,
    pub on_select: Callback<Option<OpId>>,
    #[prop_or_default]
    pub frozen: bool,
}

#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineProps) -> Html {
    let svg_ref = use_node_ref();
    let drag = use_mut_ref(|| None::<Drag>);
    let shown = use_state(|| None::<Drag>);
    let timeline = &props.timeline;
    let lanes = timeline.clients();
    // A little room after the last event, so a bar can be dragged later.
    let span = f64::from(timeline.span().max(8)) + 2.0;
    let x_of = move |t: f64| LEFT + t * (VIEW_W - LEFT - RIGHT) / span;
    let ticks_per_unit = span / (VIEW_W - LEFT - RIGHT);
    let y_of = |lane: usize| TOP + lane as f64 * GAP;
    let height = TOP + lanes as f64 * GAP + 10.0;
    let open_end = x_of(span) - 2.0;

    let view_x = {
        let svg_ref = svg_ref.clone();
        move |e: &MouseEvent| -> Option<f64> {
            let svg = svg_ref.cast::<web_sys::Element>()?;
            let rect = svg.get_bounding_client_rect();
            (rect.width() > 0.0)
                .then(|| (f64::from(e.client_x()) - rect.left()) * VIEW_W / rect.width())
        }
    };

    let onpointermove = {
        let drag = drag.clone();
        let shown = shown.clone();
        let view_x = view_x.clone();
        Callback::from(move |e: PointerEvent| {
            let current = *drag.borrow();
            if current.is_some() && e.buttons() == 0 {
                drag.borrow_mut().take();
                shown.set(None);
                return;
            }
            if let (Some(d), Some(x)) = (current, view_x(&e)) {
                let moved = Drag { now_x: x, ..d };
                *drag.borrow_mut() = Some(moved);
                if (x - d.start_x).abs() >= DRAG_MIN {
                    shown.set(Some(moved));
                }
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        let shown = shown.clone();
        let view_x = view_x.clone();
        let timeline = timeline.clone();
        let on_edit = props.on_edit.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(mut d) = drag.borrow_mut().take() else {
                return;
            };
            shown.set(None);
            if let Some(x) = view_x(&e) {
                d.now_x = x;
            }
            let Some(op) = timeline.op(d.op) else {
                return;
            };
            if (d.now_x - d.start_x).abs() < DRAG_MIN {
                on_select.emit(Some(d.op));
                return;
            }
            let (invoke, complete) = dragged(op, &d, ticks_per_unit);
            on_edit.emit(Edit::Move {
                op: d.op,
                invoke,
                complete,
            });
        })
    };

    let lane_rows = (0..lanes).map(|lane| {
        let y = y_of(lane);
        let onclick = (!props.frozen).then(|| {
            let view_x = view_x.clone();
            let on_edit = props.on_edit.clone();
            let on_select = props.on_select.clone();
            let tool = props.tool;
            Callback::from(move |e: MouseEvent| {
                let Some(x) = view_x(&e) else {
                    return;
                };
                let at = ((x - LEFT) * ticks_per_unit).round().max(0.0) as u32;
                let (action, result) = match tool {
                    AddTool::Select => {
                        on_select.emit(None);
                        return;
                    }
                    // A fresh value keeps reads informative: the model
                    // accepts any, and the reader can edit it.
                    AddTool::Write => (Action::Write(1), None),
                    AddTool::Read => (Action::Read, Some(dsw_history::Val::Nil)),
                };
                on_edit.emit(Edit::Add {
                    client: lane,
                    action,
                    result,
                    invoke: at,
                    complete: Some(at + 2),
                    outcome: Outcome::Ok,
                });
            })
        });
        html! {
            <g class="dsw-h-lane" {onclick}>
                <rect class="dsw-lane-hit" x={LEFT.to_string()} y={(y - GAP / 2.0 + 4.0).to_string()}
                    width={(VIEW_W - LEFT - RIGHT).to_string()} height={(GAP - 8.0).to_string()} />
                <line class="dsw-lane-line" x1={LEFT.to_string()} y1={y.to_string()} x2={(VIEW_W - RIGHT).to_string()} y2={y.to_string()} />
                <text class="dsw-lane-name" x="4" y={(y + 4.0).to_string()}>{ format!("client {lane}") }</text>
            </g>
        }
    });

    let violating = &props.violating;
    let bars = timeline.ops().iter().map(|op| {
        let ghost = shown.as_ref().filter(|d| d.op == op.id);
        let (invoke, complete) = ghost.map_or((op.invoke, op.complete), |d| dragged(op, d, ticks_per_unit));
        let y = y_of(op.client);
        let x1 = x_of(f64::from(invoke));
        let x2 = complete.map_or(open_end, |c| x_of(f64::from(c)));
        let mut class = classes!("dsw-h-op");
        class.push(match op.outcome {
            Outcome::Ok => "dsw-h-ok",
            Outcome::Fail => "dsw-h-fail",
            Outcome::Unknown => "dsw-h-unknown",
        });
        if complete.is_none() {
            class.push("dsw-h-open");
        }
        if violating.contains(&op.id) {
            class.push("dsw-h-violating");
        }
        if props.selected == Some(op.id) {
            class.push("dsw-h-selected");
        }
        if ghost.is_some() {
            class.push("dsw-h-dragging");
        }
        let name = timeline.name(op.id).unwrap_or_default();
        let text = bar_text(op);
        let label = format!(
            "{name}: client {} {text}, from {} to {}",
            op.client,
            op.invoke,
            op.complete.map_or("never".to_owned(), |c| c.to_string())
        );
        let onpointerdown = (!props.frozen).then(|| {
            let drag = drag.clone();
            let view_x = view_x.clone();
            let id = op.id;
            Callback::from(move |e: PointerEvent| {
                let Some(x) = view_x(&e) else {
                    return;
                };
                let grab = if (x - x1).abs() <= END_GRAB {
                    Grab::Start
                } else if complete.is_some() && (x - x2).abs() <= END_GRAB {
                    Grab::End
                } else {
                    Grab::Whole
                };
                *drag.borrow_mut() = Some(Drag {
                    op: id,
                    grab,
                    start_x: x,
                    now_x: x,
                });
            })
        });
        let onkeydown = (!props.frozen).then(|| {
            let on_select = props.on_select.clone();
            let id = op.id;
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    e.stop_propagation();
                    on_select.emit(Some(id));
                }
            })
        });
        html! {
            <g {class} tabindex={(!props.frozen).then_some("0")} role="button" aria-label={label.clone()}
                data-op={name.clone()} {onpointerdown} {onkeydown}>
                <title>{ label }</title>
                <rect x={x1.to_string()} y={(y - BAR_H / 2.0).to_string()} width={(x2 - x1).max(4.0).to_string()}
                    height={BAR_H.to_string()} rx="4" />
                // Too narrow to read: the title (a tooltip) still says it.
                if x2 - x1 >= 9.0 * (name.len() + text.chars().count() + 1) as f64 * 0.62 {
                    <text class="dsw-h-text" x={((x1 + x2) / 2.0).to_string()} y={(y + 4.0).to_string()} text-anchor="middle">
                        { format!("{name} {text}") }
                    </text>
                }
            </g>
        }
    });

    // The linearization: a point inside each bar, joined in order.
    let points: Vec<(f64, f64)> = props
        .verdicts
        .as_ref()
        .map(|v| {
            v.points
                .iter()
                .filter_map(|p| {
                    let op = timeline.op(p.op)?;
                    Some((x_of(p.at), y_of(op.client)))
                })
                .collect()
        })
        .unwrap_or_default();
    let path = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let show_points = shown.is_none() && !props.frozen;

    html! {
        <div class="dsw-h-scroll">
            <svg class="dsw-canvas dsw-h-canvas" ref={svg_ref} viewBox={format!("0 0 {VIEW_W} {height}")}
                role="img" aria-label="The history: one lane per client, a bar per operation from invocation to completion"
                data-span={span.to_string()} {onpointermove} {onpointerup}>
                { for lane_rows }
                { for bars }
                // In a crowd the joining line is noise; the dots stay.
                if show_points && points.len() > 1 && points.len() <= 40 {
                    <polyline class="dsw-h-order" points={path} />
                }
                if show_points {
                    { for points.iter().map(|(x, y)| html! {
                        <circle class="dsw-h-point" cx={x.to_string()} cy={y.to_string()} r="4" />
                    }) }
                }
            </svg>
        </div>
    }
}
