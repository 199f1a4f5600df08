//! The nodes as event handlers: the head (orchestrator or trip service),
//! the four services and the broker.
//!
//! Every handler is one atomic local transaction: the engine applies all
//! of a handler's changes to the node's disk and memory, or (if the node
//! crashes first) none. That is why a crash can land *between* a commit
//! and a publish only when the publish is a separate event: here the
//! `Publish` timer, which fires one relay interval after the commit.

use dsw_sim::{Ctx, Effects, Event, Invariant, NodeId, Protocol};

use crate::model::{
    BROKER, Body, BrokerDisk, Dir, Disk, HEAD, HeadDisk, Memory, Msg, NODES, Outcome, Output,
    Pending, Phase, Request, ServiceDisk, Step, Stored, Timer,
};
use crate::{Mode, Saga};

/// What a node must still hand to the broker, wherever it is kept: a
/// durable outbox table or memory.
struct Outgoing<'a> {
    list: &'a mut Vec<Pending>,
    kept: Kept,
}

/// Where unpublished messages live, for the narration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// A table written in the same local transaction as the change.
    Outbox,
    /// Memory only: the second half of a dual write.
    Memory,
    /// The orchestrator's memory, rebuilt from its saga log after a crash.
    SagaLog,
}

impl Saga {
    fn publish_cap(&self) -> u8 {
        self.bounds.publish_attempts.unwrap_or(u8::MAX)
    }

    fn delivery_cap(&self) -> u8 {
        self.bounds.deliveries.unwrap_or(u8::MAX)
    }

    /// Hands every pending copy of `body` to the broker, and keeps retrying
    /// until the broker acknowledges (at least once).
    fn publish(&self, me: NodeId, outgoing: Outgoing<'_>, body: Body, out: &mut Effects<Saga>) {
        let cap = self.publish_cap();
        let mut retry = false;
        for p in outgoing.list.iter_mut().filter(|p| p.body == body) {
            if p.attempts < cap {
                p.attempts += 1;
                let who = self.node_label(me);
                match (p.attempts, outgoing.kept) {
                    (1, Kept::Outbox) => out.note(format_args!(
                        "{} relay finds {body} in its outbox table and publishes it",
                        self.owner(me)
                    )),
                    (1, Kept::Memory) => out.note(format_args!(
                        "{who} publishes {body} to the broker: the second write, after its commit"
                    )),
                    (1, Kept::SagaLog) => out.note(format_args!(
                        "{who} publishes {body} to the broker; its saga log says it is due, so a crash cannot lose it"
                    )),
                    (n, _) => out.note(format_args!(
                        "{who} has no acknowledgement for {body} yet and publishes it again (attempt {n})"
                    )),
                }
                out.send(BROKER, Msg::Publish(body));
            }
            retry |= p.attempts < cap;
        }
        if retry {
            out.set_timer(Timer::Publish(body), self.timing.retry);
        }
    }

    /// The broker has stored `body`: stop retrying one copy of it.
    fn published(&self, me: NodeId, outgoing: Outgoing<'_>, body: Body, out: &mut Effects<Saga>) {
        let list = outgoing.list;
        if let Some(i) = list.iter().position(|p| p.body == body) {
            list.remove(i);
            match outgoing.kept {
                Kept::Outbox => out.note(format_args!(
                    "the broker has {body}: {} relay deletes the row from the outbox",
                    self.owner(me)
                )),
                Kept::Memory | Kept::SagaLog => out.note(format_args!(
                    "the broker has {body}: {} stops resending it",
                    self.node_label(me)
                )),
            }
        }
        if !list.iter().any(|p| p.body == body) {
            out.cancel_timer(Timer::Publish(body));
        }
    }

    fn node_label(&self, node: NodeId) -> String {
        self.node_name(node)
    }

    /// `payment's`, `trips'`.
    fn owner(&self, node: NodeId) -> String {
        let name = self.node_name(node);
        if name.ends_with('s') {
            format!("{name}'")
        } else {
            format!("{name}'s")
        }
    }

