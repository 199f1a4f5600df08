//! Each clock rule on its own, case by case, with the paper it comes from.

use dsw_clocks::hlc::{self, Hlc, HlcCase};
use dsw_clocks::lamport;
use dsw_clocks::vector::{self, VectorOrder};
use dsw_clocks::{Clock, Diagram, Edit, EventId, Relation, Variant, load};

// Lamport 1978, IR1: advance the counter between successive events.
#[test]
fn lamport_tick_advances_by_one() {
    assert_eq!(lamport::lamport_tick(0), 1);
    assert_eq!(lamport::lamport_tick(41), 42);
}

// Lamport 1978, IR2: a receiver moves past both its own counter and the
// message's timestamp.
#[test]
fn lamport_receive_is_max_plus_one() {
    // The message is ahead of the receiver.
    assert_eq!(lamport::lamport_receive(1, 4), 5);
    // The receiver is ahead of the message.
    assert_eq!(lamport::lamport_receive(7, 2), 8);
    // Equal: still strictly after the send.
    assert_eq!(lamport::lamport_receive(3, 3), 4);
    // A receiver that has seen nothing yet.
    assert_eq!(lamport::lamport_receive(0, 1), 2);
}

// Errata E06: max alone can give the receive the send's own stamp.
#[test]
fn max_without_plus_one_can_tie_with_the_send() {
    assert_eq!(lamport::lamport_receive_max_only(0, 1), 1);
    assert_eq!(lamport::lamport_receive_max_only(2, 5), 5);
}

#[test]
fn lamport_total_order_breaks_ties_by_process() {
    assert!(lamport::total_order_key(3, 1) < lamport::total_order_key(3, 2));
    assert!(lamport::total_order_key(2, 4) < lamport::total_order_key(3, 0));
}

// Fidge 1988 / Mattern 1988: tick own entry on every event.
#[test]
fn vector_tick_counts_own_entry_only() {
    let mut v = vec![2, 0, 5];
    vector::vector_tick(&mut v, 1);
    assert_eq!(v, vec![2, 1, 5]);
    // An index outside the vector changes nothing rather than panicking.
    vector::vector_tick(&mut v, 7);
    assert_eq!(v, vec![2, 1, 5]);
}

// Receive: entry-wise max with the message, then tick own entry.
#[test]
fn vector_receive_merges_then_ticks() {
    let mut v = vec![0, 0, 1];
    vector::vector_receive(&mut v, &[1, 2, 0], 2);
    assert_eq!(v, vec![1, 2, 2]);
    let mut w = vec![3, 1, 0];
    vector::vector_receive(&mut w, &[1, 4, 0], 0);
    assert_eq!(w, vec![4, 4, 0]);
}

#[test]
fn vector_compare_has_four_outcomes() {
    assert_eq!(vector::compare(&[1, 2, 0], &[1, 2, 0]), VectorOrder::Equal);
    assert_eq!(vector::compare(&[1, 0, 0], &[1, 2, 0]), VectorOrder::Before);
    assert_eq!(vector::compare(&[2, 2, 1], &[1, 2, 0]), VectorOrder::After);
    assert_eq!(
        vector::compare(&[1, 0, 0], &[0, 1, 0]),
        VectorOrder::Concurrent
    );
    // One larger entry each way is enough for concurrency.
    assert_eq!(
        vector::compare(&[5, 5, 0], &[5, 4, 1]),
        VectorOrder::Concurrent
    );
    // A missing entry counts as zero.
    assert_eq!(vector::compare(&[1, 0], &[1, 0, 0]), VectorOrder::Equal);
    assert_eq!(vector::compare(&[1], &[1, 0, 2]), VectorOrder::Before);
}

#[test]
fn vector_show_matches_the_book() {
    assert_eq!(vector::show(&[2, 0, 1]), "[2,0,1]");
}

// Kulkarni et al. 2014, send or local event.
#[test]
fn hlc_send_follows_the_paper() {
    // Own clock ahead of l: l = pt, c restarts.
    assert_eq!(hlc::hlc_send(Hlc { l: 10, c: 4 }, 15), Hlc { l: 15, c: 0 });
    // Own clock behind l (a fast clock was heard of): l stays, c counts on.
    assert_eq!(
        hlc::hlc_send(Hlc { l: 150, c: 1 }, 120),
        Hlc { l: 150, c: 2 }
    );
    // Own clock equal to l: l stays, c counts on.
    assert_eq!(hlc::hlc_send(Hlc { l: 20, c: 0 }, 20), Hlc { l: 20, c: 1 });
    // The first event of a process: its own reading, counter 0.
    assert_eq!(hlc::hlc_send(Hlc::START, 7), Hlc { l: 7, c: 0 });
    assert_eq!(hlc::hlc_send(Hlc::START, -30), Hlc { l: -30, c: 0 });
}

