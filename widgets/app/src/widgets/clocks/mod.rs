//! The clocks widget: a space-time diagram editor over `dsw_clocks`. The
//! reader adds local, send and receive events by clicking, drags message
//! arrows, skews or drifts a clock, switches between Lamport, vector, HLC
//! and physical stamps, and picks two events to see happened-before with
//! its causal path. Every stamp and relation is computed by the model; this
//! module only draws it and turns input into edits.

mod draw;
mod panels;
mod state;

use std::rc::Rc;

use dsw_clocks::{MAX_PROCESSES, MIN_PROCESSES, PRESETS, Variant};
use dsw_kit::{
    Controls, ShareLink, Transport, linked_code, transport_key, undo_key, use_autoplay, use_show_me,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use draw::DiagramView;
use panels::{ClockTable, Explanation, Orders, StampTable};
use state::{ClockState, Msg, Stamps, Tool};

const FALLBACK: &str = "basics";
const LINK_KEY: &str = "dsw-clocks=";

#[derive(Properties, PartialEq)]
pub struct ClocksProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

fn marks_of(scenario: &str) -> &'static [(&'static str, u32)] {
    let base = scenario.split('@').next().unwrap_or(scenario);
    dsw_clocks::preset(base).map_or(&[], |p| p.marks)
}

/// A scenario at a step (its end when `step` is `None`).
fn load(scenario: &str, step: Option<u32>) -> Result<ClockState, String> {
    let mut diagram = dsw_clocks::load(scenario)?;
    let end = diagram.history().len();
    let at = step.map_or(end, |s| s as usize);
    if at > end {
        return Err(format!(
            "`{scenario}` has {end} edits, so there is no step {at}"
        ));
    }
    diagram.seek(at);
    Ok(ClockState::new(
        diagram,
        scenario.to_owned(),
        marks_of(scenario),
    ))
}

fn initial(preset: &str, at_step: Option<u32>) -> ClockState {
    load(preset, at_step).unwrap_or_else(|e| {
        let mut s = load(FALLBACK, None).expect("the fallback preset always loads");
        s.notice = Some(format!(
            "Could not open `{preset}`: {e}. Showing `{FALLBACK}` instead."
        ));
        s
    })
}

/// A diagram shared in the page's address, if there is one for this widget.
fn linked() -> Option<Result<ClockState, String>> {
    let code = linked_code(LINK_KEY)?;
    Some(
        dsw_clocks::open_link(&code)
            .map(|d| ClockState::new(d, "shared".to_owned(), &[]))
            .map_err(|e| {
                format!("This link's diagram could not be read ({e}). Showing the preset instead.")
            }),
    )
}

