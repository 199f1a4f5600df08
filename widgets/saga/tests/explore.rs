//! Breadth-first searches over the model, with pinned numbers: if a change
//! alters what is reachable, or how short the shortest counterexample is,
//! these tests say so.
//!
//! Every search abstracts time away: any message may arrive, and any timer
//! fire, at any moment, so retries and redeliveries race the
//! acknowledgements they wait for. [`Bounds`] cap the sends of each message
//! and the deliveries of each stored one, because a retry timer can
//! otherwise fire forever. Even bounded, every acknowledgement may lag
//! behind the rest of the saga, so the space grows about fourfold per move:
//! the searches that start from the booking are depth-bounded (like the
//! widget's button, they use [`explore_config`] and [`explore_root`]), and
//! the complete ones start mid-saga or allow a single fault and no retries.
//! The deepest are release-only: `cargo test --release --test explore --
//! --ignored` (about 20 s).

mod common;

use common::*;
use dsw_saga::invariants::{ALL_OR_NOTHING, NO_DOUBLE_EFFECT};
use dsw_saga::{
    Body, Bounds, HEAD, Mode, Outcome, PRESETS, Saga, Step, Variant, explore_config, explore_root,
    load,
};
use dsw_sim::{Action, Config, Counterexample, ExploreConfig, Explorer, Limits, Progress, World};

fn search(root: &World<Saga>, config: ExploreConfig) -> (Progress, Option<Counterexample<Saga>>) {
    let mut explorer = Explorer::new(root, config);
    let progress = explorer.run();
    (progress, explorer.counterexample().cloned())
}

/// The widget's search from the moment the trip is booked.
fn from_booking(mode: Mode, variant: Variant) -> World<Saga> {
    let mut w = world(mode, variant);
    book(&mut w);
    explore_root(&w)
}

fn replay(root: &World<Saga>, found: &Counterexample<Saga>) -> Vec<World<Saga>> {
    let mut w = root.clone();
    let mut states = vec![w.clone()];
    for a in &found.trace {
        w.apply(a.clone()).expect("the counterexample replays");
        states.push(w.clone());
    }
    states
}

/// Errata E52, orchestration: the hotel reserves the room and commits,
/// acknowledges the command, and crashes before its second write. Seven
/// moves: the orchestrator's command reaches the broker and the hotel, two
/// acknowledgements, the crash, the restart; then nothing is left to
/// happen and the saga is stuck.
#[test]
fn the_dual_write_loses_an_event_in_seven_moves() {
    let root = from_booking(Mode::Orchestration, Variant::DualWrite);
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a lost event");
    assert_eq!(found.invariant, ALL_OR_NOTHING);
    assert_eq!(found.trace.len(), 7, "{:#?}", found.trace);
    assert_eq!(progress.visited, 1_553);
    let hotel = Step::Hotel.node();
    let crash = found
        .trace
        .iter()
        .position(|a| *a == Action::Crash(hotel))
        .expect("the hotel crashes");
    assert_eq!(found.trace[crash + 1], Action::Restart(hotel));
    // Between commit and publish: the room is held and the event exists
    // only in the hotel's memory.
    let states = replay(&root, &found);
    let before = &states[crash];
    assert_eq!(db(before, Step::Hotel).done, 1);
    let memory = before.node(hotel).volatile.expect("up");
    assert_eq!(memory.unpublished.len(), 1);
    assert_eq!(
        memory.unpublished[0].body,
        Body::Event(Step::Hotel, Outcome::Done)
    );
}

/// Choreography: the trip service itself commits the pending trip and
/// crashes before publishing "trip requested". Two moves.
#[test]
fn the_dual_write_in_choreography_loses_the_first_event_in_two_moves() {
    let root = from_booking(Mode::Choreography, Variant::DualWrite);
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a lost event");
    assert_eq!(found.invariant, ALL_OR_NOTHING);
    assert_eq!(found.trace, [Action::Crash(HEAD), Action::Restart(HEAD)]);
    assert_eq!(progress.visited, 19);
}

