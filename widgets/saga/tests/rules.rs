//! The saga's rules one at a time: routing, reactions, reverse-order
//! compensation, the pivot and the retriable step, resuming from the log,
//! the outbox and the idempotent consumer, and each named property caught
//! breaking.

mod common;

use common::*;
use dsw_saga::invariants::{
    ALL_OR_NOTHING, NO_DOUBLE_EFFECT, NOTHING_REFUNDED_UNCHARGED, REVERSE_ORDER, SagaOutcome,
    outcome, quiet,
};
use dsw_saga::{
    BROKER, Body, Dir, HEAD, Mode, Msg, Outcome, PRESETS, Saga, SagaHost, Step, Variant, load,
    open_link,
};
use dsw_sim::scenario::{self, Host};
use dsw_sim::{Action, NodeId, fragment};

fn event(step: Step, outcome: Outcome) -> Body {
    Body::Event(step, outcome)
}

#[test]
fn the_broker_routes_commands_to_services_and_events_to_subscribers() {
    let orch = Saga::new(Mode::Orchestration, Variant::Correct);
    let chor = Saga::new(Mode::Choreography, Variant::Correct);
    for step in Step::ALL {
        assert_eq!(orch.route(Body::Command(step, Dir::Do)), step.node());
        for o in [Outcome::Done, Outcome::Failed, Outcome::Undone] {
            assert_eq!(
                orch.route(event(step, o)),
                HEAD,
                "replies go to the orchestrator"
            );
        }
    }
    // Choreography: success goes forward along the chain, failure and
    // compensation go back, and the ends report to the trip service.
    assert_eq!(chor.route(Body::Start), Step::Hotel.node());
    assert_eq!(
        chor.route(event(Step::Hotel, Outcome::Done)),
        Step::Payment.node()
    );
    assert_eq!(chor.route(event(Step::Email, Outcome::Done)), HEAD);
    assert_eq!(
        chor.route(event(Step::Flight, Outcome::Failed)),
        Step::Payment.node()
    );
    assert_eq!(
        chor.route(event(Step::Payment, Outcome::Undone)),
        Step::Hotel.node()
    );
    assert_eq!(chor.route(event(Step::Hotel, Outcome::Undone)), HEAD);
    assert_eq!(chor.route(event(Step::Hotel, Outcome::Failed)), HEAD);
}

#[test]
fn choreography_services_react_only_to_their_neighbours() {
    let chor = Saga::new(Mode::Choreography, Variant::Correct);
    let r = |me, body| chor.reaction(me, body);
    assert_eq!(r(Step::Hotel, Body::Start), Some(Dir::Do));
    assert_eq!(r(Step::Payment, Body::Start), None);
    assert_eq!(
        r(Step::Payment, event(Step::Hotel, Outcome::Done)),
        Some(Dir::Do)
    );
    assert_eq!(r(Step::Flight, event(Step::Hotel, Outcome::Done)), None);
    assert_eq!(
        r(Step::Payment, event(Step::Flight, Outcome::Failed)),
        Some(Dir::Undo)
    );
    assert_eq!(
        r(Step::Hotel, event(Step::Payment, Outcome::Undone)),
        Some(Dir::Undo)
    );
    assert_eq!(
        r(Step::Hotel, event(Step::Payment, Outcome::Failed)),
        Some(Dir::Undo)
    );
    // The e-mail has no compensation to run.
    assert_eq!(
        r(Step::Email, event(Step::Flight, Outcome::Done)),
        Some(Dir::Do)
    );
    let orch = Saga::new(Mode::Orchestration, Variant::Correct);
    assert_eq!(
        orch.reaction(Step::Payment, Body::Command(Step::Payment, Dir::Undo)),
        Some(Dir::Undo)
    );
    assert_eq!(
        orch.reaction(Step::Payment, event(Step::Hotel, Outcome::Done)),
        None
    );
}

/// Garcia-Molina & Salem 1987: a saga that cannot finish runs the
/// compensations of the transactions it has executed, in reverse order.
/// The failed step itself changed nothing and is not compensated.
#[test]
fn a_failed_step_undoes_the_completed_ones_newest_first() {
    for mode in Mode::ALL {
        for failing in [Step::Hotel, Step::Payment, Step::Flight] {
            let mut w = world(mode, Variant::Correct);
            fail(&mut w, failing);
            book(&mut w);
            settle(&mut w);
            assert_eq!(outcome(&w), SagaOutcome::Compensated, "{mode:?} {failing}");
            let done_before: Vec<Step> = Step::ALL[..failing.index()].to_vec();
            let mut expected = done_before.clone();
            expected.reverse();
            assert_eq!(compensation_order(&w), expected, "{mode:?} {failing}");
            for s in Step::ALL {
                let d = db(&w, s);
                let ran = done_before.contains(&s);
                assert_eq!((d.done, d.undone), (u8::from(ran), u8::from(ran)), "{s}");
            }
            assert_eq!(db(&w, failing).failed, 1);
            assert!(w.violations().is_empty(), "{:?}", w.violations());
        }
    }
}

