//! `cargo xtask serve`: the book on http://127.0.0.1:3000, rebuilt on change.
//!
//! mdBook watches the chapters and rebuilds the pages (re-running the
//! preprocessor through cargo, so preprocessor changes are picked up too).
//! This loop watches the widget sources and rebuilds the wasm bundle into
//! `src/wasm`, which mdBook then sees as a change and reloads the page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::tools::{Need, ensure};
use crate::wasm::build;
use crate::{Result, root};

pub fn all() -> Result {
    let tools = ensure(Need::Build)?;
    build(&tools)?;
    let port = std::env::var("DSW_PORT").unwrap_or_else(|_| "3000".to_owned());
    let mut server = Command::new(&tools.mdbook)
        .args(["serve", "--hostname", "127.0.0.1", "--port", &port])
        .current_dir(root())
        .spawn()
        .map_err(|e| format!("cannot start mdbook serve: {e}"))?;
    eprintln!(
        "xtask: serving on http://127.0.0.1:{port}/ ; watching widgets/ for changes (Ctrl-C stops)"
    );
    let widgets = root().join("widgets");
    let mut seen = snapshot(&widgets);
    loop {
        std::thread::sleep(Duration::from_millis(700));
        if let Some(status) = server.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("mdbook serve stopped ({status})"));
        }
        let now = snapshot(&widgets);
        if now != seen {
            seen = now;
            eprintln!("xtask: widget sources changed; rebuilding the wasm bundle");
            if let Err(e) = build(&tools) {
                eprintln!("xtask: rebuild failed, still serving the last good bundle: {e}");
            }
        }
    }
}

/// Modification times of the Rust sources and manifests under `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut times = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && name != "node_modules" {
                    stack.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "toml" || e == "txt")
                && let Ok(modified) = entry.metadata().and_then(|m| m.modified())
            {
                times.insert(path, modified);
            }
        }
    }
    times
}
