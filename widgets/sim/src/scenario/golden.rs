//! Running scenario files as golden tests, for this crate's tests and for
//! every model crate's (native only: it reads and writes files).

use std::path::{Path, PathBuf};

use super::{Host, Mismatch, run};

/// Whether the tests should rewrite expectations (`DSW_BLESS=1`) instead of
/// comparing them.
pub fn bless_requested() -> bool {
    std::env::var_os("DSW_BLESS").is_some_and(|v| v == "1")
}

/// The `.txt` scenario files in `dir`, sorted.
pub fn golden_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

/// Runs one scenario file with `host`. Returns a readable report per
/// command whose output differs from the file; with `bless`, rewrites the
/// file's expectations instead and reports nothing.
pub fn check_golden<H: Host>(host: &H, path: &Path, bless: bool) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    let run = match run(host, name, &text) {
        Ok(run) => run,
        Err(e) => return vec![format!("{}: {e}", path.display())],
    };
    if bless {
        let new = run.blessed(&text);
        if new != text {
            std::fs::write(path, new)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        return Vec::new();
    }
    run.mismatches()
        .into_iter()
        .map(
            |Mismatch {
                 line,
                 command,
                 expected,
                 actual,
             }| {
                format!(
                    "{}:{line}: `{command}`\n--- expected\n{expected}\n--- actual\n{actual}\n",
                    path.display()
                )
            },
        )
        .collect()
}
