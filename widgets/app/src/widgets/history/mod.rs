//! The consistency chapter's history widget: a timeline of operations per
//! client over `dsw_history`. The reader drags bars, edits values and
//! outcomes, adds operations or generates a random history, and sees the
//! verdicts of linearizability, sequential and causal consistency side by
//! side, computed by `dsw_lincheck` in slices (one per frame) so a large
//! history never freezes the page.

mod draw;
mod panels;

use std::cell::RefCell;
use std::rc::Rc;

use dsw_history::{
    Edit, FRAME_STEPS, Judging, Level, MAX_CLIENTS, MIN_CLIENTS, OpId, PRESETS, Timeline, Verdicts,
};
use dsw_kit::{
    Controls, ShareLink, Transport, edit_step, linked_code, step_speed, transport_key, undo_key,
    use_autoplay, use_show_me,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use draw::{AddTool, TimelineView};
use panels::{OpEditor, VerdictPanel};

const FALLBACK: &str = "stale-read";
const LINK_KEY: &str = "dsw-history=";

#[derive(Clone, PartialEq)]
struct HState {
    timeline: Rc<Timeline>,
    scenario: String,
    selected: Option<OpId>,
    tool: AddTool,
    focus: Option<Level>,
    notice: Option<String>,
    /// Bumped on every change to the timeline, so judging restarts.
    version: u32,
    playing: bool,
    speed: f64,
    help: bool,
    /// Seeds for the next random histories.
    seed: u32,
}

enum Msg {
    Load(Box<Timeline>, String),
    Edit(Edit),
    Select(Option<OpId>),
    Tool(AddTool),
    Focus(Level),
    Transport(Transport),
    Tick,
    Random { large: bool },
    Notice(Option<String>),
    Help,
}

impl HState {
    fn new(timeline: Timeline, scenario: String) -> HState {
        HState {
            timeline: Rc::new(timeline),
            scenario,
            selected: None,
            tool: AddTool::Select,
            focus: None,
            notice: None,
            version: 0,
            playing: false,
            speed: 1.0,
            help: false,
            seed: 1,
        }
    }

    fn changed(&mut self) {
        self.version = self.version.wrapping_add(1);
        let t = &self.timeline;
        if self.selected.is_some_and(|id| t.op(id).is_none()) {
            self.selected = None;
        }
    }

    fn seek(&mut self, step: usize) {
        let mut t = (*self.timeline).clone();
        if t.seek(step.min(t.edits().len())) {
            self.timeline = Rc::new(t);
            self.changed();
        }
    }
}

impl Reducible for HState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            Msg::Load(timeline, scenario) => {
                let version = s.version.wrapping_add(1);
                s = HState {
                    version,
                    seed: s.seed,
                    ..HState::new(*timeline, scenario)
                };
            }
            Msg::Edit(edit) => {
                let mut t = (*s.timeline).clone();
                match t.apply(edit) {
                    Ok(touched) => {
                        s.timeline = Rc::new(t);
                        s.notice = None;
                        if touched.is_some() {
                            s.selected = touched;
                        }
                        s.changed();
                    }
                    Err(e) => s.notice = Some(format!("Not done: {e}.")),
                }
            }
            Msg::Random { large } => {
                let seed = s.seed;
                s.seed = s.seed.wrapping_mul(747_796_405).wrapping_add(2_891_336_453) >> 1;
                let edit = if large {
                    Edit::RandomLarge { seed }
                } else {
                    Edit::Random { seed }
                };
                let mut t = (*s.timeline).clone();
                match t.apply(edit) {
                    Ok(_) => {
                        let described = if large {
                            dsw_history::random::describe_large(seed)
                        } else {
                            dsw_history::random::describe_small(seed)
                        };
                        s.timeline = Rc::new(t);
                        s.scenario = "random".to_owned();
                        s.selected = None;
                        s.focus = None;
                        s.notice = Some(match described.mutation {
                            Some(m) => format!(
                                "Random history #{seed}, broken on purpose: {m}. Can you see where?"
                            ),
                            None => format!(
                                "Random history #{seed}, from an atomic register: it should pass."
                            ),
                        });
                        s.changed();
                    }
                    Err(e) => s.notice = Some(format!("Not done: {e}.")),
                }
            }
            Msg::Select(id) => s.selected = id,
            Msg::Tool(tool) => s.tool = tool,
            Msg::Focus(level) => s.focus = Some(level),
            Msg::Transport(t) => {
                let now = s.timeline.step();
                let end = s.timeline.edits().len();
                match (edit_step(t, now, end), t) {
                    (Some(step), _) => s.seek(step),
                    (None, Transport::TogglePlay) => {
                        if !s.playing && now == end {
                            s.seek(0);
                        }
                        s.playing = !s.playing;
                    }
                    (None, Transport::Speed(v)) => s.speed = v,
                    (None, Transport::Faster) => s.speed = step_speed(s.speed, true),
                    (None, Transport::Slower) => s.speed = step_speed(s.speed, false),
                    (None, _) => {}
                }
            }
            Msg::Tick => {
                if s.timeline.step() < s.timeline.edits().len() {
                    let next = s.timeline.step() + 1;
                    s.seek(next);
                } else {
                    s.playing = false;
                }
            }
            Msg::Notice(n) => s.notice = n,
            Msg::Help => s.help = !s.help,
        }
        Rc::new(s)
    }
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

