use super::*;

/// A small deterministic generator so the tests need no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn random_actions(seed: u64, nodes: usize, len: usize) -> Vec<Action> {
    let mut rng = Lcg(seed);
    (0..len)
        .map(|_| match rng.below(6) {
            0 => Action::Crash(rng.below(nodes)),
            1 => Action::Restart(rng.below(nodes)),
            _ => Action::Step,
        })
        .collect()
}

#[test]
fn the_token_goes_round_a_healthy_ring() {
    let mut ring = Ring::new(3);
    let said: Vec<String> = (0..6).map(|_| ring.apply(Action::Step)).collect();
    assert_eq!(said[0], "n0 sends the token to n1");
    assert_eq!(said[1], "n1 receives the token from n0");
    assert_eq!(said[5], "n0 receives the token from n2");
    assert_eq!(ring.token(), Token::HeldBy(0));
    assert_eq!(
        (ring.received(0), ring.received(1), ring.received(2)),
        (1, 1, 1)
    );
}

#[test]
fn a_token_sent_to_a_crashed_node_is_lost_for_good() {
    let mut ring = Ring::new(4);
    ring.apply(Action::Crash(1));
    ring.apply(Action::Step);
    assert!(ring.apply(Action::Step).contains("the token is lost"));
    assert_eq!(ring.token(), Token::Lost);
    ring.apply(Action::Restart(1));
    assert_eq!(
        ring.token(),
        Token::Lost,
        "restarting does not bring the token back"
    );
    assert!(!ring.enabled().contains(&Action::Step));
}

#[test]
fn crashing_the_holder_loses_the_token() {
    let mut ring = Ring::new(3);
    let said = ring.apply(Action::Crash(0));
    assert!(said.contains("while holding the token"), "{said}");
    assert_eq!(ring.token(), Token::Lost);
}

#[test]
fn impossible_actions_change_nothing() {
    let mut ring = Ring::new(3);
    let before = ring.clone();
    assert_eq!(ring.apply(Action::Restart(2)), "n2 is already up");
    assert_eq!(ring.apply(Action::Crash(7)), "there is no node n7");
    assert_eq!(ring, before);
}

/// Safety under many random fault schedules: the token is never in two
/// places, a held token is held by a live node, and every receipt counted
/// was a real delivery.
#[test]
fn the_token_is_never_duplicated_under_random_faults() {
    for seed in 0..2_000 {
        let nodes = 3 + (seed as usize % 7);
        let mut ring = Ring::new(nodes);
        let mut deliveries = 0;
        for action in random_actions(seed, nodes, 120) {
            let before = ring.token();
            ring.apply(action);
            if let (Token::InFlight { to, .. }, Token::HeldBy(holder)) = (before, ring.token()) {
                assert_eq!(to, holder, "seed {seed}: the token jumped");
                deliveries += 1;
            }
            if let Token::HeldBy(holder) = ring.token() {
                assert!(
                    ring.is_up(holder),
                    "seed {seed}: a crashed node holds the token"
                );
            }
            if before == Token::Lost {
                assert_eq!(
                    ring.token(),
                    Token::Lost,
                    "seed {seed}: a lost token came back"
                );
            }
        }
        let counted: u32 = (0..nodes).map(|n| ring.received(n)).sum();
        assert_eq!(counted, deliveries, "seed {seed}");
    }
}

#[test]
fn seeking_equals_replaying_and_back_then_forward_returns() {
    for seed in 0..200 {
        let mut session = Session::new(5);
        let actions = random_actions(seed, 5, 60);
        for action in &actions {
            session.act(*action);
        }
        let end = session.ring().clone();
        let target = Lcg(seed).below(actions.len() + 1);
        session.seek(target);
        let mut replayed = Ring::new(5);
        for action in &actions[..target] {
            replayed.apply(*action);
        }
        assert_eq!(session.ring(), &replayed, "seed {seed} step {target}");
        assert_eq!(session.log().len(), target);
        while session.cursor() < session.len() {
            session.forward();
        }
        assert_eq!(session.ring(), &end, "seed {seed}");
    }
}

#[test]
fn acting_after_stepping_back_discards_the_old_future() {
    let mut session = Session::new(3);
    session.forward();
    session.forward();
    session.back();
    session.back();
    session.act(Action::Crash(1));
    assert_eq!(session.len(), 1);
    assert_eq!(session.log(), ["n1 crashes"]);
    session.back();
    assert!(session.ring().is_up(1));
    session.forward();
    assert!(
        !session.ring().is_up(1),
        "forward replays the recorded crash"
    );
}
