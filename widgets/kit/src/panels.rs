//! The panels around a simulator: fault buttons, invariants, the share link
//! and the counterexample search.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use dsw_sim::{Action, ActionKind, ExploreConfig, Explorer, MsgId, Protocol, World};
use gloo_timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The faults and requests a reader can inject now, labelled by the world
/// itself: actions on the selected message (drop, delay, duplicate), then
/// node, partition and request actions. Deliveries and timers are left to
/// the step button.
pub fn fault_actions<P: Protocol>(
    world: &World<P>,
    selected: Option<MsgId>,
) -> Vec<(String, Action<P>)> {
    world
        .enabled_actions()
        .into_iter()
        .filter(|a| match a {
            Action::Drop(id) | Action::Duplicate(id) | Action::Delay(id, _) => {
                Some(*id) == selected
            }
            _ => matches!(
                a.kind(),
                ActionKind::Crash
                    | ActionKind::Restart
                    | ActionKind::Partition
                    | ActionKind::Heal
                    | ActionKind::Request
                    | ActionKind::Pause
                    | ActionKind::Skew
            ),
        })
        .map(|a| (capitalise(&world.describe_action(&a)), a))
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct FaultBarProps {
    pub labels: Vec<AttrValue>,
    pub on: Callback<usize>,
    /// Shown when no message is selected, so readers learn they can click one.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// One button per available fault; the widget maps the index back to the
/// action it listed.
#[function_component(FaultBar)]
pub fn fault_bar(props: &FaultBarProps) -> Html {
    html! {
        <div class="dsw-faults" role="group" aria-label="Faults and requests">
            { for props.labels.iter().enumerate().map(|(i, label)| {
                let on = props.on.clone();
                html! { <button class="dsw-btn dsw-fault" onclick={Callback::from(move |_: MouseEvent| on.emit(i))}>{ label.clone() }</button> }
            }) }
            if let Some(hint) = &props.hint {
                <span class="dsw-hint">{ hint.clone() }</span>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct InvariantPanelProps {
    /// (name, Ok or the reason it is broken now)
    pub statuses: Vec<(AttrValue, Result<(), AttrValue>)>,
    /// Earlier breaks, as (step, name, reason), so a property that broke and
    /// then "recovered" is not forgotten.
    #[prop_or_default]
    pub history: Vec<(u64, AttrValue, AttrValue)>,
}

/// Which safety properties hold now, which broke, when and why.
#[function_component(InvariantPanel)]
pub fn invariant_panel(props: &InvariantPanelProps) -> Html {
    html! {
        <div class="dsw-invariants" aria-label="Properties checked after every step">
            <strong>{ "Checked after every step:" }</strong>
            <ul>
                { for props.statuses.iter().map(|(name, holds)| match holds {
                    Ok(()) => html! { <li class="dsw-holds">{ "✓ " }{ name.clone() }</li> },
                    Err(why) => html! { <li class="dsw-broken">{ "✗ " }<strong>{ name.clone() }</strong>{ ": " }{ why.clone() }</li> },
                }) }
            </ul>
            if !props.history.is_empty() {
                <p class="dsw-broken-history">
                    { for props.history.iter().map(|(step, name, why)| html! {
                        <span>{ format!("Broke at step {step}: {name} ({why}). ") }</span>
                    }) }
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The fragment that reopens this moment (without `#`).
    pub fragment: AttrValue,
}

/// "Share this moment": puts the link in the address bar and in a box to
/// copy, without reloading the page.
#[function_component(ShareLink)]
pub fn share_link(props: &ShareProps) -> Html {
    let shown = use_state(|| None::<String>);
    let onclick = {
        let shown = shown.clone();
        let fragment = props.fragment.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let location = window.location();
            let base = format!(
                "{}{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let url = format!("{base}#{fragment}");
            if let Ok(history) = window.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            shown.set(Some(url));
        })
    };
    let onfocus = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="dsw-share">
            <button class="dsw-btn dsw-share-btn" {onclick}>{ "Share this moment" }</button>
            if let Some(url) = &*shown {
                <input class="dsw-share-url" type="text" readonly=true value={url.clone()} aria-label="Link to this moment" {onfocus} />
            }
        </div>
    }
}

/// Where a search starts and what it may do; built by the widget from the
/// protocol's own functions when the reader presses the button.
pub type SearchStart<P> = Rc<dyn Fn() -> (World<P>, Option<Action<P>>, ExploreConfig)>;

#[derive(Properties)]
pub struct ExplorerProps<P: Protocol> {
    pub start: SearchStart<P>,
    /// Called with the actions that lead, from the current step, to the
    /// first broken property.
    pub on_found: Callback<Vec<Action<P>>>,
    /// Changes when the reader moves, which stops a search still running
    /// from the old moment.
    pub moment: u64,
}

impl<P: Protocol> PartialEq for ExplorerProps<P> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.start, &other.start)
            && self.on_found == other.on_found
            && self.moment == other.moment
    }
}

/// States explored per slice: small enough that a slice takes a few
/// milliseconds, so the page stays responsive while the search runs.
const SLICE: usize = 1_500;

/// "Find a counterexample": a breadth-first search over every reachable
/// state from here, in slices between frames, with progress and a cancel
/// button. The shortest trace that breaks a property is handed back to the
/// widget to play.
#[function_component(ExplorerPanel)]
pub fn explorer_panel<P: Protocol>(props: &ExplorerProps<P>) -> Html {
    let status = use_state(|| None::<(bool, String)>);
    let running = use_mut_ref(|| None::<Rc<Cell<bool>>>);
    {
        let status = status.clone();
        let running = running.clone();
        use_effect_with(props.moment, move |_| {
            // A search is about the moment it started from; a finished
            // result stays on screen, a running one stops.
            let stopped = running
                .borrow_mut()
                .take()
                .is_some_and(|flag| flag.replace(false));
            if stopped {
                status.set(Some((
                    false,
                    "Search stopped: the simulation moved.".to_owned(),
                )));
            }
        });
    }
    let on_start = {
        let status = status.clone();
        let running = running.clone();
        let start = props.start.clone();
        let on_found = props.on_found.clone();
        Callback::from(move |_: MouseEvent| {
            let flag = Rc::new(Cell::new(true));
            if let Some(old) = running.borrow_mut().replace(flag.clone()) {
                old.set(false);
            }
            let (root, first, config) = start();
            let explorer = Rc::new(RefCell::new(Explorer::new(&root, config)));
            status.set(Some((true, "Searching…".to_owned())));
            slice(explorer, first, flag, status.clone(), on_found.clone());
        })
    };
    let on_cancel = {
        let status = status.clone();
        let running = running.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(flag) = running.borrow_mut().take() {
                flag.set(false);
            }
            status.set(Some((false, "Search cancelled.".to_owned())));
        })
    };
    let busy = status.as_ref().is_some_and(|(busy, _)| *busy);
    html! {
        <div class="dsw-explorer">
            if busy {
                <button class="dsw-btn dsw-explore-cancel" onclick={on_cancel}>{ "Cancel search" }</button>
            } else {
                <button class="dsw-btn dsw-explore" onclick={on_start}>{ "Find a counterexample from here" }</button>
            }
            if let Some((_, text)) = &*status {
                <span class="dsw-explore-status" role="status">{ text.clone() }</span>
            }
        </div>
    }
}

