//! A replicated read/write register, as the CAP and PACELC chapter's
//! widget animates it.
//!
//! Two or three replicas (`r1`..`r3`) each hold one register: a value and
//! the [`Version`] that wrote it. A client sits at every replica and sends
//! it reads and writes; the replica answers according to its [`Variant`]:
//!
//! * **consistent** (CP in Gilbert & Lynch's sense): every operation needs a
//!   majority. Writes take two round trips (learn the highest version from a
//!   majority, then store a higher one on a majority); reads take one when a
//!   majority already agrees, two when they must write the newest value back
//!   first (Attiya, Bar-Noy & Dolev 1995). With no majority before the
//!   deadline the replica refuses: a read or a write that stored nothing
//!   `fail`s, a write that may have been stored somewhere is `info`
//!   (outcome unknown).
//! * **available** (AP, and EL in PACELC): every operation is answered from
//!   the local copy at once; writes are pushed to the other replicas in the
//!   background and retried until acknowledged; replicas reconcile by
//!   last-writer-wins on versions (a counter plus the replica's number as a
//!   tie-break). Stale reads and silently discarded writes follow.
//! * **available-sync** (AP, and EC): the same, but a write first waits for
//!   every other replica's acknowledgement, and answers alone only when its
//!   deadline passes (like semi-synchronous replication falling back to
//!   asynchronous). Slower writes; no stale read while the network is whole.
//! * two weaker configurations for the chapter's traps: **no-write-back**
//!   (quorum reads that skip the write-back phase, errata E16) and
//!   **local-reads** (quorum writes, local reads: ZooKeeper without `sync`,
//!   MongoDB reads from a secondary).
//!
//! Every client operation is recorded with its invocation and completion
//! times, outcome, round trips and version ([`mod@history`]), printable in
//! Jepsen's log format for the consistency-models chapter's checker.
//! [`invariants`] are the real-time conditions of linearizability stated
//! on versions; [`latency`] measures round trips and ticks; [`PRESETS`],
//! [`CapHost`], [`explore_root`] / [`explore_config`] and [`oracle`] follow
//! the shape of the Raft crate so the widget kit wires them the same way.
//!
//! Not modelled: more than one register; clients that move between
//! replicas; sloppy quorums and hinted handoff; version vectors and
//! siblings (reconciliation is last-writer-wins only); clock skew (the
//! history is timed by each replica's clock, so the widget leaves skew out;
//! see [`widget_menu`]). Events in the same tick are treated as concurrent
//! by the invariants and by the Jepsen printer, which is conservative: it
//! can hide an anomaly, never invent one.
//!
//! The code the book quotes sits between `ANCHOR` comments in `node.rs`:
//! `consistent`, `available`, `deadline` and `lww`.
//!
//! Tests: `cargo test` in this directory (about 30 s in debug on two
//! shared cores). The full chaos campaign (12,000 schedules) and the
//! longer searches are `cargo test --release -- --ignored` (about a
//! minute). `DSW_BLESS=1 cargo
//! test --test scenarios` rewrites the golden files.

use dsw_sim::Time;

mod describe;
pub mod history;
pub mod invariants;
pub mod latency;
mod node;
pub mod oracle;
mod presets;

pub use history::{Checked, Discarded, History, HistoryEvent, Kind, discarded_writes, history};
pub use latency::{Stat, Summary, compare_latency, summarize};
pub use node::{
    Client, Cmd, Disk, Memory, Msg, Op, Outcome, Output, Pending, Phase, Stored, Timer, Version,
    lww_merge,
};
pub use presets::{
    CapHost, PRESETS, explore_config, explore_root, load, open_link, preset, widget_menu,
};

/// Fewest replicas: with one there is nothing to partition.
pub const MIN_NODES: usize = 2;
/// Most replicas the widget draws.
pub const MAX_NODES: usize = 3;

/// What a replica does when it cannot reach the others: the CAP choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Answer only with a majority behind the answer; otherwise refuse.
    Consistent,
    /// Always answer from the local copy.
    Available,
}

/// When a write is acknowledged while the network is whole: PACELC's
/// "else" choice between latency and consistency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Replication {
    /// After the other replicas (a majority, or all of them for
    /// available-sync) have stored it.
    Sync,
    /// As soon as the local copy has it.
    Async,
}

