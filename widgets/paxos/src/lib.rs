//! Paxos, as the second consensus chapter's widget animates it.
//!
//! The model follows Lamport, "Paxos Made Simple" (ACM SIGACT News 32(4),
//! 2001): single-decree Paxos in §2 and the state-machine construction with
//! a distinguished proposer (Multi-Paxos) in §3, on top of the [`dsw_sim`]
//! engine. A server is a pure state machine; the network, clocks and faults
//! belong to the engine.
//!
//! * Every server plays all three roles: **proposer** (when a user asks it
//!   to propose a value), **acceptor** and **learner**. Messages a server
//!   sends to itself are handled on the spot instead of crossing the
//!   network, so the network never drops or reorders a server's talk with
//!   itself.
//! * **Ballots** are `(round, server)` pairs, unique per proposer and
//!   totally ordered ([`Ballot`]).
//! * **Durable** state ([`Disk`]): the acceptor's promise and accepted
//!   proposals, the proposer's highest round, plus [`Ghost`] records that
//!   only invariants and explanations read. **Volatile** state
//!   ([`Memory`]): the proposer's current round, the learner's tallies and
//!   learned values.
//! * [`Mode::Single`] decides one value (slot 1). [`Mode::Multi`] decides a
//!   log of slots: a proposer that has won phase 1 for a ballot keeps
//!   leading and sends each new command straight to phase 2, and a new
//!   leader's phase 1 recovers and re-proposes every slot's highest
//!   accepted value (filling holes with no-ops).
//! * [`Variant`] switches on one of two classic mistakes so a learner can
//!   watch two different values get chosen.
//! * [`invariants`] are Paxos's safety properties: only one value is
//!   chosen per slot, only a chosen value is learned, only a proposed value
//!   is chosen.
//! * [`PRESETS`] are the chapter's scenarios (golden files in
//!   `tests/scenarios/`), [`PaxosHost`] reads them (`new nodes=5
//!   variant=correct mode=single retry=8-12 backoff=1-10 latency=1 jitter=0
//!   seed=...`, plus `acceptors` and `chosen` commands), and
//!   [`explore_root`] / [`explore_config`] drive the widget's "find a
//!   counterexample" button.
//! * [`oracle`] answers predict-the-next-step quiz questions.
//!
//! Proposers give up a round as soon as they learn of a higher ballot (a
//! refusal, or their own acceptor promising it) and try again after a
//! random back-off. With a fixed back-off shorter than a message delay,
//! two proposers pre-empt each other for ever: preset `dueling-proposers`.
//!
//! Not modelled: learners that ask acceptors for missed decisions (a
//! restarted server forgets what it learned and finds out again by
//! proposing); leases and heartbeats for a stable leader (a Multi-Paxos
//! leader keeps leading until a higher ballot pre-empts it); retransmission
//! of a lost Accept with the same ballot (a proposer that hears nothing
//! starts a new round instead); membership changes; log truncation and
//! snapshots; Fast, Flexible or Egalitarian Paxos.
//!
//! The code the book quotes sits between `ANCHOR` comments in `node.rs`:
//! `prepare`, `promise`, `adopt` (with the rule itself in `highest`),
//! `accept`, `learn`, `recover` and `skip_phase_1`.
//!
//! Tests: `cargo test` in this directory (about 15 s in debug). The long
//! ones, the full chaos campaign and the larger state-space searches, are
//! `cargo test --release -- --ignored` (about 2 minutes on two busy
//! cores). `DSW_BLESS=1 cargo test --test scenarios` rewrites the golden
//! files.

use dsw_sim::Time;

mod describe;
pub mod invariants;
mod node;
pub mod oracle;
mod presets;
mod types;

pub use node::value_to_propose;
pub use presets::{
    PRESETS, PaxosHost, acceptors, explore_config, explore_root, load, open_link, preset,
    widget_menu,
};
pub use types::{
    Ballot, Disk, Ghost, Memory, Msg, Output, Phase, Round, Slot, Tally, Timer, Value, Vote,
};

/// The most servers a cluster may have: few enough to draw at 360 px.
pub const MAX_NODES: usize = 9;

