//! Editing: every refusal leaves the timeline as it was, every accepted
//! edit keeps every rule, and undo / redo / seek replay exactly.

mod common;

use common::{Rng, check_rules, random_edit, random_timeline};
use dsw_history::{
    Action, Edit, EditError, MAX_CLIENTS, MAX_EDITS, MAX_OPS, MAX_TIME, OpId, Outcome, Timeline,
    Val, load,
};

/// Applies `edit`, expects `want`, and checks nothing changed.
fn refused(t: &mut Timeline, edit: Edit, want: EditError) {
    let before = t.clone();
    assert_eq!(t.apply(edit), Err(want.clone()), "{edit:?}");
    assert_eq!(*t, before, "a refused {edit:?} changed the timeline");
    assert!(want.to_string().len() > 20, "{want}");
}

fn write(client: usize, v: u16, invoke: u32, complete: Option<u32>, outcome: Outcome) -> Edit {
    Edit::Add {
        client,
        action: Action::Write(v),
        result: None,
        invoke,
        complete,
        outcome,
    }
}

fn read(client: usize, result: Option<Val>, invoke: u32, complete: Option<u32>) -> Edit {
    Edit::Add {
        client,
        action: Action::Read,
        result,
        invoke,
        complete,
        outcome: Outcome::Ok,
    }
}

/// Client 0: w1 on 10..20; client 1: an open write of unknown outcome from 5.
fn two_ops() -> (Timeline, OpId, OpId) {
    let mut t = Timeline::new(3).unwrap();
    let a = t
        .apply(write(0, 1, 10, Some(20), Outcome::Ok))
        .unwrap()
        .unwrap();
    let b = t
        .apply(write(1, 2, 5, None, Outcome::Unknown))
        .unwrap()
        .unwrap();
    (t, a, b)
}

#[test]
fn client_counts_are_limited() {
    assert_eq!(Timeline::new(0), Err(EditError::TooFewClients));
    assert_eq!(
        Timeline::new(MAX_CLIENTS + 1),
        Err(EditError::TooManyClients)
    );
    let mut t = Timeline::new(MAX_CLIENTS).unwrap();
    refused(&mut t, Edit::AddClient, EditError::TooManyClients);
    let mut t = Timeline::new(1).unwrap();
    refused(
        &mut t,
        Edit::RemoveClient { client: 0 },
        EditError::TooFewClients,
    );
    refused(
        &mut t,
        Edit::RemoveClient { client: 1 },
        EditError::NoClient {
            client: 1,
            count: 1,
        },
    );
}

#[test]
fn missing_ops_and_clients_are_refused() {
    let (mut t, _, _) = two_ops();
    let ghost = OpId(77);
    for e in [
        Edit::Move {
            op: ghost,
            invoke: 1,
            complete: Some(2),
        },
        Edit::SetAction {
            op: ghost,
            action: Action::Write(3),
            result: None,
        },
        Edit::SetOutcome {
            op: ghost,
            outcome: Outcome::Fail,
        },
        Edit::Delete { op: ghost },
    ] {
        refused(&mut t, e, EditError::NoOp(ghost));
    }
    refused(
        &mut t,
        write(3, 1, 30, Some(32), Outcome::Ok),
        EditError::NoClient {
            client: 3,
            count: 3,
        },
    );
}

#[test]
fn times_must_be_in_range_and_in_order() {
    let (mut t, a, _) = two_ops();
    refused(
        &mut t,
        write(2, 1, MAX_TIME + 1, Some(MAX_TIME + 2), Outcome::Ok),
        EditError::TimeOutOfRange(MAX_TIME + 1),
    );
    refused(
        &mut t,
        Edit::Move {
            op: a,
            invoke: MAX_TIME - 1,
            complete: Some(MAX_TIME + 1),
        },
        EditError::TimeOutOfRange(MAX_TIME + 1),
    );
    for complete in [10, 9] {
        refused(
            &mut t,
            Edit::Move {
                op: a,
                invoke: 10,
                complete: Some(complete),
            },
            EditError::CompletesTooEarly {
                invoke: 10,
                complete,
            },
        );
    }
    // The last tick is usable.
    t.apply(Edit::Move {
        op: a,
        invoke: MAX_TIME - 1,
        complete: Some(MAX_TIME),
    })
    .unwrap();
    check_rules(&t);
}

