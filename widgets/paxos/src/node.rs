//! One Paxos server: proposer, acceptor and learner, as event handlers.
//!
//! Section numbers (§) refer to Lamport, "Paxos Made Simple", 2001. The
//! engine tells a receiver who sent each message, so messages do not carry
//! their sender; a ballot names its proposer anyway.

use dsw_sim::{Ctx, Effects, Event, Invariant, NodeId, Protocol};

use crate::describe::{self, InSlot, Reported, names};
use crate::types::{
    Ballot, Disk, Memory, Msg, Output, Phase, Round, Slot, Tally, Timer, Value, Vote, bit, members,
};
use crate::{Mode, Paxos, Variant};

/// Why a proposer starts a round, for the event log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Asked,
    NoAnswer,
    Preempted,
}

/// Everything a handler touches, so helpers need not pass five arguments.
struct Node<'a, 'c> {
    paxos: &'a Paxos,
    ctx: &'a mut Ctx<'c>,
    disk: &'a mut Disk,
    mem: &'a mut Memory,
    out: &'a mut Effects<Paxos>,
}

impl Node<'_, '_> {
    fn me(&self) -> NodeId {
        self.ctx.node()
    }

    fn nodes(&self) -> usize {
        self.ctx.node_count()
    }

    fn slot_words(&self, slot: Slot) -> InSlot {
        InSlot(self.paxos.mode, slot)
    }

    /// Through the network to a peer; a message to itself is handled on the
    /// spot (a server does not need the network to talk to itself).
    fn send(&mut self, to: NodeId, msg: Msg) {
        let me = self.me();
        if to == me {
            self.on_message(me, msg);
        } else {
            self.out.send(to, msg);
        }
    }

    /// To every server, itself last: its own reaction may end the round,
    /// and the others' copies are on their way by then either way.
    fn broadcast(&mut self, msg: Msg) {
        for peer in self.ctx.peers() {
            self.out.send(peer, msg.clone());
        }
        let me = self.me();
        self.on_message(me, msg);
    }

    fn on_message(&mut self, from: NodeId, msg: Msg) {
        match msg {
            Msg::Prepare { ballot } => self.on_prepare(from, ballot),
            Msg::Promise { ballot, accepted } => self.on_promise(from, ballot, &accepted),
            Msg::Accept {
                ballot,
                slot,
                value,
            } => self.on_accept(from, ballot, slot, value),
            Msg::Accepted {
                ballot,
                slot,
                value,
            } => self.on_accepted(from, ballot, slot, value),
            Msg::Nack { ballot, promised } => self.on_nack(from, ballot, promised),
        }
    }

    /// A timeout for the phase just started: a lost message must not stall
    /// the proposer for ever.
    fn arm_retry(&mut self) {
        let range = self.paxos.retry;
        self.arm_timer(range);
    }

    /// After a pre-emption, a random delay, so that two dueling proposers
    /// are unlikely to come back at the same moment again (§2.4 asks for a
    /// single distinguished proposer; random back-off is the usual way to
    /// let one emerge).
    fn arm_backoff(&mut self) {
        let range = self.paxos.backoff;
        self.arm_timer(range);
    }

    /// The draw comes from the world's seeded generator, so runs replay
    /// exactly.
    fn arm_timer(&mut self, (lo, hi): (dsw_sim::Time, dsw_sim::Time)) {
        let (lo, hi) = (lo.min(hi).max(1), hi.max(lo).max(1));
        let delay = lo + self.ctx.random_below(hi - lo + 1);
        self.out.set_timer(Timer::Retry, delay);
    }

    /// A refusal names a higher round: remember it so the next Prepare
    /// outbids it. (Ballots this server saw as an acceptor are covered by
    /// its promise.)
    fn see_round(&mut self, round: Round) {
        if round > self.disk.round {
            self.disk.round = round;
        }
    }

    fn promised(&self) -> Option<Ballot> {
        match self.paxos.variant {
            Variant::ForgetPromise => self.mem.promised,
            _ => self.disk.promised,
        }
    }

    fn keep_promise(&mut self, ballot: Ballot) {
        match self.paxos.variant {
            Variant::ForgetPromise => self.mem.promised = Some(ballot),
            _ => self.disk.promised = Some(ballot),
        }
        let ghost = &mut self.disk.ghost;
        ghost.max_promised = ghost.max_promised.max(Some(ballot));
    }

