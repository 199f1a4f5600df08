//! Words for messages, databases and the saga as a whole, shared by the
//! event log, the state panel, the golden files and the oracle.

use dsw_sim::World;

use crate::model::{Body, Disk, HEAD, Memory, Msg, Pending, Phase, ServiceDisk, Step};
use crate::{Mode, Saga};

pub(crate) fn message(msg: &Msg) -> String {
    match msg {
        Msg::Publish(b) => format!("Publish({b})"),
        Msg::PubAck(b) => format!("PubAck({b})"),
        Msg::Deliver(b) => format!("Deliver({b})"),
        Msg::Ack(b) => format!("Ack({b})"),
    }
}

/// `a, b and c`, or `nothing`.
pub(crate) fn list(items: impl Iterator<Item = Body>) -> String {
    let words: Vec<String> = items.map(|b| b.to_string()).collect();
    match words.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn pending(items: &[Pending]) -> String {
    let words: Vec<String> = items
        .iter()
        .map(|p| match p.attempts {
            0 => p.body.to_string(),
            n => format!("{} (sent {n}x)", p.body),
        })
        .collect();
    format!("[{}]", words.join(", "))
}

/// What a service's database says about the trip, in its own words.
pub(crate) fn service_effect(db: &ServiceDisk) -> String {
    let (d, u) = (db.done, db.undone);
    match db.step {
        Step::Hotel => format!(
            "{} held (reserved {d}x, cancelled {u}x)",
            plural(d.saturating_sub(u), "room")
        ),
        Step::Payment => format!("card charged {d}x, refunded {u}x"),
        Step::Flight => format!(
            "{} held (booked {d}x, cancelled {u}x)",
            plural(d.saturating_sub(u), "seat")
        ),
        Step::Email => format!("{} sent", plural(d, "confirmation")),
    }
}

fn plural(n: u8, word: &str) -> String {
    match n {
        0 => format!("no {word}"),
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

pub(crate) fn phase(saga: &Saga, phase: Phase) -> String {
    match phase {
        Phase::Idle => "no trip yet".to_owned(),
        Phase::Forward(step) => format!("waiting for {step} ({})", step.action(crate::Dir::Do)),
        Phase::Backward(step) => {
            format!(
                "compensating: waiting for {step} ({})",
                step.action(crate::Dir::Undo)
            )
        }
        Phase::Waiting => "trip pending".to_owned(),
        Phase::Completed => match saga.mode {
            Mode::Orchestration => "saga completed".to_owned(),
            Mode::Choreography => "trip booked".to_owned(),
        },
        Phase::Compensated => match saga.mode {
            Mode::Orchestration => "saga compensated".to_owned(),
            Mode::Choreography => "trip cancelled".to_owned(),
        },
    }
}

/// The state-panel line for one node.
pub(crate) fn node(saga: &Saga, disk: &Disk, mem: Option<&Memory>) -> String {
    let memory = match mem {
        Some(m) if !m.unpublished.is_empty() => {
            format!("; in memory, to publish: {}", pending(&m.unpublished))
        }
        _ => String::new(),
    };
    match disk {
        Disk::Head(h) => {
            let log = match saga.mode {
                Mode::Orchestration => "saga log",
                Mode::Choreography => "trip",
            };
            let outbox = if h.outbox.is_empty() {
                String::new()
            } else {
                format!("; outbox {}", pending(&h.outbox))
            };
            format!("{log}: {}{outbox}{memory}", phase(saga, h.phase))
        }
        Disk::Service(db) => {
            let mut parts = vec![service_effect(db)];
            if db.failed > 0 {
                parts.push(format!("refused {}x", db.failed));
            }
            if saga.dedupe {
                parts.push(format!(
                    "processed [{}]",
                    db.processed
                        .iter()
                        .map(Body::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if saga.outbox {
                parts.push(format!("outbox {}", pending(&db.outbox)));
            }
            if db.fail_next {
                parts.push("next attempt fails".to_owned());
            }
            format!("{}{memory}", parts.join("; "))
        }
        Disk::Broker(b) => {
            if b.stored.is_empty() {
                "stored: nothing".to_owned()
            } else {
                let items: Vec<String> = b
                    .stored
                    .iter()
                    .map(|s| {
                        format!(
                            "{} for {} (delivered {}x)",
                            s.body,
                            saga.node_name_of(saga.route(s.body)),
                            s.deliveries
                        )
                    })
                    .collect();
                format!("stored: {}", items.join(", "))
            }
        }
    }
}

impl Saga {
    fn node_name_of(&self, node: dsw_sim::NodeId) -> String {
        dsw_sim::Protocol::node_name(self, node)
    }
}

/// Every service's effect, one line each: what the `saga` scenario command
/// prints after the head's record.
pub fn effects(world: &World<Saga>) -> Vec<String> {
    world
        .nodes()
        .filter_map(|v| v.durable.service().map(|db| (v.id, db)))
        .map(|(id, db)| format!("{}: {}", world.node_name(id), service_effect(db)))
        .collect()
}

/// The saga at a glance: the head's record, every service's effect and the
/// verdict of [`crate::invariants::outcome`].
pub fn summary(world: &World<Saga>) -> String {
    let saga = world.protocol();
    let head = world
        .node(HEAD)
        .durable
        .head()
        .map_or(Phase::Idle, |h| h.phase);
    let mut lines = vec![format!("{}: {}", world.node_name(HEAD), phase(saga, head))];
    lines.extend(effects(world));
    lines.push(format!(
        "outcome: {}",
        crate::invariants::outcome(world).name()
    ));
    lines.join("\n")
}
