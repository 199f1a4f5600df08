//! The coordinator (transaction manager): begins the transaction, collects
//! votes, decides, and makes sure every participant learns the decision.

use dsw_sim::{Ctx, Effects, Event, NodeId};

use crate::describe::{Names, Who};
use crate::node::{Decision, Msg, Output, Request, Timer, TmDisk, TmMemory, TmPhase, three};
use crate::{AtomicCommit, Variant, bit, members};

/// Everything a handler touches.
/// The coordinator never reads its clock or its name, so it gets no
/// `Ctx`.
pub(crate) struct Tm<'a> {
    pub cfg: &'a AtomicCommit,
    pub disk: &'a mut TmDisk,
    pub mem: &'a mut TmMemory,
    pub out: &'a mut Effects<AtomicCommit>,
}

// ANCHOR: recover
/// Runs at the first start and after every restart, with only the log to
/// go on. A COMMIT record means the transaction committed, whatever else
/// was lost: tell everyone again. No COMMIT record for a transaction that
/// began means abort (presumed abort), even if every vote was yes. In 3PC,
/// a PRECOMMIT record means every participant voted yes and some may
/// already have committed on a timeout, so the coordinator re-runs the
/// PreCommit round and commits.
pub(crate) fn start(
    cfg: &AtomicCommit,
    _ctx: &mut Ctx<'_>,
    disk: &TmDisk,
    out: &mut Effects<AtomicCommit>,
) -> TmMemory {
    let everyone = || cfg.rms();
    let phase = if cfg.spec {
        TmPhase::Collecting
    } else if disk.commit {
        out.note(format_args!(
            "tm finds COMMIT in its log: the transaction is committed, and it tells every participant again"
        ));
        for rm in everyone() {
            out.send(rm, Msg::Commit);
        }
        out.set_timer(Timer::Resend, cfg.retry.max(1));
        TmPhase::Decided {
            decision: Decision::Commit,
            acked: 0,
        }
    } else if disk.precommit {
        out.note(format_args!(
            "tm finds PRECOMMIT in its log: every participant voted yes, so it sends PreCommit again and will commit"
        ));
        for rm in everyone() {
            out.send(rm, Msg::PreCommit);
        }
        out.set_timer(Timer::Acks, cfg.vote_timeout.max(1));
        TmPhase::PreCommitted { acked: 0 }
    } else if disk.begun {
        out.note(format_args!(
            "tm finds the transaction in its log but no COMMIT record: it aborts (presumed abort) and tells every participant"
        ));
        for rm in everyone() {
            out.send(rm, Msg::Abort);
        }
        out.set_timer(Timer::Resend, cfg.retry.max(1));
        TmPhase::Decided {
            decision: Decision::Abort,
            acked: 0,
        }
    } else {
        TmPhase::Idle
    };
    TmMemory {
        phase,
        yes: 0,
        resends: 0,
    }
}
// ANCHOR_END: recover

