//! Building the one wasm bundle and the book.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cmd::run;
use crate::tools::Tools;
use crate::{Result, root};

/// Where the bundle goes: inside `src/` so that mdBook copies it into the
/// book and `mdbook serve` reloads the page when it changes.
pub fn out_dir() -> PathBuf {
    root().join("src/wasm")
}

/// The files of a built bundle.
#[derive(Debug)]
pub struct Bundle {
    pub wasm: PathBuf,
    pub glue: PathBuf,
}

/// Builds the bundle: cargo for wasm32, wasm-bindgen for the JS glue, then
/// wasm-opt for size. Returns the files written to `src/wasm`.
pub fn build(tools: &Tools) -> Result<Bundle> {
    let root = root();
    run(
        &root,
        "cargo",
        &[
            "build",
            "--locked",
            "--package",
            "dsw-app",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ],
    )?;
    let raw = tools
        .target_dir
        .join("wasm32-unknown-unknown/wasm-release/dsw_app.wasm");
    let staging = tools.target_dir.join("dsw-bindgen");
    let _ = fs::remove_dir_all(&staging);
    run(
        &root,
        path_str(&tools.wasm_bindgen)?,
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            path_str(&staging)?,
            path_str(&raw)?,
        ],
    )?;
    let out = out_dir();
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let bundle = Bundle {
        wasm: out.join("dsw_app_bg.wasm"),
        glue: out.join("dsw_app.js"),
    };
    // The features rustc 1.95 enables by default for wasm32; wasm-opt must
    // accept them and may keep using them.
    run(
        &root,
        path_str(&tools.wasm_opt)?,
        &[
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            path_str(&staging.join("dsw_app_bg.wasm"))?,
            "-o",
            path_str(&bundle.wasm)?,
        ],
    )?;
    fs::copy(staging.join("dsw_app.js"), &bundle.glue)
        .map_err(|e| format!("cannot copy the JS glue: {e}"))?;
    Ok(bundle)
}

/// Builds the book into `book/` (the wasm bundle must be built first).
pub fn book(tools: &Tools) -> Result {
    run(&root(), path_str(&tools.mdbook)?, &["build"])
}

/// Prints the bundle's raw and gzipped sizes.
pub fn print_size(bundle: &Bundle) -> Result {
    println!("bundle size (after wasm-opt -Oz):");
    let mut total_raw = 0;
    let mut total_gz = 0;
    for file in [&bundle.wasm, &bundle.glue] {
        let bytes = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let gz = gzip_len(&bytes)?;
        total_raw += bytes.len();
        total_gz += gz;
        println!(
            "  {:<20} {:>9} bytes raw  {:>8} bytes gzip",
            file.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            bytes.len(),
            gz
        );
    }
    println!(
        "  {:<20} {total_raw:>9} bytes raw  {total_gz:>8} bytes gzip",
        "total"
    );
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

pub fn path_str(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| format!("path is not UTF-8: {}", path.display()))
}
