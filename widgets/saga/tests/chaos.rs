//! The safeguards survive random fault schedules: crashes and restarts of
//! any node (the orchestrator and the broker included), dropped,
//! duplicated and delayed messages, reordering, partitions, pauses, and
//! random "make the next step fail" requests. Every property is checked
//! after every step.
//!
//! "A saga ends all done or all undone" is judged when the system is
//! quiet, so each run ends with a recovery phase: heal the network,
//! restart every node that is down, and let normal progress (retries and
//! redeliveries included) run until nothing is left to happen. The test
//! then demands that the system *is* quiet and the saga finished, so the
//! property is checked at the end of every run, not only when it happens
//! to be convenient.
//!
//! The default run is sized for a debug `cargo test` (400 schedules per
//! mode and fault mix); the full campaign (2,000 schedules x 2 modes x 3
//! mixes = 12,000 runs) is `cargo test --release --test chaos -- --ignored`.

use dsw_saga::invariants::{ALL_OR_NOTHING, NO_DOUBLE_EFFECT, SagaOutcome, outcome, quiet};
use dsw_saga::{HEAD, Mode, Msg, Request, Saga, Variant};
use dsw_sim::{Action, Chaos, Config, World};

/// What a campaign exercised, so a change that quietly stops sagas from
/// running, failing or crashing cannot pass for "no violations".
#[derive(Debug, Default)]
struct Coverage {
    runs: u64,
    steps: u64,
    completed: u64,
    compensated: u64,
    /// Runs in which the head node (orchestrator or trip service) crashed
    /// while the saga was under way.
    head_crashes: u64,
    /// Runs in which a service crashed with an event still in its outbox.
    outbox_crashes: u64,
    /// Deliveries a service recognised as already processed.
    duplicates_absorbed: u64,
    /// Runs in which the broker crashed holding messages.
    broker_crashes: u64,
}

