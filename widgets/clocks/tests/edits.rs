//! Editing: every refusal, the diagram's own consistency after any edits,
//! and undo / redo / seek by replay.

mod common;

use common::{Rng, Shape, random_diagram, random_edit};
use dsw_clocks::{
    Diagram, Edit, EditError, EventId, Kind, MAX_EDITS, MAX_EVENTS, MAX_PROCESSES, MAX_TIME,
    MIN_PROCESSES, describe_edit, encode,
};

/// Applies `edit`, expects `want`, and checks nothing changed.
fn refused(d: &mut Diagram, edit: Edit, want: EditError) {
    let before = d.clone();
    assert_eq!(d.apply(edit), Err(want.clone()), "{edit:?}");
    assert_eq!(*d, before, "a refused {edit:?} changed the diagram");
    // Every refusal explains itself.
    assert!(want.to_string().len() > 20);
}

fn two_processes_with_a_message() -> (Diagram, EventId, EventId) {
    let mut d = Diagram::new(3).unwrap();
    let s = d
        .apply(Edit::Send {
            process: 0,
            time: 10,
        })
        .unwrap()
        .unwrap();
    let r = d
        .apply(Edit::Receive {
            from: s,
            process: 1,
            time: 30,
        })
        .unwrap()
        .unwrap();
    (d, s, r)
}

#[test]
fn process_counts_are_limited() {
    assert_eq!(Diagram::new(1), Err(EditError::TooFewProcesses));
    assert_eq!(Diagram::new(6), Err(EditError::TooManyProcesses));
    for n in MIN_PROCESSES..=MAX_PROCESSES {
        assert_eq!(Diagram::new(n).unwrap().process_count(), n);
    }
    let mut d = Diagram::new(MAX_PROCESSES).unwrap();
    refused(&mut d, Edit::AddProcess, EditError::TooManyProcesses);
    let mut d = Diagram::new(MIN_PROCESSES).unwrap();
    refused(
        &mut d,
        Edit::RemoveProcess { process: 0 },
        EditError::TooFewProcesses,
    );
}