    fn has_work(&self) -> bool {
        !self.mem.queue.is_empty() || !self.mem.awaiting.is_empty()
    }

    // ---------------------------------------------------------------- proposer

    // ANCHOR: prepare
    /// Phase 1(a): choose a ballot higher than any this server has used or
    /// seen (as an acceptor, or in a refusal), and ask every acceptor
    /// (itself included) to promise it.
    fn start_round(&mut self, why: Why) {
        let me = self.me();
        let seen = self.promised().map_or(0, |b| b.round);
        let round = self.disk.round.max(seen) + 1;
        if let Some(max) = self.paxos.bounds.max_round
            && round > max
        {
            // Changing nothing but re-arming the timer gives a state the
            // search has already seen, so the bound prunes instead of
            // adding a branch.
            self.out.note(format_args!(
                "{me} would start round {round}, but the search is bounded at round {max}"
            ));
            self.arm_retry();
            return;
        }
        // On disk before the first Prepare leaves. Paxos needs every ballot
        // to carry at most one value: acceptors compare ballots, never
        // values. A proposer that forgot its round in a crash could reuse a
        // ballot it had already sent with another value, and acceptors
        // would take both under one number.
        self.disk.round = round;
        let ballot = Ballot::new(round, me);
        self.mem.phase = Phase::Preparing {
            ballot,
            promises: 0,
            reported: Vec::new(),
        };
        let wants = describe::wants(self.paxos.mode, &self.mem.queue, &self.mem.awaiting);
        match why {
            Why::Asked => self.out.note(format_args!(
                "{me} starts round {round}: it sends Prepare({ballot}) to every acceptor to get {wants} chosen"
            )),
            Why::NoAnswer => self.out.note(format_args!(
                "{me} heard no majority in time: it starts round {round} with a higher ballot, {ballot}, still to get {wants} chosen"
            )),
            Why::Preempted => self.out.note(format_args!(
                "{me} tries again after being pre-empted: round {round}, ballot {ballot}, to get {wants} chosen"
            )),
        }
        self.arm_retry();
        self.broadcast(Msg::Prepare { ballot });
    }
    // ANCHOR_END: prepare

    /// Phase 1(b) arriving back: count promises for the current ballot and
    /// keep, per slot, the highest-numbered proposal they report.
    fn on_promise(&mut self, from: NodeId, ballot: Ballot, accepted: &[Vote]) {
        let majority = self.paxos.majority();
        let Phase::Preparing {
            ballot: mine,
            promises,
            reported,
        } = &mut self.mem.phase
        else {
            return;
        };
        if ballot != *mine || *promises & bit(from) != 0 {
            return;
        }
        *promises |= bit(from);
        for vote in accepted {
            match reported.iter_mut().find(|r| r.slot == vote.slot) {
                Some(r) if r.ballot >= vote.ballot => {}
                Some(r) => *r = *vote,
                None => {
                    reported.push(*vote);
                    reported.sort_unstable();
                }
            }
        }
        if (promises.count_ones() as usize) < majority {
            return;
        }
        let promises = *promises;
        let reported = std::mem::take(reported);
        let me = self.me();
        self.out.note(format_args!(
            "{me} has promises for ballot {ballot} from {}, a majority of {}: phase 1 is won",
            names(&members(promises, self.nodes())),
            self.nodes()
        ));
        self.arm_retry();
        match self.paxos.mode {
            Mode::Single => self.propose_single(ballot, &reported),
            Mode::Multi => self.recover(ballot, &reported),
        }
    }

    // ANCHOR: adopt
    /// Phase 2(a), single decree: propose the value of the highest-numbered
    /// proposal the promises reported, and this server's own value only if
    /// they reported none.
    fn propose_single(&mut self, ballot: Ballot, reported: &[Vote]) {
        let me = self.me();
        let Some(&own) = self.mem.queue.first() else {
            return;
        };
        let (lawful, report) = value_to_propose(reported, 1, own);
        let value = if self.paxos.variant == Variant::IgnoreAccepted {
            own
        } else {
            lawful
        };
        match report {
            None => self.out.note(format_args!(
                "no promise reports an accepted value, so {me} is free to propose its own {own}"
            )),
            Some(r) if value == r.value && value == own => self.out.note(format_args!(
                "a promise reports {} accepted at ballot {}, the highest reported: {me} must propose it, and it happens to be {me}'s own value",
                r.value, r.ballot
            )),
            Some(r) if value == r.value => self.out.note(format_args!(
                "a promise reports {} accepted at ballot {}, the highest reported: {me} must propose {}, not its own {own} (it may already be chosen)",
                r.value, r.ballot, r.value
            )),
            Some(r) => self.out.note(format_args!(
                "a promise reports {} accepted at ballot {}, but {me} ignores it and proposes its own {own}: the value-adoption rule is switched off",
                r.value, r.ballot
            )),
        }
        self.mem.phase = Phase::Proposing {
            ballot,
            next_slot: 2,
        };
        self.broadcast(Msg::Accept {
            ballot,
            slot: 1,
            value,
        });
    }
    // ANCHOR_END: adopt

