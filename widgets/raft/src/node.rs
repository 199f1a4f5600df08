//! One Raft server: Figure 2 of the paper as an event handler.
//!
//! Candidate and leader ids are not carried in messages: the engine tells a
//! receiver who sent each message, which is what `candidateId` and
//! `leaderId` are for. Every other field of Figure 2's RPCs is here.

use std::collections::BTreeMap;
use std::fmt;

use dsw_sim::wire::{DecodeError, Reader, Wire, Writer};
use dsw_sim::{Ctx, Effects, Event, Invariant, NodeId, Protocol};

use crate::describe::{Count, Removed, Span, names};
use crate::{Raft, Variant};

pub type Term = u64;
/// Log positions start at 1; index 0 is the empty prefix every log shares.
pub type Index = u64;

/// A client command for the key-value state machine: `set key to value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cmd {
    /// A lowercase letter, kept as a byte so states hash the same on every
    /// platform.
    pub key: u8,
    pub value: u8,
}

impl Cmd {
    pub fn new(key: char, value: u8) -> Self {
        Cmd {
            key: u8::try_from(key).unwrap_or(b'?'),
            value,
        }
    }

    /// `x=1`, for compact log listings.
    pub fn short(&self) -> String {
        format!("{}={}", char::from(self.key), self.value)
    }
}

/// "set x to 1": also the text scenario files match (`request n1 set x to
/// 1`), which is why it avoids `=`.
impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "set {} to {}", char::from(self.key), self.value)
    }
}

impl Wire for Cmd {
    fn put(&self, w: &mut Writer) {
        w.u8(self.key);
        w.u8(self.value);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let key = r.u8("a key")?;
        if !key.is_ascii_lowercase() {
            return Err(DecodeError::new(format!("{key} is not a key letter")));
        }
        Ok(Cmd {
            key,
            value: r.u8("a value")?,
        })
    }
}

/// A log entry: the command and the term in which a leader received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub term: Term,
    pub cmd: Cmd,
}

impl Entry {
    /// `t2 x=1`.
    pub fn short(&self) -> String {
        format!("t{} {}", self.term, self.cmd.short())
    }
}

/// The RPCs of Figure 2, requests and replies as separate messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Msg {
    RequestVote {
        term: Term,
        last_log_index: Index,
        last_log_term: Term,
    },
    Vote {
        term: Term,
        granted: bool,
    },
    AppendEntries {
        term: Term,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: Index,
    },
    /// Figure 2's reply is `(term, success)`: an RPC library pairs it with
    /// its request. Here messages travel alone and may be reordered or
    /// duplicated, so the reply repeats which position it is about: on
    /// success the last index the follower now shares with the leader, on
    /// failure the `prevLogIndex` that did not match.
    AppendReply {
        term: Term,
        success: bool,
        index: Index,
    },
}

impl Msg {
    pub fn term(&self) -> Term {
        match self {
            Msg::RequestVote { term, .. }
            | Msg::Vote { term, .. }
            | Msg::AppendEntries { term, .. }
            | Msg::AppendReply { term, .. } => *term,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// Followers and candidates: no leader heard from in time (§5.2).
    Election,
    /// Leaders: time to send AppendEntries to everyone again.
    Heartbeat,
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        w.u8(match self {
            Timer::Election => 0,
            Timer::Heartbeat => 1,
        });
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a timer kind")? {
            0 => Ok(Timer::Election),
            1 => Ok(Timer::Heartbeat),
            t => Err(DecodeError::new(format!("{t} is not a Raft timer kind"))),
        }
    }
}

/// What a server tells the client that asked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The leader applied the client's command: it is committed.
    Committed { index: Index, cmd: Cmd },
    /// Only the leader accepts commands (§8); `leader` is who this server
    /// believes leads, if anyone.
    NotLeader { leader: Option<NodeId> },
}

