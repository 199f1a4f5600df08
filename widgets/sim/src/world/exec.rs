//! Carrying out actions.
//!
//! Every action is validated completely before anything changes, so a
//! refused action leaves the world exactly as it was.

use super::World;
use crate::action::{Action, ActionError, ActionKind};
use crate::ids::{MsgId, NodeId, Time};
use crate::log::{Happening, LogEntry, LossReason};
use crate::protocol::{Event, Protocol};
use crate::state::{Envelope, canonical_labels, groups_of};

impl<P: Protocol> World<P> {
    pub(super) fn push_line(&mut self, what: Happening<P>, text: String) {
        self.pending.push(LogEntry {
            step: self.state.step,
            time: self.state.now,
            what,
            text,
        });
    }

    fn node_exists(&self, node: NodeId) -> Result<(), ActionError> {
        if node.index() < self.state.nodes.len() {
            Ok(())
        } else {
            Err(ActionError::NoSuchNode(node))
        }
    }

    fn require_up(&self, node: NodeId) -> Result<(), ActionError> {
        self.node_exists(node)?;
        if self.state.is_up(node) {
            Ok(())
        } else {
            Err(ActionError::NodeDown(self.node_name(node)))
        }
    }

    fn require_awake(&self, node: NodeId, at: Time) -> Result<(), ActionError> {
        match self.state.slot(node) {
            Some(s) if s.paused_until > at => Err(ActionError::NodePaused(
                self.node_name(node),
                s.paused_until,
            )),
            _ => Ok(()),
        }
    }

    fn msg_position(&self, id: MsgId) -> Result<usize, ActionError> {
        self.state
            .msg_index(id)
            .ok_or(ActionError::NoSuchMessage(id))
    }

    pub(super) fn exec(&mut self, action: &Action<P>, narrate: bool) -> Result<(), ActionError> {
        match action {
            Action::Deliver(id) => self.deliver(*id, narrate),
            Action::Drop(id) => {
                let i = self.msg_position(*id)?;
                let e = self.state.in_flight.remove(i);
                self.state.faults.drops += 1;
                if narrate {
                    let text = format!("the network drops {}", self.describe_envelope(&e));
                    let Envelope {
                        id, from, to, msg, ..
                    } = e;
                    self.push_line(Happening::Dropped { id, from, to, msg }, text);
                }
                Ok(())
            }
            Action::Duplicate(id) => {
                let i = self.msg_position(*id)?;
                let mut copy = self.state.in_flight[i].clone();
                copy.copy_of = Some(copy.copy_of.unwrap_or(copy.id));
                copy.id = MsgId(self.state.next_msg);
                self.state.next_msg += 1;
                copy.sent_at = self.state.now;
                copy.due = self.state.now.saturating_add(self.draw_latency());
                self.state.faults.duplicates += 1;
                if narrate {
                    let text = format!(
                        "the network duplicates {}; the copy {} is due at t={}",
                        self.describe_envelope(&self.state.in_flight[i]),
                        copy.id,
                        copy.due
                    );
                    self.push_line(
                        Happening::Duplicated {
                            id: *id,
                            copy: copy.id,
                        },
                        text,
                    );
                }
                // Ids only grow, so pushing keeps the vector sorted by id.
                self.state.in_flight.push(copy);
                Ok(())
            }
            Action::Delay(id, ticks) => {
                let i = self.msg_position(*id)?;
                if *ticks == 0 {
                    return Err(ActionError::ZeroDuration(ActionKind::Delay));
                }
                let now = self.state.now;
                let e = &mut self.state.in_flight[i];
                e.due = e.due.max(now).saturating_add(*ticks);
                let until = e.due;
                self.state.faults.delays += 1;
                if narrate {
                    let e = &self.state.in_flight[i];
                    let text = format!(
                        "the network holds up {} by {ticks} ticks; it is now due at t={until}",
                        self.describe_envelope(e)
                    );
                    self.push_line(Happening::Delayed { id: *id, until }, text);
                }
                Ok(())
            }
            Action::Partition(groups) => {
                let labels = canonical_labels(groups, self.node_count())
                    .map_err(ActionError::BadPartition)?;
                let groups = groups_of(&labels);
                self.state.partition = Some(labels);
                self.state.faults.partitions += 1;
                if narrate {
                    let text = format!("the network splits into {}", self.describe_groups(&groups));
                    self.push_line(Happening::Partitioned { groups }, text);
                }
                Ok(())
            }
            Action::Heal => {
                if self.state.partition.take().is_none() {
                    return Err(ActionError::NoPartition);
                }
                if narrate {
                    self.push_line(
                        Happening::Healed,
                        "the partition heals; every node can reach every other".to_owned(),
                    );
                }
                Ok(())
            }
            Action::Crash(node) => {
                self.require_up(*node)?;
                let n = *node;
                let slot = &mut self.state.nodes[n.index()];
                slot.volatile = None;
                slot.paused_until = 0;
                let before = self.state.timers.len();
                self.state.timers.retain(|(owner, _), _| *owner != n);
                let lost_timers = before - self.state.timers.len();
                self.state.faults.crashes += 1;
                if narrate {
                    let text = format!(
                        "{} crashes: its memory and {} pending timer{} are gone; its disk survives",
                        self.node_name(n),
                        lost_timers,
                        if lost_timers == 1 { "" } else { "s" }
                    );
                    self.push_line(Happening::Crashed { node: n }, text);
                }
                Ok(())
            }
            Action::Restart(node) => {
                self.node_exists(*node)?;
                if self.state.is_up(*node) {
                    return Err(ActionError::NodeUp(self.node_name(*node)));
                }
                if narrate {
                    let text = format!(
                        "{} restarts from what is on its disk",
                        self.node_name(*node)
                    );
                    self.push_line(Happening::Restarted { node: *node }, text);
                }
                self.start_node(*node, narrate);
                Ok(())
            }
            Action::Skew(node, offset) => {
                self.node_exists(*node)?;
                self.state.nodes[node.index()].skew = *offset;
                self.state.faults.skews += 1;
                if narrate {
                    let clock = self.state.local_clock(*node);
                    let how = match offset {
                        0 => "correct again".to_owned(),
                        o if *o > 0 => format!("{o} ticks fast"),
                        o => format!("{} ticks slow", o.unsigned_abs()),
                    };
                    let text = format!(
                        "{}'s clock is now {how}: it reads {clock} at true time {}",
                        self.node_name(*node),
                        self.state.now
                    );
                    self.push_line(
                        Happening::Skewed {
                            node: *node,
                            offset: *offset,
                        },
                        text,
                    );
                }
                Ok(())
            }
            Action::Pause(node, ticks) => {
                self.require_up(*node)?;
                self.require_awake(*node, self.state.now)?;
                if *ticks == 0 {
                    return Err(ActionError::ZeroDuration(ActionKind::Pause));
                }
                let until = self.state.now.saturating_add(*ticks);
                self.state.nodes[node.index()].paused_until = until;
                self.state.faults.pauses += 1;
                if narrate {
                    let text = format!(
                        "{} freezes (think of a long garbage-collection pause) until t={until}; it will not notice",
                        self.node_name(*node)
                    );
                    self.push_line(Happening::Paused { node: *node, until }, text);
                }
                Ok(())
            }
            Action::Resume(node) => {
                self.node_exists(*node)?;
                let until = self.state.nodes[node.index()].paused_until;
                if until <= self.state.now {
                    return Err(ActionError::NotPaused(self.node_name(*node)));
                }
                self.state.now = until;
                if narrate {
                    let text = format!("{} wakes up from its pause", self.node_name(*node));
                    self.push_line(Happening::Resumed { node: *node }, text);
                }
                Ok(())
            }
            Action::FireTimer(node, timer) => self.fire(*node, timer, narrate),
            Action::Request(node, request) => {
                self.require_up(*node)?;
                self.require_awake(*node, self.state.now)?;
                if narrate {
                    let text = format!(
                        "a user asks {}: {}",
                        self.node_name(*node),
                        self.protocol().describe_request(request)
                    );
                    self.push_line(
                        Happening::Requested {
                            node: *node,
                            request: request.clone(),
                        },
                        text,
                    );
                }
                self.run_node(*node, Event::Request(request.clone()), narrate);
                Ok(())
            }
            Action::Tick(ticks) => {
                if *ticks == 0 {
                    return Err(ActionError::ZeroDuration(ActionKind::Tick));
                }
                self.state.now = self.state.now.saturating_add(*ticks);
                if narrate {
                    let to = self.state.now;
                    let text = format!("{ticks} tick{} pass", if *ticks == 1 { "" } else { "s" });
                    self.push_line(Happening::Ticked { to }, text);
                }
                Ok(())
            }
        }
    }

