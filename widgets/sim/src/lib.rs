//! A deterministic discrete-event simulator for the workbook's protocol
//! widgets.
//!
//! # Design
//!
//! * **World.** A [`World`] holds the nodes of one [`Protocol`], the messages
//!   in flight, pending timers, a virtual clock (ticks, never the wall clock)
//!   and one seeded generator. Same protocol, config and actions give the
//!   same run on every machine, natively and in wasm.
//! * **Protocols** are pure state machines: an [`Event`] in, [`Effects`] out
//!   (send, set or cancel a timer, report to the user, explain in words).
//!   Node state is split into `Durable` (disk) and `Volatile` (memory); a
//!   crash drops the volatile part and the node's timers, and
//!   [`Protocol::start`] rebuilds memory from disk.
//! * **Actions.** Everything that can happen next, normal progress and
//!   faults alike, is an [`Action`]: deliver *any* in-flight message (that
//!   choice is reordering), drop, duplicate, delay, partition, heal, crash,
//!   restart, skew a clock, pause a node, fire a timer, send a request, let
//!   time pass. [`World::enabled_actions`] lists them in a fixed order;
//!   widget buttons, [`Chaos`] and the [`Explorer`] all choose from it.
//!   Messages crossing a partition are lost when they would be delivered,
//!   so healing before delivery lets them through.
//! * **Recording.** [`World::apply`] records the action, narrates it in the
//!   event log and checks every named [`Invariant`]. A snapshot is kept every
//!   `snapshot_every` steps; [`World::seek`] restores the nearest one and
//!   replays the rest, so scrubbing costs at most that many steps.
//! * **Links.** [`fragment`] packs (scenario, seed, actions, step) into a
//!   base64url string for a URL fragment, and unpacks untrusted ones without
//!   panicking.
//! * **Scenarios.** [`scenario`] runs datadriven text files (`command` /
//!   `----` / expected output) that serve both as golden tests and as widget
//!   presets.
//! * **Explorer.** [`Explorer`] searches the reachable states of a small
//!   configuration breadth-first, in slices a web page can schedule, and
//!   returns the shortest trace that breaks an invariant.
//!
//! [`rpc`] is the Foundations chapter's model; [`toys`] are small protocols
//! that test the engine itself.

mod action;
mod base64;
mod chaos;
mod explore;
pub mod fragment;
mod hash;
mod ids;
mod invariant;
mod log;
mod protocol;
mod rng;
pub mod rpc;
pub mod scenario;
mod state;
pub mod toys;
pub mod wire;
mod world;

pub use action::{Action, ActionError, ActionKind, ActionMenu, Limits, PartitionMenu};
pub use chaos::{Chaos, ChaosRun};
pub use explore::{Counterexample, ExploreConfig, Explorer, Progress};
pub use fragment::Recipe;
pub use hash::{StableHasher, hash_one};
pub use ids::{MsgId, NodeId, Time};
pub use invariant::{Invariant, InvariantStatus, Violation};
pub use log::{Happening, LogEntry, LossReason};
pub use protocol::{Ctx, Effect, Effects, Event, Protocol};
pub use rng::Rng;
pub use state::{Envelope, FaultCounts, HashOpts, TimerSlot};
pub use wire::{DecodeError, Wire};
pub use world::{Config, DEFAULT_SEED, NodeView, StepReport, TravelError, World};

/// The actions a world's menu offers now, in their fixed order (the same as
/// [`World::enabled_actions`]).
pub fn enabled_actions<P: Protocol>(world: &World<P>) -> Vec<Action<P>> {
    world.enabled_actions()
}

/// A fingerprint of one chaotic run, for checking that the simulator is
/// deterministic across platforms: the native tests and the wasm bundle each
/// compute it for the same seed and must print the same text.
pub fn determinism_digest(seed: u64, steps: u64) -> String {
    let config = Config {
        seed,
        ..Config::default()
    };
    let mut world = World::with_config(
        rpc::Rpc {
            retries: 2,
            ..rpc::Rpc::default()
        },
        config,
    );
    let mut combined = StableHasher::default();
    let chaos = Chaos::default();
    let mut taken = 0;
    for _ in 0..steps {
        let Some(action) = world.chaos_action(&chaos) else {
            break;
        };
        if world.apply(action).is_ok() {
            taken += 1;
        }
        std::hash::Hasher::write_u64(&mut combined, world.state_hash());
    }
    let link = fragment::encode(&world.recipe("try-it-retries"));
    format!(
        "steps={taken} t={} log={} hash={:016x} link={}",
        world.now(),
        world.log().len(),
        std::hash::Hasher::finish(&combined),
        &link[..link.len().min(24)]
    )
}