#[test]
fn every_refusal_leaves_the_diagram_unchanged() {
    let (mut d, s, r) = two_processes_with_a_message();
    let local = d
        .apply(Edit::Local {
            process: 2,
            time: 50,
        })
        .unwrap()
        .unwrap();
    let open = d
        .apply(Edit::Send {
            process: 2,
            time: 60,
        })
        .unwrap()
        .unwrap();

    refused(
        &mut d,
        Edit::Local {
            process: 3,
            time: 5,
        },
        EditError::NoProcess {
            process: 3,
            count: 3,
        },
    );
    refused(
        &mut d,
        Edit::Local {
            process: 0,
            time: -1,
        },
        EditError::TimeOutOfRange { time: -1 },
    );
    refused(
        &mut d,
        Edit::Send {
            process: 0,
            time: MAX_TIME + 1,
        },
        EditError::TimeOutOfRange { time: MAX_TIME + 1 },
    );
    refused(
        &mut d,
        Edit::Local {
            process: 0,
            time: 10,
        },
        EditError::SlotTaken {
            process: 0,
            time: 10,
            by: s,
        },
    );
    // A receive must come after its send in real time...
    refused(
        &mut d,
        Edit::Receive {
            from: open,
            process: 0,
            time: 60,
        },
        EditError::ReceiveTooEarly {
            send_time: 60,
            receive_time: 60,
        },
    );
    refused(
        &mut d,
        Edit::Receive {
            from: open,
            process: 0,
            time: 20,
        },
        EditError::ReceiveTooEarly {
            send_time: 60,
            receive_time: 20,
        },
    );
    // ...on another process...
    refused(
        &mut d,
        Edit::Receive {
            from: open,
            process: 2,
            time: 90,
        },
        EditError::SameProcess { process: 2 },
    );
    // ...of a message that is a send and has no receiver yet.
    refused(
        &mut d,
        Edit::Receive {
            from: s,
            process: 2,
            time: 90,
        },
        EditError::AlreadyReceived { from: s, by: r },
    );
    refused(
        &mut d,
        Edit::Receive {
            from: local,
            process: 0,
            time: 90,
        },
        EditError::NotASend(local),
    );
    refused(
        &mut d,
        Edit::Receive {
            from: EventId(99),
            process: 0,
            time: 90,
        },
        EditError::NoEvent(EventId(99)),
    );
    // An arrow ends only at a local event.
    refused(
        &mut d,
        Edit::Connect { from: open, to: r },
        EditError::NotLocal(r),
    );
    refused(
        &mut d,
        Edit::Connect {
            from: open,
            to: local,
        },
        EditError::SameProcess { process: 2 },
    );
    refused(
        &mut d,
        Edit::Connect { from: s, to: local },
        EditError::AlreadyReceived { from: s, by: r },
    );
    // Moving an arrow head keeps the same rules.
    refused(
        &mut d,
        Edit::MoveReceive {
            from: open,
            process: 0,
            time: 90,
        },
        EditError::NotReceived(open),
    );
    refused(
        &mut d,
        Edit::MoveReceive {
            from: r,
            process: 0,
            time: 90,
        },
        EditError::NotASend(r),
    );
    refused(
        &mut d,
        Edit::MoveReceive {
            from: s,
            process: 0,
            time: 90,
        },
        EditError::SameProcess { process: 0 },
    );
    refused(
        &mut d,
        Edit::MoveReceive {
            from: s,
            process: 2,
            time: 5,
        },
        EditError::ReceiveTooEarly {
            send_time: 10,
            receive_time: 5,
        },
    );
    refused(
        &mut d,
        Edit::MoveReceive {
            from: s,
            process: 2,
            time: 50,
        },
        EditError::SlotTaken {
            process: 2,
            time: 50,
            by: local,
        },
    );
    refused(
        &mut d,
        Edit::Delete { event: EventId(42) },
        EditError::NoEvent(EventId(42)),
    );
    refused(
        &mut d,
        Edit::Skew {
            process: 1,
            skew: 501,
        },
        EditError::SkewOutOfRange(501),
    );
    refused(
        &mut d,
        Edit::Skew {
            process: 9,
            skew: 5,
        },
        EditError::NoProcess {
            process: 9,
            count: 3,
        },
    );
    refused(
        &mut d,
        Edit::Drift {
            process: 1,
            ppm: -100_001,
        },
        EditError::DriftOutOfRange(-100_001),
    );
    refused(
        &mut d,
        Edit::RemoveProcess { process: 3 },
        EditError::NoProcess {
            process: 3,
            count: 3,
        },
    );
}

#[test]
fn events_are_capped() {
    let mut d = Diagram::new(2).unwrap();
    for i in 0..MAX_EVENTS as i64 {
        d.apply(Edit::Local {
            process: (i % 2) as usize,
            time: i,
        })
        .unwrap();
    }
    refused(
        &mut d,
        Edit::Local {
            process: 0,
            time: 900,
        },
        EditError::TooManyEvents,
    );
}

#[test]
fn history_is_capped() {
    let mut d = Diagram::new(2).unwrap();
    for i in 0..MAX_EDITS {
        d.apply(Edit::Skew {
            process: 0,
            skew: (i % 7) as i64,
        })
        .unwrap();
    }
    refused(
        &mut d,
        Edit::Skew {
            process: 1,
            skew: 1,
        },
        EditError::TooManyEdits,
    );
    // Undoing makes room again.
    assert!(d.undo());
    d.apply(Edit::Skew {
        process: 1,
        skew: 1,
    })
    .unwrap();
}

#[test]
fn moving_a_receipt_keeps_its_identity() {
    let (mut d, s, r) = two_processes_with_a_message();
    assert_eq!(
        d.apply(Edit::MoveReceive {
            from: s,
            process: 2,
            time: 45
        }),
        Ok(Some(r))
    );
    let moved = d.event(r).unwrap();
    assert_eq!(
        (moved.process, moved.time, moved.kind),
        (2, 45, Kind::Receive { from: s })
    );
    // Moving it onto its own slot is allowed and changes nothing.
    let before = d.events().to_vec();
    d.apply(Edit::MoveReceive {
        from: s,
        process: 2,
        time: 45,
    })
    .unwrap();
    assert_eq!(d.events(), &before[..]);
}

