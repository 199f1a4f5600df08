//! Spanner's TrueTime and commit wait (Corbett et al., "Spanner: Google's
//! Globally-Distributed Database", OSDI 2012, §3 and §4.1.2).
//!
//! `TT.now()` returns an interval `[earliest, latest]` guaranteed to contain
//! the true time; `TT.after(t)` is true once `t` has definitely passed. A
//! leader gives a committing transaction a timestamp `s` no smaller than
//! `TT.now().latest` when the commit request arrives (the start rule), and
//! does not let anyone see the commit until `TT.after(s)` (commit wait).
//! Then any transaction that starts after the commit became visible gets a
//! larger timestamp: timestamp order agrees with real time.
//!
//! The model here is the simplest one the paper's arithmetic uses: the
//! interval is `true time ± epsilon`, with `epsilon` constant, in whole
//! ticks (any unit: the paper's ε is a few milliseconds). Real TrueTime's ε
//! grows between synchronizations (a sawtooth, 1 to 7 ms in the paper) and
//! the interval need not be centred on the true time, only contain it.

/// What `TT.now()` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    pub earliest: i64,
    pub latest: i64,
}

/// `TT.now()` at true time `now`, for uncertainty `epsilon`.
pub fn tt_now(now: i64, epsilon: i64) -> Interval {
    let epsilon = epsilon.max(0);
    Interval {
        earliest: now.saturating_sub(epsilon),
        latest: now.saturating_add(epsilon),
    }
}

/// `TT.after(t)`: `t` has definitely passed.
pub fn tt_after(t: i64, now: Interval) -> bool {
    t < now.earliest
}

/// `TT.before(t)`: `t` has definitely not arrived.
pub fn tt_before(t: i64, now: Interval) -> bool {
    t > now.latest
}

/// The outcome of a commit that starts at true time `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommitWait {
    /// The commit timestamp `s`.
    pub timestamp: i64,
    /// The first true time at which `TT.after(s)` holds: the commit may
    /// become visible then, not before.
    pub visible_at: i64,
    /// How long the commit waited: `visible_at - start`.
    pub wait: i64,
}

// ANCHOR: commit_wait
/// Commit wait for a commit requested at true time `start` with constant
/// uncertainty `epsilon` (in whole ticks). The timestamp is the smallest the
/// start rule allows, `s = TT.now().latest = start + epsilon`. `TT.after(s)`
/// needs `earliest = t - epsilon > s`, so the first tick at which it holds
/// is `t = start + 2 * epsilon + 1`. The wait is therefore `2 * epsilon`
/// plus the one tick the strict inequality costs in whole ticks: the
/// paper's "expected wait is at least 2 * ε̄" (ε̄ the average ε).
pub fn commit_wait(start: i64, epsilon: i64) -> CommitWait {
    let timestamp = tt_now(start, epsilon).latest;
    let visible_at = timestamp.saturating_add(epsilon.max(0)).saturating_add(1);
    CommitWait {
        timestamp,
        visible_at,
        wait: visible_at.saturating_sub(start),
    }
}
// ANCHOR_END: commit_wait

/// How many more ticks a leader must wait, at a moment when `TT.now()` is
/// `now`, before `TT.after(s)` holds (0 if it already does), assuming the
/// interval moves forward with true time.
pub fn remaining_wait(s: i64, now: Interval) -> i64 {
    s.saturating_sub(now.earliest).saturating_add(1).max(0)
}