/// The rules the replicas follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    /// Majority quorums for reads and writes, with read write-back.
    #[default]
    Consistent,
    /// Local reads and writes, asynchronous replication, last-writer-wins.
    Available,
    /// Local reads; writes wait for every replica until the deadline, then
    /// answer alone.
    AvailableSync,
    /// Quorum reads that return the newest version they saw without making
    /// sure a majority stores it.
    NoWriteBack,
    /// Quorum writes, but reads answered from the local copy.
    LocalReads,
}

impl Variant {
    pub const ALL: [Variant; 5] = [
        Variant::Consistent,
        Variant::Available,
        Variant::AvailableSync,
        Variant::NoWriteBack,
        Variant::LocalReads,
    ];

    /// The name used in scenario files (`new variant=...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Consistent => "consistent",
            Variant::Available => "available",
            Variant::AvailableSync => "available-sync",
            Variant::NoWriteBack => "no-write-back",
            Variant::LocalReads => "local-reads",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a variant picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Consistent => {
                "consistent (PC/EC): reads and writes need a majority; without one the replica refuses"
            }
            Variant::Available => {
                "available (PA/EL): answer from the local copy at once, replicate in the background, last writer wins"
            }
            Variant::AvailableSync => {
                "available, sync replication (PA/EC): writes wait for every replica until a deadline, then answer alone"
            }
            Variant::NoWriteBack => {
                "weaker: quorum reads skip the write-back, so two reads in a row can go back in time (errata E16)"
            }
            Variant::LocalReads => {
                "weaker: quorum writes but local reads, like ZooKeeper without sync() or MongoDB secondary reads"
            }
        }
    }

    /// What happens when no majority answers in time.
    pub fn policy(self) -> Policy {
        match self {
            Variant::Available | Variant::AvailableSync => Policy::Available,
            Variant::Consistent | Variant::NoWriteBack | Variant::LocalReads => Policy::Consistent,
        }
    }

    /// When a write is acknowledged with the network whole.
    pub fn replication(self) -> Replication {
        match self {
            Variant::Available => Replication::Async,
            _ => Replication::Sync,
        }
    }

    /// The variant for `policy=` and `replication=` settings; consistent
    /// replication is synchronous by definition.
    pub fn from_settings(policy: Policy, replication: Replication) -> Result<Variant, String> {
        match (policy, replication) {
            (Policy::Consistent, Replication::Sync) => Ok(Variant::Consistent),
            (Policy::Available, Replication::Async) => Ok(Variant::Available),
            (Policy::Available, Replication::Sync) => Ok(Variant::AvailableSync),
            (Policy::Consistent, Replication::Async) => Err(
                "policy=consistent cannot use replication=async: a write acknowledged before a majority stores it can be missed by the next quorum read"
                    .to_owned(),
            ),
        }
    }
}

/// Limits that keep a state-space search finite; not part of the model,
/// so the widget and the chaos tests leave them off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bounds {
    /// Each client issues at most this many operations; later requests are
    /// ignored.
    pub max_ops: Option<u32>,
}

/// A replica group's configuration: the protocol value the engine runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cap {
    /// Replicas, [`MIN_NODES`] to [`MAX_NODES`].
    pub nodes: usize,
    pub variant: Variant,
    /// Ticks a client waits for an answer before the replica gives up (and,
    /// depending on the policy, refuses or answers alone).
    pub timeout: Time,
    /// Ticks between background retries of unacknowledged updates.
    pub retry: Time,
    /// The values clients may write, in button order.
    pub values: Vec<u8>,
    pub bounds: Bounds,
}

impl Default for Cap {
    fn default() -> Self {
        Cap {
            nodes: 3,
            variant: Variant::Consistent,
            timeout: 10,
            retry: 5,
            values: vec![1, 2, 3],
            bounds: Bounds::default(),
        }
    }
}

impl Cap {
    pub fn new(nodes: usize, variant: Variant) -> Self {
        Cap {
            nodes,
            variant,
            ..Cap::default()
        }
    }

    pub(crate) fn size(&self) -> usize {
        self.nodes.clamp(MIN_NODES, MAX_NODES)
    }

    /// Replicas a consistent operation needs, its own copy included:
    /// ⌊N/2⌋ + 1.
    pub fn majority(&self) -> usize {
        self.size() / 2 + 1
    }
}
