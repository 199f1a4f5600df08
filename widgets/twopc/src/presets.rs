//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use dsw_sim::scenario::{self, Command, Host, Preset};
use dsw_sim::{
    ActionMenu, Config, DEFAULT_SEED, ExploreConfig, HashOpts, Limits, PartitionMenu, Protocol,
    World,
};

use crate::node::RmState;
use crate::{AtomicCommit, Bounds, MAX_PARTICIPANTS, MIN_PARTICIPANTS, Phases, Variant, bit};

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
    preset!("commit", "commit.txt"),
    preset!("abort", "abort.txt"),
    preset!(
        "coordinator-crash-in-doubt",
        "coordinator_crash_in_doubt.txt"
    ),
    preset!(
        "coordinator-crash-after-commit",
        "coordinator_crash_after_commit.txt"
    ),
    preset!(
        "participant-crash-prepared",
        "participant_crash_prepared.txt"
    ),
    preset!("prepared-timeout-bug", "prepared_timeout_bug.txt"),
    preset!("3pc-commit", "3pc_commit.txt"),
    preset!("3pc-partition", "3pc_partition.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a preset by name: the world at the end of its script, with the
/// whole script in its trace so the learner can scrub back through it.
pub fn load(name: &str) -> Result<World<AtomicCommit>, String> {
    let p = preset(name).ok_or_else(|| format!("there is no 2PC preset \"{name}\""))?;
    p.load(&TwoPcHost).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<AtomicCommit>, String> {
    scenario::open_link(&TwoPcHost, PRESETS, text)
}

/// What the widget offers: crash and restart buttons on every node, the
/// network faults, and two-sided partitions (3PC's failure needs a cut
/// that is not a single node). The rules never read a clock, so clock skew
/// is left out.
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
/// any order, fire any timer at any moment (a fully asynchronous network,
/// so timeouts prove nothing), take the users' requests, and inject one
/// dropped message and one crash (restarts are free). Nothing the rules do
/// depends on the clock or the random generator, so neither is part of a
/// state's identity. Use it with [`explore_root`], which bounds resends so
/// the search ends.
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
/// [`Bounds::max_resends`] one above anything the run has used, so the
/// search can still retry but ends. The run is replayed once without
/// bounds to learn how far it went, then with them; a bound that was never
/// reached changes nothing in the replayed past.
pub fn explore_root(world: &World<AtomicCommit>) -> World<AtomicCommit> {
    let steps = &world.trace()[..world.step() as usize];
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    let mut unbounded = world.protocol().clone();
    unbounded.bounds = Bounds::default();
    let mut probe = World::with_config(unbounded, config.clone());
    let mut most = 0;
    for action in steps {
        if probe.apply(action.clone()).is_err() {
            return world.detached();
        }
        for v in probe.nodes() {
            let used = v.volatile.map_or(0, |m| match m {
                crate::Memory::Tm(t) => t.resends,
                crate::Memory::Rm(r) => r.asked,
            });
            most = most.max(used);
        }
    }
    let mut bounded = world.protocol().clone();
    bounded.bounds = Bounds {
        max_resends: Some(most + 1),
    };
    match World::replay(bounded, config, steps) {
        Ok(root) => root.detached(),
        Err(_) => world.detached(),
    }
}

/// Sets up worlds for scenario files: `new nodes=3 protocol=2pc
/// variant=correct spec=false no=rm2 vote-timeout=8 retry=6 wait=5
/// latency=1 jitter=0 seed=...` (`nodes` counts participants), plus the
/// `outcome` command.
#[derive(Debug, Clone, Copy, Default)]
pub struct TwoPcHost;

impl Host for TwoPcHost {
    type P = AtomicCommit;

    fn setup(&self, cmd: &Command) -> Result<World<AtomicCommit>, String> {
        cmd.only_keys(&[
            "nodes",
            "protocol",
            "variant",
            "spec",
            "no",
            "vote-timeout",
            "retry",
            "wait",
            "latency",
            "jitter",
            "seed",
        ])?;
        let d = AtomicCommit::default();
        let participants: usize = cmd.get("nodes", d.participants)?;
        if !(MIN_PARTICIPANTS..=MAX_PARTICIPANTS).contains(&participants) {
            return Err(format!(
                "nodes={participants}: the widget draws {MIN_PARTICIPANTS} to {MAX_PARTICIPANTS} participants (plus the coordinator)"
            ));
        }
        let phases = match cmd.value("protocol") {
            None => Phases::Two,
            Some(name) => Phases::parse(name)
                .ok_or_else(|| format!("protocol={name} is unknown (known: 2pc, 3pc)"))?,
        };
        let variant = match cmd.value("variant") {
            None => Variant::Correct,
            Some(name) => Variant::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
                format!("variant={name} is unknown (known: {})", known.join(", "))
            })?,
        };
        let spec: bool = cmd.get("spec", false)?;
        let mut no_votes = 0;
        if let Some(list) = cmd.value("no") {
            for name in list.split(',').filter(|s| !s.is_empty()) {
                let n = (1..=participants)
                    .map(crate::rm)
                    .find(|&n| format!("rm{}", n.0) == name)
                    .ok_or_else(|| format!("no={name} names no participant of {participants}"))?;
                no_votes |= bit(n);
            }
        }
        let latency: u64 = cmd.get("latency", 1)?;
        let jitter: u64 = cmd.get("jitter", 0)?;
        let cfg = AtomicCommit {
            participants,
            phases,
            variant,
            spec,
            no_votes,
            vote_timeout: cmd.get("vote-timeout", d.vote_timeout)?,
            retry: cmd.get("retry", d.retry)?,
            wait: cmd.get("wait", d.wait)?,
            bounds: Bounds::default(),
        };
        check(&cfg, latency + jitter)?;
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency,
            jitter,
            menu: widget_menu(),
            ..Config::default()
        };
        Ok(World::with_config(cfg, config))
    }

    fn command(
        &self,
        world: &mut World<AtomicCommit>,
        cmd: &Command,
    ) -> Option<Result<String, String>> {
        (cmd.name == "outcome").then(|| Ok(outcome(world)))
    }
}

