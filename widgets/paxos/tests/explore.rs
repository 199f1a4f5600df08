//! Breadth-first searches over the model, with pinned numbers: if a change
//! alters what is reachable, or how short the shortest counterexample is,
//! these tests say so.
//!
//! Every search abstracts time away (any message may arrive, any timer
//! fire, at any moment: a fully asynchronous network) and bounds rounds,
//! slots and which servers may propose through [`Bounds`], because the
//! state space is infinite otherwise. Even bounded it is large: every
//! Accepted goes to every learner, and any interleaving of those
//! deliveries is a state of its own. So the searches that must reach far
//! are release-only (`cargo test --release --test explore -- --ignored`);
//! the default ones start from the moment just before a bug can strike,
//! which is also what the widget's "find a counterexample" button does
//! from where the reader stands.

use dsw_paxos::invariants::ONE_VALUE;
use dsw_paxos::{Bounds, Paxos, Value, Variant, explore_config, explore_root, load};
use dsw_sim::{
    Action, ActionMenu, Config, Counterexample, ExploreConfig, Explorer, NodeId, Progress, World,
};

const N1: NodeId = NodeId(0);
const N2: NodeId = NodeId(1);
const N3: NodeId = NodeId(2);

fn search(root: &World<Paxos>, config: ExploreConfig) -> (Progress, Option<Counterexample<Paxos>>) {
    let mut explorer = Explorer::new(root, config);
    let progress = explorer.run();
    (progress, explorer.counterexample().cloned())
}

/// The first `step` moves of a preset, replayed under `variant` with
/// `bounds`: the same situation, with other rules from here on.
fn root_at(preset: &str, step: usize, variant: Variant, bounds: Bounds) -> World<Paxos> {
    let world = load(preset).expect("preset loads");
    let mut paxos = world.protocol().clone();
    paxos.variant = variant;
    paxos.bounds = bounds;
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    World::replay(paxos, config, &world.trace()[..step])
        .expect("the preset replays")
        .detached()
}

/// No proposer may start another round: the two rivals of the bug presets
/// have one ballot each.
fn one_round() -> Bounds {
    Bounds {
        max_round: Some(1),
        max_slots: Some(1),
        proposers: Some(2),
    }
}

/// Whether replaying a counterexample on its root breaks "Only one value
/// is chosen" at the last step and not before.
fn broken_after(root: &World<Paxos>, found: &Counterexample<Paxos>) -> bool {
    let mut w = root.clone();
    let broken = |w: &World<Paxos>| {
        w.invariant_status()
            .iter()
            .any(|s| s.name == ONE_VALUE && s.holds.is_err())
    };
    for a in &found.trace {
        if broken(&w) {
            return false;
        }
        w.apply(a.clone()).expect("the counterexample replays");
    }
    broken(&w)
}

fn depth(config: ExploreConfig, max_depth: u32) -> ExploreConfig {
    ExploreConfig {
        max_depth,
        ..config
    }
}

/// In `forget-promise-bug` after six moves, n2 has won phase 1 for 1.n2
/// with n3's promise and accepted B itself; n1's Accept(1.n1, A) is still
/// on its way to n3.
const FORGET_ROOT: usize = 6;

/// Acceptors that keep promises in memory: an acceptor that promised 1.n2
/// accepts B (now chosen), crashes, restarts with no promise, and accepts
/// n1's older A (chosen too). The preset uses n3; the search finds the
/// same story with n1 accepting B and n2 forgetting.
#[test]
fn forgetting_promises_is_caught_in_four_moves() {
    let root = root_at(
        "forget-promise-bug",
        FORGET_ROOT,
        Variant::ForgetPromise,
        one_round(),
    );
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("two values chosen");
    assert_eq!(found.invariant, ONE_VALUE);
    assert_eq!(
        (found.trace.len(), progress.visited),
        (4, FORGET_VISITED),
        "{:#?}",
        found.trace
    );
    // Which acceptor forgets does not matter; one must crash.
    assert!(
        found.trace.iter().any(|a| matches!(a, Action::Crash(_))),
        "{:#?}",
        found.trace
    );
    assert!(broken_after(&root, &found));

    // With promises on disk, nothing breaks within the same four moves.
    let root = root_for_correct(FORGET_ROOT);
    let (progress, found) = search(&root, depth(explore_config(), 4));
    assert!(found.is_none(), "{found:#?}");
    assert_eq!(progress.visited, FORGET_CORRECT_DEPTH_4);
}

