//! "What the client saw" versus "what really happened", reconstructed from
//! the event log of a run.

use super::{CLIENT, Msg, Rpc, SERVER, Status, Timer, times};
use crate::ids::{MsgId, Time};
use crate::log::{Happening, LossReason};
use crate::world::World;

/// Everything the client can know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientView {
    NoCall,
    Waiting {
        attempt: u8,
    },
    Replied {
        attempt: u8,
        effects: u32,
    },
    TimedOut {
        attempts: u8,
    },
    /// The client itself is down and remembers nothing.
    Down,
}

impl ClientView {
    pub fn describe(&self) -> String {
        match self {
            ClientView::NoCall => "no call made yet".to_owned(),
            ClientView::Waiting { attempt } => {
                format!("still waiting for a reply (attempt {attempt})")
            }
            ClientView::Replied { attempt, .. } => {
                format!("a reply arrived (to attempt {attempt}): the call succeeded")
            }
            ClientView::TimedOut { attempts: 1 } => "timed out, no reply".to_owned(),
            ClientView::TimedOut { attempts } => {
                format!("timed out, no reply, after {attempts} attempts")
            }
            ClientView::Down => "nothing: the client crashed and forgot the call".to_owned(),
        }
    }
}

/// What became of one message (or of all copies of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    NotSent,
    InFlight,
    Delivered { at: Time },
    Dropped { at: Time },
    Lost { at: Time, reason: LossReason },
}

/// The true state of one attempt, from the network's and server's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    NoCall,
    /// The request is still in the network.
    RequestInFlight,
    /// The request never reached a running server.
    RequestLost,
    /// The request arrived; the server crashed before applying it.
    CrashedBeforeApplying,
    ServerWorking,
    /// The server applied the request, then crashed before replying.
    CrashedAfterApplying,
    ServerAboutToReply,
    /// The reply is still in the network.
    ReplySlow,
    ReplyLost,
    /// The reply arrived after the client had given up.
    ReplyLate,
    Answered,
}

/// The story of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStory {
    pub attempt: u8,
    pub request: Fate,
    /// How many copies of the request reached the running server.
    pub arrivals: u32,
    /// Whether this attempt made the effect happen (false when an
    /// idempotent server recognised a repeat).
    pub applied: bool,
    pub reply: Fate,
    pub truth: Truth,
    pub text: String,
}

/// The client's view next to the truth, for the chapter's side-by-side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub call: Option<u8>,
    pub client_view: ClientView,
    /// The attempt that decided the outcome: the one whose reply the client
    /// accepted, else the last one.
    pub truth: Truth,
    /// How many times the call's effect actually happened.
    pub effects: u32,
    pub attempts: Vec<AttemptStory>,
    pub client_saw: String,
    pub really: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Waiting,
    Working,
    CrashedBeforeApplying,
    Applied,
    CrashedAfterApplying,
    Replied,
}

fn fate_of(world: &World<Rpc>, ids: &[MsgId], events: &[(MsgId, Fate)]) -> Fate {
    if ids.is_empty() {
        return Fate::NotSent;
    }
    if let Some((_, f)) = events
        .iter()
        .find(|(_, f)| matches!(f, Fate::Delivered { .. }))
    {
        return *f;
    }
    if ids.iter().any(|&id| world.message(id).is_some()) {
        return Fate::InFlight;
    }
    events.first().map_or(Fate::InFlight, |(_, f)| *f)
}

fn describe_loss(fate: Fate, what: &str) -> String {
    match fate {
        Fate::Dropped { at } => format!("the network dropped the {what} at t={at}"),
        Fate::Lost {
            at,
            reason: LossReason::ReceiverDown,
        } => {
            format!("the {what} arrived at t={at} while its receiver was down and was lost")
        }
        Fate::Lost {
            at,
            reason: LossReason::Partitioned,
        } => {
            format!("a partition cut the {what} off at t={at}")
        }
        _ => format!("the {what} was lost"),
    }
}

