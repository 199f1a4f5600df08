//! The vocabulary of the saga: its steps, the messages that travel through
//! the broker, timers, requests, and what each kind of node keeps on disk
//! and in memory.

use std::fmt;

use dsw_sim::NodeId;
use dsw_sim::wire::{DecodeError, Reader, Wire, Writer};

/// The node that starts the saga and records how it ends: the orchestrator
/// in orchestration mode, the trip service in choreography mode.
pub const HEAD: NodeId = NodeId(0);
/// The message broker: the last node.
pub const BROKER: NodeId = NodeId(5);
/// Head, four services, broker.
pub const NODES: usize = 6;

/// The saga's steps, in the order they run.
///
/// Hotel and payment are *compensatable*: each has a compensating action
/// that semantically undoes it. The flight booking is the *pivot*: the last
/// step that can fail for business reasons, so once it commits the saga can
/// only go forward. The confirmation e-mail is *retriable*: it may fail for
/// a while (the mail server is down) but is retried until it succeeds, so it
/// needs no compensation, which is as well, since a sent e-mail cannot be
/// unsent. The flight's cancellation exists, and the generic rule would run
/// it if a later step failed, but after the pivot none can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Hotel,
    Payment,
    Flight,
    Email,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Hotel, Step::Payment, Step::Flight, Step::Email];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }

    pub fn first() -> Step {
        Step::Hotel
    }

    pub fn last() -> Step {
        Step::Email
    }

    /// The node that runs this step's service.
    pub fn node(self) -> NodeId {
        NodeId(self as u8 + 1)
    }

    /// The service behind `node`, if it is one.
    pub fn of_node(node: NodeId) -> Option<Step> {
        node.index()
            .checked_sub(1)
            .and_then(|i| Step::ALL.get(i).copied())
    }

    pub fn service(self) -> &'static str {
        match self {
            Step::Hotel => "hotel",
            Step::Payment => "payment",
            Step::Flight => "flight",
            Step::Email => "email",
        }
    }

    /// Whether the step has a compensating action.
    pub fn compensatable(self) -> bool {
        self != Step::Email
    }

    /// What the step (or its compensation) does, as a command.
    pub fn action(self, dir: Dir) -> &'static str {
        match (self, dir) {
            (Step::Hotel, Dir::Do) => "reserve a room",
            (Step::Hotel, Dir::Undo) => "cancel the room",
            (Step::Payment, Dir::Do) => "charge the card",
            (Step::Payment, Dir::Undo) => "refund the card",
            (Step::Flight, Dir::Do) => "book a seat",
            (Step::Flight, Dir::Undo) => "cancel the seat",
            (Step::Email, Dir::Do) => "send the confirmation",
            (Step::Email, Dir::Undo) => "unsend the confirmation (impossible)",
        }
    }

    /// The same, as a sentence's verb: `payment charges the card`.
    pub fn verb(self, dir: Dir) -> &'static str {
        match (self, dir) {
            (Step::Hotel, Dir::Do) => "reserves a room",
            (Step::Hotel, Dir::Undo) => "cancels the room",
            (Step::Payment, Dir::Do) => "charges the card",
            (Step::Payment, Dir::Undo) => "refunds the card",
            (Step::Flight, Dir::Do) => "books a seat",
            (Step::Flight, Dir::Undo) => "cancels the seat",
            (Step::Email, Dir::Do) => "sends the confirmation",
            (Step::Email, Dir::Undo) => "cannot unsend the confirmation",
        }
    }

    /// Why the step's business rule says no.
    pub fn refusal(self) -> &'static str {
        match self {
            Step::Hotel => "the hotel is full",
            Step::Payment => "the card is declined",
            Step::Flight => "the flight is full",
            Step::Email => "the mail server is down",
        }
    }

    /// What happened, as an event.
    pub fn outcome(self, outcome: Outcome) -> &'static str {
        match (self, outcome) {
            (Step::Hotel, Outcome::Done) => "room reserved",
            (Step::Hotel, Outcome::Failed) => "no room",
            (Step::Hotel, Outcome::Undone) => "room cancelled",
            (Step::Payment, Outcome::Done) => "card charged",
            (Step::Payment, Outcome::Failed) => "card declined",
            (Step::Payment, Outcome::Undone) => "card refunded",
            (Step::Flight, Outcome::Done) => "seat booked",
            (Step::Flight, Outcome::Failed) => "no seat",
            (Step::Flight, Outcome::Undone) => "seat cancelled",
            (Step::Email, Outcome::Done) => "confirmation sent",
            (Step::Email, Outcome::Failed) => "confirmation failed",
            (Step::Email, Outcome::Undone) => "confirmation unsent",
        }
    }

    /// The failure the learner can inject, for the request button.
    pub fn failure(self) -> &'static str {
        match self {
            Step::Hotel => "make the next room reservation fail (hotel full)",
            Step::Payment => "make the next charge fail (card declined)",
            Step::Flight => "make the next seat booking fail (flight full)",
            Step::Email => "make the next e-mail fail (mail server down)",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.service())
    }
}