#[test]
fn a_client_does_one_operation_at_a_time() {
    let (mut t, a, b) = two_ops();
    let name_a = t.name(a).unwrap();
    let name_b = t.name(b).unwrap();
    // Overlapping, and merely touching: both refused, since the next
    // invocation must come strictly after the completion.
    for (invoke, complete) in [(15, 25), (5, 10), (20, 22), (12, 18), (0, 30)] {
        refused(
            &mut t,
            write(0, 3, invoke, Some(complete), Outcome::Ok),
            EditError::Busy {
                client: 0,
                other: name_a.clone(),
                from: 10,
                until: Some(20),
            },
        );
    }
    // An open operation keeps its client busy to the end.
    refused(
        &mut t,
        read(1, Some(Val::Nil), 500, Some(501)),
        EditError::Busy {
            client: 1,
            other: name_b.clone(),
            from: 5,
            until: None,
        },
    );
    // Another lane, or just before and after, is fine.
    t.apply(write(2, 3, 12, Some(18), Outcome::Ok)).unwrap();
    t.apply(write(0, 4, 21, Some(23), Outcome::Ok)).unwrap();
    t.apply(write(0, 5, 1, Some(9), Outcome::Ok)).unwrap();
    t.apply(read(1, Some(Val::Nil), 1, Some(4))).unwrap();
    check_rules(&t);
    // Moving an op onto a neighbour is refused; moving it within its own
    // old slot is not (it does not block itself).
    let before = t.clone();
    assert!(matches!(
        t.apply(Edit::Move {
            op: a,
            invoke: 8,
            complete: Some(20)
        }),
        Err(EditError::Busy { client: 0, .. })
    ));
    assert_eq!(t, before);
    t.apply(Edit::Move {
        op: a,
        invoke: 11,
        complete: Some(19),
    })
    .unwrap();
}

#[test]
fn outcomes_results_and_values_follow_the_rules() {
    let (mut t, a, b) = two_ops();
    // Ok and fail need a completion; unknown may stay open.
    refused(
        &mut t,
        write(2, 1, 1, None, Outcome::Ok),
        EditError::NeedsCompletion(Outcome::Ok),
    );
    refused(
        &mut t,
        Edit::SetOutcome {
            op: b,
            outcome: Outcome::Fail,
        },
        EditError::NeedsCompletion(Outcome::Fail),
    );
    refused(
        &mut t,
        Edit::Move {
            op: a,
            invoke: 10,
            complete: None,
        },
        EditError::NeedsCompletion(Outcome::Ok),
    );
    // An ok read names its result; a resultless read is fine otherwise.
    refused(
        &mut t,
        read(2, None, 1, Some(3)),
        EditError::ReadNeedsResult,
    );
    let r = t
        .apply(Edit::Add {
            client: 2,
            action: Action::Read,
            result: None,
            invoke: 1,
            complete: Some(3),
            outcome: Outcome::Unknown,
        })
        .unwrap()
        .unwrap();
    refused(
        &mut t,
        Edit::SetOutcome {
            op: r,
            outcome: Outcome::Ok,
        },
        EditError::ReadNeedsResult,
    );
    t.apply(Edit::SetOutcome {
        op: r,
        outcome: Outcome::Fail,
    })
    .unwrap();
    // Turning the write into a read needs its result in the same edit.
    refused(
        &mut t,
        Edit::SetAction {
            op: a,
            action: Action::Read,
            result: None,
        },
        EditError::ReadNeedsResult,
    );
    t.apply(Edit::SetAction {
        op: a,
        action: Action::Read,
        result: Some(Val::Int(2)),
    })
    .unwrap();
    refused(
        &mut t,
        Edit::SetAction {
            op: a,
            action: Action::Write(4),
            result: Some(Val::Int(2)),
        },
        EditError::ResultOnNonRead,
    );
    // Values stay small.
    let big = dsw_history::MAX_VALUE + 1;
    refused(
        &mut t,
        Edit::SetAction {
            op: a,
            action: Action::Write(big),
            result: None,
        },
        EditError::ValueOutOfRange(big),
    );
    refused(
        &mut t,
        Edit::SetAction {
            op: a,
            action: Action::Cas {
                from: Val::Int(big),
                to: 1,
            },
            result: None,
        },
        EditError::ValueOutOfRange(big),
    );
    refused(
        &mut t,
        Edit::SetAction {
            op: a,
            action: Action::Read,
            result: Some(Val::Int(big)),
        },
        EditError::ValueOutOfRange(big),
    );
    check_rules(&t);
}