    fn deliver(&mut self, id: MsgId, narrate: bool) -> Result<(), ActionError> {
        let i = self.msg_position(id)?;
        let (to, due) = {
            let e = &self.state.in_flight[i];
            (e.to, e.due)
        };
        let arrival = self.state.now.max(due);
        if self.state.is_up(to) {
            self.require_awake(to, arrival)?;
        }
        let e = self.state.in_flight.remove(i);
        self.state.now = arrival;
        let Envelope { from, msg, .. } = e;
        let loss = if !self.state.is_up(to) {
            Some(LossReason::ReceiverDown)
        } else if !self.state.can_talk(from, to) {
            Some(LossReason::Partitioned)
        } else {
            None
        };
        match loss {
            Some(reason) => {
                if narrate {
                    let what = self.protocol().describe_msg(&msg);
                    let (f, t) = (self.node_name(from), self.node_name(to));
                    let text = match reason {
                        LossReason::ReceiverDown => {
                            format!(
                                "{what} from {f} reaches {t}, which is down: the message is lost"
                            )
                        }
                        LossReason::Partitioned => {
                            format!("{what} from {f} to {t} is lost: a partition separates them")
                        }
                    };
                    self.push_line(
                        Happening::Lost {
                            id,
                            from,
                            to,
                            msg,
                            reason,
                        },
                        text,
                    );
                }
            }
            None => {
                if narrate {
                    let text = format!(
                        "{} receives {} from {}",
                        self.node_name(to),
                        self.protocol().describe_msg(&msg),
                        self.node_name(from)
                    );
                    self.push_line(
                        Happening::Delivered {
                            id,
                            from,
                            to,
                            msg: msg.clone(),
                        },
                        text,
                    );
                }
                self.run_node(to, Event::Message { from, msg }, narrate);
            }
        }
        Ok(())
    }

    fn fire(&mut self, node: NodeId, timer: &P::Timer, narrate: bool) -> Result<(), ActionError> {
        self.require_up(node)?;
        let key = (node, timer.clone());
        let Some(slot) = self.state.timers.get(&key).copied() else {
            return Err(ActionError::NoSuchTimer(
                self.node_name(node),
                self.protocol().describe_timer(timer),
            ));
        };
        let at = self.state.now.max(slot.due);
        self.require_awake(node, at)?;
        self.state.timers.remove(&key);
        self.state.now = at;
        if narrate {
            let text = format!(
                "{}'s timer goes off: {}",
                self.node_name(node),
                self.protocol().describe_timer(timer)
            );
            self.push_line(
                Happening::TimerFired {
                    node,
                    timer: timer.clone(),
                },
                text,
            );
        }
        self.run_node(node, Event::Timer(key.1), narrate);
        Ok(())
    }
}