/// Bookkeeping for the invariants, kept on disk so that a crash does not
/// erase history. The protocol writes these records but never reads them to
/// decide anything: they are the "ghost" variables of a proof, and the
/// engine offers no place for run-wide history outside the nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Ghost {
    /// Terms in which this server became leader (Election Safety).
    pub led: Vec<Term>,
    /// Entries this server, as leader, declared committed: position `i`
    /// holds index `i + 1` as (entry's term, term of the commit). Only ever
    /// extended, so it keeps the earliest commit seen (Leader Completeness).
    pub committed: Vec<(Term, Term)>,
    /// Entries this server's state machine applied, by index, across
    /// restarts (State Machine Safety).
    pub applied: Vec<Entry>,
    /// The first time this server applied a different entry at an index it
    /// had applied before: (index, before, after).
    pub reapplied: Option<(Index, Entry, Entry)>,
    /// The first time this server, while leader, saw its own log lose or
    /// change an entry: (term, index) (Leader Append-Only).
    pub rewritten: Option<(Term, Index)>,
}

/// Figure 2's persistent state, written before any reply leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    pub current_term: Term,
    pub voted_for: Option<NodeId>,
    pub log: Vec<Entry>,
    pub ghost: Ghost,
}

impl Disk {
    pub fn last_index(&self) -> Index {
        self.log.len() as Index
    }

    /// The term of the entry at `index`; 0 for index 0 and for positions
    /// past the end.
    pub fn term_at(&self, index: Index) -> Term {
        self.entry(index).map_or(0, |e| e.term)
    }

    pub fn last_term(&self) -> Term {
        self.term_at(self.last_index())
    }

    pub fn entry(&self, index: Index) -> Option<&Entry> {
        index
            .checked_sub(1)
            .and_then(|i| self.log.get(usize::try_from(i).ok()?))
    }
}

/// A server's role, with the state only that role has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    Follower,
    /// `votes` is a bit set of the servers that granted their vote,
    /// including the candidate itself.
    Candidate {
        votes: u16,
    },
    /// Figure 2's volatile leader state, one slot per server (the leader's
    /// own slots are unused).
    Leader {
        next_index: Vec<Index>,
        match_index: Vec<Index>,
        /// Followers with an AppendEntries awaiting its reply, as a bit
        /// set; kept only under [`Bounds::one_append_in_flight`].
        ///
        /// [`Bounds::one_append_in_flight`]: crate::Bounds::one_append_in_flight
        awaiting: u16,
    },
}

impl Role {
    pub fn name(&self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::Candidate { .. } => "candidate",
            Role::Leader { .. } => "leader",
        }
    }

    pub fn is_leader(&self) -> bool {
        matches!(self, Role::Leader { .. })
    }
}

/// Figure 2's volatile state plus the state machine, all lost in a crash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Memory {
    pub role: Role,
    /// Who this server believes leads its current term, for redirecting
    /// clients (§8).
    pub leader: Option<NodeId>,
    pub commit_index: Index,
    pub last_applied: Index,
    /// The key-value state machine: the log's commands applied in order.
    pub kv: BTreeMap<u8, u8>,
}

impl Memory {
    fn fresh() -> Self {
        Memory {
            role: Role::Follower,
            leader: None,
            commit_index: 0,
            last_applied: 0,
            kv: BTreeMap::new(),
        }
    }
}

fn bit(n: NodeId) -> u16 {
    1 << n.0.min(15)
}

/// The servers in a vote bit set, in order.
pub(crate) fn voters(votes: u16, nodes: usize) -> Vec<NodeId> {
    NodeId::all(nodes)
        .filter(|&n| votes & bit(n) != 0)
        .collect()
}

/// Everything a handler touches, so helpers need not pass six arguments.
struct Node<'a, 'c> {
    raft: &'a Raft,
    ctx: &'a mut Ctx<'c>,
    disk: &'a mut Disk,
    mem: &'a mut Memory,
    out: &'a mut Effects<Raft>,
}

impl Node<'_, '_> {
    fn me(&self) -> NodeId {
        self.ctx.node()
    }

