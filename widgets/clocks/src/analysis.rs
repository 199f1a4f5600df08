//! Everything computed from a diagram: each event's stamps under every
//! clock, and happened-before taken from the graph itself.

use std::collections::VecDeque;
use std::fmt;

use crate::diagram::{Event, EventId, Kind, process_name};
use crate::hlc::{self, Hlc};
use crate::lamport;
use crate::physical::{self, Clock};
use crate::vector::{self, VectorOrder};
use crate::{MAX_EVENTS, Variant};

/// Every stamp of one event.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Its process's physical clock reading (ms).
    pub physical: i64,
    pub lamport: u32,
    pub vector: Vec<u32>,
    pub hlc: Hlc,
}

/// How two events are related by happened-before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The same event.
    Same,
    /// The first happened before the second.
    Before,
    /// The second happened before the first.
    After,
    /// Neither happened before the other.
    Concurrent,
}

impl Relation {
    /// The key used by the oracle and the widget.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Before => "before",
            Relation::After => "after",
            Relation::Concurrent => "concurrent",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One hop of happened-before: the next event on the same process line, or
/// a message arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    Process,
    Message,
}

/// A pair where ordering by physical timestamps contradicts causality:
/// `earlier` happened before `later`, yet its clock read a larger time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Inversion {
    pub earlier: EventId,
    pub later: EventId,
    pub earlier_reading: i64,
    pub later_reading: i64,
}

/// What last-writer-wins does with two writes of the same key, each
/// stamped with its physical clock reading: it keeps the larger timestamp
/// (ties by process id) and silently drops the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lww {
    pub kept: EventId,
    pub dropped: EventId,
    /// The dropped write happened after the kept one: a newer write, one
    /// that may even have read the kept value, is lost to clock skew.
    pub dropped_newer: bool,
    /// The writes were concurrent: LWW picked one arbitrarily and lost the
    /// other, where a version vector would have kept both.
    pub concurrent: bool,
}

/// The stamps and causal structure of a diagram at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    variant: Variant,
    clocks: Vec<Clock>,
    /// In real-time order, which is a causal order.
    events: Vec<Event>,
    stamps: Vec<Stamp>,
    /// The previous event on the same process, by index.
    prev: Vec<Option<usize>>,
    /// The next event on the same process, by index.
    next: Vec<Option<usize>>,
    /// For a send that was received, the receipt; for a receipt, the send.
    partner: Vec<Option<usize>>,
    /// Bit `j` of `reach[i]` is set when event `i` happened before event `j`.
    reach: Vec<u64>,
    /// `slot[id]` is the index of event `id` in `events`.
    slot: Vec<Option<usize>>,
}

impl Analysis {
    pub(crate) fn new(clocks: &[Clock], events: &[Event], variant: Variant) -> Analysis {
        let events: Vec<Event> = events.iter().copied().take(MAX_EVENTS).collect();
        let n = events.len();
        let mut slot: Vec<Option<usize>> = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let at = e.id.0 as usize;
            if slot.len() <= at {
                slot.resize(at + 1, None);
            }
            slot[at] = Some(i);
        }
        let index_of = |id: EventId| slot.get(id.0 as usize).copied().flatten();

        let mut prev = vec![None; n];
        let mut next = vec![None; n];
        let mut last: Vec<Option<usize>> = vec![None; clocks.len()];
        let mut partner = vec![None; n];
        for (i, e) in events.iter().enumerate() {
            if let Some(slot) = last.get_mut(e.process) {
                if let Some(p) = *slot {
                    prev[i] = Some(p);
                    next[p] = Some(i);
                }
                *slot = Some(i);
            }
            partner[i] = match e.kind {
                Kind::Local | Kind::Send { to: None } => None,
                Kind::Send { to: Some(r) } => index_of(r),
                Kind::Receive { from } => index_of(from),
            };
        }

        let stamps = compute_stamps(clocks, &events, &prev, &partner, variant);

        // Happened-before is the transitive closure of the process lines
        // and the message arrows. Both point forward in `events`, so one
        // backward sweep closes it.
        let mut reach = vec![0u64; n];
        for i in (0..n).rev() {
            let mut r = 0u64;
            let mut successors = [next[i], None];
            if matches!(events[i].kind, Kind::Send { .. }) {
                successors[1] = partner[i];
            }
            for s in successors.into_iter().flatten() {
                r |= (1u64 << s) | reach[s];
            }
            reach[i] = r;
        }

        Analysis {
            variant,
            clocks: clocks.to_vec(),
            events,
            stamps,
            prev,
            next,
            partner,
            reach,
            slot,
        }
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The events, in real-time order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    fn index(&self, id: EventId) -> Option<usize> {
        self.slot.get(id.0 as usize).copied().flatten()
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.index(id).map(|i| &self.events[i])
    }

