//! Random fault schedules: crashes and restarts, lost, duplicated, delayed
//! and reordered messages, partitions and healing, pauses, deadlines that
//! fire early, client requests at random replicas. Every check is
//! evaluated after every step.
//!
//! The default run is sized for a debug `cargo test` (150 schedules of 300
//! steps for each cluster size, plus the availability checks); the full
//! campaign (2,000 schedules per cluster size and fault mix: 12,000
//! schedules, 3.6 million steps) is `cargo test --release --test chaos --
//! --ignored` (about 30 s on two shared cores).
//!
//! Clock skew is never injected: the history is timed by the replicas'
//! clocks (see the crate docs).

use dsw_cap::invariants::FRESH_READS;
use dsw_cap::{Cap, Outcome, Variant, history};
use dsw_sim::{Action, Chaos, Config, NodeId, World};

/// What a campaign exercised, so that a change which quietly stops
/// operations from finishing cannot pass for "no violations".
#[derive(Debug, Default)]
struct Coverage {
    runs: u64,
    steps: u64,
    ok_reads: u64,
    ok_writes: u64,
    fails: u64,
    infos: u64,
    /// Reads that needed the write-back phase.
    write_backs: u64,
    partitions: u64,
    restarts: u64,
    /// The first violation, if any: (seed, invariant, reason).
    violation: Option<(u64, &'static str, String)>,
}

/// Faults often enough to matter, progress often enough for operations to
/// finish between them.
fn weather() -> Chaos {
    Chaos {
        next: 50,
        deliver: 10,
        fire: 2,
        request: 12,
        drop: 3,
        duplicate: 2,
        delay: 3,
        max_delay: 12,
        crash: 2,
        restart: 4,
        pause: 1,
        max_pause: 12,
        resume: 2,
        skew: 0,
        partition: 3,
        heal: 3,
        tick: 6,
        max_tick: 4,
        ..Chaos::default()
    }
}

/// Partitions come and go, nothing else goes wrong. Time passes only as
/// messages arrive and timers fire, in order: a raw tick would hold
/// messages back past deadlines, which to a replica is indistinguishable
/// from a partition (Gilbert & Lynch's asynchronous network).
fn partitions_only() -> Chaos {
    Chaos {
        next: 50,
        deliver: 0,
        fire: 0,
        request: 12,
        drop: 0,
        duplicate: 0,
        delay: 0,
        crash: 0,
        restart: 0,
        pause: 0,
        resume: 0,
        skew: 0,
        partition: 3,
        heal: 3,
        tick: 0,
        ..Chaos::default()
    }
}

fn campaign(
    variant: Variant,
    nodes: usize,
    seeds: std::ops::Range<u64>,
    steps: u64,
    chaos: &Chaos,
    stop_at_violation: bool,
) -> Coverage {
    let mut cov = Coverage::default();
    for seed in seeds {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let mut world = World::with_config(Cap::new(nodes, variant), config);
        let invariants = world.invariants().to_vec();
        'run: for _ in 0..steps {
            let Some(action) = world.chaos_action(chaos) else {
                break;
            };
            cov.partitions += u64::from(matches!(action, Action::Partition(_)));
            cov.restarts += u64::from(matches!(action, Action::Restart(_)));
            world.apply(action).expect("chaos picks possible actions");
            cov.steps += 1;
            for inv in &invariants {
                if let Err(why) = (inv.check)(&world) {
                    if cov.violation.is_none() {
                        cov.violation = Some((seed, inv.name, why));
                    }
                    if stop_at_violation {
                        break 'run;
                    }
                }
            }
        }
        cov.runs += 1;
        for op in history(&world).ops {
            match (op.outcome, op.cmd.is_read()) {
                (Some(Outcome::Ok), true) => {
                    cov.ok_reads += 1;
                    cov.write_backs += u64::from(op.round_trips == 2);
                }
                (Some(Outcome::Ok), false) => cov.ok_writes += 1,
                (Some(Outcome::Fail), _) => cov.fails += 1,
                (Some(Outcome::Info), _) => cov.infos += 1,
                (None, _) => {}
            }
        }
    }
    cov
}

fn assert_safe(variant: Variant, nodes: usize, runs: u64, chaos: &Chaos) -> Coverage {
    let cov = campaign(variant, nodes, 0..runs, 300, chaos, true);
    if let Some((seed, name, why)) = &cov.violation {
        panic!(
            "{} on {nodes} replicas, seed {seed}: \"{name}\" broke: {why}",
            variant.name()
        );
    }
    assert_eq!(cov.runs, runs);
    assert!(cov.ok_reads > 0 && cov.ok_writes > 0, "{cov:?}");
    assert!(cov.ok_reads + cov.ok_writes > runs, "{cov:?}");
    assert!(cov.fails > 0 && cov.infos > 0, "{cov:?}");
    assert!(cov.partitions > runs / 2, "{cov:?}");
    assert!(chaos.restart == 0 || cov.restarts > runs / 2, "{cov:?}");
    cov
}

