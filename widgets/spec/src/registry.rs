//! Every widget an author can place, and its parameters. Adding a widget means
//! adding an entry here and a component in the host's `mount` table; the host
//! has a test that the two agree.

use crate::{Default, ParamKind, ParamSpec, WidgetSpec};

/// The Foundations widget's presets; `dsw-catalog` checks that this list is
/// exactly the model's (`dsw_sim::rpc::PRESETS`).
pub const RPC_PRESETS: &[&str] = &[
    "try-it",
    "try-it-retries",
    "try-it-idempotent",
    "ok",
    "request-lost",
    "server-crashed-before",
    "server-crashed-after",
    "reply-lost",
    "slow-reply",
    "retry-duplicate",
    "retry-idempotent",
];

/// The Raft widget's presets; `dsw-catalog` checks that this list is
/// exactly the model's (`dsw_raft::PRESETS`).
pub const RAFT_PRESETS: &[&str] = &[
    "try-it",
    "normal-election",
    "split-vote",
    "leader-crash",
    "old-leader-minority",
    "log-repair",
    "lagging-follower",
    "figure-8",
    "figure-8-bug",
];

pub const TWOPC_PRESETS: &[&str] = &[
    "try-it",
    "commit",
    "abort",
    "coordinator-crash-in-doubt",
    "coordinator-crash-after-commit",
    "participant-crash-prepared",
    "prepared-timeout-bug",
    "3pc-commit",
    "3pc-partition",
];

pub const CAP_PRESETS: &[&str] = &[
    "try-it",
    "healthy",
    "partition-consistent",
    "partition-available",
    "heal-and-reconcile",
    "latency-sync",
    "latency-async",
    "read-without-write-back",
];

pub const SAGA_PRESETS: &[&str] = &[
    "try-it",
    "happy-path",
    "flight-fails",
    "orchestrator-crash",
    "choreography",
    "lost-event-without-outbox",
    "outbox-relay",
    "duplicate-charge",
    "idempotent-consumer",
];

pub const PAXOS_PRESETS: &[&str] = &[
    "try-it",
    "normal",
    "value-adoption",
    "dueling-proposers",
    "acceptor-restart",
    "forget-promise-bug",
    "ignore-accepted-bug",
    "multi-paxos",
    "leader-change",
];

pub const CLOCKS_PRESETS: &[&str] = &[
    "basics",
    "lamport-not-causal",
    "vector-concurrent",
    "skewed-clock",
    "drifting-clock",
    "hlc",
    "tie-break",
    "receive-without-plus-one",
];

/// The consistency widget's histories (`src/ch07-consistency/histories/`).
pub const HISTORY_PRESETS: &[&str] = &[
    "cas-double-acquire",
    "cas-race",
    "concurrent-writes-disagree",
    "effect-before-cause",
    "info-must-have-happened",
    "info-must-not-have-happened",
    "linearizable-overlap",
    "monotonic-reads-violation",
    "new-old-inversion",
    "read-your-writes-violation",
    "stale-read",
    "writes-out-of-order",
];

pub static WIDGETS: &[WidgetSpec] = &[
    WidgetSpec {
        name: "ring",
        summary: "A token passed around a ring of nodes: the controls every widget shares.",
        params: &[ParamSpec {
            name: "nodes",
            kind: ParamKind::Int { min: 3, max: 9 },
            default: Default::Int(5),
            help: "how many nodes stand in the ring",
        }],
    },
    WidgetSpec {
        name: "rpc",
        summary: "One client calls one server over a network that can lose, delay and duplicate messages.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(RPC_PRESETS),
            default: Default::Choice("try-it"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "raft",
        summary: "A Raft cluster: elections, log replication, crashes and partitions, and three classic bugs to switch on.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(RAFT_PRESETS),
            default: Default::Choice("normal-election"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "twopc",
        summary: "Two-phase and three-phase commit: a coordinator and 2 to 5 participants, in-doubt participants holding locks, crashes at every step.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(TWOPC_PRESETS),
            default: Default::Choice("coordinator-crash-in-doubt"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "cap",
        summary: "Replicas and their clients: cut the link, choose to refuse (consistent) or answer locally (available), and see the history and the latency each choice costs.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(CAP_PRESETS),
            default: Default::Choice("partition-available"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "saga",
        summary: "A booking saga (hotel, payment, flight, confirmation) with orchestration or choreography: failing steps, crashes, compensations in reverse, the outbox and idempotent consumers.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(SAGA_PRESETS),
            default: Default::Choice("flight-fails"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "paxos",
        summary: "Single-decree and Multi-Paxos: proposers, acceptors and learners with ballots, value adoption, dueling proposers, and two classic bugs to switch on.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(PAXOS_PRESETS),
            default: Default::Choice("value-adoption"),
            help: "the scenario loaded first; the reader can pick another",
        }],
    },
    WidgetSpec {
        name: "clocks",
        summary: "A space-time diagram of 2 to 5 processes: add events and messages, skew a clock, and compare Lamport, vector, hybrid logical and physical stamps with happened-before.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(CLOCKS_PRESETS),
            default: Default::Choice("basics"),
            help: "the diagram loaded first; the reader can pick another or draw their own",
        }],
    },
    WidgetSpec {
        name: "history",
        summary: "A concurrent history on one register, drawn per client: drag and edit the operations and see the verdicts of linearizability, sequential and causal consistency side by side.",
        params: &[ParamSpec {
            name: "preset",
            kind: ParamKind::Choice(HISTORY_PRESETS),
            default: Default::Choice("stale-read"),
            help: "the history loaded first; the reader can pick another or edit it",
        }],
    },
    WidgetSpec {
        name: "host-check",
        summary: "Exercises the widget host itself; the browser tests place it on a test page.",
        params: &[ParamSpec {
            name: "panic",
            kind: ParamKind::Bool,
            default: Default::Bool(false),
            help: "panic when the button is pressed, to prove one broken widget leaves the rest working",
        }],
    },
];
