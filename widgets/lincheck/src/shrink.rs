//! Shrinking a failing history to a minimal failing set of operations.
//!
//! Removing operations one at a time while the history stays
//! non-linearizable would, for a register, always end at a lone read of a
//! value nobody wrote: true, and useless. So an operation is removed
//! together with its dependants, the reads (and compare-and-sets, and list
//! reads) that observed a value only it, among the operations left, could
//! have produced. The result is minimal in that sense: removing any one of
//! its operations, with its dependants, leaves a linearizable history.
//!
//! The shrinker is a pure state machine: it proposes candidates and is told
//! whether each still fails, so the caller decides how (and in how many
//! slices) to check them. It first cuts the history after the shortest
//! failing prefix and then before the latest failing start (binary searches
//! over invocation order, which also make every later check cheap: a
//! failing check must exhaust every configuration before the failure), then
//! removes chunks of halving size, then single operations until nothing
//! more can go.

/// Drops from `set` every member whose dependency groups are not all still
/// represented in it, until none is left to drop. `deps[x]` lists, for each
/// value `x` observes, the calls that could have produced it.
// ANCHOR: closure
pub(crate) fn close(set: &mut Vec<usize>, deps: &[Vec<Vec<usize>>], universe: usize) {
    let mut present = vec![false; universe];
    for &x in set.iter() {
        present[x] = true;
    }
    loop {
        let before = set.len();
        set.retain(|&x| {
            let keep = deps[x].iter().all(|g| g.iter().any(|&p| present[p]));
            if !keep {
                present[x] = false;
            }
            keep
        });
        if set.len() == before {
            return;
        }
    }
}
// ANCHOR_END: closure

enum Phase {
    /// The prefix the failed search points at: every operation invoked
    /// before the completion no configuration got past.
    Hint {
        len: usize,
    },
    Prefix {
        lo: usize,
        hi: usize,
    },
    /// Cutting from the front: the largest start that still fails.
    Start {
        lo: usize,
        hi: usize,
    },
    Chunks {
        size: usize,
        pos: usize,
        changed: bool,
    },
    Done,
}

pub(crate) struct Shrinker {
    deps: Vec<Vec<Vec<usize>>>,
    current: Vec<usize>,
    /// The best failing cut found so far by the binary searches.
    best_prefix: Option<Vec<usize>>,
    phase: Phase,
    pending: Option<Vec<usize>>,
}

impl Shrinker {
    /// `start` (sorted in invocation order) is known to fail; `hint`, if
    /// any, is the length of a prefix of it that probably fails too.
    pub(crate) fn new(start: Vec<usize>, deps: Vec<Vec<Vec<usize>>>, hint: Option<usize>) -> Self {
        let n = start.len();
        Shrinker {
            deps,
            current: start,
            best_prefix: None,
            phase: match hint {
                _ if n <= 1 => Phase::Done,
                Some(len) if len > 0 && len < n => Phase::Hint { len },
                _ => Phase::Prefix { lo: 0, hi: n - 1 },
            },
            pending: None,
        }
    }

    pub(crate) fn result(&self) -> &[usize] {
        &self.current
    }

    fn closed(&self, mut set: Vec<usize>) -> Vec<usize> {
        close(&mut set, &self.deps, self.deps.len());
        set
    }

    /// The next set to check, or `None` when shrinking is over.
    pub(crate) fn candidate(&mut self) -> Option<Vec<usize>> {
        loop {
            if let Some(p) = &self.pending {
                return Some(p.clone());
            }
            let cand = match &mut self.phase {
                Phase::Done => return None,
                Phase::Hint { len } => {
                    let prefix = self.current[..*len].to_vec();
                    self.closed(prefix)
                }
                Phase::Prefix { lo, hi } => {
                    if lo >= hi {
                        if let Some(best) = self.best_prefix.take() {
                            self.current = best;
                        }
                        let n = self.current.len();
                        self.phase = Phase::Start {
                            lo: 0,
                            hi: n.saturating_sub(1),
                        };
                        continue;
                    }
                    let mid = (*lo + *hi) / 2;
                    let prefix = self.current[..=mid].to_vec();
                    self.closed(prefix)
                }
                Phase::Start { lo, hi } => {
                    if lo >= hi {
                        if let Some(best) = self.best_prefix.take() {
                            self.current = best;
                        }
                        self.start_chunks();
                        continue;
                    }
                    let mid = (*lo + *hi).div_ceil(2);
                    let suffix = self.current[mid..].to_vec();
                    self.closed(suffix)
                }
                Phase::Chunks { size, pos, changed } => {
                    if *pos >= self.current.len() {
                        if *size > 1 {
                            *size = size.div_ceil(2);
                            *pos = 0;
                            *changed = false;
                        } else if *changed {
                            *pos = 0;
                            *changed = false;
                        } else {
                            self.phase = Phase::Done;
                        }
                        continue;
                    }
                    let end = (*pos + *size).min(self.current.len());
                    let mut rest = self.current[..*pos].to_vec();
                    rest.extend_from_slice(&self.current[end..]);
                    self.closed(rest)
                }
            };
            if cand.is_empty() {
                // An empty history is linearizable: no need to ask.
                self.pending = Some(cand);
                self.report(false);
                continue;
            }
            self.pending = Some(cand.clone());
            return Some(cand);
        }
    }

    fn start_chunks(&mut self) {
        let n = self.current.len();
        self.phase = if n > 1 {
            Phase::Chunks {
                size: n.div_ceil(2),
                pos: 0,
                changed: false,
            }
        } else {
            Phase::Done
        };
    }

    /// The verdict on the last candidate: does it still fail?
    pub(crate) fn report(&mut self, still_fails: bool) {
        let Some(cand) = self.pending.take() else {
            return;
        };
        match &mut self.phase {
            Phase::Hint { .. } => {
                let n = self.current.len();
                if still_fails {
                    self.current = cand;
                    let n = self.current.len();
                    self.phase = Phase::Start { lo: 0, hi: n - 1 };
                } else {
                    self.phase = Phase::Prefix { lo: 0, hi: n - 1 };
                }
            }
            Phase::Prefix { lo, hi } => {
                let mid = (*lo + *hi) / 2;
                if still_fails {
                    *hi = mid;
                    self.best_prefix = Some(cand);
                } else {
                    *lo = mid + 1;
                }
            }
            Phase::Start { lo, hi } => {
                let mid = (*lo + *hi).div_ceil(2);
                if still_fails {
                    *lo = mid;
                    self.best_prefix = Some(cand);
                } else {
                    *hi = mid - 1;
                }
            }
            Phase::Chunks { size, pos, changed } => {
                if still_fails {
                    self.current = cand;
                    *changed = true;
                    *size = (*size).min(self.current.len().max(1));
                } else {
                    *pos += *size;
                }
            }
            Phase::Done => {}
        }
    }
}
