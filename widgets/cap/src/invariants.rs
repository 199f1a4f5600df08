//! Safety checks on the clients' history, after every step.
//!
//! Every write carries a unique [`Version`] and every successful read
//! reports the version it returned, so "the register behaves like one copy"
//! can be checked against the order of versions. A history whose operations
//! all have versions is linearizable (Herlihy & Wing 1990) exactly when
//! ordering them by version respects real time:
//!
//! * a read never returns a version older than a write acknowledged before
//!   the read began ([`FRESH_READS`]);
//! * a read never returns a version older than an earlier read returned
//!   ([`READS_NEVER_GO_BACK`]);
//! * a write is versioned above everything acknowledged before it began
//!   ([`LATER_WRITES_WIN`]); otherwise last-writer-wins would discard it.
//!
//! "Before" means "completed in an earlier tick": operations sharing a tick
//! count as concurrent, so a check can miss an anomaly but never invents
//! one. The checks trust the versions; the consistency-models chapter's
//! checker judges the printed history from values alone.
//!
//! [`Version`]: crate::Version

use dsw_sim::{Invariant, World};

use crate::Cap;
use crate::describe;
use crate::node::{Op, Outcome};

pub const FRESH_READS: &str = "Reads see acknowledged writes";
pub const READS_NEVER_GO_BACK: &str = "Reads never go back";
pub const LATER_WRITES_WIN: &str = "Later writes win";

pub fn all() -> Vec<Invariant<Cap>> {
    vec![
        Invariant::new(FRESH_READS, fresh_reads),
        Invariant::new(READS_NEVER_GO_BACK, reads_never_go_back),
        Invariant::new(LATER_WRITES_WIN, later_writes_win),
    ]
}

/// The sentence for the invariant panel.
pub fn statement(name: &str) -> Option<&'static str> {
    Some(match name {
        FRESH_READS => {
            "a read returns the latest write acknowledged before the read began, or a newer one"
        }
        READS_NEVER_GO_BACK => {
            "a read that begins after another read ended returns the same version or a newer one"
        }
        LATER_WRITES_WIN => {
            "a write that begins after another operation ended gets a higher version, so last-writer-wins keeps it"
        }
        _ => return None,
    })
}

/// Every client's operations, unordered: the checks compare times, so no
/// sorting (or copying) is needed, which matters to the explorer.
fn ops(world: &World<Cap>) -> Vec<&Op> {
    world
        .nodes()
        .flat_map(|v| v.durable.client.ops.iter())
        .collect()
}

fn ok_reads<'a>(ops: &'a [&'a Op]) -> impl Iterator<Item = &'a Op> + 'a {
    ops.iter()
        .copied()
        .filter(|op| op.cmd.is_read() && op.outcome == Some(Outcome::Ok))
}

fn who(op: &Op) -> String {
    format!(
        "process {} at r{} (t={})",
        op.process,
        u16::from(op.client.0) + 1,
        op.invoked
    )
}

fn fresh_reads(world: &World<Cap>) -> Result<(), String> {
    let all = ops(world);
    for read in ok_reads(&all) {
        let Some(got) = read.version else { continue };
        let newest = all
            .iter()
            .copied()
            .filter(|w| !w.cmd.is_read() && w.is_ok() && w.precedes(read))
            .filter_map(|w| w.version.map(|v| (v, w)))
            .max_by_key(|(v, _)| *v);
        if let Some((v, w)) = newest
            && got < v
        {
            return Err(format!(
                "the read by {} returned {} (version {got}), but {} (version {v}) was acknowledged at t={}, before the read began",
                who(read),
                describe::value(read.value),
                w.cmd,
                w.completed.unwrap_or_default()
            ));
        }
    }
    Ok(())
}

fn reads_never_go_back(world: &World<Cap>) -> Result<(), String> {
    let all = ops(world);
    for later in ok_reads(&all) {
        let Some(got) = later.version else { continue };
        for earlier in ok_reads(&all).filter(|r| r.precedes(later)) {
            if let Some(seen) = earlier.version
                && got < seen
            {
                return Err(format!(
                    "the read by {} returned {} (version {got}) after the read by {} had returned {} (version {seen})",
                    who(later),
                    describe::value(later.value),
                    who(earlier),
                    describe::value(earlier.value)
                ));
            }
        }
    }
    Ok(())
}

fn later_writes_win(world: &World<Cap>) -> Result<(), String> {
    let all = ops(world);
    for write in all.iter().filter(|w| !w.cmd.is_read()) {
        let Some(mine) = write.version else { continue };
        for before in all.iter().filter(|o| o.is_ok() && o.precedes(write)) {
            if let Some(v) = before.version
                && v >= mine
            {
                let what = if before.cmd.is_read() {
                    format!("a read of version {v}")
                } else {
                    format!("{} (version {v})", before.cmd)
                };
                return Err(format!(
                    "{} by {} got version {mine}, not above {what} acknowledged at t={}: last-writer-wins would keep the older one",
                    write.cmd,
                    who(write),
                    before.completed.unwrap_or_default()
                ));
            }
        }
    }
    Ok(())
}
