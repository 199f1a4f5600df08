//! The Yew components. They draw the state kept by `answer`, `sessions` and
//! `store`, and turn clicks and keys into messages for it; no grading or
//! scheduling decision is made here.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::inline::{Span, paragraphs, spans};
use crate::store::{Banner, ProgressStore};
use crate::web::{self, WebStorage};

mod chapter;
mod drill;
mod progress;
mod question;
mod review;

pub use chapter::{QuizView, QuizViewProps};
pub use drill::DrillPage;
pub use progress::ProgressPage;
pub use question::Stage;
pub use review::ReviewPage;

/// The props every book-wide page takes: the whole bank and the simulator.
#[derive(Properties, Clone)]
pub struct PageProps {
    /// Every chapter's quiz, in book order.
    pub bank: Rc<Vec<dsw_quiz::Quiz>>,
    pub oracle: Rc<dyn dsw_quiz::Oracle>,
}

impl PartialEq for PageProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.bank, &other.bank) && Rc::ptr_eq(&self.oracle, &other.oracle)
    }
}

/// Pointer first, so a re-render with the same data costs no deep compare.
fn same<T: PartialEq + ?Sized>(a: &Rc<T>, b: &Rc<T>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}

pub(crate) type Store = ProgressStore<WebStorage>;

/// A component's handle on saved progress; equal only to itself.
#[derive(Clone)]
pub(crate) struct StoreRef(Rc<RefCell<Store>>);

impl PartialEq for StoreRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl StoreRef {
    pub fn get(&self) -> std::cell::Ref<'_, Store> {
        self.0.borrow()
    }

    pub fn get_mut(&self) -> std::cell::RefMut<'_, Store> {
        self.0.borrow_mut()
    }
}

/// Opens saved progress once per component that shows a whole screen.
#[hook]
pub(crate) fn use_store() -> StoreRef {
    let store = use_mut_ref(|| Store::open(WebStorage::open(), web::now_millis() as i64));
    StoreRef(store)
}

/// Text with code spans, without paragraph breaks (options, list items).
pub(crate) fn inline(text: &str) -> Html {
    spans(text)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => html! { { t } },
            Span::Code(c) => html! { <code>{ c }</code> },
        })
        .collect()
}

/// Text with paragraphs and code spans (prompts, explanations).
pub(crate) fn rich(text: &str) -> Html {
    paragraphs(text)
        .iter()
        .map(|p| html! { <p>{ inline(p) }</p> })
        .collect()
}

/// Moves keyboard focus inside `root` to the first element matching the
/// first selector that matches anything, after a change removed or moved
/// the element that had it.
pub(crate) fn focus_first(root: &NodeRef, selectors: &[&str]) {
    let Some(root) = root.cast::<Element>() else {
        return;
    };
    let found = selectors
        .iter()
        .find_map(|s| root.query_selector(s).ok().flatten());
    if let Some(el) = found.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

pub(crate) fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// The first control of the question not yet answered: where a keyboard
/// user continues after moving on.
pub(crate) const FIRST_OPEN_CONTROL: &str = ".dsw-q:not(.dsw-q-answered) input:not([disabled]), .dsw-q:not(.dsw-q-answered) button:not([disabled])";

#[derive(Properties, PartialEq)]
pub(crate) struct NoticeProps {
    pub banner: Banner,
}

/// What the learner must know about their saved progress, at the top of
/// every quiz screen.
#[function_component(NoticeBanner)]
pub(crate) fn notice_banner(props: &NoticeProps) -> Html {
    let banner = &props.banner;
    if banner.is_empty() {
        return Html::default();
    }
    html! {
        <div class={classes!("dsw-notice", banner.memory_only.then_some("dsw-notice-memory"))} role="status">
            { for banner.lines.iter().map(|line| html! { <p>{ line }</p> }) }
            if let Some(raw) = &banner.unreadable {
                <p>
                    <a class="dsw-notice-download" href={web::data_url(raw)}
                        download="dsw-quiz-progress-unreadable.json">
                        { "Download the unreadable data" }
                    </a>
                </p>
            }
        </div>
    }
}