fn load(scenario: &str, step: Option<u32>) -> Result<HState, String> {
    let mut t = dsw_history::load(scenario)?;
    let end = t.edits().len();
    let at = step.map_or(end, |s| s as usize);
    if at > end {
        return Err(format!(
            "`{scenario}` has {end} edits, so there is no step {at}"
        ));
    }
    t.seek(at);
    Ok(HState::new(t, scenario.to_owned()))
}

fn linked() -> Option<Result<HState, String>> {
    let code = linked_code(LINK_KEY)?;
    Some(
        dsw_history::open_link(&code)
            .map(|t| HState::new(t, "shared".to_owned()))
            .map_err(|e| {
                format!("This link's history could not be read ({e}). Showing the preset instead.")
            }),
    )
}

#[function_component(HistoryWidget)]
pub fn history_widget(props: &HistoryProps) -> Html {
    let state = {
        let preset = props.preset.clone();
        let (at_step, frozen) = (props.at_step, props.frozen);
        use_reducer(move || {
            let start = load(&preset, at_step).unwrap_or_else(|e| {
                let mut s = load(FALLBACK, None).expect("the fallback history always loads");
                s.notice = Some(format!(
                    "Could not open `{preset}`: {e}. Showing `{FALLBACK}` instead."
                ));
                s
            });
            if frozen || at_step.is_some() {
                return start;
            }
            match linked() {
                Some(Ok(shared)) => shared,
                Some(Err(e)) => HState {
                    notice: Some(e),
                    ..start
                },
                None => start,
            }
        })
    };
    let frame_ref = use_node_ref();
    {
        let state = state.clone();
        let open = Callback::from(move |(scenario, step): (String, u32)| {
            match load(&scenario, Some(step)) {
                Ok(s) => {
                    state.dispatch(Msg::Load(Box::new((*s.timeline).clone()), s.scenario));
                    true
                }
                Err(e) => {
                    state.dispatch(Msg::Notice(Some(e)));
                    false
                }
            }
        });
        use_show_me("history", frame_ref.clone(), !props.frozen, open);
    }

    // Judging: restarted on every change, advanced one slice per frame.
    let judging = use_mut_ref(|| None::<Judging>);
    let verdicts = use_state(|| None::<Rc<Verdicts>>);
    let progress = use_state(|| (0u64, 0u32));
    {
        let judging = judging.clone();
        let verdicts = verdicts.clone();
        let progress = progress.clone();
        let timeline = state.timeline.clone();
        let frozen = props.frozen;
        use_effect_with(state.version, move |_| {
            *judging.borrow_mut() = (!frozen).then(|| Judging::new(&timeline));
            verdicts.set(None);
            progress.set((0, 0));
        });
    }
    let pending = judging.borrow().is_some();
    use_autoplay(pending, 16, {
        let judging = judging.clone();
        let verdicts = verdicts.clone();
        let progress = progress.clone();
        Callback::from(move |_| slice(&judging, &verdicts, &progress))
    });
    let period = (900.0 / state.speed) as u32;
    use_autoplay(state.playing, period, {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Tick))
    });

    let on_edit = {
        let state = state.clone();
        Callback::from(move |e| state.dispatch(Msg::Edit(e)))
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |id| state.dispatch(Msg::Select(id)))
    };
    let verdict_now = (*verdicts).clone();
    let focus = state.focus.unwrap_or_else(|| {
        verdict_now
            .as_ref()
            .and_then(|v| Level::ALL.into_iter().find(|l| v.holds(*l) == Some(false)))
            .unwrap_or(Level::Linearizable)
    });
    let violating = verdict_now
        .as_ref()
        .map(|v| v.violating(focus))
        .unwrap_or_default();
    let preset = dsw_history::preset(&state.scenario);

    if props.frozen {
        return html! {
            <div class="dsw-frame dsw-frozen dsw-history-widget" ref={frame_ref}>
                <p class="dsw-frozen-note">{ format!(
                    "The history “{}”. Answer the question, then see the checker's verdicts.",
                    preset.map_or("your history", |p| p.title)
                ) }</p>
                <TimelineView timeline={state.timeline.clone()} verdicts={None::<Rc<Verdicts>>} violating={Vec::<OpId>::new()}
                    selected={None::<OpId>} tool={AddTool::Select} on_edit={on_edit} on_select={on_select} frozen=true />
            </div>
        };
    }

    let on_scenario = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            match load(&select.value(), None) {
                Ok(s) => state.dispatch(Msg::Load(Box::new((*s.timeline).clone()), s.scenario)),
                Err(e) => state.dispatch(Msg::Notice(Some(e))),
            }
        })
    };
    let send = |m: fn() -> Msg| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(m()))
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let msg = if let Some(t) = undo_key(&e).or_else(|| transport_key(&e)) {
                Some(Msg::Transport(t))
            } else {
                match key.as_str() {
                    "1" => Some(Msg::Tool(AddTool::Select)),
                    "2" => Some(Msg::Tool(AddTool::Write)),
                    "3" => Some(Msg::Tool(AddTool::Read)),
                    "r" => Some(Msg::Random { large: false }),
                    "Escape" => Some(Msg::Select(None)),
                    "?" => Some(Msg::Help),
                    _ => None,
                }
            };
            if let Some(m) = msg {
                // mdBook turns pages on the arrow keys: keep them in the widget.
                e.prevent_default();
                e.stop_propagation();
                state.dispatch(m);
            }
        })
    };
    let on_transport = {
        let state = state.clone();
        Callback::from(move |t| state.dispatch(Msg::Transport(t)))
    };
    let on_help = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Help))
    };
    let on_focus = {
        let state = state.clone();
        Callback::from(move |l| state.dispatch(Msg::Focus(l)))
    };
    let on_notice = {
        let state = state.clone();
        Callback::from(move |m| state.dispatch(Msg::Notice(Some(m))))
    };
    let keys: Vec<(AttrValue, AttrValue)> = vec![
        ("1 / 2 / 3".into(), "select / add writes / add reads".into()),
        ("R".into(), "a random history".into()),
        ("Ctrl+Z / Ctrl+Y".into(), "undo / redo an edit".into()),
        ("Enter on a bar".into(), "select it to edit".into()),
        ("Esc".into(), "deselect".into()),
    ];
    let timeline = &state.timeline;
    let clients = timeline.clients();
    let tools = [
        (AddTool::Select, "Select / drag"),
        (AddTool::Write, "Add write"),
        (AddTool::Read, "Add read"),
    ];
    let selected_op = state.selected.and_then(|id| timeline.op(id).copied());
    let summary = preset.map_or_else(
        || "Your own history: drag the bars, edit the values, or add operations.".to_owned(),
        |p| p.summary.to_owned(),
    );
    let known = preset.is_some() || state.scenario == "fresh";

    html! {
        <section class="dsw-frame dsw-history-widget" tabindex="0" aria-label="History checker" ref={frame_ref}
            {onkeydown} data-scenario={state.scenario.clone()}>
            <header class="dsw-title">{ "Consistency: " }{ preset.map_or("your history", |p| p.title) }</header>
            <div class="dsw-setup">
                <label class="dsw-preset">
                    <span>{ "History:" }</span>
                    <select onchange={on_scenario} aria-label="History">
                        if !known {
                            <option value={state.scenario.clone()} selected=true>{ "Your own" }</option>
                        }
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.name} selected={state.scenario == p.name}>{ p.title }</option>
                        }) }
                        <option value="fresh" selected={state.scenario == "fresh"}>{ "Empty: 3 clients" }</option>
                    </select>
                </label>
            </div>
            <p class="dsw-summary">{ summary }</p>
            <div class="dsw-tools" role="toolbar" aria-label="Editing tools">
                { for tools.into_iter().map(|(t, label)| {
                    let state = state.clone();
                    html! {
                        <button class="dsw-btn dsw-tool" aria-pressed={(state.tool == t).to_string()}
                            onclick={Callback::from(move |_: MouseEvent| state.dispatch(Msg::Tool(t)))}>{ label }</button>
                    }
                }) }
                <button class="dsw-btn dsw-random" onclick={send(|| Msg::Random { large: false })} title="A random history (R)">{ "Random" }</button>
                <button class="dsw-btn dsw-random-large" onclick={send(|| Msg::Random { large: true })}>{ "Random, 300 operations" }</button>
                <button class="dsw-btn" disabled={clients >= MAX_CLIENTS} onclick={send(|| Msg::Edit(Edit::AddClient))}>{ "Add client" }</button>
                <button class="dsw-btn" disabled={clients <= MIN_CLIENTS}
                    onclick={let state = state.clone(); Callback::from(move |_: MouseEvent| {
                        let last = state.timeline.clients().saturating_sub(1);
                        state.dispatch(Msg::Edit(Edit::RemoveClient { client: last }));
                    })}>{ "Remove last client" }</button>
                <button class="dsw-btn" disabled={!timeline.can_undo()} onclick={send(|| Msg::Transport(Transport::Back))} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button class="dsw-btn" disabled={!timeline.can_redo()} onclick={send(|| Msg::Transport(Transport::Forward))} title="Redo (Ctrl+Y)">{ "Redo" }</button>
            </div>
            <p class="dsw-hint">{ match state.tool {
                AddTool::Select => "Drag a bar to move it, or drag one of its ends; click it to edit what it did.",
                AddTool::Write => "Click a client's lane to add a write there.",
                AddTool::Read => "Click a client's lane to add a read there.",
            } }</p>
            if let Some(n) = &state.notice {
                <p class="dsw-notice-line" role="status">{ n.clone() }</p>
            }
            <TimelineView timeline={state.timeline.clone()} verdicts={verdict_now.clone()} violating={violating}
                selected={state.selected} tool={state.tool} on_edit={on_edit.clone()} on_select={on_select} />
            if let Some(op) = selected_op {
                <OpEditor name={timeline.name(op.id).unwrap_or_default()} {op} on_edit={on_edit} {on_notice} />
            }
            <VerdictPanel timeline={state.timeline.clone()} verdicts={verdict_now} {focus} {on_focus} progress={*progress} />
            <Controls cursor={timeline.step()} len={timeline.edits().len()} playing={state.playing}
                speed={state.speed} on={on_transport} help_open={state.help} {on_help} {keys} />
            <ShareLink fragment={format!("{LINK_KEY}{}", dsw_history::encode(timeline))} />
        </section>
    }
}

/// One frame's share of the judging.
fn slice(
    judging: &Rc<RefCell<Option<Judging>>>,
    verdicts: &UseStateHandle<Option<Rc<Verdicts>>>,
    progress: &UseStateHandle<(u64, u32)>,
) {
    let mut slot = judging.borrow_mut();
    let Some(j) = slot.as_mut() else {
        return;
    };
    let done = j.run_for(FRAME_STEPS);
    let frames = progress.1 + 1;
    progress.set((j.steps(), frames));
    if done {
        verdicts.set(j.result().cloned().map(Rc::new));
        *slot = None;
    }
}