    fn arm_election_timer(&mut self) {
        let (lo, hi) = self.raft.election_timeout;
        let (lo, hi) = (lo.min(hi).max(1), hi.max(lo).max(1));
        // Randomized timeouts make split votes rare (§5.2); the draw comes
        // from the world's seeded generator so runs replay exactly.
        let delay = lo + self.ctx.random_below(hi - lo + 1);
        self.out.set_timer(Timer::Election, delay);
    }

    /// Figure 2, all servers: "If RPC request or response contains term T >
    /// currentTerm: set currentTerm = T, convert to follower (§5.1)".
    /// Returns true when the term changed.
    fn observe_term(&mut self, term: Term, from: NodeId) -> bool {
        if term <= self.disk.current_term {
            return false;
        }
        let me = self.me();
        let old = self.disk.current_term;
        let was = self.mem.role.name();
        if was == "follower" {
            self.out.note(format_args!(
                "{me} sees term {term} from {from}, newer than its term {old}: it adopts term {term}"
            ));
        } else {
            self.out.note(format_args!(
                "{me} sees term {term} from {from}, newer than its term {old}: it adopts term {term} and steps down from {was} to follower"
            ));
        }
        self.disk.current_term = term;
        self.disk.voted_for = None;
        if self.mem.role.is_leader() {
            // A leader runs no election timer; as a follower it needs one.
            self.out.cancel_timer(Timer::Heartbeat);
            self.arm_election_timer();
        }
        self.mem.role = Role::Follower;
        self.mem.leader = None;
        true
    }

    // ANCHOR: election
    /// Figure 2, followers and candidates: "If election timeout elapses ...
    /// convert to candidate", then increment currentTerm, vote for self,
    /// reset the election timer, send RequestVote RPCs to all other servers.
    fn start_election(&mut self) {
        let me = self.me();
        if self.mem.role.is_leader() {
            return;
        }
        if let Some(max) = self.raft.bounds.max_term
            && self.disk.current_term >= max
        {
            self.out.note(format_args!(
                "{me} would start an election for term {}, but the search is bounded at term {max}",
                self.disk.current_term + 1
            ));
            return;
        }
        self.disk.current_term += 1;
        self.disk.voted_for = Some(me);
        self.mem.role = Role::Candidate { votes: bit(me) };
        self.mem.leader = None;
        let term = self.disk.current_term;
        self.out.note(format_args!(
            "{me} heard from no leader before its election timeout: it becomes a candidate for term {term}, votes for itself and asks the others"
        ));
        self.arm_election_timer();
        let msg = Msg::RequestVote {
            term,
            last_log_index: self.disk.last_index(),
            last_log_term: self.disk.last_term(),
        };
        for peer in self.ctx.peers() {
            self.out.send(peer, msg.clone());
        }
        self.count_votes();
    }
    // ANCHOR_END: election

    // ANCHOR: vote
    /// Figure 2, RequestVote receiver.
    fn on_request_vote(&mut self, from: NodeId, term: Term, last_index: Index, last_term: Term) {
        let me = self.me();
        self.observe_term(term, from);
        let current = self.disk.current_term;
        let (my_index, my_term) = (self.disk.last_index(), self.disk.last_term());
        let up_to_date = at_least_as_up_to_date(last_term, last_index, my_term, my_index);
        let granted = if term < current {
            self.out.note(format_args!(
                "{me} refuses its vote to {from}: {from}'s term {term} is older than {me}'s term {current}"
            ));
            false
        } else if self.disk.voted_for.is_some_and(|v| v != from) {
            if let Some(v) = self.disk.voted_for {
                self.out.note(format_args!(
                    "{me} refuses its vote to {from}: it already voted for {v} in term {current}"
                ));
            }
            false
        } else if !up_to_date && self.raft.variant != Variant::NoElectionRestriction {
            self.out.note(format_args!(
                "{me} refuses its vote to {from}: {from}'s log ({}) is less up-to-date than its own ({}) (§5.4.1)",
                Span(last_index, last_term),
                Span(my_index, my_term)
            ));
            false
        } else {
            self.disk.voted_for = Some(from);
            // Granting a vote resets the election timer (Figure 2,
            // followers), so the voter gives the candidate time to win.
            self.arm_election_timer();
            if up_to_date {
                self.out.note(format_args!(
                    "{me} votes for {from} in term {current}: {from}'s log ({}) is at least as up-to-date as its own ({})",
                    Span(last_index, last_term),
                    Span(my_index, my_term)
                ));
            } else {
                self.out.note(format_args!(
                    "{me} votes for {from} in term {current} without comparing logs, although its own ({}) is more up-to-date than {from}'s ({}): the election restriction is switched off",
                    Span(my_index, my_term),
                    Span(last_index, last_term)
                ));
            }
            true
        };
        self.out.send(
            from,
            Msg::Vote {
                term: current,
                granted,
            },
        );
    }
    // ANCHOR_END: vote