    // ----- the head: orchestrator or trip service -----

    fn head_outgoing<'a>(&self, disk: &'a mut HeadDisk, mem: &'a mut Memory) -> Outgoing<'a> {
        // The orchestrator's saga log already records which command is due,
        // so it can rebuild that command after a crash: the log is its
        // outbox. The trip service, like any service, needs the toggle.
        if self.mode == Mode::Choreography && self.outbox {
            Outgoing {
                list: &mut disk.outbox,
                kept: Kept::Outbox,
            }
        } else {
            Outgoing {
                list: &mut mem.unpublished,
                kept: if self.mode == Mode::Orchestration {
                    Kept::SagaLog
                } else {
                    Kept::Memory
                },
            }
        }
    }

    fn queue(&self, outgoing: Outgoing<'_>, body: Body, out: &mut Effects<Saga>) {
        outgoing.list.push(Pending { body, attempts: 0 });
        out.set_timer(Timer::Publish(body), self.timing.relay);
    }

    fn head_request(
        &self,
        disk: &mut HeadDisk,
        mem: &mut Memory,
        request: Request,
        out: &mut Effects<Saga>,
    ) {
        if request != Request::Book {
            return;
        }
        if disk.phase != Phase::Idle {
            out.note(format_args!(
                "{} already has a trip under way: this model runs one saga",
                self.node_label(HEAD)
            ));
            return;
        }
        let (phase, body) = match self.mode {
            Mode::Orchestration => {
                let first = Step::first();
                (Phase::Forward(first), Body::Command(first, Dir::Do))
            }
            Mode::Choreography => (Phase::Waiting, Body::Start),
        };
        disk.phase = phase;
        match self.mode {
            Mode::Orchestration => out.note(format_args!(
                "the orchestrator writes the new saga to its log and queues the first command: {body}"
            )),
            Mode::Choreography if self.outbox => out.note(format_args!(
                "trips records the trip as pending and, in the same transaction, writes {body} to its outbox"
            )),
            Mode::Choreography => out.note(format_args!(
                "trips records the trip as pending and commits; {body} waits in memory to be published"
            )),
        }
        let outgoing = self.head_outgoing(disk, mem);
        self.queue(outgoing, body, out);
    }

    fn head_deliver(
        &self,
        disk: &mut HeadDisk,
        mem: &mut Memory,
        body: Body,
        out: &mut Effects<Saga>,
    ) {
        if let Body::Event(step, outcome) = body {
            match self.mode {
                Mode::Orchestration => self.on_reply(disk, mem, step, outcome, out),
                Mode::Choreography => self.on_final_event(disk, step, outcome, out),
            }
        }
        out.send(BROKER, Msg::Ack(body));
    }

    // ANCHOR: compensate
    /// The orchestrator reads a service's reply. Forward on success; on a
    /// failure, compensate the steps before the failed one, newest first;
    /// each compensation's reply triggers the next one back. The log entry
    /// is written before the command it implies is sent, so a crash in
    /// between is repaired by [`Saga::resume`].
    fn on_reply(
        &self,
        log: &mut HeadDisk,
        mem: &mut Memory,
        step: Step,
        outcome: Outcome,
        out: &mut Effects<Saga>,
    ) {
        let next = match (log.phase, outcome) {
            (Phase::Forward(s), Outcome::Done) if s == step => match step.next() {
                Some(n) => Phase::Forward(n),
                None => Phase::Completed,
            },
            (Phase::Forward(s), Outcome::Failed) if s == step => compensate_before(step),
            (Phase::Backward(s), Outcome::Undone) if s == step => compensate_before(step),
            _ => {
                out.note(format_args!(
                    "the orchestrator already has {} from {step}: a repeat, ignored",
                    step.outcome(outcome)
                ));
                return;
            }
        };
        log.phase = next;
        let command = match next {
            Phase::Forward(n) => Body::Command(n, Dir::Do),
            Phase::Backward(s) => Body::Command(s, Dir::Undo),
            Phase::Completed => {
                out.note(format_args!("the orchestrator logs the saga as completed"));
                out.output(Output::Booked);
                return;
            }
            _ => {
                out.note(format_args!(
                    "the orchestrator logs the saga as compensated: every completed step is undone"
                ));
                out.output(Output::Cancelled);
                return;
            }
        };
        out.note(format_args!(
            "the orchestrator logs {} and queues the next command: {command}",
            step.outcome(outcome)
        ));
        let outgoing = Outgoing {
            list: &mut mem.unpublished,
            kept: Kept::SagaLog,
        };
        self.queue(outgoing, command, out);
    }
    // ANCHOR_END: compensate

