//! The model against the classic specification: the `TwoPhase` module of
//! Gray and Lamport, "Consensus on Transaction Commit" (ACM TODS 31(1),
//! 2006), as model-checked with TLC.
//!
//! Two searches, written independently:
//!
//! 1. [`twophase`] below is `TwoPhase`'s next-state relation transcribed
//!    on its own (no code from the crate), searched breadth-first. Its
//!    state is the specification's: `rmState`, `tmState`, `tmPrepared` and
//!    `msgs`, the set of messages ever sent, which only grows.
//! 2. The engine's [`Explorer`] searches the crate's model in
//!    specification mode (`AtomicCommit::spec`), where resource managers
//!    prepare and abort by request and the coordinator commits or aborts by
//!    request.
//!
//! The engine's network differs from `msgs`: delivering a message removes
//! it. Nothing is lost by that. The coordinator acts on `Prepared(rm)`
//! only to add `rm` to `tmPrepared`, and a participant acts on `Commit` or
//! `Abort` only to enter the corresponding state, so a second delivery
//! would change nothing; and every message the specification may deliver
//! is either still in flight or already had its effect. The projection
//! therefore reads `msgs` from what was *sent*: `Prepared(rm)` when rm's
//! disk records a yes vote (sent in the same step), `Commit` or `Abort`
//! when the coordinator has decided (logged and sent in the same step).
//! Every state the explorer reaches is projected onto the four variables;
//! the set of projections must equal the specification's reachable set.

//!
//! Run the five-RM search with `cargo test --release --test spec --
//! --ignored`.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet, VecDeque};

use dsw_sim::{ActionMenu, ExploreConfig, Explorer, HashOpts, Invariant, World};
use dsw_twopc::{AtomicCommit, Decision, RmState, TM, TmPhase, rm};

/// `TwoPhase`'s variables. `rm[i]` is rmState of RM i: 0 working,
/// 1 prepared, 2 committed, 3 aborted. `tm`: 0 init, 1 committed,
/// 2 aborted. `prepared`: tmPrepared as bits. `msgs`: bit i for
/// Prepared(RM i), [`COMMIT`] and [`ABORT`] for the two broadcasts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Spec {
    rm: Vec<u8>,
    tm: u8,
    prepared: u8,
    msgs: u8,
}

const COMMIT: u8 = 1 << 6;
const ABORT: u8 = 1 << 7;

const WORKING: u8 = 0;
const PREPARED: u8 = 1;
const COMMITTED: u8 = 2;
const ABORTED: u8 = 3;
const INIT: u8 = 0;
const TM_COMMITTED: u8 = 1;
const TM_ABORTED: u8 = 2;

/// The specification's reachable states, breadth-first.
fn twophase(n: usize) -> HashSet<Spec> {
    twophase_with_depth(n).0
}

/// The reachable states and the number of breadth-first levels (the
/// initial state is level 1, as TLC counts its "depth").
fn twophase_with_depth(n: usize) -> (HashSet<Spec>, usize) {
    let all: u8 = (1u8 << n) - 1;
    let init = Spec {
        rm: vec![WORKING; n],
        tm: INIT,
        prepared: 0,
        msgs: 0,
    };
    let mut seen = HashSet::from([init.clone()]);
    let mut queue = VecDeque::from([(init, 1)]);
    let mut depth = 1;
    while let Some((s, level)) = queue.pop_front() {
        depth = depth.max(level);
        let mut next = Vec::new();
        // TMCommit
        if s.tm == INIT && s.prepared == all {
            next.push(Spec {
                tm: TM_COMMITTED,
                msgs: s.msgs | COMMIT,
                ..s.clone()
            });
        }
        // TMAbort
        if s.tm == INIT {
            next.push(Spec {
                tm: TM_ABORTED,
                msgs: s.msgs | ABORT,
                ..s.clone()
            });
        }
        for r in 0..n {
            let set = |v: u8| {
                let mut t = s.clone();
                t.rm[r] = v;
                t
            };
            // TMRcvPrepared(r)
            if s.tm == INIT && s.msgs & (1 << r) != 0 {
                next.push(Spec {
                    prepared: s.prepared | (1 << r),
                    ..s.clone()
                });
            }
            // RMPrepare(r)
            if s.rm[r] == WORKING {
                let mut t = set(PREPARED);
                t.msgs |= 1 << r;
                next.push(t);
            }
            // RMChooseToAbort(r)
            if s.rm[r] == WORKING {
                next.push(set(ABORTED));
            }
            // RMRcvCommitMsg(r)
            if s.msgs & COMMIT != 0 {
                next.push(set(COMMITTED));
            }
            // RMRcvAbortMsg(r)
            if s.msgs & ABORT != 0 {
                next.push(set(ABORTED));
            }
        }
        for t in next {
            if seen.insert(t.clone()) {
                queue.push_back((t, level + 1));
            }
        }
    }
    (seen, depth)
}

/// TCConsistent on the specification's own states.
fn tc_consistent(s: &Spec) -> bool {
    !(s.rm.contains(&COMMITTED) && s.rm.contains(&ABORTED))
}

