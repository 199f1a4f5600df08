//! Everything that can happen next, as plain data.
//!
//! A normal step (deliver a message, fire a timer) and a fault (drop it,
//! crash the receiver) are the same kind of thing: an [`Action`]. The widget's
//! buttons, the chaos driver and the explorer all choose from the same list,
//! and a trace is just a `Vec<Action>`.

use std::fmt;

use crate::ids::{MsgId, NodeId, Time};
use crate::protocol::Protocol;

/// One step of a simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<P: Protocol> {
    /// Hand an in-flight message to its receiver. Any message may be chosen,
    /// not just the oldest: that choice is how reordering is expressed.
    /// Time moves forward to the message's due time if that is later. A
    /// message reaching a crashed node, or crossing a partition, is lost on
    /// arrival (so healing before delivery lets it through).
    Deliver(MsgId),
    /// The network loses the message.
    Drop(MsgId),
    /// The network delivers a second copy later (the copy gets a new id).
    Duplicate(MsgId),
    /// The message will not be due before `now + ticks`.
    Delay(MsgId, Time),
    /// Cut the network into groups; nodes left out of every group form one
    /// more group together. Replaces any earlier partition.
    Partition(Vec<Vec<NodeId>>),
    Heal,
    /// The node stops, losing its volatile state and pending timers.
    Crash(NodeId),
    /// The node starts again from its durable state.
    Restart(NodeId),
    /// Sets the node's clock offset: its clock reads `true time + offset`.
    /// Only what the node reads changes; its timers still measure true
    /// durations, like a wrong wall clock on a correct oscillator.
    Skew(NodeId, i64),
    /// The node freezes (a long GC pause, a suspended VM) for `ticks`.
    Pause(NodeId, Time),
    /// Time moves to the end of the node's pause.
    Resume(NodeId),
    /// The node's timer goes off; time moves forward to its due time if
    /// that is later.
    FireTimer(NodeId, P::Timer),
    /// A user asks the node to do something.
    Request(NodeId, P::Request),
    /// Time passes with no event.
    Tick(Time),
}

/// The kind of an action, without its arguments: for grouping buttons,
/// weighting chaos and counting faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionKind {
    Deliver,
    Drop,
    Duplicate,
    Delay,
    Partition,
    Heal,
    Crash,
    Restart,
    Skew,
    Pause,
    Resume,
    FireTimer,
    Request,
    Tick,
}

impl ActionKind {
    pub const ALL: [ActionKind; 14] = [
        ActionKind::Deliver,
        ActionKind::Drop,
        ActionKind::Duplicate,
        ActionKind::Delay,
        ActionKind::Partition,
        ActionKind::Heal,
        ActionKind::Crash,
        ActionKind::Restart,
        ActionKind::Skew,
        ActionKind::Pause,
        ActionKind::Resume,
        ActionKind::FireTimer,
        ActionKind::Request,
        ActionKind::Tick,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Deliver => "deliver",
            ActionKind::Drop => "drop",
            ActionKind::Duplicate => "duplicate",
            ActionKind::Delay => "delay",
            ActionKind::Partition => "partition",
            ActionKind::Heal => "heal",
            ActionKind::Crash => "crash",
            ActionKind::Restart => "restart",
            ActionKind::Skew => "skew",
            ActionKind::Pause => "pause",
            ActionKind::Resume => "resume",
            ActionKind::FireTimer => "fire",
            ActionKind::Request => "request",
            ActionKind::Tick => "tick",
        }
    }

    /// Whether this is something the environment does wrong, as opposed to
    /// the normal progress of a run.
    pub fn is_fault(self) -> bool {
        !matches!(
            self,
            ActionKind::Deliver
                | ActionKind::FireTimer
                | ActionKind::Request
                | ActionKind::Tick
                | ActionKind::Resume
                | ActionKind::Heal
                | ActionKind::Restart
        )
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<P: Protocol> Action<P> {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Deliver(_) => ActionKind::Deliver,
            Action::Drop(_) => ActionKind::Drop,
            Action::Duplicate(_) => ActionKind::Duplicate,
            Action::Delay(..) => ActionKind::Delay,
            Action::Partition(_) => ActionKind::Partition,
            Action::Heal => ActionKind::Heal,
            Action::Crash(_) => ActionKind::Crash,
            Action::Restart(_) => ActionKind::Restart,
            Action::Skew(..) => ActionKind::Skew,
            Action::Pause(..) => ActionKind::Pause,
            Action::Resume(_) => ActionKind::Resume,
            Action::FireTimer(..) => ActionKind::FireTimer,
            Action::Request(..) => ActionKind::Request,
            Action::Tick(_) => ActionKind::Tick,
        }
    }
}