    // ANCHOR: resume
    /// The orchestrator after a restart knows only its saga log. The log
    /// names the step it was waiting for, so it resends that step's
    /// command. The service may have run it already (the reply may even be
    /// waiting in the broker): the resend is a duplicate with the same
    /// message id, and only an idempotent service takes it calmly.
    fn resume(&self, log: &HeadDisk, out: &mut Effects<Saga>) -> Memory {
        let command = match log.phase {
            Phase::Forward(step) => Body::Command(step, Dir::Do),
            Phase::Backward(step) => Body::Command(step, Dir::Undo),
            _ => return Memory::default(),
        };
        out.note(format_args!(
            "the orchestrator reads its saga log and resumes: it resends {command}"
        ));
        let mut mem = Memory::default();
        self.queue(
            Outgoing {
                list: &mut mem.unpublished,
                kept: Kept::SagaLog,
            },
            command,
            out,
        );
        mem
    }
    // ANCHOR_END: resume

    /// The trip service in choreography mode hears how the chain ended.
    fn on_final_event(
        &self,
        trip: &mut HeadDisk,
        step: Step,
        outcome: Outcome,
        out: &mut Effects<Saga>,
    ) {
        if trip.phase != Phase::Waiting {
            return;
        }
        match (step, outcome) {
            (s, Outcome::Done) if s == Step::last() => {
                trip.phase = Phase::Completed;
                out.note(format_args!("trips marks the trip as booked"));
                out.output(Output::Booked);
            }
            (s, Outcome::Failed | Outcome::Undone) if s == Step::first() => {
                trip.phase = Phase::Compensated;
                out.note(format_args!("trips marks the trip as cancelled"));
                out.output(Output::Cancelled);
            }
            _ => {}
        }
    }

    // ----- services -----

    // ANCHOR: react
    /// What a service does with a message, if anything. Orchestration: what
    /// the command says. Choreography: each service subscribes to the events
    /// of its neighbours. The previous step's success means "go"; the next
    /// step's failure or compensation means "undo mine", which is how a
    /// failure travels backwards along the chain.
    pub fn reaction(&self, me: Step, body: Body) -> Option<Dir> {
        match (self.mode, body) {
            (Mode::Orchestration, Body::Command(step, dir)) if step == me => Some(dir),
            (Mode::Choreography, Body::Start) if me == Step::first() => Some(Dir::Do),
            (Mode::Choreography, Body::Event(step, Outcome::Done)) if step.next() == Some(me) => {
                Some(Dir::Do)
            }
            (Mode::Choreography, Body::Event(step, Outcome::Failed | Outcome::Undone))
                if step.prev() == Some(me) && me.compensatable() =>
            {
                Some(Dir::Undo)
            }
            _ => None,
        }
    }
    // ANCHOR_END: react