    fn on_vote(&mut self, from: NodeId, term: Term, granted: bool) {
        if self.observe_term(term, from) {
            return;
        }
        let Role::Candidate { votes } = &mut self.mem.role else {
            return;
        };
        if term != self.disk.current_term || !granted {
            return;
        }
        *votes |= bit(from);
        self.count_votes();
    }

    /// Figure 2, candidates: "If votes received from majority of servers:
    /// become leader".
    fn count_votes(&mut self) {
        let Role::Candidate { votes } = self.mem.role else {
            return;
        };
        if (votes.count_ones() as usize) < self.raft.majority() {
            return;
        }
        let me = self.me();
        let term = self.disk.current_term;
        let n = self.ctx.node_count();
        let next = self.disk.last_index() + 1;
        self.mem.role = Role::Leader {
            next_index: vec![next; n],
            match_index: vec![0; n],
            awaiting: 0,
        };
        self.mem.leader = Some(me);
        self.disk.ghost.led.push(term);
        self.out.note(format_args!(
            "{me} becomes leader of term {term} with votes from {}",
            names(&voters(votes, n))
        ));
        self.out.cancel_timer(Timer::Election);
        // "Upon election: send initial empty AppendEntries RPCs (heartbeat)
        // to each server" (Figure 2, leaders).
        self.broadcast_append();
    }

    fn broadcast_append(&mut self) {
        for peer in self.ctx.peers() {
            self.send_append(peer);
        }
        self.out
            .set_timer(Timer::Heartbeat, self.raft.heartbeat.max(1));
    }

    /// AppendEntries for `to` with every entry from its `nextIndex` on: a
    /// heartbeat when it has them all.
    fn send_append(&mut self, to: NodeId) {
        let lean = self.raft.bounds.one_append_in_flight;
        let Role::Leader {
            next_index,
            awaiting,
            ..
        } = &mut self.mem.role
        else {
            return;
        };
        if lean {
            if *awaiting & bit(to) != 0 {
                return;
            }
            *awaiting |= bit(to);
        }
        let next = next_index[to.index()].max(1);
        let prev = next - 1;
        let from = usize::try_from(prev).unwrap_or(usize::MAX);
        let entries = self.disk.log.get(from..).unwrap_or_default().to_vec();
        let msg = Msg::AppendEntries {
            term: self.disk.current_term,
            prev_log_index: prev,
            prev_log_term: self.disk.term_at(prev),
            entries,
            leader_commit: self.mem.commit_index,
        };
        self.out.send(to, msg);
    }

    fn on_heartbeat(&mut self) {
        if self.mem.role.is_leader() {
            self.broadcast_append();
        }
    }