/// The e-mail comes after the pivot (the flight), so it must not fail for
/// good: a failure is a rollback without an acknowledgement, and the
/// broker's redelivery retries it. Nothing is compensated.
#[test]
fn the_confirmation_is_retried_not_compensated() {
    for mode in Mode::ALL {
        let mut w = world(mode, Variant::Correct);
        fail(&mut w, Step::Email);
        book(&mut w);
        settle(&mut w);
        assert_eq!(outcome(&w), SagaOutcome::Completed, "{mode:?}");
        assert_eq!(db(&w, Step::Email).done, 1);
        assert!(compensation_order(&w).is_empty());
        let redelivered = w
            .log()
            .iter()
            .any(|e| e.text.contains("delivers it to email again (delivery 2)"));
        assert!(redelivered, "the broker retried the e-mail");
    }
}

/// Crash any node at any moment of a fault-free run, restart it at once:
/// with the outbox and dedupe, every run still completes, every property
/// holds, and each effect happens exactly once.
#[test]
fn a_crash_anywhere_is_recovered_with_the_outbox_and_dedupe() {
    for mode in Mode::ALL {
        let mut reference = world(mode, Variant::Correct);
        book(&mut reference);
        settle(&mut reference);
        let steps = reference.step();
        for at in 1..steps {
            for node in reference.node_ids() {
                let mut w = world(mode, Variant::Correct);
                book(&mut w);
                for _ in 1..at {
                    w.step_natural().expect("runs").expect("applies");
                }
                act(&mut w, Action::Crash(node));
                act(&mut w, Action::Restart(node));
                settle(&mut w);
                assert_eq!(
                    outcome(&w),
                    SagaOutcome::Completed,
                    "{mode:?}: crash {node} after step {at}"
                );
                assert!(
                    w.violations().is_empty(),
                    "{mode:?} {node} {at}: {:?}",
                    w.violations()
                );
                for s in Step::ALL {
                    assert_eq!(db(&w, s).done, 1, "{mode:?} {node} {at} {s}");
                }
            }
        }
    }
}

/// Errata E52: committing and then publishing are two writes. A crash
/// between them loses the event; the outbox makes them one.
#[test]
fn a_crash_between_commit_and_publish_loses_the_event_only_without_the_outbox() {
    for mode in Mode::ALL {
        for variant in [Variant::DualWrite, Variant::Correct] {
            let mut w = world(mode, variant);
            book(&mut w);
            // Payment has committed the charge; its event is not yet on its way.
            advance_until(&mut w, |w| db(w, Step::Payment).done == 1);
            act(&mut w, Action::Crash(Step::Payment.node()));
            act(&mut w, Action::Restart(Step::Payment.node()));
            settle(&mut w);
            let expected = if variant.outbox() {
                SagaOutcome::Completed
            } else {
                SagaOutcome::Stuck
            };
            assert_eq!(outcome(&w), expected, "{mode:?} {variant:?}");
            assert!(quiet(&w));
            assert_eq!(db(&w, Step::Payment).done, 1, "money was taken either way");
            if !variant.outbox() {
                assert_eq!(broken(&w), [ALL_OR_NOTHING]);
                assert_eq!(db(&w, Step::Flight).done, 0, "nothing follows");
            }
        }
    }
}

/// At-least-once delivery plus an idempotent consumer: a duplicated
/// "charge the card" charges once with dedupe and twice without.
#[test]
fn a_duplicate_delivery_charges_twice_only_without_dedupe() {
    for mode in Mode::ALL {
        for variant in [Variant::NoDedupe, Variant::Correct] {
            let mut w = world(mode, variant);
            book(&mut w);
            let trigger = match mode {
                Mode::Orchestration => Body::Command(Step::Payment, Dir::Do),
                Mode::Choreography => event(Step::Hotel, Outcome::Done),
            };
            advance_until(&mut w, |w| delivering(w, trigger));
            let id = delivery(&w, trigger);
            act(&mut w, Action::Duplicate(id));
            settle(&mut w);
            let charges = db(&w, Step::Payment).done;
            assert_eq!(outcome(&w), SagaOutcome::Completed, "{mode:?} {variant:?}");
            if variant.dedupe() {
                assert_eq!(charges, 1);
                assert!(w.violations().is_empty());
            } else {
                assert_eq!(charges, 2);
                assert_eq!(broken(&w), [NO_DOUBLE_EFFECT]);
            }
        }
    }
}

/// The orchestrator resumes from its log by resending the current command
/// with the same id: harmless to an idempotent service, a second charge
/// to one without dedupe.
#[test]
fn the_orchestrators_resend_after_a_restart_is_a_duplicate() {
    for variant in [Variant::NoDedupe, Variant::Correct] {
        let mut w = world(Mode::Orchestration, variant);
        book(&mut w);
        advance_until(&mut w, |w| db(w, Step::Payment).done == 1);
        act(&mut w, Action::Crash(HEAD));
        act(&mut w, Action::Restart(HEAD));
        let resent = w
            .log()
            .iter()
            .any(|e| e.text.contains("resumes: it resends charge the card"));
        assert!(resent);
        settle(&mut w);
        assert_eq!(outcome(&w), SagaOutcome::Completed);
        assert_eq!(
            db(&w, Step::Payment).done,
            if variant.dedupe() { 1 } else { 2 }
        );
    }
}

