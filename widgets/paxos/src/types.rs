//! The nouns of Paxos: ballots, values, messages and each server's state.

use std::fmt;

use dsw_sim::NodeId;
use dsw_sim::wire::{DecodeError, Reader, Wire, Writer};

pub type Round = u32;
/// Log positions start at 1; single-decree Paxos uses slot 1 only.
pub type Slot = u32;

/// A proposal number. Lamport needs proposal numbers that are totally
/// ordered and never used twice by different proposers; pairing a round
/// with the proposer's id gives both, since two proposers never share an
/// id and ties on the round are broken by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ballot {
    pub round: Round,
    pub node: NodeId,
}

impl Ballot {
    pub fn new(round: Round, node: NodeId) -> Self {
        Ballot { round, node }
    }
}

/// `2.n1`: round 2 of server n1.
impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node)
    }
}

/// A value to agree on: a single letter, kept as a byte so states hash the
/// same on every platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Value(pub u8);

impl Value {
    /// What a Multi-Paxos leader proposes for a slot below its log's end
    /// that no acceptor in its quorum reported: a command that changes
    /// nothing, so the log has no holes.
    pub const NOOP: Value = Value(b'-');

    /// The value server `node` proposes in single-decree mode: `A` for n1,
    /// `B` for n2, and so on.
    pub fn of(node: NodeId) -> Value {
        Value(b'A' + node.0.min(25))
    }

    pub fn is_noop(self) -> bool {
        self == Value::NOOP
    }

    /// The key a quiz uses for this value: `A`, `x`, `no-op`.
    pub fn key(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_noop() {
            f.write_str("no-op")
        } else {
            write!(f, "{}", char::from(self.0))
        }
    }
}

impl Wire for Value {
    fn put(&self, w: &mut Writer) {
        w.u8(self.0);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let b = r.u8("a value")?;
        if b.is_ascii_alphabetic() {
            Ok(Value(b))
        } else {
            Err(DecodeError::new(format!("{b} is not a value letter")))
        }
    }
}

/// A proposal an acceptor accepted: in which slot, in which ballot, what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vote {
    pub slot: Slot,
    pub ballot: Ballot,
    pub value: Value,
}

/// The messages of Paxos Made Simple §2.2 and §2.3, plus a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Phase 1a: "promise me to accept nothing numbered below `ballot`, and
    /// tell me what you have accepted". One Prepare covers every slot.
    Prepare { ballot: Ballot },
    /// Phase 1b: the promise, with the highest-numbered proposal the
    /// acceptor has accepted in each slot (none, in a fresh acceptor).
    Promise { ballot: Ballot, accepted: Vec<Vote> },
    /// Phase 2a: "accept `value` in `slot` at `ballot`".
    Accept {
        ballot: Ballot,
        slot: Slot,
        value: Value,
    },
    /// Phase 2b, sent by an acceptor to every learner.
    Accepted {
        ballot: Ballot,
        slot: Slot,
        value: Value,
    },
    /// A refusal of a Prepare or Accept for `ballot`, naming the higher
    /// ballot the acceptor has promised. Paxos is safe without it (a
    /// refused proposer would simply time out); Lamport suggests it so a
    /// proposer abandons a hopeless round at once.
    Nack { ballot: Ballot, promised: Ballot },
}

impl Msg {
    /// The ballot the message is about.
    pub fn ballot(&self) -> Ballot {
        match self {
            Msg::Prepare { ballot }
            | Msg::Promise { ballot, .. }
            | Msg::Accept { ballot, .. }
            | Msg::Accepted { ballot, .. }
            | Msg::Nack { ballot, .. } => *ballot,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// A proposer heard nothing decisive in time, or was pre-empted and is
    /// waiting before it tries again.
    Retry,
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        w.u8(0);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a timer kind")? {
            0 => Ok(Timer::Retry),
            t => Err(DecodeError::new(format!("{t} is not a Paxos timer kind"))),
        }
    }
}

