//! A participant (resource manager): votes, holds its locks while in
//! doubt, and applies the outcome.

use dsw_sim::{Ctx, Effects, Event};

use crate::describe::Who;
use crate::node::{Decision, Msg, Request, RmDisk, RmMemory, RmState, Stamp, Timer, three};
use crate::{AtomicCommit, TM, Variant};

/// Everything a handler touches.
pub(crate) struct Rm<'a, 'c> {
    pub cfg: &'a AtomicCommit,
    pub ctx: &'a mut Ctx<'c>,
    pub disk: &'a mut RmDisk,
    pub mem: &'a mut RmMemory,
    pub out: &'a mut Effects<AtomicCommit>,
}

// ANCHOR: recover
/// Runs at the first start and after every restart. A participant that
/// finds PREPARED (or, in 3PC, PRECOMMITTED) in its log voted yes: it may
/// neither commit nor abort on its own, so it takes its locks again and
/// asks the coordinator, and keeps asking until it is told.
pub(crate) fn start(
    cfg: &AtomicCommit,
    ctx: &mut Ctx<'_>,
    disk: &RmDisk,
    out: &mut Effects<AtomicCommit>,
) -> RmMemory {
    let me = Who(ctx.node());
    let mut mem = RmMemory {
        locked: matches!(disk.state, RmState::Working) || disk.state.is_in_doubt(),
        in_doubt_since: Stamp(None),
        asked: 0,
        recovering: false,
    };
    if disk.state.is_in_doubt() && !cfg.spec {
        out.note(format_args!(
            "{me} finds {} in its log: it voted yes, so it takes its locks again and asks tm for the outcome",
            if disk.state == RmState::Prepared {
                "PREPARED"
            } else {
                "PRECOMMITTED"
            }
        ));
        mem.in_doubt_since = Stamp(Some(ctx.now()));
        mem.recovering = three(cfg);
        mem.asked = 1;
        out.send(TM, Msg::Inquire);
        out.set_timer(Timer::Inquire, cfg.retry.max(1));
    }
    mem
}
// ANCHOR_END: recover

impl Rm<'_, '_> {
    pub(crate) fn on_event(mut self, event: Event<AtomicCommit>) {
        match event {
            Event::Request(Request::Prepare) => self.on_prepare_request(),
            Event::Request(Request::Abort) => self.on_abort_request(),
            Event::Request(Request::Commit) => {}
            Event::Message { msg, .. } => match msg {
                Msg::Prepare => self.on_prepare(),
                Msg::PreCommit => self.on_precommit(),
                Msg::Commit => self.on_decision(Decision::Commit),
                Msg::Abort => self.on_decision(Decision::Abort),
                Msg::Vote { .. } | Msg::PreCommitAck | Msg::Ack | Msg::Inquire => {}
            },
            Event::Timer(Timer::Inquire) => self.on_inquire_timer(),
            Event::Timer(Timer::Wait) => self.on_wait_timeout(),
            Event::Timer(Timer::Votes | Timer::Acks | Timer::Resend) => {}
        }
    }

    fn me(&self) -> Who {
        Who(self.ctx.node())
    }

    fn set_state(&mut self, state: RmState) {
        self.disk.state = state;
        if state.is_final() {
            self.mem.locked = false;
            self.mem.in_doubt_since = Stamp(None);
            self.mem.recovering = false;
            self.out.cancel_timer(Timer::Inquire);
            self.out.cancel_timer(Timer::Wait);
        }
    }

    /// `RMPrepare` in specification mode: the participant prepares on its
    /// own and sends `Prepared`.
    fn on_prepare_request(&mut self) {
        if self.disk.state == RmState::Working {
            let me = self.me();
            self.out
                .note(format_args!("{me} prepares: it votes yes, unasked"));
            self.vote_yes();
        }
    }

    /// `RMChooseToAbort`: only a participant that has not voted yes may.
    fn on_abort_request(&mut self) {
        let me = self.me();
        match self.disk.state {
            RmState::Working => {
                self.out.note(format_args!(
                    "{me} aborts on its own, rolls back its work and releases its locks; it will vote no if asked"
                ));
                self.disk.vote = Some(false);
                self.set_state(RmState::Aborted);
            }
            RmState::Prepared | RmState::PreCommitted => self.out.note(format_args!(
                "{me} refuses to abort on its own: it voted yes, so only the coordinator can decide now"
            )),
            RmState::Committed | RmState::Aborted => {}
        }
    }

    // ANCHOR: vote
    /// The coordinator asks for a vote. A yes vote is a promise to commit
    /// if told to, even after a crash, so the PREPARED record (with the
    /// transaction's updates and locks) is forced to disk before the vote
    /// leaves. A no vote lets the participant abort at once.
    fn on_prepare(&mut self) {
        let me = self.me();
        match self.disk.state {
            RmState::Working if self.cfg.votes_yes(me.0) => {
                self.out.note(format_args!(
                    "{me} can commit: it forces PREPARED to its log and votes yes; from now on it is in doubt"
                ));
                self.vote_yes();
            }
            RmState::Working => {
                self.out.note(format_args!(
                    "{me} cannot commit: it votes no, rolls back and releases its locks"
                ));
                self.disk.vote = Some(false);
                self.set_state(RmState::Aborted);
                self.out.send(TM, Msg::Vote { yes: false });
            }
            RmState::Aborted => self.out.send(TM, Msg::Vote { yes: false }),
            // A repeated Prepare: repeat the vote.
            RmState::Prepared | RmState::PreCommitted | RmState::Committed => {
                self.out.send(TM, Msg::Vote { yes: true });
            }
        }
    }
    // ANCHOR_END: vote

