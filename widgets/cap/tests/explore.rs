//! Breadth-first searches over the model, with pinned numbers: if a change
//! alters what is reachable, or how short the shortest counterexample is,
//! these tests say so.
//!
//! The history records times, so time is part of every state and a `Tick`
//! is a move of its own; each search bounds the number of operations per
//! client ([`Bounds`]), and the ones that let time pass also bound depth.

use dsw_cap::invariants::{FRESH_READS, LATER_WRITES_WIN, READS_NEVER_GO_BACK};
use dsw_cap::{Bounds, Cap, Cmd, Variant, explore_config, explore_root, load};
use dsw_sim::{
    Action, ActionMenu, Config, Counterexample, ExploreConfig, Explorer, HashOpts, Limits, NodeId,
    PartitionMenu, Progress, World,
};

const R1: NodeId = NodeId(0);
const R2: NodeId = NodeId(1);

fn bounded(nodes: usize, variant: Variant, max_ops: u32) -> Cap {
    Cap {
        nodes,
        variant,
        values: vec![1],
        bounds: Bounds {
            max_ops: Some(max_ops),
        },
        ..Cap::default()
    }
}

fn world(cap: Cap) -> World<Cap> {
    World::with_config(cap, Config::default())
}

fn search(root: &World<Cap>, config: ExploreConfig) -> (Progress, Option<Counterexample<Cap>>) {
    let mut explorer = Explorer::new(root, config);
    let progress = explorer.run();
    (progress, explorer.counterexample().cloned())
}

/// Replays a counterexample on a recording copy of the root and returns the
/// invariants broken at its last step.
fn broken_at_end(root: &World<Cap>, found: &Counterexample<Cap>) -> Vec<&'static str> {
    let mut w = root.clone();
    let mut last = Vec::new();
    for a in &found.trace {
        last = w
            .apply(a.clone())
            .expect("the counterexample replays")
            .violations;
    }
    last.iter().map(|v| v.invariant).collect()
}

/// Requests, deliveries in any order, timers at any moment, one tick.
fn with_ticks(depth: u32) -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            ticks: vec![1],
            ..ActionMenu::progress_only()
        },
        max_depth: depth,
        ..explore_config()
    }
}

/// Everything but time: requests, deliveries in any order, timers at any
/// moment, one partition (any two sides) and its healing, one crash with
/// restarts, one dropped message. Without ticks, time moves only when a
/// message arrives or a timer fires, so the space is finite.
fn faults_no_ticks() -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            drop: true,
            crash: true,
            restart: true,
            partitions: PartitionMenu::Split,
            heal: true,
            limits: Limits {
                drops: Some(1),
                crashes: Some(1),
                partitions: Some(1),
                ..Limits::default()
            },
            ..ActionMenu::progress_only()
        },
        max_depth: u32::MAX,
        max_states: 3_000_000,
        hash: HashOpts {
            time: true,
            rng: false,
            ids: false,
            faults: false,
        },
        stop_at_violation: true,
    }
}

/// The world of a preset rewound to `step`, rebuilt for search the way
/// the widget's button does it.
fn preset_root(name: &str, step: u64) -> World<Cap> {
    let mut w = load(name).expect("preset loads");
    w.seek(step).expect("the step exists");
    explore_root(&w)
}

/// Gilbert & Lynch's situation, in the `partition-available` preset just
/// after the cut ({r1} | {r2, r3}, every replica holding 1): the available
/// policy serves a stale read in three moves, with no further fault.
#[test]
fn available_serves_a_stale_read_under_the_partition() {
    let root = preset_root("partition-available", 6);
    assert!(root.is_partitioned());
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("a stale read");
    assert_eq!(found.invariant, FRESH_READS);
    assert_eq!(found.trace.len(), 3, "{:?}", found.trace);
    assert!(
        matches!(found.trace[0], Action::Request(_, Cmd::Write(_)))
            && matches!(found.trace.last(), Some(Action::Request(_, Cmd::Read))),
        "{:?}",
        found.trace
    );
    assert_eq!(progress.visited, 62);
    let full = load("partition-available").expect("loads");
    let mut replay = full.clone();
    replay.seek(6).expect("step 6");
    assert_eq!(broken_at_end(&replay, &found), vec![FRESH_READS]);
}

