//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use dsw_sim::scenario::{self, Command, Host, Preset};
use dsw_sim::{ActionMenu, Config, DEFAULT_SEED, ExploreConfig, HashOpts, Limits, World};

use crate::model::NODES;
use crate::{Bounds, Mode, Saga, Variant};

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
    preset!("happy-path", "happy_path.txt"),
    preset!("flight-fails", "flight_fails.txt"),
    preset!("orchestrator-crash", "orchestrator_crash.txt"),
    preset!("choreography", "choreography.txt"),
    preset!("lost-event-without-outbox", "lost_event_without_outbox.txt"),
    preset!("outbox-relay", "outbox_relay.txt"),
    preset!("duplicate-charge", "duplicate_charge.txt"),
    preset!("idempotent-consumer", "idempotent_consumer.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a preset by name: the world at the end of its script, with the
/// whole script in its trace so the learner can scrub back through it.
pub fn load(name: &str) -> Result<World<Saga>, String> {
    let p = preset(name).ok_or_else(|| format!("there is no saga preset \"{name}\""))?;
    p.load(&SagaHost).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<Saga>, String> {
    scenario::open_link(&SagaHost, PRESETS, text)
}

/// What the saga widget offers: crashes and restarts, lost, duplicated and
/// delayed messages, a slow (paused) node and partitions. Nodes never read
/// their clocks, so clock skew is left out.
pub fn widget_menu() -> ActionMenu {
    ActionMenu {
        delays: vec![5],
        skews: Vec::new(),
        pauses: vec![10],
        ..ActionMenu::default()
    }
}

/// What the "find a counterexample" search may do: deliver any message in
/// any order, fire any timer at any moment (so retries and redeliveries
/// race the acknowledgements they wait for), and inject one crash (restarts
/// are free), one duplicated message and one dropped message. The user's
/// requests are left out: the search starts from where the reader stands,
/// with the trip booked and the failures chosen. Nothing reads the clock
/// or draws random numbers, so neither is part of a state's identity. Use
/// it with [`explore_root`], which bounds the retries so the search ends.
pub fn explore_config() -> ExploreConfig {
    ExploreConfig {
        menu: ActionMenu {
            requests: false,
            drop: true,
            duplicate: true,
            crash: true,
            restart: true,
            limits: Limits {
                drops: Some(1),
                duplicates: Some(1),
                crashes: Some(1),
                ..Limits::default()
            },
            ..ActionMenu::progress_only()
        },
        max_depth: 80,
        max_states: 2_000_000,
        hash: HashOpts {
            time: false,
            rng: false,
            ids: false,
            faults: false,
        },
        stop_at_violation: true,
    }
}

/// The most sends of one message, and deliveries of one stored message,
/// seen anywhere along `world`'s run so far.
fn attempts_seen(world: &World<Saga>) -> (u8, u8) {
    let mut probe = World::with_config(
        Saga {
            bounds: Bounds::default(),
            ..*world.protocol()
        },
        Config {
            record: false,
            snapshot_every: 0,
            ..world.config().clone()
        },
    );
    let (mut sends, mut deliveries) = (0, 0);
    let mut look = |w: &World<Saga>| {
        for v in w.nodes() {
            let memory = v.volatile.map(|m| m.unpublished.as_slice()).unwrap_or(&[]);
            for p in v.durable.outbox().iter().chain(memory) {
                sends = sends.max(p.attempts);
            }
            if let Some(b) = v.durable.broker() {
                for s in &b.stored {
                    deliveries = deliveries.max(s.deliveries);
                }
            }
        }
    };
    look(&probe);
    for action in &world.trace()[..world.step() as usize] {
        if probe.apply(action.clone()).is_err() {
            break;
        }
        look(&probe);
    }
    (sends, deliveries)
}

/// Where a search from `world` starts: the same state, rebuilt with
/// [`Bounds`] that allow one more send of each message and one more
/// delivery than the run has used so far (at least two of each: one retry,
/// one redelivery). Bounds that were never reached change nothing in the
/// replayed past.
pub fn explore_root(world: &World<Saga>) -> World<Saga> {
    let (sends, deliveries) = attempts_seen(world);
    let bounded = Saga {
        bounds: Bounds {
            publish_attempts: Some(sends.max(1) + 1),
            deliveries: Some(deliveries.max(1) + 1),
        },
        ..*world.protocol()
    };
    let config = Config {
        record: false,
        snapshot_every: 0,
        ..world.config().clone()
    };
    match World::replay(bounded, config, &world.trace()[..world.step() as usize]) {
        Ok(root) => root.detached(),
        Err(_) => world.detached(),
    }
}

/// Sets up saga worlds for scenario files: `new mode=orchestration
/// variant=correct outbox=on dedupe=on nodes=6 latency=1 jitter=0
/// seed=...` (`outbox=` and `dedupe=` override the variant), plus the
/// `saga` command, which prints every database.
#[derive(Debug, Clone, Copy, Default)]
pub struct SagaHost;

fn toggle(cmd: &Command, key: &str, default: bool) -> Result<bool, String> {
    match cmd.value(key) {
        None => Ok(default),
        Some("on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(format!("{key}={other} should be on or off")),
    }
}

impl Host for SagaHost {
    type P = Saga;

    fn setup(&self, cmd: &Command) -> Result<World<Saga>, String> {
        cmd.only_keys(&[
            "mode", "variant", "outbox", "dedupe", "nodes", "latency", "jitter", "seed",
        ])?;
        let nodes: usize = cmd.get("nodes", NODES)?;
        if nodes != NODES {
            return Err(format!(
                "nodes={nodes}: the saga always has {NODES} nodes (the orchestrator or trip service, four services and the broker)"
            ));
        }
        let mode = match cmd.value("mode") {
            None => Mode::default(),
            Some(name) => Mode::parse(name).ok_or_else(|| {
                format!("mode={name} is unknown (known: orchestration, choreography)")
            })?,
        };
        let variant = match cmd.value("variant") {
            None => Variant::Correct,
            Some(name) => Variant::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
                format!("variant={name} is unknown (known: {})", known.join(", "))
            })?,
        };
        let saga = Saga {
            outbox: toggle(cmd, "outbox", variant.outbox())?,
            dedupe: toggle(cmd, "dedupe", variant.dedupe())?,
            ..Saga::new(mode, variant)
        };
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency: cmd.get("latency", 1)?,
            jitter: cmd.get("jitter", 0)?,
            menu: widget_menu(),
            ..Config::default()
        };
        if config.latency == 0 {
            return Err("latency=0: a message takes at least 1 tick".to_owned());
        }
        Ok(World::with_config(saga, config))
    }

    fn command(&self, world: &mut World<Saga>, cmd: &Command) -> Option<Result<String, String>> {
        (cmd.name == "saga").then(|| Ok(crate::describe::summary(world)))
    }
}