    // ANCHOR: append
    /// Figure 2, AppendEntries receiver.
    fn on_append_entries(&mut self, from: NodeId, req: AppendRequest<'_>) {
        let me = self.me();
        let AppendRequest {
            term,
            prev_log_index: prev,
            prev_log_term,
            entries,
            leader_commit,
        } = req;
        // 1. Reply false if term < currentTerm (§5.1).
        if term < self.disk.current_term {
            self.out.note(format_args!(
                "{me} rejects AppendEntries from {from}: its term {term} is older than {me}'s term {}",
                self.disk.current_term
            ));
            self.reply_append(from, false, prev);
            return;
        }
        self.observe_term(term, from);
        // A candidate that hears from a leader of its own term concedes
        // (§5.2). Two leaders of one term cannot exist (Election Safety),
        // but should one appear it is a follower from now on.
        if !matches!(self.mem.role, Role::Follower) {
            let was = self.mem.role.name();
            self.out.note(format_args!(
                "{me} learns that {from} leads term {term}: it stops being a {was}"
            ));
            if self.mem.role.is_leader() {
                self.out.cancel_timer(Timer::Heartbeat);
            }
            self.mem.role = Role::Follower;
        }
        self.mem.leader = Some(from);
        self.arm_election_timer();
        // 2. Reply false if log doesn't contain an entry at prevLogIndex
        // whose term matches prevLogTerm (§5.3).
        if prev > self.disk.last_index() {
            self.out.note(format_args!(
                "{me} rejects AppendEntries from {from}: its log has no entry at index {prev}"
            ));
            self.reply_append(from, false, prev);
            return;
        }
        let have = self.disk.term_at(prev);
        if have != prev_log_term {
            self.out.note(format_args!(
                "{me} rejects AppendEntries from {from}: its entry at index {prev} has term {have}, not {prev_log_term}"
            ));
            self.reply_append(from, false, prev);
            return;
        }
        if self.raft.variant == Variant::AppendWithoutTruncate {
            self.disk.log.extend_from_slice(entries);
            if !entries.is_empty() {
                self.out.note(format_args!(
                    "{me} appends {} at the end of its log, now {} long, without checking what is already there",
                    Count(entries.len(), "entry", "entries"),
                    self.disk.log.len()
                ));
            }
        } else {
            self.merge(from, prev, entries);
        }
        // 5. Commit what the leader has committed, as far as verified.
        let last_new = prev + entries.len() as Index;
        let commit = follower_commit(self.mem.commit_index, leader_commit, last_new);
        if commit > self.mem.commit_index {
            self.out.note(format_args!(
                "{me} learns from {from} that the log is committed up to index {leader_commit}; it has verified up to {last_new}, so it commits up to {commit}"
            ));
            self.mem.commit_index = commit;
        }
        self.apply_committed();
        self.reply_append(from, true, last_new);
    }

    fn merge(&mut self, from: NodeId, prev: Index, entries: &[Entry]) {
        let me = self.me();
        let merged = merge_entries(&mut self.disk.log, prev, entries);
        if let Some(d) = merged.deleted {
            self.out.note(format_args!(
                "{me}'s entry at index {} has term {}, {from}'s has term {}: {me} deletes {} (a conflicting entry and all that follow it, §5.3)",
                d.from,
                d.old_term,
                d.new_term,
                Removed(d.from, d.to)
            ));
        }
        if merged.appended > 0 {
            self.out.note(format_args!(
                "{me} accepts AppendEntries from {from}: it appends {}, its log now ends at index {}",
                Count(merged.appended, "entry", "entries"),
                self.disk.last_index()
            ));
        } else {
            self.out.note(format_args!(
                "{me} accepts AppendEntries from {from}: its log matches up to index {}",
                prev + entries.len() as Index
            ));
        }
    }
    // ANCHOR_END: append

    fn reply_append(&mut self, to: NodeId, success: bool, index: Index) {
        let term = self.disk.current_term;
        self.out.send(
            to,
            Msg::AppendReply {
                term,
                success,
                index,
            },
        );
    }

    fn on_append_reply(&mut self, from: NodeId, term: Term, success: bool, index: Index) {
        if self.observe_term(term, from) {
            return;
        }
        let me = self.me();
        let current = self.disk.current_term;
        let Role::Leader {
            next_index,
            match_index,
            awaiting,
        } = &mut self.mem.role
        else {
            return;
        };
        if term != current {
            return;
        }
        *awaiting &= !bit(from);
        let f = from.index();
        if success {
            // Entries the follower still lacks go out with the next
            // heartbeat or client command; answering every reply with more
            // would resend what is already in flight.
            let progressed = index > match_index[f];
            match_index[f] = match_index[f].max(index);
            next_index[f] = next_index[f].max(index + 1);
            if progressed {
                self.advance_commit();
            }
        } else if next_index[f] == index + 1 && index > match_index[f] {
            // "If AppendEntries fails because of log inconsistency:
            // decrement nextIndex and retry" (Figure 2, leaders). Only the
            // reply to the current probe moves it, so a duplicated or late
            // rejection cannot push nextIndex back twice.
            next_index[f] = index;
            self.out.note(format_args!(
                "{me} learns that {from}'s log does not match at index {index}: it lowers nextIndex to {index} and retries",
            ));
            self.send_append(from);
        }
    }