/// Reconstructs the latest call of a run.
pub fn verdict(world: &World<Rpc>) -> Verdict {
    let log = world.log();
    let call = log
        .iter()
        .filter_map(|e| match &e.what {
            Happening::Sent {
                msg: Msg::Request { call, .. },
                ..
            } => Some(*call),
            _ => None,
        })
        .max();
    let client_view = match world.node(CLIENT).volatile.map(|m| m.status) {
        None => ClientView::Down,
        Some(Status::Idle) => ClientView::NoCall,
        Some(Status::Waiting { attempt, .. }) => ClientView::Waiting { attempt },
        Some(Status::Replied {
            attempt, effects, ..
        }) => ClientView::Replied { attempt, effects },
        Some(Status::GaveUp { attempts, .. }) => ClientView::TimedOut { attempts },
    };
    let Some(call) = call else {
        return Verdict {
            call: None,
            client_view,
            truth: Truth::NoCall,
            effects: 0,
            attempts: Vec::new(),
            client_saw: client_view.describe(),
            really: "nothing has happened yet".to_owned(),
        };
    };
    let attempts_made = log
        .iter()
        .filter_map(|e| match &e.what {
            Happening::Sent {
                msg: Msg::Request { call: c, attempt },
                ..
            } if *c == call => Some(*attempt),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let gave_up_at = log.iter().position(|e| {
        matches!(&e.what, Happening::Output { output: super::Outcome::GaveUp { call: c, .. }, .. } if *c == call)
    });
    let accepted = log.iter().find_map(|e| match &e.what {
        Happening::Output {
            output: super::Outcome::Replied {
                call: c, attempt, ..
            },
            ..
        } if *c == call => Some(*attempt),
        _ => None,
    });

    let idempotent = world.protocol().idempotent;
    let apply_fires: Vec<usize> = log
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            matches!(&e.what, Happening::TimerFired { node, timer: Timer::Apply { call: c, .. } }
                if *node == SERVER && *c == call)
        })
        .map(|(i, _)| i)
        .collect();
    let mut applies = 0u32;
    let mut attempts = Vec::new();
    for attempt in 1..=attempts_made {
        let is_request = |m: &Msg| *m == Msg::Request { call, attempt };
        let is_reply = |m: &Msg| matches!(m, Msg::Reply { call: c, attempt: a, .. } if *c == call && *a == attempt);
        let mut req_ids: Vec<MsgId> = Vec::new();
        let mut rep_ids: Vec<MsgId> = Vec::new();
        let mut req_events = Vec::new();
        let mut rep_events = Vec::new();
        let mut stage = Stage::Waiting;
        let mut arrivals = 0;
        let mut applied = false;
        let mut recalled = false;
        let mut reply_late = false;
        for (i, e) in log.iter().enumerate() {
            match &e.what {
                Happening::Sent { id, msg, .. } if is_request(msg) => req_ids.push(*id),
                Happening::Sent { id, msg, .. } if is_reply(msg) => rep_ids.push(*id),
                Happening::Duplicated { id, copy } => {
                    if req_ids.contains(id) {
                        req_ids.push(*copy);
                    } else if rep_ids.contains(id) {
                        rep_ids.push(*copy);
                    }
                }
                Happening::Delivered { id, .. } if req_ids.contains(id) => {
                    arrivals += 1;
                    req_events.push((*id, Fate::Delivered { at: e.time }));
                    if matches!(stage, Stage::Waiting | Stage::CrashedBeforeApplying) {
                        stage = Stage::Working;
                    }
                }
                Happening::Delivered { id, .. } if rep_ids.contains(id) => {
                    rep_events.push((*id, Fate::Delivered { at: e.time }));
                    if gave_up_at.is_some_and(|g| g < i) {
                        reply_late = true;
                    }
                }
                Happening::Dropped { id, .. } | Happening::Lost { id, .. } => {
                    let fate = match &e.what {
                        Happening::Lost { reason, .. } => Fate::Lost {
                            at: e.time,
                            reason: *reason,
                        },
                        _ => Fate::Dropped { at: e.time },
                    };
                    if req_ids.contains(id) {
                        req_events.push((*id, fate));
                    } else if rep_ids.contains(id) {
                        rep_events.push((*id, fate));
                    }
                }
                Happening::TimerFired {
                    node,
                    timer:
                        Timer::Apply {
                            call: c,
                            attempt: a,
                        },
                } if *node == SERVER && *c == call && *a == attempt => {
                    // An idempotent server answers a repeat from its records.
                    if idempotent && apply_fires.first().is_some_and(|&first| first < i) {
                        recalled = true;
                    } else {
                        applied = true;
                    }
                    applies += 1;
                    stage = Stage::Applied;
                }
                Happening::TimerFired {
                    node,
                    timer:
                        Timer::Respond {
                            call: c,
                            attempt: a,
                        },
                } if *node == SERVER && *c == call && *a == attempt => {
                    stage = Stage::Replied;
                }
                Happening::Crashed { node } if *node == SERVER => {
                    stage = match stage {
                        Stage::Working => Stage::CrashedBeforeApplying,
                        Stage::Applied => Stage::CrashedAfterApplying,
                        s => s,
                    };
                }
                _ => {}
            }
        }
        let request = fate_of(world, &req_ids, &req_events);
        let reply = fate_of(world, &rep_ids, &rep_events);
        let did = if recalled && !applied {
            "found the call already applied and did not repeat it"
        } else {
            "applied the call (the effect happened)"
        };
        let (truth, text) = match stage {
            Stage::Waiting => match request {
                Fate::InFlight | Fate::NotSent => (
                    Truth::RequestInFlight,
                    "the request is still in the network; the server has not seen it".to_owned(),
                ),
                f => (
                    Truth::RequestLost,
                    format!(
                        "{}, so the server never heard of the call",
                        describe_loss(f, "request")
                    ),
                ),
            },
            Stage::Working => (
                Truth::ServerWorking,
                "the request arrived and the server is still working on it".to_owned(),
            ),
            Stage::CrashedBeforeApplying => (
                Truth::CrashedBeforeApplying,
                "the request arrived, but the server crashed before applying it".to_owned(),
            ),
            Stage::Applied => (
                Truth::ServerAboutToReply,
                format!("the server {did} and is about to reply"),
            ),
            Stage::CrashedAfterApplying => (
                Truth::CrashedAfterApplying,
                format!("the server {did}, then crashed before sending the reply"),
            ),
            Stage::Replied => match reply {
                Fate::Delivered { at } if reply_late => (
                    Truth::ReplyLate,
                    format!(
                        "the server {did} and replied, but the reply arrived at t={at}, after the client had given up"
                    ),
                ),
                Fate::Delivered { at } => (
                    Truth::Answered,
                    format!("the server {did}; its reply arrived at t={at}"),
                ),
                Fate::InFlight | Fate::NotSent => (
                    Truth::ReplySlow,
                    format!("the server {did}; its reply is still on the way, just slow"),
                ),
                f => (
                    Truth::ReplyLost,
                    format!("the server {did}, but {}", describe_loss(f, "reply")),
                ),
            },
        };
        attempts.push(AttemptStory {
            attempt,
            request,
            arrivals,
            applied,
            reply,
            truth,
            text,
        });
    }

    let effects = if idempotent { applies.min(1) } else { applies };
    let deciding = accepted
        .and_then(|a| attempts.iter().find(|s| s.attempt == a))
        .or(attempts.last());
    let truth = deciding.map_or(Truth::NoCall, |s| s.truth);
    let mut really = deciding.map_or_else(String::new, |s| s.text.clone());
    if let (true, Some(s)) = (attempts.len() > 1, deciding) {
        really = format!("in attempt {}, {really}", s.attempt);
    }
    really.push_str(&match effects {
        0 => ". The effect never happened.".to_owned(),
        n if applies > effects => format!(
            ". The effect happened {}: the server recognised the repeated request and did not apply it again.",
            times(n)
        ),
        1 => ". The effect happened once.".to_owned(),
        n => format!(
            ". The effect happened {}, although the user asked once: the server applied a repeated request again.",
            times(n)
        ),
    });
    Verdict {
        call: Some(call),
        client_view,
        truth,
        effects,
        attempts,
        client_saw: client_view.describe(),
        really,
    }
}
