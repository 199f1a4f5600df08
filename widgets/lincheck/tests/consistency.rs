//! Histories that separate linearizability, sequential consistency and
//! causal consistency, judged side by side.

use dsw_lincheck::{
    Action, History, Judgement, Model, OpId, Value, check_causal, check_sequential, judge_all,
};

fn w(h: &mut History, p: u64, k: &str, v: i64) -> OpId {
    h.invoke(p, Some(Value::from(k)), Action::Write(Value::Int(v)))
}

fn r(h: &mut History, p: u64, k: &str) -> OpId {
    h.invoke(p, Some(Value::from(k)), Action::Read)
}

fn verdicts(h: &History) -> [&'static str; 3] {
    let l = judge_all(h, Model::Kv, 1_000_000).expect("fits");
    [l.linearizable.word(), l.sequential.word(), l.causal.word()]
}

/// A read that starts after a write completed, yet returns the initial
/// value: fine if that process simply runs "earlier", as SC allows.
#[test]
fn sequentially_consistent_but_not_linearizable() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    h.ok(a);
    let b = r(&mut h, 1, "x");
    h.ok_read(b, Value::Nil);
    assert_eq!(verdicts(&h), ["violated", "holds", "holds"]);
    let Judgement::Holds { views } = check_sequential(&h, Model::Kv, 1000).expect("fits") else {
        unreachable!()
    };
    assert_eq!(views[0].order, vec![b, a]);
}

/// Two writers each read the other's value after their own: each process
/// may order the concurrent writes its own way (causal), but no single
/// order serves both (not SC).
#[test]
fn causal_but_not_sequentially_consistent() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    let b = w(&mut h, 1, "x", 2);
    h.ok(a);
    h.ok(b);
    let c = r(&mut h, 0, "x");
    let d = r(&mut h, 1, "x");
    h.ok_read(c, 2);
    h.ok_read(d, 1);
    assert_eq!(verdicts(&h), ["violated", "violated", "holds"]);
    let Judgement::Holds { views } = check_causal(&h, Model::Kv, 1000).expect("fits") else {
        unreachable!()
    };
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].label, "process 0");
    assert_eq!(views[0].order, vec![a, b, c]);
    assert_eq!(views[1].order, vec![b, a, d]);
    let Judgement::Violated { ops, explanation } =
        check_sequential(&h, Model::Kv, 1000).expect("fits")
    else {
        unreachable!()
    };
    assert_eq!(ops, vec![a, b, c, d]);
    assert!(explanation.contains("program order"), "{explanation}");
    assert!(
        explanation.contains("Process 0 does w0 then r2"),
        "{explanation}"
    );
}

/// The classic four-process version: two readers see two concurrent
/// writes in opposite orders.
#[test]
fn readers_disagreeing_on_concurrent_writes() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    let b = w(&mut h, 1, "x", 2);
    let c = r(&mut h, 2, "x");
    let d = r(&mut h, 3, "x");
    h.ok_read(c, 1);
    h.ok_read(d, 2);
    let e = r(&mut h, 2, "x");
    let f = r(&mut h, 3, "x");
    h.ok_read(e, 2);
    h.ok_read(f, 1);
    h.ok(a);
    h.ok(b);
    assert_eq!(verdicts(&h), ["violated", "violated", "holds"]);
}

/// A process writes 1 then 2; another reads 2 then 1. Causally, writing 2
/// came after writing 1, and reading 2 before reading 1: no view works.
#[test]
fn not_even_causal() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    h.ok(a);
    let b = w(&mut h, 0, "x", 2);
    h.ok(b);
    let c = r(&mut h, 1, "x");
    h.ok_read(c, 2);
    let d = r(&mut h, 1, "x");
    h.ok_read(d, 1);
    assert_eq!(verdicts(&h), ["violated", "violated", "violated"]);
    let Judgement::Violated { ops, explanation } = check_causal(&h, Model::Kv, 1000).expect("fits")
    else {
        unreachable!()
    };
    assert_eq!(ops, vec![a, b, c, d]);
    assert!(
        explanation.contains("Process 1 cannot order"),
        "{explanation}"
    );
    assert!(explanation.contains("w0 before w1"), "{explanation}");
}

/// Store buffering (Dekker): each process writes its key and then reads
/// the other's initial value. Every key on its own is sequentially
/// consistent, the whole is not: SC is not local, linearizability is.
#[test]
fn sequential_consistency_is_not_local() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    let b = w(&mut h, 1, "y", 1);
    h.ok(a);
    h.ok(b);
    let c = r(&mut h, 0, "y");
    let d = r(&mut h, 1, "x");
    h.ok_read(c, Value::Nil);
    h.ok_read(d, Value::Nil);
    assert_eq!(verdicts(&h), ["violated", "violated", "holds"]);
    for key in [[a, d], [b, c]] {
        let sub = h.subset(&key);
        assert!(
            check_sequential(&sub, Model::Kv, 1000)
                .expect("fits")
                .holds()
        );
    }
}

#[test]
fn causal_checking_declines_what_it_does_not_define() {
    let mut h = History::new();
    let a = w(&mut h, 0, "x", 1);
    h.ok(a);
    let b = w(&mut h, 1, "x", 1);
    h.ok(b);
    let j = check_causal(&h, Model::Kv, 1000).expect("fits");
    assert!(
        matches!(j, Judgement::Unsupported { ref reason } if reason.contains("unique")),
        "{j:?}"
    );
    let mut g = History::new();
    let c = g.invoke(
        0,
        None,
        Action::Cas {
            from: Value::Nil,
            to: Value::Int(1),
        },
    );
    g.ok(c);
    let j = check_causal(&g, Model::Register, 1000).expect("fits");
    assert_eq!(j.word(), "unsupported");
    let j = check_causal(&g, Model::Append, 1000);
    assert!(j.is_err() || j.expect("checked").word() == "unsupported");
}

#[test]
fn a_tiny_budget_leaves_the_question_open() {
    let mut h = History::new();
    let mut ids = Vec::new();
    for p in 0..4 {
        ids.push(w(&mut h, p, "x", p as i64 + 1));
    }
    for &id in &ids {
        h.ok(id);
    }
    let last = r(&mut h, 5, "x");
    h.ok_read(last, 4);
    let l = judge_all(&h, Model::Kv, 1).expect("fits");
    assert_eq!(l.sequential.word(), "undecided");
    assert_eq!(l.linearizable.word(), "undecided");
}
