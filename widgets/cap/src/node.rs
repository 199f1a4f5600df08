//! One replica and the client attached to it, as an event handler.

use std::fmt;

use dsw_sim::wire::{DecodeError, Reader, Wire, Writer};
use dsw_sim::{Ctx, Effects, Event, Invariant, NodeId, Protocol, Time};

use crate::describe;
use crate::{Cap, Policy, Replication, Variant};

/// Orders writes: a counter, then the writing replica's number to break
/// ties, so two writes never share a version. Counter 0 is the register's
/// initial empty value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub counter: u32,
    pub replica: u8,
}

impl Version {
    pub fn new(counter: u32, replica: NodeId) -> Self {
        Version {
            counter,
            replica: replica.0,
        }
    }
}

/// `2@r3`, or `v0` for the initial value.
impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.counter == 0 {
            f.write_str("v0")
        } else {
            write!(f, "{}@r{}", self.counter, u16::from(self.replica) + 1)
        }
    }
}

/// What a replica's register holds. `value: None` is the initial `nil`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Stored {
    pub version: Version,
    pub value: Option<u8>,
}

/// A client's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    Read,
    Write(u8),
}

impl Cmd {
    pub fn is_read(self) -> bool {
        matches!(self, Cmd::Read)
    }
}

/// "read", "write 2": also what scenario files match (`request r1 write 2`).
impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cmd::Read => f.write_str("read"),
            Cmd::Write(v) => write!(f, "write {v}"),
        }
    }
}

impl Wire for Cmd {
    fn put(&self, w: &mut Writer) {
        match self {
            Cmd::Read => w.u8(0),
            Cmd::Write(v) => {
                w.u8(1);
                w.u8(*v);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a request kind")? {
            0 => Ok(Cmd::Read),
            1 => Ok(Cmd::Write(r.u8("a value")?)),
            t => Err(DecodeError::new(format!("{t} is not a register request"))),
        }
    }
}

/// How an operation ended, in Jepsen's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It happened (a write took effect; a read returned a value).
    Ok,
    /// It certainly did not happen: the replica refused.
    Fail,
    /// Nobody knows: a write may have been stored on some replicas.
    Info,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Fail => "fail",
            Outcome::Info => "info",
        }
    }
}

/// One client operation, from invocation to completion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Op {
    /// Jepsen's process number: a fresh one for every operation
    /// (`replica + nodes × sequence`), so that each process is trivially
    /// sequential even when two operations share a tick.
    pub process: u32,
    /// The replica the client sent it to.
    pub client: NodeId,
    pub cmd: Cmd,
    /// Times on the replica's clock (true time: the widget offers no skew).
    pub invoked: Time,
    pub completed: Option<Time>,
    /// `None` while pending.
    pub outcome: Option<Outcome>,
    /// The value written, or the value an `ok` read returned (`None` is nil).
    pub value: Option<u8>,
    /// The version a write was given, or the version a read returned.
    pub version: Option<Version>,
    /// Message round trips the replica waited for.
    pub round_trips: u8,
}

impl Op {
    pub fn is_pending(&self) -> bool {
        self.outcome.is_none()
    }

    pub fn is_ok(&self) -> bool {
        self.outcome == Some(Outcome::Ok)
    }

    /// Ticks from invocation to completion.
    pub fn latency(&self) -> Option<Time> {
        self.completed.map(|c| c.saturating_sub(self.invoked))
    }

    /// Whether this operation finished strictly before `other` began.
    /// Events in the same tick count as concurrent.
    pub fn precedes(&self, other: &Op) -> bool {
        self.completed.is_some_and(|c| c < other.invoked)
    }
}

/// The client attached to a replica: its record of what it asked and what
/// it was told. It belongs to the client, which never crashes; it is kept
/// in the replica's `Disk` only because the engine has no other place that
/// survives the replica's crashes. The replica never reads it to decide
/// anything except whether its client is still waiting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Client {
    pub ops: Vec<Op>,
}

impl Client {
    /// The operation still waiting for an answer, if any: a client sends
    /// one request at a time.
    pub fn waiting(&self) -> Option<&Op> {
        self.ops.last().filter(|op| op.is_pending())
    }
}