/// A step forward, or its compensation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dir {
    Do,
    Undo,
}

/// How a service's local transaction for a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Done,
    /// A business failure: the local transaction changed nothing but the
    /// record of the refusal.
    Failed,
    /// The compensation ran.
    Undone,
}

/// What a message says. The saga is identified by the model (one trip per
/// run), so the body is also the message's stable id: the id a consumer
/// deduplicates on, identical in every copy and every resend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Body {
    /// Choreography: the trip service announces a new trip.
    Start,
    /// Orchestration: the orchestrator tells a service what to do.
    Command(Step, Dir),
    /// A service reports its local transaction: a reply to the orchestrator,
    /// or an event other services subscribe to.
    Event(Step, Outcome),
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Start => f.write_str("trip requested"),
            Body::Command(step, dir) => f.write_str(step.action(*dir)),
            Body::Event(step, outcome) => f.write_str(step.outcome(*outcome)),
        }
    }
}

/// What travels on the network. Every conversation goes through the
/// broker: a publisher hands it a message and retries until the broker
/// acknowledges; the broker stores it and delivers it to the subscriber
/// until the subscriber acknowledges. That is at-least-once delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Publish(Body),
    /// The broker has stored the message.
    PubAck(Body),
    Deliver(Body),
    /// The subscriber has committed what the message asked for.
    Ack(Body),
}

impl Msg {
    pub fn body(&self) -> Body {
        match *self {
            Msg::Publish(b) | Msg::PubAck(b) | Msg::Deliver(b) | Msg::Ack(b) => b,
        }
    }
}

/// Timers, one per message so that one message's retry never resends
/// another that is merely still on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// A publisher (re)sends a message it holds, until the broker acks it.
    /// With the outbox this is the relay polling its table.
    Publish(Body),
    /// The broker redelivers a message nobody has acknowledged yet.
    Redeliver(Body),
}

/// What a user can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Request {
    /// Start the saga (the head node only; one trip per run).
    Book,
    /// Make this service's next attempt at its step fail.
    Fail(Step),
}

/// What the head node tells the traveller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Booked,
    /// Every completed step was compensated.
    Cancelled,
}

/// Where the saga stands, as the head node has durably recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Phase {
    #[default]
    Idle,
    /// Orchestration: the step's command is out; waiting for its result.
    /// Every earlier step is done.
    Forward(Step),
    /// Orchestration: compensating; waiting for the step's compensation.
    /// Every later step that had been done is undone.
    Backward(Step),
    /// Choreography: the trip is pending while the services pass events.
    Waiting,
    Completed,
    Compensated,
}

impl Phase {
    pub fn finished(self) -> bool {
        matches!(self, Phase::Completed | Phase::Compensated)
    }
}

/// A message a node has yet to hand to the broker, and how many times it
/// has tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pending {
    pub body: Body,
    pub attempts: u8,
}

/// The head node's disk: its saga log (orchestrator) or trip record (trip
/// service), and, for the trip service with the outbox on, its outbox.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HeadDisk {
    pub phase: Phase,
    pub outbox: Vec<Pending>,
}

/// A service's local database.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceDisk {
    pub step: Step,
    /// How many times the step's effect was applied: rooms reserved, card
    /// charges, seats booked, e-mails sent. Real rows in a real system; a
    /// count here.
    pub done: u8,
    /// How many times its compensation was applied: cancellations, refunds.
    pub undone: u8,
    /// Business refusals recorded.
    pub failed: u8,
    /// The learner asked for the next attempt to fail.
    pub fail_next: bool,
    /// The idempotent consumer's table of processed message ids, written in
    /// the same local transaction as the effect. Empty when dedupe is off.
    pub processed: Vec<Body>,
    /// The transactional outbox, written in the same local transaction as
    /// the effect. Empty when the outbox is off.
    pub outbox: Vec<Pending>,
}