const FORGET_VISITED: usize = 2_280;
const FORGET_CORRECT_DEPTH_4: usize = 2_411;

fn root_for_correct(step: usize) -> World<Paxos> {
    root_at("forget-promise-bug", step, Variant::Correct, one_round())
}

/// In `ignore-accepted-bug` after four moves, A is chosen: n1 and n3
/// accepted it at 1.n1. n2 has not proposed yet.
const IGNORE_ROOT: usize = 4;

/// Proposers that skip the value-adoption rule: n2 asks, n3 promises and
/// reports A, n2 proposes B anyway, n3 accepts it.
#[test]
fn ignoring_accepted_values_is_caught_in_four_moves() {
    let root = root_at(
        "ignore-accepted-bug",
        IGNORE_ROOT,
        Variant::IgnoreAccepted,
        one_round(),
    );
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("two values chosen");
    assert_eq!(found.invariant, ONE_VALUE);
    assert_eq!(
        (found.trace.len(), progress.visited),
        (4, IGNORE_VISITED),
        "{:#?}",
        found.trace
    );
    assert!(matches!(found.trace[0], Action::Request(n, _) if n == N2));
    assert!(broken_after(&root, &found));

    let root = root_at(
        "ignore-accepted-bug",
        IGNORE_ROOT,
        Variant::Correct,
        one_round(),
    );
    let (progress, found) = search(&root, depth(explore_config(), 4));
    assert!(found.is_none(), "{found:#?}");
    assert_eq!(progress.visited, IGNORE_CORRECT_DEPTH_4);
}

const IGNORE_VISITED: usize = 1_029;
const IGNORE_CORRECT_DEPTH_4: usize = 1_098;

/// The widget's button, natively, from the very start of each bug preset
/// (step 0: three idle servers): [`explore_root`] allows one round per
/// proposer and two proposers, and the search finds the shortest way to
/// two chosen values.
#[test]
fn the_widget_search_finds_each_bug_from_its_preset_start() {
    for (preset, moves, states) in [
        ("ignore-accepted-bug", 8, WIDGET_IGNORE),
        ("forget-promise-bug", 10, WIDGET_FORGET),
    ] {
        let mut world = load(preset).expect("loads");
        world.seek(0).expect("rewinds");
        let root = explore_root(&world);
        let mut explorer = Explorer::new(&root, explore_config());
        while !explorer.run_for(2_000).done {}
        let found = explorer.counterexample().expect("found").clone();
        assert_eq!(found.invariant, ONE_VALUE, "{preset}");
        assert_eq!(
            (found.trace.len(), explorer.progress().visited),
            (moves, states),
            "{preset}"
        );
        for a in &found.trace {
            world
                .apply(a.clone())
                .expect("replays on the reader's world");
        }
        let last = world.violations().last().expect("broken");
        assert_eq!(last.invariant, ONE_VALUE);
        assert_eq!(last.step, world.step());
    }
}

const WIDGET_IGNORE: usize = 6_003;
const WIDGET_FORGET: usize = 42_499;

/// The correct model from the forget-promise root, with no depth limit:
/// every ordering of the remaining messages, any crash of one server and
/// its restart. Complete, and safe.
#[test]
#[ignore = "release only: about 40 s"]
fn every_state_after_the_forget_root_is_safe_with_promises_on_disk() {
    let root = root_for_correct(FORGET_ROOT);
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
    assert_eq!(progress.visited, FORGET_CORRECT_COMPLETE);
}

const FORGET_CORRECT_COMPLETE: usize = 1_030_864;