/// Which partitions [`ActionMenu`] offers. Listing every grouping is only
/// practical for small clusters (the Bell number of 9 is 21,147).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartitionMenu {
    None,
    /// Each node cut off from all others, one action per node.
    #[default]
    Isolate,
    /// Every split into two sides.
    Split,
    /// Every grouping into two or more groups (at most 7 nodes).
    All,
}

/// Upper bounds on how many faults of each kind may be injected, so that an
/// explored state space stays finite. `None` means unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    pub drops: Option<u32>,
    pub duplicates: Option<u32>,
    pub delays: Option<u32>,
    pub crashes: Option<u32>,
    pub partitions: Option<u32>,
    pub pauses: Option<u32>,
    pub skews: Option<u32>,
}

/// Which actions [`crate::World::enabled_actions`] lists, and with which
/// arguments for the parametric ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionMenu {
    pub deliver: bool,
    pub fire_timers: bool,
    pub requests: bool,
    pub drop: bool,
    pub duplicate: bool,
    /// One `Delay` action per message per amount listed.
    pub delays: Vec<Time>,
    pub crash: bool,
    pub restart: bool,
    pub pauses: Vec<Time>,
    pub resume: bool,
    pub skews: Vec<i64>,
    pub partitions: PartitionMenu,
    pub heal: bool,
    pub ticks: Vec<Time>,
    pub limits: Limits,
}

impl Default for ActionMenu {
    /// Everything a widget offers, with one representative argument each.
    fn default() -> Self {
        ActionMenu {
            deliver: true,
            fire_timers: true,
            requests: true,
            drop: true,
            duplicate: true,
            delays: vec![5],
            crash: true,
            restart: true,
            pauses: vec![10],
            resume: true,
            skews: vec![-5, 5],
            partitions: PartitionMenu::Isolate,
            heal: true,
            ticks: vec![1],
            limits: Limits::default(),
        }
    }
}

impl ActionMenu {
    /// Only the normal progress of a run: no faults at all.
    pub fn progress_only() -> Self {
        ActionMenu {
            deliver: true,
            fire_timers: true,
            requests: true,
            drop: false,
            duplicate: false,
            delays: Vec::new(),
            crash: false,
            restart: false,
            pauses: Vec::new(),
            resume: false,
            skews: Vec::new(),
            partitions: PartitionMenu::None,
            heal: false,
            ticks: Vec::new(),
            limits: Limits::default(),
        }
    }
}

/// Why an action could not be applied. The world is unchanged when this is
/// returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionError {
    NoSuchNode(NodeId),
    NoSuchMessage(MsgId),
    /// The node (named) is down.
    NodeDown(String),
    /// The node (named) is already running.
    NodeUp(String),
    /// The node (named) is frozen until the given time.
    NodePaused(String, Time),
    NotPaused(String),
    /// The node (named) has no pending timer of that description.
    NoSuchTimer(String, String),
    NoPartition,
    BadPartition(String),
    /// A zero-length delay, pause or tick.
    ZeroDuration(ActionKind),
    /// Replaying a recorded trace reached a step the world cannot take.
    Replay {
        step: u64,
        reason: Box<ActionError>,
    },
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::NoSuchNode(n) => write!(f, "there is no node {n}"),
            ActionError::NoSuchMessage(m) => write!(f, "there is no message {m} in flight"),
            ActionError::NodeDown(n) => write!(f, "{n} is down"),
            ActionError::NodeUp(n) => write!(f, "{n} is already running"),
            ActionError::NodePaused(n, t) => write!(f, "{n} is paused until t={t}"),
            ActionError::NotPaused(n) => write!(f, "{n} is not paused"),
            ActionError::NoSuchTimer(n, t) => write!(f, "{n} has no pending {t} timer"),
            ActionError::NoPartition => write!(f, "there is no partition to heal"),
            ActionError::BadPartition(why) => write!(f, "bad partition: {why}"),
            ActionError::ZeroDuration(k) => write!(f, "a {k} of 0 ticks changes nothing"),
            ActionError::Replay { step, reason } => {
                write!(
                    f,
                    "the recorded trace cannot be replayed at step {step}: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for ActionError {}
