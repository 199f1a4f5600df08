//! The rules one at a time: last-writer-wins, the policies' answers with
//! and without a majority, crashes, busy clients, the Jepsen printout,
//! the latency meter, the scenario settings and shared links.

use dsw_cap::{
    Cap, CapHost, Cmd, Outcome, Output, PRESETS, Policy, Replication, Stored, Variant, Version,
    compare_latency, history, lww_merge, open_link, summarize,
};
use dsw_sim::scenario::{Command, Host};
use dsw_sim::{Action, Config, NodeId, World, fragment};

const R1: NodeId = NodeId(0);
const R2: NodeId = NodeId(1);
const R3: NodeId = NodeId(2);

fn world(nodes: usize, variant: Variant) -> World<Cap> {
    World::with_config(Cap::new(nodes, variant), Config::default())
}

fn ask(w: &mut World<Cap>, node: NodeId, cmd: Cmd) {
    w.apply(Action::Request(node, cmd)).expect("request");
}

fn settle(w: &mut World<Cap>) {
    w.run_until_quiet(1_000).expect("settles");
}

#[test]
fn last_writer_wins_keeps_the_higher_version_and_breaks_ties_by_replica() {
    let v = |c, r| Version::new(c, NodeId(r));
    let mut s = Stored {
        version: v(2, 0),
        value: Some(1),
    };
    let older = Stored {
        version: v(1, 2),
        value: Some(9),
    };
    assert!(!lww_merge(&mut s, older));
    assert_eq!(s.value, Some(1));
    let tie_higher_replica = Stored {
        version: v(2, 1),
        value: Some(5),
    };
    assert!(lww_merge(&mut s, tie_higher_replica));
    assert_eq!(s, tie_higher_replica);
    assert!(!lww_merge(&mut s, tie_higher_replica), "idempotent");
}

#[test]
fn variants_have_names_policies_and_settings() {
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.name()), Some(v));
        assert!(!v.summary().is_empty());
    }
    assert_eq!(
        Variant::from_settings(Policy::Consistent, Replication::Sync),
        Ok(Variant::Consistent)
    );
    assert_eq!(
        Variant::from_settings(Policy::Available, Replication::Async),
        Ok(Variant::Available)
    );
    assert_eq!(
        Variant::from_settings(Policy::Available, Replication::Sync),
        Ok(Variant::AvailableSync)
    );
    assert!(Variant::from_settings(Policy::Consistent, Replication::Async).is_err());
    assert_eq!(Variant::LocalReads.policy(), Policy::Consistent);
    assert_eq!(Variant::AvailableSync.replication(), Replication::Sync);
}

fn setup(line: &str) -> Result<World<Cap>, String> {
    let cmd = Command::parse_line(1, line).expect("a command");
    CapHost.setup(&cmd)
}

#[test]
fn the_new_command_checks_its_settings() {
    let w = setup("new nodes=2 policy=available replication=sync seed=7").expect("valid");
    assert_eq!(w.protocol().variant, Variant::AvailableSync);
    assert_eq!(w.node_count(), 2);
    assert_eq!(w.seed(), 7);
    assert_eq!(
        setup("new variant=local-reads")
            .expect("valid")
            .protocol()
            .variant,
        Variant::LocalReads
    );
    assert_eq!(
        setup("new").expect("valid").protocol().variant,
        Variant::Consistent
    );
    for bad in [
        "new nodes=1",
        "new nodes=4",
        "new policy=consistent replication=async",
        "new variant=available policy=available",
        "new variant=nonsense",
        "new policy=maybe",
        "new timeout=0",
        "new colour=blue",
    ] {
        assert!(setup(bad).is_err(), "{bad} should be refused");
    }
}

/// Consistent writes take two round trips (versions, then store); a read
/// whose majority agrees takes one; a read that sees disagreement writes
/// the newest value back first and takes two.
#[test]
fn consistent_operations_count_their_round_trips() {
    let mut w = world(3, Variant::Consistent);
    ask(&mut w, R1, Cmd::Write(1));
    settle(&mut w);
    ask(&mut w, R2, Cmd::Read);
    settle(&mut w);
    // r1 writes 2; its store reaches r1 and r2 but not r3, which then
    // reads from a majority (r3, r1) that disagrees.
    ask(&mut w, R1, Cmd::Write(2));
    for _ in 0..4 {
        w.step_natural().expect("event").expect("applies");
    }
    let store_to_r3 = w
        .in_flight()
        .iter()
        .find(|e| e.to == R3 && matches!(e.msg, dsw_cap::Msg::Store { .. }))
        .expect("the store to r3")
        .id;
    w.apply(Action::Drop(store_to_r3)).expect("drop");
    settle(&mut w);
    ask(&mut w, R3, Cmd::Read);
    let to_r2 = w
        .in_flight()
        .iter()
        .find(|e| e.to == R2)
        .expect("query to r2")
        .id;
    w.apply(Action::Drop(to_r2)).expect("drop");
    settle(&mut w);
    let h = history(&w);
    let trips: Vec<(Cmd, Option<Outcome>, u8)> = h
        .ops
        .iter()
        .map(|op| (op.cmd, op.outcome, op.round_trips))
        .collect();
    assert_eq!(
        trips,
        vec![
            (Cmd::Write(1), Some(Outcome::Ok), 2),
            (Cmd::Read, Some(Outcome::Ok), 1),
            (Cmd::Write(2), Some(Outcome::Ok), 2),
            (Cmd::Read, Some(Outcome::Ok), 2),
        ],
        "{}",
        h.table()
    );
    assert_eq!(h.ops[3].value, Some(2));
    assert_eq!(w.node(R3).durable.stored.value, Some(2), "written back");
    assert_eq!(w.violations(), &[]);
}

