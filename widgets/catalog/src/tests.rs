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
fn the_registry_lists_exactly_the_raft_presets() {
    let mut model: Vec<&str> = dsw_raft::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::RAFT_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("raft", "figure-8"));
    assert!(!Catalog.has_scenario("raft", "figure-9"));
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
    // The chapter's quiz asks exactly this at step 5 and says the reply was
    // just dropped there.
    assert_eq!(dropped, 5);
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

/// Every quiz file in the book, found the way an author adds one: a
/// `quiz.toml` in a chapter's folder.
fn book_quizzes() -> Vec<(String, String)> {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        let path = entry.path().join("quiz.toml");
        if let Ok(text) = std::fs::read_to_string(&path) {
            found.push((path.display().to_string(), text));
        }
    }
    found.sort();
    found
}

/// The book's own question banks pass every build check with the real
/// simulators, and meet the bar each chapter is held to: at least 12
/// questions, every kind, at least 3 predict questions, every difficulty.
#[test]
fn every_quiz_in_the_book_is_valid_and_complete() {
    let files = book_quizzes();
    assert!(!files.is_empty(), "no quiz.toml found under src/");
    let mut quizzes = Vec::new();
    for (path, text) in &files {
        let quiz = dsw_quiz::parse_quiz(path, text, &Catalog).unwrap_or_else(|e| {
            panic!("{}", e.iter().map(|e| format!("{e}\n")).collect::<String>())
        });
        let wrong = dsw_quiz::check_predictions(path, &quiz, &Simulators);
        assert!(wrong.is_empty(), "{wrong:?}");
        assert!(
            quiz.questions.len() >= 12,
            "{path}: {} questions",
            quiz.questions.len()
        );
        for kind in dsw_quiz::Kind::NAMES {
            let n = quiz
                .questions
                .iter()
                .filter(|q| q.kind.name() == kind)
                .count();
            assert!(
                n >= if kind == "Predict" { 3 } else { 1 },
                "{path}: {n} {kind} questions"
            );
        }
        for d in dsw_quiz::Difficulty::ALL {
            assert!(
                quiz.questions.iter().any(|q| q.difficulty == d),
                "{path}: no {d:?} question"
            );
        }
        quizzes.push((path.clone(), quiz));
    }
    let pairs: Vec<(&str, &dsw_quiz::Quiz)> =
        quizzes.iter().map(|(p, q)| (p.as_str(), q)).collect();
    assert!(dsw_quiz::check_unique_ids(&pairs).is_empty());
}

#[test]
fn the_registry_lists_exactly_the_twopc_presets() {
    let mut model: Vec<&str> = dsw_twopc::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::TWOPC_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("twopc", "coordinator-crash-in-doubt"));
    assert!(!Catalog.has_scenario("twopc", "coordinator-crash-in-doubt-typo"));
}

#[test]
fn the_registry_lists_exactly_the_cap_presets() {
    let mut model: Vec<&str> = dsw_cap::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::CAP_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("cap", "partition-available"));
    assert!(!Catalog.has_scenario("cap", "partition-available-typo"));
}

#[test]
fn the_registry_lists_exactly_the_saga_presets() {
    let mut model: Vec<&str> = dsw_saga::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::SAGA_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("saga", "flight-fails"));
    assert!(!Catalog.has_scenario("saga", "flight-fails-typo"));
}

#[test]
fn the_registry_lists_exactly_the_paxos_presets() {
    let mut model: Vec<&str> = dsw_paxos::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::PAXOS_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("paxos", "value-adoption"));
    assert!(!Catalog.has_scenario("paxos", "value-adoption-typo"));
}

#[test]
fn the_registry_lists_exactly_the_clocks_presets() {
    let mut model: Vec<&str> = dsw_clocks::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::CLOCKS_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("clocks", "basics"));
    assert!(Catalog.has_scenario("clocks", "basics@lamport-max-only"));
    assert!(!Catalog.has_scenario("clocks", "basics@no-such-rule"));
    assert!(!Catalog.has_scenario("clocks", "basics-typo"));
}

#[test]
fn the_registry_lists_exactly_the_history_presets() {
    let mut model: Vec<&str> = dsw_history::PRESETS.iter().map(|p| p.name).collect();
    let mut registry = dsw_spec::HISTORY_PRESETS.to_vec();
    model.sort_unstable();
    registry.sort_unstable();
    assert_eq!(registry, model);
    assert!(Catalog.has_scenario("history", "stale-read"));
    assert!(!Catalog.has_scenario("history", "stale-read-typo"));
}
