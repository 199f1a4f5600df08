//! Everything a simulator widget has around its pictures: scenario choice,
//! playback, faults, properties, the counterexample search, share links,
//! "show me" links from quiz questions, the event log and the keyboard. A
//! protocol widget supplies a [`SimSpec`] and its own pictures; this module
//! supplies the rest, the same for every protocol.

use std::rc::Rc;

use dsw_sim::scenario::Preset;
use dsw_sim::{Action, ExploreConfig, Happening, MsgId, NodeId, Protocol, World, fragment};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::{
    Controls, EventLog, ExplorerPanel, FaultBar, Frame, InvariantPanel, PartitionPicker,
    SearchStart, ShareLink, SimMsg, SimState, fault_actions, transport_key, use_autoplay,
};

/// Where "find a counterexample" starts from the current world, an action to
/// take first if any, and what the search may do.
pub type SearchFrom<P> = fn(&World<P>) -> (World<P>, Option<Action<P>>, ExploreConfig);

/// A widget's own shortcut: the key, what it does in words, and its action.
pub type Shortcut<P> = (&'static str, &'static str, Action<P>);

/// What a protocol widget tells the kit about itself.
pub struct SimSpec<P: Protocol> {
    /// The name in the widget registry; also the key of its share links
    /// (`#dsw-<widget>=...`) and of quiz "show me" links.
    pub widget: &'static str,
    pub title: &'static str,
    pub presets: &'static [Preset],
    /// The preset every failure falls back to.
    pub fallback: &'static str,
    /// A preset's world at the end of its script.
    pub load: fn(&str) -> Result<World<P>, String>,
    /// The world of a share link's code.
    pub open_link: fn(&str) -> Result<World<P>, String>,
    pub search: SearchFrom<P>,
    /// Extra keyboard shortcuts.
    pub keys: fn() -> Vec<Shortcut<P>>,
}

impl<P: Protocol> SimSpec<P> {
    fn link_key(&self) -> String {
        format!("dsw-{}=", self.widget)
    }

    fn preset(&self, name: &str) -> Option<&'static Preset> {
        self.presets.iter().find(|p| p.name == name)
    }

    /// The preset's world rewound to `step` (its start by default), so the
    /// reader plays it forward.
    fn preset_world(&self, name: &str, step: u64) -> Result<(World<P>, &'static str), String> {
        let preset = self
            .preset(name)
            .ok_or_else(|| format!("there is no scenario `{name}`"))?;
        let mut world = (self.load)(preset.name)?;
        world.seek(step).map_err(|e| e.to_string())?;
        Ok((world, preset.name))
    }

    /// A world from the page's address, if it carries a shared moment for
    /// this widget. A link that cannot be read is an error to show, never a
    /// panic or a blank widget.
    fn linked_world(&self) -> Option<Result<(World<P>, &'static str), String>> {
        let hash = web_sys::window()?.location().hash().ok()?;
        let code = hash
            .strip_prefix('#')?
            .strip_prefix(self.link_key().as_str())?;
        Some((|| {
            let recipe = fragment::decode::<P>(code).map_err(|e| e.to_string())?;
            let name = self
                .preset(&recipe.scenario)
                .ok_or_else(|| format!("it names an unknown scenario `{}`", recipe.scenario))?
                .name;
            Ok(((self.open_link)(code)?, name))
        })())
    }

    fn initial_state(&self, preset: &str, at_step: Option<u32>) -> SimState<P> {
        let fallback = || {
            let (world, name) = self
                .preset_world(self.fallback, 0)
                .expect("a widget's fallback preset always loads");
            SimState::new(world, name)
        };
        let with_notice = |text: String| {
            let mut state = fallback();
            state.notice = Some(text);
            state
        };
        if let Some(step) = at_step {
            return match self.preset_world(preset, u64::from(step)) {
                Ok((world, name)) => SimState::new(world, name),
                Err(e) => with_notice(e),
            };
        }
        match self.linked_world() {
            Some(Ok((world, name))) => SimState::new(world, name),
            Some(Err(e)) => with_notice(format!(
                "The shared link could not be opened ({e}); showing the chapter's scenario instead."
            )),
            None => match self.preset_world(preset, 0) {
                Ok((world, name)) => SimState::new(world, name),
                Err(e) => with_notice(e),
            },
        }
    }
}

/// The widget's simulation state: opened from a share link if the page has
/// one, otherwise from `preset` (at `at_step` when shown in a quiz question,
/// where links and "show me" are ignored).
#[hook]
pub fn use_sim<P: Protocol>(
    spec: &'static SimSpec<P>,
    preset: AttrValue,
    at_step: Option<u32>,
) -> UseReducerHandle<SimState<P>> {
    let state = use_reducer(move || spec.initial_state(&preset, at_step));
    {
        let state = state.clone();
        use_autoplay(
            state.playing,
            (450.0 / state.speed) as u32,
            Callback::from(move |()| state.dispatch(SimMsg::Tick)),
        );
    }
    state
}

