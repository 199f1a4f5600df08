use super::*;
use crate::{
    GradeError, Oracle, Outcome, Question, Response, check_predictions, grade, normalize_answer,
    parse_number,
};

fn question(snippet: &str) -> Question {
    parse(&quiz(snippet)).unwrap().questions.remove(0)
}

fn check(q: &Question, r: Response) -> crate::Verdict {
    grade(q, &r, None).unwrap()
}

#[test]
fn multiple_choice_explains_every_option() {
    let q = question(&MC.replace("answer.answer", "context = \"General.\"\nanswer.answer"));
    let v = check(&q, Response::Choice("b".into()));
    assert!(!v.correct);
    assert_eq!(v.correct_answer, "A");
    assert_eq!(v.explanation.as_deref(), Some("General."));
    let summary: Vec<(&str, &str, bool, bool)> = v
        .options
        .iter()
        .map(|o| (o.key.as_str(), o.why.as_str(), o.chosen, o.correct))
        .collect();
    assert_eq!(
        summary,
        [
            ("a", "because", false, true),
            ("b", "because not", true, false)
        ]
    );
    assert!(check(&q, Response::Choice("a".into())).correct);
}

#[test]
fn multiple_select_wants_the_exact_set() {
    let q = question(MS);
    let pick = |keys: &[&str]| {
        check(
            &q,
            Response::Choices(keys.iter().map(|k| (*k).to_owned()).collect()),
        )
    };
    assert!(pick(&["a", "c"]).correct);
    assert!(
        pick(&["c", "a", "c"]).correct,
        "order and repeats do not matter"
    );
    assert!(!pick(&["a"]).correct, "a missing right option is wrong");
    assert!(
        !pick(&["a", "b", "c"]).correct,
        "an extra wrong option is wrong"
    );
    assert!(!pick(&[]).correct);
    let v = pick(&["a"]);
    assert_eq!(v.correct_answer, "A; C");
    assert_eq!(v.options.iter().filter(|o| o.chosen).count(), 1);
}

#[test]
fn numeric_tolerance_is_inclusive() {
    let q = question(NUM);
    for (x, right) in [
        (10.0, true),
        (10.5, true),
        (9.5, true),
        (10.500_001, false),
        (9.49, false),
        (f64::NAN, false),
        (f64::INFINITY, false),
    ] {
        assert_eq!(check(&q, Response::Number(x)).correct, right, "{x}");
    }
    assert_eq!(
        check(&q, Response::Number(1.0)).correct_answer,
        "10 ms (± 0.5)"
    );
    let exact = question(
        &NUM.replace("answer.tolerance = 0.5\n", "")
            .replace("answer.answer = 10", "answer.answer = 0.3"),
    );
    assert!(
        check(&exact, Response::Number(0.1 + 0.2)).correct,
        "decimal round-off is not a wrong answer"
    );
    assert_eq!(
        check(&exact, Response::Number(0.3)).correct_answer,
        "0.3 ms"
    );
}

#[test]
fn typed_numbers_may_carry_the_unit() {
    assert_eq!(parse_number(" 250 ", Some("ms")), Ok(250.0));
    assert_eq!(parse_number("250ms", Some("ms")), Ok(250.0));
    assert_eq!(parse_number("250 MS", Some("ms")), Ok(250.0));
    assert_eq!(parse_number("6.4 ×", Some("×")), Ok(6.4));
    assert_eq!(parse_number("-1e3", None), Ok(-1000.0));
    assert_eq!(
        parse_number("250 kg", Some("ms")),
        Err("`250 kg` is not a number of ms".to_owned())
    );
    assert_eq!(
        parse_number("inf", None),
        Err("`inf` is not a number".to_owned())
    );
    assert_eq!(parse_number("", None), Err("`` is not a number".to_owned()));
    assert!(parse_number("é", Some("ms")).is_err());
}

#[test]
fn ordering_is_exact_and_says_which_places_are_right() {
    let q = question(ORD);
    let v = check(&q, Response::Order(vec![0, 1, 2]));
    assert!(v.correct);
    assert_eq!(v.correct_answer, "one → two → three");
    let v = check(&q, Response::Order(vec![0, 2, 1]));
    assert!(!v.correct);
    assert_eq!(v.placed_right, [true, false, false]);
    for bad in [vec![0, 1], vec![0, 1, 1], vec![0, 1, 3], vec![0, 1, 2, 3]] {
        assert_eq!(
            grade(&q, &Response::Order(bad), None),
            Err(GradeError::NotAPermutation)
        );
    }
}

