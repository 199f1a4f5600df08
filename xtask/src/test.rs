//! `cargo xtask test`: every check, in the order that fails fastest.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cmd::{run, run_env};
use crate::tools::{Need, Tools, ensure};
use crate::wasm::{book, build, path_str, print_size};
use crate::{Result, root};

pub fn all() -> Result {
    let started = Instant::now();
    let root = root();
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let mut stage = |name: &'static str, f: &mut dyn FnMut() -> Result| -> Result {
        eprintln!("\n=== {name} ===");
        let t = Instant::now();
        let result = f();
        timings.push((name, t.elapsed().as_secs_f64()));
        result.map_err(|e| format!("{name}: {e}"))
    };

    let mut tools = None;
    stage("tools", &mut || {
        tools = Some(ensure(Need::Test)?);
        Ok(())
    })?;
    let tools = tools.expect("set by the tools stage");
    stage("format", &mut || {
        run(&root, "cargo", &["fmt", "--all", "--check"])
    })?;
    stage("clippy", &mut || {
        run(
            &root,
            "cargo",
            &[
                "clippy",
                "--locked",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
    })?;
    stage("native tests", &mut || {
        run(&root, "cargo", &["test", "--locked", "--workspace"])
    })?;
    let mut bundle = None;
    stage("wasm build", &mut || {
        let built = build(&tools)?;
        print_size(&built)?;
        bundle = Some(built);
        Ok(())
    })?;
    stage("book build", &mut || book(&tools))?;
    stage("broken book is refused", &mut || {
        broken_book_is_refused(&root, &tools.mdbook)
    })?;
    let mut digest = String::new();
    stage("native determinism digest", &mut || {
        digest = native_digest(&root)?;
        eprintln!("native: {digest}");
        Ok(())
    })?;
    stage("browser tests", &mut || {
        run_node(
            &root,
            &tools,
            &[
                "--test",
                "--test-reporter=spec",
                "--test-concurrency=1",
                "tests/browser/widgets.test.mjs",
                "tests/browser/rpc.test.mjs",
                "tests/browser/raft.test.mjs",
                "tests/browser/paxos.test.mjs",
                "tests/browser/twopc.test.mjs",
                "tests/browser/cap.test.mjs",
                "tests/browser/saga.test.mjs",
                "tests/browser/clocks.test.mjs",
                "tests/browser/history.test.mjs",
                "tests/browser/quiz.test.mjs",
            ],
            &[("DSW_NATIVE_DIGEST", &digest)],
        )
    })?;

    eprintln!("\n=== summary ===");
    for (name, secs) in &timings {
        eprintln!("  {name:<24} {secs:>7.1} s");
    }
    eprintln!(
        "  {:<24} {:>7.1} s",
        "total",
        started.elapsed().as_secs_f64()
    );
    eprintln!("all checks passed; screenshots are in tests/browser/screenshots/");
    Ok(())
}

/// `cargo xtask perf`: builds the book and prints the browser measurements
/// of `tests/browser/perf.mjs`.
pub fn perf() -> Result {
    let root = root();
    let tools = ensure(Need::Test)?;
    let bundle = build(&tools)?;
    print_size(&bundle)?;
    book(&tools)?;
    run_node(&root, &tools, &["tests/browser/perf.mjs"], &[])
}

/// Runs node on the browser scripts, telling them where the built book, the
/// npm tools, Chromium and the screenshot folder are.
fn run_node(root: &Path, tools: &Tools, args: &[&str], extra: &[(&str, &str)]) -> Result {
    let chromium = tools
        .chromium
        .as_deref()
        .expect("Need::Test finds Chromium");
    let mut env = vec![
        ("DSW_BOOK_DIR", path_str(&root.join("book"))?.to_owned()),
        ("DSW_NPM_DIR", path_str(&tools.npm_dir)?.to_owned()),
        ("DSW_CHROMIUM", path_str(chromium)?.to_owned()),
        (
            "DSW_SCREENSHOTS",
            path_str(&root.join("tests/browser/screenshots"))?.to_owned(),
        ),
    ];
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_env(root, "node", args, &env)
}

/// The simulator's determinism fingerprint computed natively; the browser
/// tests compute it in wasm and compare.
fn native_digest(root: &Path) -> Result<String> {
    let out = Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--locked",
            "--release",
            "--package",
            "dsw-sim",
            "--example",
            "digest",
            "--",
            "42",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run the digest example: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Builds `tests/broken-book`, whose chapter holds malformed directives, and
/// checks that mdBook fails and names each file and line. This proves the
/// whole path, mdBook to preprocessor to error, and not only the library.
fn broken_book_is_refused(root: &Path, mdbook: &Path) -> Result {
    let dir = root.join("tests/broken-book");
    let out = Command::new(mdbook)
        .args(["build", "--dest-dir"])
        .arg(root.join("target/broken-book"))
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run mdbook: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stderr}");
    if out.status.success() {
        return Err("mdbook build succeeded on a book with malformed directives".to_owned());
    }
    let expected = [
        "error: src/chapter.md:5:1: unknown widget `rnig` (did you mean `ring`?)",
        "error: src/chapter.md:7:1: widget `ring`: parameter `nodes` expects an integer from 3 to 9, got `many`",
        "error: src/chapter.md:9:1: widget `ring` has no parameter `colour`",
        "error: src/chapter.md:11:1: quiz file `missing.toml` cannot be read",
        "error: src/bad-quiz.toml:9:",
        "question `fixture-bad-answer`",
        "question `fixture-predict`",
        "mdbook-dsw: 6 problems in directives or quiz files",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|line| !stderr.contains(line))
        .collect();
    if missing.is_empty() {
        eprintln!("ok: mdbook refused the broken book and located all 6 problems");
        Ok(())
    } else {
        Err(format!("the error report lacks: {missing:#?}"))
    }
}
