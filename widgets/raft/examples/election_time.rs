//! Figure 16 of the Raft paper (§9.3): how long it takes to replace a
//! crashed leader, as the election timeout range changes.
//!
//! `cargo run --release -p dsw-raft --example election_time [trials]`
//! (1,000 trials per range by default, as in the paper).

use dsw_raft::experiment::{ElectionSetup, ElectionTimes, FIGURE_16_RANGES, FIGURE_16_SCALED};
use dsw_raft::measure_election_time;

/// A time in ms, or "> 10 s" for a quantile that falls among the trials
/// that gave up.
fn ms(t: Option<u64>) -> String {
    t.map_or_else(|| "> 10 s".to_owned(), |t| t.to_string())
}

fn row(r: &ElectionTimes) {
    println!(
        "| {:>3}-{:<3} | {:>6} | {:>6} | {:>6} | {:>7} | {:>7.1}% | {:>10} |",
        r.timeout.0,
        r.timeout.1,
        ms(r.median()),
        ms(r.p90()),
        ms(r.max()),
        r.mean_finished()
            .map_or_else(|| "-".to_owned(), |m| format!("{m:.0}")),
        100.0 * r.more_than_one_election(),
        r.unfinished
    );
}

fn table(title: &str, ranges: &[(u64, u64)], trials: u32, uneven_logs: bool) {
    println!("\n{title} ({trials} trials each; times in ms = ticks)\n");
    println!("| timeout | median |    p90 |    max | mean*   | >1 term* | unfinished |");
    println!("|---------|--------|--------|--------|---------|----------|------------|");
    for &range in ranges {
        let setup = ElectionSetup {
            uneven_logs,
            ..ElectionSetup::figure_16(range, trials)
        };
        row(&measure_election_time(&setup));
    }
    println!(
        "\n* over the trials that finished; \"> 10 s\" marks a quantile among those that gave up."
    );
}

fn main() {
    let trials = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    println!(
        "Five servers, one-way delay 5-10 ms (broadcast about 15 ms), heartbeat half the minimum timeout.\n\
         The leader broadcasts a heartbeat and a new entry that reaches a random subset of followers,\n\
         then crashes at a random point of its heartbeat interval. A trial gives up after 10 s."
    );
    table(
        "Figure 16, top: randomness in the timeout",
        &FIGURE_16_RANGES,
        trials,
        true,
    );
    table(
        "Figure 16, bottom: scaling the minimum timeout",
        &FIGURE_16_SCALED,
        trials,
        true,
    );
    table(
        "The top graph again with equal logs: every extra term is a split vote",
        &FIGURE_16_RANGES,
        trials,
        false,
    );
}