#[test]
fn operations_and_edits_are_bounded() {
    // The edit list fills up.
    let mut t = Timeline::new(2).unwrap();
    for k in 0..MAX_EDITS {
        let e = if k % 2 == 0 {
            Edit::AddClient
        } else {
            Edit::RemoveClient { client: 1 }
        };
        t.apply(e).unwrap();
    }
    refused(&mut t, Edit::AddClient, EditError::TooManyEdits);
    // After an undo there is room again.
    assert!(t.undo());
    t.apply(Edit::AddClient).unwrap();
    // Operations are bounded on their own; a snapshot code holds them
    // without edits.
    let per_lane = MAX_OPS / MAX_CLIENTS;
    let mut code = format!("h1.s{MAX_CLIENTS}");
    for c in 0..MAX_CLIENTS {
        for k in 0..per_lane {
            code.push_str(&format!(".{c}w1@{}-{}", 2 * k, 2 * k + 1));
        }
    }
    let mut full = dsw_history::decode(&code).unwrap();
    assert_eq!(full.ops().len(), MAX_OPS);
    check_rules(&full);
    refused(
        &mut full,
        write(0, 1, MAX_TIME - 1, Some(MAX_TIME), Outcome::Ok),
        EditError::TooManyOps,
    );
    let extra = format!("{code}.0w1@{}-{}", MAX_TIME - 1, MAX_TIME);
    assert!(dsw_history::decode(&extra).is_err());
    let extra_edit = format!("{code}.a0w1@{}-{}", MAX_TIME - 1, MAX_TIME);
    assert!(dsw_history::decode(&extra_edit).is_err());
}

#[test]
fn removing_a_client_moves_the_lanes_below_up() {
    let mut t = load("concurrent-writes-disagree").unwrap();
    let before: Vec<_> = t.ops().to_vec();
    t.apply(Edit::RemoveClient { client: 1 }).unwrap();
    assert_eq!(t.clients(), 3);
    let after: Vec<_> = t.ops().to_vec();
    assert_eq!(after.len(), before.iter().filter(|o| o.client != 1).count());
    for o in &after {
        let old = before.iter().find(|b| b.id == o.id).unwrap();
        assert_ne!(old.client, 1);
        assert_eq!(
            o.client,
            if old.client > 1 {
                old.client - 1
            } else {
                old.client
            }
        );
    }
    check_rules(&t);
}

#[test]
fn names_follow_time_order_and_ids_stay() {
    let mut t = load("stale-read").unwrap();
    let first = t.ops()[0].id;
    assert_eq!(t.name(first).as_deref(), Some("w0"));
    // Drag the write after everything: its id stays, its name changes.
    let span = t.span();
    t.apply(Edit::Move {
        op: first,
        invoke: span + 1,
        complete: Some(span + 3),
    })
    .unwrap();
    let last = t.ops().len() - 1;
    assert_eq!(t.ops()[last].id, first);
    assert_eq!(t.name(first), Some(format!("w{last}")));
}

