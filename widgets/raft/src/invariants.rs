//! Figure 3 of the paper: the five properties Raft guarantees at all times,
//! checked after every step.
//!
//! Three of them are about history ("at most one leader per term, ever"),
//! which the current state alone cannot show. They read the [`Ghost`]
//! records each server keeps on disk; see there.
//!
//! [`Ghost`]: crate::Ghost

use std::collections::BTreeMap;

use dsw_sim::{Invariant, NodeId, World};

use crate::Raft;
use crate::node::{Entry, Index, Term};

pub const ELECTION_SAFETY: &str = "Election Safety";
pub const LEADER_APPEND_ONLY: &str = "Leader Append-Only";
pub const LOG_MATCHING: &str = "Log Matching";
pub const LEADER_COMPLETENESS: &str = "Leader Completeness";
pub const STATE_MACHINE_SAFETY: &str = "State Machine Safety";

/// All five, in Figure 3's order.
pub fn all() -> Vec<Invariant<Raft>> {
    vec![
        Invariant::new(ELECTION_SAFETY, election_safety),
        Invariant::new(LEADER_APPEND_ONLY, leader_append_only),
        Invariant::new(LOG_MATCHING, log_matching),
        Invariant::new(LEADER_COMPLETENESS, leader_completeness),
        Invariant::new(STATE_MACHINE_SAFETY, state_machine_safety),
    ]
}

/// The sentence Figure 3 gives for each property, for the invariant panel.
pub fn statement(name: &str) -> Option<&'static str> {
    Some(match name {
        ELECTION_SAFETY => "at most one leader can be elected in a given term (§5.2)",
        LEADER_APPEND_ONLY => {
            "a leader never overwrites or deletes entries in its log; it only appends new entries (§5.3)"
        }
        LOG_MATCHING => {
            "if two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index (§5.3)"
        }
        LEADER_COMPLETENESS => {
            "if a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms (§5.4)"
        }
        STATE_MACHINE_SAFETY => {
            "if a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index (§5.4.3)"
        }
        _ => return None,
    })
}

/// Every server that ever won a term, from the ghost records.
fn election_safety(world: &World<Raft>) -> Result<(), String> {
    let mut winners: BTreeMap<Term, NodeId> = BTreeMap::new();
    for v in world.nodes() {
        for &term in &v.durable.ghost.led {
            if let Some(&other) = winners.get(&term)
                && other != v.id
            {
                return Err(format!(
                    "{other} and {} were both elected leader of term {term}",
                    v.id
                ));
            }
            winners.insert(term, v.id);
        }
    }
    Ok(())
}

fn leader_append_only(world: &World<Raft>) -> Result<(), String> {
    for v in world.nodes() {
        if let Some((term, index)) = v.durable.ghost.rewritten {
            return Err(format!(
                "{}, leader of term {term}, changed or removed the entry at index {index} of its own log",
                v.id
            ));
        }
    }
    Ok(())
}

/// Checking the highest index where two logs agree on the term is enough:
/// if their prefixes up to it are equal, so are all shorter prefixes.
fn log_matching(world: &World<Raft>) -> Result<(), String> {
    let views: Vec<_> = world.nodes().collect();
    for (i, a) in views.iter().enumerate() {
        for b in &views[i + 1..] {
            let (la, lb) = (&a.durable.log, &b.durable.log);
            let Some(top) = (0..la.len().min(lb.len()))
                .rev()
                .find(|&k| la[k].term == lb[k].term)
            else {
                continue;
            };
            if let Some(k) = (0..=top).find(|&k| la[k] != lb[k]) {
                return Err(format!(
                    "{} and {} both have an entry of term {} at index {}, but differ at index {}: {} has {}, {} has {}",
                    a.id,
                    b.id,
                    la[top].term,
                    top + 1,
                    k + 1,
                    a.id,
                    la[k].short(),
                    b.id,
                    lb[k].short()
                ));
            }
        }
    }
    Ok(())
}

/// "Committed in term C" is what a leader of term C recorded when it
/// advanced its commit index; a leader of any later term must hold the
/// entry. A deposed leader still running in an older term is exempt: it may
/// lawfully lag behind.
fn leader_completeness(world: &World<Raft>) -> Result<(), String> {
    let mut commits: Vec<(Index, Term, Term, NodeId)> = Vec::new();
    for v in world.nodes() {
        for (i, &(entry_term, commit_term)) in v.durable.ghost.committed.iter().enumerate() {
            commits.push((i as Index + 1, entry_term, commit_term, v.id));
        }
    }
    for v in world.nodes() {
        let Some(mem) = v.volatile else { continue };
        if !mem.role.is_leader() {
            continue;
        }
        let term = v.durable.current_term;
        for &(index, entry_term, commit_term, by) in &commits {
            if commit_term < term && v.durable.term_at(index) != entry_term {
                let has = match v.durable.entry(index) {
                    Some(e) => format!("has {} there", e.short()),
                    None => "has no entry there".to_owned(),
                };
                return Err(format!(
                    "{} leads term {term} but lacks the entry at index {index} (term {entry_term}) that {by} committed in term {commit_term}: it {has}",
                    v.id
                ));
            }
        }
    }
    Ok(())
}

fn state_machine_safety(world: &World<Raft>) -> Result<(), String> {
    let mut first: BTreeMap<usize, (NodeId, Entry)> = BTreeMap::new();
    for v in world.nodes() {
        if let Some((index, before, after)) = v.durable.ghost.reapplied {
            return Err(format!(
                "{} applied {} at index {index}, then after a restart applied {} there",
                v.id,
                before.short(),
                after.short()
            ));
        }
        for (i, entry) in v.durable.ghost.applied.iter().enumerate() {
            match first.get(&i) {
                Some(&(other, seen)) if seen != *entry => {
                    return Err(format!(
                        "{other} applied {} at index {} but {} applied {} there",
                        seen.short(),
                        i + 1,
                        v.id,
                        entry.short()
                    ));
                }
                Some(_) => {}
                None => {
                    first.insert(i, (v.id, *entry));
                }
            }
        }
    }
    Ok(())
}