// Kulkarni et al. 2014, receive event: the four branches for c.
#[test]
fn hlc_receive_follows_the_paper() {
    // l = l' = l.m: c = max(c', c.m) + 1.
    assert_eq!(
        hlc::hlc_receive(Hlc { l: 100, c: 3 }, Hlc { l: 100, c: 7 }, 98),
        Hlc { l: 100, c: 8 }
    );
    // l = l' only: c = c' + 1.
    assert_eq!(
        hlc::hlc_receive(Hlc { l: 100, c: 3 }, Hlc { l: 90, c: 9 }, 95),
        Hlc { l: 100, c: 4 }
    );
    // l = l.m only: c = c.m + 1.
    assert_eq!(
        hlc::hlc_receive(Hlc { l: 80, c: 3 }, Hlc { l: 150, c: 0 }, 110),
        Hlc { l: 150, c: 1 }
    );
    // pt beats both: c = 0.
    assert_eq!(
        hlc::hlc_receive(Hlc { l: 80, c: 3 }, Hlc { l: 90, c: 5 }, 120),
        Hlc { l: 120, c: 0 }
    );
    // pt equal to the message's l, both above l': l = l.m, c = c.m + 1.
    assert_eq!(
        hlc::hlc_receive(Hlc { l: 80, c: 3 }, Hlc { l: 120, c: 5 }, 120),
        Hlc { l: 120, c: 6 }
    );
    // A process's first event is a receipt.
    assert_eq!(
        hlc::hlc_receive(Hlc::START, Hlc { l: 150, c: 2 }, 130),
        Hlc { l: 150, c: 3 }
    );
}

// The interview guide's quiz case (errata E08): state (100, 3), physical
// clock 98, message (100, 7) gives (100, 8). The guide's code is right here.
#[test]
fn hlc_seed_quiz_case() {
    let next = hlc::hlc_receive(Hlc { l: 100, c: 3 }, Hlc { l: 100, c: 7 }, 98);
    assert_eq!(next, Hlc { l: 100, c: 8 });
    assert_eq!(
        HlcCase::of(Hlc { l: 100, c: 3 }, Some(Hlc { l: 100, c: 7 }), next),
        HlcCase::KeptAndMessage
    );
}

#[test]
fn hlc_case_names_the_branch_taken() {
    let prev = Hlc { l: 50, c: 2 };
    let send_physical = hlc::hlc_send(prev, 60);
    assert_eq!(HlcCase::of(prev, None, send_physical), HlcCase::Physical);
    let send_kept = hlc::hlc_send(prev, 40);
    assert_eq!(HlcCase::of(prev, None, send_kept), HlcCase::Kept);
    let msg = Hlc { l: 70, c: 1 };
    let recv_message = hlc::hlc_receive(prev, msg, 60);
    assert_eq!(recv_message, Hlc { l: 70, c: 2 });
    assert_eq!(HlcCase::of(prev, Some(msg), recv_message), HlcCase::Message);
    let old = Hlc { l: 10, c: 9 };
    let recv_kept = hlc::hlc_receive(prev, old, 45);
    assert_eq!(HlcCase::of(prev, Some(old), recv_kept), HlcCase::Kept);
    let names: Vec<&str> = HlcCase::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["physical", "kept", "message", "kept-and-message"]);
}

#[test]
fn hlc_order_is_lexicographic() {
    assert!(Hlc { l: 10, c: 9 } < Hlc { l: 11, c: 0 });
    assert!(Hlc { l: 10, c: 1 } < Hlc { l: 10, c: 2 });
    assert!(Hlc::START < Hlc { l: -1000, c: 0 });
}

#[test]
fn hlc_offset_guard_rejects_messages_from_the_future() {
    assert!(hlc::within_offset(Hlc { l: 1250, c: 0 }, 1000, 250));
    assert!(!hlc::within_offset(Hlc { l: 1251, c: 0 }, 1000, 250));
    assert!(hlc::within_offset(Hlc { l: 10, c: 0 }, 1000, 0));
}