/// The first property broken in a run, if any: (run seed, step, name,
/// reason).
type Failure = (u64, u64, &'static str, String);

fn run(
    mode: Mode,
    variant: Variant,
    seed: u64,
    steps: u64,
    chaos: &Chaos,
    cov: &mut Coverage,
) -> Option<Failure> {
    let config = Config {
        seed,
        record: false,
        snapshot_every: 0,
        ..Config::default()
    };
    let mut world = World::with_config(Saga::new(mode, variant), config);
    world
        .apply(Action::Request(HEAD, Request::Book))
        .expect("books");
    let invariants = world.invariants().to_vec();
    let check = |world: &World<Saga>, step: u64| -> Option<Failure> {
        invariants.iter().find_map(|inv| {
            (inv.check)(world)
                .err()
                .map(|why| (seed, step, inv.name, why))
        })
    };
    let (mut head_crash, mut outbox_crash, mut broker_crash) = (false, false, false);
    let mut step = 0;
    let mut take = |world: &mut World<Saga>, action: Action<Saga>, cov: &mut Coverage| {
        if let Action::Crash(n) = action {
            let v = world.node(n);
            head_crash |= n == HEAD && v.durable.head().is_some_and(|h| !h.phase.finished());
            outbox_crash |= v.durable.service().is_some_and(|d| !d.outbox.is_empty());
            broker_crash |= v.durable.broker().is_some_and(|b| !b.stored.is_empty());
        }
        if let Action::Deliver(id) = action
            && let Some(e) = world.message(id)
            && let Msg::Deliver(body) = e.msg
            && world.is_up(e.to)
            && world
                .node(e.to)
                .durable
                .service()
                .is_some_and(|d| d.processed.contains(&body))
        {
            cov.duplicates_absorbed += 1;
        }
        world
            .apply(action)
            .expect("only possible actions are taken");
        cov.steps += 1;
    };
    for _ in 0..steps {
        let Some(action) = world.chaos_action(chaos) else {
            break;
        };
        take(&mut world, action, cov);
        step += 1;
        if let Some(f) = check(&world, step) {
            return Some(f);
        }
    }
    // Recovery: the faults stop; the system must finish the saga by itself.
    if world.is_partitioned() {
        take(&mut world, Action::Heal, cov);
    }
    for n in world.node_ids().collect::<Vec<_>>() {
        if !world.is_up(n) {
            take(&mut world, Action::Restart(n), cov);
        }
    }
    for _ in 0..20_000 {
        let Some((_, action)) = world.next_event() else {
            break;
        };
        take(&mut world, action, cov);
        step += 1;
        if let Some(f) = check(&world, step) {
            return Some(f);
        }
    }
    assert!(
        quiet(&world),
        "{mode:?} {variant:?} seed {seed}: not quiet after recovery"
    );
    cov.runs += 1;
    cov.head_crashes += u64::from(head_crash);
    cov.outbox_crashes += u64::from(outbox_crash);
    cov.broker_crashes += u64::from(broker_crash);
    match outcome(&world) {
        SagaOutcome::Completed => cov.completed += 1,
        SagaOutcome::Compensated => cov.compensated += 1,
        // A stuck or mixed saga breaks "A saga ends all done or all undone",
        // which `check` has already reported.
        other => panic!("{mode:?} {variant:?} seed {seed}: ended {other:?} unnoticed"),
    }
    None
}

fn campaign(mode: Mode, variant: Variant, seeds: std::ops::Range<u64>, chaos: &Chaos) -> Coverage {
    let mut cov = Coverage::default();
    for seed in seeds {
        if let Some((seed, step, name, why)) = run(mode, variant, seed, 200, chaos, &mut cov) {
            panic!("{mode:?} {variant:?} seed {seed}, step {step}: \"{name}\" broke: {why}");
        }
    }
    cov
}

/// Faults at a pace that lets sagas make progress between them, with the
/// failure requests frequent enough that about half the runs compensate.
fn weather() -> Chaos {
    Chaos {
        next: 60,
        deliver: 10,
        fire: 3,
        request: 2,
        drop: 3,
        duplicate: 3,
        delay: 2,
        crash: 2,
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

fn assert_covered(cov: &Coverage) {
    let share = |n: u64| n as f64 / cov.runs as f64;
    assert!(share(cov.completed) > 0.2, "{cov:?}");
    assert!(share(cov.compensated) > 0.15, "{cov:?}");
    assert!(share(cov.head_crashes) > 0.1, "{cov:?}");
    assert!(share(cov.outbox_crashes) > 0.05, "{cov:?}");
    assert!(share(cov.broker_crashes) > 0.05, "{cov:?}");
    assert!(cov.duplicates_absorbed > cov.runs / 2, "{cov:?}");
}

#[test]
fn the_outbox_and_dedupe_survive_chaos_in_both_modes() {
    for mode in Mode::ALL {
        let cov = campaign(mode, Variant::Correct, 0..400, &weather());
        eprintln!("{mode:?}, weather: {cov:?}");
        assert_covered(&cov);
        let cov = campaign(mode, Variant::Correct, 1000..1100, &Chaos::storm());
        eprintln!("{mode:?}, storm: {cov:?}");
        assert_eq!(cov.runs, 100);
    }
}

#[test]
#[ignore = "release only: about 5 s"]
fn the_outbox_and_dedupe_survive_the_full_chaos_campaign() {
    for mode in Mode::ALL {
        for (name, chaos) in [
            ("weather", weather()),
            ("default", Chaos::default()),
            ("storm", Chaos::storm()),
        ] {
            let cov = campaign(mode, Variant::Correct, 0..2000, &chaos);
            eprintln!("{mode:?}, {name}: {cov:?}");
            assert_eq!(cov.runs, 2000);
            if name == "weather" {
                assert_covered(&cov);
            }
        }
    }
}

/// Each buggy variant is caught by random schedules too, breaking the
/// property it is known for, within the first hundred seeds.
#[test]
fn chaos_catches_each_missing_safeguard() {
    for mode in Mode::ALL {
        for (variant, expected) in [
            (Variant::DualWrite, ALL_OR_NOTHING),
            (Variant::NoDedupe, NO_DOUBLE_EFFECT),
        ] {
            let mut cov = Coverage::default();
            let caught =
                (0..100).find_map(|seed| run(mode, variant, seed, 200, &weather(), &mut cov));
            let (seed, step, name, why) =
                caught.unwrap_or_else(|| panic!("{mode:?} {variant:?} survived 100 schedules"));
            eprintln!("{mode:?} {variant:?}: seed {seed}, step {step}: {name}: {why}");
            assert_eq!(name, expected, "{mode:?} {variant:?}: {why}");
        }
    }
}
