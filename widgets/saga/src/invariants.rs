//! The saga's named properties, checked after every step.
//!
//! Three are safety properties, true in every state. The fourth, "A saga
//! ends all done or all undone", is about how a run *ends*: mid-saga, some
//! steps are done and others not, and that is fine. It is judged only when
//! the system is **quiet** ([`quiet`]): every node up, no message in the
//! network, no timer pending, nothing stored in the broker and nothing
//! waiting in any outbox or memory to be published. From a quiet state
//! nothing can ever happen again without a user, so a saga that has not
//! finished by then never will: that is the stall a lost event causes.
//! Chaos tests make the system quiet at the end of each run (restart every
//! node, heal the network, let the timers run out) so the property is
//! checked on every run, and the explorer checks it in every quiet state it
//! reaches.

use dsw_sim::{Invariant, World};

use crate::Saga;
use crate::describe::{phase, service_effect};
use crate::model::{Dir, HEAD, Phase, ServiceDisk, Step};

pub const NO_DOUBLE_EFFECT: &str = "No double effect";
pub const NOTHING_REFUNDED_UNCHARGED: &str = "Nothing refunded that was not charged";
pub const REVERSE_ORDER: &str = "Compensations run in reverse order";
pub const ALL_OR_NOTHING: &str = "A saga ends all done or all undone";

pub fn all() -> Vec<Invariant<Saga>> {
    vec![
        Invariant::new(NO_DOUBLE_EFFECT, no_double_effect),
        Invariant::new(NOTHING_REFUNDED_UNCHARGED, nothing_undone_that_was_not_done),
        Invariant::new(REVERSE_ORDER, reverse_order),
        Invariant::new(ALL_OR_NOTHING, all_or_nothing),
    ]
}

/// One sentence per property, for the invariant panel.
pub fn statement(name: &str) -> Option<&'static str> {
    Some(match name {
        NO_DOUBLE_EFFECT => {
            "each step's effect, and each compensation, is applied at most once per saga: one room, one charge, one seat, one e-mail"
        }
        NOTHING_REFUNDED_UNCHARGED => {
            "a compensation runs only for a step that took effect: no refund without a charge, no cancellation without a reservation"
        }
        REVERSE_ORDER => {
            "a step is compensated only after every later step has been compensated, and nothing goes forward once compensation has begun"
        }
        ALL_OR_NOTHING => {
            "once the system is quiet, every step is in effect and the trip is booked, or none is and the trip is cancelled"
        }
        _ => return None,
    })
}

fn services(world: &World<Saga>) -> Vec<&ServiceDisk> {
    world.nodes().filter_map(|v| v.durable.service()).collect()
}

fn no_double_effect(world: &World<Saga>) -> Result<(), String> {
    for db in services(world) {
        for (count, dir) in [(db.done, Dir::Do), (db.undone, Dir::Undo)] {
            if count > 1 {
                return Err(format!(
                    "{} did \"{}\" {count} times for one trip",
                    db.step,
                    db.step.action(dir)
                ));
            }
        }
    }
    Ok(())
}

/// Counted, not just "at least one": a second refund for one charge is as
/// wrong as a refund for none.
fn nothing_undone_that_was_not_done(world: &World<Saga>) -> Result<(), String> {
    for db in services(world) {
        if db.undone > db.done {
            return Err(format!(
                "{} did \"{}\" {}x but \"{}\" only {}x",
                db.step,
                db.step.action(Dir::Undo),
                db.undone,
                db.step.action(Dir::Do),
                db.done
            ));
        }
    }
    Ok(())
}

/// Effects only ever grow, so checking the current state after every step
/// catches the first moment an earlier step is undone while a later one
/// still holds, whichever of the two happened last.
fn reverse_order(world: &World<Saga>) -> Result<(), String> {
    let dbs = services(world);
    for (i, early) in dbs.iter().enumerate() {
        if early.undone == 0 {
            continue;
        }
        if let Some(late) = dbs[i + 1..].iter().find(|late| late.in_effect()) {
            return Err(format!(
                "{} ran \"{}\" while the later step {} is still in effect ({})",
                early.step,
                early.step.action(Dir::Undo),
                late.step,
                service_effect(late)
            ));
        }
    }
    Ok(())
}

/// Nothing can happen any more without a user: see the module docs.
pub fn quiet(world: &World<Saga>) -> bool {
    world.in_flight().is_empty()
        && world.timers().next().is_none()
        && world.nodes().all(|v| {
            v.volatile.is_some_and(|m| m.unpublished.is_empty())
                && v.durable.outbox().is_empty()
                && v.durable.broker().is_none_or(|b| b.stored.is_empty())
        })
}

/// Where a saga stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SagaOutcome {
    NotStarted,
    /// Something can still happen.
    Running,
    Completed,
    Compensated,
    /// Quiet, but the head is still waiting: nothing will ever move it.
    Stuck,
    /// Quiet and finished, but the services' effects disagree with the
    /// head's record (some done, some undone).
    Mixed,
}

impl SagaOutcome {
    pub fn name(self) -> &'static str {
        match self {
            SagaOutcome::NotStarted => "not started",
            SagaOutcome::Running => "running",
            SagaOutcome::Completed => "completed",
            SagaOutcome::Compensated => "compensated",
            SagaOutcome::Stuck => "stuck",
            SagaOutcome::Mixed => "mixed",
        }
    }
}

pub fn outcome(world: &World<Saga>) -> SagaOutcome {
    if !quiet(world) {
        return SagaOutcome::Running;
    }
    let head = head_phase(world);
    let dbs = services(world);
    let all_in = Step::ALL.len() == dbs.len() && dbs.iter().all(|d| d.in_effect());
    let none_in = dbs.iter().all(|d| !d.in_effect());
    match head {
        Phase::Idle if none_in => SagaOutcome::NotStarted,
        Phase::Completed if all_in => SagaOutcome::Completed,
        Phase::Compensated if none_in => SagaOutcome::Compensated,
        Phase::Idle | Phase::Completed | Phase::Compensated => SagaOutcome::Mixed,
        Phase::Forward(_) | Phase::Backward(_) | Phase::Waiting => SagaOutcome::Stuck,
    }
}

fn head_phase(world: &World<Saga>) -> Phase {
    world
        .node(HEAD)
        .durable
        .head()
        .map_or(Phase::Idle, |h| h.phase)
}

fn all_or_nothing(world: &World<Saga>) -> Result<(), String> {
    let effects = || {
        services(world)
            .iter()
            .map(|db| format!("{}: {}", db.step, service_effect(db)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let head = || {
        format!(
            "{} says {}",
            world.node_name(HEAD),
            phase(world.protocol(), head_phase(world))
        )
    };
    match outcome(world) {
        SagaOutcome::Stuck => Err(format!(
            "nothing is in flight, stored or waiting to be published, yet the saga is stuck: {}; {}",
            head(),
            effects()
        )),
        SagaOutcome::Mixed => Err(format!(
            "the run is over with the saga half done: {}; {}",
            head(),
            effects()
        )),
        _ => Ok(()),
    }
}