/// What survives a crash: the register and the client's record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    pub stored: Stored,
    pub client: Client,
}

/// Which half of a quorum operation is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Asking replicas for their version: `best` is the newest heard so
    /// far, `agree` whether every answer had that same version.
    Query { best: Stored, agree: bool },
    /// Waiting until enough replicas acknowledge `target` or newer.
    Store { target: Stored },
}

/// The operation a replica is coordinating for its client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pending {
    /// Position in the client's record, also carried by `Query` messages
    /// so that answers to an earlier operation are not counted.
    pub seq: u32,
    pub phase: Phase,
    /// Replicas that answered this phase, as a bit set (self included).
    pub heard: u8,
    pub round_trips: u8,
}

/// Lost on a crash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    pub pending: Option<Pending>,
    /// Available policy: replicas that may lack this replica's version, as
    /// a bit set; the retry timer re-sends to them.
    pub behind: u8,
    pub retry_armed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Msg {
    /// "What do you hold?" for operation `op` of the sender's client.
    Query {
        op: u32,
    },
    QueryReply {
        op: u32,
        stored: Stored,
    },
    /// "Store this if it is newer than what you hold."
    Store {
        stored: Stored,
    },
    /// "I now hold `version` (or newer)": any acknowledgement at least as
    /// new as what an operation waits for counts, since versions on a
    /// replica only grow.
    StoreAck {
        version: Version,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// The client's patience for the current operation.
    Deadline,
    /// Re-send the local version to replicas that have not acknowledged it.
    Retry,
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        w.u8(match self {
            Timer::Deadline => 0,
            Timer::Retry => 1,
        });
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a timer kind")? {
            0 => Ok(Timer::Deadline),
            1 => Ok(Timer::Retry),
            t => Err(DecodeError::new(format!("{t} is not a register timer"))),
        }
    }
}

/// What a replica tells its client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The operation ended; the record says how.
    Done(Op),
    /// The client is still waiting for `waiting`; the new request is
    /// ignored.
    Busy { waiting: Cmd },
    /// A search bound ([`crate::Bounds::max_ops`]) was reached.
    Bounded,
}

fn bit(n: NodeId) -> u8 {
    1 << n.0.min(7)
}

// ANCHOR: lww
/// Last-writer-wins: keep whichever version is higher. Returns true when
/// `incoming` replaced what was stored. Nothing is merged: the lower write
/// is gone, even if a client was told it succeeded.
pub fn lww_merge(stored: &mut Stored, incoming: Stored) -> bool {
    if incoming.version > stored.version {
        *stored = incoming;
        true
    } else {
        false
    }
}
// ANCHOR_END: lww

/// Everything a handler touches.
struct Node<'a, 'c> {
    cap: &'a Cap,
    ctx: &'a mut Ctx<'c>,
    disk: &'a mut Disk,
    mem: &'a mut Memory,
    out: &'a mut Effects<Cap>,
}

impl Node<'_, '_> {
    fn me(&self) -> NodeId {
        self.ctx.node()
    }

    fn name(&self) -> String {
        format!("r{}", self.me().0 + 1)
    }

    fn peers(&self) -> Vec<NodeId> {
        self.ctx.peers().collect()
    }

    /// Answers needed to finish a phase: a majority for quorum operations,
    /// every replica for available-sync writes.
    fn needed(&self) -> usize {
        match self.cap.variant.policy() {
            Policy::Consistent => self.cap.majority(),
            Policy::Available => self.ctx.node_count(),
        }
    }

    fn op(&self, seq: u32) -> Option<&Op> {
        self.disk.client.ops.get(seq as usize)
    }