/// What a server tells the user who asked it to propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `slot` holds `value`; the user had asked for `asked`.
    Chosen {
        slot: Slot,
        value: Value,
        asked: Value,
    },
}

/// Bookkeeping for the invariants, kept on disk so that a crash does not
/// erase history. No rule of the protocol reads it to decide anything: it
/// is the "ghost" state of a proof. Only the invariants read it, and the
/// narration of the buggy variants, to say what a server has forgotten.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Ghost {
    /// Every proposal this acceptor ever accepted, each once, in order.
    pub votes: Vec<Vote>,
    /// Every (slot, value) this learner ever learned, each once.
    pub learned: Vec<(Slot, Value)>,
    /// Every value a user asked this server to propose, sorted.
    pub asked: Vec<Value>,
    /// The highest ballot this acceptor ever promised, wherever it kept
    /// the promise.
    pub max_promised: Option<Ballot>,
}

/// What survives a crash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    /// Acceptor: the highest ballot promised (in the correct variant; the
    /// forget-promise variant keeps it in [`Memory::promised`] instead).
    pub promised: Option<Ballot>,
    /// Acceptor: the last proposal accepted in each slot, sorted by slot.
    pub accepted: Vec<Vote>,
    /// Proposer: the highest round it has used, or seen in a refusal. See
    /// `Node::start_round` for why this must be on disk.
    pub round: Round,
    pub ghost: Ghost,
}

impl Disk {
    pub fn accepted_in(&self, slot: Slot) -> Option<&Vote> {
        self.accepted.iter().find(|v| v.slot == slot)
    }
}

/// Where a server stands as a proposer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Phase {
    #[default]
    Idle,
    /// Phase 1 of `ballot`: `promises` is a bit set of the acceptors that
    /// promised; `reported` holds, per slot, the highest-numbered accepted
    /// proposal those promises reported.
    Preparing {
        ballot: Ballot,
        promises: u16,
        reported: Vec<Vote>,
    },
    /// Phase 2 of `ballot`, whose phase 1 succeeded. In Multi-Paxos this
    /// server is the leader: new commands go to `next_slot` with phase 2
    /// only, for as long as nobody pre-empts `ballot`.
    Proposing { ballot: Ballot, next_slot: Slot },
}

impl Phase {
    pub fn ballot(&self) -> Option<Ballot> {
        match self {
            Phase::Idle => None,
            Phase::Preparing { ballot, .. } | Phase::Proposing { ballot, .. } => Some(*ballot),
        }
    }
}

/// A learner's count of Accepted messages for the highest ballot it has
/// heard of in one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tally {
    pub slot: Slot,
    pub ballot: Ballot,
    pub value: Value,
    /// Bit set of the acceptors that accepted.
    pub voters: u16,
}

/// What a crash wipes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// Acceptor, forget-promise variant only: the promise, in memory.
    pub promised: Option<Ballot>,
    pub phase: Phase,
    /// Proposer: commands a user asked for that have no slot yet. In
    /// single-decree mode, the one value this server wants chosen until it
    /// learns the outcome.
    pub queue: Vec<Value>,
    /// Multi-Paxos proposer: commands sent to phase 2 in a slot, whose
    /// outcome it has not learned yet.
    pub awaiting: Vec<(Slot, Value)>,
    /// Learner: one tally per slot not yet learned.
    pub tallies: Vec<Tally>,
    /// Learner: the value of each slot it knows to be chosen, by slot.
    pub learned: Vec<(Slot, Value)>,
}

impl Memory {
    pub fn learned_in(&self, slot: Slot) -> Option<Value> {
        self.learned
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, v)| *v)
    }
}

pub(crate) fn bit(n: NodeId) -> u16 {
    1 << n.0.min(15)
}

/// The servers in a bit set, in order.
pub(crate) fn members(set: u16, nodes: usize) -> Vec<NodeId> {
    NodeId::all(nodes).filter(|&n| set & bit(n) != 0).collect()
}
