//! Lamport clocks (Lamport, "Time, Clocks, and the Ordering of Events in a
//! Distributed System", CACM 21(7), 1978).
//!
//! Each process keeps a counter. Implementation rule IR1 advances it between
//! any two events of the process; IR2 puts the counter in every message and
//! makes a receiver advance past it. Together they give the *clock
//! condition*: if `a -> b` then `L(a) < L(b)`. The converse does not hold.

// ANCHOR: lamport_tick
/// A local event or a send: advance the counter, and (for a send) attach
/// the new value to the message.
pub fn lamport_tick(clock: u32) -> u32 {
    clock.saturating_add(1)
}
// ANCHOR_END: lamport_tick

// ANCHOR: lamport_receive
/// A receive: jump past both the local counter and the message's stamp.
/// Without the `+ 1` a receive could carry the same stamp as its send.
pub fn lamport_receive(clock: u32, received: u32) -> u32 {
    clock.max(received).saturating_add(1)
}
// ANCHOR_END: lamport_receive

/// The broken receive rule of [`crate::Variant::LamportMaxOnly`]:
/// `max(local, received)` alone.
pub fn lamport_receive_max_only(clock: u32, received: u32) -> u32 {
    clock.max(received)
}

/// The key of Lamport's total order: the stamp, then the process id to
/// break ties. The order this gives between concurrent events is arbitrary,
/// but it never contradicts happened-before.
pub fn total_order_key(stamp: u32, process: usize) -> (u32, usize) {
    (stamp, process)
}
