//! Names for the things a simulation talks about.

use std::fmt;

/// Virtual time, in ticks. Nothing in the engine reads a wall clock.
pub type Time = u64;

/// A node, by position. `u8` keeps hashes identical on native and wasm32 and
/// bounds a world to 255 nodes, far more than a widget can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u8);

impl NodeId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// All nodes of a world with `count` nodes, in order.
    pub fn all(count: usize) -> impl Iterator<Item = NodeId> + Clone {
        (0..count.min(256)).map(|i| NodeId(i as u8))
    }
}

/// The conventional one-based name, `n1` for `NodeId(0)`; protocols may
/// choose friendlier names through `Protocol::node_name`.
impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n{}", u16::from(self.0) + 1)
    }
}

/// A message in flight. Ids are never reused within a run, so "delivered
/// at most once" can be checked by id; a duplicate gets a fresh id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MsgId(pub u64);

impl fmt::Display for MsgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}
