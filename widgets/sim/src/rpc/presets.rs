//! The chapter's named scenarios, shared with the golden tests: each is a
//! file in `tests/scenarios/`, embedded here so the wasm bundle has them.

use super::{CLIENT, Call, Rpc, Status, verdict};
use crate::action::{Action, ActionMenu, Limits, PartitionMenu};
use crate::explore::ExploreConfig;
use crate::scenario::{self, Command, Host, Preset};
use crate::state::HashOpts;
use crate::world::{Config, DEFAULT_SEED, World};

macro_rules! preset {
    ($name:literal, $file:literal) => {
        Preset {
            name: $name,
            script: include_str!(concat!("../../tests/scenarios/", $file)),
        }
    };
}

pub const PRESETS: &[Preset] = &[
    preset!("ok", "rpc_ok.txt"),
    preset!("request-lost", "rpc_request_lost.txt"),
    preset!("server-crashed-before", "rpc_server_crashed_before.txt"),
    preset!("server-crashed-after", "rpc_server_crashed_after.txt"),
    preset!("reply-lost", "rpc_reply_lost.txt"),
    preset!("slow-reply", "rpc_slow_reply.txt"),
    preset!("retry-duplicate", "rpc_retry_duplicate.txt"),
    preset!("retry-idempotent", "rpc_retry_idempotent.txt"),
    preset!("try-it", "rpc_try_it.txt"),
    preset!("try-it-retries", "rpc_try_it_retries.txt"),
    preset!("try-it-idempotent", "rpc_try_it_idempotent.txt"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Loads a preset by name: the world at the end of its script.
pub fn load(name: &str) -> Result<World<Rpc>, String> {
    let p = preset(name).ok_or_else(|| format!("there is no RPC preset \"{name}\""))?;
    p.load(&RpcHost).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link (`#...` fragment).
pub fn open_link(text: &str) -> Result<World<Rpc>, String> {
    scenario::open_link(&RpcHost, PRESETS, text)
}

/// What the "find a counterexample" search may do from a given moment: the
/// network's and the server's faults, one of each, but no new calls (each new
/// call would open a fresh, equally uninteresting branch). The client's
/// decisions never read the clock, so time is left out of state identity.
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
        max_depth: 40,
        max_states: 200_000,
        hash: HashOpts {
            time: false,
            rng: false,
            ids: false,
            faults: true,
        },
        stop_at_violation: true,
    }
}

/// Where a search from `world` starts: there, or, if the client has not made
/// its call yet, just after it does (a search with no call finds nothing).
/// The second value is the action taken, to prefix the counterexample.
pub fn explore_root(world: &World<Rpc>) -> (World<Rpc>, Option<Action<Rpc>>) {
    let mut root = world.detached();
    let idle = root
        .node(CLIENT)
        .volatile
        .is_some_and(|m| m.status == Status::Idle);
    if idle {
        let call = Action::Request(CLIENT, Call);
        if root.apply(call.clone()).is_ok() {
            return (root, Some(call));
        }
    }
    (root, None)
}

/// Sets up RPC worlds for scenario files: `new timeout=12 retries=0
/// idempotent=false work=2 latency=3 seed=...`, plus the `verdict` command.
#[derive(Debug, Clone, Copy, Default)]
pub struct RpcHost;

/// What the RPC widget offers: the chapter's faults, without clock skew
/// (no clocks are read here).
pub fn menu() -> ActionMenu {
    ActionMenu {
        delays: vec![8],
        skews: Vec::new(),
        pauses: Vec::new(),
        resume: false,
        partitions: PartitionMenu::Isolate,
        ticks: vec![1],
        ..ActionMenu::default()
    }
}

impl Host for RpcHost {
    type P = Rpc;

    fn setup(&self, cmd: &Command) -> Result<World<Rpc>, String> {
        cmd.only_keys(&[
            "timeout",
            "retries",
            "idempotent",
            "work",
            "latency",
            "seed",
        ])?;
        let d = Rpc::default();
        let rpc = Rpc {
            timeout: cmd.get("timeout", d.timeout)?,
            retries: cmd.get("retries", d.retries)?,
            idempotent: cmd.get("idempotent", d.idempotent)?,
            work: cmd.get("work", d.work)?,
        };
        if rpc.timeout == 0 || rpc.work == 0 {
            return Err("timeout and work must be at least 1 tick".to_owned());
        }
        let config = Config {
            seed: cmd.get("seed", DEFAULT_SEED)?,
            latency: cmd.get("latency", 3)?,
            menu: menu(),
            ..Config::default()
        };
        Ok(World::with_config(rpc, config))
    }

    fn command(&self, world: &mut World<Rpc>, cmd: &Command) -> Option<Result<String, String>> {
        (cmd.name == "verdict").then(|| {
            let v = verdict(world);
            let mut out = vec![
                format!("client saw: {}", v.client_saw),
                format!("really: {}", v.really),
            ];
            for a in &v.attempts {
                out.push(format!("attempt {}: {}", a.attempt, a.text));
            }
            Ok(out.join("\n"))
        })
    }
}
