//! The two pictures of a run: the cluster (nodes, links, messages on their
//! way) and the space-time diagram (one line per node, time to the right,
//! an arrow per message: Lamport's picture).

use std::f64::consts::TAU;
use std::rc::Rc;

use dsw_sim::MsgId;
use yew::prelude::*;

use crate::scene::{Fate, MarkKind, Scene};

#[derive(Properties, PartialEq)]
pub struct SceneProps {
    pub scene: Rc<Scene>,
    #[prop_or_default]
    pub selected: Option<MsgId>,
    /// A node was clicked (crash or restart it).
    #[prop_or_default]
    pub on_node: Callback<usize>,
    /// A message in flight was clicked (select it to drop or delay it).
    #[prop_or_default]
    pub on_message: Callback<MsgId>,
}

const W: f64 = 360.0;
const H: f64 = 200.0;

/// Two nodes stand side by side in a short picture; more form a ring.
fn height(n: usize) -> f64 {
    if n == 2 { 110.0 } else { H }
}

fn node_position(i: usize, n: usize) -> (f64, f64) {
    if n == 2 {
        return (70.0 + 220.0 * i as f64, 45.0);
    }
    let angle = TAU * i as f64 / n as f64 - TAU / 4.0;
    (W / 2.0 + 130.0 * angle.cos(), H / 2.0 + 75.0 * angle.sin())
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// The group a node belongs to under a partition, for colouring.
fn group_of(scene: &Scene, lane: usize) -> Option<usize> {
    scene
        .groups
        .as_ref()?
        .iter()
        .position(|g| g.contains(&lane))
}

/// Nodes and links, with messages in flight placed along their link in
/// proportion to virtual time. Crashed nodes are dashed, paused ones faded,
/// and under a partition the links it cuts are drawn broken.
#[function_component(ClusterView)]
pub fn cluster_view(props: &SceneProps) -> Html {
    let scene = &props.scene;
    let n = scene.lanes.len();
    let mut links = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let (p, q) = (node_position(a, n), node_position(b, n));
            let cut = scene.groups.is_some() && group_of(scene, a) != group_of(scene, b);
            links.push(html! {
                <line class={classes!("dsw-link", cut.then_some("dsw-cut"))}
                    x1={fmt(p.0)} y1={fmt(p.1)} x2={fmt(q.0)} y2={fmt(q.1)} />
            });
        }
    }
    let nodes = scene.lanes.iter().enumerate().map(|(i, lane)| {
        let (x, y) = node_position(i, n);
        let on_node = props.on_node.clone();
        let label = format!(
            "{}: {}{}. Click to {}.",
            lane.name,
            if lane.up { "up" } else { "crashed" },
            if lane.paused { ", paused" } else { "" },
            if lane.up { "crash it" } else { "restart it" }
        );
        let group = group_of(scene, i).map(|g| format!("dsw-group-{}", g % 3));
        html! {
            <g class={classes!("dsw-node", (!lane.up).then_some("dsw-down"), lane.paused.then_some("dsw-paused"), group)}
                role="button" tabindex="0" aria-label={label.clone()}
                onclick={Callback::from(move |_: MouseEvent| on_node.emit(i))}>
                <title>{ label }</title>
                <circle cx={fmt(x)} cy={fmt(y)} r="26" />
                <text class="dsw-node-name" x={fmt(x)} y={fmt(y + 5.0)} text-anchor="middle">{ &lane.name }</text>
                <text class="dsw-node-note" x={fmt(x)} y={fmt(y + 44.0)} text-anchor="middle">
                    { if !lane.up { "crashed" } else if lane.paused { "paused" } else { "" } }
                </text>
            </g>
        }
    });
    let messages = scene.arrows.iter().filter(|a| a.fate == Fate::InFlight).map(|a| {
        let (p, q) = (node_position(a.from, n), node_position(a.to, n));
        // From the sender's rim to the receiver's, so a message just sent
        // or about to arrive does not hide a node's name.
        let f = 0.14 + 0.72 * scene.progress(a);
        let (x, y) = (p.0 + (q.0 - p.0) * f, p.1 + (q.1 - p.1) * f);
        let id = a.id;
        let on_message = props.on_message.clone();
        let selected = props.selected == Some(id);
        let label = format!("{} from {} to {}, in flight. Click to drop or delay it.", a.label, scene.lanes[a.from].name, scene.lanes[a.to].name);
        html! {
            <g class={classes!("dsw-msg", selected.then_some("dsw-selected"))} role="button" tabindex="0"
                aria-label={label.clone()} style={format!("transform: translate({}px, {}px)", fmt(x), fmt(y))}
                onclick={Callback::from(move |_: MouseEvent| on_message.emit(id))}>
                <title>{ label }</title>
                <rect x="-9" y="-7" width="18" height="14" rx="3" />
            </g>
        }
    });
    html! {
        <svg class="dsw-canvas dsw-cluster" viewBox={format!("0 0 {W} {}", height(n))} role="img"
            aria-label={format!("{} nodes at t={}", n, scene.now)}>
            { for links }
            { for nodes }
            { for messages }
        </svg>
    }
}

