//! The rules one at a time, including the ones the interview guides get
//! wrong (errata E48: the decision is irrevocable once logged).

use dsw_sim::scenario::{self, Host};
use dsw_sim::{Action, Config, NodeId, World, fragment};
use dsw_twopc::invariants::{DURABLE_DECISION, TC_CONSISTENT};
use dsw_twopc::{
    AtomicCommit, Msg, PRESETS, Request, RmState, TM, Timer, TmPhase, TwoPcHost, Variant, load,
    open_link, rm,
};

const RM1: NodeId = NodeId(1);
const RM2: NodeId = NodeId(2);

fn world(cfg: AtomicCommit) -> World<AtomicCommit> {
    World::with_config(cfg, Config::default())
}

fn act(w: &mut World<AtomicCommit>, a: Action<AtomicCommit>) {
    w.apply(a).expect("the step applies");
}

/// Delivers the oldest message from `from` to `to` that `kind` accepts.
fn deliver(w: &mut World<AtomicCommit>, from: NodeId, to: NodeId, kind: fn(&Msg) -> bool) {
    let id = w
        .in_flight()
        .iter()
        .find(|e| e.from == from && e.to == to && kind(&e.msg))
        .unwrap_or_else(|| panic!("no such message {from}->{to}: {:?}", w.in_flight()))
        .id;
    act(w, Action::Deliver(id));
}

fn state(w: &World<AtomicCommit>, n: NodeId) -> RmState {
    w.node(n).durable.rm().expect("a participant").state
}

fn phase(w: &World<AtomicCommit>) -> TmPhase {
    w.node(TM)
        .volatile
        .and_then(|m| m.tm())
        .expect("tm up")
        .phase
}

/// Both participants prepared and both yes votes delivered: tm decides
/// commit in that step.
fn prepare_and_vote(w: &mut World<AtomicCommit>) {
    act(w, Action::Request(TM, Request::Commit));
    for n in [RM1, RM2] {
        deliver(w, TM, n, |m| *m == Msg::Prepare);
    }
    for n in [RM1, RM2] {
        deliver(w, n, TM, |m| matches!(m, Msg::Vote { yes: true }));
    }
}

/// A yes vote is a promise: the participant that gave it refuses to abort
/// on its own and keeps its locks.
#[test]
fn a_prepared_participant_may_not_abort_on_its_own() {
    let mut w = world(AtomicCommit::new(2, Variant::Correct));
    act(&mut w, Action::Request(TM, Request::Commit));
    deliver(&mut w, TM, RM1, |m| *m == Msg::Prepare);
    assert_eq!(state(&w, RM1), RmState::Prepared);
    act(&mut w, Action::Request(RM1, Request::Abort));
    assert_eq!(state(&w, RM1), RmState::Prepared);
    assert!(
        w.node(RM1)
            .volatile
            .and_then(|m| m.rm())
            .is_some_and(|m| m.locked)
    );
    // Its timer only makes it ask again.
    act(&mut w, Action::FireTimer(RM1, Timer::Inquire));
    assert_eq!(state(&w, RM1), RmState::Prepared);
    assert!(
        w.in_flight()
            .iter()
            .any(|e| e.from == RM1 && e.msg == Msg::Inquire)
    );
}

/// Before voting, a participant may abort alone, and then votes no.
#[test]
fn a_working_participant_may_abort_and_then_votes_no() {
    let mut w = world(AtomicCommit::new(2, Variant::Correct));
    act(&mut w, Action::Request(RM2, Request::Abort));
    assert_eq!(state(&w, RM2), RmState::Aborted);
    act(&mut w, Action::Request(TM, Request::Commit));
    deliver(&mut w, TM, RM2, |m| *m == Msg::Prepare);
    deliver(&mut w, RM2, TM, |m| *m == Msg::Vote { yes: false });
    assert_eq!(phase(&w).decision(), Some(dsw_twopc::Decision::Abort));
}

