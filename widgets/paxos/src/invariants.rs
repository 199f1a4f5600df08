//! The safety properties of consensus (Paxos Made Simple §2.1), per slot,
//! checked after every step.
//!
//! "Chosen" is a fact about history, not about the current state: a value
//! is chosen once a majority of acceptors have accepted it in the same
//! ballot, even if some of them later accept something else. So the checks
//! read the [`Ghost`] records every acceptor keeps of every vote it ever
//! cast. Each check is a pure function of those records, tested on its own
//! below.
//!
//! [`Ghost`]: crate::Ghost

use dsw_sim::{Invariant, NodeId, World};

use crate::describe::names;
use crate::types::{Ballot, Slot, Value, Vote};
use crate::{Mode, Paxos};

pub const ONE_VALUE: &str = "Only one value is chosen";
pub const LEARNED_WAS_CHOSEN: &str = "A learned value was chosen";
pub const VALIDITY: &str = "Only a proposed value is chosen";

/// All three, in Lamport's order of the safety requirements, the one that
/// matters most first.
pub fn all() -> Vec<Invariant<Paxos>> {
    vec![
        Invariant::new(ONE_VALUE, one_value),
        Invariant::new(LEARNED_WAS_CHOSEN, learned_was_chosen),
        Invariant::new(VALIDITY, validity),
    ]
}

/// The sentence for each property, for the invariant panel.
pub fn statement(name: &str) -> Option<&'static str> {
    Some(match name {
        ONE_VALUE => {
            "at most one value is ever chosen (in each slot): a value is chosen when a majority of acceptors accept it in one ballot"
        }
        LEARNED_WAS_CHOSEN => {
            "a server never learns that a value has been chosen unless it has been"
        }
        VALIDITY => {
            "only a value that a user proposed can be chosen (or, in Multi-Paxos, a leader's no-op)"
        }
        _ => return None,
    })
}

/// A value chosen in a slot: accepted in `ballot` by the majority `by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub slot: Slot,
    pub ballot: Ballot,
    pub value: Value,
    pub by: Vec<NodeId>,
}

/// Every (slot, ballot, value) that at least `majority` acceptors have
/// accepted, from each acceptor's history of votes, in (slot, ballot)
/// order.
pub fn choices(histories: &[(NodeId, &[Vote])], majority: usize) -> Vec<Choice> {
    let mut all: Vec<(Vote, NodeId)> = histories
        .iter()
        .flat_map(|(n, votes)| votes.iter().map(move |v| (*v, *n)))
        .collect();
    all.sort_unstable();
    all.dedup();
    let mut out = Vec::new();
    for group in all.chunk_by(|a, b| a.0 == b.0) {
        if group.len() >= majority {
            let vote = group[0].0;
            out.push(Choice {
                slot: vote.slot,
                ballot: vote.ballot,
                value: vote.value,
                by: group.iter().map(|(_, n)| *n).collect(),
            });
        }
    }
    out
}

/// What has been chosen so far in `world`.
pub fn chosen(world: &World<Paxos>) -> Vec<Choice> {
    let histories: Vec<(NodeId, &[Vote])> = world
        .nodes()
        .map(|v| (v.id, v.durable.ghost.votes.as_slice()))
        .collect();
    choices(&histories, world.protocol().majority())
}

/// Two choices of different values in one slot, if any.
pub fn check_one_value(choices: &[Choice]) -> Result<(), String> {
    for (i, a) in choices.iter().enumerate() {
        if let Some(b) = choices[i + 1..]
            .iter()
            .find(|b| b.slot == a.slot && b.value != a.value)
        {
            let slot = if a.slot == 1 {
                String::new()
            } else {
                format!(" in slot {}", a.slot)
            };
            return Err(format!(
                "{} was chosen{slot} at ballot {} (accepted by {}) and {} at ballot {} (accepted by {})",
                a.value,
                a.ballot,
                names(&a.by),
                b.value,
                b.ballot,
                names(&b.by)
            ));
        }
    }
    Ok(())
}

/// Every learned (slot, value) must be among the choices.
pub fn check_learned(
    learned: &[(NodeId, &[(Slot, Value)])],
    choices: &[Choice],
) -> Result<(), String> {
    for (node, list) in learned {
        for &(slot, value) in list.iter() {
            if !choices.iter().any(|c| c.slot == slot && c.value == value) {
                return Err(format!(
                    "{node} learned {value} in slot {slot}, but no majority of acceptors ever accepted {value} there in one ballot"
                ));
            }
        }
    }
    Ok(())
}

