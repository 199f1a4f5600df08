//! Prints a history's operations and its three verdicts:
//!
//! * `cargo run --example judge -- stale-read` (a preset; no argument: all);
//! * `cargo run --example judge -- random 7` (the small random history of
//!   seed 7);
//! * `cargo run --release --example judge -- large 7` judges the large
//!   random history of seed 7 in slices of [`FRAME_STEPS`] steps, as the
//!   browser does, and prints the slices and the time they took.

use dsw_history::{
    Edit, FRAME_STEPS, Judging, Level, PRESETS, Timeline, Verdicts, encode, load, outcome_word,
    random,
};
use std::time::Instant;

fn show_ops(t: &Timeline) {
    for op in t.ops() {
        let name = t.name(op.id).unwrap_or_default();
        let end = op.complete.map_or("open".to_owned(), |c| c.to_string());
        println!(
            "   {name:5} client {} [{:4}, {:>4}] {:8} {}",
            op.client,
            op.invoke,
            end,
            outcome_word(op.outcome),
            op.summary()
        );
    }
}

fn show_verdicts(t: &Timeline, v: &Verdicts) {
    for level in Level::ALL {
        println!("   {}", v.summary(level));
        if let Some(why) = v.reason(level).filter(|_| v.holds(level) == Some(false)) {
            println!("      why: {why}");
        }
    }
    println!("   {}", v.strongest().text);
    if !v.points.is_empty() && v.ops <= 30 {
        let points: Vec<String> = v
            .points
            .iter()
            .map(|p| format!("{}@{:.1}", t.name(p.op).unwrap_or_default(), p.at))
            .collect();
        println!("   linearization points: {}", points.join(" "));
    }
}

/// Judges in slices of [`FRAME_STEPS`]; returns the verdicts, the number of
/// slices, the total time and the longest slice, in ms.
fn sliced(t: &Timeline) -> (Verdicts, usize, f64, f64) {
    let start = Instant::now();
    let mut judging = Judging::new(t);
    let mut slices = 0;
    let mut longest = 0f64;
    loop {
        slices += 1;
        let s = Instant::now();
        let done = judging.run_for(FRAME_STEPS);
        longest = longest.max(s.elapsed().as_secs_f64() * 1000.0);
        if done {
            break;
        }
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let v = judging.result().cloned().expect("done");
    (v, slices, ms, longest)
}

fn random_timeline(large: bool, seed: u32) -> Timeline {
    let mut t = Timeline::new(1).expect("one client is allowed");
    let edit = if large {
        Edit::RandomLarge { seed }
    } else {
        Edit::Random { seed }
    };
    t.apply(edit).expect("a random edit on a fresh timeline");
    t
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some(kind @ ("random" | "large")) => {
            let seed: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
            let large = kind == "large";
            let t = random_timeline(large, seed);
            let r = if large {
                random::describe_large(seed)
            } else {
                random::describe_small(seed)
            };
            println!(
                "== {kind} {seed}: {} operations on {} clients, code {}",
                t.ops().len(),
                t.clients(),
                encode(&t)
            );
            if let Some(m) = &r.mutation {
                println!("   mutated: {m}");
            }
            if !large {
                show_ops(&t);
            }
            let (v, slices, ms, longest) = sliced(&t);
            show_verdicts(&t, &v);
            println!(
                "   judged in {slices} slices of {FRAME_STEPS} steps ({} steps), {ms:.2} ms, \
                 longest slice {longest:.2} ms",
                v.steps
            );
        }
        _ => {
            for p in PRESETS {
                if !args.is_empty() && !args.iter().any(|a| a == p.name) {
                    continue;
                }
                let t = match load(p.name) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("{}: {e}", p.name);
                        continue;
                    }
                };
                println!("== {} ({}): {}", p.name, p.title, p.summary);
                println!(
                    "   expected: linearizable={} sequential={} causal={}",
                    yes(p.expected.linearizable),
                    yes(p.expected.sequential),
                    yes(p.expected.causal)
                );
                println!("   code {}", encode(&t));
                show_ops(&t);
                let (v, ..) = sliced(&t);
                show_verdicts(&t, &v);
            }
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