/// Two replicas: a majority is both of them, so any cut leaves each side
/// a minority and both refuse.
#[test]
fn two_consistent_replicas_both_refuse_when_cut_apart() {
    let mut w = world(2, Variant::Consistent);
    w.apply(Action::Partition(vec![vec![R1], vec![R2]]))
        .expect("cut");
    ask(&mut w, R1, Cmd::Read);
    ask(&mut w, R2, Cmd::Write(1));
    w.advance(11).expect("deadlines pass");
    let outcomes: Vec<Option<Outcome>> = history(&w).ops.iter().map(|op| op.outcome).collect();
    assert_eq!(outcomes, vec![Some(Outcome::Fail), Some(Outcome::Fail)]);
    let mut w = world(2, Variant::Available);
    w.apply(Action::Partition(vec![vec![R1], vec![R2]]))
        .expect("cut");
    ask(&mut w, R1, Cmd::Read);
    ask(&mut w, R2, Cmd::Write(1));
    let outcomes: Vec<Option<Outcome>> = history(&w).ops.iter().map(|op| op.outcome).collect();
    assert_eq!(outcomes, vec![Some(Outcome::Ok), Some(Outcome::Ok)]);
}

/// Available-sync falls back to answering alone at the deadline (like
/// semi-synchronous replication reverting to asynchronous).
#[test]
fn available_sync_answers_alone_at_the_deadline() {
    let mut w = world(3, Variant::AvailableSync);
    w.apply(Action::Partition(vec![vec![R1], vec![R2, R3]]))
        .expect("cut");
    ask(&mut w, R1, Cmd::Write(1));
    assert!(history(&w).ops[0].is_pending());
    w.advance(10).expect("deadline");
    let op = &history(&w).ops[0];
    assert_eq!(op.outcome, Some(Outcome::Ok));
    assert_eq!(op.latency(), Some(10));
    assert_eq!(op.round_trips, 1);
}

#[test]
fn a_client_sends_one_request_at_a_time() {
    let mut w = world(3, Variant::Consistent);
    ask(&mut w, R1, Cmd::Write(1));
    let report = w.apply(Action::Request(R1, Cmd::Read)).expect("request");
    assert!(
        report.lines.iter().any(|l| l.contains("is ignored")),
        "{report:?}"
    );
    assert_eq!(history(&w).ops.len(), 1);
    settle(&mut w);
    assert_eq!(history(&w).ops[0].outcome, Some(Outcome::Ok));
}

/// A replica that crashes while its client waits forgets the operation;
/// the client's deadline runs again after the restart and reports a write
/// as unknown and a read as failed.
#[test]
fn a_crash_leaves_the_client_with_an_unknown_write_and_a_failed_read() {
    for (cmd, expected) in [(Cmd::Write(1), Outcome::Info), (Cmd::Read, Outcome::Fail)] {
        let mut w = world(3, Variant::Consistent);
        ask(&mut w, R1, cmd);
        w.apply(Action::Crash(R1)).expect("crash");
        w.apply(Action::Tick(3)).expect("time passes");
        w.apply(Action::Restart(R1)).expect("restart");
        settle(&mut w);
        let op = &history(&w).ops[0];
        assert_eq!(op.outcome, Some(expected), "{cmd}");
        assert_eq!(op.completed, Some(10), "the original deadline");
    }
}

#[test]
fn outputs_report_each_completion() {
    let mut w = world(3, Variant::Available);
    let report = w
        .apply(Action::Request(R2, Cmd::Write(3)))
        .expect("request");
    assert!(
        report
            .lines
            .iter()
            .any(|l| l == "r2 tells its user: write 3 ok after 0 round trips (0 ticks)"),
        "{report:?}"
    );
    let outputs: Vec<&Output> = w
        .log()
        .iter()
        .filter_map(|e| match &e.what {
            dsw_sim::Happening::Output { output, .. } => Some(output),
            _ => None,
        })
        .collect();
    assert!(matches!(outputs.as_slice(), [Output::Done(op)] if op.process == 1));
}

