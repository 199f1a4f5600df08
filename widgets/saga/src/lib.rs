//! A booking saga, as the transactions chapter's widget animates it.
//!
//! A trip needs four local transactions in four services, each with its
//! own database: reserve a hotel room, charge the card, book a flight seat,
//! send a confirmation e-mail. No transaction spans them. A *saga*
//! (Garcia-Molina & Salem, "Sagas", SIGMOD 1987) runs them one after
//! another and, when one fails, runs *compensating* transactions for the
//! steps already done, in reverse order: refund the card, then cancel the
//! room. The model runs on the [`dsw_sim`] engine: every node is a pure
//! state machine, and the network, crashes and duplicates belong to the
//! engine.
//!
//! * **Nodes.** `orchestrator` (or `trips` in choreography mode), `hotel`,
//!   `payment`, `flight`, `email` and `broker`. Every message goes through
//!   the broker, which stores it durably and redelivers it until the
//!   subscriber acknowledges: at-least-once delivery. Publishers retry
//!   until the broker acknowledges.
//! * **Modes** ([`Mode`]). *Orchestration*: the orchestrator keeps a durable
//!   saga log, sends each service a command and waits for the reply; on a
//!   failure it sends compensations in reverse order; after a crash it
//!   resumes from its log and resends the current command. *Choreography*:
//!   the trip service publishes "trip requested" and each service reacts to
//!   the previous one's event; a failure event travels back along the chain,
//!   each service compensating and passing it on.
//! * **Toggles.** `outbox`: with it, a service writes its event to an
//!   outbox table in the same local transaction as its change, and a relay
//!   publishes it until acknowledged; without it, the event waits in memory
//!   for a second, separate write to the broker (a dual write), and a crash
//!   in between loses it. `dedupe`: with it, a service records processed
//!   message ids in the same local transaction and ignores repeats; without
//!   it, a redelivered "charge the card" charges twice. [`Variant`] names the
//!   four combinations.
//! * [`invariants`]: "No double effect", "Compensations run in reverse
//!   order", "Nothing refunded that was not charged", and "A saga ends all
//!   done or all undone", which is about the end of a run and is judged only
//!   when the system is quiet (see there).
//! * [`PRESETS`] are the chapter's scenarios (golden files in
//!   `tests/scenarios/`), read by [`SagaHost`] (`new mode=orchestration
//!   outbox=on dedupe=on variant=correct nodes=6 latency=1 jitter=0 seed=...`,
//!   plus a `saga` command that prints every database); [`explore_root`] and
//!   [`explore_config`] drive the widget's "find a counterexample" button.
//! * [`oracle`] answers predict-the-next-step quiz questions.
//!
//! Which step may fail: hotel, payment and flight fail for business reasons
//! when the learner asks (the flight is the saga's pivot: after it, nothing
//! can fail). The e-mail fails only transiently: the service neither commits
//! nor acknowledges, and the broker's redelivery retries it.
//!
//! Not modelled: more than one saga at a time, so the isolation anomalies
//! sagas allow (lost updates, dirty reads of a saga in progress) are in the
//! chapter's text, not in the widget; timeouts in the orchestrator (it
//! resends only after its own restart); change data capture (the relay polls
//! the outbox); a broker that itself deduplicates.
//!
//! The code the book quotes sits between `ANCHOR` comments in `node.rs`:
//! `compensate`, `resume`, `outbox` and `dedupe`.
//!
//! Tests: `cargo test` in this directory (about 30 s in debug). The full
//! chaos campaign and the searches over whole sagas are `cargo test
//! --release -- --ignored`. `DSW_BLESS=1 cargo test --test scenarios`
//! rewrites the golden files.

use dsw_sim::Time;

mod describe;
pub mod invariants;
mod model;
mod node;
pub mod oracle;
mod presets;

pub use describe::{effects, summary};
pub use model::{
    BROKER, Body, BrokerDisk, Dir, Disk, HEAD, HeadDisk, Memory, Msg, NODES, Outcome, Output,
    Pending, Phase, Request, ServiceDisk, Step, Stored, Timer,
};
pub use presets::{
    PRESETS, SagaHost, explore_config, explore_root, load, open_link, preset, widget_menu,
};

