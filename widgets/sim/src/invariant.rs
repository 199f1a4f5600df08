//! Named safety properties, checked after every step.

use crate::protocol::Protocol;
use crate::world::World;

/// A property that must hold in every reachable state. `check` explains a
/// failure in words ("n1 and n2 both lead term 3").
#[derive(Debug)]
pub struct Invariant<P: Protocol> {
    pub name: &'static str,
    pub check: fn(&World<P>) -> Result<(), String>,
}

// Written by hand: derives would demand `P: Copy`, which a function pointer
// field does not need.
impl<P: Protocol> Clone for Invariant<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: Protocol> Copy for Invariant<P> {}

impl<P: Protocol> Invariant<P> {
    pub const fn new(name: &'static str, check: fn(&World<P>) -> Result<(), String>) -> Self {
        Invariant { name, check }
    }
}

/// The moment an invariant stopped holding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub step: u64,
    pub invariant: &'static str,
    pub reason: String,
}

/// An invariant's state now, for the invariant panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvariantStatus {
    pub name: &'static str,
    /// `Err` carries the explanation.
    pub holds: Result<(), String>,
}
