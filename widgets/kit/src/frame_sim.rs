//! Everything a simulator widget has around its pictures: scenario choice,
//! playback, faults, properties, the counterexample search, share links,
//! "show me" links from quiz questions, the event log and the keyboard. A
//! protocol widget supplies a [`SimSpec`] and its own pictures; this module
//! supplies the rest, the same for every protocol.

use std::rc::Rc;

use std::cell::RefCell;

use dsw_sim::scenario::{Base, Preset, Replayed, ScenarioName};
use dsw_sim::{Action, ExploreConfig, Happening, MsgId, NodeId, Protocol, World, fragment};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::links::{linked_code, use_show_me};
use crate::{
    Controls, EventLog, ExplorerPanel, FaultBar, Frame, InvariantPanel, PartitionPicker,
    SearchStart, ShareLink, SimMsg, SimState, fault_actions, transport_key, use_autoplay,
};

/// Where "find a counterexample" starts from the current world, an action to
/// take first if any, and what the search may do.
pub type SearchFrom<P> = fn(&World<P>) -> (World<P>, Option<Action<P>>, ExploreConfig);

/// Replays actions (with a seed, up to a step) under another scenario name.
pub type ReplayUnder<P> = fn(&str, u64, &[Action<P>], u64) -> Result<Replayed<P>, String>;

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
    /// Set when the learner may build a cluster of their own size and switch
    /// the rules (a buggy variant) under any run.
    pub setup: Option<Setup<P>>,
}

/// What a widget needs to let the learner leave its presets: `load` and
/// `open_link` must then accept every name of
/// [`dsw_sim::scenario::ScenarioName`] (`cluster-7`, `figure-8@bug`).
pub struct Setup<P: Protocol> {
    /// The smallest and largest cluster the learner may build, counted as
    /// the host's `new nodes=N` counts (2PC counts participants only).
    pub sizes: (usize, usize),
    /// A world's size in the same units.
    pub size_of: fn(&P) -> usize,
    /// Every set of rules: its `variant=` name and one line about it. The
    /// first is the protocol as published.
    pub rules: fn() -> Vec<(&'static str, &'static str)>,
    /// The rules a world runs.
    pub rules_of: fn(&P) -> &'static str,
    /// Replays a run's actions under scenario `name` (same seed) up to a
    /// step: [`dsw_sim::scenario::replay_named`] with the widget's host.
    pub replay: ReplayUnder<P>,
}

/// Scenario names the learner builds live as long as the page: state and
/// share links hold `&'static str`. Each distinct name is leaked once, and
/// there are only so many sizes, rules and presets.
fn intern(name: &str) -> &'static str {
    thread_local! {
        static NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(known) = names.iter().find(|n| **n == name) {
            return *known;
        }
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        names.push(leaked);
        leaked
    })
}

impl<P: Protocol> SimSpec<P> {
    fn link_key(&self) -> String {
        format!("dsw-{}=", self.widget)
    }