/// Errata E48: COMMIT is on the coordinator's disk before the first
/// Commit leaves, and a restarted coordinator resends it; it can no longer
/// abort.
#[test]
fn commit_is_logged_before_it_is_sent_and_survives_a_crash() {
    let mut w = world(AtomicCommit::new(2, Variant::Correct));
    prepare_and_vote(&mut w);
    assert!(w.node(TM).durable.tm().is_some_and(|d| d.commit));
    let commits = w
        .in_flight()
        .iter()
        .filter(|e| e.msg == Msg::Commit)
        .count();
    assert_eq!(commits, 2);
    act(&mut w, Action::Crash(TM));
    act(&mut w, Action::Restart(TM));
    assert!(matches!(
        phase(&w),
        TmPhase::Decided {
            decision: dsw_twopc::Decision::Commit,
            ..
        }
    ));
    act(&mut w, Action::Request(TM, Request::Abort));
    assert_eq!(phase(&w).decision(), Some(dsw_twopc::Decision::Commit));
    assert_eq!(
        w.in_flight()
            .iter()
            .filter(|e| e.msg == Msg::Commit)
            .count(),
        4,
        "the restarted coordinator sends COMMIT again"
    );
    w.run_until_quiet(1_000).expect("settles");
    assert_eq!(dsw_twopc::verdict(&w), "commit");
    assert!(w.violations().is_empty());
}

/// Presumed abort: a coordinator that restarts without a COMMIT record
/// aborts, although every vote may have been yes, and writes nothing to do
/// so.
#[test]
fn a_coordinator_without_a_commit_record_presumes_abort() {
    let mut w = world(AtomicCommit::new(2, Variant::Correct));
    act(&mut w, Action::Request(TM, Request::Commit));
    for n in [RM1, RM2] {
        deliver(&mut w, TM, n, |m| *m == Msg::Prepare);
    }
    act(&mut w, Action::Crash(TM));
    w.run_until_quiet(20).expect("runs");
    assert_eq!(dsw_twopc::verdict(&w), "blocked");
    act(&mut w, Action::Restart(TM));
    let disk = *w.node(TM).durable.tm().expect("tm");
    assert!(disk.begun && !disk.commit);
    assert_eq!(phase(&w).decision(), Some(dsw_twopc::Decision::Abort));
    w.run_until_quiet(1_000).expect("settles");
    assert_eq!(dsw_twopc::verdict(&w), "abort");
    assert!(w.violations().is_empty());
}

/// The forgetful coordinator: its decision is not durable from the first
/// Commit it sends, and a crash then turns it into an abort while a
/// participant has already committed.
#[test]
fn a_coordinator_that_does_not_log_commit_breaks_atomicity_after_a_crash() {
    let mut w = world(AtomicCommit::new(2, Variant::CoordinatorForgetsDecision));
    prepare_and_vote(&mut w);
    let broken: Vec<&str> = w.violations().iter().map(|v| v.invariant).collect();
    assert_eq!(broken, [DURABLE_DECISION]);
    deliver(&mut w, TM, RM1, |m| *m == Msg::Commit);
    assert_eq!(state(&w, RM1), RmState::Committed);
    act(&mut w, Action::Crash(TM));
    act(&mut w, Action::Restart(TM));
    // The old Commit to rm2 is lost in the network; the new Abort arrives.
    let stale = w
        .in_flight()
        .iter()
        .find(|e| e.to == RM2 && e.msg == Msg::Commit)
        .expect("the first Commit to rm2")
        .id;
    act(&mut w, Action::Drop(stale));
    deliver(&mut w, TM, RM2, |m| *m == Msg::Abort);
    assert_eq!(state(&w, RM2), RmState::Aborted);
    assert!(w.violations().iter().any(|v| v.invariant == TC_CONSISTENT));
}

/// A participant that restarts prepared takes its locks again and asks at
/// once.
#[test]
fn a_participant_restarting_prepared_asks_for_the_outcome() {
    let mut w = world(AtomicCommit::new(2, Variant::Correct));
    act(&mut w, Action::Request(TM, Request::Commit));
    deliver(&mut w, TM, RM1, |m| *m == Msg::Prepare);
    act(&mut w, Action::Crash(RM1));
    act(&mut w, Action::Restart(RM1));
    let m = *w.node(RM1).volatile.and_then(|m| m.rm()).expect("up");
    assert!(m.locked && m.asked == 1);
    assert!(
        w.in_flight()
            .iter()
            .any(|e| e.from == RM1 && e.msg == Msg::Inquire)
    );
    assert!(w.has_timer(RM1, &Timer::Inquire));
}