    fn vote_yes(&mut self) {
        self.disk.vote = Some(true);
        self.set_state(RmState::Prepared);
        self.mem.in_doubt_since = Stamp(Some(self.ctx.now()));
        self.out.send(TM, Msg::Vote { yes: true });
        if self.cfg.spec {
            return;
        }
        if three(self.cfg) {
            self.out.set_timer(Timer::Wait, self.cfg.wait.max(1));
        } else {
            self.out.set_timer(Timer::Inquire, self.cfg.retry.max(1));
        }
    }

    fn on_inquire_timer(&mut self) {
        if !self.disk.state.is_in_doubt() {
            return;
        }
        if self.cfg.variant == Variant::PreparedTimeoutAborts {
            let me = self.me();
            self.out.note(format_args!(
                "{me} has waited too long for the outcome and aborts on its own (the bug: it voted yes)"
            ));
            self.set_state(RmState::Aborted);
            return;
        }
        self.ask_again();
    }

    // ANCHOR: in_doubt
    /// In doubt and nothing heard: the participant must not guess. It has
    /// promised to commit if the coordinator decided commit, and the
    /// coordinator may have decided abort; only the coordinator knows. So
    /// it keeps its locks and asks again.
    fn ask_again(&mut self) {
        let me = self.me();
        if let Some(max) = self.cfg.bounds.max_resends
            && self.mem.asked >= max
        {
            self.out.note(format_args!(
                "{me} would ask tm again, but the search is bounded at {max} inquiries"
            ));
            return;
        }
        self.mem.asked += 1;
        self.out.note(format_args!(
            "{me} is still in doubt, holding its locks: it asks tm for the outcome"
        ));
        self.out.send(TM, Msg::Inquire);
        self.out.set_timer(Timer::Inquire, self.cfg.retry.max(1));
    }
    // ANCHOR_END: in_doubt

    fn on_precommit(&mut self) {
        let me = self.me();
        match self.disk.state {
            RmState::Prepared => {
                self.out.note(format_args!(
                    "{me} learns that everyone voted yes: it forces PRECOMMITTED to its log and acknowledges"
                ));
                self.set_state(RmState::PreCommitted);
                self.mem.recovering = false;
                self.out.cancel_timer(Timer::Inquire);
                self.out.send(TM, Msg::PreCommitAck);
                self.out.set_timer(Timer::Wait, self.cfg.wait.max(1));
            }
            RmState::PreCommitted | RmState::Committed => self.out.send(TM, Msg::PreCommitAck),
            RmState::Aborted => self.out.note(format_args!(
                "{me} gets PreCommit, but it has already aborted: too late"
            )),
            RmState::Working => {}
        }
    }

    /// Commit or Abort from the coordinator: its word is final.
    fn on_decision(&mut self, decision: Decision) {
        let me = self.me();
        let ack = !self.cfg.spec;
        match (self.disk.state, decision) {
            (RmState::Prepared | RmState::PreCommitted, Decision::Commit) => {
                self.out.note(format_args!(
                    "{me} commits: it writes COMMITTED, makes its updates visible and releases its locks"
                ));
                self.set_state(RmState::Committed);
            }
            (RmState::Working | RmState::Prepared | RmState::PreCommitted, Decision::Abort) => {
                self.out.note(format_args!(
                    "{me} aborts: it writes ABORTED, rolls back and releases its locks"
                ));
                self.set_state(RmState::Aborted);
            }
            (RmState::Committed, Decision::Commit) | (RmState::Aborted, Decision::Abort) => {}
            (RmState::Aborted, Decision::Commit) => self.out.note(format_args!(
                "{me} is told to commit, but it has already aborted: the transaction is now inconsistent"
            )),
            (RmState::Committed, Decision::Abort) => self.out.note(format_args!(
                "{me} is told to abort, but it has already committed: the transaction is now inconsistent"
            )),
            (RmState::Working, Decision::Commit) => {
                // Commit needs this participant's yes vote; it never gave one.
                self.out.note(format_args!(
                    "{me} ignores COMMIT: it never voted yes"
                ));
                return;
            }
        }
        if ack {
            self.out.send(TM, Msg::Ack);
        }
    }

    // ANCHOR: three_phase_timeout
    /// 3PC's termination rule, for a participant that has been up all
    /// along. If the coordinator had sent PreCommit, it would have arrived
    /// by now (3PC assumes bounded delays), so an uncertain participant
    /// aborts; a pre-committed one knows everyone voted yes and commits.
    /// A partition breaks the assumption: a PreCommit lost in a partition
    /// looks exactly like one never sent.
    fn on_wait_timeout(&mut self) {
        let me = self.me();
        match self.disk.state {
            RmState::Prepared => {
                self.out.note(format_args!(
                    "{me} times out uncertain: no PreCommit came, so nobody can have committed; it aborts"
                ));
                self.set_state(RmState::Aborted);
            }
            RmState::PreCommitted => {
                self.out.note(format_args!(
                    "{me} times out pre-committed: everyone voted yes, so it commits"
                ));
                self.set_state(RmState::Committed);
            }
            _ => {}
        }
    }
    // ANCHOR_END: three_phase_timeout
}
