//! The paper's Figure 16 (§9.3): how long a five-server cluster takes to
//! replace a crashed leader, as the randomness in election timeouts varies.
//!
//! One tick stands for one millisecond, so the paper's ranges are used as
//! they are. The paper's cluster had a broadcast time (send to everyone and
//! hear back) of roughly 15 ms; here a message takes 5 to 10 ticks, 7.5 on
//! average. As in the paper, the heartbeat interval is half the minimum
//! election timeout, and the leader is crashed at a uniformly random moment
//! within its heartbeat interval, right after a synchronized broadcast (so
//! the followers' timers start together, which invites split votes) of a
//! new entry that only some followers receive (so logs differ in length and
//! some candidates cannot win).

use dsw_sim::{Action, Config, Rng, Time, World};

use crate::node::{Msg, Term, Timer};
use crate::{Raft, Variant};

/// The top graph of Figure 16: 150 ms minimum, growing randomness.
pub const FIGURE_16_RANGES: [(Time, Time); 6] = [
    (150, 150),
    (150, 151),
    (150, 155),
    (150, 175),
    (150, 200),
    (150, 300),
];

/// The bottom graph of Figure 16: the minimum shrinks, the spread stays
/// equal to it.
pub const FIGURE_16_SCALED: [(Time, Time); 5] =
    [(12, 24), (25, 50), (50, 100), (100, 200), (150, 300)];

/// One experiment's knobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionSetup {
    pub nodes: usize,
    /// Election timeout range, inclusive, in ticks (milliseconds).
    pub timeout: (Time, Time),
    pub heartbeat: Time,
    /// One-way message delay: `latency` plus uniform `0..=jitter`.
    pub latency: Time,
    pub jitter: Time,
    pub trials: u32,
    pub seed: u64,
    /// A trial that has not elected a new leader after this long is counted
    /// as unfinished (the paper's graph stops at 10 s as well).
    pub give_up_after: Time,
    /// Whether the leader's last entry reaches only some followers, as in
    /// the paper ("the servers had different log lengths, so some
    /// candidates were not eligible to become leader").
    pub uneven_logs: bool,
}

impl ElectionSetup {
    /// The paper's set-up for one timeout range.
    pub fn figure_16(timeout: (Time, Time), trials: u32) -> Self {
        ElectionSetup {
            nodes: 5,
            timeout,
            heartbeat: (timeout.0 / 2).max(1),
            latency: 5,
            jitter: 5,
            trials,
            seed: 16,
            give_up_after: 10_000,
            uneven_logs: true,
        }
    }
}

/// The distribution of one experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct ElectionTimes {
    pub timeout: (Time, Time),
    pub trials: u32,
    /// Time from the crash to the new leader's election, sorted, for the
    /// trials that finished.
    pub times: Vec<Time>,
    /// Elections (terms) each finished trial needed, in trial order.
    pub elections: Vec<Term>,
    pub unfinished: u32,
}

impl ElectionTimes {
    /// The `q`-quantile (nearest rank) over all trials, counting unfinished
    /// ones as slower than any finished one; `None` when it falls among
    /// them, that is, beyond the give-up time.
    pub fn quantile(&self, q: f64) -> Option<Time> {
        let trials = self.times.len() + self.unfinished as usize;
        let rank = (q.clamp(0.0, 1.0) * trials as f64).ceil() as usize;
        self.times.get(rank.clamp(1, trials.max(1)) - 1).copied()
    }

    pub fn median(&self) -> Option<Time> {
        self.quantile(0.5)
    }

    pub fn p90(&self) -> Option<Time> {
        self.quantile(0.9)
    }

    /// The slowest trial; `None` if any gave up.
    pub fn max(&self) -> Option<Time> {
        self.quantile(1.0)
    }

    /// The mean of the finished trials.
    pub fn mean_finished(&self) -> Option<f64> {
        (!self.times.is_empty())
            .then(|| self.times.iter().sum::<Time>() as f64 / self.times.len() as f64)
    }

    /// The share of finished trials that took more than one term: the first
    /// election ended in a split vote, or its candidate's log was too short
    /// to win (with [`ElectionSetup::uneven_logs`]).
    pub fn more_than_one_election(&self) -> f64 {
        if self.elections.is_empty() {
            return 0.0;
        }
        self.elections.iter().filter(|&&e| e > 1).count() as f64 / self.elections.len() as f64
    }
}

/// The leader of the highest term, if one is up.
fn leader(world: &World<Raft>) -> Option<(dsw_sim::NodeId, Term)> {
    world
        .nodes()
        .filter(|v| v.volatile.is_some_and(|m| m.role.is_leader()))
        .map(|v| (v.id, v.durable.current_term))
        .max_by_key(|&(_, t)| t)
}

