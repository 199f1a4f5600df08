//! The real question banks in the book must pass the same checks the build runs.

use super::*;
use crate::{Kind, check_unique_ids};

#[test]
fn chapter_one_quiz_is_valid() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../src/ch01-foundations/quiz.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let quiz = crate::parse_quiz("src/ch01-foundations/quiz.toml", &text, &catalog())
        .unwrap_or_else(|errors| {
            panic!(
                "{}",
                errors.iter().map(|e| format!("{e}\n")).collect::<String>()
            )
        });
    assert_eq!(quiz.chapter, "ch01-foundations");
    assert!(quiz.questions.len() >= 12, "{}", quiz.questions.len());
    for kind in Kind::NAMES {
        let n = quiz
            .questions
            .iter()
            .filter(|q| q.kind.name() == kind)
            .count();
        assert!(n >= 1, "no {kind} question");
        if kind == "Predict" {
            assert_eq!(n, 3);
        }
    }
    assert!(quiz.questions.iter().all(|q| q.id.starts_with("ch01-")));
    for d in crate::Difficulty::ALL {
        assert!(quiz.questions.iter().any(|q| q.difficulty == d), "no {d:?}");
    }
    assert!(check_unique_ids(&[("ch01", &quiz)]).is_empty());
}
