//! Small questions of every kind for the native tests, built directly so the
//! tests do not depend on the TOML parser's wording.

use dsw_quiz::{Choice, Difficulty, Kind, Oracle, Outcome, Question, Quiz};

pub struct FakeOracle(pub Result<Outcome, String>);

impl Oracle for FakeOracle {
    fn predict(&self, _: &str, _: &str, _: u32, _: &str) -> Result<Outcome, String> {
        self.0.clone()
    }
}

fn choice(key: &str) -> Choice {
    Choice {
        key: key.to_owned(),
        text: format!("Option {key}"),
        why: format!("Why {key}"),
    }
}

fn question(id: &str, difficulty: Difficulty, tags: &[&str], kind: Kind) -> Question {
    Question {
        id: id.to_owned(),
        difficulty,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        prompt: format!("Prompt of `{id}`?"),
        context: Some("Context.".to_owned()),
        kind,
        line: 1,
    }
}

pub fn multiple_choice(id: &str) -> Question {
    question(
        id,
        Difficulty::Junior,
        &["basics"],
        Kind::MultipleChoice {
            options: vec![choice("a"), choice("b"), choice("c")],
            answer: 0,
        },
    )
}

pub fn multiple_select(id: &str) -> Question {
    question(
        id,
        Difficulty::Mid,
        &["basics", "timeouts"],
        Kind::MultipleSelect {
            options: vec![choice("a"), choice("b"), choice("c")],
            answers: vec![0, 1],
        },
    )
}

pub fn numeric(id: &str) -> Question {
    question(
        id,
        Difficulty::Mid,
        &["latency"],
        Kind::Numeric {
            answer: 250.0,
            tolerance: 5.0,
            unit: Some("ms".to_owned()),
        },
    )
}

pub fn ordering(id: &str) -> Question {
    question(
        id,
        Difficulty::Senior,
        &["failure-modes"],
        Kind::Ordering {
            items: ["Crash", "Omission", "Timing", "Byzantine"]
                .map(str::to_owned)
                .to_vec(),
        },
    )
}

pub fn short_answer(id: &str) -> Question {
    question(
        id,
        Difficulty::Junior,
        &["failure-modes"],
        Kind::ShortAnswer {
            answer: "Byzantine".to_owned(),
            alternatives: vec!["arbitrary".to_owned()],
        },
    )
}

pub fn predict(id: &str) -> Question {
    question(
        id,
        Difficulty::Mid,
        &["timeouts"],
        Kind::Predict {
            widget: "rpc".to_owned(),
            scenario: "reply-lost".to_owned(),
            step: 3,
            ask: "client-sees".to_owned(),
            options: vec![choice("reply"), choice("timeout")],
        },
    )
}

/// Two chapters: `ch01` with three questions, `ch02` with two.
pub fn bank() -> Vec<Quiz> {
    vec![
        Quiz {
            chapter: "ch01-foundations".to_owned(),
            title: Some("Foundations".to_owned()),
            questions: vec![
                multiple_choice("ch01-a"),
                numeric("ch01-b"),
                ordering("ch01-c"),
            ],
        },
        Quiz {
            chapter: "ch02-time".to_owned(),
            title: None,
            questions: vec![multiple_select("ch02-a"), short_answer("ch02-b")],
        },
    ]
}
