//! One question: its inputs, the Submit button and the feedback. Every
//! screen (chapter, review, drill) asks through this card.

use std::rc::Rc;

use dsw_quiz::{Kind, Oracle, Question};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{focus, focus_first, inline, rich};
use crate::answer::{AnswerState, Draft, Edit, option_mark};
use dsw_kit::show_href;

#[derive(Properties)]
pub struct CardProps {
    pub question: Rc<Question>,
    pub oracle: Rc<dyn Oracle>,
    /// Shuffles the options; keep it for the page so a re-render or a retry
    /// does not move them under the learner.
    pub seed: u64,
    /// Called once per attempt with whether the answer was right.
    pub on_answered: Callback<bool>,
    /// "Question 2 of 7" and the like.
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// How a predict question shows its widget: the host provides it as a Yew
/// context, since only the host links the widgets. Called with the widget,
/// the scenario, the step, and whether the widget is still frozen (until the
/// question is answered, so the animation cannot give the answer away).
#[derive(Clone)]
pub struct Stage(pub Rc<StageFn>);

/// (widget, scenario, step, frozen) to the widget's view.
pub type StageFn = dyn Fn(&str, &str, u32, bool) -> Html;

impl PartialEq for Stage {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for CardProps {
    fn eq(&self, other: &Self) -> bool {
        super::same(&self.question, &other.question)
            && Rc::ptr_eq(&self.oracle, &other.oracle)
            && self.seed == other.seed
            && self.on_answered == other.on_answered
            && self.label == other.label
    }
}

pub enum CardMsg {
    Edit(Edit),
    Submit(Rc<dyn Oracle>),
}

impl Reducible for AnswerState {
    type Action = CardMsg;