    fn on_request(&mut self, cmd: Cmd) {
        let me = self.name();
        if let Some(waiting) = self.disk.client.waiting() {
            let waiting = waiting.cmd;
            self.out.note(format_args!(
                "the client at {me} is still waiting for its {waiting}; it sends one request at a time, so \"{cmd}\" is ignored"
            ));
            self.out.output(Output::Busy { waiting });
            return;
        }
        let count = self.disk.client.ops.len() as u32;
        if self.cap.bounds.max_ops.is_some_and(|max| count >= max) {
            self.out.output(Output::Bounded);
            return;
        }
        let nodes = self.ctx.node_count() as u32;
        let op = Op {
            process: u32::from(self.me().0) + nodes * count,
            client: self.me(),
            cmd,
            invoked: self.ctx.now(),
            completed: None,
            outcome: None,
            value: match cmd {
                Cmd::Write(v) => Some(v),
                Cmd::Read => None,
            },
            version: None,
            round_trips: 0,
        };
        self.disk.client.ops.push(op);
        match (self.cap.variant.policy(), cmd) {
            (Policy::Available, _) => self.available(count, cmd),
            (Policy::Consistent, Cmd::Read) if self.cap.variant == Variant::LocalReads => {
                let stored = self.disk.stored;
                self.out.note(format_args!(
                    "{me} answers the read from its own copy without asking anyone: {}",
                    describe::stored(stored)
                ));
                self.finish(count, Outcome::Ok, Some(stored), 0);
            }
            (Policy::Consistent, _) => self.start_query(count),
        }
    }

    fn start_query(&mut self, seq: u32) {
        let me = self.me();
        let stored = self.disk.stored;
        self.mem.pending = Some(Pending {
            seq,
            phase: Phase::Query {
                best: stored,
                agree: true,
            },
            heard: bit(me),
            round_trips: 1,
        });
        self.out.note(format_args!(
            "{} asks the others what they hold: it needs {} of {} replicas, itself included, before it can answer",
            self.name(),
            self.cap.majority(),
            self.ctx.node_count()
        ));
        for peer in self.peers() {
            self.out.send(peer, Msg::Query { op: seq });
        }
        self.out.set_timer(Timer::Deadline, self.cap.timeout.max(1));
        self.advance();
    }

    fn on_query_reply(&mut self, from: NodeId, op: u32, stored: Stored) {
        let Some(p) = self.mem.pending.as_mut() else {
            return;
        };
        let Phase::Query { best, agree } = &mut p.phase else {
            return;
        };
        if p.seq != op || p.heard & bit(from) != 0 {
            return;
        }
        p.heard |= bit(from);
        if stored.version != best.version {
            *agree = false;
        }
        if stored.version > best.version {
            *best = stored;
        }
        self.advance();
    }

    // ANCHOR: consistent
    /// A consistent operation moves on only once a majority has answered
    /// the current phase (any two majorities share a replica, so each
    /// phase sees everything a finished operation left behind).
    fn advance(&mut self) {
        let Some(p) = self.mem.pending else { return };
        let heard = p.heard.count_ones() as usize;
        if heard < self.needed() {
            return;
        }
        let Some(cmd) = self.op(p.seq).map(|op| op.cmd) else {
            return;
        };
        let me = self.name();
        match (p.phase, cmd) {
            // A majority already holds the newest version: it is safe to
            // return, and one round trip was enough.
            (Phase::Query { best, agree: true }, Cmd::Read) => {
                self.out.note(format_args!(
                    "{me} heard from a majority and they all hold {}: it returns it after one round trip",
                    describe::stored(best)
                ));
                self.finish(p.seq, Outcome::Ok, Some(best), p.round_trips);
            }
            (Phase::Query { best, agree: false }, Cmd::Read) => {
                if self.cap.variant == Variant::NoWriteBack {
                    self.out.note(format_args!(
                        "{me} heard different versions and returns the newest, {}, without writing it back: a later read may miss it",
                        describe::stored(best)
                    ));
                    self.finish(p.seq, Outcome::Ok, Some(best), p.round_trips);
                    return;
                }
                // The newest version may be on a minority only; returning
                // it now would let a later read miss it. Write it back to
                // a majority first.
                self.out.note(format_args!(
                    "{me} heard different versions; before returning the newest, {}, it writes it back to a majority",
                    describe::stored(best)
                ));
                self.start_store(p.seq, best, p.round_trips + 1);
            }
            // A write picks a version above every version a majority
            // holds, so it follows every write that finished before it.
            (Phase::Query { best, .. }, Cmd::Write(value)) => {
                let target = Stored {
                    version: Version::new(best.version.counter + 1, self.me()),
                    value: Some(value),
                };
                self.out.note(format_args!(
                    "{me} heard from a majority; the newest version is {}, so the write gets version {}",
                    best.version, target.version
                ));
                if let Some(op) = self.disk.client.ops.get_mut(p.seq as usize) {
                    op.version = Some(target.version);
                }
                self.start_store(p.seq, target, p.round_trips + 1);
            }
            (Phase::Store { target }, _) => {
                let who = match self.cap.variant.policy() {
                    Policy::Consistent => "a majority",
                    Policy::Available => "every replica",
                };
                self.out.note(format_args!(
                    "{who} now stores {}: {me} answers its client",
                    describe::stored(target)
                ));
                self.finish(p.seq, Outcome::Ok, Some(target), p.round_trips);
            }
        }
    }
    // ANCHOR_END: consistent

