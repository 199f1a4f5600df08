//! The quiz oracle: answers for every ask on every preset, derived from the
//! files' `# expected:` lines, the cases the chapter's draft questions use,
//! and the refusals.

use dsw_history::oracle::{ASKS, predict};
use dsw_history::{PRESETS, encode, load};

fn answer(scenario: &str, ask: &str) -> String {
    predict(scenario, 0, ask)
        .unwrap_or_else(|e| panic!("{scenario} {ask}: {e}"))
        .correct
}

#[test]
fn the_asks_are_exactly_these() {
    let asks: Vec<(&str, Vec<&str>)> = ASKS.iter().map(|(a, o)| (*a, o.to_vec())).collect();
    assert_eq!(
        asks,
        vec![
            ("linearizable", vec!["yes", "no"]),
            ("sequential", vec!["yes", "no"]),
            ("causal", vec!["yes", "no"]),
            (
                "strongest-model",
                vec!["linearizable", "sequential", "causal", "none"]
            ),
        ]
    );
}

#[test]
fn every_preset_answers_as_its_file_expects() {
    for p in PRESETS {
        let e = p.expected;
        let yes = |b: bool| if b { "yes" } else { "no" };
        assert_eq!(
            answer(p.name, "linearizable"),
            yes(e.linearizable),
            "{}",
            p.name
        );
        assert_eq!(
            answer(p.name, "sequential"),
            yes(e.sequential),
            "{}",
            p.name
        );
        // The strongest model, from the file's three verdicts.
        let strongest = if e.linearizable {
            "linearizable"
        } else if e.sequential {
            "sequential"
        } else if e.causal {
            "causal"
        } else {
            "none"
        };
        let cas = p.text.contains(":cas");
        if cas {
            // The checker declines causal consistency for compare-and-set.
            let err = predict(p.name, 0, "causal").unwrap_err();
            assert!(err.contains("compare-and-set"), "{err}");
            match predict(p.name, 0, "strongest-model") {
                Ok(pr) => {
                    // Only when a stronger model settles it.
                    assert!(e.linearizable || e.sequential, "{}", p.name);
                    assert_eq!(pr.correct, strongest);
                }
                Err(err) => {
                    assert!(!e.linearizable && !e.sequential, "{}", p.name);
                    assert!(err.contains("not decided"), "{err}");
                }
            }
        } else {
            assert_eq!(answer(p.name, "causal"), yes(e.causal), "{}", p.name);
            assert_eq!(answer(p.name, "strongest-model"), strongest, "{}", p.name);
        }
        // Every answer is one of its ask's options.
        for (ask, options) in ASKS {
            if let Ok(pr) = predict(p.name, 0, ask) {
                assert!(options.contains(&pr.correct.as_str()));
            }
        }
    }
}

#[test]
fn the_chapters_draft_questions() {
    // stale-read: the write completed before the read began (real time), but
    // ignoring real time the read can go first.
    assert_eq!(answer("stale-read", "linearizable"), "no");
    assert_eq!(answer("stale-read", "sequential"), "yes");
    // Two readers disagree on the order of two concurrent writes: no single
    // order, but each client may order concurrent writes its own way.
    assert_eq!(
        answer("concurrent-writes-disagree", "strongest-model"),
        "causal"
    );
    // The only write of 1 timed out, yet 1 was read: it took effect.
    assert_eq!(answer("info-must-have-happened", "linearizable"), "yes");
    // Two cas from 0 both succeed: no single order has both find 0.
    assert_eq!(answer("cas-double-acquire", "sequential"), "no");
}

#[test]
fn the_log_explains_the_verdicts() {
    let p = predict("stale-read", 0, "linearizable").unwrap();
    assert!(p.log.contains("Not linearizable"), "{}", p.log);
    assert!(p.log.contains("Why:"), "{}", p.log);
    assert!(p.log.contains("Sequentially consistent"), "{}", p.log);
    assert!(p.log.contains("sequential consistency"), "{}", p.log);
    assert_eq!(p.log.lines().count(), 5, "{}", p.log);
}

#[test]
fn refusals() {
    let e = predict("stale-read", 1, "linearizable").unwrap_err();
    assert!(e.contains("0 edits"), "{e}");
    assert!(predict("stale-read", u32::MAX, "linearizable").is_err());
    let e = predict("stale-read", 0, "weather").unwrap_err();
    assert!(e.contains("strongest-model"), "{e}");
    assert!(predict("no-such-history", 0, "linearizable").is_err());
    assert!(predict("cas-race", 0, "causal").is_err());
}

#[test]
fn share_codes_are_scenarios_too() {
    let mut t = load("stale-read").unwrap();
    let r = t.ops()[1].id;
    t.apply(dsw_history::Edit::Delete { op: r }).unwrap();
    let code = encode(&t);
    // Without the stale read, everything holds.
    assert_eq!(answer(&code, "strongest-model"), "linearizable");
    // A code with edits has steps: step 0 is before them.
    let code = "h1.s2.0w1@1-3.0r1@9-11.a1rn@5-7";
    assert_eq!(predict(code, 0, "linearizable").unwrap().correct, "yes");
    assert_eq!(predict(code, 1, "linearizable").unwrap().correct, "no");
    assert!(predict(code, 2, "linearizable").is_err());
}
