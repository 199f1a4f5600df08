//! Hand-written histories with known verdicts: registers in the spirit of
//! Herlihy & Wing's examples, compare-and-set, failed operations, and
//! operations of unknown outcome that must (or must not) have taken effect.

mod common;

use common::validate_linearization;
use dsw_lincheck::{
    Action, Checker, Failure, History, Model, OpId, Progress, Value, Verdict, check,
};

fn w(h: &mut History, p: u64, v: i64) -> OpId {
    h.invoke(p, None, Action::Write(Value::Int(v)))
}

fn r(h: &mut History, p: u64) -> OpId {
    h.invoke(p, None, Action::Read)
}

fn cas(h: &mut History, p: u64, from: Value, to: i64) -> OpId {
    h.invoke(
        p,
        None,
        Action::Cas {
            from,
            to: Value::Int(to),
        },
    )
}

fn linearizable(h: &History, model: Model) -> bool {
    match check(h, model).expect("fits the model") {
        Verdict::Linearizable(lin) => {
            validate_linearization(h, model, &lin).expect("a valid linearization");
            true
        }
        Verdict::NotLinearizable(_) => false,
    }
}

fn failure(h: &History, model: Model) -> Failure {
    match check(h, model).expect("fits the model") {
        Verdict::NotLinearizable(f) => f,
        Verdict::Linearizable(l) => panic!("expected a failure, got {l:?}\n{h}"),
    }
}

#[test]
fn a_write_then_a_read_of_it() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = r(&mut h, 1);
    h.ok_read(b, 1);
    assert!(linearizable(&h, Model::Register));
}

#[test]
fn a_read_overlapping_a_write_may_return_either_value() {
    for seen in [Value::Nil, Value::Int(1)] {
        let mut h = History::new();
        let a = w(&mut h, 0, 1);
        let b = r(&mut h, 1);
        h.ok_read(b, seen.clone());
        h.ok(a);
        assert!(linearizable(&h, Model::Register), "read {seen}");
    }
}

#[test]
fn a_stale_read_is_caught_and_explained() {
    let mut h = History::new();
    let a = w(&mut h, 0, 3);
    h.ok(a);
    let b = w(&mut h, 1, 4);
    h.ok(b);
    // Noise that must not end up in the minimal set.
    let c = r(&mut h, 2);
    h.ok_read(c, 4);
    let d = r(&mut h, 2);
    h.ok_read(d, 3);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![a, b, d]);
    let e = &f.explanation;
    assert!(e.contains("r3 read 3"), "{e}");
    assert!(e.contains("the only write of 3"), "{e}");
    assert!(e.contains("every order puts w1 between w0 and r3"), "{e}");
}

#[test]
fn a_read_of_a_value_nobody_wrote() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = r(&mut h, 1);
    h.ok_read(b, 5);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![b]);
    assert!(
        f.explanation.contains("no operation writes 5"),
        "{}",
        f.explanation
    );
}

#[test]
fn a_read_from_the_future() {
    let mut h = History::new();
    let b = r(&mut h, 1);
    h.ok_read(b, 1);
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![b, a]);
    assert!(
        f.explanation.contains("invoked after r0 completed"),
        "{}",
        f.explanation
    );
}

#[test]
fn the_initial_value_after_a_completed_write() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = r(&mut h, 1);
    h.ok_read(b, Value::Nil);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![a, b]);
    assert!(
        f.explanation.contains("the initial value"),
        "{}",
        f.explanation
    );
}

/// Two reads overlap a slow write; the first sees the new value, the
/// second, which starts after the first ended, sees the old one.
#[test]
fn new_then_old_is_not_linearizable_but_old_then_new_is() {
    for new_first in [true, false] {
        let mut h = History::new();
        let a = w(&mut h, 0, 0);
        h.ok(a);
        let b = w(&mut h, 1, 1);
        let c = r(&mut h, 2);
        h.ok_read(c, if new_first { 1 } else { 0 });
        let d = r(&mut h, 3);
        h.ok_read(d, if new_first { 0 } else { 1 });
        h.ok(b);
        if new_first {
            let f = failure(&h, Model::Register);
            assert_eq!(f.ops, vec![a, b, c, d]);
            assert!(
                f.explanation.contains("once r2 has seen 1"),
                "{}",
                f.explanation
            );
        } else {
            assert!(linearizable(&h, Model::Register));
        }
    }
}

#[test]
fn compare_and_set_in_sequence() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = cas(&mut h, 1, Value::Int(1), 2);
    h.ok(b);
    let c = r(&mut h, 2);
    h.ok_read(c, 2);
    assert!(linearizable(&h, Model::Register));
}

