//! One test binary for the crate, split by area. Fixtures are small TOML
//! snippets that each test bends in one place, so every error path is shown
//! against an otherwise valid file.

mod display;
mod drill;
mod grade;
mod parse_errors;
mod parse_ok;
mod progress;
mod review;

use crate::{QuizError, StaticCatalog, parse_quiz};

/// The `rpc` widget as FORMAT.md describes it.
pub(super) fn catalog() -> StaticCatalog {
    StaticCatalog::new()
        .widget(
            "rpc",
            &[
                "ok",
                "request-lost",
                "server-crashed-before",
                "server-crashed-after",
                "reply-lost",
                "slow-reply",
            ],
        )
        .ask("rpc", "client-sees", &["reply", "timeout"])
        .ask("rpc", "server-applied-count", &["0", "1", "2"])
        .ask(
            "rpc",
            "next-message",
            &["request", "reply", "retry", "none"],
        )
}

pub(super) fn quiz(questions: &str) -> String {
    format!("chapter = \"ch-test\"\n{questions}")
}

pub(super) fn parse(text: &str) -> Result<crate::Quiz, Vec<QuizError>> {
    parse_quiz("q.toml", text, &catalog())
}

pub(super) fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(q) => panic!("expected errors, parsed {} questions", q.questions.len()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

pub(super) fn only_error(text: &str) -> String {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

/// A valid question of each kind. Line 1 of a `quiz(...)` file is the
/// chapter, so `[[questions]]` of the first snippet is on line 3.
pub(super) const MC: &str = r#"
[[questions]]
id = "mc"
type = "MultipleChoice"
difficulty = "junior"
tags = ["t"]
prompt.prompt = "Q?"
answer.answer = "a"

[[questions.options]]
key = "a"
text = "A"
why = "because"

[[questions.options]]
key = "b"
text = "B"
why = "because not"
"#;

pub(super) const MS: &str = r#"
[[questions]]
id = "ms"
type = "MultipleSelect"
difficulty = "mid"
tags = ["t"]
prompt.prompt = "Q?"
answer.answer = ["a", "c"]

[[questions.options]]
key = "a"
text = "A"
why = "yes"

[[questions.options]]
key = "b"
text = "B"
why = "no"

[[questions.options]]
key = "c"
text = "C"
why = "yes"
"#;

pub(super) const NUM: &str = r#"
[[questions]]
id = "num"
type = "Numeric"
difficulty = "mid"
tags = ["t"]
prompt.prompt = "How many?"
answer.answer = 10
answer.tolerance = 0.5
answer.unit = "ms"
context = "Because."
"#;

pub(super) const ORD: &str = r#"
[[questions]]
id = "ord"
type = "Ordering"
difficulty = "senior"
tags = ["t"]
prompt.prompt = "Order them."
answer.answer = ["one", "two", "three"]
context = "Because."
"#;

pub(super) const SHORT: &str = r#"
[[questions]]
id = "short"
type = "ShortAnswer"
difficulty = "junior"
tags = ["t"]
prompt.prompt = "Name it."
answer.answer = "Byzantine fault"
answer.alternatives = ["arbitrary"]
context = "Because."
"#;

pub(super) const PREDICT: &str = r#"
[[questions]]
id = "pr"
type = "Predict"
difficulty = "mid"
tags = ["t"]
prompt.prompt = "What does the client see?"
prompt.widget = "rpc"
prompt.scenario = "reply-lost"
prompt.step = 3
prompt.ask = "client-sees"

[[questions.options]]
key = "reply"
text = "A reply"
why = "needs both messages"

[[questions.options]]
key = "timeout"
text = "Nothing"
why = "silence"
"#;
