//! The oracle's answers to the chapter's proposed Predict questions, and
//! its contract with the quiz engine: every answer is a listed outcome.

use dsw_clocks::oracle::{ASKS, predict};
use dsw_clocks::{PRESETS, load};

fn answer(scenario: &str, step: u32, ask: &str) -> String {
    predict(scenario, step, ask)
        .unwrap_or_else(|e| panic!("{scenario} {step} {ask}: {e}"))
        .correct
}

// The Predict questions proposed in src/ch02-clocks/quiz.toml.
#[test]
fn proposed_predict_questions() {
    // p3's counter is 1; the message carries 4: max(1, 4) + 1.
    assert_eq!(answer("basics", 5, "lamport-next"), "5");
    // p2's clock reads 110, the message carries l = 150: l comes from it.
    assert_eq!(answer("hlc", 4, "hlc-next-rule"), "message");
    // p3 at 140 ms, state (150, 3): l stays, c counts on.
    assert_eq!(answer("hlc", 8, "hlc-next-c"), "4");
    assert_eq!(answer("hlc", 8, "hlc-next-rule"), "kept");
    assert_eq!(
        answer("lamport-not-causal", 6, "relation-a-b"),
        "concurrent"
    );
    assert_eq!(answer("skewed-clock", 4, "lww-a-c"), "a");
    assert_eq!(answer("tie-break", 6, "total-order-a-b"), "a-first");
    assert_eq!(answer("tie-break", 6, "physical-order-a-b"), "b-first");
}

// The option keys those questions offer must be outcomes of their asks, or
// the book build rejects the quiz.
#[test]
fn proposed_options_are_listed_outcomes() {
    let offered: &[(&str, &[&str])] = &[
        ("lamport-next", &["5", "4", "2", "6"]),
        (
            "hlc-next-rule",
            &["message", "physical", "kept", "kept-and-message"],
        ),
        ("hlc-next-c", &["4", "0", "1"]),
        ("relation-a-b", &["concurrent", "before", "after"]),
        ("lww-a-c", &["a", "c"]),
        ("total-order-a-b", &["a-first", "b-first"]),
    ];
    for (ask, keys) in offered {
        let (_, outcomes) = ASKS.iter().find(|(name, _)| name == ask).unwrap();
        for key in *keys {
            assert!(outcomes.contains(key), "{ask}: {key}");
        }
    }
}

#[test]
fn the_log_explains_the_answer() {
    let p = predict("basics", 5, "lamport-next").unwrap();
    assert!(p.log.contains("Lamport: max(1, 4) + 1 = 5"), "{}", p.log);
    let p = predict("hlc", 4, "hlc-next-rule").unwrap();
    assert!(p.log.contains("l comes from the message"), "{}", p.log);
    let p = predict("lamport-not-causal", 6, "relation-a-b").unwrap();
    assert!(p.log.contains("concurrent"), "{}", p.log);
    let p = predict("basics", 9, "relation-a-b").unwrap();
    assert!(p.log.contains("p1.1 → "), "{}", p.log);
}

#[test]
fn refusals_are_explained() {
    assert!(predict("nope", 0, "lamport-next").is_err());
    assert!(
        predict("basics", 99, "lamport-next")
            .unwrap_err()
            .contains("only 9 edits")
    );
    assert!(
        predict("basics", 9, "lamport-next")
            .unwrap_err()
            .contains("no edit after")
    );
    assert!(
        predict("basics", 0, "relation-a-z")
            .unwrap_err()
            .contains("cannot answer")
    );
    assert!(
        predict("hlc", 0, "lamport-next")
            .unwrap_err()
            .contains("creates no event")
    );
    assert!(
        predict("basics", 2, "relation-a-b")
            .unwrap_err()
            .contains("does not exist")
    );
    assert!(predict("fresh-3", 0, "relation-a-b").is_err());
}

/// Every answer the oracle gives, for every preset, step and ask, is one of
/// the outcomes the ask lists, so a quiz option can always match it. And
/// happened-before and vector clocks agree wherever the rules are correct.
#[test]
fn every_answer_is_a_listed_outcome() {
    let mut answered = 0;
    for p in PRESETS {
        let steps = load(p.name).unwrap().history().len() as u32;
        for step in 0..=steps {
            for (ask, outcomes) in ASKS {
                if let Ok(prediction) = predict(p.name, step, ask) {
                    assert!(
                        outcomes.contains(&prediction.correct.as_str()),
                        "{} {step} {ask}: {} is not listed",
                        p.name,
                        prediction.correct
                    );
                    assert!(!prediction.log.is_empty());
                    answered += 1;
                    if let Some(pair) = ask.strip_prefix("relation-")
                        && !p.code.contains(".v")
                    {
                        let v = predict(p.name, step, &format!("vector-relation-{pair}")).unwrap();
                        let same = match prediction.correct.as_str() {
                            "same" => "equal",
                            other => other,
                        };
                        assert_eq!(v.correct, same, "{} {step} {pair}", p.name);
                    }
                }
            }
        }
        // At the end every pair ask works for a preset with three marks.
        for (ask, _) in ASKS.iter().filter(|(a, _)| !a.contains("next")) {
            predict(p.name, steps, ask).unwrap_or_else(|e| panic!("{} {ask}: {e}", p.name));
        }
    }
    assert!(answered > 400, "{answered}");
}
