//! Under the timeline: the three verdicts side by side, and the editor of
//! the selected operation.

use std::rc::Rc;

use dsw_history::Outcome;
use dsw_history::{Action, Edit, Level, Op, OpId, Timeline, Val, Verdicts};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub timeline: Rc<Timeline>,
    pub verdicts: Option<Rc<Verdicts>>,
    /// Whose violation is outlined on the timeline.
    pub focus: Level,
    pub on_focus: Callback<Level>,
    /// Judging progress while there is no verdict yet: (steps, frames).
    pub progress: (u64, u32),
}

/// The names of some operations, the first 30 of a long list.
fn names(timeline: &Timeline, ids: &[OpId]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(30)
        .filter_map(|id| timeline.name(*id))
        .collect();
    let more = ids.len().saturating_sub(30);
    if more > 0 {
        format!("{} … and {more} more", shown.join(" "))
    } else {
        shown.join(" ")
    }
}

/// Linearizable, sequential and causal, side by side.
#[function_component(VerdictPanel)]
pub fn verdict_panel(props: &VerdictProps) -> Html {
    let Some(v) = &props.verdicts else {
        return html! {
            <p class="dsw-h-judging" aria-live="polite">{ format!(
                "Checking… {} steps so far, over {} frames.", props.progress.0, props.progress.1
            ) }</p>
        };
    };
    let cards = Level::ALL.into_iter().map(|level| {
        let (mark, class) = match v.holds(level) {
            Some(true) => ("✓", "dsw-holds"),
            Some(false) => ("✗", "dsw-broken"),
            None => ("—", "dsw-h-unknown-verdict"),
        };
        let witness = v.witness(level);
        let violating = v.violating(level);
        let on_focus = props.on_focus.clone();
        let focused = props.focus == level;
        html! {
            <div class={classes!("dsw-view", "dsw-h-verdict", (focused && !violating.is_empty()).then_some("dsw-h-focus"))}
                data-level={level.name()}>
                <p class={classes!("dsw-h-verdict-head", class)}>{ format!("{mark} {}", level.title()) }</p>
                <p>{ v.summary(level) }</p>
                { for witness.iter().map(|(label, order)| html! {
                    <p class="dsw-h-witness">{ format!("Order ({label}): {}", names(&props.timeline, order)) }</p>
                }) }
                if let (Some(reason), false) = (v.reason(level), violating.is_empty()) {
                    <p class="dsw-h-reason">{ reason.to_owned() }</p>
                }
                if !violating.is_empty() {
                    <button class="dsw-btn dsw-small" aria-pressed={focused.to_string()}
                        onclick={Callback::from(move |_: MouseEvent| on_focus.emit(level))}>
                        { "Outline these operations" }
                    </button>
                }
            </div>
        }
    });
    let strongest = v.strongest();
    html! {
        <div class="dsw-h-verdicts">
            <div class="dsw-views">{ for cards }</div>
            <p class="dsw-h-strongest" data-strongest={strongest.key()}>{ strongest.text }</p>
            if v.holds(Level::Linearizable) == Some(true) {
                <p class="dsw-hint">{ "Dots mark where each operation takes effect in the linearization the checker found, joined in order." }</p>
            }
            <p class="dsw-hint">{ format!("{} operations, {} linearizability search steps.", v.ops, v.steps) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub op: Op,
    pub name: String,
    pub on_edit: Callback<Edit>,
    pub on_notice: Callback<String>,
}

/// Reads a value box: a number, or `nil` (only where `nil` is allowed).
fn parse_val(text: &str, nil_ok: bool) -> Result<Val, String> {
    let t = text.trim();
    if nil_ok && (t.is_empty() || t == "nil") {
        return Ok(Val::Nil);
    }
    t.parse::<u16>()
        .ok()
        .filter(|n| *n <= dsw_history::MAX_VALUE)
        .map(Val::Int)
        .ok_or_else(|| {
            format!(
                "`{t}` is not a value: write a whole number from 0 to {}{}",
                dsw_history::MAX_VALUE,
                if nil_ok { ", or nil" } else { "" }
            )
        })
}

/// The selected operation: what it does, what it returned, how it ended.
#[function_component(OpEditor)]
pub fn op_editor(props: &EditorProps) -> Html {
    let op = props.op;
    let id = op.id;
    let set = {
        let on_edit = props.on_edit.clone();
        move |action: Action, result: Option<Val>| {
            on_edit.emit(Edit::SetAction {
                op: id,
                action,
                result,
            })
        }
    };
    let on_kind = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let first = match op.action {
                Action::Write(v) | Action::Cas { to: v, .. } => v,
                Action::Read => 1,
            };
            match select.value().as_str() {
                "write" => set(Action::Write(first), None),
                "read" => set(Action::Read, Some(Val::Nil)),
                _ => set(
                    Action::Cas {
                        from: Val::Nil,
                        to: first,
                    },
                    None,
                ),
            }
        })
    };
    // One handler per value box: `which` picks the field it sets.
    let on_value = |which: &'static str| {
        let set = set.clone();
        let on_notice = props.on_notice.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let nil_ok = matches!(which, "result" | "from");
            let v = match parse_val(&input.value(), nil_ok) {
                Ok(v) => v,
                Err(m) => return on_notice.emit(m),
            };
            let int = match v {
                Val::Int(n) => n,
                Val::Nil => 0,
            };
            match (which, op.action) {
                ("write", _) => set(Action::Write(int), None),
                ("result", _) => set(Action::Read, Some(v)),
                ("from", Action::Cas { to, .. }) => set(Action::Cas { from: v, to }, None),
                ("to", Action::Cas { from, .. }) => set(Action::Cas { from, to: int }, None),
                _ => {}
            }
        })
    };
    let on_outcome = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let outcome = match select.value().as_str() {
                "fail" => Outcome::Fail,
                "unknown" => Outcome::Unknown,
                _ => Outcome::Ok,
            };
            on_edit.emit(Edit::SetOutcome { op: id, outcome });
        })
    };
    let toggle_return = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| {
            on_edit.emit(Edit::Move {
                op: id,
                invoke: op.invoke,
                complete: match op.complete {
                    Some(_) => None,
                    None => Some(op.invoke + 2),
                },
            })
        })
    };
    let delete = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Delete { op: id }))
    };
    let kind = match op.action {
        Action::Read => "read",
        Action::Write(_) => "write",
        Action::Cas { .. } => "cas",
    };
    let outcome = dsw_history::outcome_word(op.outcome);
    html! {
        <div class="dsw-h-editor" role="group" aria-label={format!("Edit {}", props.name)}>
            <strong>{ format!("{} (client {})", props.name, op.client) }</strong>
            <label>{ "Does " }
                <select onchange={on_kind} aria-label="Operation">
                    { for ["write", "read", "cas"].into_iter().map(|k| html! { <option value={k} selected={k == kind}>{ k }</option> }) }
                </select>
            </label>
            { match op.action {
                Action::Write(v) => html! {
                    <label>{ "value " }<input class="dsw-num" value={v.to_string()} aria-label="Value written" onchange={on_value("write")} /></label>
                },
                Action::Read => html! {
                    <label>{ "returned " }<input class="dsw-num" value={op.result.map_or(String::new(), |r| r.to_string())}
                        aria-label="Value read" onchange={on_value("result")} /></label>
                },
                Action::Cas { from, to } => html! { <>
                    <label>{ "from " }<input class="dsw-num" value={from.to_string()} aria-label="Expected value" onchange={on_value("from")} /></label>
                    <label>{ "to " }<input class="dsw-num" value={to.to_string()} aria-label="New value" onchange={on_value("to")} /></label>
                </> },
            } }
            <label>{ "outcome " }
                <select onchange={on_outcome} aria-label="Outcome">
                    { for [("ok", "ok"), ("fail", "fail"), ("unknown", "unknown (timeout)")].into_iter().map(|(k, t)| html! {
                        <option value={k} selected={k == outcome}>{ t }</option>
                    }) }
                </select>
            </label>
            <button class="dsw-btn dsw-small" onclick={toggle_return}>
                { if op.complete.is_some() { "Never returns" } else { "Returns" } }
            </button>
            <button class="dsw-btn dsw-small" onclick={delete}>{ "Delete" }</button>
        </div>
    }
}