    pub fn stamp(&self, id: EventId) -> Option<&Stamp> {
        self.index(id).map(|i| &self.stamps[i])
    }

    /// `p2.3` for the third event of process p2, as the widget labels it.
    pub fn label(&self, id: EventId) -> Option<String> {
        let mut i = self.index(id)?;
        let mut position = 1;
        while let Some(p) = self.prev[i] {
            position += 1;
            i = p;
        }
        Some(format!(
            "{}.{position}",
            process_name(self.events[i].process)
        ))
    }

    /// The event just before `id` on its process line.
    pub fn previous_on_process(&self, id: EventId) -> Option<EventId> {
        let i = self.index(id)?;
        self.prev[i].map(|p| self.events[p].id)
    }

    /// For a receipt, the send of its message; for a received send, its
    /// receipt.
    pub fn partner(&self, id: EventId) -> Option<EventId> {
        let i = self.index(id)?;
        self.partner[i].map(|p| self.events[p].id)
    }

    /// Whether `a` happened before `b` (Lamport's `a -> b`): a path of
    /// process steps and messages leads from `a` to `b`.
    pub fn happened_before(&self, a: EventId, b: EventId) -> bool {
        match (self.index(a), self.index(b)) {
            (Some(i), Some(j)) => self.reach[i] & (1u64 << j) != 0,
            _ => false,
        }
    }

    /// How `a` relates to `b`, or `None` if either is not in the diagram.
    pub fn relation(&self, a: EventId, b: EventId) -> Option<Relation> {
        let (i, j) = (self.index(a)?, self.index(b)?);
        Some(if i == j {
            Relation::Same
        } else if self.reach[i] & (1u64 << j) != 0 {
            Relation::Before
        } else if self.reach[j] & (1u64 << i) != 0 {
            Relation::After
        } else {
            Relation::Concurrent
        })
    }

    /// Every event concurrent with `id`: the ones no clock but a vector
    /// clock can tell apart from "before" or "after".
    pub fn concurrent_with(&self, id: EventId) -> Vec<EventId> {
        self.events
            .iter()
            .filter(|e| self.relation(id, e.id) == Some(Relation::Concurrent))
            .map(|e| e.id)
            .collect()
    }

    /// Whether `b` follows `a` directly, and how.
    pub fn edge(&self, a: EventId, b: EventId) -> Option<EdgeKind> {
        let (i, j) = (self.index(a)?, self.index(b)?);
        if self.next[i] == Some(j) {
            Some(EdgeKind::Process)
        } else if matches!(self.events[i].kind, Kind::Send { .. }) && self.partner[i] == Some(j) {
            Some(EdgeKind::Message)
        } else {
            None
        }
    }

    /// When `a` happened before `b`, a shortest chain of events from `a` to
    /// `b` in which each step is an [`edge`](Self::edge): the causal path to
    /// draw. `None` when `a` did not happen before `b`.
    pub fn causal_path(&self, a: EventId, b: EventId) -> Option<Vec<EventId>> {
        let (start, goal) = (self.index(a)?, self.index(b)?);
        if self.reach[start] & (1u64 << goal) == 0 {
            return None;
        }
        let n = self.events.len();
        let mut came_from: Vec<Option<usize>> = vec![None; n];
        let mut queue = VecDeque::from([start]);
        while let Some(i) = queue.pop_front() {
            if i == goal {
                break;
            }
            let message = match self.events[i].kind {
                Kind::Send { .. } => self.partner[i],
                _ => None,
            };
            // Messages first, so that among equally short paths the one
            // drawn crosses between processes as early as it can.
            for s in [message, self.next[i]].into_iter().flatten() {
                if s != start && came_from[s].is_none() {
                    came_from[s] = Some(i);
                    queue.push_back(s);
                }
            }
        }
        let mut path = vec![self.events[goal].id];
        let mut at = goal;
        while at != start {
            at = came_from[at]?;
            path.push(self.events[at].id);
        }
        path.reverse();
        Some(path)
    }

    /// How the vector clocks of `a` and `b` compare.
    pub fn vector_order(&self, a: EventId, b: EventId) -> Option<VectorOrder> {
        Some(vector::compare(
            &self.stamp(a)?.vector,
            &self.stamp(b)?.vector,
        ))
    }