#[test]
fn two_concurrent_cas_from_the_same_value_cannot_both_succeed() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = cas(&mut h, 1, Value::Int(1), 2);
    let c = cas(&mut h, 2, Value::Int(1), 3);
    h.ok(b);
    h.ok(c);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![a, b, c]);
    // No pattern fits: the general description, with where orders get stuck.
    assert!(
        f.explanation.contains("No order of these 3 operations"),
        "{}",
        f.explanation
    );
    assert!(f.explanation.contains("would find"), "{}", f.explanation);
}

#[test]
fn a_write_in_between_lets_both_cas_succeed() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = cas(&mut h, 1, Value::Int(1), 2);
    let c = cas(&mut h, 2, Value::Int(1), 3);
    let d = w(&mut h, 3, 1);
    h.ok(b);
    h.ok(c);
    h.ok(d);
    assert!(linearizable(&h, Model::Register));
}

#[test]
fn failed_operations_did_not_happen() {
    for failed in [true, false] {
        let mut h = History::new();
        let a = w(&mut h, 0, 1);
        h.ok(a);
        let b = cas(&mut h, 1, Value::Int(1), 2);
        if failed {
            h.fail(b);
        } else {
            h.ok(b);
        }
        let c = w(&mut h, 2, 7);
        if failed {
            h.fail(c);
        } else {
            h.ok(c);
        }
        let d = r(&mut h, 3);
        h.ok_read(d, 1);
        assert_eq!(linearizable(&h, Model::Register), failed);
        if failed {
            let Verdict::Linearizable(lin) = check(&h, Model::Register).expect("fits") else {
                unreachable!()
            };
            assert!(lin.skipped.contains(&b) && lin.skipped.contains(&c));
        }
    }
}

#[test]
fn an_unknown_write_that_must_have_happened() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = w(&mut h, 1, 2);
    h.info(b);
    let c = r(&mut h, 2);
    h.ok_read(c, 2);
    let Verdict::Linearizable(lin) = check(&h, Model::Register).expect("fits") else {
        panic!("the :info write explains the read");
    };
    let order: Vec<OpId> = lin.points.iter().map(|p| p.op).collect();
    assert_eq!(order, vec![a, b, c]);
    // The same write, certainly failed, leaves the read unexplained.
    let mut g = h.clone();
    g.ops[b].outcome = dsw_lincheck::Outcome::Fail;
    assert!(!linearizable(&g, Model::Register));
}

#[test]
fn an_unknown_write_that_never_completes_may_take_effect_late() {
    let mut h = History::new();
    let b = w(&mut h, 1, 2); // never completes
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let c = r(&mut h, 2);
    h.ok_read(c, 1);
    let d = r(&mut h, 3);
    h.ok_read(d, 2);
    let e = r(&mut h, 3);
    h.ok_read(e, 2);
    assert!(linearizable(&h, Model::Register));
    // But it happens once: a later read of 1 again has no explanation.
    let f = r(&mut h, 4);
    h.ok_read(f, 1);
    let fail = failure(&h, Model::Register);
    assert!(fail.ops.contains(&b) && fail.ops.contains(&f), "{fail:?}");
}

#[test]
fn an_unknown_cas_that_must_not_have_happened() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    // The register never holds nil again, so this CAS cannot have worked.
    let b = cas(&mut h, 1, Value::Nil, 2);
    h.info(b);
    let c = r(&mut h, 2);
    h.ok_read(c, 1);
    let Verdict::Linearizable(lin) = check(&h, Model::Register).expect("fits") else {
        panic!("the CAS may simply not have happened");
    };
    assert!(lin.skipped.contains(&b));
    // Were it known to have succeeded, there would be no explanation.
    let mut g = h.clone();
    g.ops[b].outcome = dsw_lincheck::Outcome::Ok;
    assert!(!linearizable(&g, Model::Register));
}

#[test]
fn an_unknown_cas_needed_for_a_read() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = cas(&mut h, 1, Value::Int(1), 2);
    h.info(b);
    let c = r(&mut h, 2);
    h.ok_read(c, 2);
    assert!(linearizable(&h, Model::Register));
}

#[test]
fn an_unknown_read_constrains_nothing() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    h.ok(a);
    let b = r(&mut h, 1);
    h.info(b);
    assert!(linearizable(&h, Model::Register));
}

#[test]
fn an_unknown_write_cannot_explain_a_read_that_ended_before_it_began() {
    let mut h = History::new();
    let c = r(&mut h, 2);
    h.ok_read(c, 2);
    let b = w(&mut h, 1, 2);
    h.info(b);
    let f = failure(&h, Model::Register);
    assert_eq!(f.ops, vec![c, b]);
}

