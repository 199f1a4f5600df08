//! Judging: slices give the same verdicts as one go, the verdicts agree
//! with the checker called directly, random histories are sometimes
//! linearizable and sometimes not, and the summaries hang together.

mod common;

use common::{Rng, random_timeline};
use dsw_history::random::{LARGE_OPS, describe_small};
use dsw_history::{
    Action, Edit, Judgement, Judging, Level, Outcome, SEARCH_MAX_OPS, Timeline, Verdicts, judge,
    load,
};
use dsw_lincheck::{Model, Verdict, check, check_causal, check_sequential};

fn sliced(t: &Timeline, budget: u64) -> (Verdicts, usize) {
    let mut j = Judging::new(t);
    let mut calls = 1;
    while !j.run_for(budget) {
        calls += 1;
        assert!(calls < 1_000_000, "judging does not finish");
        assert!(j.result().is_none());
    }
    (j.result().cloned().expect("done"), calls)
}

fn random_from_seed(seed: u32, large: bool) -> Timeline {
    let mut t = Timeline::new(1).unwrap();
    let e = if large {
        Edit::RandomLarge { seed }
    } else {
        Edit::Random { seed }
    };
    t.apply(e).unwrap();
    t
}

#[test]
fn slices_give_the_same_verdicts_as_one_go() {
    let mut rng = Rng::new(3);
    for i in 0..300 {
        let t = if i % 3 == 0 {
            random_from_seed(i, false)
        } else {
            random_timeline(&mut rng, 40, false)
        };
        let whole = judge(&t);
        let budget = 1 + rng.below(40);
        let (parts, _) = sliced(&t, budget);
        assert_eq!(parts, whole, "budget {budget}");
    }
}

#[test]
fn verdicts_agree_with_the_checker_called_directly() {
    let mut rng = Rng::new(17);
    for i in 0..300 {
        let t = if i % 2 == 0 {
            random_from_seed(1000 + i, false)
        } else {
            random_timeline(&mut rng, 40, false)
        };
        let h = t.to_history();
        let v = judge(&t);
        let lin = check(&h, Model::Register).unwrap();
        assert_eq!(
            lin.is_linearizable(),
            v.holds(Level::Linearizable) == Some(true)
        );
        if let Verdict::NotLinearizable(f) = &lin {
            let ids: Vec<_> = f.ops.iter().map(|&k| t.id_at(k).unwrap()).collect();
            assert_eq!(v.violating(Level::Linearizable), ids);
        }
        if h.len() <= SEARCH_MAX_OPS {
            let seq = check_sequential(&h, Model::Register, u64::MAX).unwrap();
            assert_eq!(seq.holds(), v.holds(Level::Sequential) == Some(true));
            let causal = check_causal(&h, Model::Register, u64::MAX).unwrap();
            assert_eq!(causal.word(), v.causal.word());
        }
    }
}

#[test]
fn a_large_history_is_judged_in_many_small_slices() {
    let mut seen_failure = false;
    for seed in 0..6 {
        let t = random_from_seed(seed, true);
        assert_eq!(t.ops().len(), LARGE_OPS);
        let whole = judge(&t);
        for budget in [7, 100, 1000] {
            let (parts, calls) = sliced(&t, budget);
            assert_eq!(parts, whole, "seed {seed} budget {budget}");
            // The linearizability search alone needs many slices this small.
            if budget <= 100 {
                assert!(calls > 5, "seed {seed}: {calls} calls");
            }
        }
        for level in [Level::Sequential, Level::Causal] {
            match whole.get(level) {
                Judgement::Unsupported { reason } => assert!(
                    reason.starts_with(&format!(
                        "not checked: {LARGE_OPS} operations is too many for this exhaustive \
                         search"
                    )),
                    "{reason}"
                ),
                other => panic!("{level:?}: {other:?}"),
            }
        }
        seen_failure |= whole.holds(Level::Linearizable) == Some(false);
        // Linearizability decides alone whether the strongest model is
        // known.
        let s = whole.strongest();
        assert_eq!(s.certain, whole.holds(Level::Linearizable) == Some(true));
    }
    assert!(seen_failure, "some large history should be mutated");
}

#[test]
fn the_search_threshold_is_where_the_docs_say() {
    let mut t = Timeline::new(5).unwrap();
    for k in 0..=SEARCH_MAX_OPS as u32 {
        t.apply(Edit::Add {
            client: (k % 5) as usize,
            action: Action::Write(k as u16 + 1),
            result: None,
            invoke: 3 * k,
            complete: Some(3 * k + 2),
            outcome: Outcome::Ok,
        })
        .unwrap();
        let v = judge(&t);
        let checked = t.ops().len() <= SEARCH_MAX_OPS;
        assert_eq!(v.holds(Level::Sequential).is_some(), checked);
        assert_eq!(v.holds(Level::Causal).is_some(), checked);
        assert_eq!(v.holds(Level::Linearizable), Some(true));
    }
}

