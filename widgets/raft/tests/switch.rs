//! What a learner sees after switching the widget's rules to a buggy
//! variant: the preset's run replayed under the bug breaks a property, or
//! the counterexample search from the preset finds a short trace that does.
//! Each variant is caught from some preset; with the paper's rules none is.

use dsw_raft::invariants::{LEADER_COMPLETENESS, LOG_MATCHING, STATE_MACHINE_SAFETY};
use dsw_raft::{Raft, Variant, explore_config, explore_root, load, replay};
use dsw_sim::{ExploreConfig, Explorer, World};

/// The preset's whole run replayed under `variant`.
fn switched(preset: &str, variant: Variant) -> World<Raft> {
    let run = load(preset).expect("preset loads");
    let recipe = run.recipe(preset);
    let name = format!("{preset}@{}", variant.name());
    let replayed = replay(&name, recipe.seed, &recipe.actions, recipe.step).expect("replays");
    assert!(replayed.stopped.is_none(), "{:?}", replayed.stopped);
    assert_eq!(replayed.world.step(), run.step());
    replayed.world
}

fn first_break(w: &World<Raft>) -> Option<&'static str> {
    w.violations().first().map(|v| v.invariant)
}

#[test]
fn replaying_presets_under_the_paper_rules_breaks_nothing() {
    for p in dsw_raft::PRESETS {
        if p.name == "figure-8-bug" {
            continue;
        }
        assert_eq!(
            first_break(&switched(p.name, Variant::Correct)),
            None,
            "{}",
            p.name
        );
    }
}

#[test]
fn counting_old_replicas_breaks_figure_8() {
    let w = switched("figure-8", Variant::CommitPreviousTermByCount);
    assert_eq!(first_break(&w), Some(LEADER_COMPLETENESS));
}

#[test]
fn appending_without_truncating_breaks_the_repair_presets() {
    let w = switched("log-repair", Variant::AppendWithoutTruncate);
    assert_eq!(first_break(&w), Some(LOG_MATCHING));
    let w = switched("old-leader-minority", Variant::AppendWithoutTruncate);
    assert_eq!(first_break(&w), Some(STATE_MACHINE_SAFETY));
}

#[test]
fn voting_without_the_restriction_breaks_lagging_follower() {
    let w = switched("lagging-follower", Variant::NoElectionRestriction);
    let v = &w.violations()[0];
    assert_eq!(v.invariant, LEADER_COMPLETENESS);
    assert!(v.reason.contains("n3"), "{}", v.reason);
}

/// The step of `lagging-follower` right after the partition heals, before
/// n3's timer fires.
const HEALED: u64 = 18;

/// From the moment the partition heals, the widget's search finds the
/// shortest way to a leader that lacks a committed entry: n3 times out, a
/// vote request reaches a server, its vote comes back. With the paper's
/// rules nothing within twice that depth breaks (the whole widget search,
/// 300,000 states, takes 20 s in a debug build; it finds nothing either).
#[test]
fn the_search_finds_the_unrestricted_vote_in_three_moves() {
    for (variant, expected) in [
        (
            Variant::NoElectionRestriction,
            Some((3, LEADER_COMPLETENESS)),
        ),
        (Variant::Correct, None),
    ] {
        let mut w = switched("lagging-follower", variant);
        w.seek(HEALED).expect("seek");
        let root = explore_root(&w);
        let config = ExploreConfig {
            max_depth: 6,
            ..explore_config()
        };
        let mut explorer = Explorer::new(&root, config);
        let progress = explorer.run();
        let found = explorer
            .counterexample()
            .map(|c| (c.trace.len(), c.invariant));
        assert_eq!(found, expected, "{variant:?}");
        if variant == Variant::Correct {
            assert_eq!(progress.visited, HEALED_DEPTH_6);
        }
    }
}

const HEALED_DEPTH_6: usize = 79_748;

#[test]
fn learners_build_clusters_of_three_to_nine() {
    for n in 3..=dsw_raft::MAX_NODES {
        let w = load(&format!("cluster-{n}@append-without-truncate")).expect("loads");
        assert_eq!(w.protocol().nodes, n);
        assert_eq!(w.protocol().variant, Variant::AppendWithoutTruncate);
    }
    assert!(load("cluster-2").unwrap_err().contains("3 to 9"));
    assert!(load("cluster-10").unwrap_err().contains("3 to 9"));
    assert!(
        load("figure-8@no-such-rules")
            .unwrap_err()
            .contains("unknown")
    );
}
