//! `cargo run --release --example bench [-- --quick | --widget] [--runs N]`
//!
//! Times the checker on generated histories: register and key-value store,
//! 1k to 10k operations, 10 and 50 clients, linearizable and mutated (a
//! stale read). Prints the median of several runs, the search steps and
//! the largest memo. Also times a 300-operation history, the size a widget
//! checks in the browser.

use dsw_lincheck::generate::{GenConfig, Mutation, generate, mutate};
use dsw_lincheck::{Checker, History, Model, Progress, Verdict};
use std::time::Instant;

struct Row {
    label: String,
    ops: usize,
    verdict: &'static str,
    median_ms: f64,
    min_ms: f64,
    steps: u64,
    memo: usize,
}

fn time_check(
    h: &History,
    model: Model,
    shrink: bool,
    runs: usize,
) -> (f64, f64, u64, usize, &'static str) {
    let mut times = Vec::new();
    let mut steps = 0;
    let mut memo = 0;
    let mut verdict = "";
    for _ in 0..runs {
        let start = Instant::now();
        let mut c = Checker::new(h, model).expect("generated histories fit their model");
        if !shrink {
            c = c.without_shrinking();
        }
        let v = loop {
            if let Progress::Done(v) = c.run_for(1 << 20) {
                break v;
            }
        };
        times.push(start.elapsed().as_secs_f64() * 1e3);
        steps = c.steps();
        memo = c.largest_memo();
        verdict = match v {
            Verdict::Linearizable(_) => "linearizable",
            Verdict::NotLinearizable(_) => "NOT linearizable",
        };
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], steps, memo, verdict)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let widget_only = args.iter().any(|a| a == "--widget");
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 3 } else { 5 });
    let sizes: &[usize] = match (widget_only, quick) {
        (true, _) => &[],
        (_, true) => &[1000],
        _ => &[1000, 5000, 10000],
    };
    let mut configs: Vec<(String, GenConfig)> = Vec::new();
    for &n in sizes {
        for clients in [10, 50] {
            configs.push((
                format!("register, {clients} clients"),
                GenConfig::register(n, clients, 7),
            ));
        }
        for keys in [10, 100] {
            configs.push((
                format!("kv {keys} keys, 50 clients"),
                GenConfig::kv(n, 50, keys, 7),
            ));
        }
    }
    if !widget_only {
        configs.push((
            "append 10 keys, 20 clients".to_string(),
            GenConfig::append(if quick { 1000 } else { 5000 }, 20, 10, 7),
        ));
        configs.push((
            "register, values 0..5, 10 clients".to_string(),
            GenConfig {
                distinct_values: Some(5),
                ..GenConfig::register(1000, 10, 7)
            },
        ));
    }
    let mut rows = Vec::new();
    for (label, cfg) in &configs {
        let h = generate(cfg);
        let (median_ms, min_ms, steps, memo, verdict) = time_check(&h, cfg.model, true, runs);
        rows.push(Row {
            label: label.clone(),
            ops: h.len(),
            verdict,
            median_ms,
            min_ms,
            steps,
            memo,
        });
        if cfg.distinct_values.is_some() {
            continue;
        }
        if let Some((bad, _)) = mutate(&h, Mutation::StaleRead, 11) {
            let (median_ms, min_ms, steps, memo, verdict) =
                time_check(&bad, cfg.model, false, runs);
            rows.push(Row {
                label: format!("{label}, stale read, verdict only"),
                ops: bad.len(),
                verdict,
                median_ms,
                min_ms,
                steps,
                memo,
            });
            let (median_ms, min_ms, steps, memo, verdict) = time_check(&bad, cfg.model, true, runs);
            rows.push(Row {
                label: format!("{label}, stale read, shrunk + explained"),
                ops: bad.len(),
                verdict,
                median_ms,
                min_ms,
                steps,
                memo,
            });
        }
    }
    let small = generate(&GenConfig::register(300, 10, 3));
    let (m, lo, s, memo, v) = time_check(&small, Model::Register, true, runs.max(5));
    rows.push(Row {
        label: "register, 10 clients (widget size)".into(),
        ops: small.len(),
        verdict: v,
        median_ms: m,
        min_ms: lo,
        steps: s,
        memo,
    });
    let (bad, _) =
        mutate(&small, Mutation::StaleRead, 5).expect("a 300-op history has stale-read sites");
    let (m, lo, s, memo, v) = time_check(&bad, Model::Register, true, runs.max(5));
    rows.push(Row {
        label: "register, 10 clients, stale read, shrunk".into(),
        ops: bad.len(),
        verdict: v,
        median_ms: m,
        min_ms: lo,
        steps: s,
        memo,
    });

    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("lincheck benchmark ({profile} build, median of {runs} runs)");
    println!(
        "{:<58} {:>6} {:>17} {:>10} {:>10} {:>9} {:>8}",
        "history", "ops", "verdict", "median ms", "min ms", "steps", "memo"
    );
    for r in rows {
        println!(
            "{:<58} {:>6} {:>17} {:>10.2} {:>10.2} {:>9} {:>8}",
            r.label, r.ops, r.verdict, r.median_ms, r.min_ms, r.steps, r.memo
        );
    }
}