#[test]
fn short_answers_ignore_case_and_spacing() {
    let q = question(SHORT);
    for (text, right) in [
        ("Byzantine fault", true),
        ("  byzantine    FAULT \n", true),
        ("Arbitrary", true),
        ("byzantine", false),
        ("byzantine-fault", false),
        ("", false),
    ] {
        assert_eq!(
            check(&q, Response::Text(text.into())).correct,
            right,
            "{text:?}"
        );
    }
    assert_eq!(normalize_answer("\tA  b\u{3000}C "), "a b c");
    assert_eq!(
        check(&q, Response::Text("x".into())).correct_answer,
        "Byzantine fault"
    );
}

#[test]
fn a_response_of_the_wrong_shape_is_an_error_not_a_wrong_answer() {
    let q = question(MC);
    let e = grade(&q, &Response::Number(1.0), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a MultipleChoice question cannot be answered with a number"
    );
    let e = grade(&q, &Response::Choice("z".into()), None).unwrap_err();
    assert_eq!(e.to_string(), "there is no option `z`");
}

/// Answers the way the rpc simulator would, and counts its calls.
struct StubOracle {
    answer: Result<&'static str, &'static str>,
}

impl Oracle for StubOracle {
    fn predict(
        &self,
        widget: &str,
        scenario: &str,
        step: u32,
        ask: &str,
    ) -> Result<Outcome, String> {
        let answer = self.answer.map_err(str::to_owned)?;
        Ok(Outcome {
            correct: answer.to_owned(),
            log: format!("{widget}/{scenario} from step {step}: {ask} -> {answer}"),
        })
    }
}

#[test]
fn predict_is_graded_by_the_simulator_and_explained_by_its_log() {
    let q = question(PREDICT);
    let oracle = StubOracle {
        answer: Ok("timeout"),
    };
    let v = grade(&q, &Response::Choice("reply".into()), Some(&oracle)).unwrap();
    assert!(!v.correct);
    assert_eq!(v.correct_answer, "Nothing");
    assert_eq!(
        v.event_log.as_deref(),
        Some("rpc/reply-lost from step 3: client-sees -> timeout")
    );
    assert_eq!(v.options.len(), 2);
    assert!(
        grade(&q, &Response::Choice("timeout".into()), Some(&oracle))
            .unwrap()
            .correct
    );

    assert_eq!(
        grade(&q, &Response::Choice("reply".into()), None),
        Err(GradeError::NoOracle)
    );
    let failing = StubOracle {
        answer: Err("scenario has 2 steps"),
    };
    assert_eq!(
        grade(&q, &Response::Choice("reply".into()), Some(&failing))
            .unwrap_err()
            .to_string(),
        "the simulator could not answer: scenario has 2 steps"
    );
    let odd = StubOracle {
        answer: Ok("retry"),
    };
    assert_eq!(
        grade(&q, &Response::Choice("reply".into()), Some(&odd)),
        Err(GradeError::OracleAnswerNotAnOption("retry".into()))
    );
}

#[test]
fn check_predictions_runs_every_predict_question_at_build_time() {
    let quiz = parse(&quiz(&[MC, PREDICT].concat())).unwrap();
    assert!(
        check_predictions(
            "q.toml",
            &quiz,
            &StubOracle {
                answer: Ok("reply")
            }
        )
        .is_empty()
    );
    let errors = check_predictions(
        "q.toml",
        &quiz,
        &StubOracle {
            answer: Ok("retry"),
        },
    );
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "q.toml:21:1: question `pr`: the `rpc` simulator answers `retry`, which is not among the options"
        ]
    );
    let errors = check_predictions(
        "q.toml",
        &quiz,
        &StubOracle {
            answer: Err("no such step"),
        },
    );
    assert_eq!(
        errors[0].message,
        "the `rpc` simulator could not answer `client-sees` for scenario `reply-lost` at step 3: no such step"
    );
}
