//! Breadth-first search over the states a small configuration can reach.
//!
//! Breadth-first order means the first violating state found has the
//! shortest possible trace, which is the most readable counterexample. The
//! search runs in slices ([`Explorer::run_for`]) so a web page can show
//! progress and stop it; all its state lives in the `Explorer` value.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::action::{Action, ActionMenu, Limits};
use crate::hash::StableHasher;
use crate::protocol::Protocol;
use crate::rng::mix;
use crate::state::{FaultCounts, HashOpts};
use crate::world::World;

/// Which moves the search considers and when it gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreConfig {
    /// The moves considered; bound faults through `menu.limits` to keep the
    /// space finite.
    pub menu: ActionMenu,
    /// States at this depth are counted but not expanded.
    pub max_depth: u32,
    pub max_states: usize,
    /// What makes two states the same. Fault counters are added
    /// automatically for the kinds that `menu.limits` bounds.
    pub hash: HashOpts,
    pub stop_at_violation: bool,
}

impl Default for ExploreConfig {
    /// Delivery, drops, timers, requests, one crash with restarts; time is
    /// abstracted away.
    fn default() -> Self {
        ExploreConfig {
            menu: ActionMenu {
                deliver: true,
                fire_timers: true,
                requests: true,
                drop: true,
                crash: true,
                restart: true,
                limits: Limits {
                    crashes: Some(1),
                    drops: Some(1),
                    ..Limits::default()
                },
                ..ActionMenu::progress_only()
            },
            max_depth: 24,
            max_states: 1_000_000,
            hash: HashOpts {
                time: false,
                rng: true,
                ids: false,
                faults: false,
            },
            stop_at_violation: true,
        }
    }
}

/// The shortest trace found that breaks an invariant, starting from the
/// explorer's root state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterexample<P: Protocol> {
    pub invariant: &'static str,
    pub reason: String,
    pub trace: Vec<Action<P>>,
}

/// Where a search stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Distinct states seen so far, the root included.
    pub visited: usize,
    /// States waiting to be expanded.
    pub frontier: usize,
    /// States whose successors have been generated.
    pub expanded: usize,
    /// Depth of the states being expanded now.
    pub depth: u32,
    pub done: bool,
    pub found: bool,
    /// Some states were not expanded because of `max_depth` or `max_states`,
    /// so `visited` is a lower bound on the reachable states.
    pub bounded: bool,
}

/// Fingerprints are already well mixed; hashing them again is wasted work.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// An incremental breadth-first search.
pub struct Explorer<P: Protocol> {
    config: ExploreConfig,
    visited: HashSet<u64, BuildHasherDefault<PassThrough>>,
    frontier: VecDeque<(World<P>, u32)>,
    found: Option<Counterexample<P>>,
    expanded: usize,
    depth: u32,
    bounded: bool,
    done: bool,
}

impl<P: Protocol> std::fmt::Debug for Explorer<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Explorer")
            .field("progress", &self.progress())
            .finish()
    }
}

impl<P: Protocol> Explorer<P> {
    /// Starts a search from `root`'s current state (its history is not
    /// carried along; counterexample traces start at `root`).
    pub fn new(root: &World<P>, config: ExploreConfig) -> Self {
        let start = root.detached();
        let mut ex = Explorer {
            config,
            visited: HashSet::default(),
            frontier: VecDeque::new(),
            found: None,
            expanded: 0,
            depth: 0,
            bounded: false,
            done: false,
        };
        ex.visited.insert(ex.fingerprint(&start));
        if let Some((invariant, reason)) = first_broken(&start) {
            ex.found = Some(Counterexample {
                invariant,
                reason,
                trace: Vec::new(),
            });
            if ex.config.stop_at_violation {
                ex.done = true;
            }
        }
        ex.frontier.push_back((start, 0));
        ex
    }

    fn fingerprint(&self, world: &World<P>) -> u64 {
        let opts = HashOpts {
            faults: false,
            ..self.config.hash
        };
        let mut h = StableHasher::default();
        world.fingerprint(opts).hash(&mut h);
        if self.config.hash.faults {
            world.faults().hash(&mut h);
        } else {
            limited_counts(&self.config.menu.limits, world.faults()).hash(&mut h);
        }
        mix(h.finish())
    }

    pub fn progress(&self) -> Progress {
        Progress {
            visited: self.visited.len(),
            frontier: self.frontier.len(),
            expanded: self.expanded,
            depth: self.depth,
            done: self.done,
            found: self.found.is_some(),
            bounded: self.bounded,
        }
    }

    pub fn counterexample(&self) -> Option<&Counterexample<P>> {
        self.found.as_ref()
    }

    /// Expands up to `budget` states, then returns.
    pub fn run_for(&mut self, budget: usize) -> Progress {
        let mut left = budget;
        while left > 0 && !self.done {
            let Some((world, depth)) = self.frontier.pop_front() else {
                self.done = true;
                break;
            };
            self.depth = depth;
            if depth >= self.config.max_depth {
                self.bounded = true;
                continue;
            }
            left -= 1;
            self.expanded += 1;
            for action in world.actions_with(&self.config.menu) {
                let mut child = world.clone();
                if child.apply(action).is_err() {
                    continue;
                }
                if !self.visited.insert(self.fingerprint(&child)) {
                    continue;
                }
                if self.found.is_none()
                    && let Some((invariant, reason)) = first_broken(&child)
                {
                    self.found = Some(Counterexample {
                        invariant,
                        reason,
                        trace: child.trace().to_vec(),
                    });
                    if self.config.stop_at_violation {
                        self.done = true;
                        return self.progress();
                    }
                }
                if self.visited.len() >= self.config.max_states {
                    self.bounded = true;
                    self.done = true;
                    return self.progress();
                }
                self.frontier.push_back((child, depth + 1));
            }
        }
        self.progress()
    }

    /// Runs to the end (or the bounds).
    pub fn run(&mut self) -> Progress {
        while !self.done {
            self.run_for(4096);
        }
        self.progress()
    }
}

fn first_broken<P: Protocol>(world: &World<P>) -> Option<(&'static str, String)> {
    world
        .invariants()
        .iter()
        .find_map(|i| (i.check)(world).err().map(|r| (i.name, r)))
}

/// Only counters that a limit bounds distinguish states: the others would
/// make every path a different state without changing what can happen.
fn limited_counts(l: &Limits, c: FaultCounts) -> [u32; 7] {
    let keep = |limit: Option<u32>, n: u32| if limit.is_some() { n } else { 0 };
    [
        keep(l.drops, c.drops),
        keep(l.duplicates, c.duplicates),
        keep(l.delays, c.delays),
        keep(l.crashes, c.crashes),
        keep(l.partitions, c.partitions),
        keep(l.pauses, c.pauses),
        keep(l.skews, c.skews),
    ]
}