#[test]
fn connect_turns_a_local_event_into_a_receipt() {
    let mut d = Diagram::new(2).unwrap();
    let s = d
        .apply(Edit::Send {
            process: 0,
            time: 10,
        })
        .unwrap()
        .unwrap();
    let l = d
        .apply(Edit::Local {
            process: 1,
            time: 20,
        })
        .unwrap()
        .unwrap();
    assert_eq!(d.apply(Edit::Connect { from: s, to: l }), Ok(Some(l)));
    assert_eq!(d.event(l).unwrap().kind, Kind::Receive { from: s });
    assert_eq!(d.event(s).unwrap().kind, Kind::Send { to: Some(l) });
}

#[test]
fn deleting_a_send_deletes_its_message_and_deleting_a_receipt_frees_it() {
    let (mut d, s, r) = two_processes_with_a_message();
    let mut d2 = d.clone();
    d.apply(Edit::Delete { event: s }).unwrap();
    assert!(d.events().is_empty());
    d2.apply(Edit::Delete { event: r }).unwrap();
    assert_eq!(d2.event(s).unwrap().kind, Kind::Send { to: None });
    // The freed message can be received again.
    d2.apply(Edit::Receive {
        from: s,
        process: 2,
        time: 70,
    })
    .unwrap();
}

#[test]
fn removing_a_process_takes_its_messages_and_renumbers() {
    let mut d = Diagram::new(3).unwrap();
    let s0 = d
        .apply(Edit::Send {
            process: 0,
            time: 10,
        })
        .unwrap()
        .unwrap();
    let s1 = d
        .apply(Edit::Send {
            process: 1,
            time: 10,
        })
        .unwrap()
        .unwrap();
    d.apply(Edit::Receive {
        from: s0,
        process: 1,
        time: 20,
    })
    .unwrap();
    let r2 = d
        .apply(Edit::Receive {
            from: s1,
            process: 2,
            time: 30,
        })
        .unwrap()
        .unwrap();
    d.apply(Edit::Skew {
        process: 2,
        skew: 7,
    })
    .unwrap();
    d.apply(Edit::RemoveProcess { process: 1 }).unwrap();
    // p2's send is gone with its receipt on p3; p1's message is in flight.
    assert_eq!(d.process_count(), 2);
    assert!(d.event(s1).is_none() && d.event(r2).is_none());
    assert_eq!(d.event(s0).unwrap().kind, Kind::Send { to: None });
    // p3 became p2, keeping its clock.
    assert_eq!(d.clock(1).unwrap().skew, 7);
    d.apply(Edit::AddProcess).unwrap();
    assert_eq!(d.clock(2).unwrap().skew, 0);
}

/// The diagram's own invariants, which every accepted edit must keep.
fn assert_consistent(d: &Diagram) {
    let events = d.events();
    assert!(events.len() <= MAX_EVENTS);
    assert!((MIN_PROCESSES..=MAX_PROCESSES).contains(&d.process_count()));
    assert!(
        events
            .windows(2)
            .all(|w| (w[0].time, w[0].process) <= (w[1].time, w[1].process))
    );
    for e in events {
        assert!(e.process < d.process_count());
        assert!((0..=MAX_TIME).contains(&e.time));
        assert!(e.id < d.next_id());
        assert_eq!(events.iter().filter(|f| f.id == e.id).count(), 1);
        assert_eq!(
            events
                .iter()
                .filter(|f| f.process == e.process && f.time == e.time)
                .count(),
            1,
            "two events on one process at one time"
        );
        match e.kind {
            Kind::Send { to: Some(r) } => {
                let rec = d.event(r).expect("a receipt exists");
                assert_eq!(rec.kind, Kind::Receive { from: e.id });
                assert_ne!(rec.process, e.process);
                assert!(rec.time > e.time);
            }
            Kind::Receive { from } => {
                let send = d.event(from).expect("a send exists");
                assert_eq!(send.kind, Kind::Send { to: Some(e.id) });
            }
            _ => {}
        }
    }
    for c in d.clocks() {
        assert!(c.skew.abs() <= dsw_clocks::MAX_SKEW);
        assert!(c.drift_ppm.abs() <= dsw_clocks::MAX_DRIFT_PPM);
    }
}