    fn reduce(self: Rc<Self>, msg: CardMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            CardMsg::Edit(edit) => next.edit(edit),
            CardMsg::Submit(oracle) => next.submit(Some(oracle.as_ref())),
        }
        Rc::new(next)
    }
}

#[function_component(QuestionCard)]
pub fn question_card(props: &CardProps) -> Html {
    let state = {
        let (question, seed) = (props.question.clone(), props.seed);
        use_reducer(move || AnswerState::new(question, seed))
    };
    let root = use_node_ref();
    let feedback = use_node_ref();
    let stage = use_context::<Stage>();

    {
        let on_answered = props.on_answered.clone();
        use_effect_with(state.correct(), move |correct| {
            if let Some(correct) = *correct {
                on_answered.emit(correct);
            }
        });
    }
    {
        // The Submit button disappears with the answer; the verdict is
        // where a keyboard or screen-reader user wants to be next.
        let feedback = feedback.clone();
        use_effect_with(state.is_answered(), move |answered| {
            if *answered {
                focus(&feedback);
            }
        });
    }
    {
        // Reordering moves the list item in the DOM, which can drop focus;
        // put it back on the button that moves the same item on.
        let root = root.clone();
        let moved = state.moved;
        use_effect_with(state.moves, move |moves| {
            if let (true, Some(moved)) = (*moves > 0, moved) {
                let (same, other) = if moved.up {
                    ("dsw-q-up", "dsw-q-down")
                } else {
                    ("dsw-q-down", "dsw-q-up")
                };
                let item = format!("[data-index=\"{}\"]", moved.item);
                focus_first(
                    &root,
                    &[
                        &format!("{item} .{same}:not([disabled])"),
                        &format!("{item} .{other}"),
                    ],
                );
            }
        });
    }

    let question = &props.question;
    let answered = state.is_answered();
    let onsubmit = {
        let state = state.clone();
        let oracle = props.oracle.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(CardMsg::Submit(oracle.clone()));
        })
    };
    let edit = |edit: Edit| {
        let state = state.clone();
        move || state.dispatch(CardMsg::Edit(edit.clone()))
    };
    let prompt_id = format!("dsw-q-{}-prompt", question.id);
    let difficulty = question.difficulty.as_str();

    let inputs = match (&question.kind, &state.draft) {
        (
            Kind::MultipleChoice { options, .. } | Kind::Predict { options, .. },
            Draft::Choice(picked),
        ) => {
            let name = format!("dsw-q-{}", question.id);
            let rows = state.shown.iter().map(|&i| {
                let option = &options[i];
                let chosen = *picked == Some(i);
                let pick = edit(Edit::Pick(i));
                html! {
                    <li key={option.key.clone()}>
                        <label class={classes!("dsw-q-option", option_classes(&state, i, chosen))} data-key={option.key.clone()}>
                            <input type="radio" name={name.clone()} value={option.key.clone()} checked={chosen}
                                onchange={Callback::from(move |_: Event| pick())} />
                            <span class="dsw-q-option-text">{ inline(&option.text) }</span>
                        </label>
                    </li>
                }
            });
            html! {
                <fieldset class="dsw-q-fieldset" disabled={answered}>
                    <legend class="dsw-q-instruction">{ "Choose one answer." }</legend>
                    <ul class="dsw-q-options">{ for rows }</ul>
                </fieldset>
            }
        }
        (Kind::MultipleSelect { options, .. }, Draft::Choices(ticked)) => {
            let rows = state.shown.iter().map(|&i| {
                let option = &options[i];
                let chosen = ticked.contains(&i);
                let toggle = edit(Edit::Toggle(i));
                html! {
                    <li key={option.key.clone()}>
                        <label class={classes!("dsw-q-option", option_classes(&state, i, chosen))} data-key={option.key.clone()}>
                            <input type="checkbox" value={option.key.clone()} checked={chosen}
                                onchange={Callback::from(move |_: Event| toggle())} />
                            <span class="dsw-q-option-text">{ inline(&option.text) }</span>
                        </label>
                    </li>
                }
            });
            html! {
                <fieldset class="dsw-q-fieldset" disabled={answered}>
                    <legend class="dsw-q-instruction">{ "Choose every answer that applies." }</legend>
                    <ul class="dsw-q-options">{ for rows }</ul>
                </fieldset>
            }
        }
        (Kind::Numeric { unit, .. }, Draft::Number(text)) => {
            let oninput = typed(&state);
            html! {
                <label class="dsw-q-field">
                    <span class="dsw-q-instruction">{ "Your answer" }</span>
                    <span class="dsw-q-field-row">
                        <input class="dsw-q-number" type="text" inputmode="decimal" autocomplete="off"
                            spellcheck="false" value={text.clone()} disabled={answered} {oninput} />
                        if let Some(unit) = unit {
                            <span class="dsw-q-unit">{ unit }</span>
                        }
                    </span>
                </label>
            }
        }
        (Kind::ShortAnswer { .. }, Draft::Text(text)) => {
            let oninput = typed(&state);
            html! {
                <label class="dsw-q-field">
                    <span class="dsw-q-instruction">{ "Your answer" }</span>
                    <input class="dsw-q-text" type="text" autocomplete="off" spellcheck="false"
                        value={text.clone()} disabled={answered} {oninput} />
                </label>
            }
        }
        (Kind::Ordering { items }, Draft::Order(order)) => {
            let placed = state.placed();
            let last = order.len().saturating_sub(1);
            let rows = order.iter().enumerate().map(|(position, &item)| {
                let text = &items[item];
                let up = edit(Edit::Move { position, up: true });
                let down = edit(Edit::Move { position, up: false });
                let right = placed.get(position).map(|&(_, right)| right);
                html! {
                    <li key={item} data-index={item.to_string()} class={classes!(
                        "dsw-q-order-item",
                        (right == Some(true)).then_some("dsw-q-placed-right"),
                        (right == Some(false)).then_some("dsw-q-placed-wrong"),
                    )}>
                        <span class="dsw-q-order-text">{ inline(text) }</span>
                        if let Some(right) = right {
                            <span class="dsw-q-mark">{ if right { "✓ in place" } else { "✗ not here" } }</span>
                        }
                        <span class="dsw-q-order-buttons">
                            <button type="button" class="dsw-btn dsw-q-up" aria-label={format!("Move “{text}” up")}
                                title="Move up" disabled={answered || position == 0}
                                onclick={Callback::from(move |_: MouseEvent| up())}>{ "↑" }</button>
                            <button type="button" class="dsw-btn dsw-q-down" aria-label={format!("Move “{text}” down")}
                                title="Move down" disabled={answered || position == last}
                                onclick={Callback::from(move |_: MouseEvent| down())}>{ "↓" }</button>
                        </span>
                    </li>
                }
            });
            html! {
                <fieldset class="dsw-q-fieldset" disabled={answered}>
                    <legend class="dsw-q-instruction">{ "Put these in order, first at the top, with the ↑ and ↓ buttons." }</legend>
                    <ol class="dsw-q-order">{ for rows }</ol>
                    <p class="dsw-visually-hidden" aria-live="polite">{ state.move_announcement().unwrap_or_default() }</p>
                </fieldset>
            }
        }
        _ => html! { <p class="dsw-q-problem">{ "This question cannot be shown." }</p> },
    };

    let scenario = match &question.kind {
        Kind::Predict {
            widget,
            scenario,
            step,
            ..
        } => html! { <>
            <p class="dsw-q-scenario">
                { "Scenario " }<code>{ scenario }</code>{ " of the " }<code>{ widget }</code>
                { format!(" widget, after step {step}. ") }
                <a class="dsw-q-show" href={show_href(widget, scenario, *step)}>{ "Show me in the widget" }</a>
            </p>
            if let Some(Stage(render)) = &stage {
                <div class="dsw-q-stage">{ render(widget, scenario, *step, !answered) }</div>
            }
        </> },
        _ => Html::default(),
    };

    html! {
        <form ref={root} class={classes!("dsw-q", answered.then_some("dsw-q-answered"))}
            data-qid={question.id.clone()} data-kind={question.kind.name()}
            aria-labelledby={prompt_id.clone()} novalidate=true {onsubmit}>
            <div class="dsw-q-head">
                if let Some(label) = &props.label {
                    <span class="dsw-q-label">{ label.clone() }</span>
                }
                <span class={classes!("dsw-q-difficulty", format!("dsw-q-difficulty-{difficulty}"))}
                    title="Difficulty">{ difficulty }</span>
            </div>
            <div class="dsw-q-prompt" id={prompt_id}>{ rich(&question.prompt) }</div>
            { scenario }
            { inputs }
            if let Some(problem) = &state.problem {
                <p class="dsw-q-problem" role="alert">{ problem }</p>
            }
            if !answered {
                <button type="submit" class="dsw-btn dsw-q-submit">{ "Submit" }</button>
            }
            <div ref={feedback} tabindex="-1" class="dsw-q-feedback-slot">
                { feedback_view(&state) }
            </div>
        </form>
    }
}

