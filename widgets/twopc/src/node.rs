//! The state of each node, the messages, timers and requests, and the
//! [`Protocol`] implementation that hands each event to the coordinator's
//! or a participant's rules.

use std::hash::{Hash, Hasher};

use dsw_sim::wire::{DecodeError, Reader, Wire, Writer};
use dsw_sim::{Ctx, Effects, Event, Invariant, NodeId, Protocol, Time};

use crate::coordinator::Tm;
use crate::participant::Rm;
use crate::{AtomicCommit, Phases, TM};

/// The outcome of the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Commit,
    Abort,
}

impl Decision {
    pub fn name(self) -> &'static str {
        match self {
            Decision::Commit => "commit",
            Decision::Abort => "abort",
        }
    }

    /// As a log record is usually written: `COMMIT`.
    pub fn record(self) -> &'static str {
        match self {
            Decision::Commit => "COMMIT",
            Decision::Abort => "ABORT",
        }
    }
}

/// A participant's state, as on its disk. `Working`, `Prepared`,
/// `Committed` and `Aborted` are `TwoPhase`'s `rmState` values;
/// `PreCommitted` exists only in 3PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RmState {
    Working,
    Prepared,
    PreCommitted,
    Committed,
    Aborted,
}

impl RmState {
    pub fn name(self) -> &'static str {
        match self {
            RmState::Working => "working",
            RmState::Prepared => "prepared",
            RmState::PreCommitted => "pre-committed",
            RmState::Committed => "committed",
            RmState::Aborted => "aborted",
        }
    }

    /// Voted yes and waiting for the outcome: the states in which a
    /// participant holds its locks without being able to release them.
    pub fn is_in_doubt(self) -> bool {
        matches!(self, RmState::Prepared | RmState::PreCommitted)
    }

    pub fn is_final(self) -> bool {
        matches!(self, RmState::Committed | RmState::Aborted)
    }
}

/// A time shown to the reader and never read by the rules.
///
/// It compares equal to every other stamp and hashes to nothing, so it is
/// not part of a state's identity: the explorer abstracts time away, and a
/// field holding a clock reading would make two otherwise identical states
/// distinct (and the search endless) without changing what can happen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stamp(pub Option<Time>);

impl PartialEq for Stamp {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Stamp {}

impl Hash for Stamp {
    fn hash<H: Hasher>(&self, _state: &mut H) {}
}

/// Records kept only for the invariants, on disk so that a crash does not
/// erase history. The rules write them and never read them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TmGhost {
    /// The first decision the coordinator ever sent to a participant.
    pub announced: Option<Decision>,
    /// The first different decision it sent later, if it ever did.
    pub contradicted: Option<Decision>,
}

impl TmGhost {
    pub(crate) fn announce(&mut self, d: Decision) {
        match self.announced {
            None => self.announced = Some(d),
            Some(first) if first != d && self.contradicted.is_none() => {
                self.contradicted = Some(d);
            }
            Some(_) => {}
        }
    }
}

/// The coordinator's log. Aborts are presumed: there is no ABORT record,
/// because a coordinator that finds no COMMIT record after a crash aborts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TmDisk {
    /// The transaction and its participant list are recorded, so a
    /// restarted coordinator knows there is a transaction to finish.
    pub begun: bool,
    /// 3PC: the PRECOMMIT record, forced before any PreCommit is sent.
    pub precommit: bool,
    /// The COMMIT record, forced before any Commit is sent.
    pub commit: bool,
    pub ghost: TmGhost,
}

/// What the coordinator's disk commits it to, given what it is doing now
/// (`None` while it is down). `None` means still undecided: it is
/// collecting votes, or has not begun.
pub fn durable_decision(disk: &TmDisk, phase: Option<&TmPhase>) -> Option<Decision> {
    if disk.commit || disk.precommit {
        // A restarted 3PC coordinator with PRECOMMIT finishes the commit.
        return Some(Decision::Commit);
    }
    if !disk.begun {
        return None;
    }
    match phase {
        Some(TmPhase::Collecting) => None,
        _ => Some(Decision::Abort),
    }
}

/// Where the coordinator stands, in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TmPhase {
    /// No transaction begun.
    Idle,
    /// `TwoPhase`'s `tmState = "init"`: Prepare sent, votes arriving.
    Collecting,
    /// 3PC: PreCommit sent, acknowledgements arriving.
    PreCommitted { acked: u8 },
    /// Decided; `acked` are the participants known to have the outcome.
    Decided { decision: Decision, acked: u8 },
}

impl TmPhase {
    pub fn decision(&self) -> Option<Decision> {
        match self {
            TmPhase::Decided { decision, .. } => Some(*decision),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TmMemory {
    pub phase: TmPhase,
    /// Participants whose yes vote has arrived: `TwoPhase`'s `tmPrepared`,
    /// as a bit set. Kept after the decision, as the specification keeps
    /// it.
    pub yes: u8,
    /// Resend rounds in this incarnation (see [`crate::Bounds`]).
    pub resends: u32,
}

/// A participant's log: its state and its vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RmDisk {
    pub state: RmState,
    /// `Some(true)` once it has voted yes (its PREPARED record),
    /// `Some(false)` once it has voted or decided no.
    pub vote: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RmMemory {
    /// Holds the locks on the rows the transaction wrote. Others wait for
    /// them, which is what makes a blocked participant expensive.
    pub locked: bool,
    /// When the participant last became uncertain (voted yes, or restarted
    /// uncertain).
    pub in_doubt_since: Stamp,
    /// Inquiries sent in this incarnation.
    pub asked: u32,
    /// 3PC: restarted while uncertain, so it must ask rather than apply
    /// the termination rule.
    pub recovering: bool,
}

/// Durable state: the coordinator's or a participant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disk {
    Tm(TmDisk),
    Rm(RmDisk),
}

/// Volatile state: the coordinator's or a participant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Memory {
    Tm(TmMemory),
    Rm(RmMemory),
}

impl Disk {
    pub fn tm(&self) -> Option<&TmDisk> {
        match self {
            Disk::Tm(d) => Some(d),
            Disk::Rm(_) => None,
        }
    }