/// Which rules the servers follow: Lamport's, or one classic mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    #[default]
    Correct,
    /// Acceptors keep their promise in memory instead of on disk, so a
    /// restart forgets it and the acceptor may then accept a lower ballot
    /// it promised to ignore.
    ForgetPromise,
    /// A proposer that collected its promises proposes its own value even
    /// when some promise reports an accepted value: the value-adoption rule
    /// of phase 2(a) is switched off (errata E40).
    IgnoreAccepted,
}

impl Variant {
    pub const ALL: [Variant; 3] = [
        Variant::Correct,
        Variant::ForgetPromise,
        Variant::IgnoreAccepted,
    ];

    /// The name used in scenario files (`new variant=...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::ForgetPromise => "forget-promise",
            Variant::IgnoreAccepted => "ignore-accepted",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a variant picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Correct => "the rules of Paxos Made Simple",
            Variant::ForgetPromise => {
                "bug: acceptors keep their promises only in memory, so a restart forgets them"
            }
            Variant::IgnoreAccepted => {
                "bug: proposers ignore the accepted values that promises report and propose their own"
            }
        }
    }
}

/// One decision or a log of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Single-decree Paxos: the servers agree on one value, in slot 1.
    /// Every proposal runs both phases.
    #[default]
    Single,
    /// Multi-Paxos: a leader that won phase 1 proposes each new command in
    /// the next free slot with phase 2 only.
    Multi,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Single => "single",
            Mode::Multi => "multi",
        }
    }

    pub fn parse(name: &str) -> Option<Mode> {
        [Mode::Single, Mode::Multi]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// Limits that keep a state-space search finite. They are not part of
/// Paxos: the widget and the chaos tests leave them off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bounds {
    /// No proposer starts a round above this.
    pub max_round: Option<Round>,
    /// Multi-Paxos: no leader proposes in a slot above this, and a server
    /// refuses a new command while it holds this many unfinished ones.
    pub max_slots: Option<Slot>,
    /// Only the first this-many servers offer user requests. Two
    /// proposers are enough for two different values to meet.
    pub proposers: Option<usize>,
}

/// A Paxos cluster's configuration: the protocol value the engine runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paxos {
    /// Cluster size, 1 to [`MAX_NODES`]; every server is an acceptor and a
    /// learner, and any of them can propose.
    pub nodes: usize,
    pub variant: Variant,
    pub mode: Mode,
    /// A proposer that hears nothing decisive within a delay drawn
    /// uniformly from `min..=max` ticks of starting a phase tries again
    /// with a higher round.
    pub retry: (Time, Time),
    /// A proposer that is pre-empted (refused because of a higher ballot)
    /// waits a delay drawn uniformly from `min..=max` ticks before it tries
    /// again. Randomness here is what breaks the symmetry of dueling
    /// proposers.
    pub backoff: (Time, Time),
    /// Multi-Paxos only: the commands every server offers, in button
    /// order. In single-decree mode server `n1` proposes `A`, `n2`
    /// proposes `B`, and so on.
    pub commands: Vec<Value>,
    pub bounds: Bounds,
}

impl Default for Paxos {
    fn default() -> Self {
        Paxos {
            nodes: 5,
            variant: Variant::Correct,
            mode: Mode::Single,
            retry: (8, 12),
            backoff: (1, 10),
            commands: vec![Value(b'x'), Value(b'y'), Value(b'z')],
            bounds: Bounds::default(),
        }
    }
}

impl Paxos {
    /// A default single-decree cluster of `nodes` servers running `variant`.
    pub fn new(nodes: usize, variant: Variant) -> Self {
        Paxos {
            nodes,
            variant,
            ..Paxos::default()
        }
    }

    /// A default Multi-Paxos cluster.
    pub fn multi(nodes: usize, variant: Variant) -> Self {
        Paxos {
            mode: Mode::Multi,
            ..Paxos::new(nodes, variant)
        }
    }

    /// Acceptors needed for a decision: a strict majority of all of them,
    /// counting those that are down, so that any two such sets share one.
    pub fn majority(&self) -> usize {
        self.node_count_clamped() / 2 + 1
    }

    fn node_count_clamped(&self) -> usize {
        self.nodes.clamp(1, MAX_NODES)
    }
}