/// Runs natural events until a leader of a term above `above` exists, at
/// most until `deadline`.
fn await_leader(world: &mut World<Raft>, above: Term, deadline: Time) -> Option<Term> {
    loop {
        if let Some((_, term)) = leader(world)
            && term > above
        {
            return Some(term);
        }
        let (at, _) = world.next_event()?;
        if at > deadline {
            return None;
        }
        world.step_natural()?.ok()?;
    }
}

/// Gets the first leader elected. Servers that all start at the same
/// instant with one fixed timeout would split every vote forever, so n1
/// boots first and the others three message delays later, as machines in a
/// real cluster never start at the same millisecond. Only the election
/// after the crash is measured.
fn boot_with_a_leader(world: &mut World<Raft>, setup: &ElectionSetup) -> Option<()> {
    let others: Vec<_> = world.node_ids().skip(1).collect();
    for &n in &others {
        world.apply(Action::Crash(n)).ok()?;
    }
    world
        .apply(Action::Tick(3 * (setup.latency + setup.jitter).max(1)))
        .ok()?;
    for &n in &others {
        world.apply(Action::Restart(n)).ok()?;
    }
    let deadline = world.now() + setup.give_up_after;
    await_leader(world, 0, deadline).map(|_| ())
}

/// One trial: elect a leader, let the cluster settle, crash the leader at a
/// random point of its heartbeat interval, and time the next election.
/// Returns (ticks to a new leader, elections it took).
pub fn trial(setup: &ElectionSetup, seed: u64) -> Option<(Time, Term)> {
    let raft = Raft {
        nodes: setup.nodes,
        variant: Variant::Correct,
        election_timeout: setup.timeout,
        heartbeat: setup.heartbeat,
        ..Raft::default()
    };
    let config = Config {
        seed,
        latency: setup.latency,
        jitter: setup.jitter,
        snapshot_every: 0,
        record: false,
        ..Config::default()
    };
    let mut world = World::with_config(raft, config);
    let mut side = Rng::new(seed ^ 0x0f16_0f16);
    boot_with_a_leader(&mut world, setup)?;
    // Several heartbeats, so every follower has heard from the leader.
    world.advance(setup.timeout.1 * 2).ok()?;
    let (old, term) = match leader(&world) {
        Some(found) => found,
        // Timeouts too short for the network keep deposing leaders (§5.6);
        // wait for the next one.
        None => {
            let deadline = world.now() + setup.give_up_after;
            await_leader(&mut world, 0, deadline)?;
            leader(&world)?
        }
    };
    // The synchronized broadcast: heartbeats to everyone at once...
    world.apply(Action::FireTimer(old, Timer::Heartbeat)).ok()?;
    if setup.uneven_logs {
        // ...with a new entry that some followers never receive.
        let cmd = world.protocol().commands.first().copied()?;
        world.apply(Action::Request(old, cmd)).ok()?;
        let missed: Vec<_> = world
            .in_flight()
            .iter()
            .filter(|e| {
                e.from == old
                    && matches!(&e.msg, Msg::AppendEntries { entries, .. } if !entries.is_empty())
                    && side.below(2) == 0
            })
            .map(|e| e.id)
            .collect();
        for id in missed {
            world.apply(Action::Drop(id)).ok()?;
        }
    }
    // ...then the crash, before the next heartbeat is due.
    world.advance(side.below(setup.heartbeat)).ok()?;
    if leader(&world).map(|(n, _)| n) != Some(old) {
        return None;
    }
    let crashed_at = world.now();
    world.apply(Action::Crash(old)).ok()?;
    let new = await_leader(&mut world, term, crashed_at + setup.give_up_after)?;
    Some((world.now() - crashed_at, new - term))
}

/// Runs `setup.trials` trials with seeds derived from `setup.seed`.
pub fn measure_election_time(setup: &ElectionSetup) -> ElectionTimes {
    let mut seeds = Rng::new(setup.seed);
    let mut times = Vec::new();
    let mut elections = Vec::new();
    let mut unfinished = 0;
    for _ in 0..setup.trials {
        match trial(setup, seeds.next_u64()) {
            Some((t, e)) => {
                times.push(t);
                elections.push(e);
            }
            None => unfinished += 1,
        }
    }
    times.sort_unstable();
    ElectionTimes {
        timeout: setup.timeout,
        trials: setup.trials,
        times,
        elections,
        unfinished,
    }
}
