//! A chapter's "Check yourself" quiz: every question on the page, a running
//! score, and a retry of just the wrong ones.

use std::rc::Rc;

use dsw_quiz::{Oracle, Question, Quiz};
use yew::prelude::*;

use super::question::QuestionCard;
use super::{FIRST_OPEN_CONTROL, NoticeBanner, focus_first, use_store};
use crate::sessions::ChapterRun;
use crate::web;

#[derive(Properties)]
pub struct QuizViewProps {
    pub quiz: Rc<Quiz>,
    pub oracle: Rc<dyn Oracle>,
}

impl PartialEq for QuizViewProps {
    fn eq(&self, other: &Self) -> bool {
        super::same(&self.quiz, &other.quiz) && Rc::ptr_eq(&self.oracle, &other.oracle)
    }
}

#[derive(Clone, PartialEq)]
struct RunState {
    run: ChapterRun,
    retries: u32,
}

enum RunMsg {
    Answered(usize, bool),
    Retry,
}

impl Reducible for RunState {
    type Action = RunMsg;

    fn reduce(self: Rc<Self>, msg: RunMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            RunMsg::Answered(i, correct) => next.run.answered(i, correct),
            RunMsg::Retry => {
                next.run.retry_wrong();
                next.retries += 1;
            }
        }
        Rc::new(next)
    }
}

#[function_component(QuizView)]
pub fn quiz_view(props: &QuizViewProps) -> Html {
    let store = use_store();
    let today = *use_memo((), |()| web::today());
    let seed = *use_memo((), |()| web::random_seed());
    let questions: Rc<Vec<Rc<Question>>> = use_memo(props.quiz.clone(), |quiz| {
        quiz.questions.iter().cloned().map(Rc::new).collect()
    });
    let state = {
        let n = props.quiz.questions.len();
        use_reducer(move || RunState {
            run: ChapterRun::new(n),
            retries: 0,
        })
    };
    let root = use_node_ref();
    {
        // The Retry button vanishes once pressed; continue at the first
        // question it reopened.
        let root = root.clone();
        use_effect_with(state.retries, move |retries| {
            if *retries > 0 {
                focus_first(&root, &[FIRST_OPEN_CONTROL]);
            }
        });
    }

    let total = questions.len();
    let run = &state.run;
    let cards = questions.iter().enumerate().map(|(i, question)| {
        let on_answered = {
            let (store, state, id) = (store.clone(), state.clone(), question.id.clone());
            Callback::from(move |correct: bool| {
                store.get_mut().record(&id, correct, today);
                state.dispatch(RunMsg::Answered(i, correct));
            })
        };
        let attempt = run.attempts.get(i).copied().unwrap_or_default();
        html! {
            <li class="dsw-q-item" key={format!("{}#{attempt}", question.id)}>
                <QuestionCard question={question.clone()} oracle={props.oracle.clone()} {seed}
                    {on_answered} label={AttrValue::from(format!("Question {} of {total}", i + 1))} />
            </li>
        }
    });
    let on_retry = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(RunMsg::Retry))
    };
    let wrong = run.wrong();
    let title = props
        .quiz
        .title
        .clone()
        .unwrap_or_else(|| props.quiz.chapter.clone());

    html! {
        <section ref={root} class="dsw-quiz-root dsw-quiz-chapter" data-chapter={props.quiz.chapter.clone()}
            aria-label={format!("Quiz: {title}")}>
            <NoticeBanner banner={store.get().banner()} />
            <p class="dsw-quiz-intro">
                { format!("{total} questions. Your answers stay in this browser; nothing is sent anywhere.") }
            </p>
            <ol class="dsw-q-list">{ for cards }</ol>
            <div class="dsw-q-summary" role="status">
                <p class="dsw-q-score">{ run.score_line() }</p>
            </div>
            if run.is_finished() && wrong > 0 {
                <button type="button" class="dsw-btn dsw-q-retry" onclick={on_retry}>
                    { if wrong == 1 { "Retry the wrong question".to_owned() } else { format!("Retry the {wrong} wrong questions") } }
                </button>
            }
        </section>
    }
}