    fn start_store(&mut self, seq: u32, target: Stored, round_trips: u8) {
        let me = self.me();
        lww_merge(&mut self.disk.stored, target);
        self.mem.pending = Some(Pending {
            seq,
            phase: Phase::Store { target },
            heard: bit(me),
            round_trips,
        });
        for peer in self.peers() {
            self.out.send(peer, Msg::Store { stored: target });
        }
        self.advance();
    }

    // ANCHOR: available
    /// An available replica answers from its own copy. A write gets a
    /// version above the one it holds and is pushed to the others in the
    /// background; with sync replication the client waits for their
    /// acknowledgements, but only until the deadline.
    fn available(&mut self, seq: u32, cmd: Cmd) {
        let me = self.name();
        let Cmd::Write(value) = cmd else {
            let stored = self.disk.stored;
            self.out.note(format_args!(
                "{me} answers the read from its own copy at once: {}",
                describe::stored(stored)
            ));
            self.finish(seq, Outcome::Ok, Some(stored), 0);
            return;
        };
        let target = Stored {
            version: Version::new(self.disk.stored.version.counter + 1, self.me()),
            value: Some(value),
        };
        self.disk.stored = target;
        if let Some(op) = self.disk.client.ops.get_mut(seq as usize) {
            op.version = Some(target.version);
        }
        let replication = self.cap.variant.replication();
        match replication {
            Replication::Async => self.out.note(format_args!(
                "{me} stores {} and answers at once; the others will hear of it later",
                describe::stored(target)
            )),
            Replication::Sync => self.out.note(format_args!(
                "{me} stores {} and waits for every other replica to acknowledge it before answering",
                describe::stored(target)
            )),
        }
        for peer in self.peers() {
            self.mem.behind |= bit(peer);
            self.out.send(peer, Msg::Store { stored: target });
        }
        self.arm_retry();
        match replication {
            Replication::Async => self.finish(seq, Outcome::Ok, Some(target), 0),
            Replication::Sync => {
                self.mem.pending = Some(Pending {
                    seq,
                    phase: Phase::Store { target },
                    heard: bit(self.me()),
                    round_trips: 1,
                });
                self.out.set_timer(Timer::Deadline, self.cap.timeout.max(1));
            }
        }
    }
    // ANCHOR_END: available

    fn on_store(&mut self, from: NodeId, incoming: Stored) {
        let me = self.name();
        let before = self.disk.stored;
        if lww_merge(&mut self.disk.stored, incoming) {
            self.out.note(format_args!(
                "{me} replaces {} with the newer {}",
                describe::stored(before),
                describe::stored(incoming)
            ));
        } else if incoming.version < before.version {
            self.out.note(format_args!(
                "{me} keeps {}: the {} it received is older, and last writer wins",
                describe::stored(before),
                describe::stored(incoming)
            ));
        }
        let held = self.disk.stored;
        self.out.send(
            from,
            Msg::StoreAck {
                version: held.version,
            },
        );
        if self.cap.variant.policy() == Policy::Available && held.version > incoming.version {
            // The sender is behind: tell it what won.
            self.mem.behind |= bit(from);
            self.out.send(from, Msg::Store { stored: held });
            self.arm_retry();
        }
    }

