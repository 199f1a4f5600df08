//! The explorer on the toy models, with pinned numbers: if a change to the
//! engine alters what is reachable, these tests say so.

use std::collections::{HashSet, VecDeque};

use dsw_sim::toys::{Lock, PingPong};
use dsw_sim::{Action, ExploreConfig, Explorer, HashOpts, Protocol, World};

/// A deliberately naive search that compares whole states written out as
/// text, sharing nothing with the explorer's fingerprints: it catches hash
/// collisions and abstraction mistakes alike.
fn naive_count<P: Protocol>(root: &World<P>, config: &ExploreConfig) -> usize {
    let key = |w: &World<P>| {
        let nodes: Vec<String> = w
            .nodes()
            .map(|v| format!("{:?}/{:?}", v.durable, v.volatile))
            .collect();
        let mut msgs: Vec<String> = w
            .in_flight()
            .iter()
            .map(|e| format!("{:?}>{:?}:{:?}", e.from, e.to, e.msg))
            .collect();
        msgs.sort();
        let timers: Vec<String> = w.timers().map(|(n, t, _)| format!("{n:?}{t:?}")).collect();
        let f = w.faults();
        format!("{nodes:?}|{msgs:?}|{timers:?}|{}/{}", f.drops, f.crashes)
    };
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    let start = root.detached();
    seen.insert(key(&start));
    queue.push_back(start);
    while let Some(w) = queue.pop_front() {
        for a in w.actions_with(&config.menu) {
            let mut next = w.clone();
            next.apply(a).expect("listed actions apply");
            if seen.insert(key(&next)) {
                queue.push_back(next);
            }
        }
    }
    seen.len()
}

#[test]
fn an_independent_search_agrees_with_the_pinned_counts() {
    let config = ExploreConfig::default();
    assert_eq!(
        naive_count(&World::new(PingPong::default()), &config),
        PINGPONG_STATES
    );
    assert_eq!(
        naive_count(
            &World::new(Lock {
                durable_holder: true
            }),
            &config
        ),
        LOCK_STATES
    );
}

#[test]
fn pingpong_reachable_states_are_pinned() {
    // Two rounds of ping-pong with at most one retransmission per round;
    // moves: deliver any message (in any order), fire the retry timer, at
    // most one drop, at most one crash (of either node) and any restart.
    // Time is abstracted away (the protocol never reads the clock), so a
    // state is: both disks and memories, the multiset of messages in
    // flight, pending timers, and how many drops and crashes were used.
    // Computed by this explorer, then cross-checked by the independent
    // search below; the deepest state is 13 moves from the start.
    let mut ex = Explorer::new(&World::new(PingPong::default()), ExploreConfig::default());
    let p = ex.run();
    assert!(p.done && !p.found && !p.bounded, "{p:?}");
    assert_eq!(p.visited, PINGPONG_STATES);
}

const PINGPONG_STATES: usize = 849;

#[test]
fn correct_lock_is_safe_in_every_reachable_state() {
    // Clients n1, n2 and the server; moves: requests, deliveries, one drop,
    // one crash, restarts.
    let mut ex = Explorer::new(
        &World::new(Lock {
            durable_holder: true,
        }),
        ExploreConfig::default(),
    );
    let p = ex.run();
    assert!(p.done && !p.found && !p.bounded, "{p:?}");
    assert_eq!(p.visited, LOCK_STATES);
}

const LOCK_STATES: usize = 262;

#[test]
fn broken_lock_is_caught_with_the_shortest_counterexample() {
    let root = World::new(Lock {
        durable_holder: false,
    });
    let mut ex = Explorer::new(&root, ExploreConfig::default());
    let p = ex.run();
    assert!(p.found, "{p:?}");
    let cx = ex.counterexample().expect("found").clone();
    assert_eq!(cx.invariant, "at most one lock holder");
    // Both clients ask (2), the server grants each (2), both grants arrive
    // (2), and the server must crash and restart in between to forget the
    // first grant (2).
    assert_eq!(cx.trace.len(), 8, "{:?}", cx.trace);
    assert!(cx.trace.iter().any(|a| matches!(a, Action::Crash(_))));
    // Replaying the counterexample breaks the invariant exactly at its end.
    let mut w = root.clone();
    for (i, a) in cx.trace.iter().enumerate() {
        let report = w.apply(a.clone()).expect("counterexample replays");
        assert_eq!(
            report.violations.is_empty(),
            i + 1 < cx.trace.len(),
            "step {}",
            i + 1
        );
    }
    assert!(
        w.violations()[0].reason.contains("n1 and n2"),
        "{}",
        w.violations()[0].reason
    );
}

#[test]
fn running_in_slices_gives_the_same_answer() {
    let root = World::new(Lock {
        durable_holder: false,
    });
    let mut whole = Explorer::new(&root, ExploreConfig::default());
    let all = whole.run();
    let mut sliced = Explorer::new(&root, ExploreConfig::default());
    let mut slices = 0;
    loop {
        let p = sliced.run_for(3);
        slices += 1;
        assert!(p.visited <= all.visited || !all.done);
        if p.done {
            assert_eq!(p, all);
            break;
        }
    }
    assert!(slices > 5, "the search really ran in slices ({slices})");
    assert_eq!(sliced.counterexample(), whole.counterexample());
}

#[test]
fn bounds_stop_the_search_and_say_so() {
    let root = World::new(PingPong::default());
    let config = ExploreConfig {
        max_depth: 3,
        ..ExploreConfig::default()
    };
    let p = Explorer::new(&root, config).run();
    assert!(p.done && p.bounded, "{p:?}");
    assert!(p.visited < PINGPONG_STATES);
    let config = ExploreConfig {
        max_states: 50,
        ..ExploreConfig::default()
    };
    let p = Explorer::new(&root, config).run();
    assert!(p.bounded && p.visited == 50, "{p:?}");
}

#[test]
fn counting_time_distinguishes_more_states() {
    let root = World::new(PingPong::default());
    let timed = ExploreConfig {
        hash: HashOpts {
            time: true,
            ..ExploreConfig::default().hash
        },
        max_depth: 12,
        ..ExploreConfig::default()
    };
    let untimed = ExploreConfig {
        max_depth: 12,
        ..ExploreConfig::default()
    };
    let a = Explorer::new(&root, timed).run().visited;
    let b = Explorer::new(&root, untimed).run().visited;
    assert!(a > b, "time-aware {a} vs abstract {b}");
}