    // ANCHOR: commit
    /// Figure 2, leaders: "If there exists an N such that N > commitIndex, a
    /// majority of matchIndex[i] >= N, and log[N].term == currentTerm: set
    /// commitIndex = N (§5.3, §5.4)."
    fn advance_commit(&mut self) {
        let Role::Leader { match_index, .. } = &self.mem.role else {
            return;
        };
        let me = self.me();
        let term = self.disk.current_term;
        let mut stored: Vec<Index> = match_index.clone();
        stored[me.index()] = self.disk.last_index();
        stored.sort_unstable_by(|a, b| b.cmp(a));
        // The highest index that a majority of servers store.
        let n = stored[self.raft.majority() - 1];
        if n <= self.mem.commit_index {
            return;
        }
        let entry_term = self.disk.term_at(n);
        let commit = if entry_term == term {
            n
        } else if self.raft.variant == Variant::CommitPreviousTermByCount {
            self.out.note(format_args!(
                "{me} counts a majority storing index {n} and commits it, although its entry is from term {entry_term}, not the current term {term}: the rule of Figure 8 is switched off"
            ));
            n
        } else {
            self.out.note(format_args!(
                "a majority stores index {n}, but its entry is from term {entry_term}, not {me}'s current term {term}: {me} may not count it as committed (§5.4.2)"
            ));
            return;
        };
        if self.out.narrating() {
            let Role::Leader { match_index, .. } = &self.mem.role else {
                return;
            };
            let holders: Vec<NodeId> = NodeId::all(self.ctx.node_count())
                .filter(|&p| p == me || match_index[p.index()] >= commit)
                .collect();
            self.out.note(format_args!(
                "{me} commits up to index {commit}: it is stored on {}, a majority of {}",
                names(&holders),
                self.ctx.node_count()
            ));
        }
        self.mem.commit_index = commit;
        let disk = &mut *self.disk;
        for index in disk.ghost.committed.len() as Index + 1..=commit {
            let entry_term = disk.term_at(index);
            disk.ghost.committed.push((entry_term, term));
        }
        self.apply_committed();
    }
    // ANCHOR_END: commit

    /// Figure 2, all servers: "If commitIndex > lastApplied: increment
    /// lastApplied, apply log[lastApplied] to state machine".
    fn apply_committed(&mut self) {
        let me = self.me();
        let upto = self.mem.commit_index.min(self.disk.last_index());
        while self.mem.last_applied < upto {
            let index = self.mem.last_applied + 1;
            let Some(entry) = self.disk.entry(index).copied() else {
                break;
            };
            self.mem.last_applied = index;
            self.mem.kv.insert(entry.cmd.key, entry.cmd.value);
            self.out.note(format_args!(
                "{me} applies index {index} ({}) to its state machine",
                entry.cmd
            ));
            let ghost = &mut self.disk.ghost;
            match ghost.applied.get((index - 1) as usize) {
                None => ghost.applied.push(entry),
                Some(before) if *before != entry && ghost.reapplied.is_none() => {
                    ghost.reapplied = Some((index, *before, entry));
                }
                Some(_) => {}
            }
            if self.mem.role.is_leader() && entry.term == self.disk.current_term {
                self.out.output(Output::Committed {
                    index,
                    cmd: entry.cmd,
                });
            }
        }
    }

