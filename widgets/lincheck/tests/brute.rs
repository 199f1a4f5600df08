//! The key honesty test: the fast checker against brute force (every order
//! that respects real time) on thousands of random small histories, for all
//! three models, and the same for sequential and causal consistency.

mod common;

use common::{
    Shape, TestRng, random_history, random_views_history, reference_causal, reference_linearizable,
    reference_sequential, remove_with_dependants, validate_linearization,
};
use dsw_lincheck::{Judgement, Model, Verdict, check, check_causal, check_sequential};

fn compare(shape: Shape, model: Model, count: usize, max_ops: usize, seed: u64) {
    let mut rng = TestRng::new(seed);
    let (mut yes, mut no) = (0, 0);
    for i in 0..count {
        let h = random_history(&mut rng, shape, max_ops);
        let all: Vec<usize> = (0..h.len()).collect();
        let expected = reference_linearizable(&h, model, &all);
        let verdict = check(&h, model).expect("random histories fit their model");
        assert_eq!(
            verdict.is_linearizable(),
            expected,
            "history #{i} ({shape:?}), brute force says {expected}:\n{h}"
        );
        match verdict {
            Verdict::Linearizable(lin) => {
                yes += 1;
                if let Err(e) = validate_linearization(&h, model, &lin) {
                    panic!("history #{i}: bad linearization: {e}\n{h}\n{lin:?}");
                }
            }
            Verdict::NotLinearizable(f) => {
                no += 1;
                assert!(!f.ops.is_empty() && !f.explanation.is_empty());
                assert!(
                    !reference_linearizable(&h, model, &f.ops),
                    "history #{i}: the 'minimal failing set' {:?} is linearizable:\n{h}",
                    f.ops
                );
                for &x in &f.ops {
                    let rest = remove_with_dependants(&h, model, &f.ops, x);
                    assert!(
                        reference_linearizable(&h, model, &rest),
                        "history #{i}: set {:?} is not minimal: without {x} ({rest:?}) it still fails:\n{h}",
                        f.ops
                    );
                }
            }
        }
    }
    // Both verdicts must be well represented, or the test proves little.
    assert!(
        yes > count / 8 && no > count / 8,
        "{yes} linearizable, {no} not"
    );
}

#[test]
fn register_matches_brute_force() {
    compare(Shape::Register, Model::Register, 3000, 7, 1);
}

#[test]
fn kv_matches_brute_force_over_all_keys_at_once() {
    // The reference does not partition by key, so this also checks that
    // per-key checking (locality) gives the same answer.
    compare(Shape::Kv, Model::Kv, 1500, 7, 2);
}

#[test]
fn append_matches_brute_force() {
    compare(Shape::Append, Model::Append, 1500, 7, 3);
}

#[test]
fn unique_values_match_brute_force() {
    compare(Shape::UniqueKv, Model::Kv, 1000, 7, 4);
}

#[test]
fn sequential_consistency_matches_brute_force() {
    let mut rng = TestRng::new(5);
    let (mut yes, mut no) = (0, 0);
    for (shape, model) in [
        (Shape::Register, Model::Register),
        (Shape::Kv, Model::Kv),
        (Shape::Append, Model::Append),
    ] {
        for i in 0..800 {
            let h = random_history(&mut rng, shape, 7);
            let expected = reference_sequential(&h, model);
            let j = check_sequential(&h, model, 1_000_000).expect("fits");
            assert_eq!(j.holds(), expected, "#{i} {shape:?}: {j:?}\n{h}");
            if expected {
                yes += 1;
            } else {
                no += 1;
                let Judgement::Violated { ops, .. } = &j else {
                    panic!("expected a violation: {j:?}");
                };
                let sub = h.subset(ops);
                assert!(
                    !reference_sequential(&sub, model),
                    "#{i}: failing set {ops:?} is SC:\n{h}"
                );
            }
        }
    }
    assert!(yes > 300 && no > 300, "{yes} SC, {no} not");
}

#[test]
fn causal_consistency_matches_brute_force() {
    let mut rng = TestRng::new(6);
    let (mut yes, mut no) = (0, 0);
    for i in 0..1500 {
        let h = random_history(&mut rng, Shape::UniqueKv, 7);
        let expected = reference_causal(&h);
        let j = check_causal(&h, Model::Kv, 1_000_000).expect("fits");
        assert_eq!(j.holds(), expected, "#{i}: {j:?}\n{h}");
        if expected {
            yes += 1;
        } else {
            no += 1;
            let Judgement::Violated { ops, .. } = &j else {
                panic!("expected a violation: {j:?}");
            };
            assert!(
                !reference_causal(&h.subset(ops)),
                "#{i}: failing set {ops:?} is causal:\n{h}"
            );
        }
    }
    assert!(yes > 200 && no > 200, "{yes} causal, {no} not");
}

#[test]
fn causal_and_sequential_match_brute_force_on_view_shaped_histories() {
    let mut rng = TestRng::new(8);
    let mut counts = [0usize; 4];
    for i in 0..5000 {
        let h = random_views_history(&mut rng);
        let sc = reference_sequential(&h, Model::Kv);
        let causal = reference_causal(&h);
        assert_eq!(
            check_sequential(&h, Model::Kv, 1_000_000)
                .expect("fits")
                .holds(),
            sc,
            "#{i}\n{h}"
        );
        assert_eq!(
            check_causal(&h, Model::Kv, 1_000_000)
                .expect("fits")
                .holds(),
            causal,
            "#{i}\n{h}"
        );
        counts[usize::from(sc) * 2 + usize::from(causal)] += 1;
    }
    // [neither, causal only, SC only (impossible), both]
    assert_eq!(counts[2], 0);
    assert!(
        counts.iter().enumerate().all(|(i, &c)| i == 2 || c > 20),
        "{counts:?}"
    );
}

#[test]
fn stronger_models_imply_weaker_ones() {
    let mut rng = TestRng::new(7);
    let mut separated = [0usize; 2];
    for i in 0..1500 {
        let h = if i % 2 == 0 {
            random_history(&mut rng, Shape::UniqueKv, 7)
        } else {
            random_views_history(&mut rng)
        };
        let lin = check(&h, Model::Kv).expect("fits").is_linearizable();
        let sc = check_sequential(&h, Model::Kv, 1_000_000)
            .expect("fits")
            .holds();
        let causal = check_causal(&h, Model::Kv, 1_000_000)
            .expect("fits")
            .holds();
        assert!(!lin || sc, "#{i}: linearizable but not SC:\n{h}");
        assert!(!sc || causal, "#{i}: SC but not causal:\n{h}");
        separated[0] += usize::from(sc && !lin);
        separated[1] += usize::from(causal && !sc);
    }
    // Random histories separate the levels too, not just the hand-made ones.
    assert!(separated[0] > 0 && separated[1] > 0, "{separated:?}");
}
