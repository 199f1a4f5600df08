//! The Foundations widget: one client calls one server. It draws
//! `dsw_sim::rpc` and passes the reader's faults to it; what happens, and
//! what the client can conclude, is decided by the model.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, Controls, EventLog, ExplorerPanel, FaultBar, Frame, InvariantPanel,
    PartitionPicker, SearchStart, ShareLink, SimMsg, SimState, SpaceTime, fault_actions, scene,
    transport_key, use_autoplay,
};
use dsw_sim::rpc::{self, Rpc};
use dsw_sim::{Action, Happening, NodeId, World, fragment};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The fragment key of a shared moment: `#dsw-rpc=<code>`.
const LINK_KEY: &str = "dsw-rpc=";

#[derive(Properties, PartialEq)]
pub struct RpcProps {
    pub preset: AttrValue,
    /// Set when the widget is the stage of a predict question: it opens at
    /// this step, ignores shared links, and stays frozen while `frozen`.
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

/// The preset's world, rewound to its start so the reader plays it forward.
fn preset_world(name: &str) -> Result<(World<Rpc>, &'static str), String> {
    let preset = rpc::preset(name).ok_or_else(|| format!("there is no scenario `{name}`"))?;
    let mut world = rpc::load(preset.name)?;
    world.seek(0).map_err(|e| e.to_string())?;
    Ok((world, preset.name))
}

/// A world from the page's address, if it carries a shared moment. A link
/// that cannot be read is reported, never a panic or a blank widget.
fn linked_world() -> Option<Result<(World<Rpc>, &'static str), String>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let code = hash.strip_prefix('#')?.strip_prefix(LINK_KEY)?;
    Some((|| {
        let recipe = fragment::decode::<Rpc>(code).map_err(|e| e.to_string())?;
        let name = rpc::preset(&recipe.scenario)
            .ok_or_else(|| format!("it names an unknown scenario `{}`", recipe.scenario))?
            .name;
        Ok((rpc::open_link(code)?, name))
    })())
}

#[function_component(RpcWidget)]
pub fn rpc_widget(props: &RpcProps) -> Html {
    let preset = props.preset.clone();
    let at_step = props.at_step;
    let state = use_reducer(move || {
        if let Some(step) = at_step {
            return match preset_world(&preset) {
                Ok((mut world, name)) => {
                    let _ = world.seek(u64::from(step));
                    SimState::new(world, name)
                }
                Err(e) => {
                    let (world, name) =
                        preset_world("try-it").expect("the try-it preset always loads");
                    let mut s = SimState::new(world, name);
                    s.notice = Some(e);
                    s
                }
            };
        }
        let fallback = || {
            let (world, name) = preset_world(&preset).unwrap_or_else(|_| {
                preset_world("try-it").expect("the try-it preset always loads")
            });
            SimState::new(world, name)
        };
        match linked_world() {
            Some(Ok((world, name))) => SimState::new(world, name),
            Some(Err(e)) => {
                let mut s = fallback();
                s.notice = Some(format!(
                    "The shared link could not be opened ({e}); showing the chapter's scenario instead."
                ));
                s
            }
            None => fallback(),
        }
    });
    let dispatch = |msg: fn() -> SimMsg<Rpc>| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(msg()))
    };
    use_autoplay(
        state.playing,
        (450.0 / state.speed) as u32,
        dispatch(|| SimMsg::Tick),
    );
    let frame_ref = use_node_ref();
    use_show_me(state.clone(), frame_ref.clone(), props.at_step.is_none());

    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let faults = fault_actions(&*world, state.selected);
    let verdict = rpc::verdict(&world);
    let entries: Vec<AttrValue> = world
        .log()
        .iter()
        .filter(|e| e.step <= world.step() && !matches!(e.what, Happening::Ticked { .. }))
        .map(|e| AttrValue::from(format!("t={} {}", e.time, e.text)))
        .collect();
    let statuses: Vec<_> = world
        .invariant_status()
        .into_iter()
        .map(|s| (AttrValue::from(s.name), s.holds.map_err(AttrValue::from)))
        .collect();
    let history: Vec<_> = world
        .violations()
        .iter()
        .map(|v| {
            (
                v.step,
                AttrValue::from(v.invariant),
                AttrValue::from(v.reason.clone()),
            )
        })
        .collect();
    let link = format!(
        "{LINK_KEY}{}",
        fragment::encode(&world.recipe(state.scenario))
    );
    let (cursor, moment) = (world.step() as usize, world.step());
    let server_effects = world.node(rpc::SERVER).durable.effects;
    drop(world);

    let on_transport = {
        let state = state.clone();
        Callback::from(move |t| state.dispatch(SimMsg::Transport(t)))
    };
    let on_fault = {
        let state = state.clone();
        let actions: Vec<Action<Rpc>> = faults.iter().map(|(_, a)| a.clone()).collect();
        Callback::from(move |i: usize| {
            if let Some(a) = actions.get(i) {
                state.dispatch(SimMsg::Apply(a.clone()));
            }
        })
    };
    let on_node = {
        let state = state.clone();
        Callback::from(move |lane: usize| {
            let node = NodeId(lane as u8);
            let up = state.world().is_up(node);
            state.dispatch(SimMsg::Apply(if up {
                Action::Crash(node)
            } else {
                Action::Restart(node)
            }));
        })
    };
    let on_message = {
        let state = state.clone();
        Callback::from(move |id| {
            let still_flying = state.world().in_flight().iter().any(|e| e.id == id);
            state.dispatch(if still_flying {
                SimMsg::Select(Some(id))
            } else {
                SimMsg::Notice(Some("That message is no longer in flight; only messages on their way can be dropped or delayed.".to_owned()))
            });
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            match preset_world(&select.value()) {
                Ok((world, name)) => state.dispatch(SimMsg::Load(Box::new(world), name)),
                Err(e) => state.dispatch(SimMsg::Notice(Some(e))),
            }
        })
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let msg = if let Some(t) = transport_key(&e) {
                Some(SimMsg::Transport(t))
            } else {
                match e.key().as_str() {
                    "?" => Some(SimMsg::Help),
                    "Escape" => Some(SimMsg::Select(None)),
                    "c" => Some(SimMsg::Apply(Action::Request(rpc::CLIENT, rpc::Call))),
                    _ => None,
                }
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
    let search: SearchStart<Rpc> = {
        let state = state.clone();
        Rc::new(move || {
            let (root, first) = rpc::explore_root(&state.world());
            (root, first, rpc::explore_config())
        })
    };
    let on_found = {
        let state = state.clone();
        Callback::from(move |trace| state.dispatch(SimMsg::Script(trace)))
    };
    let on_partition = {
        let state = state.clone();
        Callback::from(move |groups: Vec<Vec<usize>>| {
            let groups = groups
                .into_iter()
                .map(|g| g.into_iter().map(|i| NodeId(i as u8)).collect())
                .collect();
            state.dispatch(SimMsg::Apply(Action::Partition(groups)));
        })
    };
    let node_names: Vec<AttrValue> = picture
        .lanes
        .iter()
        .map(|l| AttrValue::from(l.name.clone()))
        .collect();
    let on_chaos = {
        let state = state.clone();
        Callback::from(move |_: Event| state.dispatch(SimMsg::ToggleChaos))
    };
    let hint = (state.selected.is_none())
        .then(|| AttrValue::from("Click a message in flight to drop, delay or duplicate it."));
    let keys = vec![
        (
            AttrValue::from("C"),
            AttrValue::from("the client makes a call"),
        ),
        (
            AttrValue::from("Esc"),
            AttrValue::from("unselect the message"),
        ),
    ];
    let scenario = state.scenario;
    if props.frozen {
        return html! {
            <div class="dsw-frame dsw-frozen" ref={frame_ref}>
                <p class="dsw-frozen-note">{ format!(
                    "Frozen at step {cursor} of “{}”. Answer the question, then watch what happens.",
                    rpc::preset(scenario).map_or(scenario, |p| p.title())
                ) }</p>
                <ClusterView scene={picture.clone()} />
                <SpaceTime scene={picture} />
                <EventLog {entries} shown={4} />
            </div>
        };
    }
    html! {
        <div ref={frame_ref}>
        <Frame title="A remote call over an unreliable network" {onkeydown}>
            <label class="dsw-preset">
                { "Scenario: " }
                <select onchange={on_preset} aria-label="Scenario">
                    { for rpc::PRESETS.iter().map(|p| html! {
                        <option value={p.name} selected={p.name == scenario}>{ format!("{} ({})", p.title(), p.name) }</option>
                    }) }
                </select>
            </label>
            <p class="dsw-summary">{ rpc::preset(scenario).map(|p| p.summary()).unwrap_or_default() }</p>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
            <div class="dsw-views">
                <div class="dsw-view dsw-client-view">
                    <strong>{ "What the client knows" }</strong>
                    <p>{ verdict.client_saw.clone() }</p>
                </div>
                <div class="dsw-view dsw-truth">
                    <strong>{ "What really happened" }</strong>
                    <p>{ verdict.really.clone() }</p>
                    <p class="dsw-effects">{ format!("Effect applied on the server: {server_effects}×") }</p>
                </div>
            </div>
            if let Some(notice) = &state.notice {
                <p class="dsw-notice-line" role="status">{ notice.clone() }</p>
            }
            <Controls cursor={cursor} len={state.history_len()} playing={state.playing}
                speed={state.speed} on={on_transport} help_open={state.help_open}
                on_help={dispatch(|| SimMsg::Help)} {keys} />
            <FaultBar labels={faults.iter().map(|(l, _)| AttrValue::from(l.clone())).collect::<Vec<_>>()} on={on_fault} {hint} />
            <div class="dsw-extra-faults">
                <PartitionPicker nodes={node_names} on={on_partition} />
                <label class="dsw-chaos">
                    <input type="checkbox" checked={state.chaos} onchange={on_chaos} />
                    { " Auto chaos: let random faults happen while playing" }
                </label>
            </div>
            <InvariantPanel {statuses} {history} />
            <ExplorerPanel<Rpc> start={search} {on_found} {moment} />
            <ShareLink fragment={link} />
            <EventLog {entries} />
        </Frame>
        </div>
    }
}

/// "Show me in the widget": a quiz question links to
/// `#dsw-show=rpc:<scenario>:<step>`; the widget loads that scenario at that
/// step and scrolls into view, so the reader can watch what happens next.
#[hook]
fn use_show_me(state: UseReducerHandle<SimState<Rpc>>, frame: NodeRef, listen: bool) {
    use_effect_with(listen, move |&listen| {
        let listener = Closure::<dyn Fn()>::new(move || {
            let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
                return;
            };
            let Some((widget, scenario, step)) = dsw_quiz_ui::parse_show_hash(&hash) else {
                return;
            };
            if widget != "rpc" {
                return;
            }
            match preset_world(&scenario) {
                Ok((world, name)) => {
                    state.dispatch(SimMsg::Load(Box::new(world), name));
                    state.dispatch(SimMsg::Transport(dsw_kit::Transport::Seek(step as usize)));
                    if let Some(el) = frame.cast::<web_sys::Element>() {
                        el.scroll_into_view();
                    }
                }
                Err(e) => state.dispatch(SimMsg::Notice(Some(e))),
            }
        });
        let window = web_sys::window().filter(|_| listen);
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