    pub fn rm(&self) -> Option<&RmDisk> {
        match self {
            Disk::Rm(d) => Some(d),
            Disk::Tm(_) => None,
        }
    }
}

impl Memory {
    pub fn tm(&self) -> Option<&TmMemory> {
        match self {
            Memory::Tm(m) => Some(m),
            Memory::Rm(_) => None,
        }
    }

    pub fn rm(&self) -> Option<&RmMemory> {
        match self {
            Memory::Rm(m) => Some(m),
            Memory::Tm(_) => None,
        }
    }
}

/// Messages. `Vote { yes: true }` is `TwoPhase`'s `Prepared(rm)`; in 3PC
/// `Prepare` is CanCommit and `Commit` is DoCommit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Prepare,
    Vote {
        yes: bool,
    },
    PreCommit,
    PreCommitAck,
    Commit,
    Abort,
    /// "I have the outcome": the coordinator stops resending to the sender.
    Ack,
    /// "What was decided?", from an uncertain participant.
    Inquire,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// Coordinator: stop waiting for votes; a missing vote counts as no.
    Votes,
    /// 3PC coordinator: stop waiting for PreCommit acknowledgements.
    Acks,
    /// Coordinator: send the decision again to whoever has not acked.
    Resend,
    /// Participant in doubt: ask the coordinator again.
    Inquire,
    /// 3PC participant: apply the termination rule.
    Wait,
}

impl Timer {
    const ALL: [Timer; 5] = [
        Timer::Votes,
        Timer::Acks,
        Timer::Resend,
        Timer::Inquire,
        Timer::Wait,
    ];
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        let i = Timer::ALL.iter().position(|t| t == self).unwrap_or(0);
        w.u8(i as u8);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let i = r.u8("a timer kind")?;
        Timer::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| DecodeError::new(format!("{i} is not a commit-protocol timer")))
    }
}

/// What a user can ask: the coordinator to commit or abort the
/// transaction, a participant to abort on its own before voting, and, in
/// specification mode only, a participant to prepare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Request {
    Commit,
    Abort,
    Prepare,
}

impl Request {
    const ALL: [Request; 3] = [Request::Commit, Request::Abort, Request::Prepare];
}

impl Wire for Request {
    fn put(&self, w: &mut Writer) {
        let i = Request::ALL.iter().position(|t| t == self).unwrap_or(0);
        w.u8(i as u8);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let i = r.u8("a request kind")?;
        Request::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| DecodeError::new(format!("{i} is not a commit-protocol request")))
    }
}

/// What the coordinator tells its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Decided(Decision),
}

impl Protocol for AtomicCommit {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Request;
    type Output = Output;

    fn node_count(&self) -> usize {
        self.count() + 1
    }

    fn node_name(&self, node: NodeId) -> String {
        if node == TM {
            "tm".to_owned()
        } else {
            format!("rm{}", node.0)
        }
    }

    fn init_durable(&self, node: NodeId) -> Disk {
        if node == TM {
            Disk::Tm(TmDisk {
                // TwoPhase's coordinator starts in "init", collecting.
                begun: self.spec,
                ..TmDisk::default()
            })
        } else {
            Disk::Rm(RmDisk {
                state: RmState::Working,
                vote: None,
            })
        }
    }

    fn start(&self, ctx: &mut Ctx<'_>, durable: &Disk, out: &mut Effects<Self>) -> Memory {
        match durable {
            Disk::Tm(disk) => Memory::Tm(crate::coordinator::start(self, ctx, disk, out)),
            Disk::Rm(disk) => Memory::Rm(crate::participant::start(self, ctx, disk, out)),
        }
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        durable: &mut Disk,
        volatile: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        match (durable, volatile) {
            (Disk::Tm(disk), Memory::Tm(mem)) => Tm {
                cfg: self,
                disk,
                mem,
                out,
            }
            .on_event(event),
            (Disk::Rm(disk), Memory::Rm(mem)) => Rm {
                cfg: self,
                ctx,
                disk,
                mem,
                out,
            }
            .on_event(event),
            // The engine builds memory from the same node's disk, so the
            // two always agree; a mismatch would be an engine bug.
            _ => out.note(format_args!("internal error: disk and memory disagree")),
        }
    }

    fn requests(&self, node: NodeId) -> Vec<Request> {
        if node == TM {
            vec![Request::Commit, Request::Abort]
        } else if self.spec {
            vec![Request::Prepare, Request::Abort]
        } else {
            vec![Request::Abort]
        }
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        crate::invariants::all()
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        crate::describe::message(self, msg)
    }

    fn describe_timer(&self, timer: &Timer) -> String {
        crate::describe::timer(timer).to_owned()
    }

    fn describe_request(&self, request: &Request) -> String {
        crate::describe::request(self, request).to_owned()
    }

    fn describe_output(&self, output: &Output) -> String {
        match output {
            Output::Decided(Decision::Commit) => "the transaction is committed".to_owned(),
            Output::Decided(Decision::Abort) => "the transaction is aborted".to_owned(),
        }
    }

    fn describe_node(&self, _node: NodeId, durable: &Disk, volatile: Option<&Memory>) -> String {
        crate::describe::node(self, durable, volatile)
    }
}

/// Whether this configuration runs three phases.
pub(crate) fn three(cfg: &AtomicCommit) -> bool {
    cfg.phases == Phases::Three
}
