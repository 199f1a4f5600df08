//! Checks quiz files on their own, before they join a chapter:
//! `cargo run -q -p dsw-quiz --example check -- src/ch10-paxos/quiz.toml`.
//! Predict questions are not checked against a simulator here (the book
//! build does that); any widget and scenario name is accepted.

use dsw_quiz::{ScenarioCatalog, parse_quiz};

struct AnyScenario;

impl ScenarioCatalog for AnyScenario {
    fn has_widget(&self, _widget: &str) -> bool {
        true
    }

    fn has_scenario(&self, _widget: &str, _scenario: &str) -> bool {
        true
    }
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: check QUIZ.toml...");
        std::process::exit(2);
    }
    let mut failed = false;
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {file}: {e}");
                failed = true;
                continue;
            }
        };
        match parse_quiz(file, &text, &AnyScenario) {
            Ok(quiz) => println!(
                "{file}: {} questions, all well formed",
                quiz.questions.len()
            ),
            Err(errors) => {
                failed = true;
                for e in errors {
                    eprintln!("error: {e}");
                }
            }
        }
    }
    std::process::exit(i32::from(failed));
}