/// Gilbert & Lynch's C, in the quorum model: the history stays
/// linearizable (by versions) under every fault.
#[test]
fn consistent_survives_random_faults() {
    for nodes in [2, 3] {
        let cov = assert_safe(Variant::Consistent, nodes, 150, &weather());
        if nodes == 3 {
            assert!(cov.write_backs > 0, "{cov:?}");
        }
    }
}

#[test]
#[ignore = "release only: about 30 s"]
fn consistent_survives_the_full_campaign() {
    for nodes in [2, 3] {
        for chaos in [weather(), Chaos::storm(), partitions_only()] {
            let chaos = Chaos { skew: 0, ..chaos };
            let cov = assert_safe(Variant::Consistent, nodes, 2_000, &chaos);
            println!("{nodes} replicas: {cov:?}");
        }
    }
}

/// Every weaker configuration is caught by random schedules too, not only
/// by the explorer's hand-picked starting points.
#[test]
fn every_weaker_variant_is_caught_by_chaos() {
    for variant in [
        Variant::Available,
        Variant::AvailableSync,
        Variant::NoWriteBack,
        Variant::LocalReads,
    ] {
        let cov = campaign(variant, 3, 0..200, 300, &weather(), true);
        assert!(
            cov.violation.is_some(),
            "{} was never caught: {cov:?}",
            variant.name()
        );
    }
}

/// Lets every pending deadline pass, so each operation has an answer.
fn drain(world: &mut World<Cap>) {
    let timeout = world.protocol().timeout;
    world.advance(timeout + 1).expect("time passes");
}

/// Gilbert & Lynch's A: every request received by a replica that has not
/// failed gets a (non-error) answer. With partitions as the only fault,
/// the available policies answer every request; the consistent policy
/// refuses some, and only while the network is partitioned (a replica
/// sends each phase's messages once, so a cut that drops them dooms the
/// operation even if it heals before the deadline).
#[test]
fn available_always_answers_and_consistent_refuses_only_during_partitions() {
    let mut consistent_refusals = 0;
    for seed in 0..150 {
        for variant in [
            Variant::Available,
            Variant::AvailableSync,
            Variant::Consistent,
        ] {
            let config = Config {
                seed,
                record: false,
                snapshot_every: 0,
                ..Config::default()
            };
            let mut world = World::with_config(Cap::new(3, variant), config);
            // The times at which the network was cut, step by step.
            let mut cut_at: Vec<u64> = Vec::new();
            let chaos = partitions_only();
            for _ in 0..300 {
                let Some(action) = world.chaos_action(&chaos) else {
                    break;
                };
                world.apply(action).expect("chaos picks possible actions");
                if world.is_partitioned() {
                    cut_at.push(world.now());
                }
            }
            drain(&mut world);
            let h = history(&world);
            if variant == Variant::Consistent {
                for op in h.refused() {
                    let end = op.completed.expect("refused ops are complete");
                    assert!(
                        cut_at.iter().any(|t| (op.invoked..=end).contains(t)),
                        "seed {seed}: {op:?} refused with the network whole"
                    );
                    consistent_refusals += 1;
                }
            } else {
                for op in &h.ops {
                    assert_eq!(
                        op.outcome,
                        Some(Outcome::Ok),
                        "{} seed {seed}: {op:?}",
                        variant.name()
                    );
                }
            }
        }
    }
    assert!(consistent_refusals > 50, "{consistent_refusals}");
}

/// The available policy's reads go stale under partitions alone.
#[test]
fn available_serves_stale_reads_under_partitions_alone() {
    let cov = campaign(
        Variant::Available,
        3,
        0..100,
        300,
        &partitions_only(),
        false,
    );
    let (_, name, _) = cov.violation.expect("a violation");
    assert_eq!(name, FRESH_READS);
}

#[test]
fn nothing_is_ever_pending_at_a_replica_that_is_up_after_its_deadline() {
    for seed in 0..100 {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let mut world = World::with_config(Cap::new(3, Variant::Consistent), config);
        world.run_chaos(&weather(), 300).expect("runs");
        // Restart everyone so every client's deadline can run, then wait.
        for n in 0..3u8 {
            if !world.is_up(NodeId(n)) {
                world.apply(Action::Restart(NodeId(n))).expect("restart");
            }
            if world.is_paused(NodeId(n)) {
                world.apply(Action::Resume(NodeId(n))).expect("resume");
            }
        }
        drain(&mut world);
        let h = history(&world);
        assert!(
            h.ops.iter().all(|op| !op.is_pending()),
            "seed {seed}: {}",
            h.table()
        );
    }
}