    fn preset(&self, name: &str) -> Option<&'static Preset> {
        self.presets.iter().find(|p| p.name == name)
    }

    /// The preset a scenario name starts from, if any (`figure-8@bug` starts
    /// from `figure-8`; a fresh cluster from none).
    fn base_preset(&self, name: &str) -> Option<&'static Preset> {
        match ScenarioName::parse(name).base {
            Base::Preset(base) => self.preset(base),
            Base::Cluster(_) => None,
        }
    }

    /// A scenario name as a `&'static str`: a preset's own, or one the
    /// learner built (only when the widget lets them build any).
    fn static_name(&self, name: &str) -> Result<&'static str, String> {
        if let Some(p) = self.preset(name) {
            return Ok(p.name);
        }
        let parsed = ScenarioName::parse(name);
        let known_base = match parsed.base {
            Base::Preset(base) => self.preset(base).is_some(),
            Base::Cluster(_) => true,
        };
        if self.setup.is_some() && known_base && parsed.format() == name {
            return Ok(intern(name));
        }
        Err(format!("there is no scenario `{name}`"))
    }

    /// The scenario's world rewound to `step` (its start by default), so the
    /// reader plays it forward.
    fn preset_world(&self, name: &str, step: u64) -> Result<(World<P>, &'static str), String> {
        let name = self.static_name(name)?;
        let mut world = (self.load)(name)?;
        world.seek(step).map_err(|e| e.to_string())?;
        Ok((world, name))
    }

    /// One line under the scenario picker.
    fn summary(&self, name: &str) -> String {
        let parsed = ScenarioName::parse(name);
        let base = match parsed.base {
            Base::Preset(base) => self.preset(base).map(|p| p.summary()).unwrap_or_default(),
            Base::Cluster(n) => {
                format!(
                    "A fresh cluster of {n}: nothing has happened yet. Start it, then break it."
                )
            }
        };
        let rules = parsed.variant.and_then(|v| {
            let setup = self.setup.as_ref()?;
            (setup.rules)()
                .into_iter()
                .find(|(name, _)| *name == v)
                .map(|(_, summary)| format!(" Rules: {summary}."))
        });
        base + &rules.unwrap_or_default()
    }

    /// How a scenario the learner built is listed in the picker.
    fn own_title(&self, name: &str) -> String {
        let parsed = ScenarioName::parse(name);
        let base = match parsed.base {
            Base::Preset(base) => self
                .preset(base)
                .map_or(base.to_owned(), |p| p.title().to_owned()),
            Base::Cluster(n) => format!("A fresh cluster of {n}"),
        };
        match parsed.variant {
            Some(v) => format!("{base}, rules: {v}"),
            None => base,
        }
    }

    /// A world from the page's address, if it carries a shared moment for
    /// this widget. A link that cannot be read is an error to show, never a
    /// panic or a blank widget.
    fn linked_world(&self) -> Option<Result<(World<P>, &'static str), String>> {
        let code = linked_code(&self.link_key())?;
        Some((|| {
            let recipe = fragment::decode::<P>(&code).map_err(|e| e.to_string())?;
            let name = self
                .static_name(&recipe.scenario)
                .map_err(|_| format!("it names an unknown scenario `{}`", recipe.scenario))?;
            Ok(((self.open_link)(&code)?, name))
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
    use_show_me_sim(spec, state.clone(), frame_ref.clone(), props.listens);

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
        let title = spec.base_preset(scenario).map_or(scenario, |p| p.title());
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
    let size = spec
        .setup
        .as_ref()
        .map_or(0, |s| (s.size_of)(world.protocol()));
    let rules = spec.setup.as_ref().map(|s| (s.rules_of)(world.protocol()));
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
    let on_size = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let (Some(setup), Ok(n)) = (&spec.setup, select.value().parse::<usize>()) else {
                return;
            };
            let current = (setup.rules_of)(state.world().protocol());
            let published = (setup.rules)().first().map(|(name, _)| *name);
            let name = ScenarioName {
                base: Base::Cluster(n),
                variant: (Some(current) != published).then_some(current),
            }
            .format();
            match spec.preset_world(&name, 0) {
                Ok((world, name)) => state.dispatch(SimMsg::Load(Box::new(world), name)),
                Err(e) => state.dispatch(SimMsg::Notice(Some(e))),
            }
        })
    };
    let on_rules = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Some(setup) = &spec.setup else {
                return;
            };
            let chosen = select.value();
            let published = (setup.rules)().first().map(|(name, _)| *name);
            let current = ScenarioName::parse(state.scenario);
            let name = ScenarioName {
                base: current.base,
                variant: match current.base {
                    Base::Cluster(_) if Some(chosen.as_str()) == published => None,
                    _ => Some(chosen.as_str()),
                },
            }
            .format();
            let recipe = state.world().recipe(state.scenario);
            let replayed = spec.static_name(&name).and_then(|name| {
                (setup.replay)(name, recipe.seed, &recipe.actions, recipe.step).map(|r| (r, name))
            });
            match replayed {
                Ok((Replayed { world, stopped }, name)) => {
                    state.dispatch(SimMsg::Load(Box::new(world), name));
                    state.dispatch(SimMsg::Notice(Some(stopped.unwrap_or_else(|| {
                        format!(
                            "Rules switched to {chosen}: the same run replayed under them. Play on, or search for a counterexample."
                        )
                    }))));
                }
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
            <div class="dsw-setup">
                <label class="dsw-preset">
                    { "Scenario: " }
                    <select onchange={on_preset} aria-label="Scenario">
                        { for spec.presets.iter().map(|p| html! {
                            <option value={p.name} selected={p.name == scenario}>{ format!("{} ({})", p.title(), p.name) }</option>
                        }) }
                        if spec.preset(scenario).is_none() {
                            <option value={scenario} selected=true>{ format!("Your own: {}", spec.own_title(scenario)) }</option>
                        }
                    </select>
                </label>
                if let (Some(setup), Some(rules)) = (&spec.setup, rules) {
                    <label class="dsw-size">
                        { "Nodes: " }
                        <select onchange={on_size} aria-label="Nodes: start a fresh cluster of this size">
                            { for (setup.sizes.0..=setup.sizes.1).map(|n| html! {
                                <option value={n.to_string()} selected={n == size}>{ n }</option>
                            }) }
                        </select>
                    </label>
                    <label class="dsw-rules">
                        { "Rules: " }
                        <select onchange={on_rules} aria-label="Rules: replay this run under other rules">
                            { for (setup.rules)().into_iter().enumerate().map(|(i, (name, summary))| html! {
                                <option value={name} title={summary} selected={name == rules}>{
                                    if i == 0 { format!("{name} (as published)") } else { format!("bug: {name}") }
                                }</option>
                            }) }
                        </select>
                    </label>
                }
            </div>
            <p class="dsw-summary">{ spec.summary(scenario) }</p>
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
fn use_show_me_sim<P: Protocol>(
    spec: &'static SimSpec<P>,
    state: UseReducerHandle<SimState<P>>,
    frame: NodeRef,
    listen: bool,
) {
    let open = Callback::from(move |(scenario, step): (String, u32)| {
        match spec.preset_world(&scenario, u64::from(step)) {
            Ok((world, name)) => {
                state.dispatch(SimMsg::Load(Box::new(world), name));
                true
            }
            Err(e) => {
                state.dispatch(SimMsg::Notice(Some(e)));
                false
            }
        }
    });
    use_show_me(spec.widget, frame, listen, open);
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