    // ANCHOR: recover
    /// Multi-Paxos, a new leader (§3): one phase 1 covered every slot, so it
    /// re-proposes each slot's highest reported value, fills holes below
    /// the highest reported slot with no-ops, and only then gives fresh
    /// slots to waiting commands.
    fn recover(&mut self, ballot: Ballot, reported: &[Vote]) {
        let me = self.me();
        let heard: &[Vote] = if self.paxos.variant == Variant::IgnoreAccepted {
            if !reported.is_empty() {
                self.out.note(format_args!(
                    "{me} ignores the {} reported by its promises: the value-adoption rule is switched off",
                    Reported(self.paxos.mode, reported)
                ));
            }
            &[]
        } else {
            reported
        };
        let top = heard.iter().map(|v| v.slot).max().unwrap_or(0);
        // A command sent in a slot that no promise reports may never have
        // reached an acceptor: it goes back to the queue for a fresh slot.
        let (kept, lost): (Vec<_>, Vec<_>) = self
            .mem
            .awaiting
            .iter()
            .partition(|(slot, _)| heard.iter().any(|v| v.slot == *slot));
        self.mem.awaiting = kept;
        for (_, value) in lost.into_iter().rev() {
            self.mem.queue.insert(0, value);
        }
        self.mem.phase = Phase::Proposing {
            ballot,
            next_slot: top + 1,
        };
        let slots = match top {
            0 => String::new(),
            1 => "slot 1".to_owned(),
            2 => "slots 1 and 2".to_owned(),
            _ => format!("slots 1 to {top}"),
        };
        if top == 0 {
            self.out.note(format_args!(
                "{me} now leads with ballot {ballot}; no promise reports an accepted value"
            ));
        } else {
            self.out.note(format_args!(
                "{me} now leads with ballot {ballot}; it re-proposes {slots} with the highest-numbered value its promises report for each"
            ));
        }
        for slot in 1..=top {
            let (value, report) = value_to_propose(heard, slot, Value::NOOP);
            if report.is_none() {
                self.out.note(format_args!(
                    "no promise reports slot {slot}: {me} fills the hole with a no-op"
                ));
            }
            self.broadcast(Msg::Accept {
                ballot,
                slot,
                value,
            });
            if self.mem.phase.ballot() != Some(ballot) {
                return;
            }
        }
        self.drain_queue();
    }
    // ANCHOR_END: recover

    /// A leader gives each waiting command the next free slot.
    fn drain_queue(&mut self) {
        let me = self.me();
        while let Phase::Proposing { ballot, next_slot } = self.mem.phase {
            if self.mem.queue.is_empty() {
                return;
            }
            if let Some(max) = self.paxos.bounds.max_slots
                && next_slot > max
            {
                self.out.note(format_args!(
                    "{me} keeps its commands waiting: the search is bounded at {max} slots"
                ));
                return;
            }
            let value = self.mem.queue.remove(0);
            self.mem.phase = Phase::Proposing {
                ballot,
                next_slot: next_slot + 1,
            };
            self.mem.awaiting.push((next_slot, value));
            self.out.note(format_args!(
                "{me} proposes {value} in slot {next_slot} with ballot {ballot}"
            ));
            self.broadcast(Msg::Accept {
                ballot,
                slot: next_slot,
                value,
            });
        }
    }

    /// A user asks this server to propose `value`.
    fn on_request(&mut self, value: Value) {
        let asked = &mut self.disk.ghost.asked;
        if let Err(at) = asked.binary_search(&value) {
            asked.insert(at, value);
        }
        match self.paxos.mode {
            Mode::Single => self.on_propose(value),
            Mode::Multi => self.on_command(value),
        }
    }

