//! Today's spaced review: the due questions from every chapter, one at a time.

use std::rc::Rc;

use yew::prelude::*;

use super::question::QuestionCard;
use super::{FIRST_OPEN_CONTROL, NoticeBanner, PageProps, focus, focus_first, use_store};
use crate::sessions::{ReviewSession, entries};
use crate::text::{chapter_href, chapter_name};
use crate::web;

pub enum ReviewMsg {
    Answered(bool),
    Next,
}

impl Reducible for ReviewSession {
    type Action = ReviewMsg;

    fn reduce(self: Rc<Self>, msg: ReviewMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            ReviewMsg::Answered(correct) => next.answered(correct),
            ReviewMsg::Next => next.next(),
        }
        Rc::new(next)
    }
}

#[function_component(ReviewPage)]
pub fn review_page(props: &PageProps) -> Html {
    let store = use_store();
    let today = *use_memo((), |()| web::today());
    let seed = *use_memo((), |()| web::random_seed());
    let root = use_memo((), |()| web::path_to_root());
    let session = {
        let (bank, store) = (props.bank.clone(), store.clone());
        use_reducer(move || ReviewSession::new(&entries(&bank), store.get().progress(), today))
    };
    let section = use_node_ref();
    let done = use_node_ref();
    {
        let (section, done, finished) = (section.clone(), done.clone(), session.is_done());
        use_effect_with(session.position, move |position| {
            if *position > 0 {
                if finished {
                    focus(&done);
                } else {
                    focus_first(&section, &[FIRST_OPEN_CONTROL]);
                }
            }
        });
    }

    let body = if session.queue.is_empty() {
        html! {
            <p class="dsw-review-empty" role="status">
                { "Nothing is due for review today: every question you have answered is scheduled for a later day. Come back tomorrow." }
            </p>
        }
    } else if let Some(entry) = session.entry() {
        let on_answered = {
            let (store, session, id) = (store.clone(), session.clone(), entry.question.id.clone());
            Callback::from(move |correct: bool| {
                store.get_mut().record(&id, correct, today);
                session.dispatch(ReviewMsg::Answered(correct));
            })
        };
        let on_next = {
            let session = session.clone();
            Callback::from(move |_: MouseEvent| session.dispatch(ReviewMsg::Next))
        };
        let answered = session.current.is_some();
        let last = session.position + 1 == session.queue.len();
        html! {
            <>
                <p class="dsw-review-count">{ session.count_line() }</p>
                <p class="dsw-review-from">
                    { "From " }
                    <a href={chapter_href(root.as_deref(), &entry.chapter)}>{ chapter_name(&props.bank, &entry.chapter) }</a>
                </p>
                <QuestionCard key={format!("{}-{}", session.position, entry.question.id)}
                    question={entry.question.clone()} oracle={props.oracle.clone()} {seed} {on_answered} />
                <div class="dsw-review-nav">
                    if answered {
                        <button type="button" class="dsw-btn dsw-review-next" onclick={on_next}>
                            { if last { "Finish the review" } else { "Next question" } }
                        </button>
                    } else {
                        <button type="button" class="dsw-btn dsw-review-skip" onclick={on_next}>{ "Skip for now" }</button>
                    }
                </div>
            </>
        }
    } else {
        html! {
            <p ref={done} class="dsw-review-done" role="status" tabindex="-1">{ session.done_line() }</p>
        }
    };

    html! {
        <section ref={section} class="dsw-quiz-root dsw-review" aria-label="Today's review">
            <NoticeBanner banner={store.get().banner()} />
            { body }
        </section>
    }
}
