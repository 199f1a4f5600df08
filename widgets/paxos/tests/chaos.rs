//! Lamport's rules survive random fault schedules: crashes and restarts,
//! drops, duplicates, delays, reordering, partitions, pauses, proposals at
//! random servers. The three named properties are checked after every
//! step, and a campaign must show it exercised what matters (choices,
//! competing rounds, adopted values, restarts), so a change that quietly
//! stops anything from being chosen cannot pass for "no violations".
//!
//! The default run is sized for a debug `cargo test` (600 runs of 300
//! steps); the full campaign (2,000 seeds x 300 steps for single-decree
//! and Multi-Paxos on 3 and 5 servers under two fault mixes, plus
//! single-decree on 7 and 9 servers: 20,000 runs, 6 million steps) is
//! `cargo test --release --test chaos -- --ignored`.

use dsw_paxos::{Mode, Paxos, Variant, invariants};
use dsw_sim::{Action, Chaos, Config, World};

#[derive(Debug, Default)]
struct Coverage {
    runs: u64,
    steps: u64,
    /// Runs in which some value was chosen.
    chosen: u64,
    /// Runs in which some slot was chosen at two different ballots, so a
    /// later proposer re-proposed a chosen value.
    rechosen: u64,
    /// Runs in which some acceptor accepted in two different ballots.
    competing: u64,
    /// Runs in which a server crashed and restarted.
    restarts: u64,
    partitions: u64,
    highest_round: u32,
    most_slots: u32,
}

fn campaign(paxos: &Paxos, seeds: std::ops::Range<u64>, steps: u64, chaos: &Chaos) -> Coverage {
    let mut cov = Coverage::default();
    for seed in seeds {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let mut world = World::with_config(paxos.clone(), config);
        let checks = world.invariants().to_vec();
        let (mut restarted, mut partitioned) = (false, false);
        for step in 1..=steps {
            let Some(action) = world.chaos_action(chaos) else {
                break;
            };
            restarted |= matches!(action, Action::Restart(_));
            partitioned |= matches!(action, Action::Partition(_));
            world.apply(action).expect("chaos picks possible actions");
            for inv in &checks {
                if let Err(why) = (inv.check)(&world) {
                    panic!(
                        "{} servers, {:?}, seed {seed}, step {step}: \"{}\" broke: {why}\ntrace: {:?}",
                        paxos.nodes,
                        paxos.mode,
                        inv.name,
                        world.trace()
                    );
                }
            }
            cov.steps += 1;
        }
        cov.runs += 1;
        let chosen = invariants::chosen(&world);
        cov.chosen += u64::from(!chosen.is_empty());
        cov.rechosen += u64::from(chosen.iter().any(|c| {
            chosen
                .iter()
                .any(|d| d.slot == c.slot && d.ballot != c.ballot)
        }));
        cov.competing += u64::from(world.nodes().any(|v| {
            let votes = &v.durable.ghost.votes;
            votes
                .iter()
                .any(|a| votes.iter().any(|b| b.ballot != a.ballot))
        }));
        cov.restarts += u64::from(restarted);
        cov.partitions += u64::from(partitioned);
        cov.highest_round = cov
            .highest_round
            .max(world.nodes().map(|v| v.durable.round).max().unwrap_or(0));
        cov.most_slots = cov
            .most_slots
            .max(chosen.iter().map(|c| c.slot).max().unwrap_or(0));
    }
    cov
}

/// Faults at a pace that lets proposals finish between them; the engine's
/// default mix fires retry timers early so often that rounds rarely last.
fn weather() -> Chaos {
    Chaos {
        next: 60,
        deliver: 10,
        fire: 2,
        request: 8,
        drop: 3,
        duplicate: 2,
        delay: 3,
        crash: 1,
        restart: 3,
        pause: 1,
        resume: 2,
        skew: 0,
        partition: 1,
        heal: 2,
        tick: 2,
        ..Chaos::default()
    }
}

fn assert_covered(cov: &Coverage) {
    let share = |n: u64| n as f64 / cov.runs as f64;
    assert!(share(cov.chosen) > 0.75, "{cov:?}");
    assert!(share(cov.competing) > 0.5, "{cov:?}");
    assert!(share(cov.rechosen) > 0.15, "{cov:?}");
    assert!(share(cov.restarts) > 0.3, "{cov:?}");
    assert!(share(cov.partitions) > 0.3, "{cov:?}");
}