#[test]
fn random_edits_keep_the_diagram_consistent_and_refusals_change_nothing() {
    let mut rng = Rng::new(21);
    let (mut accepted, mut refused_count) = (0, 0);
    for _ in 0..1500 {
        let shape = Shape::varied(&mut rng);
        let mut d = Diagram::new(2 + rng.index(4)).unwrap();
        for _ in 0..shape.attempts {
            let edit = random_edit(&mut rng, &d, shape);
            // Narration never fails, valid or not.
            assert!(!describe_edit(&d, &edit).is_empty());
            let before = d.clone();
            match d.apply(edit) {
                Ok(_) => {
                    accepted += 1;
                    assert_eq!(d.applied().last(), Some(&edit));
                    assert_consistent(&d);
                }
                Err(_) => {
                    refused_count += 1;
                    assert_eq!(d, before);
                }
            }
        }
    }
    assert!(
        accepted > 20_000 && refused_count > 5_000,
        "{accepted} accepted, {refused_count} refused"
    );
}

#[test]
fn undo_and_redo_walk_the_history_by_replay() {
    let mut rng = Rng::new(22);
    for _ in 0..500 {
        let shape = Shape::varied(&mut rng);
        let mut d = Diagram::new(2 + rng.index(4)).unwrap();
        // The picture after each step, as the edits were applied.
        let mut pictures = vec![(d.events().to_vec(), d.clocks().to_vec())];
        for _ in 0..shape.attempts {
            let edit = random_edit(&mut rng, &d, shape);
            if d.apply(edit).is_ok() {
                pictures.push((d.events().to_vec(), d.clocks().to_vec()));
            }
        }
        let end = d.clone();
        let steps = d.step();
        assert_eq!(pictures.len(), steps + 1);
        // Undo all the way, checking each picture.
        for k in (0..steps).rev() {
            assert!(d.undo());
            assert_eq!(d.step(), k);
            assert_eq!((d.events().to_vec(), d.clocks().to_vec()), pictures[k]);
        }
        assert!(!d.undo());
        // Redo all the way back: the very same diagram.
        for picture in &pictures[1..] {
            assert!(d.redo());
            assert_eq!(&(d.events().to_vec(), d.clocks().to_vec()), picture);
        }
        assert!(!d.redo());
        assert_eq!(d, end);
        // Seeking anywhere matches too, and so does the share code.
        for _ in 0..5 {
            let k = rng.index(steps + 1);
            assert!(d.seek(k));
            assert_eq!((d.events().to_vec(), d.clocks().to_vec()), pictures[k]);
            assert_eq!(d.history().len(), steps);
        }
        assert!(!d.seek(steps + 1));
        assert!(d.seek(steps));
        assert_eq!(d, end);
        assert_eq!(encode(&d), encode(&end));
    }
}

#[test]
fn a_new_edit_after_undo_drops_the_redo_list() {
    let mut rng = Rng::new(23);
    let d0 = random_diagram(&mut rng);
    let mut d = d0.clone();
    while d.step() < 2 {
        d = random_diagram(&mut rng);
    }
    assert!(d.undo() && d.undo());
    assert!(d.can_redo());
    d.apply(Edit::Skew {
        process: 0,
        skew: 3,
    })
    .unwrap();
    assert!(!d.can_redo());
    assert_eq!(d.history().len(), d.step());
    // A refused edit does not drop the redo list.
    assert!(d.undo());
    let before = d.clone();
    assert!(
        d.apply(Edit::Skew {
            process: 0,
            skew: 9999
        })
        .is_err()
    );
    assert_eq!(d, before);
    assert!(d.can_redo());
}
