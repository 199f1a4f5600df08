//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use dsw_sim::scenario::{self, Command, Host, Preset};
use dsw_sim::{
    Action, ActionMenu, Config, DEFAULT_SEED, ExploreConfig, HashOpts, Limits, Protocol, World,
};

use crate::describe;
use crate::node::check_timers;
use crate::{Bounds, MAX_NODES, Mode, Paxos, Variant, invariants};

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
    preset!("normal", "normal.txt"),
    preset!("value-adoption", "value_adoption.txt"),
    preset!("dueling-proposers", "dueling_proposers.txt"),
    preset!("acceptor-restart", "acceptor_restart.txt"),
    preset!("forget-promise-bug", "forget_promise_bug.txt"),
    preset!("ignore-accepted-bug", "ignore_accepted_bug.txt"),
    preset!("multi-paxos", "multi_paxos.txt"),
    preset!("leader-change", "leader_change.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a preset by name: the world at the end of its script, with the
/// whole script in its trace so the learner can scrub back through it.
pub fn load(name: &str) -> Result<World<Paxos>, String> {
    let p = preset(name).ok_or_else(|| format!("there is no Paxos preset \"{name}\""))?;
    p.load(&PaxosHost).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<Paxos>, String> {
    scenario::open_link(&PaxosHost, PRESETS, text)
}

/// What the Paxos widget offers: the chapter's faults. Servers never read
/// their clocks (retries are timers), so clock skew is left out; a pause
/// stays, because a proposer frozen mid-round and waking up with an old
/// ballot is exactly what ballots are for.
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
/// take user requests, and inject one dropped message and one crash
/// (restarts are free). Servers decide nothing from the clock or from the
/// random draws (those only pick retry delays), so neither is part of a
/// state's identity. Use it with [`explore_root`], which bounds rounds and
/// slots so the search ends.
pub fn explore_config() -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            crash: true,
            restart: true,
            limits: Limits {
                crashes: Some(1),
                ..Limits::default()
            },
            ..ActionMenu::progress_only()
        },
        max_depth: 30,
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
/// [`Bounds`] one round beyond the highest any server has reached (so each
/// proposer can still try again) and, in Multi-Paxos, one slot beyond the
/// highest used. The run is replayed once without bounds to learn how far
/// it went, then with them; bounds that were never reached change nothing
/// in the replayed past.
pub fn explore_root(world: &World<Paxos>) -> World<Paxos> {
    let steps = &world.trace()[..world.step() as usize];
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    let mut unbounded = world.protocol().clone();
    unbounded.bounds = Bounds::default();
    let mut probe = World::with_config(unbounded, config.clone());
    let (mut top_round, mut top_slot) = (0, 0);
    let mut proposers = 2;
    for action in steps {
        if let Action::Request(n, _) = action {
            proposers = proposers.max(n.index() + 1);
        }
        if probe.apply(action.clone()).is_err() {
            return world.detached();
        }
        for v in probe.nodes() {
            top_round = top_round.max(v.durable.round);
            let slot = v.durable.accepted.iter().map(|a| a.slot).max().unwrap_or(0);
            top_slot = top_slot.max(slot);
        }
    }
    let mut bounded = world.protocol().clone();
    bounded.bounds = Bounds {
        max_round: Some(top_round + 1),
        max_slots: Some(top_slot + 1),
        proposers: Some(proposers),
    };
    match World::replay(bounded, config, steps) {
        Ok(root) => root.detached(),
        Err(_) => world.detached(),
    }
}

/// Sets up Paxos worlds for scenario files: `new nodes=5 variant=correct
/// mode=single retry=8-12 backoff=1-10 latency=1 jitter=0 seed=...`, plus the
/// `acceptors` and `chosen` commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct PaxosHost;

fn parse_range(key: &str, text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("{key}={text} should look like 8-12 (ticks)");
    let (lo, hi) = text.split_once('-').ok_or_else(bad)?;
    Ok((
        lo.trim().parse().map_err(|_| bad())?,
        hi.trim().parse().map_err(|_| bad())?,
    ))
}

impl Host for PaxosHost {
    type P = Paxos;

    fn setup(&self, cmd: &Command) -> Result<World<Paxos>, String> {
        cmd.only_keys(&[
            "nodes", "variant", "mode", "retry", "backoff", "latency", "jitter", "seed",
        ])?;
        let d = Paxos::default();
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
        let mode = match cmd.value("mode") {
            None => Mode::Single,
            Some(name) => Mode::parse(name)
                .ok_or_else(|| format!("mode={name} is unknown (known: single, multi)"))?,
        };
        let range = |key: &str, default| match cmd.value(key) {
            None => Ok(default),
            Some(text) => parse_range(key, text),
        };
        let retry = range("retry", d.retry)?;
        let backoff = range("backoff", d.backoff)?;
        let paxos = Paxos {
            nodes,
            variant,
            mode,
            retry,
            backoff,
            ..d
        };
        check_timers(&paxos)?;
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency: cmd.get("latency", 1)?,
            jitter: cmd.get("jitter", 0)?,
            menu: widget_menu(),
            ..Config::default()
        };
        Ok(World::with_config(paxos, config))
    }

    fn command(&self, world: &mut World<Paxos>, cmd: &Command) -> Option<Result<String, String>> {
        match cmd.name.as_str() {
            "acceptors" => Some(Ok(acceptors(world))),
            "chosen" => Some(Ok(chosen(world))),
            _ => None,
        }
    }
}

/// Every server's acceptor and learner state, one line each.
pub fn acceptors(world: &World<Paxos>) -> String {
    world
        .nodes()
        .map(|v| {
            format!(
                "{} ({}): {}",
                v.id,
                if v.is_up() { "up" } else { "down" },
                world.protocol().describe_node(v.id, v.durable, v.volatile)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What has been chosen so far, as the invariants see it.
fn chosen(world: &World<Paxos>) -> String {
    let list = invariants::chosen(world);
    if list.is_empty() {
        return "nothing is chosen yet".to_owned();
    }
    list.iter()
        .map(|c| {
            let slot = match world.protocol().mode {
                Mode::Single => String::new(),
                Mode::Multi => format!("slot {}: ", c.slot),
            };
            format!(
                "{slot}{} chosen at ballot {} by {}",
                c.value,
                c.ballot,
                describe::names(&c.by)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
