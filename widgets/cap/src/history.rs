//! The record of client operations, as data and in Jepsen's log format.
//!
//! Each client keeps its own record (see [`crate::Client`]); a history is
//! their union. [`History::jepsen`] prints the lines Jepsen's `jepsen.util`
//! logger writes and Knossos reads, e.g.
//!
//! ```text
//! INFO  jepsen.util - 0 :invoke :write 1
//! INFO  jepsen.util - 0 :ok :write 1
//! INFO  jepsen.util - 4 :invoke :read nil
//! INFO  jepsen.util - 4 :ok :read 1
//! ```
//!
//! (shown with spaces; the process, type, function and value are
//! separated by tabs, as Jepsen writes them). Lines are in time order; within one tick
//! every invocation comes before every completion, so operations that
//! share a tick overlap: the checker then treats them as concurrent, the
//! same conservative choice the invariants make.

use std::fmt::Write as _;

use dsw_sim::{Time, World};

use crate::Cap;
use crate::describe;
use crate::node::{Cmd, Op, Outcome, Version};

/// Search steps the checker may spend on one history: far more than a run
/// of the widget needs (a few dozen operations), so it only guards the page.
pub const CHECK_STEPS: u64 = 1_000_000;

/// What the linearizability checker says of a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Linearizable,
    NotLinearizable {
        /// A minimal failing set, named and described as the checker does.
        ops: Vec<String>,
        explanation: String,
    },
    /// The step budget ran out (the number of steps spent).
    Undecided(u64),
    /// The Jepsen text could not be read back; never expected.
    Unreadable(String),
}

/// Every client operation of a run, ordered by invocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub ops: Vec<Op>,
}

/// What one line of a Jepsen history says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invoke,
    Ok,
    Fail,
    Info,
}

impl Kind {
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Invoke => ":invoke",
            Kind::Ok => ":ok",
            Kind::Fail => ":fail",
            Kind::Info => ":info",
        }
    }
}

/// One line of a Jepsen history: an invocation or a completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryEvent {
    pub time: Time,
    pub process: u32,
    pub kind: Kind,
    pub cmd: Cmd,
    /// The value field: the written value for writes, the value read for
    /// an `ok` read, `nil` (None) otherwise.
    pub value: Option<u8>,
}

/// The history of `world`: every client's operations, by invocation time
/// (then process).
pub fn history(world: &World<Cap>) -> History {
    let mut ops: Vec<Op> = world
        .nodes()
        .flat_map(|v| v.durable.client.ops.iter().cloned())
        .collect();
    ops.sort_by_key(|op| (op.invoked, op.process));
    History { ops }
}

impl History {
    /// Invocations and completions in the order a checker should read
    /// them.
    pub fn events(&self) -> Vec<HistoryEvent> {
        let mut events = Vec::with_capacity(self.ops.len() * 2);
        for op in &self.ops {
            let written = match op.cmd {
                Cmd::Write(v) => Some(v),
                Cmd::Read => None,
            };
            events.push(HistoryEvent {
                time: op.invoked,
                process: op.process,
                kind: Kind::Invoke,
                cmd: op.cmd,
                value: written,
            });
            if let (Some(time), Some(outcome)) = (op.completed, op.outcome) {
                let (kind, value) = match outcome {
                    Outcome::Ok if op.cmd.is_read() => (Kind::Ok, op.value),
                    Outcome::Ok => (Kind::Ok, written),
                    Outcome::Fail => (Kind::Fail, written),
                    Outcome::Info => (Kind::Info, written),
                };
                events.push(HistoryEvent {
                    time,
                    process: op.process,
                    kind,
                    cmd: op.cmd,
                    value,
                });
            }
        }
        events.sort_by_key(|e| (e.time, e.kind != Kind::Invoke, e.process));
        events
    }

    /// The history in Jepsen's log-line format, one line per event.
    pub fn jepsen(&self) -> String {
        let mut out = String::new();
        for e in self.events() {
            let f = if e.cmd.is_read() { ":read" } else { ":write" };
            let value = e.value.map_or_else(|| "nil".to_owned(), |v| v.to_string());
            let _ = writeln!(
                out,
                "INFO  jepsen.util - {}\t{}\t{f}\t{value}",
                e.process,
                e.kind.keyword()
            );
        }
        out
    }

