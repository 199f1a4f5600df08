//! Atomic commit, as the transactions chapter's widget animates it: one
//! distributed transaction, one coordinator and two to five participants.
//!
//! Node 0, `tm`, is the transaction manager (the coordinator); nodes 1 to N,
//! `rm1` ... `rmN`, are the resource managers (the participants). `new
//! nodes=N` in a scenario file means N **participants**, so the world has
//! N + 1 nodes.
//!
//! Three ways to run, chosen by the [`AtomicCommit`] configuration:
//!
//! * **Specification mode** (`spec=true`): the next-state relation of the
//!   `TwoPhase` module of Gray and Lamport, "Consensus on Transaction
//!   Commit" (ACM TODS 31(1), 2006), action for action. Resource managers
//!   prepare or abort spontaneously (requests), the coordinator collects
//!   `Prepared` messages and decides by request. There are no timers, acks
//!   or inquiries. `tests/spec.rs` checks that the states the engine's
//!   explorer reaches, projected onto the specification's variables, are
//!   exactly the specification's reachable states (288 for 3 RMs, 8,832 for
//!   5), computed there by an independent search.
//! * **Practical two-phase commit** (the default): the coordinator sends
//!   Prepare when its user asks it to commit, participants vote from their
//!   configured answer, and the rest is what a database does: a participant
//!   forces its PREPARED record before voting yes, the coordinator forces
//!   COMMIT before telling anyone, aborts are presumed (never logged), the
//!   coordinator resends its decision until acknowledged, and a prepared
//!   participant is **in doubt**: it holds its locks and asks the
//!   coordinator until it learns the outcome, never deciding on its own.
//! * **Three-phase commit** (`protocol=3pc`, Skeen 1981): CanCommit,
//!   PreCommit, DoCommit, with the usual termination rule: an operational
//!   participant that times out while uncertain aborts, one that times out
//!   pre-committed commits; a restarted one asks instead. Safe with crashes
//!   and timely messages, broken by a partition (preset `3pc-partition`).
//!
//! [`Variant`] switches on a classic mistake: a prepared participant that
//! gives up and aborts on a timeout, or a coordinator that keeps its decision
//! only in memory. [`invariants`] are the three safety properties, checked
//! after every step; [`PRESETS`] are the chapter's scenarios (golden files
//! in `tests/scenarios/`), read by [`TwoPcHost`]; [`explore_root`] and
//! [`explore_config`] drive the widget's "find a counterexample" button;
//! [`oracle`] answers predict-the-next-step questions.
//!
//! The code the book quotes sits between `ANCHOR` comments:
//! `vote` and `in_doubt` and `three_phase_timeout` in `participant.rs`,
//! `decide` in `coordinator.rs`, and `recover` in both.
//!
//! Not modelled: more than one transaction (so no lock conflicts between
//! transactions, only the locks one transaction holds), the work before
//! commit (participants start with their updates done and locks held),
//! the coordinator forgetting a finished transaction (END records and log
//! truncation), cooperative termination (participants asking each other),
//! read-only participants, and Paxos Commit. A participant that crashes
//! before voting comes back still working: a real database would roll its
//! unprepared work back and vote no, but either way it has not voted, and
//! its unilateral abort is modelled by the `abort` request. The engine
//! gives a restarting node only its disk, so it could not tell a first
//! start from a restart.
//!
//! Tests: `cargo test` in this directory (about 30 s in debug). The full
//! chaos campaign (24,000 schedules), the five-RM specification check and
//! the complete search of two-participant 2PC (1.3 million states) are
//! `cargo test --release -- --ignored` (about 2 minutes on two cores).
//! `DSW_BLESS=1 cargo test --test scenarios` rewrites the golden files.

use dsw_sim::{NodeId, Time};

mod coordinator;
mod describe;
pub mod invariants;
mod node;
pub mod oracle;
mod participant;
mod presets;

pub use node::{
    Decision, Disk, Memory, Msg, Output, Request, RmDisk, RmMemory, RmState, Stamp, Timer, TmDisk,
    TmGhost, TmMemory, TmPhase, durable_decision,
};
pub use presets::{
    PRESETS, TwoPcHost, explore_config, explore_root, load, open_link, outcome, preset, verdict,
    widget_menu,
};

/// The coordinator's node id.
pub const TM: NodeId = NodeId(0);
pub const MIN_PARTICIPANTS: usize = 2;
/// Enough to show that 2PC needs every vote, few enough to draw at 360 px.
pub const MAX_PARTICIPANTS: usize = 5;

/// Participant `i` (1-based), as a node id.
pub fn rm(i: usize) -> NodeId {
    NodeId(i.min(MAX_PARTICIPANTS) as u8)
}

/// Two or three phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Phases {
    #[default]
    Two,
    Three,
}

