//! Golden tests: every file in `tests/scenarios/` is run and each command's
//! output compared with the file. `DSW_BLESS=1 cargo test --test scenarios`
//! rewrites the expectations instead; review the diff.

use std::path::Path;

use dsw_sim::scenario;
use dsw_twopc::invariants::{DURABLE_DECISION, TC_CONSISTENT, UNANIMOUS_YES};
use dsw_twopc::{PRESETS, TwoPcHost, load, verdict};

#[test]
fn golden_scenarios_match() {
    let bless = scenario::bless_requested();
    let paths =
        scenario::golden_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"));
    assert_eq!(paths.len(), PRESETS.len(), "one file per preset: {paths:?}");
    let failures: Vec<String> = paths
        .iter()
        .flat_map(|p| scenario::check_golden(&TwoPcHost, p, bless))
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
            .load(&TwoPcHost)
            .unwrap_or_else(|e| panic!("preset {} fails: {e}", p.name));
        assert!(
            !p.title().is_empty() && !p.summary().is_empty(),
            "{} has a title and summary",
            p.name
        );
        let broken: Vec<&str> = world.violations().iter().map(|v| v.invariant).collect();
        match p.name {
            // The two presets written to show a failure break atomicity
            // itself, and nothing else: every decision sent was logged, and
            // every vote was yes.
            "prepared-timeout-bug" | "3pc-partition" => {
                assert_eq!(broken, [TC_CONSISTENT], "{}", p.name);
            }
            _ => assert_eq!(broken, Vec::<&str>::new(), "{}", p.name),
        }
        assert!(!broken.contains(&DURABLE_DECISION) && !broken.contains(&UNANIMOUS_YES));
    }
}

/// Where each preset ends, as the chapter text tells it.
#[test]
fn each_preset_ends_as_its_summary_says() {
    let ending = |name: &str| verdict(&load(name).expect("loads"));
    assert_eq!(ending("try-it"), "undecided");
    assert_eq!(ending("commit"), "commit");
    assert_eq!(ending("abort"), "abort");
    assert_eq!(ending("coordinator-crash-in-doubt"), "abort");
    assert_eq!(ending("coordinator-crash-after-commit"), "commit");
    assert_eq!(ending("participant-crash-prepared"), "commit");
    assert_eq!(ending("prepared-timeout-bug"), "inconsistent");
    assert_eq!(ending("3pc-commit"), "commit");
    assert_eq!(ending("3pc-partition"), "inconsistent");
}