/// Every chosen value must have been asked for by some user; a no-op is
/// allowed where leaders fill holes (Multi-Paxos).
pub fn check_validity(choices: &[Choice], asked: &[Value], noops: bool) -> Result<(), String> {
    for c in choices {
        if c.value.is_noop() && noops {
            continue;
        }
        if !asked.contains(&c.value) {
            return Err(format!(
                "{} was chosen at ballot {}, but no user ever proposed it",
                c.value, c.ballot
            ));
        }
    }
    Ok(())
}

fn one_value(world: &World<Paxos>) -> Result<(), String> {
    check_one_value(&chosen(world))
}

fn learned_was_chosen(world: &World<Paxos>) -> Result<(), String> {
    let learned: Vec<(NodeId, &[(Slot, Value)])> = world
        .nodes()
        .map(|v| (v.id, v.durable.ghost.learned.as_slice()))
        .collect();
    if learned.iter().all(|(_, l)| l.is_empty()) {
        return Ok(());
    }
    check_learned(&learned, &chosen(world))
}

fn validity(world: &World<Paxos>) -> Result<(), String> {
    let asked: Vec<Value> = world
        .nodes()
        .flat_map(|v| v.durable.ghost.asked.iter().copied())
        .collect();
    check_validity(&chosen(world), &asked, world.protocol().mode == Mode::Multi)
}

#[cfg(test)]
mod tests {
    use super::*;

    const N1: NodeId = NodeId(0);
    const N2: NodeId = NodeId(1);
    const N3: NodeId = NodeId(2);

    fn vote(slot: Slot, round: u32, by: NodeId, value: u8) -> Vote {
        Vote {
            slot,
            ballot: Ballot::new(round, by),
            value: Value(value),
        }
    }

    #[test]
    fn a_value_is_chosen_only_by_a_majority_in_one_ballot() {
        let a1 = vote(1, 1, N1, b'A');
        let a2 = vote(1, 2, N2, b'A');
        // Two acceptors accepted A, but in different ballots: nothing is
        // chosen among three.
        let split = [(N1, &[a1][..]), (N2, &[a2][..]), (N3, &[][..])];
        assert!(choices(&split, 2).is_empty());
        // n3 accepts A at 2.n2 as well: chosen, by n2 and n3.
        let chosen = choices(&[(N1, &[a1][..]), (N2, &[a2][..]), (N3, &[a2][..])], 2);
        assert_eq!(chosen.len(), 1);
        assert_eq!(
            (chosen[0].ballot, chosen[0].by.clone()),
            (a2.ballot, vec![N2, N3])
        );
    }

    #[test]
    fn a_vote_later_replaced_still_counts() {
        // n1 and n2 accepted A at 1.n1, then both moved on to B at 2.n3:
        // A was chosen first, B second, and that is the violation.
        let a = vote(1, 1, N1, b'A');
        let b = vote(1, 2, N3, b'B');
        let h = [(N1, &[a, b][..]), (N2, &[a, b][..]), (N3, &[][..])];
        let c = choices(&h, 2);
        assert_eq!(c.len(), 2);
        let err = check_one_value(&c).unwrap_err();
        assert!(err.contains("A was chosen at ballot 1.n1"), "{err}");
        assert!(err.contains("B at ballot 2.n3"), "{err}");
    }

    #[test]
    fn the_same_value_chosen_twice_is_fine_and_slots_are_separate() {
        let a = vote(1, 1, N1, b'A');
        let a2 = vote(1, 2, N2, b'A');
        let b2 = vote(2, 2, N2, b'B');
        let h = [
            (N1, &[a, a2, b2][..]),
            (N2, &[a, a2, b2][..]),
            (N3, &[][..]),
        ];
        let c = choices(&h, 2);
        assert_eq!(c.len(), 3);
        assert_eq!(check_one_value(&c), Ok(()));
    }

    #[test]
    fn learners_and_validity_are_checked_against_choices() {
        let a = vote(1, 1, N1, b'A');
        let c = choices(&[(N1, &[a][..]), (N2, &[a][..])], 2);
        assert_eq!(check_learned(&[(N3, &[(1, Value(b'A'))][..])], &c), Ok(()));
        assert!(check_learned(&[(N3, &[(1, Value(b'B'))][..])], &c).is_err());
        assert!(check_learned(&[(N3, &[(2, Value(b'A'))][..])], &c).is_err());
        assert_eq!(check_validity(&c, &[Value(b'A')], false), Ok(()));
        assert!(check_validity(&c, &[Value(b'B')], false).is_err());
        let noop = vote(1, 1, N1, b'-');
        let c = choices(&[(N1, &[noop][..]), (N2, &[noop][..])], 2);
        assert_eq!(check_validity(&c, &[], true), Ok(()));
        assert!(check_validity(&c, &[], false).is_err());
    }
}