/// The generator's histories are linearizable, and each of its mutations
/// breaks linearizability for certain: so the checker must say yes exactly
/// for the unmutated ones. Over 200 seeds both kinds must occur.
#[test]
fn random_histories_are_sometimes_linearizable_and_sometimes_not() {
    let (mut yes, mut no) = (0, 0);
    for seed in 0..200 {
        let r = describe_small(seed);
        let t = random_from_seed(seed, false);
        assert_eq!(t.ops().len(), r.history.ops.len());
        let v = judge(&t);
        let lin = v.holds(Level::Linearizable).expect("always decided");
        assert_eq!(lin, r.mutation.is_none(), "seed {seed}: {:?}", r.mutation);
        if lin {
            yes += 1
        } else {
            no += 1
        }
        // Small histories get all three checks (causal may decline a cas).
        assert!(v.holds(Level::Sequential).is_some(), "seed {seed}");
    }
    assert!(yes >= 40 && no >= 40, "{yes} linearizable, {no} not");
}

#[test]
fn the_models_are_ordered_by_strength() {
    // Linearizable implies sequential implies causal: any decided pair
    // must agree with that, whatever the history.
    let mut rng = Rng::new(41);
    let mut strongest_seen = std::collections::HashSet::new();
    for i in 0..400 {
        let t = if i % 2 == 0 {
            random_from_seed(5000 + i, false)
        } else {
            random_timeline(&mut rng, 40, false)
        };
        let v = judge(&t);
        let h = |l| v.holds(l);
        if h(Level::Linearizable) == Some(true) {
            assert_ne!(h(Level::Sequential), Some(false));
        }
        if h(Level::Sequential) == Some(true) {
            assert_ne!(h(Level::Causal), Some(false));
        }
        let s = v.strongest();
        strongest_seen.insert(s.key());
        match s.level {
            Some(l) => {
                assert_eq!(h(l), Some(true));
                for above in Level::ALL.into_iter().filter(|&a| a < l) {
                    assert_ne!(h(above), Some(true));
                }
            }
            None => assert!(Level::ALL.into_iter().all(|l| h(l) != Some(true))),
        }
        let undecided_above = Level::ALL
            .into_iter()
            .filter(|&a| s.level.is_none_or(|l| a < l))
            .any(|a| h(a).is_none());
        assert_eq!(s.certain, !undecided_above);
        if !s.certain {
            assert!(s.text.contains("not decided"), "{}", s.text);
        }
        for level in Level::ALL {
            let text = v.summary(level);
            assert!(text.len() > 30, "{text}");
            for id in v.violating(level) {
                assert!(text.contains(&t.name(id).unwrap()), "{text}");
            }
        }
    }
    assert!(strongest_seen.len() >= 3, "{strongest_seen:?}");
}

#[test]
fn a_cas_history_leaves_causal_to_the_others() {
    let v = judge(&load("cas-double-acquire").unwrap());
    assert_eq!(v.holds(Level::Linearizable), Some(false));
    assert_eq!(v.holds(Level::Sequential), Some(false));
    assert_eq!(v.holds(Level::Causal), None);
    let s = v.strongest();
    assert_eq!(s.level, None);
    assert!(!s.certain);
    assert!(s.text.contains("compare-and-set"), "{}", s.text);
    // With a successful linearizability verdict causal does not matter.
    let v = judge(&load("cas-race").unwrap());
    let s = v.strongest();
    assert_eq!((s.level, s.certain), (Some(Level::Linearizable), true));
}

#[test]
fn an_empty_timeline_satisfies_everything() {
    let v = judge(&Timeline::new(2).unwrap());
    for level in Level::ALL {
        assert_eq!(v.holds(level), Some(true));
    }
    assert!(v.points.is_empty());
}

#[test]
fn judging_is_a_snapshot() {
    let mut t = load("stale-read").unwrap();
    let mut j = Judging::new(&t);
    let r = t.ops()[1].id;
    t.apply(Edit::SetAction {
        op: r,
        action: Action::Read,
        result: Some(dsw_history::Val::Int(1)),
    })
    .unwrap();
    while !j.run_for(3) {}
    assert_eq!(
        j.result().unwrap().holds(Level::Linearizable),
        Some(false),
        "the edit after Judging::new must not leak in"
    );
    // And the edited history is linearizable: the stale read is gone.
    assert_eq!(judge(&t).holds(Level::Linearizable), Some(true));
}
