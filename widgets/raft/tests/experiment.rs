//! Raft §9.3, Figure 16, in miniature: the full table is the
//! `election_time` example; this pins its shape on a few trials.

use dsw_raft::experiment::{ElectionSetup, measure_election_time, trial};

fn run(range: (u64, u64), trials: u32) -> dsw_raft::ElectionTimes {
    measure_election_time(&ElectionSetup {
        uneven_logs: false,
        ..ElectionSetup::figure_16(range, trials)
    })
}

/// "In the absence of randomness, leader election consistently took longer
/// than 10 seconds in our tests due to many split votes. Adding just 5ms of
/// randomness helps significantly" (§9.3).
#[test]
fn a_little_randomness_ends_the_split_votes() {
    let none = run((150, 150), 30);
    let some = run((150, 155), 30);
    let wide = run((150, 300), 30);
    assert!(none.unfinished >= 25, "{none:?}");
    assert_eq!((some.unfinished, wide.unfinished), (0, 0));
    assert!(wide.median() < some.median(), "{some:?} {wide:?}");
    assert!(wide.max() < some.max(), "{some:?} {wide:?}");
    assert!(wide.more_than_one_election() < some.more_than_one_election());
    // A follower cannot notice the crash before its timeout runs out: at
    // least the minimum timeout minus the heartbeat interval.
    assert!(wide.times[0] >= 150 - 75, "{wide:?}");
}

#[test]
fn a_trial_is_reproducible_from_its_seed() {
    let setup = ElectionSetup::figure_16((150, 300), 1);
    assert_eq!(trial(&setup, 7), trial(&setup, 7));
    assert!(trial(&setup, 7).is_some());
}
