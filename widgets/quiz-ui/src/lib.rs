//! The quiz screens of the workbook, drawn with Yew on top of `dsw-quiz`:
//! a chapter's self-check ([`QuizView`]), and the book-wide pages for
//! progress ([`ProgressPage`]), spaced review ([`ReviewPage`]) and the
//! interview drill ([`DrillPage`]).
//!
//! Grading, scheduling and drills are `dsw-quiz`'s. What this crate adds
//! that can be pure is pure and tested natively: answering a question
//! (`answer`), the state of each screen (`sessions`), saved progress and its
//! failure modes behind a storage trait (`store`), and the words and links
//! shown (`text`). The components only draw that state and dispatch to it.
//!
//! The host mounts the components; see README.md beside this crate for the
//! placeholders, the class names browser tests rely on, and the links the
//! host is expected to handle.

use std::rc::Rc;

use dsw_quiz::{Oracle, Quiz};
use yew::prelude::*;

mod answer;
mod inline;
mod sessions;
mod store;
mod text;
mod view;
mod web;

#[cfg(test)]
mod fixtures;

pub use store::{BACKUP_PREFIX, STORAGE_KEY};
pub use view::{DrillPage, PageProps, ProgressPage, QuizView, QuizViewProps, ReviewPage, Stage};

/// The values of `data-dsw-quiz-page` that [`page_view`] knows.
pub const PAGE_KINDS: [&str; 3] = ["progress", "review", "drill"];

/// Reads a chapter placeholder's `data-dsw-quiz` attribute.
pub fn parse_quiz_json(json: &str) -> Result<Quiz, String> {
    serde_json::from_str(json).map_err(|e| format!("the quiz data cannot be read: {e}"))
}

/// Reads a book-wide page's `data-dsw-bank` attribute: every chapter's quiz.
pub fn parse_bank_json(json: &str) -> Result<Vec<Quiz>, String> {
    serde_json::from_str(json).map_err(|e| format!("the question bank cannot be read: {e}"))
}

/// The chapter quiz for a `data-dsw-quiz` placeholder, or an error box
/// saying why its data cannot be read.
pub fn quiz_view(json: &str, oracle: Rc<dyn Oracle>) -> Html {
    match parse_quiz_json(json) {
        Ok(quiz) => html! { <QuizView quiz={Rc::new(quiz)} {oracle} /> },
        Err(message) => html! { <dsw_kit::ErrorBox {message} /> },
    }
}

/// The book-wide page for a `data-dsw-quiz-page` placeholder (`kind` is one
/// of [`PAGE_KINDS`]), or an error box.
pub fn page_view(kind: &str, bank_json: &str, oracle: Rc<dyn Oracle>) -> Html {
    let bank = match parse_bank_json(bank_json) {
        Ok(bank) => Rc::new(bank),
        Err(message) => return html! { <dsw_kit::ErrorBox {message} /> },
    };
    match kind {
        "progress" => html! { <ProgressPage {bank} {oracle} /> },
        "review" => html! { <ReviewPage {bank} {oracle} /> },
        "drill" => html! { <DrillPage {bank} {oracle} /> },
        other => html! {
            <dsw_kit::ErrorBox message={format!(
                "there is no quiz page `{other}`; expected one of: {}",
                PAGE_KINDS.join(", ")
            )} />
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiz_and_bank_json_round_trip_and_errors_say_what_failed() {
        let bank = fixtures::bank();
        let json = serde_json::to_string(&bank[0]).unwrap();
        assert_eq!(parse_quiz_json(&json), Ok(bank[0].clone()));
        let json = serde_json::to_string(&bank).unwrap();
        assert_eq!(parse_bank_json(&json), Ok(bank));
        let err = parse_quiz_json("{\"chapter\": 1}").unwrap_err();
        assert!(err.starts_with("the quiz data cannot be read: "), "{err}");
        assert!(parse_bank_json("{}").unwrap_err().contains("bank"));
    }
}
