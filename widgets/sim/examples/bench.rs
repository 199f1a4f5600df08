//! `cargo run --release -p dsw-sim --example bench`
//!
//! Prints simulated events per second under chaos, seek times on a recorded
//! 10,000-step trace, and explorer throughput. Wall-clock timing lives only
//! here, never in the library.

use std::time::Instant;

use dsw_sim::toys::{Gossip, Lock};
use dsw_sim::{Chaos, Config, ExploreConfig, Explorer, World};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn gossip_world(record: bool, seed: u64) -> World<Gossip> {
    let g = Gossip {
        nodes: 9,
        ..Gossip::default()
    };
    World::with_config(
        g,
        Config {
            seed,
            jitter: 2,
            record,
            ..Config::default()
        },
    )
}

fn events_per_second(record: bool, steps: u64) -> f64 {
    let mut rates = Vec::new();
    for seed in 1..=5 {
        let mut w = gossip_world(record, seed);
        let start = Instant::now();
        let run = w.run_chaos(&Chaos::default(), steps).expect("chaos run");
        let secs = start.elapsed().as_secs_f64();
        rates.push(run.steps as f64 / secs);
    }
    median(rates)
}

fn main() {
    println!("dsw-sim benchmark (gossip, 9 nodes, default chaos; median of 5 runs)");
    let fast = events_per_second(false, 1_000_000);
    println!("  chaos steps/s, no log or invariants:   {fast:>12.0}");
    let mut rates = Vec::new();
    for seed in 1..=5 {
        let mut w = gossip_world(false, seed);
        let start = Instant::now();
        let mut steps = 0u32;
        while steps < 1_000_000 && w.step_natural().is_some_and(|r| r.is_ok()) {
            steps += 1;
        }
        rates.push(steps as f64 / start.elapsed().as_secs_f64());
    }
    println!(
        "  natural steps/s (next due event, no faults, no log): {:>12.0}",
        median(rates)
    );
    let full = events_per_second(true, 200_000);
    println!("  chaos steps/s, log + invariants on:    {full:>12.0}");

    let mut w = gossip_world(true, 42);
    let start = Instant::now();
    w.run_chaos(&Chaos::default(), 10_000).expect("record");
    println!(
        "  recording 10,000 steps (log, invariants, snapshots every {}): {:.1} ms",
        w.config().snapshot_every,
        start.elapsed().as_secs_f64() * 1e3
    );
    let end = w.step();
    let mut to_end = Vec::new();
    for _ in 0..21 {
        w.seek(0).expect("seek to start");
        let t = Instant::now();
        w.seek(end).expect("seek to end");
        to_end.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "  seek from step 0 to step {end}: median {:.3} ms",
        median(to_end)
    );
    // The worst case replays snapshot_every - 1 steps after a restore.
    let every = w.config().snapshot_every;
    let mut worst = Vec::new();
    for k in (every - 1..end).step_by(every as usize * 13) {
        w.seek(end).expect("seek");
        let t = Instant::now();
        w.seek(k).expect("seek back");
        worst.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let max = worst.iter().copied().fold(0.0, f64::max);
    println!(
        "  seek backwards to a step just before a snapshot: median {:.3} ms, max {:.3} ms ({} samples)",
        median(worst.clone()),
        max,
        worst.len()
    );

    let root = World::new(Lock {
        durable_holder: true,
    });
    let config = ExploreConfig {
        max_depth: 40,
        ..ExploreConfig::default()
    };
    let t = Instant::now();
    let mut ex = Explorer::new(&root, config);
    let p = ex.run();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  explorer, correct lock model: {} states in {:.1} ms ({:.0} states/s)",
        p.visited,
        secs * 1e3,
        p.visited as f64 / secs
    );
}