/// The exact text the consistency checker reads.
#[test]
fn the_history_prints_in_jepsens_format() {
    let mut w = world(3, Variant::Available);
    ask(&mut w, R1, Cmd::Write(1));
    w.apply(Action::Tick(1)).expect("tick");
    ask(&mut w, R2, Cmd::Read);
    let mut c = world(3, Variant::Consistent);
    c.apply(Action::Partition(vec![vec![R1], vec![R2, R3]]))
        .expect("cut");
    ask(&mut c, R1, Cmd::Write(2));
    c.advance(10).expect("deadline");
    let text = format!("{}{}", history(&w).jepsen(), history(&c).jepsen());
    assert_eq!(
        text,
        "INFO  jepsen.util - 0\t:invoke\t:write\t1\n\
         INFO  jepsen.util - 0\t:ok\t:write\t1\n\
         INFO  jepsen.util - 1\t:invoke\t:read\tnil\n\
         INFO  jepsen.util - 1\t:ok\t:read\tnil\n\
         INFO  jepsen.util - 0\t:invoke\t:write\t2\n\
         INFO  jepsen.util - 0\t:fail\t:write\t2\n"
    );
}

/// Same-tick events overlap in the printout: invocations first.
#[test]
fn operations_in_one_tick_are_printed_as_concurrent() {
    let mut w = world(3, Variant::Available);
    ask(&mut w, R1, Cmd::Write(1));
    ask(&mut w, R2, Cmd::Read);
    let text = history(&w).jepsen();
    let kinds: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').nth(1).expect("a type field"))
        .collect();
    assert_eq!(kinds, vec![":invoke", ":invoke", ":ok", ":ok"]);
    assert_eq!(w.violations(), &[], "same tick: concurrent, not stale");
}

/// PACELC's else, measured: the same healthy workload (every replica
/// writes once, everyone reads after each write) under each policy, with
/// one tick per message.
#[test]
fn latency_grows_with_consistency() {
    let table = compare_latency(3, 1);
    let row = |v: Variant| table.iter().find(|(x, _)| *x == v).expect("row").1;
    let c = row(Variant::Consistent);
    let s = row(Variant::AvailableSync);
    let a = row(Variant::Available);
    for sum in [c, s, a] {
        assert_eq!((sum.reads.count, sum.writes.count), (9, 3));
        assert_eq!((sum.refused, sum.pending), (0, 0));
    }
    assert_eq!((c.writes.round_trips, c.writes.ticks), (6, 12));
    assert_eq!((c.reads.round_trips, c.reads.ticks), (9, 18));
    assert_eq!((s.writes.round_trips, s.writes.ticks), (3, 6));
    assert_eq!((s.reads.round_trips, s.reads.ticks), (0, 0));
    assert_eq!((a.writes.round_trips, a.writes.ticks), (0, 0));
    assert_eq!((a.reads.round_trips, a.reads.ticks), (0, 0));
    assert_eq!(
        c.to_string(),
        "reads: 9 ok, mean 1.0 round trips, 2.0 ticks; writes: 3 ok, mean 2.0 round trips, 4.0 ticks; refused 0, waiting 0"
    );
    // One-way delay 4: every round trip costs 8 ticks.
    let slow = compare_latency(3, 4);
    let c4 = slow[0].1;
    assert_eq!(c4.writes.mean_ticks(), 16.0);
    assert_eq!(c4.reads.mean_ticks(), 8.0);
    assert_eq!(
        summarize(&history(&world(3, Variant::Consistent)))
            .reads
            .count,
        0
    );
}

#[test]
fn every_preset_survives_a_shared_link() {
    for p in PRESETS {
        let w = p.load(&CapHost).expect("loads");
        let link = fragment::encode(&w.recipe(p.name));
        let back = open_link(&link).expect("opens");
        assert_eq!(back.state_hash(), w.state_hash(), "{}", p.name);
        assert_eq!(back.step(), w.step());
    }
    assert!(open_link("garbage").is_err());
}

/// Errata E12: synchronous replication bounds loss, not read freshness.
/// While a write is in flight, r2 already returns it and r3, read later,
/// does not: reads go back in time with no partition and no deadline.
#[test]
fn synchronous_replication_alone_does_not_make_reads_linearizable() {
    let mut w = world(3, Variant::AvailableSync);
    ask(&mut w, R1, Cmd::Write(1));
    let to_r2 = w
        .in_flight()
        .iter()
        .find(|e| e.to == R2)
        .expect("store to r2")
        .id;
    w.apply(Action::Deliver(to_r2)).expect("r2 stores");
    ask(&mut w, R2, Cmd::Read);
    w.apply(Action::Tick(1)).expect("a tick");
    ask(&mut w, R3, Cmd::Read);
    let broken: Vec<&str> = w.violations().iter().map(|v| v.invariant).collect();
    assert_eq!(broken, vec![dsw_cap::invariants::READS_NEVER_GO_BACK]);
    assert!(
        history(&w).ops[0].is_pending(),
        "the write is still waiting"
    );
    assert!(!w.is_partitioned());
}
