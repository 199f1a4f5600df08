//! Two independent judges of the same runs: the model's invariants (which
//! read the versions replicas attach to values) and the consistency
//! chapter's linearizability checker, `dsw-lincheck`, which reads only the
//! Jepsen history the clients saw.
//!
//! Versions are unique and values are not (clients write small numbers), so
//! the checker may explain a read by another write of the same value: it
//! can accept what the invariants reject, never the reverse. Where every
//! written value is distinct, the checker must agree exactly with the
//! invariants about reads. Clock skew is left
//! out, as in `chaos.rs`: the history is timed by the replicas' clocks.

use dsw_cap::invariants::LATER_WRITES_WIN;
use dsw_cap::{Cap, Checked, PRESETS, Variant, history};
use dsw_sim::{Chaos, Config, World};

fn invariants_hold(world: &World<Cap>) -> bool {
    world
        .invariants()
        .iter()
        .all(|inv| (inv.check)(world).is_ok())
}

/// The invariants about what reads returned. "Later writes win" also flags
/// a write that got too small a version before any read has seen the
/// damage: a prediction about the next read, which no history judge can
/// make from what the clients saw so far.
fn read_invariants_hold(world: &World<Cap>) -> bool {
    world
        .invariants()
        .iter()
        .filter(|inv| inv.name != LATER_WRITES_WIN)
        .all(|inv| (inv.check)(world).is_ok())
}

/// Whether no value is written twice, so a read names its write.
fn distinct_writes(world: &World<Cap>) -> bool {
    let mut seen = std::collections::HashSet::new();
    history(world)
        .ops
        .iter()
        .filter(|op| !op.cmd.is_read())
        .all(|op| seen.insert(op.cmd.to_string()))
}

/// The checker's verdict, after checking it against the invariants.
fn agree(world: &World<Cap>, what: &str) -> bool {
    let checked = history(world).checked();
    let linearizable = match &checked {
        Checked::Linearizable => true,
        Checked::NotLinearizable { .. } => false,
        other => panic!("{what}: the checker gave no verdict: {other:?}"),
    };
    let invariants = invariants_hold(world);
    let jepsen = history(world).jepsen();
    assert!(
        linearizable || !invariants,
        "{what}: the invariants hold but the checker says {checked:?}\n{jepsen}"
    );
    if distinct_writes(world) {
        assert_eq!(
            linearizable,
            read_invariants_hold(world),
            "{what}: distinct values, yet the checker says {checked:?}\n{jepsen}"
        );
    }
    linearizable
}

#[test]
fn the_checker_and_the_invariants_agree_on_every_preset() {
    let mut broken = Vec::new();
    for preset in PRESETS {
        let world = dsw_cap::load(preset.name).expect("presets load");
        if !agree(&world, preset.name) {
            broken.push(preset.name);
        }
    }
    // The chapter's stale reads: the checker must see them too.
    assert!(broken.contains(&"partition-available"), "{broken:?}");
    assert!(!broken.contains(&"partition-consistent"), "{broken:?}");
}

#[test]
fn the_checker_and_the_invariants_agree_under_random_faults() {
    let chaos = Chaos {
        next: 50,
        deliver: 10,
        fire: 2,
        request: 12,
        drop: 3,
        delay: 3,
        max_delay: 12,
        crash: 2,
        restart: 4,
        partition: 3,
        heal: 3,
        tick: 6,
        max_tick: 4,
        skew: 0,
        ..Chaos::default()
    };
    for variant in Variant::ALL {
        let (mut yes, mut no, mut exact) = (0, 0, 0);
        for seed in 0..120 {
            let config = Config {
                seed,
                record: false,
                snapshot_every: 0,
                ..Config::default()
            };
            let mut world = World::with_config(Cap::new(3, variant), config);
            // Short runs as well as long ones: few writes are more often
            // of distinct values, where the judges must agree exactly.
            for _ in 0..(15 + (seed % 8) * 15) {
                let Some(action) = world.chaos_action(&chaos) else {
                    break;
                };
                world.apply(action).expect("chaos picks possible actions");
            }
            exact += u32::from(distinct_writes(&world));
            if agree(&world, &format!("{} seed {seed}", variant.name())) {
                yes += 1;
            } else {
                no += 1;
            }
        }
        eprintln!(
            "{}: {yes} linearizable, {no} not; {exact} with distinct values",
            variant.name()
        );
        assert!(yes > 0, "{}: no run stayed linearizable", variant.name());
        assert!(exact > 0, "{}: no run compared exactly", variant.name());
    }
}