#[test]
fn a_kv_store_reports_the_failing_key() {
    let mut h = History::new();
    let key = |k: &str| Some(Value::from(k));
    for (k, stale) in [("a", false), ("b", true), ("c", false)] {
        let x = h.invoke(0, key(k), Action::Write(Value::Int(1)));
        h.ok(x);
        let y = h.invoke(1, key(k), Action::Write(Value::Int(2)));
        h.ok(y);
        let z = h.invoke(2, key(k), Action::Read);
        h.ok_read(z, if stale { 1 } else { 2 });
    }
    let f = failure(&h, Model::Kv);
    assert_eq!(f.key, Some(Value::from("b")));
    assert_eq!(f.failing_keys, vec![Some(Value::from("b"))]);
    assert_eq!(f.ops, vec![3, 4, 5]);
    // The register model refuses several keys.
    assert!(check(&h, Model::Register).is_err());
}

#[test]
fn list_appends() {
    let mut h = History::new();
    let k = Some(Value::Int(0));
    let a = h.invoke(0, k.clone(), Action::Append(Value::Int(1)));
    let b = h.invoke(1, k.clone(), Action::Append(Value::Int(2)));
    h.ok(a);
    h.ok(b);
    let c = h.invoke(2, k.clone(), Action::Read);
    h.ok_read(c, Value::from(vec![2, 1]));
    assert!(linearizable(&h, Model::Append));
    let d = h.invoke(2, k.clone(), Action::Read);
    h.ok_read(d, Value::from(vec![2]));
    let f = failure(&h, Model::Append);
    assert!(f.ops.contains(&d), "{f:?}");
    // Compare-and-set is not an operation on lists.
    let mut g = h.clone();
    g.invoke(
        3,
        k,
        Action::Cas {
            from: Value::Nil,
            to: Value::Int(1),
        },
    );
    assert!(check(&g, Model::Append).is_err());
    assert!(check(&h, Model::Kv).is_err(), "registers cannot append");
}

#[test]
fn porcupine_style_string_appends() {
    let k = Some(Value::from("0"));
    let mut h = History::new();
    let a = h.invoke(0, k.clone(), Action::Write(Value::from("x 0 0 y")));
    h.ok(a);
    let b = h.invoke(1, k.clone(), Action::Append(Value::from("x 1 0 y")));
    let c = h.invoke(2, k.clone(), Action::Read);
    h.ok_read(c, Value::from("x 0 0 y"));
    h.ok(b);
    let d = h.invoke(2, k.clone(), Action::Read);
    h.ok_read(d, Value::from("x 0 0 yx 1 0 y"));
    assert!(linearizable(&h, Model::Append));
    let e = h.invoke(2, k, Action::Read);
    h.ok_read(e, Value::from("x 0 0 y"));
    assert!(!linearizable(&h, Model::Append));
}

#[test]
fn linearization_points_sit_inside_intervals_and_increase() {
    let mut h = History::new();
    let a = w(&mut h, 0, 1);
    let b = r(&mut h, 1);
    let c = w(&mut h, 2, 2);
    h.ok_read(b, 2);
    h.ok(a);
    h.ok(c);
    let d = r(&mut h, 1);
    h.ok_read(d, 1);
    let Verdict::Linearizable(lin) = check(&h, Model::Register).expect("fits") else {
        panic!("c, b, a, d works");
    };
    validate_linearization(&h, Model::Register, &lin).expect("valid");
    let order: Vec<OpId> = lin.points.iter().map(|p| p.op).collect();
    assert_eq!(order, vec![c, b, a, d]);
    for p in &lin.points {
        let op = &h.ops[p.op];
        assert!(
            p.at > op.invoke as f64 && p.at < op.complete.expect("ok") as f64,
            "{p:?}"
        );
    }
}

#[test]
fn slices_reach_the_same_verdict() {
    let mut h = History::new();
    let a = w(&mut h, 0, 3);
    h.ok(a);
    let b = w(&mut h, 1, 4);
    h.ok(b);
    let d = r(&mut h, 2);
    h.ok_read(d, 3);
    let whole = check(&h, Model::Register).expect("fits");
    let mut c = Checker::new(&h, Model::Register).expect("fits");
    let mut pending = 0;
    let sliced = loop {
        match c.run_for(1) {
            Progress::Done(v) => break v,
            Progress::Pending { steps, .. } => {
                pending += 1;
                assert_eq!(steps, c.steps());
            }
        }
    };
    assert!(pending > 3, "one step at a time takes several slices");
    assert_eq!(sliced, whole);
}
