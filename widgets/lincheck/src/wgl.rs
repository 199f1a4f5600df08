//! The linearizability search of Wing & Gong (1993), with the two
//! improvements of Lowe (2017): just-in-time linearization and a memo of
//! visited configurations.
//!
//! The history of one key is a doubly linked list of events (invocations
//! and completions) in time order. The search scans it from the front:
//!
//! * at an invocation, it tries to linearize that operation now: apply it to
//!   the model state, and if the object could have answered that way and the
//!   resulting configuration (set of linearized ops, state) is new, record
//!   it, unlink the operation's two events and restart from the front;
//! * at a completion, the operation it belongs to must have taken effect
//!   already but has not: undo the most recent linearization and try the
//!   next invocation after it.
//!
//! Linearizing only when a completion forces it is the just-in-time part;
//! the memo stops the search from exploring a configuration twice, which
//! turns the factorial worst case into the number of distinct
//! configurations. An operation of unknown outcome completes at +infinity,
//! so its completion sits at the end of the list: reaching one means every
//! operation that certainly happened is linearized, and the rest may be
//! left out because they may never have taken effect.
//!
//! Two prunings specific to registers, both exact:
//!
//! * a configuration is dead if some value still has a read (or
//!   compare-and-set) waiting to observe it, no operation left that could
//!   write it, and the register does not hold it now;
//! * a completed write whose value nobody ever observes ("free") is never
//!   tried on its own: it is linearized just before the next blind write
//!   that is linearized while it is pending, when its completion is
//!   reached, or at the very end. Any linearization can be rearranged that
//!   way (the operation after such a write is always a blind write, or
//!   there is none), and without this rule every subset of pending free
//!   writes is a different configuration, which with fifty clients never
//!   ends.
//!
//! Two for lists that only grow (no `put`):
//!
//! * an append no read contains is free in the same sense: every read
//!   comes before it, so it is linearized at its completion or at the end,
//!   and if a read began after it completed, the history fails at once;
//! * a configuration is dead when a pending read (one of the current window
//!   or one of the next two to be invoked) returns a list the state is no
//!   longer a prefix of.
//!
//! And one for every model: a read that may take effect now does, and no
//! other choice is tried in that configuration, since moving a read to an
//! earlier point where it is legal changes nothing for the others.
//!
//! Every loop turn is one step, so a caller can run the search in slices.

use crate::fasthash::{MixBuild, hash_of, zobrist};
use crate::model::{Call, Spec, Step};
use std::collections::{BTreeSet, HashMap, HashSet};

const HEAD: usize = 0;

// ANCHOR: wgl_state
pub(crate) struct Wgl<S: Spec> {
    spec: S,
    calls: Vec<Call>,
    /// Doubly linked list over events: 0 is the head sentinel, the last
    /// index the tail sentinel.
    next: Vec<u32>,
    prev: Vec<u32>,
    /// Per event: the call it belongs to, and whether it is the completion.
    event_call: Vec<u32>,
    event_is_ret: Vec<bool>,
    call_event: Vec<u32>,
    ret_event: Vec<u32>,
    tail: usize,
    /// The scan position.
    cur: usize,
    state: S::State,
    /// The linearized calls, as a bitset and as a Zobrist hash of it.
    linearized: Vec<u64>,
    set_hash: u64,
    zobrist: Vec<u64>,
    /// Linearized calls in order, each with the state before it and the
    /// number of free writes placed just before it.
    stack: Vec<Frame<S::State>>,
    absorbed: Vec<u32>,
    /// Visited configurations, bucketed by hash.
    memo: Memo<S::State>,
    memo_len: usize,
    /// Completed writes of values nobody observes.
    free: Vec<bool>,
    free_pending: usize,
    /// Completed (`:ok`) calls not yet linearized, free writes excepted.
    definite_left: usize,
    /// Register pruning: per call, the value it certainly observes and the
    /// value it may produce (`NONE` if neither); per value, how many
    /// observers and producers are not linearized yet; and how many values
    /// are starving (observers left, producers gone).
    observes: Vec<u32>,
    produces: Vec<u32>,
    observers_left: Vec<u32>,
    producers_left: Vec<u32>,
    starving: usize,
    /// Per call: it never changes the state (reads).
    keeps_state: Vec<bool>,
    /// The object only grows (lists without writes): a pending read must
    /// see a state that extends the current one.
    grows_only: bool,
    /// For such objects: the definite reads not yet linearized, by
    /// invocation.
    pending_reads: BTreeSet<(u64, u32)>,
    /// A new configuration was just entered.
    fresh: bool,
    /// Backtracking is in progress.
    unwinding: bool,
    /// The latest completion event that ever forced a backtrack.
    furthest: usize,
    steps: u64,
    outcome: Option<bool>,
}
// ANCHOR_END: wgl_state