/// Without dedupe, the first stored message is delivered twice (the
/// broker's redelivery timer fires before the acknowledgement arrives) and
/// the hotel reserves two rooms. Five moves, in either mode.
#[test]
fn without_dedupe_a_redelivery_applies_a_step_twice_in_five_moves() {
    for (mode, visited) in [(Mode::Orchestration, 259), (Mode::Choreography, 254)] {
        let root = from_booking(mode, Variant::NoDedupe);
        let (progress, found) = search(&root, explore_config());
        let found = found.expect("a double effect");
        assert_eq!(found.invariant, NO_DOUBLE_EFFECT, "{mode:?}");
        assert_eq!(found.trace.len(), 5, "{mode:?}: {:#?}", found.trace);
        assert_eq!(progress.visited, visited, "{mode:?}");
        let deliveries = found
            .trace
            .iter()
            .filter(|a| matches!(a, Action::Deliver(_)))
            .count();
        assert!(deliveries >= 3, "{:#?}", found.trace);
        let end = replay(&root, &found).pop().expect("a state");
        assert_eq!(db(&end, Step::Hotel).done, 2);
    }
}

/// The same searches, with both safeguards, to two moves beyond the longest
/// counterexample above: nothing breaks.
#[test]
fn the_correct_model_survives_the_same_searches() {
    for (mode, visited) in [
        (Mode::Orchestration, CORRECT_DEPTH_9.0),
        (Mode::Choreography, CORRECT_DEPTH_9.1),
    ] {
        let root = from_booking(mode, Variant::Correct);
        let (progress, found) = search(
            &root,
            ExploreConfig {
                max_depth: 9,
                ..explore_config()
            },
        );
        assert!(found.is_none(), "{mode:?}: {found:#?}");
        assert!(progress.done && progress.bounded, "{progress:?}");
        assert_eq!(progress.visited, visited, "{mode:?}");
    }
}

const CORRECT_DEPTH_9: (usize, usize) = (24_241, 23_881);

#[test]
#[ignore = "release only: about 10 s"]
fn the_correct_model_survives_the_same_searches_two_moves_deeper() {
    for (mode, visited) in [
        (Mode::Orchestration, CORRECT_DEPTH_11.0),
        (Mode::Choreography, CORRECT_DEPTH_11.1),
    ] {
        let root = from_booking(mode, Variant::Correct);
        let (progress, found) = search(
            &root,
            ExploreConfig {
                max_depth: 11,
                ..explore_config()
            },
        );
        assert!(found.is_none(), "{mode:?}: {found:#?}");
        assert_eq!(progress.visited, visited, "{mode:?}");
    }
}

const CORRECT_DEPTH_11: (usize, usize) = (159_854, 156_511);

/// A choreographed saga whose flight is full, from the moment "card
/// charged" is on its way to the flight service, with no retries and one
/// fault: every interleaving to the end. The correct model survives all of
/// them; without the outbox the crash search finds the lost event.
fn mid_saga(variant: Variant) -> World<Saga> {
    let saga = Saga {
        bounds: Bounds {
            publish_attempts: Some(1),
            deliveries: Some(1),
        },
        ..Saga::new(Mode::Choreography, variant)
    };
    let mut w = World::with_config(saga, Config::default());
    fail(&mut w, Step::Flight);
    book(&mut w);
    let charged = Body::Event(Step::Payment, Outcome::Done);
    advance_until(&mut w, |w| delivering(w, charged));
    w.detached()
}

fn one_fault(crashes: u32, duplicates: u32, drops: u32) -> ExploreConfig {
    let mut config = ExploreConfig {
        max_depth: 200,
        ..explore_config()
    };
    config.menu.limits = Limits {
        crashes: Some(crashes),
        duplicates: Some(duplicates),
        drops: Some(drops),
        ..Limits::default()
    };
    config
}

