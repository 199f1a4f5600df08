//! Running a node's handler and carrying out the effects it asks for.

use std::sync::Arc;

use super::World;
use crate::ids::{MsgId, NodeId, Time};
use crate::log::Happening;
use crate::protocol::{Ctx, Effect, Effects, Event, Protocol};
use crate::state::{Envelope, TimerSlot};

impl<P: Protocol> World<P> {
    pub(super) fn draw_latency(&mut self) -> Time {
        let c = &self.shared.config;
        if c.jitter == 0 {
            c.latency
        } else {
            c.latency
                .saturating_add(self.state.rng.below(c.jitter.saturating_add(1)))
        }
    }

    /// Boots a node: at the start of the run and on every restart.
    pub(super) fn start_node(&mut self, node: NodeId, narrate: bool) {
        let shared = Arc::clone(&self.shared);
        let st = &mut self.state;
        let clock = st.local_clock(node);
        let count = st.nodes.len();
        let Some(slot) = st.nodes.get_mut(node.index()) else {
            return;
        };
        let mut ctx = Ctx::new(node, clock, count, &mut st.rng);
        let mut out = Effects::reuse(std::mem::take(&mut self.scratch), narrate);
        let volatile = shared.protocol.start(&mut ctx, &slot.durable, &mut out);
        slot.volatile = Some(volatile);
        if narrate && st.step == 0 {
            let text = format!("{} starts", shared.protocol.node_name(node));
            self.push_line(Happening::Started { node }, text);
        }
        self.carry_out(node, out.into_list(), narrate);
    }

    pub(super) fn run_node(&mut self, node: NodeId, event: Event<P>, narrate: bool) {
        let shared = Arc::clone(&self.shared);
        let st = &mut self.state;
        let clock = st.local_clock(node);
        let count = st.nodes.len();
        let Some(slot) = st.nodes.get_mut(node.index()) else {
            return;
        };
        let Some(volatile) = slot.volatile.as_mut() else {
            return;
        };
        let mut ctx = Ctx::new(node, clock, count, &mut st.rng);
        let mut out = Effects::reuse(std::mem::take(&mut self.scratch), narrate);
        shared
            .protocol
            .on_event(&mut ctx, &mut slot.durable, volatile, event, &mut out);
        self.carry_out(node, out.into_list(), narrate);
    }

    fn carry_out(&mut self, node: NodeId, mut list: Vec<Effect<P>>, narrate: bool) {
        let now = self.state.now;
        for effect in list.drain(..) {
            match effect {
                Effect::Send { to, msg } => {
                    if to.index() >= self.state.nodes.len() {
                        if narrate {
                            let text = format!(
                                "{} tries to send to {to}, which does not exist (a protocol bug)",
                                self.node_name(node)
                            );
                            self.push_line(Happening::Note { node }, text);
                        }
                        continue;
                    }
                    let id = MsgId(self.state.next_msg);
                    self.state.next_msg += 1;
                    let due = now.saturating_add(self.draw_latency());
                    if narrate {
                        let text = format!(
                            "{} sends {} to {}",
                            self.node_name(node),
                            self.protocol().describe_msg(&msg),
                            self.node_name(to)
                        );
                        self.push_line(
                            Happening::Sent {
                                id,
                                from: node,
                                to,
                                msg: msg.clone(),
                            },
                            text,
                        );
                    }
                    self.state.in_flight.push(Envelope {
                        id,
                        from: node,
                        to,
                        msg,
                        sent_at: now,
                        due,
                        copy_of: None,
                    });
                }
                Effect::SetTimer { timer, delay } => {
                    let due = now.saturating_add(delay);
                    if narrate {
                        let text = format!(
                            "{} sets a timer: {}, due t={due}",
                            self.node_name(node),
                            self.protocol().describe_timer(&timer)
                        );
                        self.push_line(
                            Happening::TimerSet {
                                node,
                                timer: timer.clone(),
                                at: due,
                            },
                            text,
                        );
                    }
                    self.state
                        .timers
                        .insert((node, timer), TimerSlot { set_at: now, due });
                }
                Effect::CancelTimer { timer } => {
                    let key = (node, timer);
                    if self.state.timers.remove(&key).is_some() && narrate {
                        let text = format!(
                            "{} cancels a timer: {}",
                            self.node_name(node),
                            self.protocol().describe_timer(&key.1)
                        );
                        self.push_line(Happening::TimerCancelled { node, timer: key.1 }, text);
                    }
                }
                Effect::Output(output) => {
                    if narrate {
                        let text = format!(
                            "{} tells its user: {}",
                            self.node_name(node),
                            self.protocol().describe_output(&output)
                        );
                        self.push_line(Happening::Output { node, output }, text);
                    }
                }
                Effect::Note(text) => {
                    if narrate {
                        self.push_line(Happening::Note { node }, text);
                    }
                }
            }
        }
        self.scratch = list;
    }
}
