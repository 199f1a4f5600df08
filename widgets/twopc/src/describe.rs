//! Words for messages, timers, requests and node states, shared by the
//! event log, the state panel and the golden files.

use std::fmt;

use dsw_sim::NodeId;

use crate::AtomicCommit;
use crate::node::{Disk, Memory, Msg, Request, Timer, TmPhase, three};

/// A node's name: `tm` or `rm2` (the engine's own `Display` numbers nodes
/// from `n1`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Who(pub NodeId);

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == crate::TM {
            f.write_str("tm")
        } else {
            write!(f, "rm{}", self.0.0)
        }
    }
}

/// `rm1, rm2 and rm4`.
pub(crate) struct Names<'a>(pub &'a [NodeId]);

impl fmt::Display for Names<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self.0.iter().map(|n| format!("rm{}", n.0)).collect();
        match words.as_slice() {
            [] => f.write_str("nobody"),
            [one] => f.write_str(one),
            [init @ .., last] => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

pub(crate) fn message(cfg: &AtomicCommit, msg: &Msg) -> String {
    let three = three(cfg);
    match msg {
        Msg::Prepare if three => "CanCommit?".to_owned(),
        Msg::Prepare => "Prepare".to_owned(),
        // TwoPhase's name for a yes vote.
        Msg::Vote { yes: true } if cfg.spec => "Prepared".to_owned(),
        Msg::Vote { yes: true } => "vote yes".to_owned(),
        Msg::Vote { yes: false } => "vote no".to_owned(),
        Msg::PreCommit => "PreCommit".to_owned(),
        Msg::PreCommitAck => "PreCommit ack".to_owned(),
        Msg::Commit if three => "DoCommit".to_owned(),
        Msg::Commit => "Commit".to_owned(),
        Msg::Abort => "Abort".to_owned(),
        Msg::Ack => "ack".to_owned(),
        Msg::Inquire => "Inquire".to_owned(),
    }
}

pub(crate) fn timer(timer: &Timer) -> &'static str {
    match timer {
        Timer::Votes => "vote timeout",
        Timer::Acks => "PreCommit ack timeout",
        Timer::Resend => "resend the decision",
        Timer::Inquire => "ask for the outcome",
        Timer::Wait => "3PC timeout",
    }
}

pub(crate) fn request(cfg: &AtomicCommit, request: &Request) -> &'static str {
    match request {
        Request::Commit => "commit the transaction",
        Request::Abort => "abort the transaction",
        Request::Prepare if cfg.spec => "prepare (vote yes)",
        Request::Prepare => "prepare (specification mode only)",
    }
}

/// The state-panel line for one node.
pub(crate) fn node(cfg: &AtomicCommit, disk: &Disk, mem: Option<&Memory>) -> String {
    match disk {
        Disk::Tm(d) => {
            let mut records = Vec::new();
            if d.begun {
                records.push("BEGIN");
            }
            if d.precommit {
                records.push("PRECOMMIT");
            }
            if d.commit {
                records.push("COMMIT");
            }
            let log = if records.is_empty() {
                "empty".to_owned()
            } else {
                records.join(", ")
            };
            let Some(m) = mem.and_then(Memory::tm) else {
                return format!("log: {log}");
            };
            let everyone = cfg.everyone();
            let doing = match m.phase {
                TmPhase::Idle => "idle".to_owned(),
                TmPhase::Collecting => {
                    let yes = m.yes;
                    let word = if cfg.spec { "prepared" } else { "yes votes" };
                    format!(
                        "collecting votes ({word}: {})",
                        Names(&crate::members(yes & everyone))
                    )
                }
                TmPhase::PreCommitted { acked } => format!(
                    "pre-committed (acks: {})",
                    Names(&crate::members(acked & everyone))
                ),
                TmPhase::Decided { decision, .. } if cfg.spec => {
                    format!("decided {}", decision.record())
                }
                TmPhase::Decided { decision, acked } => format!(
                    "decided {} (acks: {})",
                    decision.record(),
                    Names(&crate::members(acked & everyone))
                ),
            };
            format!("{doing}; log: {log}")
        }
        Disk::Rm(d) => {
            let vote = match d.vote {
                Some(true) => ", voted yes",
                Some(false) => ", voted no",
                None => "",
            };
            let Some(m) = mem.and_then(Memory::rm) else {
                return format!("{} on disk{vote}", d.state.name());
            };
            let mut words = vec![format!("{}{vote}", d.state.name())];
            if d.state.is_in_doubt()
                && let Some(since) = m.in_doubt_since.0
            {
                words.push(format!("in doubt since t={since}"));
            }
            if m.locked {
                words.push("holds its locks".to_owned());
            }
            if m.asked > 0 && d.state.is_in_doubt() {
                words.push(format!(
                    "asked tm {} time{}",
                    m.asked,
                    if m.asked == 1 { "" } else { "s" }
                ));
            }
            words.join(", ")
        }
    }
}