    /// A client asks this server to run `cmd` (§8: only the leader
    /// accepts).
    fn on_client(&mut self, cmd: Cmd) {
        let me = self.me();
        if !self.mem.role.is_leader() {
            self.out.output(Output::NotLeader {
                leader: self.mem.leader,
            });
            return;
        }
        if let Some(max) = self.raft.bounds.max_log
            && self.disk.log.len() >= max
        {
            self.out.note(format_args!(
                "{me} refuses {cmd}: the search is bounded at {max} log entries"
            ));
            return;
        }
        let term = self.disk.current_term;
        self.disk.log.push(Entry { term, cmd });
        self.out.note(format_args!(
            "{me} appends {cmd} to its log at index {} in term {term} and sends it to its followers",
            self.disk.last_index()
        ));
        for peer in self.ctx.peers() {
            self.send_append(peer);
        }
        if self.raft.majority() == 1 {
            self.advance_commit();
        }
    }
}

// ANCHOR: up_to_date
/// Raft §5.4.1: "If the logs have last entries with different terms, then
/// the log with the later term is more up-to-date. If the logs end with the
/// same term, then whichever log is longer is more up-to-date." Whether a
/// candidate's log (its last entry's term and index) is at least as
/// up-to-date as the voter's.
pub fn at_least_as_up_to_date(
    last_term: Term,
    last_index: Index,
    my_last_term: Term,
    my_last_index: Index,
) -> bool {
    (last_term, last_index) >= (my_last_term, my_last_index)
}
// ANCHOR_END: up_to_date

/// Entries a follower deleted because they conflicted with the leader's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deleted {
    /// First and last index removed.
    pub from: Index,
    pub to: Index,
    /// The term of the removed entry at `from`, and of the leader's entry
    /// that replaced it.
    pub old_term: Term,
    pub new_term: Term,
}

/// What [`merge_entries`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Merged {
    pub deleted: Option<Deleted>,
    pub appended: usize,
}

// ANCHOR: merge
/// AppendEntries receiver steps 3 and 4 (Figure 2), once the consistency
/// check has passed for `prev`: "If an existing entry conflicts with a new
/// one (same index but different terms), delete the existing entry and all
/// that follow it (§5.3). Append any new entries not already in the log."
///
/// Entries already present are skipped, not rewritten, so a duplicated or
/// late copy of an older request never deletes anything (errata E34).
pub fn merge_entries(log: &mut Vec<Entry>, prev: Index, entries: &[Entry]) -> Merged {
    let mut merged = Merged::default();
    for (offset, entry) in entries.iter().enumerate() {
        let at = prev as usize + offset;
        if let Some(existing) = log.get(at) {
            if existing.term == entry.term {
                continue;
            }
            merged.deleted = Some(Deleted {
                from: at as Index + 1,
                to: log.len() as Index,
                old_term: existing.term,
                new_term: entry.term,
            });
            log.truncate(at);
        }
        log.push(*entry);
        merged.appended += 1;
    }
    merged
}
// ANCHOR_END: merge

/// AppendEntries receiver step 5 (Figure 2): "If leaderCommit >
/// commitIndex, set commitIndex = min(leaderCommit, index of last new
/// entry)". Never past what this request verified, and never backwards: a
/// reordered older request may carry a smaller index (errata E34).
pub fn follower_commit(commit_index: Index, leader_commit: Index, last_new: Index) -> Index {
    if leader_commit > commit_index {
        leader_commit.min(last_new).max(commit_index)
    } else {
        commit_index
    }
}

/// The AppendEntries fields, borrowed from the message.
struct AppendRequest<'m> {
    term: Term,
    prev_log_index: Index,
    prev_log_term: Term,
    entries: &'m [Entry],
    leader_commit: Index,
}

impl Protocol for Raft {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Cmd;
    type Output = Output;

