use dsw_quiz::{Oracle, ScenarioCatalog};

use super::*;

#[test]
fn the_registry_lists_exactly_the_models_presets() {
    let model: Vec<&str> = dsw_sim::rpc::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::RPC_PRESETS.to_vec();
    let mut sorted_model = model.clone();
    registry.sort_unstable();
    sorted_model.sort_unstable();
    assert_eq!(registry, sorted_model);
}

#[test]
fn catalog_knows_rpc_scenarios_and_nothing_else() {
    assert!(Catalog.has_widget("rpc"));
    assert!(!Catalog.has_widget("raft-but-typo"));
    assert!(Catalog.has_scenario("rpc", "reply-lost"));
    assert!(!Catalog.has_scenario("rpc", "reply-lots"));
    assert!(!Catalog.has_scenario("ring", "reply-lost"));
    let asks = Catalog.asks("rpc").unwrap();
    assert_eq!(asks.len(), 3);
}

fn answer(scenario: &str, step: u32, ask: &str) -> String {
    Simulators
        .predict("rpc", scenario, step, ask)
        .unwrap()
        .correct
}

#[test]
fn the_client_sees_a_reply_only_when_one_arrives_in_time() {
    assert_eq!(answer("ok", 0, "client-sees"), "reply");
    for scenario in [
        "request-lost",
        "reply-lost",
        "server-crashed-before",
        "server-crashed-after",
        "slow-reply",
    ] {
        assert_eq!(answer(scenario, 0, "client-sees"), "timeout", "{scenario}");
    }
}

#[test]
fn the_server_count_tells_the_worlds_apart() {
    assert_eq!(answer("request-lost", 0, "server-applied-count"), "0");
    assert_eq!(
        answer("server-crashed-before", 0, "server-applied-count"),
        "0"
    );
    assert_eq!(
        answer("server-crashed-after", 0, "server-applied-count"),
        "1"
    );
    assert_eq!(answer("reply-lost", 0, "server-applied-count"), "1");
    assert_eq!(answer("retry-duplicate", 0, "server-applied-count"), "2");
    assert_eq!(answer("retry-idempotent", 0, "server-applied-count"), "1");
}

#[test]
fn next_message_follows_the_run() {
    assert_eq!(answer("ok", 0, "next-message"), "request");
    assert_eq!(answer("ok", 1, "next-message"), "reply");
    let end = dsw_sim::rpc::load("ok").unwrap().step() as u32;
    assert_eq!(answer("ok", end, "next-message"), "none");
    // After the lost reply, the next thing on the wire is the retry.
    let world = dsw_sim::rpc::load("retry-duplicate").unwrap();
    let dropped = world
        .log()
        .iter()
        .find(|e| matches!(e.what, dsw_sim::Happening::Dropped { .. }))
        .expect("the preset drops the reply")
        .step as u32;
    assert_eq!(answer("retry-duplicate", dropped, "next-message"), "retry");
}

#[test]
fn the_explanation_is_the_simulators_own_log() {
    let outcome = Simulators
        .predict("rpc", "reply-lost", 0, "client-sees")
        .unwrap();
    assert!(
        outcome.log.contains("the network drops reply to call #1"),
        "{}",
        outcome.log
    );
    assert!(outcome.log.contains("gives up"), "{}", outcome.log);
}

#[test]
fn bad_questions_are_errors_not_guesses() {
    assert!(Simulators.predict("rpc", "nope", 0, "client-sees").is_err());
    assert!(Simulators.predict("rpc", "ok", 0, "weather").is_err());
    assert!(Simulators.predict("rpc", "ok", 999, "client-sees").is_err());
    assert!(Simulators.predict("ring", "ok", 0, "client-sees").is_err());
}

#[test]
fn every_predict_question_in_the_book_is_answerable() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../src/ch01-foundations/quiz.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let quiz = dsw_quiz::parse_quiz("ch01", &text, &Catalog).unwrap_or_else(|e| panic!("{e:?}"));
    let errors = dsw_quiz::check_predictions("ch01", &quiz, &Simulators);
    assert!(errors.is_empty(), "{errors:?}");
}
