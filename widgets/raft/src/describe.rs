//! Words for messages, nodes and logs, shared by the event log, the state
//! panel and the golden files.

use std::fmt;

use dsw_sim::NodeId;

use crate::node::{Disk, Entry, Index, Memory, Msg, Role, Term};

/// `1 entry`, `3 entries`, formatted only if a note is actually written.
pub(crate) struct Count<'a>(pub usize, pub &'a str, pub &'a str);

impl fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Count(n, one, many) = *self;
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

/// `n1, n2 and n4`.
pub(crate) fn names(nodes: &[NodeId]) -> String {
    let words: Vec<String> = nodes.iter().map(NodeId::to_string).collect();
    match words.as_slice() {
        [] => "nobody".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Where a log ends, for vote decisions: `last entry at index 4, term 2`,
/// or `empty`.
pub(crate) struct Span(pub Index, pub Term);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Span(0, _) => f.write_str("empty"),
            Span(index, term) => write!(f, "last entry at index {index}, term {term}"),
        }
    }
}

/// `its entry at index 3`, `its entries at indexes 3 to 5`.
pub(crate) struct Removed(pub Index, pub Index);

impl fmt::Display for Removed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Removed(from, to) if from == to => write!(f, "its entry at index {from}"),
            Removed(from, to) => write!(f, "its entries at indexes {from} to {to}"),
        }
    }
}

pub(crate) fn message(msg: &Msg) -> String {
    match msg {
        Msg::RequestVote {
            term,
            last_log_index,
            last_log_term,
        } => {
            if *last_log_index == 0 {
                format!("RequestVote(term {term}, empty log)")
            } else {
                format!("RequestVote(term {term}, last entry {last_log_index}@t{last_log_term})")
            }
        }
        Msg::Vote { term, granted } => format!(
            "vote reply(term {term}, {})",
            if *granted { "granted" } else { "refused" }
        ),
        Msg::AppendEntries {
            term,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        } => {
            let what = if entries.is_empty() {
                "heartbeat".to_owned()
            } else {
                let list: Vec<String> = entries.iter().map(Entry::short).collect();
                format!("entries [{}]", list.join(", "))
            };
            let after = if *prev_log_index == 0 {
                "from the start".to_owned()
            } else {
                format!("after {prev_log_index}@t{prev_log_term}")
            };
            format!("AppendEntries(term {term}, {after}, {what}, commit {leader_commit})")
        }
        Msg::AppendReply {
            term,
            success,
            index,
        } => {
            if *success {
                format!("AppendEntries reply(term {term}, ok up to {index})")
            } else {
                format!("AppendEntries reply(term {term}, no match at {index})")
            }
        }
    }
}

/// `[t1 x=1, t2 y=2]`.
pub(crate) fn log(entries: &[Entry]) -> String {
    let list: Vec<String> = entries.iter().map(Entry::short).collect();
    format!("[{}]", list.join(", "))
}

/// The state-panel line for one server.
pub(crate) fn node(disk: &Disk, mem: Option<&Memory>) -> String {
    let vote = match disk.voted_for {
        Some(v) => format!(", voted for {v}"),
        None => String::new(),
    };
    let durable = format!("term {}{vote}, log {}", disk.current_term, log(&disk.log));
    let Some(mem) = mem else {
        return format!("on disk: {durable}");
    };
    let role = match &mem.role {
        Role::Follower => match mem.leader {
            Some(l) => format!("follower of {l}"),
            None => "follower".to_owned(),
        },
        Role::Candidate { votes } => {
            let count = votes.count_ones();
            format!("candidate with {}", Count(count as usize, "vote", "votes"))
        }
        Role::Leader { .. } => "leader".to_owned(),
    };
    let kv: Vec<String> = mem
        .kv
        .iter()
        .map(|(k, v)| format!("{}={v}", char::from(*k)))
        .collect();
    format!(
        "{role}, {durable}, commit {}, state {{{}}}",
        mem.commit_index,
        kv.join(", ")
    )
}
