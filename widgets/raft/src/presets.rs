//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use dsw_sim::scenario::{self, Command, Host, Preset};
use dsw_sim::{
    Action, ActionMenu, Config, DEFAULT_SEED, ExploreConfig, HashOpts, Limits, NodeId, World,
};

use crate::node::check_timing;
use crate::{Bounds, MAX_NODES, Raft, Variant};

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
    preset!("normal-election", "normal_election.txt"),
    preset!("split-vote", "split_vote.txt"),
    preset!("leader-crash", "leader_crash.txt"),
    preset!("old-leader-minority", "old_leader_minority.txt"),
    preset!("log-repair", "log_repair.txt"),
    preset!("lagging-follower", "lagging_follower.txt"),
    preset!("figure-8", "figure_8.txt"),
    preset!("figure-8-bug", "figure_8_bug.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a scenario by name: the world at the end of its script, with the
/// whole script in its trace so the learner can scrub back through it. Any
/// name of [`scenario::ScenarioName`] works: a preset, `cluster-7` (a fresh
/// cluster) or `figure-8@commit-previous-term` (a preset under other rules).
pub fn load(name: &str) -> Result<World<Raft>, String> {
    scenario::load_named(&RaftHost, PRESETS, name)
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<Raft>, String> {
    scenario::open_named_link(&RaftHost, PRESETS, text)
}

/// Replays a run's actions under scenario `name`: how the widget switches
/// the rules under a run the learner is watching.
pub fn replay(
    name: &str,
    seed: u64,
    actions: &[Action<Raft>],
    step: u64,
) -> Result<scenario::Replayed<Raft>, String> {
    scenario::replay_named(&RaftHost, PRESETS, name, seed, actions, step)
}

/// What the Raft widget offers: the chapter's faults. Servers never read
/// their clocks (timeouts are timers), so clock skew is left out; a pause
/// stays, because a leader frozen by a long GC pause is the classic way to
/// get a deposed leader that still believes it leads.
pub fn widget_menu() -> ActionMenu {
    ActionMenu {
        delays: vec![5],
        skews: Vec::new(),
        pauses: vec![15],
        ..ActionMenu::default()
    }
}

/// What the "find a counterexample" search may do: deliver any message in
/// any order, fire any timer at any moment (a fully asynchronous network),
/// take client requests, and inject one dropped message and one crash
/// (restarts are free). Servers decide nothing from the clock or from the
/// random draws (those only pick timer delays), so neither is part of a
/// state's identity. Use it with [`explore_root`], which bounds terms and
/// log length so the search ends.
pub fn explore_config() -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            drop: true,
            crash: true,
            restart: true,
            limits: Limits {
                drops: Some(1),
                crashes: Some(1),
                ..Limits::default()
            },
            ..ActionMenu::progress_only()
        },
        max_depth: 40,
        max_states: 300_000,
        hash: HashOpts {
            time: false,
            rng: false,
            ids: false,
            faults: false,
        },
        stop_at_violation: true,
    }
}

/// Where a search from `world` starts: the same state, rebuilt with
/// [`Bounds`] two terms and one log entry beyond anything the run has
/// reached so far, so the search can still hold another election round and
/// one more command but ends. The run is replayed once without bounds to
/// learn how far it went, then with them; bounds that were never reached
/// change nothing in the replayed past. From a run that has not started,
/// [`Bounds::one_append_in_flight`] is switched on as well (from a later
/// state it would change how the past replays).
pub fn explore_root(world: &World<Raft>) -> World<Raft> {
    let steps = &world.trace()[..world.step() as usize];
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    let mut unbounded = world.protocol().clone();
    unbounded.bounds = Bounds::default();
    let mut probe = World::with_config(unbounded, config.clone());
    let (mut top_term, mut top_log) = (0, 0);
    for action in steps {
        if probe.apply(action.clone()).is_err() {
            return world.detached();
        }
        for v in probe.nodes() {
            top_term = top_term.max(v.durable.current_term);
            top_log = top_log.max(v.durable.log.len());
        }
    }
    let mut bounded = world.protocol().clone();
    bounded.bounds = Bounds {
        max_term: Some(top_term + 2),
        max_log: Some(top_log + 1),
        one_append_in_flight: steps.is_empty(),
    };
    match World::replay(bounded, config, steps) {
        Ok(root) => root.detached(),
        Err(_) => world.detached(),
    }
}

/// Sets up Raft worlds for scenario files:
/// `new nodes=5 variant=correct timeout=10-20 heartbeat=4 latency=1
/// jitter=0 first=n1 seed=...`, plus the `logs` command.
#[derive(Debug, Clone, Copy, Default)]
pub struct RaftHost;

fn parse_range(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("timeout={text} should look like 10-20 (ticks)");
    let (lo, hi) = text.split_once('-').ok_or_else(bad)?;
    Ok((
        lo.trim().parse().map_err(|_| bad())?,
        hi.trim().parse().map_err(|_| bad())?,
    ))
}

impl Host for RaftHost {
    type P = Raft;

    fn setup(&self, cmd: &Command) -> Result<World<Raft>, String> {
        cmd.only_keys(&[
            "nodes",
            "variant",
            "timeout",
            "heartbeat",
            "latency",
            "jitter",
            "first",
            "seed",
        ])?;
        let d = Raft::default();
        let nodes: usize = cmd.get("nodes", d.nodes)?;
        if !(3..=MAX_NODES).contains(&nodes) {
            return Err(format!(
                "nodes={nodes}: the widget draws 3 to {MAX_NODES} servers"
            ));
        }
        let variant = match cmd.value("variant") {
            None => Variant::Correct,
            Some(name) => Variant::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
                format!("variant={name} is unknown (known: {})", known.join(", "))
            })?,
        };
        let election_timeout = match cmd.value("timeout") {
            None => d.election_timeout,
            Some(text) => parse_range(text)?,
        };
        let first = match cmd.value("first") {
            None => None,
            Some(name) => Some(
                NodeId::all(nodes)
                    .find(|n| n.to_string() == name)
                    .ok_or_else(|| format!("first={name} names no server of {nodes}"))?,
            ),
        };
        let raft = Raft {
            nodes,
            variant,
            election_timeout,
            heartbeat: cmd.get("heartbeat", d.heartbeat)?,
            first,
            ..d
        };
        check_timing(&raft)?;
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency: cmd.get("latency", 1)?,
            jitter: cmd.get("jitter", 0)?,
            menu: widget_menu(),
            ..Config::default()
        };
        Ok(World::with_config(raft, config))
    }

    fn command(&self, world: &mut World<Raft>, cmd: &Command) -> Option<Result<String, String>> {
        (cmd.name == "logs").then(|| Ok(logs(world)))
    }
}

/// Every server's log, one line each, as in the paper's figures.
pub fn logs(world: &World<Raft>) -> String {
    world
        .nodes()
        .map(|v| {
            let status = match v.volatile {
                None => format!("down, term {}", v.durable.current_term),
                Some(m) => format!(
                    "{} t{}, commit {}",
                    m.role.name(),
                    v.durable.current_term,
                    m.commit_index
                ),
            };
            let entries: Vec<String> = v
                .durable
                .log
                .iter()
                .enumerate()
                .map(|(i, e)| format!("{}:{}", i + 1, e.short()))
                .collect();
            let entries = if entries.is_empty() {
                "(empty)".to_owned()
            } else {
                entries.join(" | ")
            };
            format!("{} ({status}): {entries}", v.id)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
