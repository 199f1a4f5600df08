//! Paxos Made Simple's rules one at a time, including the ones the
//! interview guides get wrong (errata E40, E41).

use dsw_paxos::{
    Ballot, Mode, Msg, PRESETS, Paxos, PaxosHost, Phase, Value, Variant, Vote, invariants, load,
    open_link, value_to_propose,
};
use dsw_sim::scenario::{self, Host};
use dsw_sim::{Action, NodeId, World, fragment};

const N1: NodeId = NodeId(0);
const N2: NodeId = NodeId(1);
const N3: NodeId = NodeId(2);

fn vote(round: u32, node: NodeId, value: u8) -> Vote {
    Vote {
        slot: 1,
        ballot: Ballot::new(round, node),
        value: Value(value),
    }
}

/// Errata E40, §2.2 phase 2(a): the value of the highest-numbered
/// proposal reported, whatever its round's proposer; the proposer's own
/// value only when nothing is reported.
#[test]
fn a_proposer_adopts_the_highest_numbered_reported_value() {
    let own = Value(b'C');
    assert_eq!(value_to_propose(&[], 1, own), (own, None));
    let reports = [vote(1, N1, b'A'), vote(2, N2, b'B'), vote(1, N3, b'A')];
    assert_eq!(
        value_to_propose(&reports, 1, own),
        (Value(b'B'), Some(reports[1]))
    );
    // The majority of reports says A; the highest ballot says B, and only
    // the ballot counts (errata E15 makes the same point about quorum reads).
    let reports = [vote(2, N1, b'A'), vote(2, N3, b'B')];
    assert_eq!(value_to_propose(&reports, 1, own).0, Value(b'B'));
    // Reports for other slots say nothing about this one.
    let other = Vote {
        slot: 2,
        ..vote(5, N1, b'A')
    };
    assert_eq!(value_to_propose(&[other], 1, own), (own, None));
}

/// Ballots order by round, then by server, so two proposers never share
/// one and a later round always wins.
#[test]
fn ballots_are_unique_and_totally_ordered() {
    assert!(Ballot::new(1, N2) > Ballot::new(1, N1));
    assert!(Ballot::new(2, N1) > Ballot::new(1, N3));
    assert_eq!(Ballot::new(3, N2).to_string(), "3.n2");
}

/// Any two majorities of a cluster share a server; that is all Paxos asks
/// of its quorums.
#[test]
fn majorities_count_every_acceptor() {
    let sizes: Vec<usize> = (3..=9)
        .map(|n| Paxos::new(n, Variant::Correct).majority())
        .collect();
    assert_eq!(sizes, [2, 3, 3, 4, 4, 5, 5]);
    for n in 3..=9 {
        assert!(2 * Paxos::new(n, Variant::Correct).majority() > n);
    }
}

fn deliver(w: &mut World<Paxos>, from: NodeId, to: NodeId, kind: fn(&Msg) -> bool) {
    let id = w
        .in_flight()
        .iter()
        .find(|e| e.from == from && e.to == to && kind(&e.msg))
        .unwrap_or_else(|| panic!("no such message {from}->{to}: {:?}", w.in_flight()))
        .id;
    w.apply(Action::Deliver(id)).expect("deliverable");
}

fn is_prepare(m: &Msg) -> bool {
    matches!(m, Msg::Prepare { .. })
}

fn is_promise(m: &Msg) -> bool {
    matches!(m, Msg::Promise { .. })
}

fn act(w: &mut World<Paxos>, a: Action<Paxos>) {
    w.apply(a).expect("applies");
}

/// A proposer's round is on disk: after a crash it never issues a ballot it
/// may already have used with another value. (In the forget-promise
/// variant its own acceptor's promise is lost too, so only the round on
/// disk prevents the reuse.)
#[test]
fn a_restarted_proposer_never_reuses_a_ballot() {
    for variant in [Variant::Correct, Variant::ForgetPromise] {
        let mut w = World::new(Paxos::new(3, variant));
        act(&mut w, Action::Request(N1, Value(b'A')));
        act(&mut w, Action::Crash(N1));
        act(&mut w, Action::Restart(N1));
        act(&mut w, Action::Request(N1, Value(b'A')));
        let ballots: Vec<Ballot> = w
            .in_flight()
            .iter()
            .filter(|e| e.from == N1 && is_prepare(&e.msg))
            .map(|e| e.msg.ballot())
            .collect();
        let (first, second) = (Ballot::new(1, N1), Ballot::new(2, N1));
        assert_eq!(ballots, [first, first, second, second], "{variant:?}");
    }
}

/// Errata E41: an acceptor refuses a ballot below the one it *promised*,
/// not merely below one it has heard of; and it keeps that promise across
/// a restart.
#[test]
fn an_acceptor_refuses_only_below_its_promise_and_keeps_it_on_disk() {
    let mut w = World::new(Paxos::new(3, Variant::Correct));
    act(&mut w, Action::Request(N1, Value(b'A')));
    act(&mut w, Action::Request(N2, Value(b'B')));
    // n3 promises 1.n2 first; n1's lower Prepare is then refused.
    deliver(&mut w, N2, N3, is_prepare);
    act(&mut w, Action::Crash(N3));
    act(&mut w, Action::Restart(N3));
    assert_eq!(w.node(N3).durable.promised, Some(Ballot::new(1, N2)));
    deliver(&mut w, N1, N3, is_prepare);
    assert!(
        w.in_flight()
            .iter()
            .any(|e| e.from == N3 && matches!(e.msg, Msg::Nack { .. })),
        "{:?}",
        w.in_flight()
    );
}