#[test]
fn physical_clock_reading_adds_skew_and_drift() {
    let exact = Clock::default();
    assert_eq!(exact.read(250), 250);
    let fast = Clock {
        skew: 20,
        drift_ppm: 0,
    };
    assert_eq!(fast.read(100), 120);
    let slow = Clock {
        skew: -15,
        drift_ppm: 0,
    };
    assert_eq!(slow.read(10), -5);
    // 10% fast: 40 ms gained by real time 400.
    let drifting = Clock {
        skew: 0,
        drift_ppm: 100_000,
    };
    assert_eq!(drifting.read(400), 440);
    assert_eq!(drifting.read(5), 5);
    // Slow drift rounds down: 5 ms at -10% is 4.5, read as 4.
    let lagging = Clock {
        skew: 0,
        drift_ppm: -100_000,
    };
    assert_eq!(lagging.read(5), 4);
    assert_eq!(lagging.read(0), 0);
}

#[test]
fn physical_clocks_never_run_backwards() {
    for drift_ppm in [-100_000, -33_333, -1, 0, 1, 77_777, 100_000] {
        for skew in [-500, 0, 500] {
            let clock = Clock { skew, drift_ppm };
            for t in 0..1000 {
                assert!(clock.read(t + 1) >= clock.read(t), "{clock:?} at {t}");
            }
        }
    }
}

/// The `basics` preset stamped by hand, event by event, to pin the rules
/// to concrete numbers the chapter quotes.
#[test]
fn basics_stamps_by_hand() {
    let d = load("basics").unwrap();
    let a = d.analyze();
    let l = |id: u32| a.stamp(EventId(id)).unwrap().lamport;
    let v = |id: u32| a.stamp(EventId(id)).unwrap().vector.clone();
    // p1: e0 local, e1 send, e7 receive from p3's e6.
    assert_eq!((l(0), l(1), l(7)), (1, 2, 7));
    // p2: e2 = max(0, 2) + 1, e4 send, e8 local.
    assert_eq!((l(2), l(4), l(8)), (3, 4, 5));
    // p3: e3 local at 30 ms, e5 = max(1, 4) + 1, e6 send.
    assert_eq!((l(3), l(5), l(6)), (1, 5, 6));
    assert_eq!(v(5), vec![2, 2, 2]);
    assert_eq!(v(8), vec![2, 3, 0]);
    assert_eq!(v(7), vec![3, 2, 3]);
    // b = e5 and c = e8: the same Lamport stamp, concurrent.
    assert_eq!(
        a.relation(EventId(5), EventId(8)),
        Some(Relation::Concurrent)
    );
}

#[test]
fn hlc_preset_stamps_by_hand() {
    let d = load("hlc").unwrap();
    let a = d.analyze();
    let h = |id: u32| a.stamp(EventId(id)).unwrap().hlc;
    // p1 is 50 ms fast: its send at real 100 ms reads 150.
    assert_eq!(h(1), Hlc { l: 150, c: 0 });
    // p2 receives at 110 (reads 110): l jumps to the message's 150.
    assert_eq!(h(3), Hlc { l: 150, c: 1 });
    // p2 sends at 120: its clock is still behind l.
    assert_eq!(h(4), Hlc { l: 150, c: 2 });
    // p3's first event is the receipt at 130.
    assert_eq!(h(5), Hlc { l: 150, c: 3 });
    // p3 at 140: still behind 150.
    assert_eq!(h(7), Hlc { l: 150, c: 4 });
    // p2 at 200: its own clock has passed 150.
    assert_eq!(h(6), Hlc { l: 200, c: 0 });
}

#[test]
fn variant_names_round_trip() {
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.name()), Some(v));
        assert!(!v.summary().is_empty());
    }
    assert_eq!(Variant::parse("nope"), None);
}

#[test]
fn seed_rule_gives_the_receive_its_sends_stamp() {
    let mut d = Diagram::with_variant(2, Variant::LamportMaxOnly).unwrap();
    let send = d
        .apply(Edit::Send {
            process: 1,
            time: 10,
        })
        .unwrap()
        .unwrap();
    let recv = d
        .apply(Edit::Receive {
            from: send,
            process: 0,
            time: 30,
        })
        .unwrap()
        .unwrap();
    let a = d.analyze();
    assert_eq!(a.stamp(send).unwrap().lamport, 1);
    assert_eq!(a.stamp(recv).unwrap().lamport, 1);
    // The tie-break now orders the effect (on p1) before its cause (on p2).
    assert_eq!(a.total_order(), vec![recv, send]);
    d.set_variant(Variant::Correct);
    let fixed = d.analyze();
    assert_eq!(fixed.stamp(recv).unwrap().lamport, 2);
    assert_eq!(fixed.total_order(), vec![send, recv]);
}