/// An engine state, read as the specification's variables.
fn project(world: &World<AtomicCommit>) -> Spec {
    let n = world.protocol().participants;
    let mut spec = Spec {
        rm: Vec::with_capacity(n),
        tm: INIT,
        prepared: 0,
        msgs: 0,
    };
    for i in 1..=n {
        let disk = world.node(rm(i)).durable.rm().expect("a participant");
        spec.rm.push(match disk.state {
            RmState::Working => WORKING,
            RmState::Prepared => PREPARED,
            RmState::Committed => COMMITTED,
            RmState::Aborted => ABORTED,
            RmState::PreCommitted => panic!("no PreCommitted state in two-phase commit"),
        });
        if disk.vote == Some(true) {
            spec.msgs |= 1 << (i - 1);
        }
    }
    let tm = world
        .node(TM)
        .volatile
        .and_then(|m| m.tm())
        .expect("the coordinator never crashes here");
    // The engine numbers participants from node 1; the specification's
    // bits start at 0.
    spec.prepared = tm.yes >> 1;
    match tm.phase {
        TmPhase::Collecting => {}
        TmPhase::Decided {
            decision: Decision::Commit,
            ..
        } => {
            spec.tm = TM_COMMITTED;
            spec.msgs |= COMMIT;
        }
        TmPhase::Decided {
            decision: Decision::Abort,
            ..
        } => {
            spec.tm = TM_ABORTED;
            spec.msgs |= ABORT;
        }
        other => panic!("the specification's coordinator is never {other:?}"),
    }
    spec
}

thread_local! {
    static SEEN: RefCell<BTreeSet<Spec>> = const { RefCell::new(BTreeSet::new()) };
}

/// The explorer checks every invariant on every new state it reaches (and
/// on its root), so an always-true "invariant" sees each one once.
fn record(world: &World<AtomicCommit>) -> Result<(), String> {
    SEEN.with(|s| s.borrow_mut().insert(project(world)));
    Ok(())
}

/// The engine's reachable states in specification mode: how many, and
/// their projections.
fn explore(n: usize) -> (usize, BTreeSet<Spec>) {
    SEEN.with(|s| s.borrow_mut().clear());
    let mut root = World::new(AtomicCommit::spec(n));
    root.add_invariant(Invariant::new("record the projection", record));
    let config = ExploreConfig {
        // Deliveries in any order and every request at any moment; no
        // faults, since the specification has none, and no timers, since
        // specification mode sets none.
        menu: ActionMenu::progress_only(),
        max_depth: 1_000,
        max_states: 10_000_000,
        hash: HashOpts {
            time: false,
            rng: false,
            ids: false,
            faults: false,
        },
        stop_at_violation: true,
    };
    let mut explorer = Explorer::new(&root, config);
    let progress = explorer.run();
    assert!(
        explorer.counterexample().is_none(),
        "{:?}",
        explorer.counterexample()
    );
    assert!(progress.done && !progress.bounded, "{progress:?}");
    (progress.visited, SEEN.with(|s| s.borrow().clone()))
}

/// TLC's published numbers for `TwoPhase`: with `RM = {r1, r2, r3}`, 288
/// distinct states at depth 11 (the model in the tlaplus/Examples
/// repository, `specifications/transaction_commit`), and 50,816 reachable
/// states with six RMs (the note at the end of `TwoPhase.tla`). The
/// transcription above must reproduce both, and TCConsistent must hold in
/// every state.
#[test]
fn the_specification_search_finds_tlcs_state_counts() {
    let (three, depth) = twophase_with_depth(3);
    assert_eq!((three.len(), depth), (288, 11));
    assert!(three.iter().all(tc_consistent));
    let counts: Vec<usize> = (1..=6).map(|n| twophase(n).len()).collect();
    assert_eq!(counts, [12, 56, 288, 1_568, 8_832, 50_816]);
}

fn check_against_spec(n: usize) -> usize {
    let spec: BTreeSet<Spec> = twophase(n).into_iter().collect();
    let (engine_states, projected) = explore(n);
    let missing: Vec<&Spec> = spec.difference(&projected).take(3).collect();
    let extra: Vec<&Spec> = projected.difference(&spec).take(3).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{n} RMs: the engine misses {missing:?} and adds {extra:?}"
    );
    assert_eq!(projected.len(), spec.len());
    engine_states
}

/// Three RMs: the engine reaches 288 specification states, carried by more
/// engine states because the engine also knows which messages are still
/// in flight.
#[test]
fn three_rms_reach_exactly_the_specification_states() {
    assert_eq!(check_against_spec(3), ENGINE_STATES_3);
}

/// Five RMs: 8,832 specification states.
#[test]
#[ignore = "release only: about 7 s (a minute in debug)"]
fn five_rms_reach_exactly_the_specification_states() {
    assert_eq!(check_against_spec(5), ENGINE_STATES_5);
}

#[test]
fn one_two_and_four_rms_reach_exactly_the_specification_states() {
    for n in [1, 2, 4] {
        check_against_spec(n);
    }
}

const ENGINE_STATES_3: usize = 1_072;
const ENGINE_STATES_5: usize = 101_056;