#[function_component(ClocksWidget)]
pub fn clocks_widget(props: &ClocksProps) -> Html {
    let state = {
        let preset = props.preset.clone();
        let at_step = props.at_step;
        let frozen = props.frozen;
        use_reducer(move || {
            let start = initial(&preset, at_step);
            if frozen || at_step.is_some() {
                return start;
            }
            match linked() {
                Some(Ok(shared)) => shared,
                Some(Err(e)) => ClockState {
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
                    state.dispatch(Msg::Load(Box::new(s.diagram), s.scenario, s.marks));
                    true
                }
                Err(e) => {
                    state.dispatch(Msg::Notice(Some(e)));
                    false
                }
            }
        });
        use_show_me("clocks", frame_ref.clone(), !props.frozen, open);
    }
    let on = {
        let state = state.clone();
        Callback::from(move |m: Msg| state.dispatch(m))
    };
    let period = (900.0 / state.speed) as u32;
    use_autoplay(state.playing, period, {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Tick))
    });

    let snapshot: Rc<ClockState> = Rc::new((*state).clone());
    let analysis = Rc::new(state.diagram.analyze());
    let title = dsw_clocks::preset(state.scenario.split('@').next().unwrap_or_default())
        .map_or("Your diagram", |p| p.title);

    if props.frozen {
        return html! {
            <div class="dsw-frame dsw-frozen dsw-clocks" ref={frame_ref}>
                <p class="dsw-frozen-note">{ format!(
                    "Frozen after {} of the {} edits of “{title}”. Answer the question, then watch what happens.",
                    state.diagram.step(), state.diagram.history().len()
                ) }</p>
                <StampPicker stamps={state.stamps} on={on.clone()} />
                <DiagramView state={snapshot.clone()} analysis={analysis.clone()} on={on.clone()} frozen=true />
                <StampTable state={snapshot} analysis={analysis} on={on} />
            </div>
        };
    }

    let on_scenario = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            match load(&name, None) {
                Ok(s) => on.emit(Msg::Load(Box::new(s.diagram), s.scenario, s.marks)),
                Err(e) => on.emit(Msg::Notice(Some(e))),
            }
        })
    };
    let on_rules = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = Variant::parse(&select.value()) {
                on.emit(Msg::Variant(v));
            }
        })
    };
    let onkeydown = {
        let on = on.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let msg = if let Some(t) = undo_key(&e).or_else(|| transport_key(&e)) {
                Some(Msg::Transport(t))
            } else if let Some(tool) = Tool::ALL.into_iter().find(|t| key.starts_with(t.key())) {
                Some(Msg::Tool(tool))
            } else {
                match key.as_str() {
                    "c" => Some(Msg::NextStamps),
                    "Escape" => Some(Msg::ClearPicks),
                    "Delete" | "Backspace" => Some(Msg::DeletePicked),
                    "?" => Some(Msg::Help),
                    _ => None,
                }
            };
            if let Some(m) = msg {
                // mdBook turns pages on the arrow keys: keep them in the widget.
                e.prevent_default();
                e.stop_propagation();
                on.emit(m);
            }
        })
    };
    let on_transport = {
        let on = on.clone();
        Callback::from(move |t| on.emit(Msg::Transport(t)))
    };
    let on_help = {
        let on = on.clone();
        Callback::from(move |_| on.emit(Msg::Help))
    };
    let summary = dsw_clocks::preset(state.scenario.split('@').next().unwrap_or_default())
        .map(|p| p.summary.to_owned())
        .unwrap_or_else(|| {
            "Your own diagram: add events with the tools, drag messages between lines, skew a clock.".to_owned()
        });
    let keys: Vec<(AttrValue, AttrValue)> = vec![
        (
            "1 to 5".into(),
            "tools: pick, local event, send, receive, delete".into(),
        ),
        (
            "C".into(),
            "next clock: Lamport, vector, HLC, physical".into(),
        ),
        ("Ctrl+Z / Ctrl+Y".into(), "undo / redo an edit".into()),
        (
            "Enter on an event".into(),
            "pick it (or apply the tool to it)".into(),
        ),
        ("Delete".into(), "delete the picked events".into()),
        ("Esc".into(), "clear the picks".into()),
    ];
    let fresh_selected = state.scenario.starts_with("fresh-");
    let scenario_known = dsw_clocks::preset(&state.scenario).is_some() || fresh_selected;

    html! {
        <section class="dsw-frame dsw-clocks" tabindex="0" aria-label="Clocks" ref={frame_ref} {onkeydown}
            data-scenario={state.scenario.clone()}>
            <header class="dsw-title">{ "Clocks: " }{ title }</header>
            <div class="dsw-setup">
                <label class="dsw-preset">
                    <span>{ "Diagram:" }</span>
                    <select onchange={on_scenario} aria-label="Diagram">
                        if !scenario_known {
                            <option value={state.scenario.clone()} selected=true>{ "Your own (from a link)" }</option>
                        }
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.name} selected={state.scenario == p.name}>{ p.title }</option>
                        }) }
                        { for (MIN_PROCESSES..=MAX_PROCESSES).map(|n| {
                            let name = format!("fresh-{n}");
                            html! {
                                <option value={name.clone()} selected={state.scenario == name}>{ format!("Empty: {n} processes") }</option>
                            }
                        }) }
                    </select>
                </label>
                <label class="dsw-rules">
                    <span>{ "Rules:" }</span>
                    <select onchange={on_rules} aria-label="Clock rules">
                        { for Variant::ALL.into_iter().map(|v| html! {
                            <option value={v.name()} selected={state.diagram.variant() == v} title={v.summary()}>{ v.name() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="dsw-summary">{ summary }</p>
            <StampPicker stamps={state.stamps} on={on.clone()} />
            <div class="dsw-tools" role="toolbar" aria-label="Editing tools">
                { for Tool::ALL.into_iter().map(|t| {
                    let on = on.clone();
                    html! {
                        <button class="dsw-btn dsw-tool" aria-pressed={(state.tool == t).to_string()}
                            title={format!("{} ({})", t.hint(), t.key())}
                            onclick={Callback::from(move |_: MouseEvent| on.emit(Msg::Tool(t)))}>{ t.label() }</button>
                    }
                }) }
                <button class="dsw-btn" disabled={!state.diagram.can_undo()} title="Undo (Ctrl+Z)"
                    onclick={let on = on.clone(); Callback::from(move |_: MouseEvent| on.emit(Msg::Transport(Transport::Back)))}>{ "Undo" }</button>
                <button class="dsw-btn" disabled={!state.diagram.can_redo()} title="Redo (Ctrl+Y)"
                    onclick={let on = on.clone(); Callback::from(move |_: MouseEvent| on.emit(Msg::Transport(Transport::Forward)))}>{ "Redo" }</button>
            </div>
            <p class="dsw-hint">{ match state.pending {
                Some(id) if state.tool == Tool::Receive => format!("Now click where the message sent by {id} arrives."),
                _ => state.tool.hint().to_owned(),
            } }</p>
            if let Some(n) = &state.notice {
                <p class="dsw-notice-line" role="status">{ n.clone() }</p>
            }
            <DiagramView state={snapshot.clone()} analysis={analysis.clone()} on={on.clone()} />
            <Explanation state={snapshot.clone()} analysis={analysis.clone()} on={on.clone()} />
            <Controls cursor={state.diagram.step()} len={state.diagram.history().len()} playing={state.playing}
                speed={state.speed} on={on_transport} help_open={state.help} {on_help} {keys} />
            <Orders state={snapshot.clone()} analysis={analysis.clone()} on={on.clone()} />
            <ClockTable state={snapshot.clone()} analysis={analysis.clone()} on={on.clone()} />
            <StampTable state={snapshot} analysis={analysis} on={on} />
            <ShareLink fragment={format!("{LINK_KEY}{}", dsw_clocks::encode(&state.diagram))} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StampPickerProps {
    stamps: Stamps,
    on: Callback<Msg>,
}

/// Which clock's stamps the diagram shows.
#[function_component(StampPicker)]
fn stamp_picker(props: &StampPickerProps) -> Html {
    html! {
        <div class="dsw-stamp-picker" role="group" aria-label="Stamps shown">
            <span>{ "Stamps:" }</span>
            { for Stamps::ALL.into_iter().map(|s| {
                let on = props.on.clone();
                html! {
                    <button class="dsw-btn dsw-tool" aria-pressed={(props.stamps == s).to_string()}
                        onclick={Callback::from(move |_: MouseEvent| on.emit(Msg::Stamps(s)))}>{ s.name() }</button>
                }
            }) }
        </div>
    }
}
