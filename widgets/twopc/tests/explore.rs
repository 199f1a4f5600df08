//! Breadth-first searches over the practical model, with pinned numbers:
//! if a change alters what is reachable, or how short the shortest
//! counterexample is, these tests say so.
//!
//! Every search uses the widget's [`explore_config`]: time is abstracted
//! away (any message may arrive and any timer fire at any moment, so a
//! timeout proves nothing), the users' requests may come at any moment,
//! and one dropped message and one crash are allowed, restarts free.
//! [`explore_root`] bounds resends so that the searches end.

use std::time::Instant;

use dsw_sim::{Config, Counterexample, ExploreConfig, Explorer, Progress, World};
use dsw_twopc::invariants::{DURABLE_DECISION, TC_CONSISTENT};
use dsw_twopc::{AtomicCommit, Variant, explore_config, explore_root, load};

fn fresh(cfg: AtomicCommit) -> World<AtomicCommit> {
    explore_root(&World::with_config(cfg, Config::default()))
}

fn search(
    root: &World<AtomicCommit>,
    config: ExploreConfig,
) -> (Progress, Option<Counterexample<AtomicCommit>>) {
    let mut explorer = Explorer::new(root, config);
    let progress = explorer.run();
    (progress, explorer.counterexample().cloned())
}

/// Replays a counterexample on `root` (with history on) and returns the
/// invariants broken at its last step.
fn broken_at_end(
    root: &World<AtomicCommit>,
    found: &Counterexample<AtomicCommit>,
) -> Vec<&'static str> {
    let mut w = World::with_config(root.protocol().clone(), Config::default());
    for a in &found.trace {
        w.apply(a.clone()).expect("the counterexample replays");
    }
    w.violations()
        .iter()
        .filter(|v| v.step == w.step())
        .map(|v| v.invariant)
        .collect()
}

/// 2PC with two participants: no schedule of at most eight moves breaks a
/// property.
#[test]
fn two_phase_commit_survives_every_short_schedule() {
    let root = fresh(AtomicCommit::new(2, Variant::Correct));
    let (progress, found) = search(
        &root,
        ExploreConfig {
            max_depth: 8,
            ..explore_config()
        },
    );
    assert!(found.is_none(), "{found:#?}");
    assert!(progress.done && progress.bounded, "{progress:?}");
    assert_eq!(progress.visited, CORRECT_2PC_DEPTH_8);
}

const CORRECT_2PC_DEPTH_8: usize = 30_040;

/// The whole state space of practical 2PC with two participants: every
/// interleaving of the protocol, the users' aborts, early timeouts, one
/// dropped message and one crash anywhere, each node resending at most
/// once per incarnation. Complete: no state was cut off by depth.
#[test]
#[ignore = "release only: about 2 minutes"]
fn every_state_of_two_phase_commit_with_two_participants_is_safe() {
    let root = fresh(AtomicCommit::new(2, Variant::Correct));
    let (progress, found) = search(
        &root,
        ExploreConfig {
            max_depth: 200,
            max_states: 3_000_000,
            ..explore_config()
        },
    );
    assert!(found.is_none(), "{found:#?}");
    assert!(progress.done && !progress.bounded, "{progress:?}");
    assert_eq!(progress.visited, CORRECT_2PC_COMPLETE);
}

const CORRECT_2PC_COMPLETE: usize = 1_292_525;

/// Errata E48 turned around: a prepared participant that gives up and
/// aborts. Shortest counterexample with two participants: the commit
/// request, two Prepares delivered, rm1's timer firing, two votes
/// delivered (tm commits), one Commit delivered.
#[test]
fn the_search_catches_a_prepared_participant_that_aborts_on_a_timeout() {
    let root = fresh(AtomicCommit::new(2, Variant::PreparedTimeoutAborts));
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a counterexample");
    assert_eq!(found.invariant, TC_CONSISTENT, "{}", found.reason);
    assert_eq!(
        found.trace.len(),
        PREPARED_TIMEOUT_LENGTH,
        "{:#?}",
        found.trace
    );
    assert_eq!(progress.visited, PREPARED_TIMEOUT_VISITED);
    assert!(broken_at_end(&root, &found).contains(&TC_CONSISTENT));
}

