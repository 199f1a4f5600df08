//! The Foundations chapter's model: one remote call over an unreliable
//! network.
//!
//! The client sends a request and waits `timeout` ticks. The server takes
//! `work` ticks to apply the request (think "charge the card"), writes the
//! result to disk, and sends the reply one tick later. Faults the learner can
//! inject: drop or delay either message, crash the server before or after it
//! applies the request, partition the two.
//!
//! The point of the chapter is that the client's view ("timed out, no
//! reply") is the same in many different worlds; [`verdict`] reconstructs
//! the truth from the event log so a widget can show both side by side.
//! With `retries` the client tries again, and unless the server is
//! `idempotent` (remembers which calls it applied) the effect can happen
//! twice.

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::{NodeId, Time};
use crate::invariant::Invariant;
use crate::protocol::{Ctx, Effects, Event, Protocol};
use crate::wire::{DecodeError, Reader, Wire, Writer};
use crate::world::World;

mod presets;
mod verdict;

pub use presets::{PRESETS, RpcHost, explore_config, explore_root, load, menu, open_link, preset};
pub use verdict::{AttemptStory, ClientView, Fate, Truth, Verdict, verdict};

pub const CLIENT: NodeId = NodeId(0);
pub const SERVER: NodeId = NodeId(1);

/// The model's knobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rpc {
    /// Ticks the client waits for a reply before retrying or giving up.
    pub timeout: Time,
    /// How many times the client tries again after a timeout.
    pub retries: u8,
    /// Whether the server remembers applied calls and never applies one
    /// twice.
    pub idempotent: bool,
    /// Ticks the server needs to apply a request.
    pub work: Time,
}

impl Default for Rpc {
    fn default() -> Self {
        Rpc {
            timeout: 12,
            retries: 0,
            idempotent: false,
            work: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Request {
        call: u8,
        attempt: u8,
    },
    /// `effects` is how many times the effect had happened when the server
    /// applied (or recalled) this call.
    Reply {
        call: u8,
        attempt: u8,
        effects: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// Client: give up waiting for this attempt.
    Timeout { call: u8, attempt: u8 },
    /// Server: the work on a request is done.
    Apply { call: u8, attempt: u8 },
    /// Server: send the reply for an applied request.
    Respond { call: u8, attempt: u8 },
}

/// A user's request to the client: make the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Call;

/// What the client tells its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Replied { call: u8, attempt: u8, effects: u32 },
    GaveUp { call: u8, attempts: u8 },
}

/// The client's belief about its current call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    Idle,
    Waiting {
        call: u8,
        attempt: u8,
    },
    Replied {
        call: u8,
        attempt: u8,
        effects: u32,
    },
    GaveUp {
        call: u8,
        attempts: u8,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    /// Client: the last call number used, so a restarted client never
    /// reuses one.
    pub last_call: u8,
    /// Server: how many times the effect has happened in total.
    pub effects: u32,
    /// Server: applied calls and the effect count each produced.
    pub applied: BTreeMap<u8, u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// Client only.
    pub status: Status,
    /// Server: requests received and still being worked on.
    pub working: BTreeSet<(u8, u8)>,
    /// Server: requests applied whose reply has not been sent yet.
    pub replying: BTreeSet<(u8, u8)>,
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        let (tag, call, attempt) = match *self {
            Timer::Timeout { call, attempt } => (0, call, attempt),
            Timer::Apply { call, attempt } => (1, call, attempt),
            Timer::Respond { call, attempt } => (2, call, attempt),
        };
        w.u8(tag);
        w.u8(call);
        w.u8(attempt);
    }

    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let tag = r.u8("a timer kind")?;
        let call = r.u8("a call number")?;
        let attempt = r.u8("an attempt number")?;
        match tag {
            0 => Ok(Timer::Timeout { call, attempt }),
            1 => Ok(Timer::Apply { call, attempt }),
            2 => Ok(Timer::Respond { call, attempt }),
            t => Err(DecodeError::new(format!("{t} is not an RPC timer kind"))),
        }
    }
}