#[test]
fn every_interleaving_of_a_compensating_choreography_is_safe() {
    for ((c, d, r), visited) in [((1, 0, 0), 14_776), ((0, 1, 0), 14_597), ((0, 0, 1), 2_869)] {
        let (progress, found) = search(&mid_saga(Variant::Correct), one_fault(c, d, r));
        assert!(found.is_none(), "{found:#?}");
        assert!(progress.done && !progress.bounded, "{progress:?}");
        assert_eq!(progress.visited, visited, "faults {c} {d} {r}");
    }
    let (_, found) = search(&mid_saga(Variant::DualWrite), one_fault(1, 0, 0));
    assert_eq!(found.expect("a lost event").invariant, ALL_OR_NOTHING);
    let (_, found) = search(&mid_saga(Variant::NoDedupe), one_fault(0, 1, 0));
    assert_eq!(found.expect("a double effect").invariant, NO_DOUBLE_EFFECT);
}

/// Whole sagas, every interleaving, no retries: fault-free orchestration,
/// and choreography with one crash, one duplicate or one drop.
#[test]
#[ignore = "release only: about 15 s"]
fn every_interleaving_of_whole_sagas_is_safe() {
    let bounded = |mode| Saga {
        bounds: Bounds {
            publish_attempts: Some(1),
            deliveries: Some(1),
        },
        ..Saga::new(mode, Variant::Correct)
    };
    let from_start = |mode| {
        let mut w = World::with_config(bounded(mode), Config::default());
        book(&mut w);
        w.detached()
    };
    let (progress, found) = search(&from_start(Mode::Orchestration), one_fault(0, 0, 0));
    assert!(found.is_none(), "{found:#?}");
    assert!(progress.done && !progress.bounded);
    assert_eq!(progress.visited, 152_916);
    for ((c, d, r), visited) in [
        ((1, 0, 0), 69_779),
        ((0, 1, 0), 104_806),
        ((0, 0, 1), 13_880),
    ] {
        let (progress, found) = search(&from_start(Mode::Choreography), one_fault(c, d, r));
        assert!(found.is_none(), "{found:#?}");
        assert!(progress.done && !progress.bounded, "{progress:?}");
        assert_eq!(progress.visited, visited, "faults {c} {d} {r}");
    }
}

/// The widget's button, pressed at the end of each preset and at the
/// moment just before a buggy preset's fault: the bug is found at once and
/// the search is small.
#[test]
fn the_widget_search_finds_each_presets_bug_quickly() {
    for p in PRESETS {
        let world = load(p.name).expect("loads");
        if world.protocol().variant() == Variant::Correct {
            continue;
        }
        let (progress, found) = search(&explore_root(&world), explore_config());
        assert!(found.is_some(), "{}", p.name);
        assert!(progress.visited < 10, "{}: {progress:?}", p.name);
        // Rewind to just before the preset's fault.
        let fault = world
            .trace()
            .iter()
            .position(|a| matches!(a, Action::Crash(_) | Action::Duplicate(_)))
            .expect("the preset injects a fault") as u64;
        let mut before = world.clone();
        before.seek(fault).expect("rewinds");
        let (progress, found) = search(&explore_root(&before), explore_config());
        let found = found.unwrap_or_else(|| panic!("{}: nothing found", p.name));
        assert!(found.trace.len() <= 3, "{}: {:#?}", p.name, found.trace);
        assert!(progress.visited < 5_000, "{}: {progress:?}", p.name);
    }
}

#[test]
fn the_search_root_replays_the_run_with_bounds_just_above_it() {
    let world = load("orchestrator-crash").expect("loads");
    let root = explore_root(&world);
    assert_eq!(root.state_hash(), world.detached().state_hash());
    // The reply was delivered twice in the preset (once to the crashed
    // orchestrator), so the root allows three deliveries.
    assert_eq!(root.protocol().bounds.deliveries, Some(3));
    assert_eq!(root.protocol().bounds.publish_attempts, Some(2));
}