impl Phases {
    pub fn name(self) -> &'static str {
        match self {
            Phases::Two => "2pc",
            Phases::Three => "3pc",
        }
    }

    pub fn parse(name: &str) -> Option<Phases> {
        [Phases::Two, Phases::Three]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

/// Which rules the nodes follow: the protocol's, or one classic mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    #[default]
    Correct,
    /// A prepared participant that hears nothing for a while aborts on its
    /// own, as if the coordinator must be dead (errata E48's "can decide to
    /// abort", moved to the participant). XA calls such a unilateral
    /// outcome a heuristic decision.
    PreparedTimeoutAborts,
    /// The coordinator decides COMMIT and tells the participants without
    /// forcing the decision to its log first; after a crash it finds no
    /// COMMIT record and presumes abort.
    CoordinatorForgetsDecision,
}

impl Variant {
    pub const ALL: [Variant; 3] = [
        Variant::Correct,
        Variant::PreparedTimeoutAborts,
        Variant::CoordinatorForgetsDecision,
    ];

    /// The name used in scenario files (`new variant=...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::PreparedTimeoutAborts => "prepared-timeout-aborts",
            Variant::CoordinatorForgetsDecision => "coordinator-forgets-decision",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a variant picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Correct => "the protocol's rules",
            Variant::PreparedTimeoutAborts => {
                "bug: a prepared participant that waits too long aborts on its own"
            }
            Variant::CoordinatorForgetsDecision => {
                "bug: the coordinator sends COMMIT without writing it to its log first"
            }
        }
    }
}

/// Limits that keep a state-space search finite; not part of the protocol.
/// The widget and the chaos tests leave them off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bounds {
    /// Each node resends (the coordinator its decision, a participant its
    /// inquiry) at most this many times per incarnation. With time
    /// abstracted away a retry timer can fire any number of times, filling
    /// the network with copies, so no search would end.
    pub max_resends: Option<u32>,
}

/// One transaction's configuration: the protocol value the engine runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomicCommit {
    /// Participants, [`MIN_PARTICIPANTS`] to [`MAX_PARTICIPANTS`].
    pub participants: usize,
    pub phases: Phases,
    pub variant: Variant,
    /// Gray and Lamport's `TwoPhase` specification, action for action.
    pub spec: bool,
    /// Participants that will vote no when asked, as a bit set by node id.
    pub no_votes: u8,
    /// How long the coordinator waits for votes (and, in 3PC, for
    /// PreCommit acknowledgements) before acting without them.
    pub vote_timeout: Time,
    /// How often the coordinator resends its decision and an in-doubt
    /// participant asks for it.
    pub retry: Time,
    /// 3PC: how long an operational participant waits for the next message
    /// before applying the termination rule. Must exceed the time the
    /// coordinator needs to answer, or 3PC's timing assumption is broken.
    pub wait: Time,
    pub bounds: Bounds,
}

impl Default for AtomicCommit {
    fn default() -> Self {
        AtomicCommit {
            participants: 3,
            phases: Phases::Two,
            variant: Variant::Correct,
            spec: false,
            no_votes: 0,
            vote_timeout: 8,
            retry: 6,
            wait: 5,
            bounds: Bounds::default(),
        }
    }
}

impl AtomicCommit {
    /// Practical 2PC with `participants` participants running `variant`.
    pub fn new(participants: usize, variant: Variant) -> Self {
        AtomicCommit {
            participants,
            variant,
            ..AtomicCommit::default()
        }
    }

    /// The `TwoPhase` specification with `participants` resource managers.
    pub fn spec(participants: usize) -> Self {
        AtomicCommit {
            participants,
            spec: true,
            ..AtomicCommit::default()
        }
    }

    /// Skeen's three-phase commit.
    pub fn three_phase(participants: usize) -> Self {
        AtomicCommit {
            participants,
            phases: Phases::Three,
            ..AtomicCommit::default()
        }
    }

    /// The participant count, kept in range whatever the struct says.
    pub fn count(&self) -> usize {
        // One participant is allowed here (the specification tests use
        // it); scenario files ask for at least two.
        self.participants.clamp(1, MAX_PARTICIPANTS)
    }

    /// Every participant's node id, in order.
    pub fn rms(&self) -> impl Iterator<Item = NodeId> + Clone + use<> {
        (1..=self.count()).map(rm)
    }

    /// The bit set with every participant in it.
    pub fn everyone(&self) -> u8 {
        self.rms().fold(0, |m, n| m | bit(n))
    }

    /// Whether participant `node` votes yes when asked.
    pub fn votes_yes(&self, node: NodeId) -> bool {
        self.no_votes & bit(node) == 0
    }
}

/// A node's bit in a participant set.
pub fn bit(node: NodeId) -> u8 {
    1u8.checked_shl(u32::from(node.0)).unwrap_or(0)
}

/// The participants in a bit set, in order.
pub fn members(set: u8) -> Vec<NodeId> {
    (1..=MAX_PARTICIPANTS)
        .map(rm)
        .filter(|&n| set & bit(n) != 0)
        .collect()
}
