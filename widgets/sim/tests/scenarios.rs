//! Golden tests: every file in `tests/scenarios/` is run and each command's
//! output compared with the file. `DSW_BLESS=1 cargo test -p dsw-sim --test
//! scenarios` rewrites the expectations instead; review the diff.

use std::path::Path;

use dsw_sim::rpc::{self, RpcHost};
use dsw_sim::scenario::{self, Command, Host};
use dsw_sim::toys::{Gossip, Lock, PingPong};
use dsw_sim::{Config, World};

/// Hosts for the engine's own toy protocols: `new` takes the toy's knobs.
struct ToyHost;

impl Host for ToyHost {
    type P = PingPong;
    fn setup(&self, cmd: &Command) -> Result<World<PingPong>, String> {
        cmd.only_keys(&["rounds", "seed"])?;
        let p = PingPong {
            rounds: cmd.get("rounds", 2)?,
            ..PingPong::default()
        };
        Ok(World::with_config(
            p,
            Config {
                seed: cmd.get("seed", dsw_sim::DEFAULT_SEED)?,
                ..Config::default()
            },
        ))
    }
}

struct LockHost;

impl Host for LockHost {
    type P = Lock;
    fn setup(&self, cmd: &Command) -> Result<World<Lock>, String> {
        cmd.only_keys(&["durable"])?;
        Ok(World::new(Lock {
            durable_holder: cmd.get("durable", true)?,
        }))
    }
}

struct GossipHost;

impl Host for GossipHost {
    type P = Gossip;
    fn setup(&self, cmd: &Command) -> Result<World<Gossip>, String> {
        cmd.only_keys(&["nodes", "forgetful", "seed"])?;
        let g = Gossip {
            nodes: cmd.get("nodes", 3)?,
            forgetful: cmd.get("forgetful", false)?,
            ..Gossip::default()
        };
        let config = Config {
            seed: cmd.get("seed", dsw_sim::DEFAULT_SEED)?,
            ..Config::default()
        };
        Ok(World::with_config(g, config))
    }
}

#[test]
fn golden_scenarios_match() {
    let bless = scenario::bless_requested();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let paths = scenario::golden_files(&dir);
    assert!(
        paths.len() >= 8,
        "expected the rpc presets and toy scenarios, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let found = if stem.starts_with("rpc_") {
            scenario::check_golden(&RpcHost, path, bless)
        } else if stem.starts_with("pingpong_") {
            scenario::check_golden(&ToyHost, path, bless)
        } else if stem.starts_with("lock_") {
            scenario::check_golden(&LockHost, path, bless)
        } else if stem.starts_with("gossip_") {
            scenario::check_golden(&GossipHost, path, bless)
        } else {
            vec![format!(
                "{}: no host for this file name prefix",
                path.display()
            )]
        };
        failures.extend(found);
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rpc_preset_is_a_golden_file_and_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    for p in rpc::PRESETS {
        let file = format!("rpc_{}.txt", p.name.replace('-', "_"));
        let on_disk = std::fs::read_to_string(dir.join(&file)).expect("preset file exists");
        assert_eq!(on_disk, p.script, "{file} is embedded as preset {}", p.name);
        let world = p
            .load(&RpcHost)
            .unwrap_or_else(|e| panic!("preset {} fails: {e}", p.name));
        assert!(
            world.step() > 0,
            "preset {} takes at least one step",
            p.name
        );
        assert!(
            !p.title().is_empty() && !p.summary().is_empty(),
            "{} has a title and summary",
            p.name
        );
    }
}
