//! `lincheck FILE [--model register|kv|append] [--format auto|log|edn]
//! [--no-shrink] [--levels]`
//!
//! Checks a Jepsen log or EDN history for linearizability and prints the
//! verdict. Exit code 0: linearizable; 1: not; 2: bad input or usage.

use dsw_lincheck::parse::{Format, parse_bytes};
use dsw_lincheck::{Checker, History, Model, Outcome, Progress, Verdict, judge_all};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: lincheck FILE [--model register|kv|append] [--format auto|log|edn] \
                     [--no-shrink] [--levels]";

struct Args {
    file: String,
    model: Option<Model>,
    format: Format,
    shrink: bool,
    levels: bool,
}

fn args() -> Result<Args, String> {
    let mut file = None;
    let mut model = None;
    let mut format = Format::Auto;
    let mut shrink = true;
    let mut levels = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--model" => {
                let m = it.next().ok_or("--model needs a value")?;
                model = match m.as_str() {
                    "auto" => None,
                    _ => Some(Model::parse(&m).ok_or(format!("unknown model {m:?}"))?),
                };
            }
            "--format" => {
                let f = it.next().ok_or("--format needs a value")?;
                format = Format::parse(&f).ok_or(format!("unknown format {f:?}"))?;
            }
            "--no-shrink" => shrink = false,
            "--levels" => levels = true,
            "-h" | "--help" => return Err(String::new()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ if file.is_none() => file = Some(a),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    Ok(Args {
        file: file.ok_or("no FILE given")?,
        model,
        format,
        shrink,
        levels,
    })
}

fn counts(h: &History) -> String {
    let count = |o: Outcome| h.ops.iter().filter(|op| op.outcome == o).count();
    let mut procs: Vec<u64> = h.ops.iter().map(|o| o.process).collect();
    procs.sort_unstable();
    procs.dedup();
    format!(
        "{} operations ({} ok, {} failed, {} unknown), {} processes",
        h.len(),
        count(Outcome::Ok),
        count(Outcome::Fail),
        count(Outcome::Unknown),
        procs.len()
    )
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("lincheck: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("lincheck: cannot read {}: {e}", args.file);
            return ExitCode::from(2);
        }
    };
    let history = match parse_bytes(&bytes, args.format) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("lincheck: {}: {e}", args.file);
            return ExitCode::from(2);
        }
    };
    let model = args.model.unwrap_or_else(|| Model::detect(&history));
    let started = Instant::now();
    let mut checker = match Checker::new(&history, model) {
        Ok(c) if args.shrink => c,
        Ok(c) => c.without_shrinking(),
        Err(e) => {
            eprintln!("lincheck: {}: {e}", args.file);
            return ExitCode::from(2);
        }
    };
    let verdict = loop {
        if let Progress::Done(v) = checker.run_for(1 << 20) {
            break v;
        }
    };
    let elapsed = started.elapsed();
    println!("history: {}; model {}", counts(&history), model.name());
    let code = match &verdict {
        Verdict::Linearizable(lin) => {
            println!(
                "verdict: linearizable ({} operations placed, {} left out)",
                lin.points.len(),
                lin.skipped.len()
            );
            0
        }
        Verdict::NotLinearizable(f) => {
            println!("verdict: NOT linearizable");
            if model != Model::Register {
                let key = |k: &Option<dsw_lincheck::Value>| {
                    k.as_ref().map_or("(no key)".to_string(), |v| v.to_string())
                };
                let all: Vec<String> = f.failing_keys.iter().map(key).collect();
                println!(
                    "failing key: {} (failing keys: {})",
                    key(&f.key),
                    all.join(", ")
                );
            }
            println!(
                "minimal failing operations ({} of {}):",
                f.ops.len(),
                history.len()
            );
            for &op in &f.ops {
                println!("  {}", history.describe(op));
            }
            println!("why: {}", f.explanation);
            1
        }
    };
    println!(
        "checked in {:.3} ms ({} search steps)",
        elapsed.as_secs_f64() * 1e3,
        checker.steps()
    );
    if args.levels {
        match judge_all(&history, model, 2_000_000) {
            Ok(levels) => {
                for (name, j) in [
                    ("linearizable", &levels.linearizable),
                    ("sequentially consistent", &levels.sequential),
                    ("causally consistent", &levels.causal),
                ] {
                    println!("{name}: {}", j.word());
                    match j {
                        dsw_lincheck::Judgement::Violated { explanation, .. } => {
                            println!("  {explanation}")
                        }
                        dsw_lincheck::Judgement::Undecided { reason }
                        | dsw_lincheck::Judgement::Unsupported { reason } => println!("  {reason}"),
                        dsw_lincheck::Judgement::Holds { .. } => {}
                    }
                }
            }
            Err(e) => println!("levels: {e}"),
        }
    }
    ExitCode::from(code)
}