/// What clicking a node does in every picture: crash it, or restart it if
/// it is down.
pub fn toggle_node<P: Protocol>(state: &UseReducerHandle<SimState<P>>) -> Callback<usize> {
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
}

/// What clicking a message does: select it for the fault bar's drop, delay
/// and duplicate buttons, if it is still on its way.
pub fn select_message<P: Protocol>(state: &UseReducerHandle<SimState<P>>) -> Callback<MsgId> {
    let state = state.clone();
    Callback::from(move |id| {
        let still_flying = state.world().in_flight().iter().any(|e| e.id == id);
        state.dispatch(if still_flying {
            SimMsg::Select(Some(id))
        } else {
            SimMsg::Notice(Some(
                "That message is no longer in flight; only messages on their way can be dropped or delayed."
                    .to_owned(),
            ))
        });
    })
}

#[derive(Properties)]
pub struct SimFrameProps<P: Protocol> {
    pub spec: &'static SimSpec<P>,
    pub state: UseReducerHandle<SimState<P>>,
    /// Frozen: only the pictures and the log, no controls (a predict
    /// question's stage before it is answered).
    #[prop_or_default]
    pub frozen: bool,
    /// Quiz stages ignore share links and "show me" links.
    #[prop_or(true)]
    pub listens: bool,
    /// The protocol's own pictures and panels.
    pub children: Children,
}

impl<P: Protocol> PartialEq for SimFrameProps<P> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.spec, other.spec)
            && self.state == other.state
            && self.frozen == other.frozen
            && self.listens == other.listens
            && self.children == other.children
    }
}