    /// The verdict of the consistency chapter's checker (`dsw-lincheck`)
    /// on [`History::jepsen`]: an independent judge, which reads only the
    /// values the clients saw, never the versions the invariants use.
    pub fn checked(&self) -> Checked {
        if self.ops.is_empty() {
            return Checked::Linearizable;
        }
        let text = self.jepsen();
        let parsed = match dsw_lincheck::parse::parse(&text, dsw_lincheck::parse::Format::Log) {
            Ok(h) => h,
            Err(e) => return Checked::Unreadable(e.to_string()),
        };
        let mut checker = match dsw_lincheck::Checker::new(&parsed, dsw_lincheck::Model::Register) {
            Ok(c) => c,
            Err(e) => return Checked::Unreadable(e.to_string()),
        };
        match checker.run_for(CHECK_STEPS) {
            dsw_lincheck::Progress::Done(dsw_lincheck::Verdict::Linearizable(_)) => {
                Checked::Linearizable
            }
            dsw_lincheck::Progress::Done(dsw_lincheck::Verdict::NotLinearizable(f)) => {
                let ops = f.ops.iter().map(|&i| parsed.describe(i)).collect();
                Checked::NotLinearizable {
                    ops,
                    explanation: f.explanation,
                }
            }
            dsw_lincheck::Progress::Pending { steps, .. } => Checked::Undecided(steps),
        }
    }

    /// One line per operation, for people.
    pub fn table(&self) -> String {
        if self.ops.is_empty() {
            return "no operations yet".to_owned();
        }
        self.ops
            .iter()
            .map(|op| {
                let at = format!("r{}", u16::from(op.client.0) + 1);
                let end = match (op.completed, op.outcome) {
                    (Some(t), Some(o)) => {
                        let version = op
                            .version
                            .map(|v| format!(", version {v}"))
                            .unwrap_or_default();
                        let got = if op.cmd.is_read() && o == Outcome::Ok {
                            format!(" {}", describe::value(op.value))
                        } else {
                            String::new()
                        };
                        format!(
                            "{}{got} at t={t} ({}, {} ticks{version})",
                            o.name(),
                            describe::trips(op.round_trips),
                            t.saturating_sub(op.invoked)
                        )
                    }
                    _ => "no answer yet".to_owned(),
                };
                format!(
                    "process {} at {at}: {} invoked t={}, {end}",
                    op.process, op.cmd, op.invoked
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Operations that ended without a successful answer.
    pub fn refused(&self) -> impl Iterator<Item = &Op> {
        self.ops
            .iter()
            .filter(|op| matches!(op.outcome, Some(Outcome::Fail | Outcome::Info)))
    }

    /// The operation that wrote `version`, if a client did.
    pub fn writer_of(&self, version: Version) -> Option<&Op> {
        self.ops
            .iter()
            .find(|op| !op.cmd.is_read() && op.version == Some(version))
    }
}

/// An acknowledged write that no replica holds any more, replaced by a
/// write that did not follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discarded {
    pub write: Op,
    /// The version every replica that moved on now holds.
    pub winner: Version,
    /// The operation that wrote it.
    pub winner_op: Option<Op>,
    /// The winner was acknowledged before the discarded write even began:
    /// the later write lost.
    pub earlier: bool,
}

/// Acknowledged writes that last-writer-wins threw away: no replica holds
/// them, and the write that replaced them began before they were
/// acknowledged (concurrent), or even finished before they began
/// (`earlier`). A write overwritten by one that came after it is ordinary
/// and not listed.
pub fn discarded_writes(world: &World<Cap>) -> Vec<Discarded> {
    let h = history(world);
    let held: Vec<Version> = world.nodes().map(|v| v.durable.stored.version).collect();
    let Some(&top) = held.iter().max() else {
        return Vec::new();
    };
    let winner_op = h.writer_of(top).cloned();
    h.ops
        .iter()
        .filter(|op| op.is_ok() && !op.cmd.is_read())
        .filter_map(|op| {
            let version = op.version?;
            if held.contains(&version) || version >= top {
                return None;
            }
            let followed = winner_op
                .as_ref()
                .is_some_and(|w| op.completed.is_some_and(|c| c < w.invoked));
            if followed {
                return None;
            }
            Some(Discarded {
                write: op.clone(),
                winner: top,
                earlier: winner_op.as_ref().is_some_and(|w| w.precedes(op)),
                winner_op: winner_op.clone(),
            })
        })
        .collect()
}

/// The `history` command's report: operations, then discarded writes.
pub fn report(world: &World<Cap>) -> String {
    let mut out = history(world).table();
    for d in discarded_writes(world) {
        let when = d.write.completed.unwrap_or_default();
        let how = match (&d.winner_op, d.earlier) {
            (Some(w), true) => format!(
                "by {} (process {}), which was acknowledged at t={}, before this write began: the later write lost",
                w.cmd,
                w.process,
                w.completed.unwrap_or_default()
            ),
            (Some(w), false) => format!(
                "by the concurrent {} (process {}), whose version is higher",
                w.cmd, w.process
            ),
            (None, _) => "by a higher version".to_owned(),
        };
        let _ = write!(
            out,
            "\ndiscarded: {} (process {}, acknowledged at t={when}, version {}) is on no replica; last-writer-wins replaced it with version {} {how}",
            d.write.cmd,
            d.write.process,
            d.write.version.unwrap_or_default(),
            d.winner
        );
    }
    out
}
