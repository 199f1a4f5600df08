//! Figure 2's rules one at a time, including the cases the interview
//! guides get wrong (errata E34, E36).

use dsw_raft::{
    Cmd, Deleted, Entry, PRESETS, Raft, RaftHost, Variant, at_least_as_up_to_date, follower_commit,
    load, merge_entries, open_link,
};
use dsw_sim::fragment;
use dsw_sim::scenario::{self, Host};

fn log(terms: &[u64]) -> Vec<Entry> {
    terms
        .iter()
        .map(|&term| Entry {
            term,
            cmd: Cmd::new('x', term as u8),
        })
        .collect()
}

fn terms(log: &[Entry]) -> Vec<u64> {
    log.iter().map(|e| e.term).collect()
}

/// Errata E34, defect 3: follower `[1,1,2,2]` receives prevLogIndex=2,
/// prevLogTerm=1, entries `[3]`. Raft §5.3 gives `[1,1,3]`; appending at the
/// end would give `[1,1,2,2,3]`.
#[test]
fn a_conflicting_suffix_is_deleted_before_appending() {
    let mut l = log(&[1, 1, 2, 2]);
    let merged = merge_entries(&mut l, 2, &log(&[3]));
    assert_eq!(terms(&l), [1, 1, 3]);
    assert_eq!(
        merged.deleted,
        Some(Deleted {
            from: 3,
            to: 4,
            old_term: 2,
            new_term: 3
        })
    );
    assert_eq!(merged.appended, 1);
}

/// Errata E34, defect 4: a retransmitted AppendEntries must not append the
/// same entry twice, and a late copy of an older, shorter request must not
/// delete newer matching entries (§5.3: "append any new entries not
/// already in the log").
#[test]
fn duplicates_and_late_requests_change_nothing() {
    let mut l = log(&[1]);
    let merged = merge_entries(&mut l, 0, &log(&[1]));
    assert_eq!(
        (terms(&l), merged.appended, merged.deleted),
        (vec![1], 0, None)
    );

    let mut l = log(&[1, 1, 2]);
    let merged = merge_entries(&mut l, 0, &log(&[1]));
    assert_eq!((terms(&l), merged.deleted), (vec![1, 1, 2], None));
}

/// Errata E34, defect 5: a heartbeat with leaderCommit=5 to a follower
/// whose log was verified only up to index 2 commits up to 2, never beyond;
/// and the commit index never moves back.
#[test]
fn a_follower_commits_only_what_the_request_verified() {
    assert_eq!(follower_commit(0, 5, 2), 2);
    assert_eq!(follower_commit(3, 5, 1), 3);
    assert_eq!(follower_commit(3, 2, 9), 3);
    assert_eq!(follower_commit(1, 4, 4), 4);
}

/// Raft §5.2: a majority of the whole cluster, down servers included.
#[test]
fn majorities_count_every_server() {
    let sizes: Vec<usize> = (3..=9)
        .map(|n| Raft::new(n, Variant::Correct).majority())
        .collect();
    assert_eq!(sizes, [2, 3, 3, 4, 4, 5, 5]);
}

/// Raft §5.4.1 and errata E36: the last entries' terms decide first; only
/// equal terms fall back to length. A longer log that ends in an older term
/// loses.
#[test]
fn the_election_restriction_compares_last_terms_first() {
    // (candidate's last term, its last index, voter's last term, index)
    assert!(!at_least_as_up_to_date(1, 3, 2, 2));
    assert!(at_least_as_up_to_date(2, 2, 1, 3));
    assert!(at_least_as_up_to_date(2, 3, 2, 2));
    assert!(at_least_as_up_to_date(2, 2, 2, 2));
    assert!(!at_least_as_up_to_date(2, 1, 2, 2));
    assert!(at_least_as_up_to_date(0, 0, 0, 0));
}

/// Raft §5.4.2, Figure 8: the paper's scenario ends with no property broken;
/// the same script with a leader that counts old-term replicas breaks two.
#[test]
fn figure_8_breaks_only_with_the_counting_bug() {
    let good = load("figure-8").expect("loads");
    assert!(good.violations().is_empty());
    let bad = load("figure-8-bug").expect("loads");
    let broken: Vec<&str> = bad.violations().iter().map(|v| v.invariant).collect();
    assert_eq!(broken, ["Leader Completeness", "State Machine Safety"]);
}

/// A shared link reopens the reader's exact state, in the same preset.
#[test]
fn links_reopen_the_same_state() {
    let mut world = load("log-repair").expect("loads");
    world.seek(120).expect("rewinds");
    let text = fragment::encode(&world.recipe("log-repair"));
    let back = open_link(&text).expect("opens");
    assert_eq!(back.step(), 120);
    assert_eq!(back.state_hash(), world.state_hash());
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let setup = |line: &str| {
        let cmd = scenario::parse(&format!("{line}\n----\n")).expect("parses")[0]
            .command
            .clone();
        RaftHost.setup(&cmd).err()
    };
    assert!(setup("new nodes=2").is_some_and(|e| e.contains("3 to 9")));
    assert!(setup("new variant=sloppy").is_some_and(|e| e.contains("no-election-restriction")));
    assert!(setup("new heartbeat=10").is_some_and(|e| e.contains("§5.6")));
    assert!(setup("new timeout=20-10").is_some());
    assert!(setup("new first=n7").is_some());
    assert!(setup("new color=red").is_some());
    assert!(
        setup("new nodes=9 variant=append-without-truncate timeout=150-300 heartbeat=75").is_none()
    );
}

#[test]
fn every_preset_has_a_distinct_name_and_a_variant_picker_label() {
    let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), PRESETS.len());
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.name()), Some(v));
        assert!(!v.summary().is_empty());
    }
}
