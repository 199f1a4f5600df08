//! Raft, as the consensus chapter's widget animates it.
//!
//! The model follows Figure 2 of Ongaro & Ousterhout, "In Search of an
//! Understandable Consensus Algorithm (Extended Version)", 2014, rule for
//! rule, on top of the [`dsw_sim`] engine: a server is a pure state machine,
//! the network, clocks and faults belong to the engine.
//!
//! * **Durable** state ([`Disk`]) is Figure 2's persistent state:
//!   `currentTerm`, `votedFor` and the log, plus [`Ghost`] records that only
//!   the invariants read.
//! * **Volatile** state ([`Memory`]) is the rest: role, `commitIndex`,
//!   `lastApplied`, the leader's `nextIndex`/`matchIndex`, and the key-value
//!   state machine, rebuilt from the log after a restart.
//! * [`Variant`] switches on one of three classic mistakes so a learner can
//!   watch an invariant break.
//! * [`invariants`] are Figure 3's five properties.
//! * [`PRESETS`] are the chapter's scenarios (golden files in
//!   `tests/scenarios/`), [`RaftHost`] reads them (`new nodes=5
//!   variant=correct timeout=10-20 heartbeat=4 latency=1 jitter=0 first=n1
//!   seed=...`, plus a `logs` command), and [`explore_root`] /
//!   [`explore_config`] drive the widget's "find a counterexample" button.
//! * [`oracle`] answers predict-the-next-step quiz questions.
//! * [`experiment`] reproduces the paper's Figure 16 (§9.3); the
//!   `election_time` example prints the table.
//!
//! Not modelled: the no-op entry a new leader commits at the start of its
//! term (§8), so a leader commits earlier terms' entries only together with
//! a client command of its own term; membership changes (§6); log
//! compaction (§7); read-only queries (§8).
//!
//! The code the book quotes sits between `ANCHOR` comments in `node.rs`:
//! `election`, `vote`, `append`, `commit`, `merge` and `up_to_date`.
//!
//! Tests: `cargo test -p dsw-raft` (about 25 s in debug). The long ones,
//! the full chaos campaign and the complete state-space searches, are
//! `cargo test --release -p dsw-raft -- --ignored` (about 3 minutes on two
//! cores). `DSW_BLESS=1 cargo test -p dsw-raft --test scenarios` rewrites the
//! golden files.

use dsw_sim::{NodeId, Time};

mod describe;
pub mod experiment;
pub mod invariants;
mod node;
pub mod oracle;
mod presets;

pub use experiment::{
    ElectionSetup, ElectionTimes, FIGURE_16_RANGES, FIGURE_16_SCALED, measure_election_time,
};
pub use node::{
    Cmd, Deleted, Disk, Entry, Ghost, Index, Memory, Merged, Msg, Output, Role, Term, Timer,
    at_least_as_up_to_date, follower_commit, merge_entries,
};
pub use presets::{
    PRESETS, RaftHost, explore_config, explore_root, load, logs, open_link, preset, replay,
    widget_menu,
};

/// The most servers a cluster may have: enough for every figure in the
/// paper, few enough to draw at 360 px.
pub const MAX_NODES: usize = 9;

/// Which rules the servers follow: the paper's, or one classic mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    #[default]
    Correct,
    /// A leader counts replicas of an entry from an earlier term and calls
    /// it committed: the mistake Figure 8 exists to show (§5.4.2).
    CommitPreviousTermByCount,
    /// Votes are granted without comparing logs, dropping the election
    /// restriction of §5.4.1.
    NoElectionRestriction,
    /// A follower that passes the consistency check appends the entries at
    /// the end of its log instead of at `prevLogIndex + 1`, deleting
    /// nothing: the interview guide's pseudo-code (errata E34).
    AppendWithoutTruncate,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Correct,
        Variant::CommitPreviousTermByCount,
        Variant::NoElectionRestriction,
        Variant::AppendWithoutTruncate,
    ];

    /// The name used in scenario files (`new variant=...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::CommitPreviousTermByCount => "commit-previous-term",
            Variant::NoElectionRestriction => "no-election-restriction",
            Variant::AppendWithoutTruncate => "append-without-truncate",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a variant picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Correct => "the rules of the paper's Figure 2",
            Variant::CommitPreviousTermByCount => {
                "bug: a leader commits an entry from an earlier term once a majority stores it (Figure 8)"
            }
            Variant::NoElectionRestriction => {
                "bug: servers vote without checking that the candidate's log is up to date (§5.4.1)"
            }
            Variant::AppendWithoutTruncate => {
                "bug: followers append at the end of their log and never delete conflicting entries"
            }
        }
    }
}

/// Limits that keep a state-space search finite. They are not part of
/// Raft: the widget and the chaos tests leave them off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bounds {
    /// No server starts an election for a term above this.
    pub max_term: Option<Term>,
    /// A leader refuses client requests once its log is this long.
    pub max_log: Option<usize>,
    /// A leader keeps at most one AppendEntries in flight per follower and
    /// sends the next only after a reply (heartbeats included). With time
    /// abstracted away, a heartbeat timer can otherwise fire any number of
    /// times and fill the network with copies, so no search would end. It
    /// leaves out behaviours (a lost request is never retried), which is
    /// why chaos runs, where it is off, complement the search.
    pub one_append_in_flight: bool,
}

/// A Raft cluster's configuration: the protocol value the engine runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raft {
    /// Cluster size, 1 to [`MAX_NODES`].
    pub nodes: usize,
    pub variant: Variant,
    /// Election timeouts are drawn uniformly from `min..=max` ticks each
    /// time the timer is set (§5.2). The paper's 150-300 ms becomes 10-20
    /// ticks for the widget.
    pub election_timeout: (Time, Time),
    /// How often a leader sends AppendEntries when it has nothing else to
    /// say; it must be well below the minimum election timeout (§5.6).
    pub heartbeat: Time,
    /// If set, at the very first start this server times out after the
    /// minimum and every other after the maximum, so that a preset's first
    /// election tells the same story whatever the seed.
    pub first: Option<NodeId>,
    /// The client requests every server offers, in button order.
    pub commands: Vec<Cmd>,
    pub bounds: Bounds,
}

impl Default for Raft {
    fn default() -> Self {
        Raft {
            nodes: 5,
            variant: Variant::Correct,
            election_timeout: (10, 20),
            heartbeat: 4,
            first: None,
            commands: vec![Cmd::new('x', 1), Cmd::new('y', 2), Cmd::new('x', 3)],
            bounds: Bounds::default(),
        }
    }
}

impl Raft {
    /// A default cluster of `nodes` servers running `variant`.
    pub fn new(nodes: usize, variant: Variant) -> Self {
        Raft {
            nodes,
            variant,
            ..Raft::default()
        }
    }

    /// Votes or replicas needed for a decision: a strict majority of the
    /// whole cluster, counting servers that are down (§5.2).
    pub fn majority(&self) -> usize {
        self.node_count_clamped() / 2 + 1
    }

    fn node_count_clamped(&self) -> usize {
        self.nodes.clamp(1, MAX_NODES)
    }
}