const PREPARED_TIMEOUT_LENGTH: usize = 7;
const PREPARED_TIMEOUT_VISITED: usize = 4_320;

/// A coordinator that sends COMMIT before logging it breaks durability
/// the moment the first Commit leaves: a crash then would turn it into an
/// abort.
#[test]
fn the_search_catches_a_coordinator_that_does_not_log_its_decision() {
    let root = fresh(AtomicCommit::new(2, Variant::CoordinatorForgetsDecision));
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a counterexample");
    assert_eq!(found.invariant, DURABLE_DECISION, "{}", found.reason);
    assert_eq!(found.trace.len(), FORGETS_LENGTH, "{:#?}", found.trace);
    assert_eq!(progress.visited, FORGETS_VISITED);
}

const FORGETS_LENGTH: usize = 5;
const FORGETS_VISITED: usize = 510;

/// 3PC's termination rule trusts timeouts. With time abstracted away, a
/// timeout can fire while the PreCommit is still on its way, and the
/// search finds an inconsistency without any partition or crash.
#[test]
fn the_search_breaks_three_phase_commit_with_an_early_timeout() {
    let root = fresh(AtomicCommit::three_phase(2));
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a counterexample");
    assert_eq!(found.invariant, TC_CONSISTENT, "{}", found.reason);
    assert_eq!(found.trace.len(), THREE_PHASE_LENGTH, "{:#?}", found.trace);
    assert_eq!(progress.visited, THREE_PHASE_VISITED);
}

const THREE_PHASE_LENGTH: usize = 8;
const THREE_PHASE_VISITED: usize = 10_901;

/// With three participants the same bug needs nine moves.
#[test]
#[ignore = "release only: about 3 s"]
fn the_search_catches_the_timeout_bug_with_three_participants() {
    let root = fresh(AtomicCommit::new(3, Variant::PreparedTimeoutAborts));
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a counterexample");
    assert_eq!(found.invariant, TC_CONSISTENT);
    assert_eq!(found.trace.len(), 9);
    assert_eq!(progress.visited, 142_953);
}

/// The widget's "find a counterexample" button, from every step of every
/// preset that runs a broken protocol: it always finds one, quickly, and
/// its trace replays on the reader's own world.
#[test]
fn the_widget_search_finds_a_counterexample_from_every_step_of_the_buggy_presets() {
    for name in ["prepared-timeout-bug", "3pc-partition"] {
        let world = load(name).expect("loads");
        let mut worst = (0, 0);
        for step in 0..=world.step() {
            let mut here = world.clone();
            here.seek(step).expect("rewinds");
            let started = Instant::now();
            let root = explore_root(&here);
            let mut explorer = Explorer::new(&root, explore_config());
            while !explorer.run_for(2_000).done {}
            let elapsed = started.elapsed();
            let found = explorer
                .counterexample()
                .unwrap_or_else(|| panic!("{name} step {step}: no counterexample"))
                .clone();
            assert_eq!(found.invariant, TC_CONSISTENT, "{name} step {step}");
            worst = worst.max((explorer.progress().visited, step));
            for a in &found.trace {
                here.apply(a.clone())
                    .expect("replays on the reader's world");
            }
            assert!(
                here.violations()
                    .iter()
                    .any(|v| v.invariant == TC_CONSISTENT),
                "{name} step {step}"
            );
            eprintln!(
                "{name} step {step}: {} moves, {} states, {elapsed:?}",
                found.trace.len(),
                explorer.progress().visited
            );
        }
        assert!(worst.0 < 20_000, "{name}: {worst:?}");
    }
}
