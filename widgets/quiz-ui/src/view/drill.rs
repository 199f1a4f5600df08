//! The interview drill: choose chapters, difficulties, a number of
//! questions and an optional timer; answer them one by one; read a report
//! that says which chapters to reread.

use std::rc::Rc;

use dsw_quiz::{Difficulty, Drill, Quiz, REREAD_BELOW, Score};
use gloo_timers::callback::Interval;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::question::QuestionCard;
use super::{FIRST_OPEN_CONTROL, NoticeBanner, PageProps, focus, focus_first, use_store};
use crate::sessions::{DrillMsg, DrillPhase, DrillState};
use crate::text::{chapter_href, chapter_name, clock, score};
use crate::web;

/// The drill's state with the bank it draws from, which `Reducible` cannot
/// pass in.
#[derive(Clone, PartialEq)]
struct Model {
    bank: Rc<Vec<Quiz>>,
    state: DrillState,
}

impl Reducible for Model {
    type Action = DrillMsg;

    fn reduce(self: Rc<Self>, msg: DrillMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        next.state.update(&next.bank, msg);
        Rc::new(next)
    }
}

/// Which screen is up (0 set-up, 1 a question, 2 the report), which question,
/// and which drill, for moving focus when it changes.
fn screen(state: &DrillState) -> (u8, usize, u32) {
    match &state.phase {
        DrillPhase::Setup => (0, 0, state.runs),
        DrillPhase::Running(run) => (1, run.current, state.runs),
        DrillPhase::Done { .. } => (2, 0, state.runs),
    }
}

#[function_component(DrillPage)]
pub fn drill_page(props: &PageProps) -> Html {
    let store = use_store();
    let today = *use_memo((), |()| web::today());
    let seed = *use_memo((), |()| web::random_seed());
    let root = use_memo((), |()| web::path_to_root());
    let model = {
        let bank = props.bank.clone();
        use_reducer(move || Model {
            state: DrillState::new(&bank),
            bank,
        })
    };
    let section = use_node_ref();
    let report = use_node_ref();

    // The timer lives only in this effect: it starts with each timed drill
    // and is dropped (stopped) when the drill ends or the page goes away.
    let timed_run = match &model.state.phase {
        DrillPhase::Running(run) if run.ends_at.is_some() => model.state.runs,
        _ => 0,
    };
    {
        let dispatcher = model.dispatcher();
        use_effect_with(timed_run, move |run| {
            let interval = (*run > 0).then(|| {
                Interval::new(1000, move || {
                    dispatcher.dispatch(DrillMsg::Tick {
                        now: web::now_millis(),
                    });
                })
            });
            move || drop(interval)
        });
    }
    {
        let (section, report) = (section.clone(), report.clone());
        // Each change of screen removes the button that caused it; focus
        // goes where the learner continues. Not on first load (runs == 0):
        // the page must not grab focus before the learner reaches it.
        use_effect_with(
            screen(&model.state),
            move |&(screen, _, runs)| match screen {
                0 if runs > 0 => focus_first(&section, &[".dsw-drill-setup input"]),
                1 => focus_first(&section, &[FIRST_OPEN_CONTROL]),
                2 => focus(&report),
                _ => {}
            },
        );
    }

    let send = |make: fn() -> DrillMsg| {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(make()))
    };

    let body = match &model.state.phase {
        DrillPhase::Setup => setup_view(&model, &store),
        DrillPhase::Running(run) => {
            let index = run.current;
            let on_answered = {
                let (store, model, id) = (
                    store.clone(),
                    model.clone(),
                    run.questions[index].id.clone(),
                );
                Callback::from(move |correct: bool| {
                    store.get_mut().record(&id, correct, today);
                    model.dispatch(DrillMsg::Answered { index, correct });
                })
            };
            html! {
                <div class="dsw-drill-run">
                    <div class="dsw-drill-status">
                        <span class="dsw-drill-progress">{ format!("Question {} of {}", index + 1, run.questions.len()) }</span>
                        if let Some(left) = run.seconds_left {
                            <span class="dsw-drill-timer" role="timer" aria-label="Time left">{ format!("Time left {}", clock(left)) }</span>
                        }
                    </div>
                    <QuestionCard key={format!("{}-{index}", model.state.runs)} question={run.questions[index].clone()}
                        oracle={props.oracle.clone()} {seed} {on_answered} />
                    <div class="dsw-drill-nav">
                        if run.current_answered() {
                            <button type="button" class="dsw-btn dsw-drill-next" onclick={send(|| DrillMsg::Next)}>
                                { if run.is_last() { "See the report" } else { "Next question" } }
                            </button>
                        }
                        <button type="button" class="dsw-btn dsw-drill-stop" onclick={send(|| DrillMsg::Stop)}>
                            { "Stop and see the report" }
                        </button>
                    </div>
                </div>
            }
        }
        DrillPhase::Done { drill, timed_out } => html! {
            <div ref={report} class="dsw-drill-report" tabindex="-1" aria-label="Drill report">
                { report_view(drill, *timed_out, &props.bank, root.as_deref()) }
                <button type="button" class="dsw-btn dsw-drill-again" onclick={send(|| DrillMsg::Again)}>
                    { "Set up another drill" }
                </button>
            </div>
        },
    };

    html! {
        <section ref={section} class="dsw-quiz-root dsw-drill" aria-label="Interview drill">
            <NoticeBanner banner={store.get().banner()} />
            { body }
        </section>
    }
}

