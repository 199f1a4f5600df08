//! Predict-the-next-step answers come from the model itself; these pin a
//! few that the chapter's quizzes can rely on, and check that every answer
//! is in the published vocabulary.

use dsw_raft::oracle::{ASKS, predict};
use dsw_raft::{PRESETS, load};
use dsw_sim::{Action, World};

fn answer(preset: &str, step: u64, ask: &str) -> String {
    let step = u32::try_from(step).expect("small");
    predict(preset, step, ask)
        .unwrap_or_else(|e| panic!("{preset} {step} {ask}: {e}"))
        .correct
}

/// The step just after the first action `pick` accepts.
fn after(world: &World<dsw_raft::Raft>, pick: impl Fn(&Action<dsw_raft::Raft>) -> bool) -> u64 {
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
        let servers: Vec<String> = world.node_ids().map(|n| n.to_string()).collect();
        for step in [0, end / 3, 2 * end / 3, end] {
            for (ask, outcomes) in ASKS {
                if ask
                    .strip_prefix("accepts-")
                    .is_some_and(|n| !servers.iter().any(|s| s == n))
                {
                    continue;
                }
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
fn questions_a_chapter_asks_have_the_answers_the_text_gives() {
    // Raft §5.2: the first server to time out asks for votes and wins.
    assert_eq!(answer("normal-election", 0, "next-leader"), "n1");
    assert_eq!(answer("normal-election", 0, "next-message"), "request-vote");

    // §5.2: after the split vote the candidates' refusals go out first,
    // then n1's randomized timeout runs out before n2's and it wins term 2.
    assert_eq!(answer("split-vote", 7, "next-message"), "vote-reply");
    assert_eq!(answer("split-vote", 7, "next-leader"), "n1");

    // §5.2: once the leader crashes, a follower with a complete log takes
    // over (which one depends on the random timeouts of this seed).
    let w = load("leader-crash").expect("loads");
    let crash = after(&w, |a| matches!(a, Action::Crash(_)));
    assert_eq!(answer("leader-crash", crash, "next-leader"), "n4");

    // §5.3: in the minority, n2 still accepts the old leader's entries.
    let w = load("old-leader-minority").expect("loads");
    let cut = after(&w, |a| matches!(a, Action::Partition(_)));
    assert_eq!(answer("old-leader-minority", cut, "accepts-n2"), "accept");

    // §5.3: back in touch, n1 first rejects the new leader: its entry at
    // the leader's prevLogIndex has another term.
    let w = load("log-repair").expect("loads");
    let heal = after(&w, |a| matches!(a, Action::Heal));
    assert_eq!(answer("log-repair", heal, "accepts-n1"), "reject");
    let log = predict("log-repair", heal as u32, "accepts-n1")
        .expect("answers")
        .log;
    assert!(log.contains("has term 1, not 2"), "{log}");

    // Figure 8 (c): n3 lacks index 2, so n1's first AppendEntries of term 4
    // fails the consistency check.
    let w = load("figure-8").expect("loads");
    let won = w
        .log()
        .iter()
        .find(|e| e.text.contains("n1 becomes leader of term 4"))
        .expect("n1 wins term 4")
        .step;
    assert_eq!(answer("figure-8", won, "accepts-n3"), "reject");
}

#[test]
fn bad_questions_are_refused_with_a_reason() {
    assert!(predict("no-such-preset", 0, "next-leader").is_err());
    assert!(predict("normal-election", 9999, "next-leader").is_err());
    assert!(predict("normal-election", 0, "who-knows").is_err());
    assert!(predict("normal-election", 0, "accepts-n7").is_err());
}