impl ServiceDisk {
    pub fn new(step: Step) -> Self {
        ServiceDisk {
            step,
            done: 0,
            undone: 0,
            failed: 0,
            fail_next: false,
            processed: Vec::new(),
            outbox: Vec::new(),
        }
    }

    /// Whether the step's effect is currently in force: a room still held,
    /// money still charged, an e-mail sent (forever).
    pub fn in_effect(&self) -> bool {
        if self.step.compensatable() {
            self.done > self.undone
        } else {
            self.done > 0
        }
    }
}

/// A message the broker holds until a subscriber acknowledges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stored {
    pub body: Body,
    pub deliveries: u8,
}

/// The broker's durable log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BrokerDisk {
    pub stored: Vec<Stored>,
}

/// A node's disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Disk {
    Head(HeadDisk),
    Service(ServiceDisk),
    Broker(BrokerDisk),
}

impl Disk {
    pub fn head(&self) -> Option<&HeadDisk> {
        match self {
            Disk::Head(h) => Some(h),
            _ => None,
        }
    }

    pub fn service(&self) -> Option<&ServiceDisk> {
        match self {
            Disk::Service(s) => Some(s),
            _ => None,
        }
    }

    pub fn broker(&self) -> Option<&BrokerDisk> {
        match self {
            Disk::Broker(b) => Some(b),
            _ => None,
        }
    }

    /// Messages durably waiting to be published (the outbox).
    pub fn outbox(&self) -> &[Pending] {
        match self {
            Disk::Head(h) => &h.outbox,
            Disk::Service(s) => &s.outbox,
            Disk::Broker(_) => &[],
        }
    }
}

/// A node's memory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Memory {
    /// Messages waiting to be published that exist only here: a service's
    /// events when the outbox is off (the second half of a dual write), and
    /// the orchestrator's current command, which it can rebuild from its
    /// saga log after a crash.
    pub unpublished: Vec<Pending>,
}

fn put_step(w: &mut Writer, step: Step) {
    w.u8(step as u8);
}

fn take_step(r: &mut Reader<'_>) -> Result<Step, DecodeError> {
    let i = r.u8("a step")?;
    Step::ALL
        .get(usize::from(i))
        .copied()
        .ok_or_else(|| DecodeError::new(format!("{i} is not a saga step")))
}

impl Wire for Body {
    fn put(&self, w: &mut Writer) {
        match *self {
            Body::Start => w.u8(0),
            Body::Command(step, dir) => {
                w.u8(1);
                put_step(w, step);
                w.u8(dir as u8);
            }
            Body::Event(step, outcome) => {
                w.u8(2);
                put_step(w, step);
                w.u8(outcome as u8);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a message kind")? {
            0 => Ok(Body::Start),
            1 => {
                let step = take_step(r)?;
                let dir = match r.u8("a direction")? {
                    0 => Dir::Do,
                    1 => Dir::Undo,
                    d => return Err(DecodeError::new(format!("{d} is not a direction"))),
                };
                Ok(Body::Command(step, dir))
            }
            2 => {
                let step = take_step(r)?;
                let outcome = match r.u8("an outcome")? {
                    0 => Outcome::Done,
                    1 => Outcome::Failed,
                    2 => Outcome::Undone,
                    o => return Err(DecodeError::new(format!("{o} is not an outcome"))),
                };
                Ok(Body::Event(step, outcome))
            }
            k => Err(DecodeError::new(format!("{k} is not a saga message kind"))),
        }
    }
}

impl Wire for Timer {
    fn put(&self, w: &mut Writer) {
        match self {
            Timer::Publish(b) => {
                w.u8(0);
                b.put(w);
            }
            Timer::Redeliver(b) => {
                w.u8(1);
                b.put(w);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a timer kind")? {
            0 => Ok(Timer::Publish(Body::take(r)?)),
            1 => Ok(Timer::Redeliver(Body::take(r)?)),
            t => Err(DecodeError::new(format!("{t} is not a saga timer kind"))),
        }
    }
}

impl Wire for Request {
    fn put(&self, w: &mut Writer) {
        match self {
            Request::Book => w.u8(0),
            Request::Fail(step) => {
                w.u8(1);
                put_step(w, *step);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a request kind")? {
            0 => Ok(Request::Book),
            1 => Ok(Request::Fail(take_step(r)?)),
            k => Err(DecodeError::new(format!("{k} is not a saga request"))),
        }
    }
}
