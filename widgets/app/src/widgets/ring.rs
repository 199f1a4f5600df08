//! Draws the token ring (`dsw_ring`) and turns clicks and keys into its
//! actions. The rules live in the model crate; this file only draws them.

use std::f64::consts::TAU;
use std::rc::Rc;

use dsw_kit::{Controls, EventLog, Frame, Transport, step_speed, transport_key, use_autoplay};
use dsw_ring::{Action, Session, Token};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RingProps {
    pub nodes: usize,
}

#[derive(Clone, PartialEq)]
struct RingState {
    session: Session,
    playing: bool,
    speed: f64,
    help_open: bool,
}

enum Msg {
    Transport(Transport),
    Tick,
    Toggle(usize),
    Help,
}

impl Reducible for RingState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        let session = &mut next.session;
        match msg {
            Msg::Transport(t) => match t {
                Transport::TogglePlay => next.playing = !next.playing,
                Transport::Forward => {
                    next.playing = false;
                    session.forward();
                }
                Transport::Back => {
                    next.playing = false;
                    session.back();
                }
                Transport::Seek(step) => {
                    next.playing = false;
                    session.seek(step);
                }
                Transport::Start => session.seek(0),
                Transport::End => session.seek(session.len()),
                Transport::Speed(speed) => next.speed = speed,
                Transport::Faster => next.speed = step_speed(next.speed, true),
                Transport::Slower => next.speed = step_speed(next.speed, false),
            },
            Msg::Tick => {
                // Autoplay stops by itself once nothing more can happen.
                if session.ring().token() == Token::Lost && session.cursor() == session.len() {
                    next.playing = false;
                } else {
                    session.forward();
                }
            }
            Msg::Toggle(node) => {
                if node < session.ring().nodes() {
                    let action = if session.ring().is_up(node) {
                        Action::Crash(node)
                    } else {
                        Action::Restart(node)
                    };
                    session.act(action);
                }
            }
            Msg::Help => next.help_open = !next.help_open,
        }
        Rc::new(next)
    }
}

const SIZE: f64 = 300.0;
const RADIUS: f64 = 110.0;

fn position(node: usize, nodes: usize) -> (f64, f64) {
    let angle = TAU * node as f64 / nodes as f64 - TAU / 4.0;
    (
        SIZE / 2.0 + RADIUS * angle.cos(),
        SIZE / 2.0 + RADIUS * angle.sin(),
    )
}

#[function_component(RingWidget)]
pub fn ring_widget(props: &RingProps) -> Html {
    let nodes = props.nodes;
    let state = use_reducer(|| RingState {
        session: Session::new(nodes),
        playing: false,
        speed: 1.0,
        help_open: false,
    });
    let period = (900.0 / state.speed) as u32;
    {
        let state = state.clone();
        use_autoplay(
            state.playing,
            period,
            Callback::from(move |()| state.dispatch(Msg::Tick)),
        );
    }
    let on_transport = {
        let state = state.clone();
        Callback::from(move |t| state.dispatch(Msg::Transport(t)))
    };
    let on_help = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Msg::Help))
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let msg = if let Some(t) = transport_key(&e) {
                Some(Msg::Transport(t))
            } else if e.key() == "?" {
                Some(Msg::Help)
            } else {
                e.key().parse::<usize>().ok().map(Msg::Toggle)
            };
            if let Some(msg) = msg {
                // Arrows and `?` also mean "next chapter" and "help" to
                // mdBook; inside a widget they belong to the widget.
                e.prevent_default();
                e.stop_propagation();
                state.dispatch(msg);
            }
        })
    };

    let ring = state.session.ring();
    let (token_x, token_y, token_text) = match ring.token() {
        Token::HeldBy(n) => {
            let (x, y) = position(n, nodes);
            (x, y - 30.0, format!("n{n} holds the token"))
        }
        Token::InFlight { from, to } => {
            let (a, b) = (position(from, nodes), position(to, nodes));
            (
                (a.0 + b.0) / 2.0,
                (a.1 + b.1) / 2.0,
                format!("the token is in flight from n{from} to n{to}"),
            )
        }
        Token::Lost => (SIZE / 2.0, SIZE / 2.0, "the token is lost".to_owned()),
    };
    let lost = ring.token() == Token::Lost;

    let links = (0..nodes).map(|n| {
        let (a, b) = (position(n, nodes), position((n + 1) % nodes, nodes));
        html! { <line class="dsw-link" x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} /> }
    });
    let node_views = (0..nodes).map(|n| {
        let (x, y) = position(n, nodes);
        let up = ring.is_up(n);
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Msg::Toggle(n)))
        };
        let label = format!(
            "n{n}: {}, received the token {} times. Click to {}.",
            if up { "up" } else { "crashed" },
            ring.received(n),
            if up { "crash it" } else { "restart it" }
        );
        html! {
            <g class={classes!("dsw-node", (!up).then_some("dsw-down"))} role="button" aria-label={label.clone()} {onclick}>
                <title>{ label }</title>
                <circle cx={x.to_string()} cy={y.to_string()} r="22" />
                <text class="dsw-node-name" x={x.to_string()} y={(y + 5.0).to_string()} text-anchor="middle">{ format!("n{n}") }</text>
                <text class="dsw-node-note" x={x.to_string()} y={(y + 40.0).to_string()} text-anchor="middle">
                    { if up { format!("got {}", ring.received(n)) } else { "crashed".to_owned() } }
                </text>
            </g>
        }
    });
    let entries: Vec<AttrValue> = state
        .session
        .log()
        .iter()
        .map(|said| AttrValue::from(said.clone()))
        .collect();
    let keys = vec![(
        AttrValue::from(format!("0 – {}", nodes - 1)),
        AttrValue::from("crash or restart that node"),
    )];

    html! {
        <Frame title="A token ring" {onkeydown}>
            <svg class="dsw-canvas" viewBox={format!("0 0 {SIZE} {SIZE}")} role="img"
                aria-label={format!("A ring of {nodes} nodes; {token_text}")}>
                { for links }
                { for node_views }
                if !lost {
                    <circle class="dsw-token" r="9" cx="0" cy="0"
                        style={format!("transform: translate({token_x:.1}px, {token_y:.1}px)")} />
                }
            </svg>
            <p class="dsw-status" aria-live="polite">{ format!("Step {}: {token_text}.", state.session.cursor()) }</p>
            <Controls cursor={state.session.cursor()} len={state.session.len()} playing={state.playing}
                speed={state.speed} on={on_transport} help_open={state.help_open} {on_help} {keys} />
            <EventLog {entries} />
        </Frame>
    }
}