    fn on_ack(&mut self, from: NodeId, version: Version) {
        if version >= self.disk.stored.version && self.mem.behind & bit(from) != 0 {
            self.mem.behind &= !bit(from);
            if self.mem.behind == 0 && self.mem.retry_armed {
                self.mem.retry_armed = false;
                self.out.cancel_timer(Timer::Retry);
            }
        }
        let Some(p) = self.mem.pending.as_mut() else {
            return;
        };
        let Phase::Store { target } = p.phase else {
            return;
        };
        if version >= target.version {
            p.heard |= bit(from);
            self.advance();
        }
    }

    fn arm_retry(&mut self) {
        if !self.mem.retry_armed && self.mem.behind != 0 {
            self.mem.retry_armed = true;
            self.out.set_timer(Timer::Retry, self.cap.retry.max(1));
        }
    }

    fn on_retry(&mut self) {
        self.mem.retry_armed = false;
        let stored = self.disk.stored;
        let behind: Vec<NodeId> = self
            .peers()
            .into_iter()
            .filter(|&p| self.mem.behind & bit(p) != 0)
            .collect();
        if behind.is_empty() {
            return;
        }
        self.out.note(format_args!(
            "{} has no acknowledgement of {} from {} yet and sends it again",
            self.name(),
            describe::stored(stored),
            describe::names(&behind)
        ));
        for peer in behind {
            self.out.send(peer, Msg::Store { stored });
        }
        self.arm_retry();
    }

    // ANCHOR: deadline
    /// The deadline passed without enough answers: this is where the CAP
    /// choice is made. A consistent replica refuses; an available one
    /// answers anyway.
    fn on_deadline(&mut self) {
        let me = self.name();
        let Some(p) = self.mem.pending.take() else {
            self.crashed_op();
            return;
        };
        let heard = p.heard.count_ones();
        match (self.cap.variant.policy(), p.phase) {
            (Policy::Available, Phase::Store { target }) => {
                self.out.note(format_args!(
                    "{me} gives up waiting after {} ticks ({heard} of {} replicas have {}) and answers ok anyway: availability first",
                    self.cap.timeout,
                    self.ctx.node_count(),
                    target.version
                ));
                self.finish(p.seq, Outcome::Ok, Some(target), p.round_trips);
            }
            (Policy::Consistent, Phase::Query { .. }) => {
                let read = self.op(p.seq).is_some_and(|op| op.cmd.is_read());
                self.out.note(format_args!(
                    "{me} heard from only {heard} of the {} replicas it needs within {} ticks: it refuses; the {} changed nothing",
                    self.cap.majority(),
                    self.cap.timeout,
                    if read { "read" } else { "write" }
                ));
                self.finish(p.seq, Outcome::Fail, None, p.round_trips);
            }
            (Policy::Consistent, Phase::Store { target }) => {
                let read = self.op(p.seq).is_some_and(|op| op.cmd.is_read());
                if read {
                    self.out.note(format_args!(
                        "{me} could not write {} back to a majority within {} ticks: the read fails",
                        target.version, self.cap.timeout
                    ));
                    self.finish(p.seq, Outcome::Fail, None, p.round_trips);
                } else {
                    self.out.note(format_args!(
                        "{me} stored {} on only {heard} of the {} replicas it needs within {} ticks: it cannot say whether the write will survive, so the outcome is unknown",
                        target.version,
                        self.cap.majority(),
                        self.cap.timeout
                    ));
                    self.finish(p.seq, Outcome::Info, None, p.round_trips);
                }
            }
            // Available replicas never ask for versions; kept total so a
            // future change cannot leave a client waiting forever.
            (Policy::Available, Phase::Query { .. }) => {
                self.finish(p.seq, Outcome::Fail, None, p.round_trips);
            }
        }
    }
    // ANCHOR_END: deadline