    fn service_deliver(
        &self,
        db: &mut ServiceDisk,
        mem: &mut Memory,
        body: Body,
        out: &mut Effects<Saga>,
    ) {
        let me = db.step;
        let Some(dir) = self.reaction(me, body) else {
            out.note(format_args!("{me} has nothing to do for {body}"));
            out.send(BROKER, Msg::Ack(body));
            return;
        };
        // ANCHOR: dedupe
        // The idempotent consumer: the id of every message it has acted on
        // is in its database, committed with the effect itself, so a
        // redelivery, a network duplicate or a resend after a crash is
        // recognised and only acknowledged. Without the table, each copy
        // charges the card again.
        if self.dedupe && db.processed.contains(&body) {
            out.note(format_args!(
                "{me} finds {body} in its table of processed messages: it acknowledges the repeat and does nothing"
            ));
            out.send(BROKER, Msg::Ack(body));
            return;
        }
        // ANCHOR_END: dedupe
        if me == Step::Email && dir == Dir::Do && db.fail_next {
            db.fail_next = false;
            out.note(format_args!(
                "email cannot reach the mail server: it rolls back and does not acknowledge, so the broker will redeliver (a retriable step)"
            ));
            return;
        }
        self.commit(db, mem, body, dir, out);
        out.send(BROKER, Msg::Ack(body));
    }

    // ANCHOR: outbox
    /// One local transaction. With the outbox the event is a row in the
    /// same database, committed together with the effect (and the dedupe
    /// record): both happen or neither does, and the relay publishes the
    /// row later, retrying until the broker acknowledges. Without it the
    /// event waits in memory for a second, separate write to the broker: a
    /// crash before that write loses it, and nothing will ever send it.
    fn commit(
        &self,
        db: &mut ServiceDisk,
        mem: &mut Memory,
        body: Body,
        dir: Dir,
        out: &mut Effects<Saga>,
    ) {
        let me = db.step;
        let outcome = match dir {
            Dir::Do if db.fail_next => {
                db.fail_next = false;
                db.failed += 1;
                Outcome::Failed
            }
            Dir::Do => {
                db.done += 1;
                Outcome::Done
            }
            Dir::Undo => {
                db.undone += 1;
                Outcome::Undone
            }
        };
        if self.dedupe {
            db.processed.push(body);
        }
        let event = Body::Event(me, outcome);
        let outgoing = if self.outbox {
            Outgoing {
                list: &mut db.outbox,
                kept: Kept::Outbox,
            }
        } else {
            Outgoing {
                list: &mut mem.unpublished,
                kept: Kept::Memory,
            }
        };
        self.narrate_commit(me, dir, outcome, outgoing.kept, out);
        self.queue(outgoing, event, out);
    }
    // ANCHOR_END: outbox

    fn narrate_commit(
        &self,
        me: Step,
        dir: Dir,
        outcome: Outcome,
        kept: Kept,
        out: &mut Effects<Saga>,
    ) {
        if !out.narrating() {
            return;
        }
        let event = Body::Event(me, outcome);
        let what = match outcome {
            Outcome::Failed => format!(
                "cannot {}: {}; it records the refusal",
                me.action(dir),
                me.refusal()
            ),
            _ => me.verb(dir).to_owned(),
        };
        let dedupe = if self.dedupe {
            ", records the message id as processed"
        } else {
            ""
        };
        let event_text = if kept == Kept::Outbox {
            format!(" and writes {event} to its outbox, all in one local transaction")
        } else {
            format!("; it commits, and {event} waits in memory to be published")
        };
        out.note(format_args!("{me} {what}{dedupe}{event_text}"));
    }

    fn service_outgoing<'a>(&self, db: &'a mut ServiceDisk, mem: &'a mut Memory) -> Outgoing<'a> {
        if self.outbox {
            Outgoing {
                list: &mut db.outbox,
                kept: Kept::Outbox,
            }
        } else {
            Outgoing {
                list: &mut mem.unpublished,
                kept: Kept::Memory,
            }
        }
    }

    // ----- the broker -----