    fn on_propose(&mut self, value: Value) {
        let me = self.me();
        if let Some(chosen) = self.mem.learned_in(1) {
            self.out.note(format_args!(
                "{me} already knows that {chosen} is chosen: a decision never changes"
            ));
            self.out.output(Output::Chosen {
                slot: 1,
                value: chosen,
                asked: value,
            });
            return;
        }
        if let Some(&pending) = self.mem.queue.first() {
            self.out.note(format_args!(
                "{me} is already trying to get {pending} chosen"
            ));
            return;
        }
        self.mem.queue.push(value);
        self.start_round(Why::Asked);
    }

    // ANCHOR: skip_phase_1
    /// Multi-Paxos: a leader whose ballot won phase 1 sends a new command
    /// straight to phase 2 in the next free slot. Anyone else first runs
    /// phase 1.
    fn on_command(&mut self, value: Value) {
        let me = self.me();
        if let Some(max) = self.paxos.bounds.max_slots
            && self.mem.queue.len() + self.mem.awaiting.len() >= max as usize
        {
            self.out.note(format_args!(
                "{me} refuses {value}: the search is bounded at {max} unfinished commands"
            ));
            return;
        }
        self.mem.queue.push(value);
        match self.mem.phase {
            Phase::Proposing { ballot, next_slot } => {
                self.out.note(format_args!(
                    "{me} already leads with ballot {ballot}, whose phase 1 covered every slot: phase 1 skipped, {value} goes straight to phase 2 in slot {next_slot}"
                ));
                self.arm_retry();
                self.drain_queue();
            }
            Phase::Preparing { ballot, .. } => self.out.note(format_args!(
                "{me} queues {value} until phase 1 of ballot {ballot} is won"
            )),
            Phase::Idle => self.start_round(Why::Asked),
        }
    }
    // ANCHOR_END: skip_phase_1

    /// An acceptor refused the current ballot: a higher one is in play.
    fn on_nack(&mut self, from: NodeId, ballot: Ballot, promised: Ballot) {
        self.see_round(promised.round);
        if self.mem.phase.ballot() != Some(ballot) {
            return;
        }
        let me = self.me();
        self.out.note(format_args!(
            "{me}'s ballot {ballot} is pre-empted: {from} has promised {promised}. {me} abandons the round and will try again after a back-off delay"
        ));
        self.mem.phase = Phase::Idle;
        self.arm_backoff();
    }

    /// This server's own acceptor has just bound itself to a higher ballot
    /// than the one its proposer is running: that round cannot succeed
    /// here any more, so the proposer gives it up and backs off, as if it
    /// had been refused.
    fn yield_to(&mut self, ballot: Ballot) {
        let Some(mine) = self.mem.phase.ballot() else {
            return;
        };
        if mine >= ballot {
            return;
        }
        let me = self.me();
        self.out.note(format_args!(
            "{me} has just promised {ballot} as an acceptor, so its own ballot {mine} is pre-empted: {me} abandons the round and will try again after a back-off delay"
        ));
        self.mem.phase = Phase::Idle;
        self.arm_backoff();
    }

    fn on_retry(&mut self) {
        if !self.has_work() {
            return;
        }
        let why = if self.mem.phase == Phase::Idle {
            Why::Preempted
        } else {
            Why::NoAnswer
        };
        self.start_round(why);
    }

    // ---------------------------------------------------------------- acceptor

    // ANCHOR: promise
    /// Phase 1(b): promise never to accept a ballot below this one, unless a
    /// higher one is already promised, and report what was accepted.
    /// (Lamport answers only ballots strictly above the promise; answering
    /// the promised ballot again changes nothing and lets a retransmitted
    /// Prepare through.)
    fn on_prepare(&mut self, from: NodeId, ballot: Ballot) {
        let me = self.me();
        if let Some(promised) = self.promised()
            && promised > ballot
        {
            self.out.note(format_args!(
                "{me} refuses Prepare({ballot}): it has promised the higher ballot {promised}"
            ));
            self.send(from, Msg::Nack { ballot, promised });
            return;
        }
        // Stored before the reply leaves: a promise a restart can forget
        // is no promise at all (see Variant::ForgetPromise).
        self.keep_promise(ballot);
        let accepted = self.disk.accepted.clone();
        self.out.note(format_args!(
            "{me} promises ballot {ballot}: it will accept nothing numbered lower, and it reports {}",
            Reported(self.paxos.mode, &accepted)
        ));
        self.send(from, Msg::Promise { ballot, accepted });
        self.yield_to(ballot);
    }
    // ANCHOR_END: promise

