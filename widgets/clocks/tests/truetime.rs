//! Commit wait, checked against TrueTime's definitions by brute force.

use dsw_clocks::truetime::{commit_wait, remaining_wait, tt_after, tt_before, tt_now};

#[test]
fn commit_wait_is_two_epsilon_plus_one_tick() {
    for epsilon in 0..60 {
        for start in [-100, 0, 7, 1_000_000] {
            let w = commit_wait(start, epsilon);
            assert_eq!(w.timestamp, start + epsilon);
            assert_eq!(w.wait, 2 * epsilon + 1);
            // visible_at is the first tick at which TT.after(s) holds.
            let first = (start..)
                .find(|&t| tt_after(w.timestamp, tt_now(t, epsilon)))
                .unwrap();
            assert_eq!(w.visible_at, first);
        }
    }
}

// Spanner's external consistency: a transaction that starts after T1's
// commit became visible gets a larger timestamp, whatever its start.
#[test]
fn commit_wait_gives_timestamps_in_real_time_order() {
    for epsilon in 0..40 {
        let t1 = commit_wait(1000, epsilon);
        for start2 in t1.visible_at..t1.visible_at + 100 {
            let t2 = commit_wait(start2, epsilon);
            assert!(t2.timestamp > t1.timestamp);
        }
        // Without the wait it can fail: a transaction starting just after
        // T1 chose its timestamp, before the wait, may get a smaller one.
        if epsilon > 0 {
            let early = commit_wait(1000 + 1, epsilon);
            assert!(early.timestamp <= t1.timestamp + 1);
        }
    }
}

#[test]
fn remaining_wait_counts_down() {
    let epsilon = 7;
    let w = commit_wait(500, epsilon);
    for t in 500..=w.visible_at + 5 {
        let left = remaining_wait(w.timestamp, tt_now(t, epsilon));
        assert_eq!(left, (w.visible_at - t).max(0));
        assert_eq!(left == 0, tt_after(w.timestamp, tt_now(t, epsilon)));
    }
}

#[test]
fn interval_contains_true_time() {
    for epsilon in [0, 1, 4, 7] {
        for t in -5..5 {
            let now = tt_now(t, epsilon);
            assert!(now.earliest <= t && t <= now.latest);
            assert_eq!(now.latest - now.earliest, 2 * epsilon);
            assert!(!tt_after(t, now) && !tt_before(t, now));
        }
    }
    // A negative uncertainty is treated as none.
    assert_eq!(tt_now(3, -5), tt_now(3, 0));
}
