//! The toy protocols under chaos, and the RPC model's client-versus-truth
//! reconstruction.

use std::collections::HashSet;

use dsw_sim::rpc::{self, ClientView, Rpc, Truth};
use dsw_sim::toys::Gossip;
use dsw_sim::{Chaos, Config, World};

fn gossip(forgetful: bool, seed: u64) -> World<Gossip> {
    let g = Gossip {
        nodes: 4,
        forgetful,
        ..Gossip::default()
    };
    World::with_config(
        g,
        Config {
            seed,
            jitter: 2,
            ..Config::default()
        },
    )
}

#[test]
fn correct_gossip_survives_random_faults_and_the_forgetful_one_does_not() {
    let chaos = Chaos {
        request: 20,
        max_down: 2,
        ..Chaos::storm()
    };
    let mut caught = 0;
    for seed in 0..150 {
        let mut w = gossip(false, seed);
        let run = w.run_chaos(&chaos, 300).expect("chaos");
        assert!(
            run.violations.is_empty(),
            "seed {seed}: {:?}",
            run.violations
        );
        let mut w = gossip(true, seed);
        let run = w.run_chaos(&chaos, 300).expect("chaos");
        if let Some(v) = run.violations.first() {
            assert_eq!(v.invariant, "no version from the future");
            assert_eq!(w.violations()[0], *v, "the world remembers the violation");
            caught += 1;
        }
    }
    assert!(
        caught > 100,
        "the bug should be caught in most runs ({caught}/150)"
    );
}

#[test]
fn presets_show_one_client_view_for_many_truths() {
    let expect = [
        ("ok", Truth::Answered),
        ("request-lost", Truth::RequestLost),
        ("server-crashed-before", Truth::CrashedBeforeApplying),
        ("server-crashed-after", Truth::CrashedAfterApplying),
        ("reply-lost", Truth::ReplyLost),
        ("slow-reply", Truth::ReplyLate),
        ("retry-duplicate", Truth::Answered),
        ("retry-idempotent", Truth::Answered),
    ];
    let mut timed_out_truths = HashSet::new();
    for (name, truth) in expect {
        let world = rpc::load(name).expect("preset loads");
        let v = rpc::verdict(&world);
        assert_eq!(v.truth, truth, "{name}: {}", v.really);
        if v.client_view == (ClientView::TimedOut { attempts: 1 }) {
            timed_out_truths.insert(format!("{:?}", v.truth));
        }
    }
    // The chapter's point: "timed out, no reply" hides at least five
    // different realities.
    assert!(timed_out_truths.len() >= 5, "{timed_out_truths:?}");

    let dup = rpc::verdict(&rpc::load("retry-duplicate").unwrap());
    let idem = rpc::verdict(&rpc::load("retry-idempotent").unwrap());
    assert_eq!((dup.effects, idem.effects), (2, 1));
    assert!(dup.attempts[1].applied && !idem.attempts[1].applied);
}

#[test]
fn the_slow_reply_preset_is_slow_before_it_is_late() {
    let mut w = rpc::load("slow-reply").unwrap();
    assert_eq!(rpc::verdict(&w).truth, Truth::ReplyLate);
    // Scrub back to just after the timeout: the reply is still in flight.
    while w.in_flight().is_empty() {
        assert!(w.step_back());
    }
    let v = rpc::verdict(&w);
    assert_eq!(v.client_view, ClientView::TimedOut { attempts: 1 });
    assert_eq!(v.truth, Truth::ReplySlow);
}

#[test]
fn rpc_under_chaos_always_explains_itself() {
    for seed in 0..300 {
        let rpc = Rpc {
            retries: (seed % 3) as u8,
            idempotent: seed % 2 == 0,
            ..Rpc::default()
        };
        let config = Config {
            seed,
            latency: 3,
            menu: rpc::menu(),
            ..Config::default()
        };
        let mut w = World::with_config(rpc, config);
        w.run_chaos(
            &Chaos {
                request: 3,
                ..Chaos::storm()
            },
            80,
        )
        .expect("chaos");
        let v = rpc::verdict(&w);
        assert!(!v.client_saw.is_empty() && !v.really.is_empty());
        let server = w.node(rpc::SERVER).durable;
        if w.protocol().idempotent {
            assert!(
                server.applied.len() as u32 == server.effects,
                "seed {seed}: a call applied twice"
            );
        }
        if let Some(call) = v.call
            && call == server.applied.keys().copied().max().unwrap_or(0)
            && w.protocol().idempotent
        {
            assert!(v.effects <= 1, "seed {seed}");
        }
    }
}