struct Frame<T> {
    call: u32,
    before: T,
    /// Free writes linearized just before `call`.
    absorbed: u32,
    /// Taken as the only choice worth trying (a read that could go now).
    eager: bool,
}

const NONE: u32 = u32::MAX;

/// Visited configurations (linearized set as a bitset, state), bucketed by
/// a hash of both.
type Memo<T> = HashMap<u64, Vec<(Box<[u64]>, T)>, MixBuild>;

impl<S: Spec> Wgl<S> {
    pub(crate) fn new(spec: S, calls: Vec<Call>) -> Self {
        let n = calls.len();
        let mut events: Vec<(u64, bool, u32)> = Vec::with_capacity(2 * n);
        for (i, c) in calls.iter().enumerate() {
            events.push((c.inv, false, i as u32));
            events.push((c.ret, true, i as u32));
        }
        // Invocations sort before completions at equal times: two ops whose
        // events share a time are concurrent, never ordered.
        events.sort_unstable();
        let tail = 2 * n + 1;
        let mut event_call = vec![u32::MAX; tail + 1];
        let mut event_is_ret = vec![false; tail + 1];
        let mut call_event = vec![0u32; n];
        let mut ret_event = vec![0u32; n];
        for (k, &(_, is_ret, c)) in events.iter().enumerate() {
            let e = k + 1;
            event_call[e] = c;
            event_is_ret[e] = is_ret;
            if is_ret {
                ret_event[c as usize] = e as u32;
            } else {
                call_event[c as usize] = e as u32;
            }
        }
        let next: Vec<u32> = (0..=tail).map(|e| (e + 1).min(tail) as u32).collect();
        let prev: Vec<u32> = (0..=tail).map(|e| e.saturating_sub(1) as u32).collect();
        let state = spec.init();
        let register = spec.register_value(&state).is_some();
        let observes: Vec<u32> = calls
            .iter()
            .map(|c| match c.step {
                Step::Read(v) => v,
                Step::Cas(v, _) if !c.unknown() => v,
                _ => NONE,
            })
            .collect();
        let produces: Vec<u32> = calls
            .iter()
            .map(|c| match c.step {
                Step::Write(v) | Step::Cas(_, v) => v,
                _ => NONE,
            })
            .collect();
        let values = calls
            .iter()
            .flat_map(|c| match c.step {
                Step::Read(v) | Step::Write(v) => [v, 0],
                Step::Cas(a, b) => [a, b],
                _ => [0, 0],
            })
            .max()
            .map_or(0, |m| m as usize + 1);
        let mut observers_left = vec![0u32; values];
        let mut producers_left = vec![0u32; values];
        let mut ever_observed = vec![false; values];
        for c in &calls {
            if let Step::Read(v) | Step::Cas(v, _) = c.step {
                ever_observed[v as usize] = true;
            }
        }
        for &v in observes.iter().filter(|&&v| v != NONE) {
            observers_left[v as usize] += 1;
        }
        for &v in produces.iter().filter(|&&v| v != NONE) {
            producers_left[v as usize] += 1;
        }
        let starving = (0..values)
            .filter(|&v| observers_left[v] > 0 && producers_left[v] == 0)
            .count();
        let grows_only = calls.iter().all(|c| {
            matches!(
                c.step,
                Step::Append(_) | Step::ReadItems(_) | Step::ReadText(_)
            )
        }) && calls.iter().any(|c| matches!(c.step, Step::Append(_)));
        let in_lists: HashSet<u32> = calls
            .iter()
            .flat_map(|c| match &c.step {
                Step::ReadItems(xs) => xs.clone(),
                _ => Vec::new(),
            })
            .collect();
        let texts: Vec<&Step> = calls
            .iter()
            .map(|c| &c.step)
            .filter(|s| matches!(s, Step::ReadText(_)))
            .collect();
        let free: Vec<bool> = calls
            .iter()
            .map(|c| {
                !c.unknown()
                    && match c.step {
                        Step::Write(v) => register && !ever_observed[v as usize],
                        Step::Append(v) => {
                            grows_only
                                && !in_lists.contains(&v)
                                && !texts.iter().any(|t| spec.observes_element(t, v))
                        }
                        _ => false,
                    }
            })
            .collect();
        let free_pending = free.iter().filter(|&&f| f).count();
        let keeps_state: Vec<bool> = calls.iter().map(|c| c.step.keeps_state()).collect();
        // A list read invoked after an unobserved append completed would
        // have to contain it: no order can work.
        let earliest_free_append = (0..n)
            .filter(|&c| free[c] && matches!(calls[c].step, Step::Append(_)))
            .map(|c| calls[c].ret)
            .min();
        let latest_read = calls
            .iter()
            .filter(|c| c.step.is_read() && !c.unknown())
            .map(|c| c.inv)
            .max();
        let pending_reads: BTreeSet<(u64, u32)> = if grows_only {
            (0..n)
                .filter(|&c| calls[c].step.is_read() && !calls[c].unknown())
                .map(|c| (calls[c].inv, c as u32))
                .collect()
        } else {
            BTreeSet::new()
        };
        let hopeless = matches!((earliest_free_append, latest_read), (Some(a), Some(r)) if a < r);
        let definite_left = calls
            .iter()
            .zip(&free)
            .filter(|(c, f)| !c.unknown() && !**f)
            .count();
        Wgl {
            spec,
            zobrist: zobrist(n, 0x5eed ^ n as u64),
            calls,
            next,
            prev,
            event_call,
            event_is_ret,
            call_event,
            ret_event,
            tail,
            cur: if n == 0 { tail } else { 1 },
            state,
            linearized: vec![0; n.div_ceil(64)],
            set_hash: 0,
            stack: Vec::new(),
            absorbed: Vec::new(),
            memo: HashMap::default(),
            memo_len: 0,
            free,
            free_pending,
            definite_left,
            observes,
            produces,
            observers_left,
            producers_left,
            starving,
            keeps_state,
            grows_only,
            pending_reads,
            fresh: true,
            unwinding: false,
            furthest: 0,
            steps: 0,
            outcome: hopeless.then_some(false),
        }
    }

