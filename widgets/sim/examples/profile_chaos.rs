//! A long chaos run for profilers: `perf record target/release/examples/profile_chaos`.

use dsw_sim::toys::Gossip;
use dsw_sim::{Chaos, Config, World};

fn main() {
    let g = Gossip {
        nodes: 9,
        ..Gossip::default()
    };
    let mut w = World::with_config(
        g,
        Config {
            seed: 1,
            jitter: 2,
            record: false,
            ..Config::default()
        },
    );
    let run = w.run_chaos(&Chaos::default(), 5_000_000).expect("chaos");
    println!(
        "{} steps, {} in flight, t={}",
        run.steps,
        w.in_flight().len(),
        w.now()
    );
}
