//! The simulated world: nodes, network, clock, generator, and the record of
//! how it got here.

use std::sync::Arc;

use crate::action::{Action, ActionError, ActionMenu};
use crate::ids::{MsgId, NodeId, Time};
use crate::invariant::{Invariant, InvariantStatus, Violation};
use crate::log::LogEntry;
use crate::protocol::{Effect, Protocol};
use crate::rng::Rng;
use crate::state::{Envelope, FaultCounts, HashOpts, NodeSlot, State, TimerSlot, groups_of};

mod describe;
mod effects;
mod enabled;
mod exec;
mod travel;

pub use travel::TravelError;

/// The seed used when nobody chooses one, so that a page load always shows
/// the same run.
pub const DEFAULT_SEED: u64 = 0x5eed_d15c_0de5_0001;

/// How a world is set up. Part of what a shared link must reproduce, so keep
/// it small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub seed: u64,
    /// Ticks a message takes before it can be delivered.
    pub latency: Time,
    /// Extra random ticks, uniform in `0..=jitter`, drawn from the world's
    /// generator.
    pub jitter: Time,
    /// Keep a snapshot every this many steps for time travel; 0 keeps only
    /// the initial one.
    pub snapshot_every: u64,
    /// Keep the event log and check invariants after every step. Off for
    /// raw-speed runs; time travel and invariants need it on.
    pub record: bool,
    /// What `enabled_actions` offers.
    pub menu: ActionMenu,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: DEFAULT_SEED,
            latency: 1,
            jitter: 0,
            snapshot_every: 64,
            record: true,
            menu: ActionMenu::default(),
        }
    }
}

#[derive(Debug, Clone)]
struct Shared<P: Protocol> {
    protocol: P,
    invariants: Vec<Invariant<P>>,
    config: Config,
    /// `Protocol::requests` per node, asked once: the list is fixed.
    requests: Vec<Vec<P::Request>>,
}

/// Everything that is history rather than state.
#[derive(Debug, Clone)]
struct Recording<P: Protocol> {
    /// Every action taken, possibly beyond the current step after a seek
    /// backwards; applying a new action there discards the rest.
    trace: Vec<Action<P>>,
    /// Log for the whole trace, not just up to the current step, so seeking
    /// forward needs no re-narration.
    log: Vec<LogEntry<P>>,
    violations: Vec<Violation>,
    /// `snapshots[i]` is the state at step `i * snapshot_every`.
    snapshots: Vec<State<P>>,
    /// Which invariants are broken in the current state, so a violation is
    /// reported once when it starts rather than at every later step.
    broken: Vec<bool>,
    /// False for explorer copies: no log, no invariant checks, no snapshots.
    on: bool,
}

/// What one applied action did.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport<P: Protocol> {
    /// The step number reached (the first action makes step 1).
    pub step: u64,
    pub time: Time,
    pub action: Action<P>,
    /// The event-log sentences this step produced (empty when not recording).
    pub lines: Vec<String>,
    /// Invariants that stopped holding at this step.
    pub violations: Vec<Violation>,
}

/// A read-only view of one node.
#[derive(Debug, Clone)]
pub struct NodeView<'a, P: Protocol> {
    pub id: NodeId,
    pub durable: &'a P::Durable,
    /// `None` while the node is down.
    pub volatile: Option<&'a P::Volatile>,
    /// When the node is frozen, until when.
    pub paused_until: Option<Time>,
    /// Clock offset in ticks.
    pub skew: i64,
    /// What the node's own clock reads now.
    pub clock: Time,
}

impl<P: Protocol> NodeView<'_, P> {
    pub fn is_up(&self) -> bool {
        self.volatile.is_some()
    }
}