impl Wire for Call {
    fn put(&self, _w: &mut Writer) {}
    fn take(_r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Call)
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "once", "twice", "3 times".
pub(crate) fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

impl Rpc {
    fn send_attempt(&self, call: u8, attempt: u8, out: &mut Effects<Self>) {
        out.send(SERVER, Msg::Request { call, attempt });
        out.set_timer(Timer::Timeout { call, attempt }, self.timeout);
    }

    fn client(
        &self,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        match event {
            Event::Request(Call) => {
                if let Status::Waiting { call, .. } = mem.status {
                    out.note(format_args!(
                        "client is still waiting for call #{call}, so it ignores the new request"
                    ));
                    return;
                }
                let call = disk.last_call.saturating_add(1);
                disk.last_call = call;
                mem.status = Status::Waiting { call, attempt: 1 };
                self.send_attempt(call, 1, out);
            }
            Event::Message { msg: Msg::Reply { call, attempt, effects }, .. } => match mem.status {
                Status::Waiting { call: c, attempt: current } if c == call => {
                    mem.status = Status::Replied { call, attempt, effects };
                    out.cancel_timer(Timer::Timeout { call, attempt: current });
                    out.output(Outcome::Replied { call, attempt, effects });
                }
                Status::GaveUp { call: c, .. } if c == call => out.note(format_args!(
                    "client ignores the reply to call #{call} (attempt {attempt}): it already gave up and told its user the call failed"
                )),
                Status::Replied { call: c, .. } if c == call => out.note(format_args!(
                    "client ignores a second reply to call #{call} (attempt {attempt}): it already has its answer"
                )),
                _ => out.note(format_args!(
                    "client ignores a reply to call #{call}, which it does not remember making"
                )),
            },
            Event::Timer(Timer::Timeout { call, attempt }) => {
                let Status::Waiting { call: c, attempt: current } = mem.status else { return };
                if c != call || current != attempt {
                    return;
                }
                if attempt <= self.retries {
                    let next = attempt + 1;
                    out.note(format_args!(
                        "client heard nothing for {} ticks and tries again (attempt {next} of {})",
                        self.timeout,
                        u32::from(self.retries) + 1
                    ));
                    mem.status = Status::Waiting { call, attempt: next };
                    self.send_attempt(call, next, out);
                } else {
                    out.note(format_args!(
                        "client heard nothing for {} ticks after {}; it gives up and cannot know whether the server acted",
                        self.timeout,
                        plural(u32::from(attempt), "attempt", "attempts")
                    ));
                    mem.status = Status::GaveUp { call, attempts: attempt };
                    out.output(Outcome::GaveUp { call, attempts: attempt });
                }
            }
            _ => {}
        }
    }

    fn server(
        &self,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        match event {
            Event::Message {
                msg: Msg::Request { call, attempt },
                ..
            } => {
                out.note(format_args!(
                    "server starts working on call #{call} (attempt {attempt}); it needs {}",
                    plural(self.work as u32, "tick", "ticks")
                ));
                mem.working.insert((call, attempt));
                out.set_timer(Timer::Apply { call, attempt }, self.work);
            }
            // ANCHOR: apply
            Event::Timer(Timer::Apply { call, attempt }) => {
                mem.working.remove(&(call, attempt));
                match disk.applied.get(&call) {
                    Some(_) if self.idempotent => out.note(format_args!(
                        "server has already applied call #{call}; it does not apply it again and will resend the saved result"
                    )),
                    _ => {
                        disk.effects += 1;
                        disk.applied.insert(call, disk.effects);
                        let count = disk.effects;
                        out.note(format_args!(
                            "server applies call #{call} and records it on disk: the effect has now happened {}",
                            times(count)
                        ));
                    }
                }
                mem.replying.insert((call, attempt));
                out.set_timer(Timer::Respond { call, attempt }, 1);
            }
            // ANCHOR_END: apply
            Event::Timer(Timer::Respond { call, attempt }) => {
                mem.replying.remove(&(call, attempt));
                let effects = disk.applied.get(&call).copied().unwrap_or(disk.effects);
                out.send(
                    CLIENT,
                    Msg::Reply {
                        call,
                        attempt,
                        effects,
                    },
                );
            }
            _ => {}
        }
    }
}

impl Protocol for Rpc {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Call;
    type Output = Outcome;

