//! The safety properties of atomic commit, checked after every step.
//!
//! The first is `TCConsistent` of Gray and Lamport's specification. The
//! other two are about history (what was sent, who voted), which the
//! current state shows through the participants' vote records and the
//! coordinator's [`TmGhost`](crate::TmGhost).

use dsw_sim::{Invariant, NodeId, World};

use crate::node::{Decision, RmState, durable_decision};
use crate::{AtomicCommit, TM};

pub const TC_CONSISTENT: &str = "TCConsistent: no RM committed while another aborted";
pub const DURABLE_DECISION: &str = "The decision is durable and never changes";
pub const UNANIMOUS_YES: &str = "No participant commits without every vote yes";

pub fn all() -> Vec<Invariant<AtomicCommit>> {
    vec![
        Invariant::new(TC_CONSISTENT, tc_consistent),
        Invariant::new(DURABLE_DECISION, durable_and_final),
        Invariant::new(UNANIMOUS_YES, unanimous_yes),
    ]
}

/// A longer sentence for each property, for the invariant panel.
pub fn statement(name: &str) -> Option<&'static str> {
    Some(match name {
        TC_CONSISTENT => {
            "atomicity: the transaction commits everywhere or nowhere, so no participant has committed while another has aborted"
        }
        DURABLE_DECISION => {
            "every decision the coordinator has sent is on its disk, so a crash cannot change it, and it has never sent two different decisions"
        }
        UNANIMOUS_YES => "a participant commits only if every participant voted yes",
        _ => return None,
    })
}

/// Each participant's state, from its disk (up or down).
fn rm_states(world: &World<AtomicCommit>) -> Vec<(NodeId, RmState, Option<bool>)> {
    world
        .nodes()
        .filter_map(|v| v.durable.rm().map(|d| (v.id, d.state, d.vote)))
        .collect()
}

fn tc_consistent(world: &World<AtomicCommit>) -> Result<(), String> {
    let states = rm_states(world);
    let find = |s: RmState| states.iter().find(|(_, st, _)| *st == s).map(|x| x.0);
    match (find(RmState::Committed), find(RmState::Aborted)) {
        (Some(c), Some(a)) => Err(format!(
            "{} committed but {} aborted",
            world.node_name(c),
            world.node_name(a)
        )),
        _ => Ok(()),
    }
}

fn durable_and_final(world: &World<AtomicCommit>) -> Result<(), String> {
    let Some(view) = world.try_node(TM) else {
        return Ok(());
    };
    let Some(disk) = view.durable.tm() else {
        return Ok(());
    };
    let ghost = disk.ghost;
    let Some(sent) = ghost.announced else {
        return Ok(());
    };
    if let Some(later) = ghost.contradicted {
        return Err(format!(
            "tm sent {} and later {}",
            sent.record(),
            later.record()
        ));
    }
    let phase = view.volatile.and_then(|m| m.tm()).map(|m| &m.phase);
    let on_disk = durable_decision(disk, phase);
    if on_disk != Some(sent) {
        let after = match on_disk {
            Some(Decision::Abort) => "after a crash it would presume abort",
            Some(Decision::Commit) => "its log says COMMIT",
            None => "its log decides nothing",
        };
        return Err(format!(
            "tm has sent {} but its log does not hold it: {after}",
            sent.record()
        ));
    }
    Ok(())
}

fn unanimous_yes(world: &World<AtomicCommit>) -> Result<(), String> {
    let states = rm_states(world);
    let Some((c, _, _)) = states.iter().find(|(_, s, _)| *s == RmState::Committed) else {
        return Ok(());
    };
    match states.iter().find(|(_, _, vote)| *vote != Some(true)) {
        Some((n, _, vote)) => Err(format!(
            "{} committed although {} {}",
            world.node_name(*c),
            world.node_name(*n),
            if vote.is_some() {
                "voted no"
            } else {
                "never voted"
            }
        )),
        None => Ok(()),
    }
}
