//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use dsw_sim::scenario::{self, Command, Host, Preset};
use dsw_sim::{
    ActionMenu, Config, DEFAULT_SEED, ExploreConfig, HashOpts, Limits, PartitionMenu, World,
};

use crate::history::{self, history};
use crate::latency::summarize;
use crate::{Bounds, Cap, MAX_NODES, MIN_NODES, Policy, Replication, Variant};

macro_rules! preset {
    ($name:literal, $file:literal) => {
        Preset {
            name: $name,
            script: include_str!(concat!("../tests/scenarios/", $file)),
        }
    };
}

pub const PRESETS: &[Preset] = &[
    preset!("try-it", "try_it.txt"),
    preset!("healthy", "healthy.txt"),
    preset!("partition-consistent", "partition_consistent.txt"),
    preset!("partition-available", "partition_available.txt"),
    preset!("heal-and-reconcile", "heal_and_reconcile.txt"),
    preset!("latency-sync", "latency_sync.txt"),
    preset!("latency-async", "latency_async.txt"),
    preset!("read-without-write-back", "read_without_write_back.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a preset by name: the world at the end of its script, with the
/// whole script in its trace so the learner can scrub back through it.
pub fn load(name: &str) -> Result<World<Cap>, String> {
    let p = preset(name).ok_or_else(|| format!("there is no CAP preset \"{name}\""))?;
    p.load(&CapHost).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<Cap>, String> {
    scenario::open_link(&CapHost, PRESETS, text)
}

/// What the widget offers: cut the network any way into two sides, heal
/// it, crash and restart replicas, lose, duplicate or hold back messages,
/// pause a replica, let time pass. No clock skew: the clients' history is
/// timed by their replica's clock, and a skewed one would misorder it.
pub fn widget_menu() -> ActionMenu {
    ActionMenu {
        delays: vec![5],
        skews: Vec::new(),
        pauses: vec![10],
        partitions: PartitionMenu::Split,
        ..ActionMenu::default()
    }
}

/// What the "find a counterexample" search may do: deliver any message in
/// any order, fire any timer early or late, take client requests, cut the
/// network once (any two sides) and heal it, and let one tick pass, which
/// is what separates "acknowledged" from "concurrent" in the history. Time
/// is part of a state's identity because the history records it. Use it
/// with [`explore_root`], which bounds the number of operations.
pub fn explore_config() -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            partitions: PartitionMenu::Split,
            heal: true,
            ticks: vec![1],
            limits: Limits {
                partitions: Some(1),
                ..Limits::default()
            },
            ..ActionMenu::progress_only()
        },
        max_depth: 8,
        max_states: 200_000,
        hash: HashOpts {
            time: true,
            rng: false,
            ids: false,
            faults: false,
        },
        stop_at_violation: true,
    }
}

/// Where a search from `world` starts: the same state, with every client
/// allowed one more operation than it has issued so far and the clients'
/// write buttons reduced to the first value, so the search ends quickly.
/// The bound never bit in the replayed past, so the past replays
/// unchanged.
pub fn explore_root(world: &World<Cap>) -> World<Cap> {
    let steps = &world.trace()[..world.step() as usize];
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    let most = world
        .nodes()
        .map(|v| v.durable.client.ops.len() as u32)
        .max()
        .unwrap_or(0);
    let mut bounded = world.protocol().clone();
    bounded.bounds = Bounds {
        max_ops: Some(most + 1),
    };
    // Versions, not values, tell writes apart in the checks, so one value
    // is enough; requests already in the trace replay whatever they wrote.
    bounded.values.truncate(1);
    match World::replay(bounded, config, steps) {
        Ok(root) => root.detached(),
        Err(_) => world.detached(),
    }
}

/// Sets up CAP worlds for scenario files:
/// `new nodes=3 policy=consistent|available replication=sync|async
/// variant=NAME timeout=10 retry=5 latency=1 jitter=0 seed=...`, plus the
/// `history`, `jepsen` and `latency` commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct CapHost;

fn variant_of(cmd: &Command) -> Result<Variant, String> {
    let named = match cmd.value("variant") {
        None => None,
        Some(name) => Some(Variant::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
            format!("variant={name} is unknown (known: {})", known.join(", "))
        })?),
    };
    let policy = match cmd.value("policy") {
        None => None,
        Some("consistent") => Some(Policy::Consistent),
        Some("available") => Some(Policy::Available),
        Some(other) => return Err(format!("policy={other}: use consistent or available")),
    };
    let replication = match cmd.value("replication") {
        None => None,
        Some("sync") => Some(Replication::Sync),
        Some("async") => Some(Replication::Async),
        Some(other) => return Err(format!("replication={other}: use sync or async")),
    };
    match (named, policy, replication) {
        (Some(v), None, None) => Ok(v),
        (Some(v), _, _) => Err(format!(
            "variant={} already chooses the policy and replication; drop policy= and replication=",
            v.name()
        )),
        (None, None, None) => Ok(Variant::default()),
        (None, policy, replication) => {
            let policy = policy.unwrap_or(Policy::Consistent);
            let replication = replication.unwrap_or(match policy {
                Policy::Consistent => Replication::Sync,
                Policy::Available => Replication::Async,
            });
            Variant::from_settings(policy, replication)
        }
    }
}

impl Host for CapHost {
    type P = Cap;

    fn setup(&self, cmd: &Command) -> Result<World<Cap>, String> {
        cmd.only_keys(&[
            "nodes",
            "variant",
            "policy",
            "replication",
            "timeout",
            "retry",
            "latency",
            "jitter",
            "seed",
        ])?;
        let d = Cap::default();
        let nodes: usize = cmd.get("nodes", d.nodes)?;
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return Err(format!(
                "nodes={nodes}: the widget draws {MIN_NODES} or {MAX_NODES} replicas"
            ));
        }
        let timeout = cmd.get("timeout", d.timeout)?;
        let retry = cmd.get("retry", d.retry)?;
        if timeout == 0 || retry == 0 {
            return Err("timeout= and retry= must be at least 1 tick".to_owned());
        }
        let cap = Cap {
            nodes,
            variant: variant_of(cmd)?,
            timeout,
            retry,
            ..d
        };
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency: cmd.get("latency", 1)?,
            jitter: cmd.get("jitter", 0)?,
            menu: widget_menu(),
            ..Config::default()
        };
        Ok(World::with_config(cap, config))
    }

    fn command(&self, world: &mut World<Cap>, cmd: &Command) -> Option<Result<String, String>> {
        match cmd.name.as_str() {
            "history" => Some(Ok(history::report(world))),
            "jepsen" => Some(Ok(history(world).jepsen().trim_end().to_owned())),
            "latency" => Some(Ok(summarize(&history(world)).to_string())),
            _ => None,
        }
    }
}