#[test]
fn random_edits_replace_everything() {
    for seed in 0..40 {
        let mut t = load("stale-read").unwrap();
        t.apply(Edit::Random { seed }).unwrap();
        check_rules(&t);
        assert!((2..=4).contains(&t.clients()), "seed {seed}");
        assert!((6..=12).contains(&t.ops().len()), "seed {seed}");
        // Values are renumbered small.
        for o in t.ops() {
            if let Action::Write(v) = o.action {
                assert!((1..=12).contains(&v));
            }
        }
        let again = {
            let mut u = Timeline::new(1).unwrap();
            u.apply(Edit::Random { seed }).unwrap();
            u
        };
        assert_eq!(common::picture(&again), common::picture(&t));
    }
    let mut t = Timeline::new(2).unwrap();
    t.apply(Edit::RandomLarge { seed: 3 }).unwrap();
    check_rules(&t);
    assert_eq!(t.ops().len(), dsw_history::random::LARGE_OPS);
    assert_eq!(t.clients(), MAX_CLIENTS);
}

#[test]
fn random_edit_sequences_keep_every_rule() {
    let mut rng = Rng::new(11);
    let mut accepted = 0;
    let mut refused_count = 0;
    for _ in 0..150 {
        let mut t = Timeline::new(1 + rng.index(MAX_CLIENTS)).unwrap();
        for _ in 0..60 {
            let big = rng.chance(20);
            let e = random_edit(&mut rng, &t, big);
            let before = t.clone();
            match t.apply(e) {
                Ok(_) => accepted += 1,
                Err(err) => {
                    refused_count += 1;
                    assert_eq!(t, before, "refused {e:?} ({err}) changed the timeline");
                }
            }
            check_rules(&t);
        }
    }
    // Both paths were exercised a lot.
    assert!(
        accepted > 2000 && refused_count > 2000,
        "{accepted} {refused_count}"
    );
}

#[test]
fn undo_redo_and_seek_replay_exactly() {
    let mut rng = Rng::new(5);
    for _ in 0..40 {
        let mut t = load(
            rng.pick(&["fresh", "stale-read", "cas-race"])
                .expect("non-empty"),
        )
        .unwrap();
        let mut snapshots = vec![t.clone()];
        while snapshots.len() < 25 {
            let big = rng.chance(10);
            let e = random_edit(&mut rng, &t, big);
            if t.apply(e).is_ok() {
                snapshots.push(t.clone());
            }
        }
        let n = snapshots.len() - 1;
        // Seek anywhere, in any order.
        for _ in 0..20 {
            let k = rng.index(n + 1);
            assert!(t.seek(k));
            assert_eq!(t.step(), k);
            assert_eq!(t.ops(), snapshots[k].ops(), "seek {k}");
            assert_eq!(t.clients(), snapshots[k].clients());
        }
        assert!(!t.seek(n + 1));
        // Undo all the way, then redo all the way.
        t.seek(n);
        for k in (0..n).rev() {
            assert!(t.undo());
            assert_eq!(t.ops(), snapshots[k].ops());
        }
        assert!(!t.undo() && !t.can_undo());
        for snap in &snapshots[1..] {
            assert!(t.redo());
            assert_eq!(t.ops(), snap.ops());
        }
        assert!(!t.redo() && !t.can_redo());
        // A new edit after an undo drops the redo list.
        t.seek(n / 2);
        assert!(t.can_redo());
        t.apply(Edit::AddClient)
            .or_else(|_| t.apply(Edit::RemoveClient { client: 0 }))
            .unwrap();
        assert!(!t.can_redo());
        assert_eq!(t.edits().len(), n / 2 + 1);
        check_rules(&t);
    }
}

#[test]
fn refusals_explain_themselves() {
    let mut rng = Rng::new(99);
    let mut seen = std::collections::HashSet::new();
    for _ in 0..50 {
        let t = random_timeline(&mut rng, 30, false);
        for _ in 0..50 {
            let e = random_edit(&mut rng, &t, false);
            if let Err(err) = t.clone().apply(e) {
                let text = err.to_string();
                assert!(text.len() > 20 && !text.contains("Error"), "{text}");
                seen.insert(std::mem::discriminant(&err));
            }
        }
    }
    assert!(seen.len() >= 8, "only {} kinds of refusal met", seen.len());
}
