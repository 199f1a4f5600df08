//! The latency meter: how many round trips and how many ticks operations
//! took, per kind, and the same workload measured under each policy (the
//! "else" half of PACELC).

use std::fmt;

use dsw_sim::{Action, Config, DEFAULT_SEED, NodeId, Time, World};

use crate::history::History;
use crate::node::{Cmd, Outcome};
use crate::{Cap, Variant};

/// Totals over the successful operations of one kind; means on demand so
/// the value stays exact and comparable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stat {
    pub count: u64,
    pub round_trips: u64,
    pub ticks: u64,
}

impl Stat {
    pub fn mean_round_trips(&self) -> f64 {
        ratio(self.round_trips, self.count)
    }

    pub fn mean_ticks(&self) -> f64 {
        ratio(self.ticks, self.count)
    }
}

fn ratio(total: u64, count: u64) -> f64 {
    if count == 0 {
        0.0
    } else {
        total as f64 / count as f64
    }
}

/// Reads and writes that succeeded, and how many operations did not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub reads: Stat,
    pub writes: Stat,
    /// Operations that ended `fail` or `info`.
    pub refused: u64,
    /// Operations still waiting.
    pub pending: u64,
}

/// `reads: 2, mean 1.0 round trips, 2.0 ticks; writes: ...`.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one = |name: &str, s: &Stat| {
            format!(
                "{name}: {} ok, mean {:.1} round trips, {:.1} ticks",
                s.count,
                s.mean_round_trips(),
                s.mean_ticks()
            )
        };
        write!(
            f,
            "{}; {}; refused {}, waiting {}",
            one("reads", &self.reads),
            one("writes", &self.writes),
            self.refused,
            self.pending
        )
    }
}

/// Round trips and ticks of every successful operation in `history`.
pub fn summarize(history: &History) -> Summary {
    let mut s = Summary::default();
    for op in &history.ops {
        match (op.outcome, op.latency()) {
            (Some(Outcome::Ok), Some(ticks)) => {
                let stat = if op.cmd.is_read() {
                    &mut s.reads
                } else {
                    &mut s.writes
                };
                stat.count += 1;
                stat.round_trips += u64::from(op.round_trips);
                stat.ticks += ticks;
            }
            (Some(_), _) => s.refused += 1,
            (None, _) => s.pending += 1,
        }
    }
    s
}

/// The same workload in a healthy network under each variant that is not
/// a deliberate weakening: every replica writes once and every replica
/// reads after each write, one operation at a time, each allowed to finish
/// (and replication to settle) before the next. `latency` is the one-way
/// message delay in ticks.
pub fn compare_latency(nodes: usize, latency: Time) -> Vec<(Variant, Summary)> {
    [
        Variant::Consistent,
        Variant::AvailableSync,
        Variant::Available,
    ]
    .into_iter()
    .map(|variant| (variant, measure(variant, nodes, latency)))
    .collect()
}

fn measure(variant: Variant, nodes: usize, latency: Time) -> Summary {
    let cap = Cap {
        nodes,
        variant,
        // Generous, so that no healthy operation times out.
        timeout: 10 * latency.max(1),
        ..Cap::default()
    };
    let config = Config {
        seed: DEFAULT_SEED,
        latency: latency.max(1),
        record: false,
        snapshot_every: 0,
        ..Config::default()
    };
    let mut world = World::with_config(cap, config);
    let n = world.node_count();
    let mut run = |node: usize, cmd: Cmd| {
        let _ = world.apply(Action::Request(NodeId(node as u8), cmd));
        let _ = world.run_until_quiet(10_000);
    };
    for writer in 0..n {
        run(writer, Cmd::Write(writer as u8 + 1));
        for reader in 0..n {
            run(reader, Cmd::Read);
        }
    }
    summarize(&crate::history::history(&world))
}