/// Multi-Paxos §3: a new leader fills a slot that no promise reports, below
/// one that is reported, with a no-op, so the log has no hole.
#[test]
fn a_new_leader_fills_holes_with_no_ops() {
    let mut w = World::new(Paxos::multi(3, Variant::Correct));
    act(&mut w, Action::Request(N1, Value(b'x')));
    deliver(&mut w, N1, N2, is_prepare);
    deliver(&mut w, N2, N1, is_promise);
    act(&mut w, Action::Request(N1, Value(b'y')));
    // Slot 1's Accepts are lost; slot 2's reaches n2 only.
    let lost: Vec<_> = w
        .in_flight()
        .iter()
        .filter(|e| e.from == N1 && matches!(e.msg, Msg::Accept { slot: 1, .. }))
        .map(|e| e.id)
        .collect();
    for id in lost {
        act(&mut w, Action::Drop(id));
    }
    deliver(&mut w, N1, N2, |m| matches!(m, Msg::Accept { slot: 2, .. }));
    act(&mut w, Action::Crash(N1));
    act(&mut w, Action::Request(N2, Value(b'z')));
    deliver(&mut w, N2, N3, is_prepare);
    deliver(&mut w, N3, N2, is_promise);
    assert!(matches!(
        w.node(N2).volatile.map(|m| &m.phase),
        Some(Phase::Proposing { next_slot: 4, .. })
    ));
    w.run_until_quiet(1_000).expect("settles");
    let learned = w.node(N2).volatile.map(|m| m.learned.clone());
    assert_eq!(
        learned,
        Some(vec![(1, Value::NOOP), (2, Value(b'y')), (3, Value(b'z'))])
    );
    assert!(w.violations().is_empty(), "{:?}", w.violations());
}

/// The Multi-Paxos leader is the stable case: one phase 1, then one Accept
/// round per command.
#[test]
fn a_stable_leader_sends_no_prepare_for_later_commands() {
    let w = load("multi-paxos").expect("loads");
    let prepares = w
        .log()
        .iter()
        .filter(|e| {
            matches!(
                &e.what,
                dsw_sim::Happening::Sent {
                    msg: Msg::Prepare { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(prepares, 4, "one Prepare to each of the four others");
    let chosen: Vec<(u32, Value)> = invariants::chosen(&w)
        .iter()
        .map(|c| (c.slot, c.value))
        .collect();
    assert_eq!(
        chosen,
        [(1, Value(b'x')), (2, Value(b'y')), (3, Value(b'z'))]
    );
    assert_eq!(w.protocol().mode, Mode::Multi);
}

/// §2.4 and FLP: the dueling-proposers preset ends with many rounds and no
/// choice, and safety intact.
#[test]
fn dueling_proposers_make_no_progress_and_break_nothing() {
    let w = load("dueling-proposers").expect("loads");
    assert!(invariants::chosen(&w).is_empty());
    assert!(w.violations().is_empty());
    let top = w.nodes().map(|v| v.durable.round).max().unwrap_or(0);
    assert!(top >= 12, "round {top}");
}

/// A shared link reopens the reader's exact state, in the same preset.
#[test]
fn links_reopen_the_same_state() {
    let mut world = load("value-adoption").expect("loads");
    world.seek(20).expect("rewinds");
    let text = fragment::encode(&world.recipe("value-adoption"));
    let back = open_link(&text).expect("opens");
    assert_eq!(back.step(), 20);
    assert_eq!(back.state_hash(), world.state_hash());
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let setup = |line: &str| {
        let cmd = scenario::parse(&format!("{line}\n----\n")).expect("parses")[0]
            .command
            .clone();
        PaxosHost.setup(&cmd).err()
    };
    assert!(setup("new nodes=2").is_some_and(|e| e.contains("3 to 9")));
    assert!(setup("new variant=sloppy").is_some_and(|e| e.contains("forget-promise")));
    assert!(setup("new mode=fast").is_some_and(|e| e.contains("multi")));
    assert!(setup("new retry=0-3").is_some());
    assert!(setup("new backoff=5-1").is_some());
    assert!(setup("new color=red").is_some());
    assert!(
        setup("new nodes=9 variant=ignore-accepted mode=multi retry=5-9 backoff=2-3").is_none()
    );
}

#[test]
fn every_preset_has_a_distinct_name_and_every_variant_a_label() {
    let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), PRESETS.len());
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.name()), Some(v));
        assert!(!v.summary().is_empty());
    }
    assert_eq!(Mode::parse("multi"), Some(Mode::Multi));
    assert_eq!(dsw_paxos::widget_menu().skews, Vec::<i64>::new());
}