/// Who sequences the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// A central orchestrator with a durable saga log.
    #[default]
    Orchestration,
    /// Services react to each other's events; nobody is in charge.
    Choreography,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Orchestration, Mode::Choreography];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Orchestration => "orchestration",
            Mode::Choreography => "choreography",
        }
    }

    pub fn parse(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The two toggles, named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    /// Transactional outbox and idempotent consumers.
    #[default]
    Correct,
    /// No outbox: commit, then publish as a separate write.
    DualWrite,
    /// No dedupe table: every delivery is processed.
    NoDedupe,
    /// Neither.
    DualWriteNoDedupe,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Correct,
        Variant::DualWrite,
        Variant::NoDedupe,
        Variant::DualWriteNoDedupe,
    ];

    /// The name used in scenario files (`new variant=...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::DualWrite => "dual-write",
            Variant::NoDedupe => "no-dedupe",
            Variant::DualWriteNoDedupe => "dual-write-no-dedupe",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a variant picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Correct => {
                "transactional outbox and idempotent consumers: nothing lost, nothing applied twice"
            }
            Variant::DualWrite => {
                "bug: services commit, then publish in a separate write; a crash in between loses the event"
            }
            Variant::NoDedupe => {
                "bug: services process every delivery, so a redelivered message charges or books twice"
            }
            Variant::DualWriteNoDedupe => "both bugs at once",
        }
    }

    pub fn outbox(self) -> bool {
        matches!(self, Variant::Correct | Variant::NoDedupe)
    }

    pub fn dedupe(self) -> bool {
        matches!(self, Variant::Correct | Variant::DualWrite)
    }

    pub fn from_toggles(outbox: bool, dedupe: bool) -> Variant {
        match (outbox, dedupe) {
            (true, true) => Variant::Correct,
            (false, true) => Variant::DualWrite,
            (true, false) => Variant::NoDedupe,
            (false, false) => Variant::DualWriteNoDedupe,
        }
    }
}

/// Limits that keep a state-space search finite. They are not part of the
/// protocol: the widget and the chaos tests leave them off. With time
/// abstracted away a retry timer can fire any number of times, and every
/// firing puts one more copy on the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bounds {
    /// A publisher stops retrying a message after this many sends.
    pub publish_attempts: Option<u8>,
    /// The broker stops redelivering a stored message after this many
    /// deliveries.
    pub deliveries: Option<u8>,
}

/// Delays, in ticks. None of them is read for a decision; they only say
/// when a timer goes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timing {
    /// From a commit to the publish that follows it: the relay's polling
    /// interval, or the gap between the two halves of a dual write.
    pub relay: Time,
    /// A publisher resends a message the broker has not acknowledged.
    pub retry: Time,
    /// The broker redelivers a message nobody has acknowledged.
    pub redeliver: Time,
}

impl Default for Timing {
    /// Longer than a round trip at the default latency of 1 tick, so a
    /// fault-free run sends every message once.
    fn default() -> Self {
        Timing {
            relay: 1,
            retry: 4,
            redeliver: 5,
        }
    }
}

/// The saga's configuration: the protocol value the engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saga {
    pub mode: Mode,
    /// Write events to an outbox table in the same local transaction.
    pub outbox: bool,
    /// Record processed message ids in the same local transaction.
    pub dedupe: bool,
    pub timing: Timing,
    pub bounds: Bounds,
}

impl Saga {
    pub fn new(mode: Mode, variant: Variant) -> Self {
        Saga {
            mode,
            outbox: variant.outbox(),
            dedupe: variant.dedupe(),
            timing: Timing::default(),
            bounds: Bounds::default(),
        }
    }

    pub fn variant(&self) -> Variant {
        Variant::from_toggles(self.outbox, self.dedupe)
    }

    /// Who subscribes to a message: the broker's routing table.
    pub fn route(&self, body: Body) -> dsw_sim::NodeId {
        match (self.mode, body) {
            (_, Body::Command(step, _)) => step.node(),
            (_, Body::Start) => Step::first().node(),
            (Mode::Orchestration, Body::Event(..)) => HEAD,
            (Mode::Choreography, Body::Event(step, Outcome::Done)) => {
                step.next().map_or(HEAD, Step::node)
            }
            (Mode::Choreography, Body::Event(step, _)) => step.prev().map_or(HEAD, Step::node),
        }
    }
}

impl Default for Saga {
    /// Orchestration, with the outbox and idempotent consumers.
    fn default() -> Self {
        Saga::new(Mode::Orchestration, Variant::Correct)
    }
}