    pub(crate) fn steps(&self) -> u64 {
        self.steps
    }

    pub(crate) fn memo_len(&self) -> usize {
        self.memo_len
    }

    /// After success: the linearized calls (indices into `calls`) in order;
    /// free writes never placed go last, in invocation order.
    pub(crate) fn order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.calls.len());
        let mut abs = self.absorbed.iter();
        for f in &self.stack {
            out.extend(abs.by_ref().take(f.absorbed as usize).map(|&a| a as usize));
            out.push(f.call as usize);
        }
        let mut rest: Vec<usize> = (0..self.calls.len())
            .filter(|&c| self.free[c] && !self.is_linearized(c))
            .collect();
        rest.sort_by_key(|&c| self.calls[c].inv);
        out.extend(rest);
        out
    }

    /// After failure: the call whose completion no configuration got past
    /// (the latest completion that forced a backtrack).
    pub(crate) fn blocking_call(&self) -> Option<usize> {
        (self.furthest > 0).then(|| self.event_call[self.furthest] as usize)
    }

    fn is_linearized(&self, c: usize) -> bool {
        self.linearized[c / 64] >> (c % 64) & 1 == 1
    }

    fn unlink(&mut self, e: usize) {
        let (p, n) = (self.prev[e], self.next[e]);
        self.next[p as usize] = n;
        self.prev[n as usize] = p;
    }

    fn relink(&mut self, e: usize) {
        let (p, n) = (self.prev[e], self.next[e]);
        self.next[p as usize] = e as u32;
        self.prev[n as usize] = e as u32;
    }

    fn starves(&self, v: u32) -> bool {
        self.observers_left[v as usize] > 0 && self.producers_left[v as usize] == 0
    }

    /// Moves the pruning counters as call `c` is linearized or undone.
    fn count(&mut self, c: usize, linearize: bool) {
        for (v, observer) in [(self.observes[c], true), (self.produces[c], false)] {
            if v == NONE {
                continue;
            }
            let before = self.starves(v);
            let slot = if observer {
                &mut self.observers_left[v as usize]
            } else {
                &mut self.producers_left[v as usize]
            };
            if linearize {
                *slot -= 1;
            } else {
                *slot += 1;
            }
            match (before, self.starves(v)) {
                (false, true) => self.starving += 1,
                (true, false) => self.starving -= 1,
                _ => {}
            }
        }
    }

    /// Marks `c` linearized: unlinks its events (call, then completion)
    /// and updates the set, its hash and the counters.
    fn linearize(&mut self, c: usize) {
        self.unlink(self.call_event[c] as usize);
        self.unlink(self.ret_event[c] as usize);
        self.linearized[c / 64] ^= 1 << (c % 64);
        self.set_hash ^= self.zobrist[c];
        self.count(c, true);
        if self.free[c] {
            self.free_pending -= 1;
        } else if !self.calls[c].unknown() {
            self.definite_left -= 1;
        }
        if self.grows_only && self.keeps_state[c] {
            self.pending_reads.remove(&(self.calls[c].inv, c as u32));
        }
    }

    /// Exactly undoes `linearize(c)`; calls must be undone in reverse
    /// order, so each event's saved neighbours are valid when relinked.
    fn undo(&mut self, c: usize) {
        self.relink(self.ret_event[c] as usize);
        self.relink(self.call_event[c] as usize);
        self.linearized[c / 64] ^= 1 << (c % 64);
        self.set_hash ^= self.zobrist[c];
        self.count(c, false);
        if self.free[c] {
            self.free_pending += 1;
        } else if !self.calls[c].unknown() {
            self.definite_left += 1;
        }
        if self.grows_only && self.keeps_state[c] && !self.calls[c].unknown() {
            self.pending_reads.insert((self.calls[c].inv, c as u32));
        }
    }

    /// A register configuration is dead when some value other than the
    /// current one still has observers to serve but no producer left to
    /// write it: no continuation can serve them.
    fn dead(&self, state: &S::State) -> bool {
        match self.spec.register_value(state) {
            Some(v) => {
                let current = (v as usize) < self.observers_left.len() && self.starves(v);
                self.starving > usize::from(current)
            }
            None => false,
        }
    }

    /// Records the configuration (current set, `state`); false if seen.
    fn remember(&mut self, state: &S::State) -> bool {
        let h = self.set_hash ^ hash_of(state).rotate_left(29);
        let bucket = self.memo.entry(h).or_default();
        if bucket
            .iter()
            .any(|(bits, s)| **bits == *self.linearized && s == state)
        {
            return false;
        }
        bucket.push((self.linearized.clone().into_boxed_slice(), state.clone()));
        self.memo_len += 1;
        true
    }

    /// Linearizes the pending free writes that may go now (their
    /// invocations come before the first pending completion); returns how
    /// many.
    fn absorb_free(&mut self) -> u32 {
        let mut k = 0;
        let mut e = self.next[HEAD] as usize;
        while e != self.tail && !self.event_is_ret[e] {
            // `linearize` leaves `next[e]` intact, so the walk goes on.
            let d = self.event_call[e] as usize;
            let after = self.next[e] as usize;
            if self.free[d] {
                self.linearize(d);
                self.absorbed.push(d as u32);
                k += 1;
            }
            e = after;
        }
        k
    }

    fn unabsorb(&mut self, k: u32) {
        for _ in 0..k {
            let d = self.absorbed.pop().expect("absorbed calls are stacked");
            self.undo(d as usize);
        }
    }

    /// Finds a pending operation that leaves the state as it is (a read)
    /// and may take effect now; counts the entries walked as steps.
    fn find_eager(&mut self) -> Option<(usize, S::State)> {
        let mut e = self.next[HEAD] as usize;
        while e != self.tail && !self.event_is_ret[e] {
            self.steps += 1;
            let c = self.event_call[e] as usize;
            if self.keeps_state[c]
                && let Some(after) = self.spec.apply(&self.state, &self.calls[c].step)
            {
                return Some((c, after));
            }
            e = self.next[e] as usize;
        }
        None
    }

    /// Tries to make `c` (already checked legal, giving `after`) the next
    /// linearized call, with `absorbed` free writes just before it.
    /// Lists that only grow: is a pending read already impossible from
    /// `state`? Checked for the reads in the current window and the next
    /// two reads to be invoked, which keeps the cost per step bounded while
    /// pinning the order of the appends before them.
    fn outgrown(&mut self, state: &S::State) -> bool {
        if !self.grows_only {
            return false;
        }
        let next_reads: Vec<u32> = self.pending_reads.iter().take(2).map(|&(_, c)| c).collect();
        if next_reads.iter().any(|&d| {
            !self
                .spec
                .may_still_read(state, &self.calls[d as usize].step)
        }) {
            return true;
        }
        let mut e = self.next[HEAD] as usize;
        while e != self.tail && !self.event_is_ret[e] {
            self.steps += 1;
            let d = self.event_call[e] as usize;
            if self.keeps_state[d] && !self.spec.may_still_read(state, &self.calls[d].step) {
                return true;
            }
            e = self.next[e] as usize;
        }
        // The first pending completion's read must be reachable too.
        e != self.tail && {
            let d = self.event_call[e] as usize;
            self.keeps_state[d] && !self.spec.may_still_read(state, &self.calls[d].step)
        }
    }

    fn push(&mut self, c: usize, after: S::State, absorbed: u32, eager: bool) -> bool {
        self.linearize(c);
        if !self.dead(&after) && !self.outgrown(&after) && self.remember(&after) {
            let before = std::mem::replace(&mut self.state, after);
            self.stack.push(Frame {
                call: c as u32,
                before,
                absorbed,
                eager,
            });
            self.cur = self.next[HEAD] as usize;
            self.fresh = true;
            return true;
        }
        self.undo(c);
        self.unabsorb(absorbed);
        false
    }

    /// Runs at most `budget` steps; `Some(verdict)` once decided.
    // ANCHOR: wgl_run
    pub(crate) fn run(&mut self, budget: u64) -> Option<bool> {
        let start = self.steps;
        while self.outcome.is_none() && self.steps - start < budget {
            self.steps += 1;
            if self.unwinding {
                // Undo the last linearization; an eager one had no
                // alternatives worth trying, so keep undoing.
                match self.stack.pop() {
                    None => self.outcome = Some(false),
                    Some(f) => {
                        let c = f.call as usize;
                        self.state = f.before;
                        self.undo(c);
                        self.unabsorb(f.absorbed);
                        if !f.eager {
                            self.unwinding = false;
                            self.cur = self.next[self.call_event[c] as usize] as usize;
                        }
                    }
                }
                continue;
            }
            if self.definite_left == 0 {
                // What is left may go last (free writes) or never (ops of
                // unknown outcome).
                self.outcome = Some(true);
                break;
            }
            if self.fresh {
                // A read that may go now goes now: moving a read earlier
                // to a point where it is legal never hurts the rest, so
                // the other choices here need no trying.
                self.fresh = false;
                if let Some((c, after)) = self.find_eager() {
                    if !self.push(c, after, 0, true) {
                        self.unwinding = true;
                    }
                    continue;
                }
            }
            let e = self.cur;
            let c = self.event_call[e] as usize;
            if self.event_is_ret[e] {
                if self.free[c] {
                    // A free write whose completion comes before any blind
                    // write could follow it: it takes effect now.
                    let after = self
                        .spec
                        .apply(&self.state, &self.calls[c].step)
                        .expect("a write always applies");
                    if self.push(c, after, 0, false) {
                        continue;
                    }
                }
                // `c` must have taken effect by now but has not: backtrack.
                self.furthest = self.furthest.max(e);
                self.unwinding = true;
                continue;
            }
            if self.free[c] || self.keeps_state[c] {
                // Free writes go with other writes; reads were tried above.
                self.cur = self.next[e] as usize;
                continue;
            }
            if let Some(after) = self.spec.apply(&self.state, &self.calls[c].step) {
                let k = if self.free_pending > 0 && matches!(self.calls[c].step, Step::Write(_)) {
                    self.absorb_free()
                } else {
                    0
                };
                if self.push(c, after, k, false) {
                    continue;
                }
            }
            self.cur = self.next[e] as usize;
        }
        self.outcome
    }
    // ANCHOR_END: wgl_run
}