    fn broker_message(
        &self,
        log: &mut BrokerDisk,
        from: NodeId,
        msg: Msg,
        out: &mut Effects<Saga>,
    ) {
        match msg {
            Msg::Publish(body) => {
                // No deduplication here: a publish the broker has seen
                // before is stored and delivered again, as in most brokers.
                log.stored.push(Stored {
                    body,
                    deliveries: 1,
                });
                let to = self.route(body);
                out.note(format_args!(
                    "the broker stores {body}, acknowledges it to {} and delivers it to {}",
                    self.node_label(from),
                    self.node_label(to)
                ));
                out.send(from, Msg::PubAck(body));
                out.send(to, Msg::Deliver(body));
                if 1 < self.delivery_cap() {
                    out.set_timer(Timer::Redeliver(body), self.timing.redeliver);
                }
            }
            Msg::Ack(body) => {
                if let Some(i) = log.stored.iter().position(|s| s.body == body) {
                    log.stored.remove(i);
                    out.note(format_args!(
                        "the broker deletes {body}: {} has acknowledged it",
                        self.node_label(from)
                    ));
                } else {
                    out.note(format_args!(
                        "the broker has already deleted {body}; the extra acknowledgement changes nothing"
                    ));
                }
                if !log.stored.iter().any(|s| s.body == body) {
                    out.cancel_timer(Timer::Redeliver(body));
                }
            }
            Msg::PubAck(_) | Msg::Deliver(_) => {}
        }
    }

    fn redeliver(&self, log: &mut BrokerDisk, body: Body, out: &mut Effects<Saga>) {
        let cap = self.delivery_cap();
        let to = self.route(body);
        let mut again = false;
        for s in log.stored.iter_mut().filter(|s| s.body == body) {
            if s.deliveries < cap {
                s.deliveries += 1;
                out.note(format_args!(
                    "the broker has no acknowledgement for {body} and delivers it to {} again (delivery {})",
                    self.node_label(to),
                    s.deliveries
                ));
                out.send(to, Msg::Deliver(body));
            }
            again |= s.deliveries < cap;
        }
        if again {
            out.set_timer(Timer::Redeliver(body), self.timing.redeliver);
        }
    }
}

/// The compensation that follows the failure or compensation of `step`:
/// the nearest earlier step that can be compensated. Only steps before
/// `step` qualify, and the orchestrator reached `step` only after each of
/// them replied "done", so a step that failed, or never ran, is never
/// compensated.
fn compensate_before(step: Step) -> Phase {
    let mut s = step.prev();
    while let Some(p) = s {
        if p.compensatable() {
            return Phase::Backward(p);
        }
        s = p.prev();
    }
    Phase::Compensated
}

impl Protocol for Saga {
    type Durable = Disk;
    type Volatile = Memory;
    type Msg = Msg;
    type Timer = Timer;
    type Request = Request;
    type Output = Output;

    fn node_count(&self) -> usize {
        NODES
    }

    fn node_name(&self, node: NodeId) -> String {
        match (node, Step::of_node(node)) {
            (HEAD, _) => match self.mode {
                Mode::Orchestration => "orchestrator".to_owned(),
                Mode::Choreography => "trips".to_owned(),
            },
            (BROKER, _) => "broker".to_owned(),
            (_, Some(step)) => step.service().to_owned(),
            _ => node.to_string(),
        }
    }

    fn init_durable(&self, node: NodeId) -> Disk {
        match (node, Step::of_node(node)) {
            (HEAD, _) => Disk::Head(HeadDisk::default()),
            (_, Some(step)) if node != BROKER => Disk::Service(ServiceDisk::new(step)),
            _ => Disk::Broker(BrokerDisk::default()),
        }
    }

    /// Memory starts empty; what must survive is rebuilt from disk: the
    /// orchestrator's command from its log, the relays' timers from their
    /// outboxes, the broker's redelivery timers from its log.
    fn start(&self, ctx: &mut Ctx<'_>, disk: &Disk, out: &mut Effects<Self>) -> Memory {
        match disk {
            Disk::Head(log) if self.mode == Mode::Orchestration => self.resume(log, out),
            Disk::Head(HeadDisk { outbox, .. }) | Disk::Service(ServiceDisk { outbox, .. }) => {
                for p in outbox {
                    out.set_timer(Timer::Publish(p.body), self.timing.relay);
                }
                if !outbox.is_empty() {
                    out.note(format_args!(
                        "{} relay finds {} in its outbox table, still to publish",
                        self.owner(ctx.node()),
                        crate::describe::list(outbox.iter().map(|p| p.body))
                    ));
                }
                Memory::default()
            }
            Disk::Broker(log) => {
                let cap = self.delivery_cap();
                let mut bodies: Vec<Body> = log
                    .stored
                    .iter()
                    .filter(|s| s.deliveries < cap)
                    .map(|s| s.body)
                    .collect();
                bodies.sort_unstable();
                bodies.dedup();
                for body in bodies {
                    out.set_timer(Timer::Redeliver(body), self.timing.redeliver);
                }
                Memory::default()
            }
        }
    }