fn typed(state: &UseReducerHandle<AnswerState>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        state.dispatch(CardMsg::Edit(Edit::Type(input.value())));
    })
}

fn option_classes(state: &AnswerState, index: usize, chosen: bool) -> Classes {
    let mut classes = Classes::new();
    if chosen {
        classes.push("dsw-q-chosen");
    }
    if let Some(feedback) = state.verdict.as_ref().and_then(|v| v.options.get(index)) {
        classes.push(if feedback.correct {
            "dsw-q-option-right"
        } else {
            "dsw-q-option-wrong"
        });
    }
    classes
}

fn feedback_view(state: &AnswerState) -> Html {
    let Some(verdict) = &state.verdict else {
        return Html::default();
    };
    let question = &state.question;
    let has_options = question.kind.options().is_some();
    let whys = state.option_feedback().into_iter().map(|o| {
        html! {
            <li class={classes!(
                "dsw-q-why",
                o.correct.then_some("dsw-q-why-right"),
                o.chosen.then_some("dsw-q-why-chosen"),
            )} data-key={o.key.clone()}>
                <span class="dsw-q-why-mark">{ option_mark(o) }</span>
                <span class="dsw-q-why-option">{ inline(&o.text) }</span>
                <span class="dsw-q-why-text">{ inline(&o.why) }</span>
            </li>
        }
    });
    html! {
        <div class={classes!("dsw-q-feedback", if verdict.correct { "dsw-q-correct" } else { "dsw-q-wrong" })}>
            <p class="dsw-q-verdict">
                <strong>{ if verdict.correct { "✓ Correct." } else { "✗ Not quite." } }</strong>
            </p>
            // Choice questions mark the right option in the list below.
            if !has_options {
                <p class="dsw-q-answer">{ "The answer: " }{ inline(&verdict.correct_answer) }</p>
            }
            if has_options {
                <ul class="dsw-q-whys" aria-label="Why each option is right or wrong">{ for whys }</ul>
            }
            if let Some(log) = &verdict.event_log {
                <div class="dsw-q-log">
                    <p class="dsw-q-log-title">{ "What the simulator did:" }</p>
                    <pre class="dsw-q-log-text">{ log }</pre>
                </div>
            }
            if let Some(explanation) = &verdict.explanation {
                <div class="dsw-q-explanation">{ rich(explanation) }</div>
            }
        </div>
    }
}