fn slice<P: Protocol>(
    explorer: Rc<RefCell<Explorer<P>>>,
    first: Option<Action<P>>,
    running: Rc<Cell<bool>>,
    status: UseStateHandle<Option<(bool, String)>>,
    on_found: Callback<Vec<Action<P>>>,
) {
    if !running.get() {
        return;
    }
    let progress = explorer.borrow_mut().run_for(SLICE);
    if !progress.done {
        status.set(Some((
            true,
            format!(
                "Searching… {} states seen, depth {}",
                progress.visited, progress.depth
            ),
        )));
        Timeout::new(0, move || slice(explorer, first, running, status, on_found)).forget();
        return;
    }
    running.set(false);
    let explorer = explorer.borrow();
    match explorer.counterexample() {
        Some(found) => {
            let mut trace: Vec<Action<P>> = first.into_iter().collect();
            trace.extend(found.trace.iter().cloned());
            status.set(Some((
                false,
                format!(
                    "Found after {} states: {} steps break “{}”. Step through them below.",
                    progress.visited,
                    trace.len(),
                    found.invariant
                ),
            )));
            on_found.emit(trace);
        }
        None if progress.bounded => status.set(Some((
            false,
            format!(
                "No property broke in the {} states searched, but the search hit its bounds, so this is not a proof.",
                progress.visited
            ),
        ))),
        None => status.set(Some((
            false,
            format!(
                "No counterexample: every one of the {} reachable states (within the fault bounds) keeps every property.",
                progress.visited
            ),
        ))),
    }
}

#[derive(Properties, PartialEq)]
pub struct PartitionPickerProps {
    pub nodes: Vec<AttrValue>,
    /// The chosen groups (lists of node indices), two or more non-empty.
    pub on: Callback<Vec<Vec<usize>>>,
}

const SIDES: [&str; 3] = ["A", "B", "C"];

/// Choose partition groups: put each node on side A, B or C and cut the
/// network between the sides.
#[function_component(PartitionPicker)]
pub fn partition_picker(props: &PartitionPickerProps) -> Html {
    let n = props.nodes.len();
    // Start with the last node cut off from the rest: the commonest case.
    let sides = use_state(|| {
        (0..n)
            .map(|i| usize::from(i + 1 == n))
            .collect::<Vec<usize>>()
    });
    let groups: Vec<Vec<usize>> = (0..SIDES.len())
        .map(|side| {
            (0..n)
                .filter(|&i| sides.get(i) == Some(&side))
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect();
    let valid = groups.len() >= 2;
    let on_apply = {
        let on = props.on.clone();
        let groups = groups.clone();
        Callback::from(move |_: MouseEvent| on.emit(groups.clone()))
    };
    html! {
        <details class="dsw-partition">
            <summary>{ "Partition the network…" }</summary>
            <div class="dsw-partition-body">
                { for props.nodes.iter().enumerate().map(|(i, name)| {
                    let current = sides.get(i).copied();
                    let onchange = {
                        let sides = sides.clone();
                        Callback::from(move |e: Event| {
                            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            let mut next = (*sides).clone();
                            if let (Some(slot), Ok(side)) = (next.get_mut(i), select.value().parse::<usize>()) {
                                *slot = side;
                            }
                            sides.set(next);
                        })
                    };
                    html! {
                        <label class="dsw-partition-node">
                            { name.clone() }{ " on side " }
                            <select {onchange}>
                                { for SIDES.iter().enumerate().map(|(side, label)| html! {
                                    <option value={side.to_string()} selected={current == Some(side)}>{ *label }</option>
                                }) }
                            </select>
                        </label>
                    }
                }) }
                <button class="dsw-btn dsw-partition-apply" disabled={!valid} onclick={on_apply}>
                    { if valid { "Cut the network between the sides" } else { "Put nodes on at least two sides" } }
                </button>
            </div>
        </details>
    }
}