/// A deterministic simulation of one protocol.
///
/// Same protocol, same config (seed included) and same actions give the same
/// states, logs and hashes, natively and in wasm.
#[derive(Debug, Clone)]
pub struct World<P: Protocol> {
    shared: Arc<Shared<P>>,
    state: State<P>,
    rec: Recording<P>,
    /// Reused effect buffer, so handling an event allocates nothing.
    scratch: Vec<Effect<P>>,
    /// Log lines of the step being applied, committed only if it succeeds.
    pending: Vec<LogEntry<P>>,
}

impl<P: Protocol> World<P> {
    /// A world with the default configuration and the protocol's own
    /// invariants.
    pub fn new(protocol: P) -> Self {
        World::with_config(protocol, Config::default())
    }

    pub fn with_config(protocol: P, config: Config) -> Self {
        let invariants = protocol.invariants();
        let nodes = protocol.node_count().min(255);
        let requests = NodeId::all(nodes).map(|n| protocol.requests(n)).collect();
        let state = State {
            now: 0,
            step: 0,
            rng: Rng::new(config.seed),
            nodes: NodeId::all(nodes)
                .map(|n| NodeSlot {
                    durable: protocol.init_durable(n),
                    volatile: None,
                    paused_until: 0,
                    skew: 0,
                })
                .collect(),
            in_flight: Vec::new(),
            next_msg: 1,
            timers: Default::default(),
            partition: None,
            faults: FaultCounts::default(),
        };
        let record = config.record;
        let broken = vec![false; invariants.len()];
        let mut world = World {
            shared: Arc::new(Shared {
                protocol,
                invariants,
                config,
                requests,
            }),
            state,
            rec: Recording {
                trace: Vec::new(),
                log: Vec::new(),
                violations: Vec::new(),
                snapshots: Vec::new(),
                broken,
                on: true,
            },
            scratch: Vec::new(),
            pending: Vec::new(),
        };
        for n in NodeId::all(nodes) {
            world.start_node(n, record);
        }
        world.rec.log.append(&mut world.pending);
        if record {
            world.check_invariants();
        }
        world.rec.snapshots.push(world.state.clone());
        world
    }

    /// A world that has taken `actions` from the start.
    pub fn replay(protocol: P, config: Config, actions: &[Action<P>]) -> Result<Self, ActionError> {
        let mut world = World::with_config(protocol, config);
        for (i, a) in actions.iter().enumerate() {
            world.apply(a.clone()).map_err(|e| ActionError::Replay {
                step: i as u64 + 1,
                reason: Box::new(e),
            })?;
        }
        Ok(world)
    }

    /// Adds an invariant beyond the protocol's own (for tests, or a widget
    /// that checks a property the chapter is about).
    pub fn add_invariant(&mut self, invariant: Invariant<P>) {
        Arc::make_mut(&mut self.shared).invariants.push(invariant);
        let holds = !self.rec.on || !self.shared.config.record || (invariant.check)(self).is_ok();
        self.rec.broken.push(!holds);
    }

    /// Changes which actions `enabled_actions` lists; the state is untouched.
    pub fn set_menu(&mut self, menu: ActionMenu) {
        Arc::make_mut(&mut self.shared).config.menu = menu;
    }