#[function_component(SimFrame)]
pub fn sim_frame<P: Protocol>(props: &SimFrameProps<P>) -> Html {
    let spec = props.spec;
    let state = props.state.clone();
    let frame_ref = use_node_ref();
    use_show_me(spec, state.clone(), frame_ref.clone(), props.listens);

    let world = state.world();
    let entries: Vec<AttrValue> = world
        .log()
        .iter()
        .filter(|e| e.step <= world.step() && !matches!(e.what, Happening::Ticked { .. }))
        .map(|e| AttrValue::from(format!("t={} {}", e.time, e.text)))
        .collect();
    let scenario = state.scenario;
    let cursor = world.step() as usize;
    if props.frozen {
        let title = spec.preset(scenario).map_or(scenario, |p| p.title());
        return html! {
            <div class="dsw-frame dsw-frozen" ref={frame_ref}>
                <p class="dsw-frozen-note">{ format!(
                    "Frozen at step {cursor} of “{title}”. Answer the question, then watch what happens."
                ) }</p>
                { props.children.clone() }
                <EventLog {entries} shown={4} />
            </div>
        };
    }
    let faults = fault_actions(&*world, state.selected);
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
        "{}{}",
        spec.link_key(),
        fragment::encode(&world.recipe(scenario))
    );
    let moment = world.step();
    let node_names: Vec<AttrValue> = world
        .node_ids()
        .map(|n| AttrValue::from(world.node_name(n)))
        .collect();
    drop(world);

    let send = |msg: fn() -> SimMsg<P>| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(msg()))
    };
    let on_transport = {
        let state = state.clone();
        Callback::from(move |t| state.dispatch(SimMsg::Transport(t)))
    };
    let on_fault = {
        let state = state.clone();
        let actions: Vec<Action<P>> = faults.iter().map(|(_, a)| a.clone()).collect();
        Callback::from(move |i: usize| {
            if let Some(a) = actions.get(i) {
                state.dispatch(SimMsg::Apply(a.clone()));
            }
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            match spec.preset_world(&select.value(), 0) {
                Ok((world, name)) => state.dispatch(SimMsg::Load(Box::new(world), name)),
                Err(e) => state.dispatch(SimMsg::Notice(Some(e))),
            }
        })
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
    let on_chaos = {
        let state = state.clone();
        Callback::from(move |_: Event| state.dispatch(SimMsg::ToggleChaos))
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let msg = if let Some(t) = transport_key(&e) {
                Some(SimMsg::Transport(t))
            } else if key == "?" {
                Some(SimMsg::Help)
            } else if key == "Escape" {
                Some(SimMsg::Select(None))
            } else {
                (spec.keys)()
                    .into_iter()
                    .find(|(k, _, _)| *k == key)
                    .map(|(_, _, action)| SimMsg::Apply(action))
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
    let search: SearchStart<P> = {
        let state = state.clone();
        Rc::new(move || (spec.search)(&state.world()))
    };
    let on_found = {
        let state = state.clone();
        Callback::from(move |trace| state.dispatch(SimMsg::Script(trace)))
    };
    let hint = state
        .selected
        .is_none()
        .then(|| AttrValue::from("Click a message in flight to drop, delay or duplicate it."));
    let mut keys: Vec<(AttrValue, AttrValue)> = (spec.keys)()
        .into_iter()
        .map(|(k, what, _)| (AttrValue::from(k.to_uppercase()), AttrValue::from(what)))
        .collect();
    keys.push((
        AttrValue::from("Esc"),
        AttrValue::from("unselect the message"),
    ));
    html! {
        <div ref={frame_ref}>
        <Frame title={spec.title} {onkeydown}>
            <label class="dsw-preset">
                { "Scenario: " }
                <select onchange={on_preset} aria-label="Scenario">
                    { for spec.presets.iter().map(|p| html! {
                        <option value={p.name} selected={p.name == scenario}>{ format!("{} ({})", p.title(), p.name) }</option>
                    }) }
                </select>
            </label>
            <p class="dsw-summary">{ spec.preset(scenario).map(|p| p.summary()).unwrap_or_default() }</p>
            { props.children.clone() }
            if let Some(notice) = &state.notice {
                <p class="dsw-notice-line" role="status">{ notice.clone() }</p>
            }
            <Controls {cursor} len={state.history_len()} playing={state.playing}
                speed={state.speed} on={on_transport} help_open={state.help_open}
                on_help={send(|| SimMsg::Help)} {keys} />
            <FaultBar labels={faults.iter().map(|(l, _)| AttrValue::from(l.clone())).collect::<Vec<_>>()} on={on_fault} {hint} />
            <div class="dsw-extra-faults">
                <PartitionPicker nodes={node_names} on={on_partition} />
                <label class="dsw-chaos">
                    <input type="checkbox" checked={state.chaos} onchange={on_chaos} />
                    { " Auto chaos: let random faults happen while playing" }
                </label>
            </div>
            <InvariantPanel {statuses} {history} />
            <ExplorerPanel<P> start={search} {on_found} {moment} />
            <ShareLink fragment={link} />
            <EventLog {entries} />
        </Frame>
        </div>
    }
}

/// "Show me in the widget": a quiz question links to
/// `#dsw-show=<widget>:<scenario>:<step>`; the widget loads that scenario at
/// that step and scrolls into view, so the reader can watch what happens.
#[hook]
fn use_show_me<P: Protocol>(
    spec: &'static SimSpec<P>,
    state: UseReducerHandle<SimState<P>>,
    frame: NodeRef,
    listen: bool,
) {
    use_effect_with(listen, move |&listen| {
        let listener = Closure::<dyn Fn()>::new(move || {
            let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
                return;
            };
            let Some((widget, scenario, step)) = parse_show_hash(&hash) else {
                return;
            };
            if widget != spec.widget {
                return;
            }
            match spec.preset_world(&scenario, u64::from(step)) {
                Ok((world, name)) => {
                    state.dispatch(SimMsg::Load(Box::new(world), name));
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

/// The link that asks a widget on the page to open a scenario at a step:
/// `#dsw-show=<widget>:<scenario>:<step>`. A fragment, so following it never
/// leaves the page or touches the network; [`SimFrame`] listens for it.
pub fn show_href(widget: &str, scenario: &str, step: u32) -> String {
    format!("#dsw-show={widget}:{scenario}:{step}")
}

/// Reads a fragment written by [`show_href`] (with or without the `#`):
/// `(widget, scenario, step)`. Widget and scenario names never contain `:`.
pub fn parse_show_hash(hash: &str) -> Option<(String, String, u32)> {
    let rest = hash.strip_prefix('#').unwrap_or(hash);
    let rest = rest.strip_prefix("dsw-show=")?;
    let mut parts = rest.splitn(3, ':');
    let widget = parts.next().filter(|w| !w.is_empty())?;
    let scenario = parts.next().filter(|s| !s.is_empty())?;
    let step = parts.next()?.parse().ok()?;
    Some((widget.to_owned(), scenario.to_owned(), step))
}

#[cfg(test)]
mod tests {
    use super::{parse_show_hash, show_href};

    #[test]
    fn show_links_round_trip() {
        let href = show_href("rpc", "reply-lost", 3);
        assert_eq!(href, "#dsw-show=rpc:reply-lost:3");
        assert_eq!(parse_show_hash("dsw-show=rpc:ok:0").unwrap().2, 0);
        assert_eq!(parse_show_hash("#other"), None);
    }

    #[test]
    fn show_links_are_read_back() {
        assert_eq!(
            parse_show_hash(&show_href("raft", "figure-8", 12)),
            Some(("raft".to_owned(), "figure-8".to_owned(), 12))
        );
        assert_eq!(parse_show_hash("#dsw-show=:x:1"), None);
        assert_eq!(
            parse_show_hash("#dsw-show=rpc:reply-lost:3"),
            Some(("rpc".to_owned(), "reply-lost".to_owned(), 3))
        );
        assert_eq!(parse_show_hash("#dsw-rpc=abc"), None);
        assert_eq!(parse_show_hash("#dsw-show=rpc:reply-lost:x"), None);
        assert_eq!(parse_show_hash("#dsw-show=rpc"), None);
    }
}
