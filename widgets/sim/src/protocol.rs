//! What a protocol author implements: a node as a pure state machine.
//!
//! A node never performs I/O. It receives one [`Event`] at a time and writes
//! the consequences into [`Effects`]; the world carries them out. Its state
//! comes in two parts so that a crash can be modelled exactly: `Durable` is
//! what survives on disk, `Volatile` is rebuilt from `Durable` by
//! [`Protocol::start`] after a restart. The type system is what guarantees
//! that nothing volatile leaks across a crash.

use std::fmt::{self, Debug};
use std::hash::Hash;

use crate::ids::{NodeId, Time};
use crate::invariant::Invariant;
use crate::rng::Rng;
use crate::wire::Wire;

/// A protocol: its configuration (the value itself) plus the behaviour of
/// every node.
///
/// The supertraits let the engine's generic types derive `Clone`, `Debug`
/// and `PartialEq` without hand-written impls; configurations are small
/// plain structs, so they cost nothing to satisfy.
pub trait Protocol: Clone + Debug + PartialEq + 'static {
    /// Survives crashes (a node's disk).
    type Durable: Clone + Hash + Eq + Debug;
    /// Lost on a crash (a node's memory).
    type Volatile: Clone + Hash + Eq + Debug;
    type Msg: Clone + Hash + Eq + Debug;
    /// Timer names: setting a timer that is already pending moves it.
    type Timer: Clone + Hash + Ord + Debug + Wire;
    /// What a user can ask a node to do ("write 3", "call the server").
    type Request: Clone + Hash + Eq + Debug + Wire;
    /// What a node reports back to its user.
    type Output: Clone + Debug + PartialEq;

    fn node_count(&self) -> usize;

    fn node_name(&self, node: NodeId) -> String {
        node.to_string()
    }

    /// The disk contents of a node that has never run.
    fn init_durable(&self, node: NodeId) -> Self::Durable;

    /// Runs at the first start and after every restart. Receiving only
    /// `&Durable` is deliberate: a restarted node knows nothing else.
    fn start(
        &self,
        ctx: &mut Ctx<'_>,
        durable: &Self::Durable,
        out: &mut Effects<Self>,
    ) -> Self::Volatile;

    /// Handles one event. Crashes are not events: a crashing process runs no
    /// code, the world simply discards its volatile state and timers.
    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        durable: &mut Self::Durable,
        volatile: &mut Self::Volatile,
        event: Event<Self>,
        out: &mut Effects<Self>,
    );

    /// The requests a user may send to `node`, offered as buttons and as
    /// explorer moves. Keep the list short and fixed.
    fn requests(&self, _node: NodeId) -> Vec<Self::Request> {
        Vec::new()
    }

    /// Safety properties checked after every step.
    fn invariants(&self) -> Vec<Invariant<Self>> {
        Vec::new()
    }

    /// A message in words, e.g. `AppendEntries(term 3, index 4)`.
    fn describe_msg(&self, msg: &Self::Msg) -> String {
        format!("{msg:?}")
    }

    fn describe_timer(&self, timer: &Self::Timer) -> String {
        format!("{timer:?}")
    }

    fn describe_request(&self, request: &Self::Request) -> String {
        format!("{request:?}")
    }

    fn describe_output(&self, output: &Self::Output) -> String {
        format!("{output:?}")
    }

    /// A one-line summary of a node's state for state panels and golden
    /// files; `volatile` is `None` while the node is down.
    fn describe_node(
        &self,
        _node: NodeId,
        durable: &Self::Durable,
        volatile: Option<&Self::Volatile>,
    ) -> String {
        match volatile {
            Some(v) => format!("{durable:?} {v:?}"),
            None => format!("{durable:?}"),
        }
    }
}

/// Something that happens to a running node.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<P: Protocol> {
    Message { from: NodeId, msg: P::Msg },
    Timer(P::Timer),
    Request(P::Request),
}

/// What a node may know about its surroundings while it handles an event.
#[derive(Debug)]
pub struct Ctx<'a> {
    node: NodeId,
    now: Time,
    nodes: usize,
    rng: &'a mut Rng,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(node: NodeId, now: Time, nodes: usize, rng: &'a mut Rng) -> Self {
        Ctx {
            node,
            now,
            nodes,
            rng,
        }
    }

    pub fn node(&self) -> NodeId {
        self.node
    }

    /// This node's local clock, which includes any injected skew; the true
    /// time is deliberately not available.
    pub fn now(&self) -> Time {
        self.now
    }

    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// Every other node, in order.
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.node;
        NodeId::all(self.nodes).filter(move |&n| n != me)
    }

    /// Randomness for randomized protocols (election timeouts), drawn from
    /// the world's seeded generator so runs stay reproducible.
    pub fn random_below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }
}

/// One consequence of handling an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<P: Protocol> {
    Send {
        to: NodeId,
        msg: P::Msg,
    },
    /// Fires `delay` ticks from now; replaces a pending timer of that name.
    SetTimer {
        timer: P::Timer,
        delay: Time,
    },
    CancelTimer {
        timer: P::Timer,
    },
    /// A result reported to this node's user (a client reply).
    Output(P::Output),
    /// A sentence for the event log explaining a decision.
    Note(String),
}

/// The effects a handler produces, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Effects<P: Protocol> {
    list: Vec<Effect<P>>,
    narrate: bool,
}

impl<P: Protocol> Effects<P> {
    /// `narrate` says whether notes are wanted; the explorer and benchmarks
    /// turn it off so no sentence is ever formatted.
    pub fn new(narrate: bool) -> Self {
        Effects {
            list: Vec::new(),
            narrate,
        }
    }

    pub(crate) fn reuse(mut list: Vec<Effect<P>>, narrate: bool) -> Self {
        list.clear();
        Effects { list, narrate }
    }

    pub(crate) fn into_list(self) -> Vec<Effect<P>> {
        self.list
    }

    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.list.push(Effect::Send { to, msg });
    }

    pub fn set_timer(&mut self, timer: P::Timer, delay: Time) {
        self.list.push(Effect::SetTimer { timer, delay });
    }

    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.list.push(Effect::CancelTimer { timer });
    }

    pub fn output(&mut self, output: P::Output) {
        self.list.push(Effect::Output(output));
    }

    /// Explains a decision in the event log. Takes `format_args!` so that
    /// nothing is formatted when nobody is listening.
    pub fn note(&mut self, text: fmt::Arguments<'_>) {
        if self.narrate {
            self.list.push(Effect::Note(text.to_string()));
        }
    }

    /// Whether notes are recorded, for handlers whose explanation is costly
    /// to compute.
    pub fn narrating(&self) -> bool {
        self.narrate
    }

    pub fn list(&self) -> &[Effect<P>] {
        &self.list
    }
}
