//! What a world looks like, as plain data the views draw: lanes (nodes),
//! message arrows with their fate, and marks for crashes, timers and broken
//! invariants. Built from the world's own event log, so the pictures can
//! never disagree with the narration.

use dsw_sim::{Happening, MsgId, NodeId, Protocol, Time, World};

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub name: String,
    pub up: bool,
    pub paused: bool,
    /// One line of the node's state, from the protocol's own description.
    pub state: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    InFlight,
    Delivered,
    /// Dropped on purpose (a fault the reader or chaos injected).
    Dropped,
    /// Lost on arrival: the receiver was down or cut off.
    Lost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    pub id: MsgId,
    pub from: usize,
    pub to: usize,
    pub sent: Time,
    /// When it arrived or vanished; for a message in flight, when it is due.
    pub end: Time,
    pub fate: Fate,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Crash,
    Restart,
    Timer,
    Request,
    Output,
    Broken,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub lane: Option<usize>,
    pub time: Time,
    pub kind: MarkKind,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub lanes: Vec<Lane>,
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
    /// (lane, from, to) intervals when a node was down; `to` is `now` if it
    /// still is.
    pub down: Vec<(usize, Time, Time)>,
    pub now: Time,
    /// The partition, as lane groups, while there is one.
    pub groups: Option<Vec<Vec<usize>>>,
}

impl Scene {
    /// Where a message in flight is along its link, 0 at the sender and 1
    /// at the receiver, in proportion to virtual time.
    pub fn progress(&self, arrow: &Arrow) -> f64 {
        if arrow.end <= arrow.sent {
            return 0.5;
        }
        let done = self.now.saturating_sub(arrow.sent) as f64 / (arrow.end - arrow.sent) as f64;
        done.clamp(0.0, 1.0)
    }
}

/// The scene at the world's current step.
pub fn scene<P: Protocol>(world: &World<P>) -> Scene {
    let lane = |n: NodeId| n.index();
    let protocol = world.protocol();
    let lanes = world
        .nodes()
        .map(|v| Lane {
            name: world.node_name(v.id),
            up: v.is_up(),
            paused: world.is_paused(v.id),
            state: protocol.describe_node(v.id, v.durable, v.volatile),
        })
        .collect();
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut marks = Vec::new();
    let mut down_since: Vec<Option<Time>> = vec![None; world.node_count()];
    let mut down = Vec::new();
    let finish = |arrows: &mut Vec<Arrow>, id: MsgId, at: Time, fate: Fate| {
        if let Some(a) = arrows
            .iter_mut()
            .rev()
            .find(|a| a.id == id && a.fate == Fate::InFlight)
        {
            a.end = at;
            a.fate = fate;
        }
    };
    for entry in world.log().iter().filter(|e| e.step <= world.step()) {
        let t = entry.time;
        match &entry.what {
            Happening::Sent { id, from, to, msg } => arrows.push(Arrow {
                id: *id,
                from: lane(*from),
                to: lane(*to),
                sent: t,
                end: t,
                fate: Fate::InFlight,
                label: protocol.describe_msg(msg),
            }),
            Happening::Duplicated { id, copy } => {
                if let Some(original) = arrows.iter().rev().find(|a| a.id == *id).cloned() {
                    arrows.push(Arrow {
                        id: *copy,
                        label: format!("{} (copy)", original.label),
                        ..original
                    });
                }
            }
            Happening::Delivered { id, .. } => finish(&mut arrows, *id, t, Fate::Delivered),
            Happening::Dropped { id, .. } => finish(&mut arrows, *id, t, Fate::Dropped),
            Happening::Lost { id, .. } => finish(&mut arrows, *id, t, Fate::Lost),
            Happening::Crashed { node } => {
                down_since[lane(*node)] = Some(t);
                marks.push(mark(Some(lane(*node)), t, MarkKind::Crash, &entry.text));
            }
            Happening::Restarted { node } => {
                if let Some(since) = down_since[lane(*node)].take() {
                    down.push((lane(*node), since, t));
                }
                marks.push(mark(Some(lane(*node)), t, MarkKind::Restart, &entry.text));
            }
            Happening::TimerFired { node, .. } => {
                marks.push(mark(Some(lane(*node)), t, MarkKind::Timer, &entry.text));
            }
            Happening::Requested { node, .. } => {
                marks.push(mark(Some(lane(*node)), t, MarkKind::Request, &entry.text));
            }
            Happening::Output { node, .. } => {
                marks.push(mark(Some(lane(*node)), t, MarkKind::Output, &entry.text));
            }
            Happening::Violated { .. } => marks.push(mark(None, t, MarkKind::Broken, &entry.text)),
            _ => {}
        }
    }
    let now = world.now();
    for (n, since) in down_since.iter().enumerate() {
        if let Some(since) = since {
            down.push((n, *since, now));
        }
    }
    // Messages still travelling are drawn towards their due time.
    for envelope in world.in_flight() {
        if let Some(a) = arrows.iter_mut().rev().find(|a| a.id == envelope.id) {
            a.end = envelope.due.max(a.sent);
        }
    }
    let groups = world.partition().map(|groups| {
        groups
            .iter()
            .map(|g| g.iter().map(|n| n.index()).collect())
            .collect()
    });
    Scene {
        lanes,
        arrows,
        marks,
        down,
        now,
        groups,
    }
}

fn mark(lane: Option<usize>, time: Time, kind: MarkKind, text: &str) -> Mark {
    Mark {
        lane,
        time,
        kind,
        label: text.to_owned(),
    }
}
