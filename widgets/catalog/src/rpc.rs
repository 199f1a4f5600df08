//! Questions about the Foundations widget, answered by `dsw_sim::rpc`.

use dsw_quiz::Outcome;
use dsw_sim::rpc::{self, ClientView, Msg, Rpc, SERVER};
use dsw_sim::{Happening, World};

pub const ASKS: &[(&str, &[&str])] = &[
    ("client-sees", &["reply", "timeout"]),
    ("server-applied-count", &["0", "1", "2"]),
    ("next-message", &["request", "reply", "retry", "none"]),
];

pub fn predict(scenario: &str, step: u32, ask: &str) -> Result<Outcome, String> {
    let world = rpc::load(scenario)?;
    let end = world.step();
    if u64::from(step) > end {
        return Err(format!(
            "scenario `{scenario}` has only {end} steps, so step {step} does not exist"
        ));
    }
    let correct = match ask {
        // Both are about the end of the scenario: what it all came to.
        "client-sees" => match rpc::verdict(&world).client_view {
            ClientView::Replied { .. } => "reply".to_owned(),
            _ => "timeout".to_owned(),
        },
        "server-applied-count" => world.node(SERVER).durable.effects.to_string(),
        "next-message" => next_message(&world, u64::from(step)),
        other => return Err(format!("the rpc widget cannot answer `{other}`")),
    };
    Ok(Outcome {
        correct,
        log: narration(&world, u64::from(step)),
    })
}

/// The first message sent by a step after `step`.
fn next_message(world: &World<Rpc>, step: u64) -> String {
    world
        .log()
        .iter()
        .filter(|entry| entry.step > step)
        .find_map(|entry| match &entry.what {
            Happening::Sent {
                msg: Msg::Request { attempt: 1, .. },
                ..
            } => Some("request"),
            Happening::Sent {
                msg: Msg::Request { .. },
                ..
            } => Some("retry"),
            Happening::Sent {
                msg: Msg::Reply { .. },
                ..
            } => Some("reply"),
            _ => None,
        })
        .unwrap_or("none")
        .to_owned()
}

/// What the simulator said happened after `step`, one event a line: the
/// explanation a learner reads after answering.
fn narration(world: &World<Rpc>, step: u64) -> String {
    world
        .log()
        .iter()
        .filter(|entry| entry.step > step)
        .map(|entry| format!("t={} {}", entry.time, entry.text))
        .collect::<Vec<_>>()
        .join("\n")
}
