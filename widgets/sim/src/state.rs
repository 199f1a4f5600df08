//! The part of a world that time travel snapshots and the explorer hashes:
//! nodes, network, timers, clock and generator. The trace, log and
//! snapshots live outside it, so two runs that reach the same situation by
//! different paths have equal states.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use crate::hash::StableHasher;
use crate::ids::{MsgId, NodeId, Time};
use crate::protocol::Protocol;
use crate::rng::Rng;

/// A message in the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<M> {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: M,
    pub sent_at: Time,
    /// The earliest time it can arrive; delivering it later is always allowed.
    pub due: Time,
    /// The original when this is a duplicate made by the network.
    pub copy_of: Option<MsgId>,
}

/// A pending timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerSlot {
    pub set_at: Time,
    pub due: Time,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodeSlot<P: Protocol> {
    pub durable: P::Durable,
    /// `None` while the node is down.
    pub volatile: Option<P::Volatile>,
    pub paused_until: Time,
    pub skew: i64,
}

/// How many faults of each kind have been injected; the explorer's limits
/// are checked against these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FaultCounts {
    pub drops: u32,
    pub duplicates: u32,
    pub delays: u32,
    pub crashes: u32,
    pub partitions: u32,
    pub pauses: u32,
    pub skews: u32,
}

/// What a state fingerprint covers. Leaving parts out is an abstraction:
/// sound only when the protocol cannot observe them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashOpts {
    /// Clock, due times and pause deadlines. Leave out only for protocols
    /// whose decisions never read `ctx.now()`.
    pub time: bool,
    /// The generator. Needed when protocols draw random numbers.
    pub rng: bool,
    /// Message ids, which are names, not behaviour.
    pub ids: bool,
    /// Fault counters: needed when limits bound them.
    pub faults: bool,
}

impl HashOpts {
    /// Everything: two states with equal full hashes behave identically.
    pub const FULL: HashOpts = HashOpts {
        time: true,
        rng: true,
        ids: true,
        faults: true,
    };
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State<P: Protocol> {
    pub now: Time,
    pub step: u64,
    pub rng: Rng,
    pub nodes: Vec<NodeSlot<P>>,
    pub in_flight: Vec<Envelope<P::Msg>>,
    pub next_msg: u64,
    pub timers: BTreeMap<(NodeId, P::Timer), TimerSlot>,
    /// A group label per node, or `None` when the network is whole.
    pub partition: Option<Vec<u8>>,
    pub faults: FaultCounts,
}

impl<P: Protocol> State<P> {
    pub fn slot(&self, node: NodeId) -> Option<&NodeSlot<P>> {
        self.nodes.get(node.index())
    }

    pub fn is_up(&self, node: NodeId) -> bool {
        self.slot(node).is_some_and(|s| s.volatile.is_some())
    }

    /// Whether `node` is frozen at time `at`.
    pub fn paused_at(&self, node: NodeId, at: Time) -> bool {
        self.slot(node).is_some_and(|s| s.paused_until > at)
    }

    pub fn local_clock(&self, node: NodeId) -> Time {
        let skew = self.slot(node).map_or(0, |s| s.skew);
        self.now.saturating_add_signed(skew)
    }

    pub fn can_talk(&self, a: NodeId, b: NodeId) -> bool {
        match &self.partition {
            None => true,
            Some(groups) => groups.get(a.index()) == groups.get(b.index()),
        }
    }

    pub fn msg_index(&self, id: MsgId) -> Option<usize> {
        // Ids only grow and the vector stays in id order.
        self.in_flight.binary_search_by_key(&id, |e| e.id).ok()
    }

    pub fn fingerprint(&self, opts: HashOpts) -> u64 {
        let mut h = StableHasher::default();
        if opts.time {
            self.now.hash(&mut h);
        }
        if opts.rng {
            self.rng.hash(&mut h);
        }
        if opts.faults {
            self.faults.hash(&mut h);
        }
        for slot in &self.nodes {
            slot.durable.hash(&mut h);
            slot.volatile.hash(&mut h);
            if opts.time {
                slot.paused_until.hash(&mut h);
            } else {
                (slot.paused_until > self.now).hash(&mut h);
            }
            slot.skew.hash(&mut h);
        }
        // The network is a multiset: the same messages sent in another order
        // are the same situation, so hash each envelope and sort.
        let mut msgs: Vec<u64> = self
            .in_flight
            .iter()
            .map(|e| {
                let mut eh = StableHasher::default();
                (e.from, e.to, &e.msg).hash(&mut eh);
                if opts.time {
                    (e.sent_at, e.due).hash(&mut eh);
                }
                if opts.ids {
                    (e.id, e.copy_of).hash(&mut eh);
                }
                eh.finish()
            })
            .collect();
        msgs.sort_unstable();
        msgs.hash(&mut h);
        if opts.ids {
            self.next_msg.hash(&mut h);
        }
        for ((node, timer), slot) in &self.timers {
            (node, timer).hash(&mut h);
            if opts.time {
                slot.hash(&mut h);
            }
        }
        self.partition.hash(&mut h);
        h.finish()
    }
}

/// Canonical group labels: numbered by first appearance, so the same cut
/// written in another order hashes the same.
pub(crate) fn canonical_labels(groups: &[Vec<NodeId>], nodes: usize) -> Result<Vec<u8>, String> {
    const UNSET: u8 = u8::MAX;
    let mut raw = vec![UNSET; nodes];
    for (g, group) in groups.iter().enumerate() {
        for &n in group {
            let slot = raw
                .get_mut(n.index())
                .ok_or_else(|| format!("there is no node {n}"))?;
            if *slot != UNSET {
                return Err(format!("{n} is listed twice"));
            }
            *slot = g.min(usize::from(UNSET) - 1) as u8;
        }
    }
    let leftover = groups.len().min(usize::from(UNSET) - 1) as u8;
    let mut rename: BTreeMap<u8, u8> = BTreeMap::new();
    let labels: Vec<u8> = raw
        .into_iter()
        .map(|g| {
            let g = if g == UNSET { leftover } else { g };
            let next = rename.len() as u8;
            *rename.entry(g).or_insert(next)
        })
        .collect();
    if rename.len() < 2 {
        return Err("a partition needs at least two non-empty sides".to_owned());
    }
    Ok(labels)
}

/// The groups named by canonical labels, each in node order.
pub(crate) fn groups_of(labels: &[u8]) -> Vec<Vec<NodeId>> {
    let count = labels
        .iter()
        .map(|&l| usize::from(l) + 1)
        .max()
        .unwrap_or(0);
    let mut groups = vec![Vec::new(); count];
    for (i, &l) in labels.iter().enumerate() {
        groups[usize::from(l)].push(NodeId(i as u8));
    }
    groups
}