/// Every named property breaks when it should, so none is a check that
/// cannot fail. Without dedupe, copies of old messages arrive late.
#[test]
fn each_property_catches_its_violation() {
    // A second refund for one charge.
    let mut w = world(Mode::Orchestration, Variant::NoDedupe);
    fail(&mut w, Step::Flight);
    book(&mut w);
    let refund = Body::Command(Step::Payment, Dir::Undo);
    advance_until(&mut w, |w| delivering(w, refund));
    let id = delivery(&w, refund);
    act(&mut w, Action::Duplicate(id));
    settle(&mut w);
    assert!(
        broken(&w).contains(&NOTHING_REFUNDED_UNCHARGED),
        "{:?}",
        broken(&w)
    );

    // A copy of "charge the card" held back until the room is cancelled:
    // the card is charged again after compensation began, and the run
    // ends with money taken for a cancelled trip.
    let mut w = world(Mode::Orchestration, Variant::NoDedupe);
    fail(&mut w, Step::Flight);
    book(&mut w);
    let charge = Body::Command(Step::Payment, Dir::Do);
    advance_until(&mut w, |w| delivering(w, charge));
    let id = delivery(&w, charge);
    act(&mut w, Action::Duplicate(id));
    let copy = w
        .in_flight()
        .iter()
        .filter(|e| e.msg == Msg::Deliver(charge))
        .map(|e| e.id)
        .max()
        .expect("the copy");
    act(&mut w, Action::Delay(copy, 100));
    settle(&mut w);
    let b = broken(&w);
    assert!(b.contains(&REVERSE_ORDER), "{b:?}");
    assert!(b.contains(&ALL_OR_NOTHING), "{b:?}");
    assert_eq!(outcome(&w), SagaOutcome::Mixed);

    // The dual write's lost event, and the double charge.
    assert_eq!(
        broken(&load("lost-event-without-outbox").expect("loads")),
        [ALL_OR_NOTHING]
    );
    assert_eq!(
        broken(&load("duplicate-charge").expect("loads")),
        [NO_DOUBLE_EFFECT]
    );
}

#[test]
fn nodes_are_named_by_role_and_mode() {
    let names = |mode| {
        let w = world(mode, Variant::Correct);
        w.node_ids().map(|n| w.node_name(n)).collect::<Vec<_>>()
    };
    assert_eq!(
        names(Mode::Orchestration),
        [
            "orchestrator",
            "hotel",
            "payment",
            "flight",
            "email",
            "broker"
        ]
    );
    assert_eq!(names(Mode::Choreography)[0], "trips");
    assert_eq!(BROKER, NodeId(5));
}

/// A shared link reopens the reader's exact state, in the same preset.
#[test]
fn links_reopen_the_same_state() {
    let mut world = load("flight-fails").expect("loads");
    world.seek(40).expect("rewinds");
    let text = fragment::encode(&world.recipe("flight-fails"));
    let back = open_link(&text).expect("opens");
    assert_eq!(back.step(), 40);
    assert_eq!(back.state_hash(), world.state_hash());
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let setup = |line: &str| {
        let cmd = scenario::parse(&format!("{line}\n----\n")).expect("parses")[0]
            .command
            .clone();
        SagaHost.setup(&cmd).err()
    };
    assert!(setup("new nodes=5").is_some_and(|e| e.contains("6 nodes")));
    assert!(setup("new variant=sloppy").is_some_and(|e| e.contains("dual-write")));
    assert!(setup("new mode=anarchy").is_some_and(|e| e.contains("choreography")));
    assert!(setup("new outbox=maybe").is_some_and(|e| e.contains("on or off")));
    assert!(setup("new latency=0").is_some());
    assert!(setup("new color=red").is_some());
    assert!(setup("new nodes=6 mode=choreography variant=no-dedupe outbox=off seed=7").is_none());
    // Explicit toggles override the variant.
    let cmd = scenario::parse("new variant=correct outbox=off\n----\n").expect("parses")[0]
        .command
        .clone();
    let w = SagaHost.setup(&cmd).expect("sets up");
    assert_eq!(w.protocol().variant(), Variant::DualWrite);
}

#[test]
fn every_preset_and_variant_has_a_distinct_name_and_a_label() {
    let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), PRESETS.len());
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.name()), Some(v));
        assert_eq!(Variant::from_toggles(v.outbox(), v.dedupe()), v);
        assert!(!v.summary().is_empty());
    }
    for m in Mode::ALL {
        assert_eq!(Mode::parse(m.name()), Some(m));
    }
}
