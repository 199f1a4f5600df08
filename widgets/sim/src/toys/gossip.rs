//! Anti-entropy gossip of version counters among any number of nodes. Each
//! node bumps its own version on request and periodically pushes what it
//! knows to a random peer, which keeps the maximum of each entry.
//!
//! Safe when a node's own version is on disk: nobody can then hear of a
//! version its owner never reached. With `forgetful` the own version lives
//! in memory, so a restarted node starts again at 0 while others remember
//! more: the invariant catches it.

use crate::ids::NodeId;
use crate::invariant::Invariant;
use crate::protocol::{Ctx, Effects, Event, Protocol};
use crate::wire::{DecodeError, Reader, Wire, Writer};
use crate::world::World;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gossip {
    pub nodes: u8,
    pub period: u64,
    /// The deliberate bug: keep the own version in memory only.
    pub forgetful: bool,
}

impl Default for Gossip {
    fn default() -> Self {
        Gossip {
            nodes: 5,
            period: 3,
            forgetful: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tick;

impl Wire for Tick {
    fn put(&self, _w: &mut Writer) {}
    fn take(_r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Tick)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bump;

impl Wire for Bump {
    fn put(&self, _w: &mut Writer) {}
    fn take(_r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Bump)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    pub own: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// What this node believes each node's version is.
    pub known: Vec<u32>,
    /// The own version when `forgetful`.
    pub own: u32,
}

impl Gossip {
    fn own(&self, disk: &Disk, mem: &Memory) -> u32 {
        if self.forgetful { mem.own } else { disk.own }
    }
}

impl Protocol for Gossip {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Vec<u32>;
    type Timer = Tick;
    type Request = Bump;
    type Output = u32;

    fn node_count(&self) -> usize {
        usize::from(self.nodes)
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    fn start(&self, ctx: &mut Ctx<'_>, disk: &Disk, out: &mut Effects<Self>) -> Memory {
        let mut known = vec![0; ctx.node_count()];
        if !self.forgetful {
            known[ctx.node().index()] = disk.own;
        }
        let jitter = ctx.random_below(self.period);
        out.set_timer(Tick, self.period + jitter);
        Memory { known, own: 0 }
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        let me = ctx.node().index();
        match event {
            Event::Request(Bump) => {
                let v = self.own(disk, mem) + 1;
                if self.forgetful {
                    mem.own = v;
                } else {
                    disk.own = v;
                }
                mem.known[me] = v;
                out.output(v);
            }
            Event::Timer(Tick) => {
                let n = ctx.node_count() as u64;
                if n > 1 {
                    let pick = ctx.random_below(n - 1) as usize;
                    let peer = if pick >= me { pick + 1 } else { pick };
                    out.send(NodeId(peer as u8), mem.known.clone());
                }
                let jitter = ctx.random_below(self.period);
                out.set_timer(Tick, self.period + jitter);
            }
            Event::Message { from, msg } => {
                let mut learned = 0;
                for (mine, theirs) in mem.known.iter_mut().zip(msg) {
                    if theirs > *mine {
                        *mine = theirs;
                        learned += 1;
                    }
                }
                if learned > 0 {
                    out.note(format_args!(
                        "{} learns {learned} newer versions from {from}",
                        ctx.node()
                    ));
                }
            }
        }
    }

    fn requests(&self, _node: NodeId) -> Vec<Bump> {
        vec![Bump]
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        vec![Invariant::new(
            "no version from the future",
            no_future_versions,
        )]
    }

    fn describe_msg(&self, msg: &Vec<u32>) -> String {
        format!("versions {msg:?}")
    }

    fn describe_timer(&self, _t: &Tick) -> String {
        "gossip".to_owned()
    }

    fn describe_request(&self, _r: &Bump) -> String {
        "bump your version".to_owned()
    }
}

fn no_future_versions(w: &World<Gossip>) -> Result<(), String> {
    let g = w.protocol();
    let owns: Vec<Option<u32>> = w
        .nodes()
        .map(|v| {
            if g.forgetful {
                v.volatile.map(|m| m.own)
            } else {
                Some(v.durable.own)
            }
        })
        .collect();
    for v in w.nodes() {
        let Some(mem) = v.volatile else { continue };
        for (j, &k) in mem.known.iter().enumerate() {
            if let Some(Some(own)) = owns.get(j)
                && k > *own
            {
                return Err(format!(
                    "{} believes {} is at version {k}, but {} has only reached {own}",
                    w.node_name(v.id),
                    w.node_name(NodeId(j as u8)),
                    w.node_name(NodeId(j as u8)),
                ));
            }
        }
    }
    Ok(())
}
