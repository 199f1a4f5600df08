//! Helpers shared by the integration tests.
#![allow(dead_code)]

use dsw_saga::{Body, HEAD, Mode, Msg, Request, Saga, ServiceDisk, Step, Variant};
use dsw_sim::{Action, Config, World};

pub fn world(mode: Mode, variant: Variant) -> World<Saga> {
    World::with_config(Saga::new(mode, variant), Config::default())
}

pub fn act(w: &mut World<Saga>, action: Action<Saga>) {
    w.apply(action).expect("the set-up applies");
}

pub fn book(w: &mut World<Saga>) {
    act(w, Action::Request(HEAD, Request::Book));
}

pub fn fail(w: &mut World<Saga>, step: Step) {
    act(w, Action::Request(step.node(), Request::Fail(step)));
}

pub fn settle(w: &mut World<Saga>) {
    w.run_until_quiet(5_000).expect("natural events apply");
    assert!(w.next_event().is_none(), "the run settles");
}

/// Takes natural steps until `done` holds.
pub fn advance_until(w: &mut World<Saga>, done: impl Fn(&World<Saga>) -> bool) {
    for _ in 0..5_000 {
        if done(w) {
            return;
        }
        w.step_natural()
            .expect("something can happen")
            .expect("natural events apply");
    }
    panic!("the condition never held");
}

pub fn db(w: &World<Saga>, step: Step) -> ServiceDisk {
    w.node(step.node())
        .durable
        .service()
        .expect("a service")
        .clone()
}

/// Whether `body` is in flight as a delivery from the broker.
pub fn delivering(w: &World<Saga>, body: Body) -> bool {
    w.in_flight().iter().any(|e| e.msg == Msg::Deliver(body))
}

/// The id of the first in-flight delivery of `body`.
pub fn delivery(w: &World<Saga>, body: Body) -> dsw_sim::MsgId {
    w.in_flight()
        .iter()
        .find(|e| e.msg == Msg::Deliver(body))
        .expect("the delivery is in flight")
        .id
}

/// Compensations in the order services applied them, read by rewinding a
/// copy of the run.
pub fn compensation_order(w: &World<Saga>) -> Vec<Step> {
    let mut copy = w.clone();
    let end = copy.trace().len() as u64;
    let mut order = Vec::new();
    copy.seek(0).expect("rewinds");
    let mut before: Vec<u8> = Step::ALL.iter().map(|&s| db(&copy, s).undone).collect();
    for at in 1..=end {
        copy.seek(at).expect("replays");
        let now: Vec<u8> = Step::ALL.iter().map(|&s| db(&copy, s).undone).collect();
        for (i, (a, b)) in now.iter().zip(&before).enumerate() {
            if a > b {
                order.push(Step::ALL[i]);
            }
        }
        before = now;
    }
    order
}

pub fn broken(w: &World<Saga>) -> Vec<&'static str> {
    w.violations().iter().map(|v| v.invariant).collect()
}
