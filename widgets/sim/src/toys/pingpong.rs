//! Ping-pong with retransmission: `n1` plays `rounds` rounds with `n2`,
//! resending its ping (at most `retries` times per round, so the state space
//! stays finite) when no pong comes back in time. Correct under drops,
//! duplicates, reordering and crashes, because progress is kept on disk and
//! every message names its round.

use crate::ids::NodeId;
use crate::invariant::Invariant;
use crate::protocol::{Ctx, Effects, Event, Protocol};
use crate::wire::{DecodeError, Reader, Wire, Writer};
use crate::world::World;

const PINGER: NodeId = NodeId(0);
const PONGER: NodeId = NodeId(1);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PingPong {
    pub rounds: u8,
    pub retries: u8,
    pub retry_after: u64,
}

impl Default for PingPong {
    fn default() -> Self {
        PingPong {
            rounds: 2,
            retries: 1,
            retry_after: 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Msg {
    Ping(u8),
    Pong(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Retry;

impl Wire for Retry {
    fn put(&self, _w: &mut Writer) {}
    fn take(_r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Retry)
    }
}

/// Rounds completed (pinger) or highest ping answered (ponger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Disk {
    pub count: u8,
}

impl PingPong {
    fn ping_next(&self, done: u8, out: &mut Effects<Self>) {
        if done < self.rounds {
            out.send(PONGER, Msg::Ping(done + 1));
            out.set_timer(Retry, self.retry_after);
        } else {
            out.cancel_timer(Retry);
        }
    }
}

impl Protocol for PingPong {
    type Durable = Disk;
    /// Retransmissions used in the current round.
    type Volatile = u8;
    type Msg = Msg;
    type Timer = Retry;
    type Request = ();
    type Output = u8;

    fn node_count(&self) -> usize {
        2
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk { count: 0 }
    }

    fn start(&self, ctx: &mut Ctx<'_>, durable: &Disk, out: &mut Effects<Self>) -> u8 {
        if ctx.node() == PINGER {
            self.ping_next(durable.count, out);
        }
        0
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        retried: &mut u8,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        match (ctx.node(), event) {
            (
                PONGER,
                Event::Message {
                    from,
                    msg: Msg::Ping(k),
                },
            ) => {
                disk.count = disk.count.max(k);
                out.send(from, Msg::Pong(k));
            }
            (
                PINGER,
                Event::Message {
                    msg: Msg::Pong(k), ..
                },
            ) => {
                if k == disk.count + 1 {
                    disk.count = k;
                    *retried = 0;
                    out.output(k);
                    self.ping_next(k, out);
                } else {
                    out.note(format_args!("n1 ignores a stale pong for round {k}"));
                }
            }
            (PINGER, Event::Timer(Retry)) if *retried < self.retries => {
                *retried += 1;
                out.note(format_args!("n1 heard nothing back and pings again"));
                self.ping_next(disk.count, out);
            }
            (PINGER, Event::Timer(Retry)) => {
                out.note(format_args!(
                    "n1 has used its retries for this round and waits"
                ));
            }
            _ => {}
        }
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        vec![Invariant::new(
            "pinger never ahead of ponger",
            pinger_behind,
        )]
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        match msg {
            Msg::Ping(k) => format!("ping #{k}"),
            Msg::Pong(k) => format!("pong #{k}"),
        }
    }

    fn describe_timer(&self, _t: &Retry) -> String {
        "retry".to_owned()
    }

    fn describe_output(&self, k: &u8) -> String {
        format!("round {k} complete")
    }

    fn describe_node(&self, node: NodeId, d: &Disk, _v: Option<&u8>) -> String {
        if node == PINGER {
            format!("{} of {} rounds done", d.count, self.rounds)
        } else {
            format!("answered up to ping #{}", d.count)
        }
    }
}

fn pinger_behind(w: &World<PingPong>) -> Result<(), String> {
    let done = w.node(PINGER).durable.count;
    let answered = w.node(PONGER).durable.count;
    if done <= answered {
        Ok(())
    } else {
        Err(format!(
            "n1 finished {done} rounds but n2 only answered {answered}"
        ))
    }
}
