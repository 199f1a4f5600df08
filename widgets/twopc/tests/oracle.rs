//! Predict-the-next-step answers come from the model itself; these pin the
//! ones the chapter's quiz proposes, and check that every answer is in the
//! published vocabulary.

use dsw_sim::{Action, World};
use dsw_twopc::oracle::{ASKS, predict};
use dsw_twopc::{AtomicCommit, PRESETS, TM, load};

fn answer(preset: &str, step: u64, ask: &str) -> String {
    let step = u32::try_from(step).expect("small");
    predict(preset, step, ask)
        .unwrap_or_else(|e| panic!("{preset} {step} {ask}: {e}"))
        .correct
}

/// The step just after the first action `pick` accepts.
fn after(world: &World<AtomicCommit>, pick: impl Fn(&Action<AtomicCommit>) -> bool) -> u64 {
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
        let participants = world.node_count() - 1;
        for step in [0, end / 3, 2 * end / 3, end] {
            for (ask, outcomes) in ASKS {
                if ask
                    .strip_prefix("state-rm")
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n > participants)
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

/// The answers behind the Predict questions proposed in the chapter's
/// quiz draft (src/ch12-transactions/quiz.toml), with the steps the
/// draft names.
#[test]
fn the_quiz_drafts_predict_questions_have_the_answers_the_text_gives() {
    // The first message of 2PC is the coordinator's Prepare. rm2 will
    // vote no, but rm1 cannot know that: it prepares first, and is then
    // told to abort.
    assert_eq!(answer("abort", 0, "next-message"), "prepare");
    assert_eq!(answer("abort", 1, "state-rm1"), "prepared");
    assert_eq!(answer("abort", 1, "decision"), "abort");
    assert_eq!(answer("abort", 1, "outcome"), "abort");

    // tm crashed before it had the votes: rm1 stays prepared, holding its
    // locks, until tm restarts and presumes abort.
    let w = load("coordinator-crash-in-doubt").expect("loads");
    let crash = after(&w, |a| matches!(a, Action::Crash(n) if *n == TM));
    assert_eq!(crash, STEP_TM_CRASH_IN_DOUBT);
    assert_eq!(
        answer("coordinator-crash-in-doubt", crash, "state-rm1"),
        "aborted"
    );
    assert_eq!(
        answer("coordinator-crash-in-doubt", crash, "decision"),
        "abort"
    );
    let log = predict("coordinator-crash-in-doubt", crash as u32, "state-rm1")
        .expect("answers")
        .log;
    assert!(log.contains("presumed abort"), "{log}");

    // tm crashed after forcing COMMIT: the next decision it sends is
    // COMMIT again, and the transaction ends committed.
    let w = load("coordinator-crash-after-commit").expect("loads");
    let crash = after(&w, |a| matches!(a, Action::Crash(n) if *n == TM));
    assert_eq!(crash, STEP_TM_CRASH_AFTER_COMMIT);
    assert_eq!(
        answer("coordinator-crash-after-commit", crash, "decision"),
        "commit"
    );
    assert_eq!(
        answer("coordinator-crash-after-commit", crash, "outcome"),
        "commit"
    );

    // rm2 crashed prepared: after its restart it commits.
    let w = load("participant-crash-prepared").expect("loads");
    let crash = after(&w, |a| matches!(a, Action::Crash(n) if *n != TM));
    assert_eq!(crash, STEP_RM2_CRASH);
    assert_eq!(
        answer("participant-crash-prepared", crash, "state-rm2"),
        "committed"
    );

    // 3PC under a partition ends inconsistent.
    let w = load("3pc-partition").expect("loads");
    let cut = after(&w, |a| matches!(a, Action::Partition(_)));
    assert_eq!(cut, STEP_3PC_CUT);
    assert_eq!(answer("3pc-partition", cut, "outcome"), "inconsistent");
    assert_eq!(answer("3pc-partition", cut, "state-rm2"), "aborted");
    assert_eq!(answer("3pc-partition", cut, "state-rm1"), "pre-committed");

    // The timeout bug: rm1 aborts although tm has committed.
    let w = load("prepared-timeout-bug").expect("loads");
    let held = after(&w, |a| matches!(a, Action::Delay(..)));
    assert_eq!(held, STEP_COMMIT_HELD_UP);
    assert_eq!(answer("prepared-timeout-bug", held, "state-rm1"), "aborted");
    assert_eq!(
        answer("prepared-timeout-bug", held, "state-rm2"),
        "committed"
    );
}

const STEP_TM_CRASH_IN_DOUBT: u64 = 5;
const STEP_TM_CRASH_AFTER_COMMIT: u64 = 8;
const STEP_RM2_CRASH: u64 = 5;
const STEP_3PC_CUT: u64 = 6;
const STEP_COMMIT_HELD_UP: u64 = 6;

#[test]
fn bad_questions_are_refused_with_a_reason() {
    assert!(predict("no-such-preset", 0, "outcome").is_err());
    assert!(predict("commit", 9_999, "outcome").is_err());
    assert!(predict("commit", 0, "who-knows").is_err());
    assert!(predict("prepared-timeout-bug", 0, "state-rm3").is_err());
    assert!(predict("commit", 0, "state-rm6").is_err());
}