    /// A copy for state-space search: same state, empty history, no
    /// narration, no invariant checks of its own.
    pub fn detached(&self) -> Self {
        let mut state = self.state.clone();
        state.step = 0;
        World {
            shared: Arc::clone(&self.shared),
            state,
            rec: Recording {
                trace: Vec::new(),
                log: Vec::new(),
                violations: Vec::new(),
                snapshots: Vec::new(),
                broken: Vec::new(),
                on: false,
            },
            scratch: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn recording(&self) -> bool {
        self.rec.on && self.shared.config.record
    }

    pub fn protocol(&self) -> &P {
        &self.shared.protocol
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    pub fn seed(&self) -> u64 {
        self.shared.config.seed
    }

    pub fn invariants(&self) -> &[Invariant<P>] {
        &self.shared.invariants
    }

    /// True time.
    pub fn now(&self) -> Time {
        self.state.now
    }

    /// How many actions have been applied to reach the current state.
    pub fn step(&self) -> u64 {
        self.state.step
    }

    /// The whole recorded trace; after seeking backwards it extends beyond
    /// [`World::step`].
    pub fn trace(&self) -> &[Action<P>] {
        &self.rec.trace
    }

    pub fn node_count(&self) -> usize {
        self.state.nodes.len()
    }

    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + Clone + use<P> {
        NodeId::all(self.node_count())
    }

    pub fn node_name(&self, node: NodeId) -> String {
        self.shared.protocol.node_name(node)
    }

    /// Finds a node by its protocol name ("server") or its `n1` form.
    pub fn node_by_name(&self, name: &str) -> Option<NodeId> {
        self.node_ids()
            .find(|&n| self.node_name(n) == name)
            .or_else(|| self.node_ids().find(|n| n.to_string() == name))
    }

    /// # Panics
    /// If `node` does not exist; use [`World::try_node`] for untrusted ids.
    pub fn node(&self, node: NodeId) -> NodeView<'_, P> {
        match self.try_node(node) {
            Some(v) => v,
            None => panic!("no node {node} in a world of {}", self.node_count()),
        }
    }

    pub fn try_node(&self, node: NodeId) -> Option<NodeView<'_, P>> {
        let s = self.state.slot(node)?;
        Some(NodeView {
            id: node,
            durable: &s.durable,
            volatile: s.volatile.as_ref(),
            paused_until: (s.paused_until > self.state.now).then_some(s.paused_until),
            skew: s.skew,
            clock: self.state.local_clock(node),
        })
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeView<'_, P>> {
        self.node_ids().filter_map(|n| self.try_node(n))
    }

    pub fn is_up(&self, node: NodeId) -> bool {
        self.state.is_up(node)
    }

    /// Messages in the network, oldest first.
    pub fn in_flight(&self) -> &[Envelope<P::Msg>] {
        &self.state.in_flight
    }

    pub fn message(&self, id: MsgId) -> Option<&Envelope<P::Msg>> {
        self.state.msg_index(id).map(|i| &self.state.in_flight[i])
    }

    /// Pending timers, ordered by node then timer.
    pub fn timers(&self) -> impl Iterator<Item = (NodeId, &P::Timer, TimerSlot)> {
        self.state.timers.iter().map(|((n, t), s)| (*n, t, *s))
    }

    /// The requests a user may send to `node` (the protocol's list).
    pub fn requests(&self, node: NodeId) -> &[P::Request] {
        self.shared
            .requests
            .get(node.index())
            .map_or(&[], Vec::as_slice)
    }

    pub fn is_partitioned(&self) -> bool {
        self.state.partition.is_some()
    }

    /// Whether `node` is frozen at time `at`.
    pub(crate) fn state_paused_at(&self, node: NodeId, at: Time) -> bool {
        self.state.paused_at(node, at)
    }

    /// Whether `node` is frozen right now.
    pub fn is_paused(&self, node: NodeId) -> bool {
        self.state.paused_at(node, self.state.now)
    }

    /// The current partition's groups, or `None` when the network is whole.
    pub fn partition(&self) -> Option<Vec<Vec<NodeId>>> {
        self.state.partition.as_deref().map(groups_of)
    }

    /// Whether the network lets `a` and `b` talk.
    pub fn can_talk(&self, a: NodeId, b: NodeId) -> bool {
        self.state.can_talk(a, b)
    }

    pub fn faults(&self) -> FaultCounts {
        self.state.faults
    }

    /// The event log up to the current step.
    pub fn log(&self) -> &[LogEntry<P>] {
        let end = self.rec.log.partition_point(|e| e.step <= self.state.step);
        &self.rec.log[..end]
    }

    /// Violations that happened up to the current step.
    pub fn violations(&self) -> &[Violation] {
        let end = self
            .rec
            .violations
            .partition_point(|v| v.step <= self.state.step);
        &self.rec.violations[..end]
    }

    /// Every invariant evaluated on the current state.
    pub fn invariant_status(&self) -> Vec<InvariantStatus> {
        self.shared
            .invariants
            .iter()
            .map(|i| InvariantStatus {
                name: i.name,
                holds: (i.check)(self),
            })
            .collect()
    }

    /// A hash of everything that determines the future (nodes, network,
    /// timers, clock, generator), excluding the history.
    pub fn state_hash(&self) -> u64 {
        self.state.fingerprint(HashOpts::FULL)
    }

    /// A hash of part of the state; see [`HashOpts`].
    pub fn fingerprint(&self, opts: HashOpts) -> u64 {
        self.state.fingerprint(opts)
    }

    fn check_invariants(&mut self) {
        let results: Vec<Result<(), String>> = self
            .shared
            .invariants
            .iter()
            .map(|i| (i.check)(self))
            .collect();
        let step = self.state.step;
        let time = self.state.now;
        for (i, result) in results.into_iter().enumerate() {
            let name = self.shared.invariants[i].name;
            let was_broken = self.rec.broken[i];
            match result {
                Err(reason) if !was_broken => {
                    self.rec.broken[i] = true;
                    self.rec.log.push(LogEntry {
                        step,
                        time,
                        text: format!("invariant \"{name}\" broke: {reason}"),
                        what: crate::log::Happening::Violated {
                            invariant: name,
                            reason: reason.clone(),
                        },
                    });
                    self.rec.violations.push(Violation {
                        step,
                        invariant: name,
                        reason,
                    });
                }
                Ok(()) if was_broken => {
                    self.rec.broken[i] = false;
                    self.rec.log.push(LogEntry {
                        step,
                        time,
                        text: format!("invariant \"{name}\" holds again"),
                        what: crate::log::Happening::Restored { invariant: name },
                    });
                }
                _ => {}
            }
        }
    }

    /// Applies one action, records it, checks invariants and reports what
    /// happened. If the world is at an earlier step after a seek, the
    /// recorded future is discarded first (like typing after an undo).
    pub fn apply(&mut self, action: Action<P>) -> Result<StepReport<P>, ActionError> {
        let record = self.recording();
        self.state.step += 1;
        if let Err(e) = self.exec(&action, record) {
            self.state.step -= 1;
            self.pending.clear();
            return Err(e);
        }
        let step = self.state.step;
        self.discard_future(step - 1);
        self.rec.trace.push(action.clone());
        let first_line = self.rec.log.len();
        self.rec.log.append(&mut self.pending);
        let first_violation = self.rec.violations.len();
        if record {
            self.check_invariants();
        }
        self.maybe_snapshot();
        Ok(StepReport {
            step,
            time: self.state.now,
            action,
            lines: self.rec.log[first_line..]
                .iter()
                .map(|e| e.text.clone())
                .collect(),
            violations: self.rec.violations[first_violation..].to_vec(),
        })
    }

    /// Drops history recorded beyond `step`.
    fn discard_future(&mut self, step: u64) {
        let rec = &mut self.rec;
        if rec.trace.len() as u64 > step {
            rec.trace.truncate(step as usize);
            let keep = rec.log.partition_point(|e| e.step <= step);
            rec.log.truncate(keep);
            let keep = rec.violations.partition_point(|v| v.step <= step);
            rec.violations.truncate(keep);
            let every = self.shared.config.snapshot_every;
            if let Some(i) = step.checked_div(every) {
                rec.snapshots.truncate(i as usize + 1);
            }
        }
    }

    fn maybe_snapshot(&mut self) {
        let every = self.shared.config.snapshot_every;
        let step = self.state.step;
        if self.rec.on
            && every > 0
            && step.is_multiple_of(every)
            && self.rec.snapshots.len() as u64 == step / every
        {
            self.rec.snapshots.push(self.state.clone());
        }
    }
}