    /// Lamport's total order: by stamp, ties broken by process id.
    pub fn total_order(&self) -> Vec<EventId> {
        let mut order: Vec<(u32, usize, EventId)> = self
            .events
            .iter()
            .zip(&self.stamps)
            .map(|(e, s)| {
                let (stamp, process) = lamport::total_order_key(s.lamport, e.process);
                (stamp, process, e.id)
            })
            .collect();
        order.sort();
        order.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The order HLC timestamps give: `(l, c)`, ties broken by process id.
    pub fn hlc_order(&self) -> Vec<EventId> {
        let mut order: Vec<(Hlc, usize, EventId)> = self
            .events
            .iter()
            .zip(&self.stamps)
            .map(|(e, s)| (s.hlc, e.process, e.id))
            .collect();
        order.sort();
        order.into_iter().map(|(_, _, id)| id).collect()
    }

    /// Every pair `a -> b` whose physical timestamps say the opposite
    /// (`pt(a) > pt(b)`): sorting by timestamp would put the effect before
    /// its cause. Equal timestamps are not listed; they do not contradict
    /// causality, they only fail to show it.
    pub fn inversions(&self) -> Vec<Inversion> {
        let mut found = Vec::new();
        for i in 0..self.events.len() {
            for j in 0..self.events.len() {
                if self.reach[i] & (1u64 << j) != 0
                    && self.stamps[i].physical > self.stamps[j].physical
                {
                    found.push(Inversion {
                        earlier: self.events[i].id,
                        later: self.events[j].id,
                        earlier_reading: self.stamps[i].physical,
                        later_reading: self.stamps[j].physical,
                    });
                }
            }
        }
        found
    }

    /// Last-writer-wins between two writes of one key, made at events `a`
    /// and `b`. `None` if either is missing or they are the same event.
    pub fn lww(&self, a: EventId, b: EventId) -> Option<Lww> {
        let relation = self.relation(a, b)?;
        if relation == Relation::Same {
            return None;
        }
        // Equal readings on one process (a slow clock's coarse ticks) are
        // broken by creation order, so the answer is always the same.
        let key = |id: EventId| -> Option<(i64, usize, EventId)> {
            Some((self.stamp(id)?.physical, self.event(id)?.process, id))
        };
        let (kept, dropped) = if key(a)? >= key(b)? { (a, b) } else { (b, a) };
        Some(Lww {
            kept,
            dropped,
            dropped_newer: self.happened_before(kept, dropped),
            concurrent: relation == Relation::Concurrent,
        })
    }

    /// The clock uncertainty ε of the HLC paper for this diagram: the
    /// largest difference between two clocks' readings at the real time of
    /// any event (0 with no events).
    pub fn epsilon(&self) -> i64 {
        self.events
            .iter()
            .map(|e| physical::spread(&self.clocks, e.time))
            .max()
            .unwrap_or(0)
    }

    /// The state of `id`'s process just before `id`: its Lamport counter,
    /// vector and HLC (all zero, or [`Hlc::START`], before its first event).
    pub fn state_before(&self, id: EventId) -> Option<(u32, Vec<u32>, Hlc)> {
        let i = self.index(id)?;
        Some(match self.prev[i] {
            Some(p) => {
                let s = &self.stamps[p];
                (s.lamport, s.vector.clone(), s.hlc)
            }
            None => (0, vec![0; self.clocks.len()], Hlc::START),
        })
    }
}

/// Runs every process's clocks over the events in causal order.
fn compute_stamps(
    clocks: &[Clock],
    events: &[Event],
    prev: &[Option<usize>],
    partner: &[Option<usize>],
    variant: Variant,
) -> Vec<Stamp> {
    let n = clocks.len();
    let mut stamps: Vec<Stamp> = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let physical = clocks
            .get(e.process)
            .copied()
            .unwrap_or_default()
            .read(e.time);
        let (lamport_before, mut vector, hlc_before) = match prev[i] {
            Some(p) => (stamps[p].lamport, stamps[p].vector.clone(), stamps[p].hlc),
            None => (0, vec![0; n], Hlc::START),
        };
        // A receipt's send comes earlier in real time, so it is stamped.
        let message = match e.kind {
            Kind::Receive { .. } => partner[i].and_then(|s| stamps.get(s)),
            _ => None,
        };
        let stamp = match message {
            Some(m) => {
                let lamport = match variant {
                    Variant::LamportMaxOnly => {
                        lamport::lamport_receive_max_only(lamport_before, m.lamport)
                    }
                    _ => lamport::lamport_receive(lamport_before, m.lamport),
                };
                match variant {
                    Variant::VectorMergeOnly => vector::vector_merge(&mut vector, &m.vector),
                    _ => vector::vector_receive(&mut vector, &m.vector, e.process),
                }
                Stamp {
                    physical,
                    lamport,
                    vector,
                    hlc: hlc::hlc_receive(hlc_before, m.hlc, physical),
                }
            }
            None => {
                vector::vector_tick(&mut vector, e.process);
                Stamp {
                    physical,
                    lamport: lamport::lamport_tick(lamport_before),
                    vector,
                    hlc: hlc::hlc_send(hlc_before, physical),
                }
            }
        };
        stamps.push(stamp);
    }
    stamps
}
