//! Predict-the-next-step answers come from the model itself; these pin
//! the ones the chapter's quiz relies on, and check that every answer is
//! in the published vocabulary.

use dsw_cap::oracle::{ASKS, predict};
use dsw_cap::{Cap, PRESETS, load};
use dsw_sim::{Action, World};

fn answer(preset: &str, step: u64, ask: &str) -> String {
    let step = u32::try_from(step).expect("small");
    predict(preset, step, ask)
        .unwrap_or_else(|e| panic!("{preset} {step} {ask}: {e}"))
        .correct
}

/// The step just after the first action `pick` accepts.
fn after(world: &World<Cap>, pick: impl Fn(&Action<Cap>) -> bool) -> u64 {
    world
        .trace()
        .iter()
        .position(pick)
        .expect("the action is in the preset") as u64
        + 1
}

#[test]
fn every_answer_is_one_of_the_published_outcomes() {
    for p in PRESETS {
        let world = load(p.name).expect("loads");
        let end = world.step();
        for step in 0..=end {
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

/// The steps the chapter's Predict questions use, found from the preset
/// rather than hard-coded, and the answers the text gives.
#[test]
fn questions_a_chapter_asks_have_the_answers_the_text_gives() {
    // Gilbert & Lynch: the minority side cannot reach a majority, so the
    // consistent replica refuses the read.
    let w = load("partition-consistent").expect("loads");
    let cut = after(&w, |a| matches!(a, Action::Partition(_)));
    assert_eq!(cut, 10);
    assert_eq!(answer("partition-consistent", cut, "next-outcome"), "fail");
    assert_eq!(answer("partition-consistent", cut, "read-returns"), "error");

    // A write cut off after its first round trip: stored on r1 alone, so
    // the client cannot be told either way.
    let second_cut = w
        .trace()
        .iter()
        .rposition(|a| matches!(a, Action::Partition(_)))
        .expect("a second cut") as u64
        + 1;
    assert_eq!(second_cut, 32);
    assert_eq!(
        answer("partition-consistent", second_cut, "next-outcome"),
        "info"
    );

    // The available side answers from its stale copy.
    let w = load("partition-available").expect("loads");
    let read = w
        .trace()
        .iter()
        .position(|a| matches!(a, Action::Request(n, dsw_cap::Cmd::Read) if n.0 == 0))
        .expect("r1 reads") as u64;
    assert_eq!(read, 9);
    assert_eq!(answer("partition-available", read, "read-returns"), "1");
    assert_eq!(answer("partition-available", read, "next-outcome"), "ok");

    // Last-writer-wins keeps the higher version, r3's earlier write.
    let w = load("heal-and-reconcile").expect("loads");
    let heal = after(&w, |a| matches!(a, Action::Heal)) - 1;
    assert_eq!(heal, 9);
    assert_eq!(answer("heal-and-reconcile", heal, "final-value"), "2");
    let log = predict("heal-and-reconcile", heal as u32, "final-value")
        .expect("answers")
        .log;
    assert!(
        log.contains("r1 replaces 1 (version 1@r1) with the newer 2"),
        "{log}"
    );

    // PACELC's else: the async write was already acknowledged when r2
    // reads nil; the sync one was not.
    for preset in ["latency-async", "latency-sync"] {
        let w = load(preset).expect("loads");
        let read = after(&w, |a| matches!(a, Action::Tick(_)));
        assert_eq!(read, 2);
        assert_eq!(answer(preset, read, "read-returns"), "nil", "{preset}");
    }

    // Errata E16: the second read goes back to nil.
    let w = load("read-without-write-back").expect("loads");
    let r3 = w
        .trace()
        .iter()
        .position(|a| matches!(a, Action::Request(n, dsw_cap::Cmd::Read) if n.0 == 2))
        .expect("r3 reads") as u64;
    assert_eq!(r3, 12);
    assert_eq!(answer("read-without-write-back", r3, "read-returns"), "nil");
}

#[test]
fn bad_questions_are_refused_with_a_reason() {
    assert!(predict("no-such-preset", 0, "read-returns").is_err());
    assert!(predict("healthy", 9999, "read-returns").is_err());
    assert!(predict("healthy", 0, "who-knows").is_err());
}