fn setup_view(model: &UseReducerHandle<Model>, store: &super::StoreRef) -> Html {
    let (bank, setup) = (&model.bank, &model.state.setup);
    let onsubmit = {
        let (model, store) = (model.clone(), store.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // Fresh from storage: the drill draws the least-seen questions
            // first, and another tab may have answered some since.
            let progress = {
                let mut store = store.get_mut();
                store.refresh();
                store.progress().clone()
            };
            model.dispatch(DrillMsg::Start {
                seed: web::random_seed(),
                now: web::now_millis(),
                progress,
            });
        })
    };
    let typed = |make: fn(String) -> DrillMsg| {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            model.dispatch(make(input.value()));
        })
    };
    let chapters = bank.iter().map(|quiz| {
        let chapter = quiz.chapter.clone();
        let onchange = {
            let (model, chapter) = (model.clone(), chapter.clone());
            Callback::from(move |_: Event| model.dispatch(DrillMsg::ToggleChapter(chapter.clone())))
        };
        html! {
            <label class="dsw-drill-choice" key={chapter.clone()}>
                <input type="checkbox" class="dsw-drill-chapter" value={chapter.clone()}
                    checked={setup.chapters.contains(&chapter)} {onchange} />
                { format!(" {} ", chapter_name(bank, &chapter)) }
                <span class="dsw-drill-choice-count">{ format!("({})", quiz.questions.len()) }</span>
            </label>
        }
    });
    let difficulties = Difficulty::ALL.into_iter().map(|d| {
        let onchange = {
            let model = model.clone();
            Callback::from(move |_: Event| model.dispatch(DrillMsg::ToggleDifficulty(d)))
        };
        html! {
            <label class="dsw-drill-choice" key={d.as_str()}>
                <input type="checkbox" class="dsw-drill-difficulty" value={d.as_str()}
                    checked={setup.difficulties.contains(&d)} {onchange} />
                { format!(" {}", d.as_str()) }
            </label>
        }
    });
    let matching = setup.matching(bank);

    html! {
        <form class="dsw-drill-setup" novalidate=true {onsubmit}>
            <fieldset class="dsw-drill-chapters">
                <legend>{ "Chapters" }</legend>
                { for chapters }
            </fieldset>
            <fieldset class="dsw-drill-difficulties">
                <legend>{ "Difficulty" }</legend>
                { for difficulties }
            </fieldset>
            <div class="dsw-drill-numbers">
                <label class="dsw-drill-field">
                    <span>{ "Questions" }</span>
                    <input type="number" class="dsw-drill-count" min="1" step="1" inputmode="numeric"
                        value={setup.count.clone()} oninput={typed(DrillMsg::Count)} />
                </label>
                <label class="dsw-drill-field">
                    <span>{ "Timer, in minutes (empty for none)" }</span>
                    <input type="number" class="dsw-drill-minutes" min="0" step="any" inputmode="decimal"
                        value={setup.minutes.clone()} oninput={typed(DrillMsg::Minutes)} />
                </label>
            </div>
            <p class="dsw-drill-matching" aria-live="polite">
                { match matching {
                    1 => "1 question matches.".to_owned(),
                    n => format!("{n} questions match."),
                } }
            </p>
            if let Some(error) = &model.state.error {
                <p class="dsw-drill-error" role="alert">{ error }</p>
            }
            <button type="submit" class="dsw-btn dsw-drill-start">{ "Start the drill" }</button>
        </form>
    }
}

fn report_view(drill: &Drill, timed_out: bool, bank: &[Quiz], root: Option<&str>) -> Html {
    let report = drill.report();
    let unanswered = report.asked - report.answered;
    let threshold = (REREAD_BELOW * 100.0).round();
    let link = |chapter: &str| {
        html! { <a href={chapter_href(root, chapter)}>{ chapter_name(bank, chapter) }</a> }
    };
    let rows = |scores: &[Score], chapters: bool| -> Html {
        scores
            .iter()
            .map(|s| {
                html! {
                    <tr key={s.name.clone()} data-name={s.name.clone()}>
                        <th scope="row">
                            if chapters { { link(&s.name) } } else { { s.name.clone() } }
                        </th>
                        <td>{ score(s.correct, s.asked) }</td>
                    </tr>
                }
            })
            .collect()
    };
    html! {
        <>
            <p class="dsw-drill-total"><strong>{ format!("Score: {}", score(report.correct, report.asked)) }</strong></p>
            if unanswered > 0 {
                <p class="dsw-drill-unanswered">
                    { if timed_out { "Time ran out: " } else { "You stopped early: " } }
                    { match unanswered {
                        1 => "the question left unanswered counts as wrong, as silence would in an interview.".to_owned(),
                        n => format!("the {n} questions left unanswered count as wrong, as silence would in an interview."),
                    } }
                </p>
            }
            if report.reread.is_empty() {
                <p class="dsw-drill-all-good">{ format!("Every chapter scored {threshold}% or better.") }</p>
            } else {
                <div class="dsw-drill-reread">
                    <p>{ format!("Reread these chapters (below {threshold}%), weakest first:") }</p>
                    <ul>
                        { for report.reread.iter().map(|c| html! { <li key={c.clone()}>{ link(c) }</li> }) }
                    </ul>
                </div>
            }
            <div class="dsw-table-wrap">
                <table class="dsw-drill-by-chapter">
                    <caption>{ "By chapter" }</caption>
                    <thead><tr><th scope="col">{ "Chapter" }</th><th scope="col">{ "Right" }</th></tr></thead>
                    <tbody>{ rows(&report.by_chapter, true) }</tbody>
                </table>
            </div>
            <div class="dsw-table-wrap">
                <table class="dsw-drill-by-tag">
                    <caption>{ "By topic tag" }</caption>
                    <thead><tr><th scope="col">{ "Tag" }</th><th scope="col">{ "Right" }</th></tr></thead>
                    <tbody>{ rows(&report.by_tag, false) }</tbody>
                </table>
            </div>
        </>
    }
}
