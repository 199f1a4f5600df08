//! Predict-the-next-step answers come from the model itself; these pin the
//! ones the chapter's proposed quiz questions rely on (the step numbers
//! are theirs), and check that every answer is in the published
//! vocabulary.

use dsw_saga::oracle::{ASKS, predict};
use dsw_saga::{PRESETS, load};
use dsw_sim::Action;

fn answer(preset: &str, step: u32, ask: &str) -> String {
    predict(preset, step, ask)
        .unwrap_or_else(|e| panic!("{preset} {step} {ask}: {e}"))
        .correct
}

#[test]
fn every_answer_is_one_of_the_published_outcomes() {
    for p in PRESETS {
        let end = load(p.name).expect("loads").step() as u32;
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

/// The steps the quiz questions name really are the moments their prompts
/// describe.
#[test]
fn the_quiz_steps_are_the_moments_the_prompts_describe() {
    let log_at = |preset: &str, step: u64| -> Vec<String> {
        load(preset)
            .expect("loads")
            .log()
            .iter()
            .filter(|e| e.step == step)
            .map(|e| e.text.clone())
            .collect()
    };
    let has = |lines: &[String], text: &str| lines.iter().any(|l| l.contains(text));
    assert!(has(
        &log_at("flight-fails", 31),
        "the orchestrator logs no seat"
    ));
    assert!(has(&log_at("flight-fails", 36), "payment refunds the card"));
    let w = load("lost-event-without-outbox").expect("loads");
    assert!(
        matches!(w.trace()[16], Action::Restart(_)),
        "step 17 restarts payment"
    );
    let w = load("duplicate-charge").expect("loads");
    assert!(
        matches!(w.trace()[13], Action::Duplicate(_)),
        "step 14 duplicates"
    );
    let w = load("orchestrator-crash").expect("loads");
    assert!(
        matches!(w.trace()[21], Action::Restart(_)),
        "step 22 restarts the orchestrator"
    );
}

#[test]
fn questions_the_chapter_asks_have_the_answers_the_text_gives() {
    // Reverse order: the orchestrator has just read "no seat"; the newest
    // completed step, the charge, is undone first.
    assert_eq!(
        answer("flight-fails", 31, "next-compensation"),
        "refund-payment"
    );
    // The refund is done; the room is next, and the flight (which failed)
    // is never compensated.
    assert_eq!(
        answer("flight-fails", 36, "next-compensation"),
        "cancel-hotel"
    );
    assert_eq!(
        answer("choreography", 0, "next-compensation"),
        "refund-payment"
    );
    assert_eq!(answer("flight-fails", 0, "saga-outcome"), "compensated");
    // A refund does not un-charge: the card was charged once.
    assert_eq!(answer("flight-fails", 0, "charges"), "1");

    // The dual write: payment has restarted without its event.
    assert_eq!(
        answer("lost-event-without-outbox", 17, "saga-outcome"),
        "stuck"
    );
    assert_eq!(answer("outbox-relay", 17, "saga-outcome"), "completed");

    // The network has just duplicated "charge the card".
    assert_eq!(answer("duplicate-charge", 14, "charges"), "2");
    assert_eq!(answer("idempotent-consumer", 14, "charges"), "1");

    // The orchestrator has restarted and will resend "charge the card".
    assert_eq!(answer("orchestrator-crash", 22, "charges"), "1");
    assert_eq!(
        answer("orchestrator-crash", 22, "saga-outcome"),
        "completed"
    );

    let log = predict("flight-fails", 31, "next-compensation")
        .expect("answers")
        .log;
    assert!(log.contains("payment refunds the card"), "{log}");
}

#[test]
fn bad_questions_are_refused_with_a_reason() {
    assert!(predict("no-such-preset", 0, "charges").is_err());
    assert!(predict("happy-path", 9999, "charges").is_err());
    assert!(predict("happy-path", 0, "who-knows").is_err());
}