    // ANCHOR: accept
    /// Phase 2(b): accept unless a higher ballot was promised, and tell every
    /// learner. Accepting also promises the ballot.
    fn on_accept(&mut self, from: NodeId, ballot: Ballot, slot: Slot, value: Value) {
        let me = self.me();
        let promised = self.promised();
        if let Some(promised) = promised
            && promised > ballot
        {
            self.out.note(format_args!(
                "{me} refuses Accept({ballot}){}: it has promised the higher ballot {promised}",
                self.slot_words(slot)
            ));
            self.send(from, Msg::Nack { ballot, promised });
            return;
        }
        let before = self.disk.accepted_in(slot).copied();
        self.keep_promise(ballot);
        let vote = Vote {
            slot,
            ballot,
            value,
        };
        match self.disk.accepted.iter_mut().find(|v| v.slot == slot) {
            Some(v) => *v = vote,
            None => {
                self.disk.accepted.push(vote);
                self.disk.accepted.sort_unstable();
            }
        }
        if !self.disk.ghost.votes.contains(&vote) {
            self.disk.ghost.votes.push(vote);
        }
        self.explain_accept(ballot, slot, value, promised, before);
        self.broadcast(Msg::Accepted {
            ballot,
            slot,
            value,
        });
        self.yield_to(ballot);
    }
    // ANCHOR_END: accept

    fn explain_accept(
        &mut self,
        ballot: Ballot,
        slot: Slot,
        value: Value,
        promised: Option<Ballot>,
        before: Option<Vote>,
    ) {
        if !self.out.narrating() {
            return;
        }
        let me = self.me();
        let at = self.slot_words(slot);
        let replaced = before.filter(|b| b.value != value);
        // Only the forget-promise variant can accept below a promise it
        // once made; the ghost record is what lets the log say so.
        let forgotten = self
            .disk
            .ghost
            .max_promised
            .filter(|&p| p > ballot && promised.is_none_or(|q| q < p));
        match (forgotten, replaced) {
            (Some(lost), Some(b)) => self.out.note(format_args!(
                "{me} accepts {value} at ballot {ballot}{at}, replacing {} accepted at {}, although it promised {lost} before its restart: the promise lived only in memory and was lost",
                b.value, b.ballot
            )),
            (Some(lost), None) => self.out.note(format_args!(
                "{me} accepts {value} at ballot {ballot}{at} although it promised {lost} before its restart: the promise lived only in memory and was lost"
            )),
            (None, Some(b)) => self.out.note(format_args!(
                "{me} accepts {value} at ballot {ballot}{at}, replacing {} accepted at {}: an acceptor compares ballots, never values, and relies on the proposer of {ballot} to have adopted any value that might be chosen",
                b.value, b.ballot
            )),
            (None, None) => self.out.note(format_args!(
                "{me} accepts {value} at ballot {ballot}{at} and tells every learner"
            )),
        }
    }

    // ----------------------------------------------------------------- learner

    // ANCHOR: learn
    /// A value is chosen once a majority of acceptors accepted it in the same
    /// ballot. A learner counts Accepted messages per slot for the highest
    /// ballot it has heard of; a higher ballot in a slot can only carry a
    /// chosen value again, so older counts can be dropped.
    fn on_accepted(&mut self, from: NodeId, ballot: Ballot, slot: Slot, value: Value) {
        if self.mem.learned_in(slot).is_some() {
            return;
        }
        let fresh = Tally {
            slot,
            ballot,
            value,
            voters: bit(from),
        };
        let tallies = &mut self.mem.tallies;
        let tally = match tallies.iter().position(|t| t.slot == slot) {
            Some(i) if tallies[i].ballot > ballot => return,
            Some(i) if tallies[i].ballot == ballot => {
                tallies[i].voters |= bit(from);
                tallies[i]
            }
            Some(i) => {
                tallies[i] = fresh;
                fresh
            }
            None => {
                tallies.push(fresh);
                tallies.sort_unstable_by_key(|t| t.slot);
                fresh
            }
        };
        if (tally.voters.count_ones() as usize) < self.paxos.majority() {
            return;
        }
        self.mem.tallies.retain(|t| t.slot != slot);
        let learned = &mut self.mem.learned;
        learned.push((slot, value));
        learned.sort_unstable();
        if !self.disk.ghost.learned.contains(&(slot, value)) {
            self.disk.ghost.learned.push((slot, value));
        }
        let me = self.me();
        self.out.note(format_args!(
            "{me} learns that {value} is chosen{}: {} accepted ballot {ballot}, a majority of {}",
            self.slot_words(slot),
            names(&members(tally.voters, self.nodes())),
            self.nodes()
        ));
        self.report(slot, value);
    }
    // ANCHOR_END: learn

