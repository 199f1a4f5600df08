//! Shareable links: a scenario name, a seed and the action trace, packed
//! into a URL-fragment-safe string.
//!
//! Layout (before base64url): version byte, scenario name, seed, current
//! step, action count, then one tag byte per action followed by its
//! arguments as varints. A 1,000-step trace is typically 3-4 KB of text.

use crate::action::Action;
use crate::base64;
use crate::ids::{MsgId, NodeId};
use crate::protocol::Protocol;
use crate::wire::{DecodeError, Reader, Wire, Writer};
use crate::world::World;

const VERSION: u8 = 1;
const MAX_NAME: u64 = 64;
/// Far beyond any trace a learner produces, small enough that a forged
/// link cannot exhaust memory.
const MAX_ACTIONS: u64 = 1 << 20;

/// What a link reproduces: set up `scenario` with `seed`, apply `actions`,
/// then look at `step`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe<P: Protocol> {
    pub scenario: String,
    pub seed: u64,
    pub actions: Vec<Action<P>>,
    pub step: u64,
}

fn put_node(w: &mut Writer, n: NodeId) {
    w.u8(n.0);
}

fn take_node(r: &mut Reader<'_>) -> Result<NodeId, DecodeError> {
    r.u8("a node").map(NodeId)
}

fn take_msg(r: &mut Reader<'_>) -> Result<MsgId, DecodeError> {
    r.varint("a message id").map(MsgId)
}

pub fn put_action<P: Protocol>(w: &mut Writer, a: &Action<P>) {
    match a {
        Action::Deliver(m) => {
            w.u8(0);
            w.varint(m.0);
        }
        Action::Drop(m) => {
            w.u8(1);
            w.varint(m.0);
        }
        Action::Duplicate(m) => {
            w.u8(2);
            w.varint(m.0);
        }
        Action::Delay(m, t) => {
            w.u8(3);
            w.varint(m.0);
            w.varint(*t);
        }
        Action::Partition(groups) => {
            w.u8(4);
            w.varint(groups.len() as u64);
            for g in groups {
                w.varint(g.len() as u64);
                for &n in g {
                    put_node(w, n);
                }
            }
        }
        Action::Heal => w.u8(5),
        Action::Crash(n) => {
            w.u8(6);
            put_node(w, *n);
        }
        Action::Restart(n) => {
            w.u8(7);
            put_node(w, *n);
        }
        Action::Skew(n, o) => {
            w.u8(8);
            put_node(w, *n);
            w.signed(*o);
        }
        Action::Pause(n, t) => {
            w.u8(9);
            put_node(w, *n);
            w.varint(*t);
        }
        Action::Resume(n) => {
            w.u8(10);
            put_node(w, *n);
        }
        Action::FireTimer(n, t) => {
            w.u8(11);
            put_node(w, *n);
            t.put(w);
        }
        Action::Request(n, req) => {
            w.u8(12);
            put_node(w, *n);
            req.put(w);
        }
        Action::Tick(t) => {
            w.u8(13);
            w.varint(*t);
        }
    }
}

pub fn take_action<P: Protocol>(r: &mut Reader<'_>) -> Result<Action<P>, DecodeError> {
    let at = r.position();
    let tag = r.u8("an action")?;
    Ok(match tag {
        0 => Action::Deliver(take_msg(r)?),
        1 => Action::Drop(take_msg(r)?),
        2 => Action::Duplicate(take_msg(r)?),
        3 => Action::Delay(take_msg(r)?, r.varint("a delay")?),
        4 => {
            let count = r.count("the number of sides of a partition", 255)?;
            let mut groups = Vec::with_capacity(count);
            for _ in 0..count {
                let size = r.count("the size of a partition side", 255)?;
                let mut g = Vec::with_capacity(size);
                for _ in 0..size {
                    g.push(take_node(r)?);
                }
                groups.push(g);
            }
            Action::Partition(groups)
        }
        5 => Action::Heal,
        6 => Action::Crash(take_node(r)?),
        7 => Action::Restart(take_node(r)?),
        8 => Action::Skew(take_node(r)?, r.signed("a clock offset")?),
        9 => Action::Pause(take_node(r)?, r.varint("a pause length")?),
        10 => Action::Resume(take_node(r)?),
        11 => Action::FireTimer(take_node(r)?, P::Timer::take(r)?),
        12 => Action::Request(take_node(r)?, P::Request::take(r)?),
        13 => Action::Tick(r.varint("a tick count")?),
        other => {
            return Err(DecodeError::new(format!(
                "byte {at} holds action kind {other}, which does not exist"
            )));
        }
    })
}

/// Packs a recipe into text safe for a URL fragment.
pub fn encode<P: Protocol>(recipe: &Recipe<P>) -> String {
    let mut w = Writer::new();
    w.u8(VERSION);
    let name: String = recipe.scenario.chars().take(MAX_NAME as usize).collect();
    let mut name_end = name.len().min(MAX_NAME as usize);
    while !name.is_char_boundary(name_end) {
        name_end -= 1;
    }
    w.str(&name[..name_end]);
    w.varint(recipe.seed);
    w.varint(recipe.step);
    w.varint(recipe.actions.len() as u64);
    for a in &recipe.actions {
        put_action(&mut w, a);
    }
    base64::encode(&w.into_bytes())
}

/// Unpacks a link. Never panics; any damage yields a readable error.
/// A leading `#` is ignored so the raw `location.hash` can be passed.
pub fn decode<P: Protocol>(text: &str) -> Result<Recipe<P>, DecodeError> {
    let text = text.strip_prefix('#').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(DecodeError::new("the link holds no trace"));
    }
    let bytes = base64::decode(text)?;
    let mut r = Reader::new(&bytes);
    let version = r.u8("a version number")?;
    if version != VERSION {
        return Err(DecodeError::new(format!(
            "this link was made by version {version} of the simulator; this page reads version {VERSION}"
        )));
    }
    let scenario = r.str("the scenario name", MAX_NAME)?;
    let seed = r.varint("the seed")?;
    let step = r.varint("the step to show")?;
    let count = r.count("the number of actions", MAX_ACTIONS)?;
    let mut actions = Vec::with_capacity(count);
    for i in 0..count {
        let action = take_action::<P>(&mut r).map_err(|e| {
            DecodeError::new(format!("action {} of {count}: {}", i + 1, e.message()))
        })?;
        actions.push(action);
    }
    if !r.is_empty() {
        return Err(DecodeError::new(format!(
            "the link has {} unexpected bytes after the trace; it may be damaged",
            r.remaining()
        )));
    }
    if step > count as u64 {
        return Err(DecodeError::new(format!(
            "the link asks for step {step} of a {count}-step trace"
        )));
    }
    Ok(Recipe {
        scenario,
        seed,
        actions,
        step,
    })
}

impl<P: Protocol> World<P> {
    /// The link for this world's whole recorded trace, opened at the
    /// current step.
    pub fn recipe(&self, scenario: &str) -> Recipe<P> {
        Recipe {
            scenario: scenario.to_owned(),
            seed: self.seed(),
            actions: self.trace().to_vec(),
            step: self.step(),
        }
    }
}
