//! Generated histories: linearizable by construction, broken by mutations
//! that certainly break them, partitioned per key, and shrunk to minimal
//! failing sets.

mod common;

use common::{remove_with_dependants, validate_linearization};
use dsw_lincheck::generate::{GenConfig, Mutation, generate, mutate};
use dsw_lincheck::{History, Model, Verdict, check};

fn configs(ops: usize) -> Vec<GenConfig> {
    vec![
        GenConfig::register(ops, 5, 1),
        GenConfig::register(ops, 20, 2),
        GenConfig {
            distinct_values: Some(4),
            ..GenConfig::register(ops, 6, 3)
        },
        GenConfig::kv(ops, 20, 5, 4),
        GenConfig {
            unknown: 0.2,
            ..GenConfig::kv(ops, 10, 3, 5)
        },
        GenConfig::append(ops, 10, 4, 6),
    ]
}

#[test]
fn simulated_atomic_objects_are_linearizable() {
    for cfg in configs(400) {
        for seed in 0..4 {
            let cfg = GenConfig {
                seed: cfg.seed * 100 + seed,
                ..cfg.clone()
            };
            let h = generate(&cfg);
            assert_eq!(h.len(), 400);
            let unknown = h
                .ops
                .iter()
                .filter(|o| o.outcome == dsw_lincheck::Outcome::Unknown)
                .count();
            assert!(unknown > 0, "{cfg:?} should produce unknown outcomes");
            match check(&h, cfg.model).expect("fits") {
                Verdict::Linearizable(lin) => validate_linearization(&h, cfg.model, &lin)
                    .unwrap_or_else(|e| panic!("{cfg:?}: {e}")),
                Verdict::NotLinearizable(f) => panic!("{cfg:?}: {f:?}"),
            }
        }
    }
}

/// A failure must name the mutated key, shrink to a set that still fails,
/// and be minimal: without any one op (and the ops that observed only its
/// value) the rest is linearizable.
fn assert_minimal_failure(h: &History, model: Model, what: &str) -> Vec<usize> {
    let Verdict::NotLinearizable(f) = check(h, model).expect("fits") else {
        panic!("{what}: mutation not detected");
    };
    assert!(!f.explanation.is_empty());
    assert!(f.failing_keys.contains(&f.key));
    for &op in &f.ops {
        let key = if model == Model::Register {
            None
        } else {
            h.ops[op].key.clone()
        };
        assert_eq!(key, f.key, "{what}: op {op} is not on the failing key");
    }
    assert!(
        !check(&h.subset(&f.ops), model)
            .expect("fits")
            .is_linearizable(),
        "{what}: the minimal set {:?} passes",
        f.ops
    );
    for &x in &f.ops {
        let rest = remove_with_dependants(h, model, &f.ops, x);
        assert!(
            check(&h.subset(&rest), model)
                .expect("fits")
                .is_linearizable(),
            "{what}: {:?} is not minimal, {rest:?} still fails",
            f.ops
        );
    }
    f.ops
}

#[test]
fn mutations_are_detected_and_shrunk() {
    let mut detected = 0;
    for cfg in configs(300) {
        if cfg.distinct_values.is_some() {
            continue; // mutations need unique values to be sure
        }
        for mutation in Mutation::ALL {
            for seed in 0..3 {
                let h = generate(&cfg);
                let Some((bad, text)) = mutate(&h, mutation, seed) else {
                    continue;
                };
                let what = format!("{cfg:?} {text}");
                let changed: Vec<usize> =
                    (0..h.len()).filter(|&i| h.ops[i] != bad.ops[i]).collect();
                let ops = assert_minimal_failure(&bad, cfg.model, &what);
                assert!(
                    ops.iter().any(|o| changed.contains(o)),
                    "{what}: {ops:?} misses {changed:?}"
                );
                detected += 1;
            }
        }
    }
    assert!(detected >= 20, "only {detected} mutations applied");
}

/// P-compositionality: a key-value history is linearizable exactly when
/// each key's sub-history is (checked here as a lone register).
#[test]
fn kv_verdict_is_the_conjunction_of_per_key_verdicts() {
    let mut seen = [0usize; 2];
    for seed in 0..12 {
        let h = generate(&GenConfig::kv(300, 10, 4, seed));
        let hs = match mutate(&h, Mutation::StaleRead, seed) {
            Some((bad, _)) if seed % 2 == 0 => vec![h, bad],
            _ => vec![h],
        };
        for h in hs {
            let whole = check(&h, Model::Kv).expect("fits").is_linearizable();
            let mut keys: Vec<_> = h.ops.iter().map(|o| o.key.clone()).collect();
            keys.sort();
            keys.dedup();
            let per_key = keys.iter().all(|k| {
                let ids: Vec<usize> = (0..h.len()).filter(|&i| &h.ops[i].key == k).collect();
                check(&h.subset(&ids), Model::Register)
                    .expect("one key")
                    .is_linearizable()
            });
            assert_eq!(whole, per_key);
            seen[usize::from(whole)] += 1;
        }
    }
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

#[test]
fn thousands_of_operations_in_debug() {
    for cfg in [
        GenConfig::register(2000, 10, 9),
        GenConfig::kv(2000, 50, 20, 9),
    ] {
        let h = generate(&cfg);
        assert!(check(&h, cfg.model).expect("fits").is_linearizable());
        let (bad, text) = mutate(&h, Mutation::StaleRead, 1).expect("a site");
        assert_minimal_failure(&bad, cfg.model, &text);
    }
}

#[test]
#[ignore = "release only: about 30 s"]
fn ten_thousand_operations() {
    for cfg in [
        GenConfig::register(10_000, 10, 21),
        GenConfig::register(10_000, 50, 22),
        GenConfig::kv(10_000, 50, 10, 23),
        GenConfig::kv(10_000, 50, 100, 24),
        GenConfig::append(10_000, 20, 10, 25),
    ] {
        let h = generate(&cfg);
        assert!(
            check(&h, cfg.model).expect("fits").is_linearizable(),
            "{cfg:?}"
        );
        for m in Mutation::ALL {
            let (bad, text) = mutate(&h, m, 3).expect("a site");
            let Verdict::NotLinearizable(f) = check(&bad, cfg.model).expect("fits") else {
                panic!("{cfg:?}: {text} not detected");
            };
            assert!(
                !check(&bad.subset(&f.ops), cfg.model)
                    .expect("fits")
                    .is_linearizable()
            );
        }
    }
}
