//! Running commands with their output shown, and turning failures into
//! messages that say which command failed.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::Result;

/// Runs `program args...` in `dir`, streaming its output.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result {
    run_env(dir, program, args, &[])
}

pub fn run_env(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command quietly and returns its stdout, or `None` if it cannot be
/// started or fails (used to probe for installed tools).
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
