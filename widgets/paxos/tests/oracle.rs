//! Predict-the-next-step answers come from the model itself; these pin the
//! ones the chapter's quiz proposes (the step numbers are the ones written
//! in `src/ch10-paxos/quiz.toml`), and check that every answer is in
//! the published vocabulary.

use dsw_paxos::oracle::{ASKS, predict};
use dsw_paxos::{PRESETS, Paxos, Value, load};
use dsw_sim::{Action, NodeId, World};

fn answer(preset: &str, step: u64, ask: &str) -> String {
    let step = u32::try_from(step).expect("small");
    predict(preset, step, ask)
        .unwrap_or_else(|e| panic!("{preset} {step} {ask}: {e}"))
        .correct
}

/// The step just before the first action `pick` accepts: asking there
/// asks about that action and what follows.
fn before(world: &World<Paxos>, pick: impl Fn(&Action<Paxos>) -> bool) -> u64 {
    world
        .trace()
        .iter()
        .position(pick)
        .expect("the action is in the preset") as u64
}

#[test]
fn every_answer_is_one_of_the_published_outcomes() {
    for p in PRESETS {
        let world = load(p.name).expect("loads");
        let end = world.step();
        for step in [0, end / 3, 2 * end / 3, end] {
            for (ask, outcomes) in ASKS {
                let got = answer(p.name, step, ask);
                assert!(
                    outcomes.contains(&got.as_str()),
                    "{} {step} {ask}: {got}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn the_quiz_questions_have_the_answers_the_quiz_expects() {
    // Phase 1 comes first: the first message n1 sends is a Prepare.
    assert_eq!(answer("normal", 0, "next-message"), "prepare");
    assert_eq!(answer("normal", 0, "chosen-value"), "A");

    // value-adoption: n2 has just been asked for B (step 8); its promises
    // will report A, so its first Accept carries A.
    let w = load("value-adoption").expect("loads");
    let asked = before(&w, |a| matches!(a, Action::Request(NodeId(1), _))) + 1;
    assert_eq!(asked, 8);
    assert_eq!(answer("value-adoption", 8, "adopts"), "A");
    let why = predict("value-adoption", 8, "adopts").expect("answers").log;
    assert!(why.contains("n2 must propose A, not its own B"), "{why}");
    // And right after n1's crash (step 7), the next value to be chosen is
    // A, by n1's delayed Accept reaching n5.
    assert_eq!(answer("value-adoption", 7, "chosen-value"), "A");

    // acceptor-restart and forget-promise-bug: n3 has just restarted (step
    // 9) and n1's old Accept(1.n1, A) arrives next.
    for (preset, outcome) in [
        ("acceptor-restart", "reject"),
        ("forget-promise-bug", "accept"),
    ] {
        let w = load(preset).expect("loads");
        let restarted = before(&w, |a| matches!(a, Action::Restart(_))) + 1;
        assert_eq!(restarted, 9);
        assert_eq!(answer(preset, 9, "accepts"), outcome, "{preset}");
    }

    // dueling-proposers: once both are asked (step 3), nothing is ever
    // chosen in the preset's run, and the first Accept to arrive is
    // refused.
    assert_eq!(answer("dueling-proposers", 3, "chosen-value"), "none");
    assert_eq!(answer("dueling-proposers", 3, "accepts"), "reject");

    // multi-paxos: n1 leads after x; asked for y (step 34), it skips phase
    // 1: its next message is an Accept.
    let w = load("multi-paxos").expect("loads");
    let y = before(
        &w,
        |a| matches!(a, Action::Request(_, v) if *v == Value(b'y')),
    );
    assert_eq!(y, 33);
    assert_eq!(answer("multi-paxos", 33, "next-message"), "accept");
    assert_eq!(answer("multi-paxos", 0, "next-message"), "prepare");

    // leader-change: n3, asked for z after n1's crash (step 39 is the
    // crash), must run phase 1 first; its first Accept re-proposes x in
    // slot 1, and the first value newly chosen is y, recovered in slot 2
    // from n2's promise, not n3's own z.
    let w = load("leader-change").expect("loads");
    let z = before(&w, |a| matches!(a, Action::Request(NodeId(2), _)));
    assert_eq!(z, 39);
    assert_eq!(answer("leader-change", 39, "next-message"), "prepare");
    assert_eq!(answer("leader-change", 39, "adopts"), "x");
    assert_eq!(answer("leader-change", 39, "chosen-value"), "y");
}

#[test]
fn bad_questions_are_refused_with_a_reason() {
    assert!(predict("no-such-preset", 0, "adopts").is_err());
    assert!(predict("normal", 9999, "adopts").is_err());
    assert!(predict("normal", 0, "who-knows").is_err());
}