    /// The replica crashed while its client waited: the restarted replica
    /// remembers nothing of the operation, so the client gives up. A write
    /// may have been stored: unknown. A read had no effect: failed.
    fn crashed_op(&mut self) {
        let Some(op) = self.disk.client.waiting() else {
            return;
        };
        let seq = self.disk.client.ops.len() as u32 - 1;
        let (outcome, what) = if op.cmd.is_read() {
            (Outcome::Fail, "it fails")
        } else {
            (Outcome::Info, "its outcome is unknown")
        };
        self.out.note(format_args!(
            "the client at {} lost its connection when the replica crashed: its {} gets no answer, so {what}",
            self.name(),
            op.cmd
        ));
        self.finish(seq, outcome, None, 0);
    }

    /// Records the end of an operation and tells the client.
    fn finish(&mut self, seq: u32, outcome: Outcome, result: Option<Stored>, round_trips: u8) {
        self.mem.pending = None;
        self.out.cancel_timer(Timer::Deadline);
        let now = self.ctx.now();
        let Some(op) = self.disk.client.ops.get_mut(seq as usize) else {
            return;
        };
        op.completed = Some(now);
        op.outcome = Some(outcome);
        op.round_trips = round_trips;
        if outcome == Outcome::Ok
            && let Some(stored) = result
        {
            if op.cmd.is_read() {
                op.value = stored.value;
            }
            op.version = Some(stored.version);
        }
        let done = op.clone();
        self.out.output(Output::Done(done));
    }
}

impl Protocol for Cap {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Cmd;
    type Output = Output;

    fn node_count(&self) -> usize {
        self.size()
    }

    fn node_name(&self, node: NodeId) -> String {
        format!("r{}", u16::from(node.0) + 1)
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    /// A restarted replica knows only its disk. If its client was waiting,
    /// the client's deadline still runs; an available replica also offers
    /// its version to everyone again, since it cannot know who got it.
    fn start(&self, ctx: &mut Ctx<'_>, disk: &Disk, out: &mut Effects<Self>) -> Memory {
        let mut mem = Memory::default();
        if let Some(op) = disk.client.waiting() {
            let due = op.invoked.saturating_add(self.timeout);
            out.set_timer(Timer::Deadline, due.saturating_sub(ctx.now()).max(1));
        }
        if self.variant.policy() == Policy::Available && disk.stored.version.counter > 0 {
            for peer in ctx.peers() {
                mem.behind |= bit(peer);
            }
            mem.retry_armed = true;
            out.set_timer(Timer::Retry, self.retry.max(1));
        }
        mem
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        let mut node = Node {
            cap: self,
            ctx,
            disk,
            mem,
            out,
        };
        match event {
            Event::Request(cmd) => node.on_request(cmd),
            Event::Timer(Timer::Deadline) => node.on_deadline(),
            Event::Timer(Timer::Retry) => node.on_retry(),
            Event::Message { from, msg } => match msg {
                Msg::Query { op } => {
                    let stored = node.disk.stored;
                    node.out.send(from, Msg::QueryReply { op, stored });
                }
                Msg::QueryReply { op, stored } => node.on_query_reply(from, op, stored),
                Msg::Store { stored } => node.on_store(from, stored),
                Msg::StoreAck { version } => node.on_ack(from, version),
            },
        }
    }

    fn requests(&self, _node: NodeId) -> Vec<Cmd> {
        let mut list: Vec<Cmd> = self.values.iter().map(|&v| Cmd::Write(v)).collect();
        list.push(Cmd::Read);
        list
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        crate::invariants::all()
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        describe::message(msg)
    }

    fn describe_timer(&self, timer: &Timer) -> String {
        match timer {
            Timer::Deadline => "client deadline".to_owned(),
            Timer::Retry => "retry".to_owned(),
        }
    }

    fn describe_request(&self, cmd: &Cmd) -> String {
        cmd.to_string()
    }

    fn describe_output(&self, output: &Output) -> String {
        describe::output(output)
    }

    fn describe_node(&self, _node: NodeId, disk: &Disk, mem: Option<&Memory>) -> String {
        describe::node(self, disk, mem)
    }
}

/// Every replica named in a bit set, in order.
pub(crate) fn members(set: u8, nodes: usize) -> Vec<NodeId> {
    NodeId::all(nodes).filter(|&n| set & bit(n) != 0).collect()
}
