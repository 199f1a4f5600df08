//! Golden tests: every file in `tests/scenarios/` is run and each command's
//! output compared with the file. `DSW_BLESS=1 cargo test --test scenarios`
//! rewrites the expectations instead; review the diff.

use std::path::Path;

use dsw_saga::invariants::{ALL_OR_NOTHING, NO_DOUBLE_EFFECT, SagaOutcome, outcome};
use dsw_saga::{PRESETS, SagaHost, load};
use dsw_sim::scenario;

#[test]
fn golden_scenarios_match() {
    let bless = scenario::bless_requested();
    let paths =
        scenario::golden_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"));
    assert_eq!(paths.len(), PRESETS.len(), "one file per preset: {paths:?}");
    let failures: Vec<String> = paths
        .iter()
        .flat_map(|p| scenario::check_golden(&SagaHost, p, bless))
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_preset_is_a_golden_file_and_ends_as_its_summary_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let expected = [
        ("try-it", SagaOutcome::NotStarted, &[][..]),
        ("happy-path", SagaOutcome::Completed, &[][..]),
        ("flight-fails", SagaOutcome::Compensated, &[][..]),
        ("orchestrator-crash", SagaOutcome::Completed, &[][..]),
        ("choreography", SagaOutcome::Compensated, &[][..]),
        (
            "lost-event-without-outbox",
            SagaOutcome::Stuck,
            &[ALL_OR_NOTHING][..],
        ),
        ("outbox-relay", SagaOutcome::Completed, &[][..]),
        (
            "duplicate-charge",
            SagaOutcome::Completed,
            &[NO_DOUBLE_EFFECT][..],
        ),
        ("idempotent-consumer", SagaOutcome::Completed, &[][..]),
    ];
    assert_eq!(expected.len(), PRESETS.len());
    for (p, (name, end, broken)) in PRESETS.iter().zip(expected) {
        assert_eq!(p.name, name);
        let file = format!("{}.txt", p.name.replace('-', "_"));
        let on_disk = std::fs::read_to_string(dir.join(&file)).expect("preset file exists");
        assert_eq!(on_disk, p.script, "{file} is embedded as preset {}", p.name);
        assert!(
            !p.title().is_empty() && !p.summary().is_empty(),
            "{} has a title and summary",
            p.name
        );
        let world = load(p.name).unwrap_or_else(|e| panic!("preset {} fails: {e}", p.name));
        assert_eq!(outcome(&world), end, "{}", p.name);
        let got: Vec<&str> = world.violations().iter().map(|v| v.invariant).collect();
        assert_eq!(got, broken, "{}", p.name);
    }
}

/// Each safeguard's pair of presets runs one script; only the variant on
/// the first line differs.
#[test]
fn the_paired_presets_differ_only_in_the_variant() {
    let body = |name: &str| -> Vec<String> {
        let p = PRESETS.iter().find(|p| p.name == name).expect("preset");
        scenario::parse(p.script)
            .expect("parses")
            .into_iter()
            .map(|c| c.command.to_string())
            .collect()
    };
    for (bad, good, variant) in [
        ("lost-event-without-outbox", "outbox-relay", "dual-write"),
        ("duplicate-charge", "idempotent-consumer", "no-dedupe"),
    ] {
        let (bad, good) = (body(bad), body(good));
        assert_eq!(bad[0], format!("new variant={variant}"));
        assert_eq!(good[0], "new variant=correct");
        assert_eq!(bad[1..], good[1..]);
    }
}