/// Paxos Made Simple §2: the three properties hold under faults, for one
/// decision and for a log.
#[test]
fn the_rules_survive_chaos_with_three_and_five_servers() {
    for nodes in [3, 5] {
        for paxos in [
            Paxos::new(nodes, Variant::Correct),
            Paxos::multi(nodes, Variant::Correct),
        ] {
            let cov = campaign(&paxos, 0..100, 300, &weather());
            eprintln!("{nodes} servers, {:?}: {cov:?}", paxos.mode);
            assert_covered(&cov);
            if paxos.mode == Mode::Multi {
                assert!(cov.most_slots >= 3, "{cov:?}");
            }
            let cov = campaign(&paxos, 1000..1050, 300, &Chaos::storm());
            assert!(cov.chosen > 0, "{cov:?}");
        }
    }
}

#[test]
#[ignore = "release only: about 80 s"]
fn the_rules_survive_the_full_chaos_campaign() {
    for nodes in [3, 5] {
        for paxos in [
            Paxos::new(nodes, Variant::Correct),
            Paxos::multi(nodes, Variant::Correct),
        ] {
            for (name, chaos) in [("weather", weather()), ("storm", Chaos::storm())] {
                let cov = campaign(&paxos, 0..2000, 300, &chaos);
                eprintln!("{nodes} servers, {:?}, {name}: {cov:?}", paxos.mode);
                assert_eq!(cov.runs, 2000);
                if name == "weather" {
                    assert_covered(&cov);
                }
            }
        }
    }
    // Larger clusters need more messages per decision, so fewer of the
    // 300 steps end in one; faults still strike every run.
    for nodes in [7, 9] {
        let cov = campaign(
            &Paxos::new(nodes, Variant::Correct),
            0..2000,
            300,
            &weather(),
        );
        eprintln!("{nodes} servers: {cov:?}");
        assert!(cov.chosen > 600 && cov.competing > 300, "{cov:?}");
        assert!(cov.restarts > 1800 && cov.partitions > 1800, "{cov:?}");
    }
}

/// Where each run on three servers first breaks a property, if it does.
fn first_violations(
    variant: Variant,
    chaos: &Chaos,
    seeds: std::ops::Range<u64>,
) -> Vec<(u64, u64)> {
    let mut caught = Vec::new();
    for seed in seeds {
        let config = Config {
            seed,
            record: false,
            snapshot_every: 0,
            ..Config::default()
        };
        let mut w = World::with_config(Paxos::new(3, variant), config);
        let checks = w.invariants().to_vec();
        for step in 1..=300 {
            let Some(a) = w.chaos_action(chaos) else {
                break;
            };
            w.apply(a).expect("chaos picks possible actions");
            if let Some(inv) = checks.iter().find(|i| (i.check)(&w).is_err()) {
                assert_eq!(inv.name, invariants::ONE_VALUE, "{variant:?}, seed {seed}");
                caught.push((seed, step));
                break;
            }
        }
    }
    caught
}

/// Skipping the value-adoption rule breaks Paxos in almost any run where
/// two proposers meet: random schedules catch it at once.
#[test]
fn random_schedules_catch_ignoring_accepted_values_at_once() {
    let caught = first_violations(Variant::IgnoreAccepted, &Chaos::default(), 0..20);
    assert_eq!(caught.len(), 20, "every run breaks: {caught:?}");
    assert_eq!(caught[0], (0, 256));
}

/// A forgotten promise breaks Paxos only if an acceptor crashes after
/// promising a higher ballot and before a lower ballot's Accept reaches it,
/// and that Accept completes a majority. Of 2,000 random runs of 300 steps
/// on three servers under the storm mix (faults as often as progress),
/// five find it: random testing alone is a weak net for this bug, which is
/// why the explorer's search pins it.
#[test]
#[ignore = "release only: about 5 s"]
fn random_schedules_catch_forgotten_promises_rarely() {
    let caught = first_violations(Variant::ForgetPromise, &Chaos::storm(), 0..2000);
    assert_eq!(caught.len(), 5, "{caught:?}");
    assert_eq!(caught[0], (811, 151));
}
