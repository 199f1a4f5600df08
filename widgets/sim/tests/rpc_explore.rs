//! The Foundations widget's "find a counterexample" button, checked natively:
//! the same search the browser runs in slices.

use dsw_sim::rpc::{self, CLIENT, SERVER};
use dsw_sim::{Action, Explorer, World};

fn search_from(preset: &str) -> (Explorer<rpc::Rpc>, Option<Action<rpc::Rpc>>) {
    let mut world = rpc::load(preset).expect("preset loads");
    world.seek(0).expect("every preset can rewind to its start");
    let (root, first) = rpc::explore_root(&world);
    let mut explorer = Explorer::new(&root, rpc::explore_config());
    explorer.run();
    (explorer, first)
}

#[test]
fn retries_without_idempotence_are_caught_with_the_shortest_trace() {
    let (explorer, first) = search_from("try-it-retries");
    assert_eq!(first, Some(Action::Request(CLIENT, rpc::Call)));
    let found = explorer
        .counterexample()
        .expect("a lost reply plus a retry applies the call twice");
    assert_eq!(found.invariant, "each call takes effect at most once");
    // Deliver the request, time out while the server is still working
    // (retrying), deliver the retry, finish both: five moves, and no message
    // lost. A slow server is enough; the search ignores time, so a timer may
    // fire before any reply, as in an asynchronous network.
    assert_eq!(found.trace.len(), 5, "{:#?}", found.trace);
    assert!(
        !found
            .trace
            .iter()
            .any(|a| matches!(a, Action::Drop(_) | Action::Duplicate(_) | Action::Crash(_))),
        "the shortest way needs no fault at all: {:#?}",
        found.trace
    );

    // Replaying the counterexample on the real world breaks the invariant at
    // its last step, so the widget can animate it.
    let mut world = rpc::load("try-it-retries").unwrap();
    world.seek(0).unwrap();
    world.apply(first.unwrap()).unwrap();
    for action in &found.trace {
        world.apply(action.clone()).unwrap();
    }
    assert_eq!(world.violations().len(), 1);
    assert!(
        world.violations()[0]
            .reason
            .contains("effect happened twice")
    );
}

#[test]
fn an_idempotent_server_survives_every_schedule_within_the_bounds() {
    let (explorer, _) = search_from("try-it-idempotent");
    let progress = explorer.progress();
    assert!(explorer.counterexample().is_none());
    assert!(progress.done && !progress.bounded, "{progress:?}");
    // Every state reachable with at most one drop, one duplicate and one
    // crash of either node (and restarts), from the moment the call is made.
    assert_eq!(progress.visited, 10_944, "{progress:?}");
}

#[test]
fn without_retries_a_duplicated_request_still_applies_twice() {
    let (explorer, _) = search_from("try-it");
    let found = explorer
        .counterexample()
        .expect("the network may duplicate");
    // Duplicate the request, deliver both copies, finish both.
    assert_eq!(found.trace.len(), 5, "{:#?}", found.trace);
    assert!(
        matches!(found.trace[0], Action::Duplicate(_)),
        "{:#?}",
        found.trace
    );
}

#[test]
fn the_search_starts_where_the_reader_is_once_the_call_exists() {
    let mut world: World<rpc::Rpc> = rpc::load("reply-lost").unwrap();
    world.seek(2).unwrap();
    let (root, first) = rpc::explore_root(&world);
    assert_eq!(first, None);
    assert_eq!(root.node(SERVER).durable, world.node(SERVER).durable);
}
