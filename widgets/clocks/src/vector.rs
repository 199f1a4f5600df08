//! Vector clocks (Fidge 1988; Mattern 1988).
//!
//! Process `i` keeps one counter per process: entry `i` counts its own
//! events, entry `j` the events of process `j` it has heard of, directly or
//! through others. Comparing two vectors entry by entry tells exactly
//! whether one event happened before the other or the two are concurrent:
//! `V(a) < V(b)` if and only if `a -> b`.

use std::fmt;

/// How two vector clocks compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VectorOrder {
    /// Every entry is equal: the same event.
    Equal,
    /// Every entry of the first is at most the second's, and one is smaller:
    /// the first event happened before the second.
    Before,
    /// The mirror image of `Before`.
    After,
    /// Each has an entry larger than the other's: neither event could have
    /// influenced the other.
    Concurrent,
}

impl VectorOrder {
    /// The key used by the oracle and the widget.
    pub fn name(self) -> &'static str {
        match self {
            VectorOrder::Equal => "equal",
            VectorOrder::Before => "before",
            VectorOrder::After => "after",
            VectorOrder::Concurrent => "concurrent",
        }
    }
}

impl fmt::Display for VectorOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// ANCHOR: vector_tick
/// A local event or a send by process `me`: count it in its own entry.
pub fn vector_tick(clock: &mut [u32], me: usize) {
    if let Some(own) = clock.get_mut(me) {
        *own = own.saturating_add(1);
    }
}
// ANCHOR_END: vector_tick

// ANCHOR: vector_receive
/// A receive by process `me`: take the entry-wise maximum with the
/// message's vector (everything the sender had heard of), then count the
/// receive itself.
pub fn vector_receive(clock: &mut [u32], received: &[u32], me: usize) {
    vector_merge(clock, received);
    vector_tick(clock, me);
}
// ANCHOR_END: vector_receive

/// The entry-wise maximum, in place. Alone, as a receive rule, it is the
/// bug of [`crate::Variant::VectorMergeOnly`].
pub fn vector_merge(clock: &mut [u32], received: &[u32]) {
    for (mine, theirs) in clock.iter_mut().zip(received) {
        *mine = (*mine).max(*theirs);
    }
}

// ANCHOR: vector_compare
/// Compares two vector clocks entry by entry (a missing entry counts as 0).
pub fn compare(a: &[u32], b: &[u32]) -> VectorOrder {
    let mut some_less = false;
    let mut some_greater = false;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        some_less |= x < y;
        some_greater |= x > y;
    }
    match (some_less, some_greater) {
        (false, false) => VectorOrder::Equal,
        (true, false) => VectorOrder::Before,
        (false, true) => VectorOrder::After,
        (true, true) => VectorOrder::Concurrent,
    }
}
// ANCHOR_END: vector_compare

/// `[2,0,1]`, the way the book writes vectors.
pub fn show(clock: &[u32]) -> String {
    let parts: Vec<String> = clock.iter().map(u32::to_string).collect();
    format!("[{}]", parts.join(","))
}