/// The space-time diagram: a horizontal line per node, time running right,
/// an arrow per message from its sending to its arrival (a cross where it
/// was lost), crashes and timers marked on the lines, and a line at "now".
#[function_component(SpaceTime)]
pub fn space_time(props: &SceneProps) -> Html {
    let scene = &props.scene;
    let lanes = scene.lanes.len().max(1);
    let latest = scene.arrows.iter().map(|a| a.end).max().unwrap_or(0);
    let span = scene.now.max(latest).max(12) as f64 + 2.0;
    let (left, right) = (62.0, 12.0);
    let row = 56.0;
    let height = 24.0 + row * (lanes - 1) as f64 + 30.0;
    let x = |t: u64| left + (W - left - right) * t as f64 / span;
    let y = |lane: usize| 24.0 + row * lane as f64;

    let lines = scene.lanes.iter().enumerate().map(|(i, lane)| html! {
        <g class={classes!("dsw-lane", (!lane.up).then_some("dsw-down"))}>
            <text class="dsw-lane-name" x="4" y={fmt(y(i) + 4.0)}>{ &lane.name }</text>
            <line class="dsw-lane-line" x1={fmt(left)} y1={fmt(y(i))} x2={fmt(W - right)} y2={fmt(y(i))} />
        </g>
    });
    let downtimes = scene.down.iter().map(|(lane, from, to)| html! {
        <line class="dsw-lane-down" x1={fmt(x(*from))} y1={fmt(y(*lane))} x2={fmt(x(*to))} y2={fmt(y(*lane))} />
    });
    let arrows = scene.arrows.iter().map(|a| {
        let (x1, y1) = (x(a.sent), y(a.from));
        let (mut x2, mut y2) = (x(a.end), y(a.to));
        if a.fate == Fate::InFlight {
            let f = scene.progress(a);
            x2 = x1 + (x2 - x1) * f;
            y2 = y1 + (y2 - y1) * f;
        } else if matches!(a.fate, Fate::Dropped | Fate::Lost) {
            // Drawn to the point where it vanished, partway across.
            y2 = y1 + (y2 - y1) * 0.6;
        }
        let id = a.id;
        let on_message = props.on_message.clone();
        let class = match a.fate {
            Fate::InFlight => "dsw-arrow dsw-inflight",
            Fate::Delivered => "dsw-arrow",
            Fate::Dropped | Fate::Lost => "dsw-arrow dsw-lost",
        };
        let selected = props.selected == Some(id);
        let fate = match a.fate {
            Fate::InFlight => "in flight",
            Fate::Delivered => "delivered",
            Fate::Dropped => "dropped",
            Fate::Lost => "lost",
        };
        html! {
            <g class={classes!(class, selected.then_some("dsw-selected"))}
                onclick={Callback::from(move |_: MouseEvent| on_message.emit(id))}>
                <title>{ format!("{}: {fate} (sent t={}, t={})", a.label, a.sent, a.end) }</title>
                <line x1={fmt(x1)} y1={fmt(y1)} x2={fmt(x2)} y2={fmt(y2)} />
                if matches!(a.fate, Fate::Dropped | Fate::Lost) {
                    <text class="dsw-cross" x={fmt(x2)} y={fmt(y2 + 5.0)} text-anchor="middle">{ "✕" }</text>
                } else {
                    <circle class="dsw-head" cx={fmt(x2)} cy={fmt(y2)} r="3.5" />
                }
            </g>
        }
    });
    // Shapes rather than glyphs: symbol fonts differ between machines.
    let marks = scene.marks.iter().map(|m| {
        let (cx, cy) = (x(m.time), m.lane.map_or(height - 24.0, y) - 10.0);
        let shape = match m.kind {
            MarkKind::Crash => html! {
                <path class="dsw-mark-crash" d={format!("M{} {}l8 8m0 -8l-8 8", fmt(cx - 4.0), fmt(cy - 4.0))} />
            },
            MarkKind::Restart => html! { <circle class="dsw-mark-restart" cx={fmt(cx)} cy={fmt(cy)} r="4" /> },
            MarkKind::Timer => html! {
                <g class="dsw-mark-timer">
                    <circle cx={fmt(cx)} cy={fmt(cy)} r="4.5" />
                    <path d={format!("M{} {}v-3m0 3h2.5", fmt(cx), fmt(cy))} />
                </g>
            },
            MarkKind::Request => html! { <circle class="dsw-mark-request" cx={fmt(cx)} cy={fmt(cy)} r="3" /> },
            MarkKind::Output => html! {
                <path class="dsw-mark-output" d={format!("M{} {}l4 4l-4 4l-4 -4z", fmt(cx), fmt(cy - 4.0))} />
            },
            MarkKind::Broken => html! {
                <path class="dsw-mark-broken" d={format!("M{} {}l5 9h-10z", fmt(cx), fmt(cy - 5.0))} />
            },
        };
        html! {
            <g class="dsw-mark">
                <title>{ &m.label }</title>
                { shape }
            </g>
        }
    });
    html! {
        <svg class="dsw-canvas dsw-spacetime" viewBox={format!("0 0 {W} {}", fmt(height))} role="img"
            aria-label="Space-time diagram: one line per node, time runs to the right, arrows are messages">
            { for lines }
            { for downtimes }
            { for arrows }
            { for marks }
            <line class="dsw-now" x1={fmt(x(scene.now))} y1="8" x2={fmt(x(scene.now))} y2={fmt(height - 18.0)} />
            <text class="dsw-now-label" x={fmt(x(scene.now))} y={fmt(height - 4.0)} text-anchor="middle">{ format!("t={}", scene.now) }</text>
        </svg>
    }
}