/// The consistent policy's version of that state: r1 wrote 1 through a
/// majority, then the same cut.
fn consistent_partitioned(max_ops: u32) -> World<Cap> {
    let mut root = world(bounded(3, Variant::Consistent, max_ops));
    root.apply(Action::Request(R1, Cmd::Write(1)))
        .expect("write");
    root.run_until_quiet(100).expect("settles");
    root.apply(Action::Partition(vec![vec![R1], vec![R2, NodeId(2)]]))
        .expect("the same cut");
    root.detached()
}

/// The same situation and the same moves under the consistent policy:
/// no schedule of up to four moves breaks any check (the available policy
/// needed three).
#[test]
fn consistent_keeps_every_check_from_the_same_partitioned_state() {
    let root = consistent_partitioned(2);
    let (progress, found) = search(
        &root,
        ExploreConfig {
            max_depth: 4,
            ..explore_config()
        },
    );
    assert_eq!(found, None);
    assert!(progress.done);
    assert_eq!(progress.visited, 2_641);
}

/// Release only: the same to depth 7 (692,409 states).
#[test]
#[ignore = "release only: about 16 s"]
fn consistent_keeps_every_check_from_the_partitioned_state_to_depth_7() {
    let root = consistent_partitioned(2);
    let (progress, found) = search(
        &root,
        ExploreConfig {
            max_depth: 7,
            max_states: 2_000_000,
            ..explore_config()
        },
    );
    assert_eq!(found, None);
    assert_eq!(progress.visited, 692_409);
}

/// Release only: every reachable state of two replicas whose clients
/// issue one operation each, under every fault the search offers (one
/// partition, one crash, one lost message, any delivery order, deadlines
/// at any moment): no check ever breaks.
#[test]
#[ignore = "release only: about 15 s"]
fn consistent_two_replicas_complete_search() {
    let root = world(bounded(2, Variant::Consistent, 1));
    let (progress, found) = search(&root, faults_no_ticks());
    assert_eq!(found, None);
    assert!(progress.done && !progress.bounded);
    assert_eq!(progress.visited, 392_017);
}

/// PACELC's "else": with asynchronous replication the stale read needs no
/// fault at all, just a read at a replica the write has not reached yet.
#[test]
fn available_async_is_stale_without_any_fault() {
    let root = world(bounded(3, Variant::Available, 1));
    let (progress, found) = search(&root, with_ticks(6));
    let found = found.expect("a stale read");
    assert_eq!(found.invariant, FRESH_READS);
    assert_eq!(
        found.trace,
        vec![
            Action::Request(R1, Cmd::Write(1)),
            Action::Deliver(dsw_sim::MsgId(1)),
            Action::Request(NodeId(2), Cmd::Read),
        ]
    );
    assert_eq!(progress.visited, 49);
}

/// With synchronous replication, a stale read needs the write's deadline
/// to pass before the other replicas acknowledge: a partition, or in an
/// asynchronous network simply messages slower than the timeout.
#[test]
fn available_sync_is_stale_only_once_its_deadline_passes() {
    let root = world(bounded(3, Variant::AvailableSync, 1));
    let (progress, found) = search(&root, with_ticks(8));
    let found = found.expect("a stale read");
    assert_eq!(found.invariant, FRESH_READS);
    assert_eq!(
        found.trace,
        vec![
            Action::Request(R1, Cmd::Write(1)),
            Action::FireTimer(R1, dsw_cap::Timer::Deadline),
            Action::Tick(1),
            Action::Request(R2, Cmd::Read),
        ]
    );
    assert_eq!(progress.visited, 469);
}

