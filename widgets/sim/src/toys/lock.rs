//! A lock server: clients `n1` and `n2` ask `n3` for a lock that is never
//! released. With `durable_holder` the server writes the holder to disk
//! before granting; without it (the bug) a crash makes the server forget and
//! grant the lock a second time.

use std::collections::BTreeSet;

use crate::ids::NodeId;
use crate::invariant::Invariant;
use crate::protocol::{Ctx, Effects, Event, Protocol};
use crate::world::World;

const SERVER: NodeId = NodeId(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    /// False is the deliberate bug.
    pub durable_holder: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Acquire,
    Grant,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    pub holder: Option<NodeId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// Server: the holder, when it is (wrongly) kept only in memory.
    pub holder: Option<NodeId>,
    /// Client: whether it believes it holds the lock.
    pub holds: bool,
    /// Client: whether it has asked.
    pub asked: bool,
}

impl Protocol for Lock {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = ();
    type Request = ();
    type Output = ();

    fn node_count(&self) -> usize {
        3
    }

    fn node_name(&self, node: NodeId) -> String {
        if node == SERVER {
            "server".to_owned()
        } else {
            node.to_string()
        }
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    fn start(&self, _ctx: &mut Ctx<'_>, _d: &Disk, _out: &mut Effects<Self>) -> Memory {
        Memory::default()
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        match event {
            Event::Request(()) if ctx.node() != SERVER && !mem.asked => {
                mem.asked = true;
                out.send(SERVER, Msg::Acquire);
            }
            Event::Message {
                from,
                msg: Msg::Acquire,
            } if ctx.node() == SERVER => {
                let holder = if self.durable_holder {
                    &mut disk.holder
                } else {
                    &mut mem.holder
                };
                match *holder {
                    None => {
                        *holder = Some(from);
                        out.note(format_args!("server grants the lock to {from}"));
                        out.send(from, Msg::Grant);
                    }
                    Some(h) if h == from => out.send(from, Msg::Grant),
                    Some(h) => out.note(format_args!("server refuses {from}: {h} holds the lock")),
                }
            }
            Event::Message {
                msg: Msg::Grant, ..
            } => mem.holds = true,
            _ => {}
        }
    }

    fn requests(&self, node: NodeId) -> Vec<()> {
        if node == SERVER { Vec::new() } else { vec![()] }
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        vec![Invariant::new("at most one lock holder", one_holder)]
    }

    fn describe_request(&self, _r: &()) -> String {
        "acquire the lock".to_owned()
    }
}

fn one_holder(w: &World<Lock>) -> Result<(), String> {
    let holders: BTreeSet<String> = w
        .nodes()
        .filter(|v| v.volatile.is_some_and(|m| m.holds))
        .map(|v| w.node_name(v.id))
        .collect();
    if holders.len() <= 1 {
        Ok(())
    } else {
        let both = if holders.len() == 2 { "both" } else { "all" };
        Err(format!(
            "{} {both} believe they hold the lock",
            holders.into_iter().collect::<Vec<_>>().join(" and ")
        ))
    }
}