/// 3PC: an operational participant applies the termination rule; one that
/// restarted uncertain asks instead.
#[test]
fn three_phase_termination_rule_and_recovery() {
    let mut w = world(AtomicCommit::three_phase(2));
    act(&mut w, Action::Request(TM, Request::Commit));
    deliver(&mut w, TM, RM1, |m| *m == Msg::Prepare);
    deliver(&mut w, TM, RM2, |m| *m == Msg::Prepare);
    assert!(w.has_timer(RM1, &Timer::Wait));
    // rm1 times out uncertain: abort.
    let mut early = w.clone();
    act(&mut early, Action::FireTimer(RM1, Timer::Wait));
    assert_eq!(state(&early, RM1), RmState::Aborted);
    // rm2 restarts uncertain: no termination timer, it asks.
    act(&mut w, Action::Crash(RM2));
    act(&mut w, Action::Restart(RM2));
    assert!(!w.has_timer(RM2, &Timer::Wait) && w.has_timer(RM2, &Timer::Inquire));
    // Pre-committed and timing out: commit.
    deliver(&mut w, RM1, TM, |m| matches!(m, Msg::Vote { yes: true }));
    deliver(&mut w, RM2, TM, |m| matches!(m, Msg::Vote { yes: true }));
    assert!(w.node(TM).durable.tm().is_some_and(|d| d.precommit));
    deliver(&mut w, TM, RM1, |m| *m == Msg::PreCommit);
    assert_eq!(state(&w, RM1), RmState::PreCommitted);
    act(&mut w, Action::FireTimer(RM1, Timer::Wait));
    assert_eq!(state(&w, RM1), RmState::Committed);
    w.run_until_quiet(1_000).expect("settles");
    assert_eq!(dsw_twopc::verdict(&w), "commit");
    assert!(w.violations().is_empty());
}

/// Specification mode: TMCommit is enabled only once every RM is in
/// tmPrepared; the coordinator never acts on its own.
#[test]
fn in_specification_mode_the_coordinator_commits_only_when_all_prepared() {
    let mut w = world(AtomicCommit::spec(2));
    act(&mut w, Action::Request(RM1, Request::Prepare));
    deliver(&mut w, RM1, TM, |m| *m == Msg::Vote { yes: true });
    act(&mut w, Action::Request(TM, Request::Commit));
    assert_eq!(phase(&w), TmPhase::Collecting);
    act(&mut w, Action::Request(RM2, Request::Prepare));
    deliver(&mut w, RM2, TM, |m| *m == Msg::Vote { yes: true });
    assert_eq!(phase(&w), TmPhase::Collecting, "no automatic decision");
    act(&mut w, Action::Request(TM, Request::Commit));
    assert_eq!(phase(&w).decision(), Some(dsw_twopc::Decision::Commit));
    assert!(
        w.timers().next().is_none(),
        "specification mode sets no timers"
    );
}

/// A shared link reopens the reader's exact state, in the same preset.
#[test]
fn links_reopen_the_same_state() {
    let mut world = load("coordinator-crash-in-doubt").expect("loads");
    world.seek(9).expect("rewinds");
    let text = fragment::encode(&world.recipe("coordinator-crash-in-doubt"));
    let back = open_link(&text).expect("opens");
    assert_eq!(back.step(), 9);
    assert_eq!(back.state_hash(), world.state_hash());
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let setup = |line: &str| {
        let cmd = scenario::parse(&format!("{line}\n----\n")).expect("parses")[0]
            .command
            .clone();
        TwoPcHost.setup(&cmd).err()
    };
    assert!(setup("new nodes=1").is_some_and(|e| e.contains("2 to 5")));
    assert!(setup("new nodes=6").is_some());
    assert!(setup("new variant=sloppy").is_some_and(|e| e.contains("prepared-timeout-aborts")));
    assert!(setup("new protocol=4pc").is_some());
    assert!(setup("new protocol=3pc variant=prepared-timeout-aborts").is_some());
    assert!(setup("new spec=true protocol=3pc").is_some());
    assert!(setup("new protocol=3pc wait=2").is_some_and(|e| e.contains("two message delays")));
    assert!(setup("new no=rm4").is_some());
    assert!(setup("new color=red").is_some());
    assert!(setup("new nodes=5 no=rm2,rm5 variant=coordinator-forgets-decision").is_none());
    assert!(setup("new nodes=2 protocol=3pc wait=9 latency=2").is_none());
    assert!(setup("new nodes=4 spec=true").is_none());
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
    assert_eq!(rm(3), NodeId(3));
}
