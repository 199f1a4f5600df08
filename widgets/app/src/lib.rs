//! The one wasm bundle. The page's loader script (`web/loader.js`) gives each
//! placeholder its own instance of this module and calls [`mount`] on it, so a
//! panic in one widget can only break that widget's instance.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;

mod panic_box;
mod placement;
mod widgets;

pub use placement::{Placement, read_placement};

/// Mounts the widget or quiz described by the placeholder `root`.
#[wasm_bindgen]
pub fn mount(root: Element) {
    panic_box::install(&root);
    let placement = read_placement(&root);
    root.set_inner_html("");
    yew::Renderer::<Host>::with_root_and_props(root, HostProps { placement }).render();
}

/// The simulator's determinism fingerprint, computed in wasm; the browser
/// tests compare it with the native one (`cargo run -p dsw-sim --example
/// digest`).
#[wasm_bindgen]
pub fn determinism_digest(seed: u32, steps: u32) -> String {
    dsw_sim::determinism_digest(u64::from(seed), u64::from(steps))
}

#[derive(Properties, PartialEq)]
struct HostProps {
    placement: Placement,
}

#[function_component(Host)]
fn host(props: &HostProps) -> Html {
    // Predict-the-next-step questions are graded by the same simulators the
    // widgets run.
    let oracle = || -> Rc<dyn dsw_quiz::Oracle> { Rc::new(dsw_catalog::Simulators) };
    match &props.placement {
        Placement::Widget(config) => widgets::view(config),
        Placement::Quiz(quiz) => with_stage(html! {
            <dsw_quiz_ui::QuizView quiz={quiz.clone()} oracle={oracle()} />
        }),
        Placement::QuizPage { kind, bank } => {
            let (bank, oracle) = (bank.clone(), oracle());
            with_stage(match kind.as_str() {
                "progress" => html! { <dsw_quiz_ui::ProgressPage {bank} {oracle} /> },
                "review" => html! { <dsw_quiz_ui::ReviewPage {bank} {oracle} /> },
                _ => html! { <dsw_quiz_ui::DrillPage {bank} {oracle} /> },
            })
        }
        Placement::Broken { message, origin } => html! {
            <dsw_kit::ErrorBox message={message.clone()} origin={origin.clone()} />
        },
    }
}

/// Lets predict questions show their widget, frozen at the question's step.
fn with_stage(quiz: Html) -> Html {
    html! {
        <ContextProvider<dsw_quiz_ui::Stage> context={widgets::stage()}>{ quiz }</ContextProvider<dsw_quiz_ui::Stage>>
    }
}