/// Three servers, two proposers with one round each, from nothing: every
/// interleaving of two complete proposals (promises, refusals, adoption,
/// learning), with no faults. Complete, and safe; the same search catches
/// the adoption bug.
#[test]
#[ignore = "release only: about 5 s"]
fn every_state_of_two_single_round_proposers_is_safe() {
    let fresh = |variant| {
        let mut paxos = Paxos::new(3, variant);
        paxos.bounds = one_round();
        World::with_config(paxos, Config::default())
    };
    let progress_only = ExploreConfig {
        menu: ActionMenu::progress_only(),
        max_depth: 200,
        max_states: 3_000_000,
        ..explore_config()
    };
    let (progress, found) = search(&fresh(Variant::Correct), progress_only.clone());
    assert!(found.is_none(), "{found:#?}");
    assert!(progress.done && !progress.bounded, "{progress:?}");
    assert_eq!(progress.visited, TWO_PROPOSERS_COMPLETE);

    let (_, found) = search(&fresh(Variant::IgnoreAccepted), progress_only);
    let found = found.expect("the adoption bug");
    assert_eq!((found.invariant, found.trace.len()), (ONE_VALUE, 8));
}

const TWO_PROPOSERS_COMPLETE: usize = 198_105;

/// Multi-Paxos on three servers: n1 leads and x is chosen in slot 1; then
/// n2 is asked for y. Its phase 1 learns x; a leader that ignored reports
/// would put y in slot 1.
fn multi_root(variant: Variant) -> World<Paxos> {
    let mut paxos = Paxos::multi(3, variant);
    paxos.commands = vec![Value(b'x'), Value(b'y')];
    paxos.bounds = Bounds {
        max_round: Some(2),
        max_slots: Some(2),
        proposers: Some(2),
    };
    let mut w = World::with_config(paxos, Config::default());
    w.apply(Action::Request(N1, Value(b'x'))).expect("asks");
    w.run_until_quiet(1_000).expect("settles");
    let chosen = dsw_paxos::invariants::chosen(&w);
    assert_eq!(chosen.len(), 1);
    assert_eq!((chosen[0].slot, chosen[0].value), (1, Value(b'x')));
    w.detached()
}

#[test]
fn a_multi_paxos_leader_that_ignores_reports_is_caught_in_four_moves() {
    let (progress, found) = search(&multi_root(Variant::IgnoreAccepted), explore_config());
    let found = found.expect("two values in slot 1");
    assert_eq!(found.invariant, ONE_VALUE);
    assert_eq!(
        (found.trace.len(), progress.visited),
        (4, MULTI_IGNORE_VISITED),
        "{:#?}",
        found.trace
    );
    assert!(broken_after(&multi_root(Variant::IgnoreAccepted), &found));

    let (progress, found) = search(&multi_root(Variant::Correct), depth(explore_config(), 4));
    assert!(found.is_none(), "{found:#?}");
    assert_eq!(progress.visited, MULTI_CORRECT_DEPTH_4);
}

const MULTI_IGNORE_VISITED: usize = 1_217;
const MULTI_CORRECT_DEPTH_4: usize = 1_322;

/// The correct Multi-Paxos model from the same root, further: new leaders,
/// recovery of slot 1, a second slot, one crash.
#[test]
#[ignore = "release only: about 10 s"]
fn multi_paxos_recovery_is_safe_to_depth_eight() {
    let (progress, found) = search(
        &multi_root(Variant::Correct),
        ExploreConfig {
            max_depth: 8,
            max_states: 3_000_000,
            ..explore_config()
        },
    );
    assert!(found.is_none(), "{found:#?}");
    assert_eq!(progress.visited, MULTI_CORRECT_DEPTH_8);
}

const MULTI_CORRECT_DEPTH_8: usize = 499_463;

#[test]
fn roots_hold_what_the_tests_say() {
    let w = root_for_correct(FORGET_ROOT);
    assert!(w.node(N2).durable.accepted_in(1).is_some());
    assert!(w.node(N3).durable.accepted_in(1).is_none());
    assert_eq!(
        w.node(N1).durable.accepted_in(1).map(|v| v.value),
        Some(Value(b'A'))
    );
    let w = root_at(
        "ignore-accepted-bug",
        IGNORE_ROOT,
        Variant::Correct,
        one_round(),
    );
    assert_eq!(dsw_paxos::invariants::chosen(&w).len(), 1);
}
