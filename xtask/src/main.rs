//! Project automation, run as `cargo xtask <command>`.
//!
//! - `serve`: install what is missing, build the widgets and the book, serve
//!   it on http://127.0.0.1:3000 and rebuild on change.
//! - `test`: every check CI runs: formatting, clippy, native tests, the wasm
//!   build, the book build, the preprocessor's error report, browser tests.
//! - `build`: the wasm bundle only. `book`: the wasm bundle and the book.
//! - `size`: the bundle's raw and gzipped size after wasm-opt.
//! - `perf`: time to interactive per page and frame times, measured in
//!   headless Chromium (a report, never a pass/fail test).

mod cmd;
mod serve;
mod test;
mod tools;
mod wasm;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::all(),
        Some("test") => test::all(),
        Some("build") => tools::ensure(tools::Need::Build).and_then(|t| wasm::build(&t).map(drop)),
        Some("book") => tools::ensure(tools::Need::Build).and_then(|t| {
            wasm::build(&t)?;
            wasm::book(&t)
        }),
        Some("size") => tools::ensure(tools::Need::Build).and_then(|t| {
            let bundle = wasm::build(&t)?;
            wasm::print_size(&bundle)
        }),
        Some("perf") => test::perf(),
        _ => {
            eprintln!(
                "usage: cargo xtask <serve|test|build|book|size|perf>\n\
                 \n  serve  build everything and serve the book on http://127.0.0.1:3000, rebuilding on change\
                 \n  test   run every check CI runs (format, clippy, native tests, wasm, book, browser tests)\
                 \n  build  build the wasm bundle into src/wasm\
                 \n  book   build the wasm bundle and the book into book/\
                 \n  size   print the wasm bundle's raw and gzipped size\
                 \n  perf   measure time to interactive and frame times in headless Chromium"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the directory holding `book.toml`).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

type Result<T = ()> = std::result::Result<T, String>;