/// Errata E16: without the write-back, quorum reads go back in time. From
/// the preset's moment just after r2 returned the new value, four moves
/// suffice: a tick, r3's read, its query to r2 and r2's stale answer.
#[test]
fn no_write_back_lets_reads_go_back() {
    let root = preset_root("read-without-write-back", 8);
    let (progress, found) = search(&root, explore_config());
    let found = found.expect("reads go back");
    assert_eq!(found.invariant, READS_NEVER_GO_BACK);
    assert_eq!(found.trace.len(), 4, "{:?}", found.trace);
    assert_eq!(progress.visited, 6_369);
}

/// The correct rules from the same moment: r2's read is still waiting for
/// its write-back, and no schedule of up to four moves breaks a check.
#[test]
fn write_back_keeps_reads_in_order_from_the_same_moment() {
    let preset = load("read-without-write-back").expect("loads");
    let mut cap = preset.protocol().clone();
    cap.variant = Variant::Consistent;
    cap.values.truncate(1);
    cap.bounds = Bounds { max_ops: Some(2) };
    let steps = &preset.trace()[..8];
    let root = World::replay(cap, preset.config().clone(), steps)
        .expect("the same moves replay")
        .detached();
    let (progress, found) = search(
        &root,
        ExploreConfig {
            max_depth: 4,
            ..explore_config()
        },
    );
    assert_eq!(found, None);
    assert_eq!(progress.visited, 17_539);
}

/// ZooKeeper-style reads (quorum writes, local reads): once a write is
/// acknowledged by a majority that excludes r3, a read at r3 is stale.
/// From the moment r1 has heard r2's version and starts storing: r2
/// stores, r1 hears the acknowledgement and answers, a tick, r3 reads.
#[test]
fn local_reads_are_stale() {
    let mut root = world(bounded(3, Variant::LocalReads, 1));
    root.apply(Action::Request(R1, Cmd::Write(1)))
        .expect("write");
    let to_r2 = |w: &World<Cap>, from: NodeId, to: NodeId| {
        w.in_flight()
            .iter()
            .find(|e| e.from == from && e.to == to)
            .expect("a message")
            .id
    };
    let q = to_r2(&root, R1, R2);
    root.apply(Action::Deliver(q)).expect("query");
    let r = to_r2(&root, R2, R1);
    root.apply(Action::Deliver(r)).expect("reply");
    let (progress, found) = search(&root.detached(), with_ticks(6));
    let found = found.expect("a stale read");
    assert_eq!(found.invariant, FRESH_READS);
    assert_eq!(found.trace.len(), 4, "{:?}", found.trace);
    assert_eq!(progress.visited, 1_100);
}

/// Last-writer-wins across a partition: from the moment r1 is cut off,
/// the search finds a write acknowledged later being versioned lower.
#[test]
fn available_lets_an_earlier_write_win() {
    let root = preset_root("heal-and-reconcile", 1);
    let config = ExploreConfig {
        max_depth: 3,
        ..explore_config()
    };
    let mut explorer = Explorer::new(&root, config);
    explorer.run();
    let found = explorer.counterexample().cloned().expect("a violation");
    assert_eq!(found.trace.len(), 3, "{:?}", found.trace);
    assert!(
        [FRESH_READS, LATER_WRITES_WIN].contains(&found.invariant),
        "{}",
        found.invariant
    );
}

/// The widget's "find a counterexample" button, from the end of every
/// weak preset and from the moment just before its anomaly: the search
/// finds it after visiting few states (well under a second natively).
#[test]
fn the_widget_search_finds_the_anomaly_of_every_weak_preset_quickly() {
    for (name, before) in [
        ("partition-available", 6),
        ("heal-and-reconcile", 1),
        ("latency-async", 0),
        ("read-without-write-back", 8),
    ] {
        let full = load(name).expect("loads");
        for step in [before, full.step()] {
            let mut w = full.clone();
            w.seek(step).expect("seek");
            let root = explore_root(&w);
            let mut explorer = Explorer::new(&root, explore_config());
            let progress = explorer.run();
            assert!(progress.found, "{name} at {step}: {progress:?}");
            assert!(progress.visited < 10_000, "{name} at {step}: {progress:?}");
        }
    }
}
