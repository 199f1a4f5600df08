//! `cargo run --release --example threshold [-- --runs N] [--crowded]`
//!
//! Times the sequential and causal searches (whole, as `Judging` runs them)
//! on random register histories of growing size, laid out as the widget
//! lays them out (one process per lane), in three kinds: as generated
//! (linearizable), mutated by `dsw_lincheck::generate::mutate`, and with
//! every ok read's result replaced by a random written value (mostly
//! inconsistent), or returning a write invoked before the read completed
//! (stale but plausible). Prints, per size, the slowest times, how many
//! checks took over 16 ms (a frame) and how many ran out of steps. `SEARCH_MAX_OPS` is the
//! largest size whose slowest case stays a short pause.

use dsw_history::SEARCH_STEPS;
use dsw_lincheck::generate::{GenConfig, Mutation, generate, mutate};
use dsw_lincheck::{
    Action, History, Judgement, Model, Outcome, Value, check_causal, check_sequential,
};
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn history(n: usize, kind: u64, seed: u64) -> History {
    let mut rng = Rng(seed);
    let clients = if kind >= 10 {
        5
    } else {
        2 + (rng.next() % 4) as usize
    };
    let kind = kind % 10;
    let cfg = GenConfig {
        cas: 0.0,
        latency: if seed.is_multiple_of(2) { 30 } else { 300 },
        unknown: 0.1,
        ..GenConfig::register(n, clients, rng.next())
    };
    let mut h = generate(&cfg);
    for op in &mut h.ops {
        op.process %= clients as u64;
    }
    match kind {
        1 => {
            let m = Mutation::ALL[(rng.next() % 2) as usize];
            mutate(&h, m, rng.next()).map_or(h, |(h, _)| h)
        }
        3 => {
            // Each ok read returns a write invoked before it completed:
            // stale but plausible, which keeps the search busy.
            let ops = h.ops.clone();
            for op in &mut h.ops {
                if op.action == Action::Read && op.outcome == Outcome::Ok {
                    let end = op.complete.unwrap_or(u64::MAX);
                    let candidates: Vec<Value> = ops
                        .iter()
                        .filter(|w| w.invoke < end)
                        .filter_map(|w| match &w.action {
                            Action::Write(v) => Some(v.clone()),
                            _ => None,
                        })
                        .collect();
                    let k = (rng.next() % (candidates.len() as u64 + 1)) as usize;
                    op.result = Some(candidates.get(k).cloned().unwrap_or(Value::Nil));
                }
            }
            h
        }
        2 => {
            let written: Vec<Value> = h
                .ops
                .iter()
                .filter_map(|o| match &o.action {
                    Action::Write(v) => Some(v.clone()),
                    _ => None,
                })
                .collect();
            for op in &mut h.ops {
                if op.action == Action::Read && op.outcome == Outcome::Ok {
                    let k = (rng.next() % (written.len() as u64 + 1)) as usize;
                    op.result = Some(written.get(k).cloned().unwrap_or(Value::Nil));
                }
            }
            h
        }
        _ => h,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: u64 = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    println!("search step limit {SEARCH_STEPS}; {runs} histories of each kind per size");
    println!(
        "{:>4} {:>12} {:>12} {:>10} {:>10}",
        "ops", "seq max ms", "causal max ms", "over 16 ms", "undecided"
    );
    let crowded = args.iter().any(|a| a == "--crowded");
    let kinds: Vec<u64> = if crowded {
        // Five clients, reads answered at random: the hardest shape found.
        vec![12, 13]
    } else {
        vec![0, 1, 2, 3]
    };
    for n in [12, 16, 20, 24, 30, 40] {
        let (mut seq_ms, mut causal_ms) = (0f64, 0f64);
        let (mut slow, mut undecided) = (0, 0);
        for seed in 0..runs {
            for &kind in &kinds {
                let h = history(n, kind, seed * 7 + kind);
                let (s, ms) = timed(|| {
                    check_sequential(&h, Model::Register, SEARCH_STEPS).expect("register")
                });
                seq_ms = seq_ms.max(ms);
                let (c, ms2) =
                    timed(|| check_causal(&h, Model::Register, SEARCH_STEPS).expect("register"));
                causal_ms = causal_ms.max(ms2);
                slow += usize::from(ms > 16.0) + usize::from(ms2 > 16.0);
                for j in [&s, &c] {
                    if matches!(j, Judgement::Undecided { .. }) {
                        undecided += 1;
                    }
                }
            }
        }
        println!("{n:>4} {seq_ms:>12.2} {causal_ms:>12.2} {slow:>10} {undecided:>10}");
    }
}

/// Runs `f`, and twice more when it looks slow, keeping the fastest time:
/// another process on the machine should not decide the threshold.
fn timed(f: impl Fn() -> Judgement) -> (Judgement, f64) {
    let t = Instant::now();
    let j = f();
    let mut ms = t.elapsed().as_secs_f64() * 1e3;
    if ms > 2.0 {
        for _ in 0..2 {
            let t = Instant::now();
            f();
            ms = ms.min(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    (j, ms)
}
