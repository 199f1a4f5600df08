use super::*;
use crate::{Difficulty, Kind, Quiz};

#[test]
fn every_kind_parses_into_its_model() {
    let text = quiz(&[MC, MS, NUM, ORD, SHORT, PREDICT].concat());
    let quiz = parse(&text).unwrap();
    assert_eq!(quiz.chapter, "ch-test");
    assert_eq!(quiz.title, None);
    assert_eq!(quiz.ids(), ["mc", "ms", "num", "ord", "short", "pr"]);

    let mc = quiz.question("mc").unwrap();
    assert_eq!(mc.difficulty, Difficulty::Junior);
    assert_eq!(mc.tags, ["t"]);
    assert_eq!(mc.prompt, "Q?");
    assert_eq!(mc.line, 3);
    let Kind::MultipleChoice { options, answer } = &mc.kind else {
        panic!("{:?}", mc.kind)
    };
    assert_eq!(*answer, 0);
    assert_eq!(options[1].why, "because not");

    assert!(matches!(
        &quiz.question("ms").unwrap().kind,
        Kind::MultipleSelect { answers, .. } if answers == &[0, 2]
    ));
    assert_eq!(
        quiz.question("num").unwrap().kind,
        Kind::Numeric {
            answer: 10.0,
            tolerance: 0.5,
            unit: Some("ms".into())
        }
    );
    assert_eq!(
        quiz.question("ord").unwrap().kind,
        Kind::Ordering {
            items: vec!["one".into(), "two".into(), "three".into()]
        }
    );
    assert_eq!(
        quiz.question("short").unwrap().kind,
        Kind::ShortAnswer {
            answer: "Byzantine fault".into(),
            alternatives: vec!["arbitrary".into()]
        }
    );
    let Kind::Predict {
        widget,
        scenario,
        step,
        ask,
        options,
    } = &quiz.question("pr").unwrap().kind
    else {
        panic!()
    };
    assert_eq!(
        (widget.as_str(), scenario.as_str(), *step, ask.as_str()),
        ("rpc", "reply-lost", 3, "client-sees")
    );
    assert_eq!(options.len(), 2);
}

#[test]
fn optional_fields_take_their_defaults() {
    let text = quiz(
        &NUM.replace("answer.tolerance = 0.5\n", "")
            .replace("answer.unit = \"ms\"\n", ""),
    );
    let quiz = parse(&text).unwrap();
    assert_eq!(
        quiz.questions[0].kind,
        Kind::Numeric {
            answer: 10.0,
            tolerance: 0.0,
            unit: None
        }
    );
    let text = super::quiz(&SHORT.replace("answer.alternatives = [\"arbitrary\"]\n", ""));
    assert!(matches!(
        &parse(&text).unwrap().questions[0].kind,
        Kind::ShortAnswer { alternatives, .. } if alternatives.is_empty()
    ));
}

#[test]
fn tables_may_be_written_out_instead_of_dotted() {
    let text = r#"
chapter = "ch-test"
title = "Written out"

[[questions]]
id = "written"
type = "Numeric"
difficulty = "senior"
tags = ["a", "b-2"]
context = """
Multi-line
explanation."""

[questions.prompt]
prompt = "How many?"

[questions.answer]
answer = 1e3
tolerance = 0
"#;
    let quiz = parse(text).unwrap();
    assert_eq!(quiz.title.as_deref(), Some("Written out"));
    assert_eq!(
        quiz.questions[0].context.as_deref(),
        Some("Multi-line\nexplanation.")
    );
    assert!(matches!(quiz.questions[0].kind, Kind::Numeric { answer, .. } if answer == 1000.0));
}

/// FORMAT.md promises its example is complete and valid; hold it to that.
#[test]
fn the_example_in_format_md_is_valid() {
    let doc = include_str!("../../FORMAT.md");
    let example = doc
        .split("```toml\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .find(|block| block.starts_with("chapter = \"ch00-example\""))
        .expect("FORMAT.md has the full example");
    let quiz = parse(example).unwrap_or_else(|e| panic!("{e:#?}"));
    let kinds: Vec<&str> = quiz.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds, Kind::NAMES);
}

#[test]
fn a_checked_quiz_round_trips_through_json_for_the_wasm_side() {
    let quiz = parse(&quiz(&[MC, MS, NUM, ORD, SHORT, PREDICT].concat())).unwrap();
    let json = serde_json::to_string(&quiz).unwrap();
    let back: Quiz = serde_json::from_str(&json).unwrap();
    assert_eq!(back, quiz);
}