    fn node_count(&self) -> usize {
        2
    }

    fn node_name(&self, node: NodeId) -> String {
        match node {
            CLIENT => "client".to_owned(),
            SERVER => "server".to_owned(),
            other => other.to_string(),
        }
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    fn start(&self, _ctx: &mut Ctx<'_>, _disk: &Disk, _out: &mut Effects<Self>) -> Memory {
        // Nothing in memory survives: a restarted client has forgotten any
        // call in progress, a restarted server any request in progress.
        Memory::default()
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        if ctx.node() == CLIENT {
            self.client(disk, mem, event, out);
        } else {
            self.server(disk, mem, event, out);
        }
    }

    /// Not a law of this protocol but the property a reader watches break:
    /// without an idempotent server, a retry after a lost reply applies the
    /// same call twice.
    fn invariants(&self) -> Vec<Invariant<Self>> {
        vec![Invariant {
            name: "each call takes effect at most once",
            check: at_most_once,
        }]
    }

    fn requests(&self, node: NodeId) -> Vec<Call> {
        if node == CLIENT {
            vec![Call]
        } else {
            Vec::new()
        }
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        match msg {
            Msg::Request { call, attempt } => {
                format!("request for call #{call} (attempt {attempt})")
            }
            Msg::Reply { call, attempt, .. } => {
                format!("reply to call #{call} (attempt {attempt})")
            }
        }
    }

    fn describe_timer(&self, t: &Timer) -> String {
        match t {
            Timer::Timeout { call, attempt } => {
                format!("timeout for call #{call} attempt {attempt}")
            }
            Timer::Apply { call, attempt } => {
                format!("finish work on call #{call} attempt {attempt}")
            }
            Timer::Respond { call, attempt } => {
                format!("send reply to call #{call} attempt {attempt}")
            }
        }
    }

    fn describe_request(&self, _r: &Call) -> String {
        "call the server".to_owned()
    }

    fn describe_output(&self, o: &Outcome) -> String {
        match o {
            Outcome::Replied { call, attempt, .. } => {
                format!("call #{call} succeeded (reply to attempt {attempt})")
            }
            Outcome::GaveUp { call, attempts } => format!(
                "call #{call} failed: timed out, no reply after {}",
                plural(u32::from(*attempts), "attempt", "attempts")
            ),
        }
    }

    fn describe_node(&self, node: NodeId, disk: &Disk, mem: Option<&Memory>) -> String {
        let Some(mem) = mem else {
            return if node == SERVER {
                format!(
                    "down; its disk says the effect happened {}",
                    times(disk.effects)
                )
            } else {
                "down".to_owned()
            };
        };
        if node == CLIENT {
            match mem.status {
                Status::Idle => "idle".to_owned(),
                Status::Waiting { call, attempt } => {
                    format!("waiting for a reply to call #{call} (attempt {attempt})")
                }
                Status::Replied { call, .. } => format!("got a reply to call #{call}"),
                Status::GaveUp { call, .. } => {
                    format!("gave up on call #{call}: timed out, no reply")
                }
            }
        } else {
            let mut parts = vec![format!("the effect has happened {}", times(disk.effects))];
            if !mem.working.is_empty() {
                parts.push(format!("working on {}", pairs(&mem.working)));
            }
            if !mem.replying.is_empty() {
                parts.push(format!("about to reply to {}", pairs(&mem.replying)));
            }
            parts.join("; ")
        }
    }
}

fn pairs(set: &BTreeSet<(u8, u8)>) -> String {
    set.iter()
        .map(|(c, a)| format!("call #{c} attempt {a}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn at_most_once(world: &World<Rpc>) -> Result<(), String> {
    let disk = world.node(SERVER).durable;
    let calls = disk.applied.len() as u32;
    if disk.effects <= calls {
        Ok(())
    } else {
        Err(format!(
            "the server applied {} but the effect happened {}: a retried call was applied again",
            if calls == 1 {
                "1 call".to_owned()
            } else {
                format!("{calls} calls")
            },
            times(disk.effects)
        ))
    }
}