    /// Tells the user who asked for this slot, and stops proposing what is
    /// settled.
    fn report(&mut self, slot: Slot, value: Value) {
        match self.paxos.mode {
            Mode::Single => {
                if let Some(&asked) = self.mem.queue.first() {
                    self.out.output(Output::Chosen { slot, value, asked });
                    self.mem.queue.clear();
                    self.mem.phase = Phase::Idle;
                    self.out.cancel_timer(Timer::Retry);
                }
            }
            Mode::Multi => {
                if let Some(i) = self.mem.awaiting.iter().position(|(s, _)| *s == slot) {
                    let (_, asked) = self.mem.awaiting.remove(i);
                    self.out.output(Output::Chosen { slot, value, asked });
                    if !self.has_work() {
                        self.out.cancel_timer(Timer::Retry);
                    }
                }
            }
        }
    }
}

// ANCHOR: highest
/// Paxos Made Simple §2.2, phase 2(a): "v is the value of the
/// highest-numbered proposal among the responses, or is any value if the
/// responses reported no proposals." Returns the value to propose in
/// `slot` and, when it was adopted, the report it came from.
pub fn value_to_propose(reported: &[Vote], slot: Slot, own: Value) -> (Value, Option<Vote>) {
    match reported
        .iter()
        .filter(|v| v.slot == slot)
        .max_by_key(|v| v.ballot)
    {
        Some(highest) => (highest.value, Some(*highest)),
        None => (own, None),
    }
}
// ANCHOR_END: highest

impl Protocol for Paxos {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Value;
    type Output = Output;

    fn node_count(&self) -> usize {
        self.node_count_clamped()
    }

    fn init_durable(&self, _node: NodeId) -> Disk {
        Disk::default()
    }

    /// A server starts, and restarts, idle: what it was proposing, and
    /// what it had learned, were in memory. Its acceptor state is on disk.
    fn start(&self, _ctx: &mut Ctx<'_>, _disk: &Disk, _out: &mut Effects<Self>) -> Memory {
        Memory::default()
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        let mut node = Node {
            paxos: self,
            ctx,
            disk,
            mem,
            out,
        };
        match event {
            Event::Timer(Timer::Retry) => node.on_retry(),
            Event::Request(value) => node.on_request(value),
            Event::Message { from, msg } => node.on_message(from, msg),
        }
    }

    fn requests(&self, node: NodeId) -> Vec<Value> {
        if self.bounds.proposers.is_some_and(|k| node.index() >= k) {
            return Vec::new();
        }
        match self.mode {
            Mode::Single => vec![Value::of(node)],
            Mode::Multi => self.commands.clone(),
        }
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        crate::invariants::all()
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        describe::message(self.mode, msg)
    }

    fn describe_timer(&self, timer: &Timer) -> String {
        match timer {
            Timer::Retry => "retry".to_owned(),
        }
    }

    fn describe_request(&self, value: &Value) -> String {
        format!("propose {value}")
    }

    fn describe_output(&self, output: &Output) -> String {
        describe::output(self.mode, output)
    }

    fn describe_node(&self, _node: NodeId, disk: &Disk, mem: Option<&Memory>) -> String {
        describe::node(self, disk, mem)
    }
}

/// The timer ranges, checked where a configuration is built from
/// untrusted text.
pub(crate) fn check_timers(paxos: &Paxos) -> Result<(), String> {
    for (name, (lo, hi)) in [("retry", paxos.retry), ("backoff", paxos.backoff)] {
        if lo == 0 || hi < lo {
            return Err(format!(
                "the {name} range {lo}-{hi} must be at least 1 tick and not decreasing"
            ));
        }
    }
    Ok(())
}
