//! Random fault schedules: crashes and restarts of the coordinator and the
//! participants, drops, duplicates, delays, reordering, partitions, pauses,
//! timers firing early, users aborting. Every named invariant is checked
//! after every step.
//!
//! The default run is sized for a debug `cargo test` (a few hundred
//! schedules per protocol); the full campaign (over 2,000 schedules each
//! for 2PC with 2, 3 and 5 participants under three fault mixes, and for
//! 3PC with crashes only) is `cargo test --release --test chaos --
//! --ignored`.

use dsw_sim::{Action, Chaos, Config, World};
use dsw_twopc::{AtomicCommit, Request, TM, Variant, bit, rm, verdict};

/// What a campaign exercised, so a change that quietly stops commits or
/// crashes cannot pass for "no violations".
#[derive(Debug, Default)]
struct Coverage {
    runs: u64,
    steps: u64,
    commits: u64,
    aborts: u64,
    /// Runs that ended with a participant still in doubt.
    blocked: u64,
    /// Runs in which the coordinator crashed while some participant was
    /// prepared.
    tm_crashed_with_doubt: u64,
    /// Runs in which the coordinator crashed after logging COMMIT.
    tm_crashed_after_commit: u64,
    /// Runs in which a prepared participant crashed and restarted.
    rm_recovered_prepared: u64,
    partitions: u64,
    /// The first violation: (seed, step, invariant, reason).
    violation: Option<(u64, u64, &'static str, String)>,
}

/// Runs `steps` chaos steps from each seed. With `begin`, the first step
/// asks the coordinator to commit, so every run has a transaction to
/// break; otherwise the users' requests come in any order.
fn campaign(
    make: impl Fn(u64) -> AtomicCommit,
    seeds: std::ops::Range<u64>,
    steps: u64,
    chaos: &Chaos,
    begin: bool,
) -> Coverage {
    let mut cov = Coverage::default();
    for seed in seeds {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let cfg = make(seed);
        let mut world = World::with_config(cfg.clone(), config);
        let invariants = world.invariants().to_vec();
        if begin {
            world
                .apply(Action::Request(TM, Request::Commit))
                .expect("the coordinator is up");
        }
        let (mut doubt_crash, mut commit_crash, mut rm_back, mut parted) =
            (false, false, false, false);
        for step in 1..=steps {
            let Some(action) = world.chaos_action(chaos) else {
                break;
            };
            let in_doubt = |w: &World<AtomicCommit>| {
                cfg.rms().any(|n| {
                    w.node(n)
                        .durable
                        .rm()
                        .is_some_and(|d| d.state.is_in_doubt())
                })
            };
            match &action {
                Action::Crash(n) if *n == TM => {
                    doubt_crash |= in_doubt(&world);
                    commit_crash |= world.node(TM).durable.tm().is_some_and(|d| d.commit);
                }
                Action::Restart(n) if *n != TM => {
                    rm_back |= world
                        .node(*n)
                        .durable
                        .rm()
                        .is_some_and(|d| d.state.is_in_doubt());
                }
                Action::Partition(_) => parted = true,
                _ => {}
            }
            world.apply(action).expect("chaos picks possible actions");
            cov.steps += 1;
            if cov.violation.is_none()
                && let Some(inv) = invariants.iter().find(|i| (i.check)(&world).is_err())
            {
                let why = (inv.check)(&world).err().unwrap_or_default();
                cov.violation = Some((seed, step, inv.name, why));
            }
        }
        cov.runs += 1;
        match verdict(&world) {
            "commit" => cov.commits += 1,
            "abort" => cov.aborts += 1,
            "blocked" => cov.blocked += 1,
            _ => {}
        }
        cov.tm_crashed_with_doubt += u64::from(doubt_crash);
        cov.tm_crashed_after_commit += u64::from(commit_crash);
        cov.rm_recovered_prepared += u64::from(rm_back);
        cov.partitions += u64::from(parted);
    }
    cov
}

/// Faults at a pace that lets transactions finish between them.
fn weather() -> Chaos {
    Chaos {
        next: 60,
        deliver: 10,
        fire: 2,
        request: 1,
        drop: 3,
        duplicate: 2,
        delay: 3,
        crash: 3,
        restart: 4,
        pause: 1,
        resume: 2,
        skew: 0,
        partition: 1,
        heal: 2,
        tick: 2,
        ..Chaos::default()
    }
}

/// Every fourth seed has one participant that votes no.
fn two_phase(participants: usize) -> impl Fn(u64) -> AtomicCommit {
    move |seed| AtomicCommit {
        no_votes: if seed % 4 == 3 {
            bit(rm(1 + (seed / 4) as usize % participants))
        } else {
            0
        },
        ..AtomicCommit::new(participants, Variant::Correct)
    }
}

fn assert_safe(name: &str, cov: &Coverage) {
    assert!(cov.violation.is_none(), "{name}: {:?}", cov.violation);
}

fn assert_covered(name: &str, cov: &Coverage) {
    let share = |n: u64| n as f64 / cov.runs as f64;
    assert!(share(cov.commits) > 0.2, "{name}: {cov:?}");
    assert!(share(cov.aborts) > 0.2, "{name}: {cov:?}");
    assert!(share(cov.tm_crashed_with_doubt) > 0.05, "{name}: {cov:?}");
    assert!(share(cov.tm_crashed_after_commit) > 0.05, "{name}: {cov:?}");
    assert!(share(cov.rm_recovered_prepared) > 0.05, "{name}: {cov:?}");
    assert!(share(cov.partitions) > 0.2, "{name}: {cov:?}");
}

/// 2PC's three properties hold under every fault the engine has, timers
/// firing at any moment included: its safety never depends on timing.
#[test]
fn two_phase_commit_survives_chaos() {
    let cov = campaign(two_phase(3), 0..300, 150, &weather(), true);
    eprintln!("2PC, 3 participants, weather: {cov:?}");
    assert_safe("weather", &cov);
    assert_covered("weather", &cov);
    let cov = campaign(two_phase(2), 0..100, 150, &Chaos::storm(), false);
    eprintln!("2PC, 2 participants, storm: {cov:?}");
    assert_safe("storm", &cov);
}

#[test]
#[ignore = "release only: about 10 s"]
fn two_phase_commit_survives_the_full_chaos_campaign() {
    for participants in [2, 3, 5] {
        for (name, chaos, begin) in [
            ("weather", weather(), true),
            ("default", Chaos::default(), true),
            ("storm", Chaos::storm(), false),
        ] {
            let cov = campaign(two_phase(participants), 0..2_000, 200, &chaos, begin);
            eprintln!("2PC, {participants} participants, {name}: {cov:?}");
            assert_eq!(cov.runs, 2_000);
            assert_safe(name, &cov);
            if name == "weather" {
                assert_covered(name, &cov);
            }
        }
    }
}

/// Crashes and restarts with timely messages: 3PC's own failure model
/// (fail-stop, bounded delays). Time advances only by the next natural
/// event, so every timeout fires only after what was due before it: no
/// early timers, no delays, no losses but those a crash causes, no
/// partitions.
fn crashes_only() -> Chaos {
    Chaos {
        next: 60,
        deliver: 0,
        fire: 0,
        request: 1,
        drop: 0,
        duplicate: 0,
        delay: 0,
        crash: 3,
        restart: 4,
        pause: 0,
        resume: 0,
        skew: 0,
        partition: 0,
        heal: 0,
        tick: 0,
        ..Chaos::default()
    }
}

fn three_phase(participants: usize) -> impl Fn(u64) -> AtomicCommit {
    move |seed| AtomicCommit {
        no_votes: if seed % 4 == 3 { bit(rm(1)) } else { 0 },
        ..AtomicCommit::three_phase(participants)
    }
}

/// Skeen 1981: with crashes only and timely messages, the termination
/// rule keeps 3PC consistent.
#[test]
fn three_phase_commit_survives_crashes() {
    let cov = campaign(three_phase(3), 0..300, 150, &crashes_only(), true);
    eprintln!("3PC, crashes only: {cov:?}");
    assert_safe("3PC crashes", &cov);
    assert!(cov.commits > 50 && cov.aborts > 50, "{cov:?}");
    assert!(cov.tm_crashed_with_doubt > 20, "{cov:?}");
}

#[test]
#[ignore = "release only: about 3 s"]
fn three_phase_commit_survives_the_full_crash_campaign() {
    for participants in [2, 3, 5] {
        let cov = campaign(
            three_phase(participants),
            0..2_000,
            200,
            &crashes_only(),
            true,
        );
        eprintln!("3PC, {participants} participants, crashes only: {cov:?}");
        assert_safe("3PC crashes", &cov);
    }
}

/// The same 3PC with partitions added: some schedules commit on one side
/// and abort on the other.
#[test]
fn three_phase_commit_breaks_under_partitions() {
    let partitions = Chaos {
        partition: 3,
        heal: 2,
        ..crashes_only()
    };
    let cov = campaign(three_phase(3), 0..300, 150, &partitions, true);
    eprintln!("3PC with partitions: {cov:?}");
    let (seed, step, invariant, why) = cov.violation.expect("a partition breaks 3PC");
    assert_eq!(
        invariant,
        dsw_twopc::invariants::TC_CONSISTENT,
        "seed {seed} step {step}: {why}"
    );
}

/// Timeouts that fire before messages that were due earlier are delays
/// longer than 3PC assumes: without any partition, 3PC breaks too.
#[test]
fn three_phase_commit_breaks_when_timeouts_fire_early() {
    let early = Chaos {
        fire: 5,
        ..crashes_only()
    };
    let cov = campaign(three_phase(3), 0..300, 150, &early, true);
    let (_, _, invariant, _) = cov.violation.expect("an early timeout breaks 3PC");
    assert_eq!(invariant, dsw_twopc::invariants::TC_CONSISTENT);
}

/// The buggy variants are caught by chaos too, not only by the search.
#[test]
fn chaos_catches_both_buggy_variants() {
    for variant in [
        Variant::PreparedTimeoutAborts,
        Variant::CoordinatorForgetsDecision,
    ] {
        let cov = campaign(
            |_| AtomicCommit::new(3, variant),
            0..200,
            150,
            &weather(),
            true,
        );
        assert!(cov.violation.is_some(), "{variant:?}: {cov:?}");
    }
}

/// 2PC blocks but does not lose transactions: after any fault schedule,
/// once the network heals and every node is back up, every participant
/// learns the outcome and releases its locks. Before that, a participant
/// left in doubt by a crashed coordinator still holds its locks.
#[test]
fn every_transaction_finishes_once_the_faults_stop() {
    let mut stuck_on_a_dead_coordinator = 0;
    for seed in 0..300 {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let mut world = World::with_config(two_phase(3)(seed), config);
        world
            .apply(Action::Request(TM, Request::Commit))
            .expect("up");
        world.run_chaos(&weather(), 120).expect("runs");
        if verdict(&world) == "blocked" && !world.is_up(TM) {
            stuck_on_a_dead_coordinator += 1;
            for v in world.nodes().filter(|v| v.is_up()) {
                let (Some(d), Some(m)) = (v.durable.rm(), v.volatile.and_then(|m| m.rm())) else {
                    continue;
                };
                if d.state.is_in_doubt() {
                    assert!(
                        m.locked,
                        "seed {seed}: an in-doubt participant holds its locks"
                    );
                }
            }
        }
        if world.is_partitioned() {
            world.apply(Action::Heal).expect("heals");
        }
        let down: Vec<_> = world.node_ids().filter(|&n| !world.is_up(n)).collect();
        for n in down {
            world.apply(Action::Restart(n)).expect("restarts");
        }
        world.run_until_quiet(10_000).expect("runs");
        let ending = verdict(&world);
        assert!(
            ending == "commit" || ending == "abort",
            "seed {seed}: the transaction ends {ending}"
        );
        for inv in world.invariants() {
            assert!((inv.check)(&world).is_ok(), "seed {seed}: {}", inv.name);
        }
        for v in world.nodes() {
            if let Some(m) = v.volatile.and_then(|m| m.rm()) {
                assert!(!m.locked, "seed {seed}: {} still holds locks", v.id);
            }
        }
    }
    assert!(
        stuck_on_a_dead_coordinator >= 3,
        "{stuck_on_a_dead_coordinator} runs ended blocked on a crashed coordinator"
    );
}