    fn on_event(
        &self,
        ctx: &mut Ctx<'_>,
        disk: &mut Disk,
        mem: &mut Memory,
        event: Event<Self>,
        out: &mut Effects<Self>,
    ) {
        let me = ctx.node();
        match (disk, event) {
            (Disk::Head(log), Event::Request(r)) => self.head_request(log, mem, r, out),
            (Disk::Head(log), Event::Message { msg, .. }) => match msg {
                Msg::Deliver(body) => self.head_deliver(log, mem, body, out),
                Msg::PubAck(body) => {
                    let outgoing = self.head_outgoing(log, mem);
                    self.published(me, outgoing, body, out);
                }
                Msg::Publish(_) | Msg::Ack(_) => {}
            },
            (Disk::Head(log), Event::Timer(Timer::Publish(body))) => {
                let outgoing = self.head_outgoing(log, mem);
                self.publish(me, outgoing, body, out);
            }
            (Disk::Service(db), Event::Request(Request::Fail(step))) if step == db.step => {
                db.fail_next = true;
                out.note(format_args!("{step} will fail its next attempt"));
            }
            (Disk::Service(db), Event::Message { msg, .. }) => match msg {
                Msg::Deliver(body) => self.service_deliver(db, mem, body, out),
                Msg::PubAck(body) => {
                    let outgoing = self.service_outgoing(db, mem);
                    self.published(me, outgoing, body, out);
                }
                Msg::Publish(_) | Msg::Ack(_) => {}
            },
            (Disk::Service(db), Event::Timer(Timer::Publish(body))) => {
                let outgoing = self.service_outgoing(db, mem);
                self.publish(me, outgoing, body, out);
            }
            (Disk::Broker(log), Event::Message { from, msg }) => {
                self.broker_message(log, from, msg, out);
            }
            (Disk::Broker(log), Event::Timer(Timer::Redeliver(body))) => {
                self.redeliver(log, body, out);
            }
            _ => {}
        }
    }

    fn requests(&self, node: NodeId) -> Vec<Request> {
        match (node, Step::of_node(node)) {
            (HEAD, _) => vec![Request::Book],
            (BROKER, _) => Vec::new(),
            (_, Some(step)) => vec![Request::Fail(step)],
            _ => Vec::new(),
        }
    }

    fn invariants(&self) -> Vec<Invariant<Self>> {
        crate::invariants::all()
    }

    fn describe_msg(&self, msg: &Msg) -> String {
        crate::describe::message(msg)
    }

    fn describe_timer(&self, timer: &Timer) -> String {
        match timer {
            Timer::Publish(body) => format!("publish {body}"),
            Timer::Redeliver(body) => format!("redeliver {body}"),
        }
    }

    fn describe_request(&self, request: &Request) -> String {
        match request {
            Request::Book => "book the trip".to_owned(),
            Request::Fail(step) => step.failure().to_owned(),
        }
    }

    fn describe_output(&self, output: &Output) -> String {
        match output {
            Output::Booked => "your trip is booked".to_owned(),
            Output::Cancelled => {
                "your trip could not be booked; every step taken so far has been undone".to_owned()
            }
        }
    }

    fn describe_node(&self, _node: NodeId, disk: &Disk, mem: Option<&Memory>) -> String {
        crate::describe::node(self, disk, mem)
    }
}
