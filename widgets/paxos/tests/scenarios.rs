//! Golden tests: every file in `tests/scenarios/` is run and each command's
//! output compared with the file. `DSW_BLESS=1 cargo test --test scenarios`
//! rewrites the expectations instead; review the diff.

use std::path::Path;

use dsw_paxos::{PRESETS, PaxosHost, invariants};
use dsw_sim::scenario;

#[test]
fn golden_scenarios_match() {
    let bless = scenario::bless_requested();
    let paths =
        scenario::golden_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"));
    assert_eq!(paths.len(), PRESETS.len(), "one file per preset: {paths:?}");
    let failures: Vec<String> = paths
        .iter()
        .flat_map(|p| scenario::check_golden(&PaxosHost, p, bless))
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_preset_is_a_golden_file_and_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    for p in PRESETS {
        let file = format!("{}.txt", p.name.replace('-', "_"));
        let on_disk = std::fs::read_to_string(dir.join(&file)).expect("preset file exists");
        assert_eq!(on_disk, p.script, "{file} is embedded as preset {}", p.name);
        let world = p
            .load(&PaxosHost)
            .unwrap_or_else(|e| panic!("preset {} fails: {e}", p.name));
        assert!(
            !p.title().is_empty() && !p.summary().is_empty(),
            "{} has a title and summary",
            p.name
        );
        // Only the presets written to show a bug may break a property, and
        // they break the one that matters.
        if p.name.ends_with("-bug") {
            let broken: Vec<&str> = world.violations().iter().map(|v| v.invariant).collect();
            assert_eq!(broken, [invariants::ONE_VALUE], "{}", p.name);
        } else {
            assert_eq!(world.violations(), &[], "{}", p.name);
        }
    }
}

/// The acceptor-restart and forget-promise-bug presets run the same
/// script; only where the acceptor keeps its promise differs.
#[test]
fn the_restart_presets_differ_only_in_the_variant() {
    let body = |name: &str| -> Vec<String> {
        let p = PRESETS.iter().find(|p| p.name == name).expect("preset");
        scenario::parse(p.script)
            .expect("parses")
            .into_iter()
            .map(|c| c.command.to_string())
            .collect()
    };
    let (good, bad) = (body("acceptor-restart"), body("forget-promise-bug"));
    assert_eq!(good.len(), bad.len());
    assert!(!good[0].contains("variant="), "{}", good[0]);
    assert_eq!(bad[0], format!("{} variant=forget-promise", good[0]));
    assert_eq!(good[1..], bad[1..]);
}