    fn node_count(&self) -> usize {
        self.node_count_clamped()
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    /// Every server starts, and restarts, as a follower that knows nothing
    /// is committed: commitIndex and lastApplied are volatile (Figure 2),
    /// so the state machine is rebuilt as the leader re-announces its
    /// commit index.
    fn start(&self, ctx: &mut Ctx<'_>, _disk: &Disk, out: &mut Effects<Self>) -> Memory {
        let (lo, hi) = self.election_timeout;
        match self.first {
            // Only the clock at true time 0 is read, and only to pick a
            // delay, so state-space searches that ignore time stay sound.
            Some(first) if ctx.now() == 0 => {
                let delay = if ctx.node() == first { lo } else { hi };
                out.set_timer(Timer::Election, delay.max(1));
            }
            _ => {
                let (lo, hi) = (lo.min(hi).max(1), hi.max(lo).max(1));
                let delay = lo + ctx.random_below(hi - lo + 1);
                out.set_timer(Timer::Election, delay);
            }
        }
        Memory::fresh()
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        // Leader Append-Only is about a change, and invariants see only
        // states, so the log is compared across the handler here.
        let before = mem
            .role
            .is_leader()
            .then(|| (disk.current_term, disk.log.clone()));
        let mut node = Node {
            raft: self,
            ctx,
            disk: &mut *disk,
            mem: &mut *mem,
            out,
        };
        match event {
            Event::Timer(Timer::Election) => node.start_election(),
            Event::Timer(Timer::Heartbeat) => node.on_heartbeat(),
            Event::Request(cmd) => node.on_client(cmd),
            Event::Message { from, msg } => match msg {
                Msg::RequestVote {
                    term,
                    last_log_index,
                    last_log_term,
                } => node.on_request_vote(from, term, last_log_index, last_log_term),
                Msg::Vote { term, granted } => node.on_vote(from, term, granted),
                Msg::AppendEntries {
                    term,
                    prev_log_index,
                    prev_log_term,
                    entries,
                    leader_commit,
                } => node.on_append_entries(
                    from,
                    AppendRequest {
                        term,
                        prev_log_index,
                        prev_log_term,
                        entries: &entries,
                        leader_commit,
                    },
                ),
                Msg::AppendReply {
                    term,
                    success,
                    index,
                } => node.on_append_reply(from, term, success, index),
            },
        }
        if let Some((term, old)) = before
            && mem.role.is_leader()
            && disk.current_term == term
            && disk.ghost.rewritten.is_none()
            && !disk.log.starts_with(&old)
        {
            let index = old
                .iter()
                .zip(&disk.log)
                .position(|(a, b)| a != b)
                .unwrap_or(disk.log.len().min(old.len()));
            disk.ghost.rewritten = Some((term, index as Index + 1));
        }
    }

    fn requests(&self, _node: NodeId) -> Vec<Cmd> {
        self.commands.clone()
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        crate::invariants::all()
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        crate::describe::message(msg)
    }

    fn describe_timer(&self, timer: &Timer) -> String {
        match timer {
            Timer::Election => "election timeout".to_owned(),
            Timer::Heartbeat => "heartbeat".to_owned(),
        }
    }

    fn describe_request(&self, cmd: &Cmd) -> String {
        cmd.to_string()
    }

    fn describe_output(&self, output: &Output) -> String {
        match output {
            Output::Committed { index, cmd } => {
                format!("{cmd} is committed (index {index})")
            }
            Output::NotLeader { leader: Some(l) } => {
                format!("I am not the leader; try {l}")
            }
            Output::NotLeader { leader: None } => {
                "I am not the leader and do not know who is".to_owned()
            }
        }
    }

    fn describe_node(&self, _node: NodeId, disk: &Disk, mem: Option<&Memory>) -> String {
        crate::describe::node(disk, mem)
    }
}

/// Figure 2's timing requirement, checked where a configuration is built
/// from untrusted text.
pub(crate) fn check_timing(raft: &Raft) -> Result<(), String> {
    let (lo, hi) = raft.election_timeout;
    if lo == 0 || hi < lo {
        return Err(format!(
            "the election timeout range {lo}-{hi} must be at least 1 tick and not decreasing"
        ));
    }
    if raft.heartbeat == 0 || raft.heartbeat >= lo {
        return Err(format!(
            "the heartbeat ({}) must be at least 1 tick and shorter than the minimum election timeout ({lo}), or followers start elections under a healthy leader (§5.6)",
            raft.heartbeat
        ));
    }
    Ok(())
}