impl Tm<'_> {
    pub(crate) fn on_event(mut self, event: Event<AtomicCommit>) {
        match event {
            Event::Request(Request::Commit) => self.on_commit_request(),
            Event::Request(Request::Abort) => self.on_abort_request(),
            Event::Request(Request::Prepare) => {}
            Event::Message { from, msg } => match msg {
                Msg::Vote { yes } => self.on_vote(from, yes),
                Msg::PreCommitAck => self.on_precommit_ack(from),
                Msg::Ack => self.on_ack(from),
                Msg::Inquire => self.on_inquire(from),
                Msg::Prepare | Msg::PreCommit | Msg::Commit | Msg::Abort => {}
            },
            Event::Timer(Timer::Votes) => self.on_votes_timeout(),
            Event::Timer(Timer::Acks) => self.on_acks_timeout(),
            Event::Timer(Timer::Resend) => self.on_resend(),
            Event::Timer(Timer::Inquire | Timer::Wait) => {}
        }
    }

    fn everyone(&self) -> u8 {
        self.cfg.everyone()
    }

    /// The user asks to commit. In specification mode this is
    /// `TMCommit`, enabled once every RM is in `tmPrepared`; otherwise it
    /// starts the protocol.
    fn on_commit_request(&mut self) {
        match self.mem.phase {
            TmPhase::Collecting if self.cfg.spec => {
                let yes = self.mem.yes;
                if yes == self.everyone() {
                    self.decide(Decision::Commit);
                } else {
                    let missing = self.everyone() & !yes;
                    self.out.note(format_args!(
                        "tm cannot commit yet: no Prepared message from {}",
                        Names(&members(missing))
                    ));
                }
            }
            TmPhase::Idle => {
                self.disk.begun = true;
                self.mem.phase = TmPhase::Collecting;
                self.mem.yes = 0;
                let ask = if three(self.cfg) {
                    "CanCommit?"
                } else {
                    "Prepare"
                };
                self.out.note(format_args!(
                    "tm records the transaction and its participants, then asks each of them: {ask}"
                ));
                for rm in self.cfg.rms() {
                    self.out.send(rm, Msg::Prepare);
                }
                self.out
                    .set_timer(Timer::Votes, self.cfg.vote_timeout.max(1));
            }
            _ => self.out.note(format_args!(
                "tm ignores the request: the transaction is already under way"
            )),
        }
    }

    /// `TMAbort`: allowed only before deciding.
    fn on_abort_request(&mut self) {
        match self.mem.phase {
            TmPhase::Idle | TmPhase::Collecting => self.decide(Decision::Abort),
            TmPhase::PreCommitted { .. } => self.out.note(format_args!(
                "tm refuses to abort: it has sent PreCommit, and in 3PC a coordinator past that point only commits"
            )),
            TmPhase::Decided { decision, .. } => self.out.note(format_args!(
                "tm refuses to abort: it has already decided {}, and a decision never changes",
                decision.record()
            )),
        }
    }

    /// `TMRcvPrepared`, plus what a real coordinator does with a no vote.
    fn on_vote(&mut self, from: NodeId, yes: bool) {
        let who = Who(from);
        let me_all = self.everyone();
        match &mut self.mem.phase {
            TmPhase::Collecting => {
                if !yes {
                    self.out.note(format_args!(
                        "tm gets a no vote from {who}: one no is enough to abort"
                    ));
                    self.decide(Decision::Abort);
                    return;
                }
                self.mem.yes |= bit(from);
                let set = self.mem.yes;
                if self.cfg.spec {
                    return;
                }
                if set == me_all {
                    self.out
                        .note(format_args!("tm has a yes vote from every participant"));
                    if three(self.cfg) {
                        self.precommit();
                    } else {
                        self.decide(Decision::Commit);
                    }
                } else {
                    let missing = me_all & !set;
                    self.out.note(format_args!(
                        "tm counts {who}'s yes vote and waits for {}",
                        Names(&members(missing))
                    ));
                }
            }
            // A late or repeated vote: the voter may be waiting in doubt.
            TmPhase::Decided { decision, acked } if !self.cfg.spec && *acked & bit(from) == 0 => {
                let d = *decision;
                self.out.note(format_args!(
                    "tm has already decided {}; it answers {who}'s late vote with the decision",
                    d.record()
                ));
                self.send_decision(from, d);
            }
            _ => {}
        }
    }

    /// 3PC: every vote is yes. The PRECOMMIT record goes to disk before any
    /// PreCommit leaves, so a restarted coordinator knows to commit.
    fn precommit(&mut self) {
        self.disk.precommit = true;
        self.mem.phase = TmPhase::PreCommitted { acked: 0 };
        self.out.cancel_timer(Timer::Votes);
        self.out.note(format_args!(
            "tm forces PRECOMMIT to its log, then sends PreCommit to every participant"
        ));
        for rm in self.cfg.rms() {
            self.out.send(rm, Msg::PreCommit);
        }
        self.out
            .set_timer(Timer::Acks, self.cfg.vote_timeout.max(1));
    }

    fn on_precommit_ack(&mut self, from: NodeId) {
        let everyone = self.everyone();
        if let TmPhase::PreCommitted { acked } = &mut self.mem.phase {
            *acked |= bit(from);
            if *acked == everyone {
                self.out.note(format_args!(
                    "every participant has acknowledged PreCommit: tm commits"
                ));
                self.decide(Decision::Commit);
            }
        }
    }

    // ANCHOR: decide
    /// The decision. A commit is forced to the log *before* any message
    /// leaves: from that moment the transaction is committed, and a crash
    /// changes nothing but how long the participants wait. An abort needs
    /// no record, because no COMMIT record already means abort.
    fn decide(&mut self, decision: Decision) {
        self.disk.begun = true;
        match decision {
            Decision::Commit if self.cfg.variant == Variant::CoordinatorForgetsDecision => {
                self.out.note(format_args!(
                    "tm decides COMMIT but keeps the decision only in memory (the bug): nothing is written to its log"
                ));
            }
            Decision::Commit => {
                self.disk.commit = true;
                self.out.note(format_args!(
                    "tm forces COMMIT to its log: the transaction is now committed, whatever happens next"
                ));
            }
            Decision::Abort => {
                self.out.note(format_args!(
                    "tm decides ABORT; it writes nothing, since no COMMIT record means abort after a crash"
                ));
            }
        }
        self.mem.phase = TmPhase::Decided { decision, acked: 0 };
        self.out.cancel_timer(Timer::Votes);
        self.out.cancel_timer(Timer::Acks);
        self.out.output(Output::Decided(decision));
        for rm in self.cfg.rms() {
            self.send_decision(rm, decision);
        }
        if !self.cfg.spec {
            // Messages get lost: resend until every participant acks.
            self.out.set_timer(Timer::Resend, self.cfg.retry.max(1));
        }
    }
    // ANCHOR_END: decide

    fn send_decision(&mut self, to: NodeId, decision: Decision) {
        self.disk.ghost.announce(decision);
        let msg = match decision {
            Decision::Commit => Msg::Commit,
            Decision::Abort => Msg::Abort,
        };
        self.out.send(to, msg);
    }

    fn on_ack(&mut self, from: NodeId) {
        let everyone = self.everyone();
        if let TmPhase::Decided { acked, .. } = &mut self.mem.phase {
            let before = *acked;
            *acked |= bit(from);
            if *acked == everyone && before != everyone {
                self.out.cancel_timer(Timer::Resend);
                self.out.note(format_args!(
                    "every participant has acknowledged the outcome: tm stops resending"
                ));
            }
        }
    }

    /// An uncertain participant asks for the outcome.
    fn on_inquire(&mut self, from: NodeId) {
        let who = Who(from);
        match self.mem.phase {
            TmPhase::Decided { decision, .. } => {
                self.out.note(format_args!(
                    "tm answers {who}'s question: {}",
                    decision.record()
                ));
                self.send_decision(from, decision);
            }
            TmPhase::PreCommitted { .. } => {
                self.out.note(format_args!(
                    "tm answers {who}'s question with PreCommit: everyone voted yes"
                ));
                self.out.send(from, Msg::PreCommit);
            }
            TmPhase::Collecting => self.out.note(format_args!(
                "tm has no answer for {who} yet: it is still collecting votes"
            )),
            TmPhase::Idle => {}
        }
    }

    fn on_votes_timeout(&mut self) {
        if self.mem.phase == TmPhase::Collecting {
            let missing = self.everyone() & !self.mem.yes;
            self.out.note(format_args!(
                "tm has waited long enough: no vote from {}, and a missing vote counts as no",
                Names(&members(missing))
            ));
            self.decide(Decision::Abort);
        }
    }

    /// 3PC: participants that did not acknowledge PreCommit are presumed
    /// crashed (3PC assumes a timeout means a crash); they will learn the
    /// outcome when they recover.
    fn on_acks_timeout(&mut self) {
        if let TmPhase::PreCommitted { acked } = self.mem.phase {
            let missing = self.everyone() & !acked;
            self.out.note(format_args!(
                "tm hears no PreCommit ack from {}: 3PC takes that for a crash, and tm commits",
                Names(&members(missing))
            ));
            self.decide(Decision::Commit);
        }
    }

    fn on_resend(&mut self) {
        let TmPhase::Decided { decision, acked } = self.mem.phase else {
            return;
        };
        if let Some(max) = self.cfg.bounds.max_resends
            && self.mem.resends >= max
        {
            self.out.note(format_args!(
                "tm would resend {}, but the search is bounded at {max} resends",
                decision.record()
            ));
            return;
        }
        self.mem.resends += 1;
        let missing = members(self.everyone() & !acked);
        self.out.note(format_args!(
            "tm has no ack from {}: it sends {} again",
            Names(&missing),
            decision.record()
        ));
        for rm in missing {
            self.send_decision(rm, decision);
        }
        self.out.set_timer(Timer::Resend, self.cfg.retry.max(1));
    }
}
