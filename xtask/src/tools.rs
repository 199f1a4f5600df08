//! Making sure the tools the build needs are installed, at pinned versions.
//! A tool already present at its pinned version is never reinstalled, so a
//! warm run spends no time here; a missing prerequisite that cannot be
//! installed stops with a message saying exactly what to install.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{output, run};
use crate::{Result, root};

/// The mdBook release the preprocessor is written against (its API crate,
/// `mdbook-preprocessor`, is pinned to the same 0.5 line in Cargo.lock).
pub const MDBOOK_VERSION: &str = "0.5.4";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building and serving: Rust's wasm target, mdBook, wasm-bindgen, wasm-opt.
    Build,
    /// Also Chromium and the browser-test driver.
    Test,
}

/// Where each tool was found.
#[derive(Debug, Clone)]
pub struct Tools {
    pub mdbook: PathBuf,
    pub wasm_bindgen: PathBuf,
    pub wasm_opt: PathBuf,
    /// The folder holding the npm tools (`tools/npm`), for `require`.
    pub npm_dir: PathBuf,
    pub chromium: Option<PathBuf>,
    pub target_dir: PathBuf,
}

pub fn ensure(need: Need) -> Result<Tools> {
    let root = root();
    let cargo_bin = cargo_home().join("bin");
    ensure_wasm_target()?;
    let mdbook = ensure_cargo_tool(
        &cargo_bin,
        "mdbook",
        "mdbook",
        MDBOOK_VERSION,
        &["--locked"],
    )?;
    // wasm-bindgen-cli must match the wasm-bindgen library exactly. Its own
    // lockfile pins a crate the registry no longer has, so no `--locked`.
    let bindgen_version = locked_version(&root, "wasm-bindgen")?;
    let wasm_bindgen = ensure_cargo_tool(
        &cargo_bin,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &bindgen_version,
        &[],
    )?;
    let npm_dir = root.join("tools/npm");
    ensure_npm_tools(&npm_dir)?;
    let wasm_opt = npm_dir.join("node_modules/.bin/wasm-opt");
    let chromium = match need {
        Need::Build => None,
        Need::Test => Some(ensure_chromium()?),
    };
    Ok(Tools {
        mdbook,
        wasm_bindgen,
        wasm_opt,
        npm_dir,
        chromium,
        target_dir: target_dir(&root)?,
    })
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn ensure_wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).ok_or(
        "`rustup` is needed to add the wasm32 target; install Rust with rustup (https://rustup.rs)",
    )?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(
        &root(),
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    )
}

/// Installs `krate` with `cargo install` unless `binary --version` already
/// reports `version`.
fn ensure_cargo_tool(
    cargo_bin: &Path,
    binary: &str,
    krate: &str,
    version: &str,
    extra: &[&str],
) -> Result<PathBuf> {
    let path = cargo_bin.join(binary);
    let reported = output(path.to_str().unwrap_or(binary), &["--version"]).unwrap_or_default();
    // `mdbook v0.5.4`, `wasm-bindgen 0.2.130`
    let have = reported
        .split_whitespace()
        .nth(1)
        .map(|v| v.trim_start_matches('v'));
    if have == Some(version) {
        return Ok(path);
    }
    eprintln!(
        "xtask: installing {krate} {version} (found: {}); this takes a few minutes once",
        if reported.is_empty() {
            "none"
        } else {
            &reported
        }
    );
    let mut args = vec!["install", krate, "--version", version];
    args.extend_from_slice(extra);
    run(&root(), "cargo", &args)?;
    Ok(path)
}

/// The version of `package` recorded in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("Cargo.lock has no package `{package}`"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + end].to_owned())
}

/// `npm ci` in tools/npm, skipped when the installed tree matches the
/// lockfile (npm records the lockfile it installed from).
fn ensure_npm_tools(npm_dir: &Path) -> Result {
    if output("node", &["--version"]).is_none() || output("npm", &["--version"]).is_none() {
        return Err(
            "Node.js and npm are needed (for wasm-opt and the browser tests). \
             Install them, e.g. `sudo apt-get install nodejs npm`, then run this again."
                .to_owned(),
        );
    }
    let lock = fs::read(npm_dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read tools/npm/package-lock.json: {e}"))?;
    let stamp = npm_dir.join("node_modules/.dsw-installed-lock");
    let installed = fs::read(&stamp).ok();
    let tools_present = npm_dir.join("node_modules/.bin/wasm-opt").exists()
        && npm_dir
            .join("node_modules/playwright-core/package.json")
            .exists();
    if installed.as_deref() == Some(lock.as_slice()) && tools_present {
        return Ok(());
    }
    // playwright-core never downloads a browser; the tests use the system's.
    run(npm_dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    fs::write(&stamp, &lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// Debian's Chromium, installed with apt when it is missing and we may.
fn ensure_chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return if path.exists() {
            Ok(path)
        } else {
            Err(format!(
                "CHROMIUM is set to {}, which does not exist",
                path.display()
            ))
        };
    }
    let found = || {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
    };
    if let Some(path) = found() {
        return Ok(path);
    }
    let is_root = output("id", &["-u"]).as_deref() == Some("0");
    let sudo = !is_root && output("sudo", &["-n", "true"]).is_some();
    if !is_root && !sudo {
        return Err(
            "Chromium is needed for the browser tests and I may not install it. \
             Run `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM to a \
             Chromium or Chrome binary, then run this again."
                .to_owned(),
        );
    }
    let apt = |args: &[&str]| {
        let mut full: Vec<&str> = Vec::new();
        let program = if sudo {
            full.push("apt-get");
            "sudo"
        } else {
            "apt-get"
        };
        full.extend_from_slice(args);
        crate::cmd::run_env(
            &root(),
            program,
            &full,
            &[("DEBIAN_FRONTEND", "noninteractive")],
        )
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium"])?;
    found().ok_or_else(|| "apt installed chromium but /usr/bin/chromium is missing".to_owned())
}

/// Cargo's target directory, honouring CARGO_TARGET_DIR and config.
fn target_dir(root: &Path) -> Result<PathBuf> {
    let json = std::process::Command::new("cargo")
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    let meta: serde_json::Value = serde_json::from_slice(&json.stdout)
        .map_err(|e| format!("cannot read cargo metadata: {e}"))?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata gave no target_directory".to_owned())
}