/// Combinations the model does not offer, and 3PC's timing assumption.
fn check(cfg: &AtomicCommit, max_delay: u64) -> Result<(), String> {
    if cfg.vote_timeout == 0 || cfg.retry == 0 || cfg.wait == 0 {
        return Err("timeouts must be at least 1 tick".to_owned());
    }
    if cfg.spec && (cfg.phases == Phases::Three || cfg.variant != Variant::Correct) {
        return Err(
            "spec=true is Gray and Lamport's TwoPhase: two phases, correct rules".to_owned(),
        );
    }
    if cfg.phases == Phases::Three {
        if cfg.variant != Variant::Correct {
            return Err(format!(
                "variant={} is a 2PC mistake; 3PC runs with variant=correct",
                cfg.variant.name()
            ));
        }
        // A participant's 3PC timer starts when it votes; PreCommit needs
        // the last vote to reach tm and PreCommit to come back.
        if cfg.wait <= 2 * max_delay || cfg.vote_timeout <= 2 * max_delay {
            return Err(format!(
                "3PC assumes a timeout means a crash, so wait and vote-timeout must exceed two message delays ({} ticks)",
                2 * max_delay
            ));
        }
    }
    Ok(())
}

/// Each participant's state and the transaction's outcome so far, one
/// line per node and a verdict.
pub fn outcome(world: &World<AtomicCommit>) -> String {
    let mut lines: Vec<String> = world
        .nodes()
        .map(|v| {
            let up = if v.is_up() { "" } else { " (down)" };
            format!(
                "{}{up}: {}",
                world.node_name(v.id),
                world.protocol().describe_node(v.id, v.durable, v.volatile)
            )
        })
        .collect();
    lines.push(format!("outcome: {}", verdict(world)));
    lines.join("\n")
}

/// `commit`, `abort`, `inconsistent`, `blocked` (someone in doubt), or
/// `undecided` (nobody has voted yet or work is still going on).
pub fn verdict(world: &World<AtomicCommit>) -> &'static str {
    let states: Vec<RmState> = world
        .nodes()
        .filter_map(|v| v.durable.rm().map(|d| d.state))
        .collect();
    let has = |s: RmState| states.contains(&s);
    if has(RmState::Committed) && has(RmState::Aborted) {
        "inconsistent"
    } else if states.iter().all(|&s| s == RmState::Committed) {
        "commit"
    } else if states.iter().all(|&s| s == RmState::Aborted) {
        "abort"
    } else if states.iter().any(|s| s.is_in_doubt()) {
        "blocked"
    } else {
        "undecided"
    }
}
