//! Seeded randomness for the property tests, random edits that build random
//! timelines, and an independent statement of every rule a timeline obeys.

#![allow(dead_code)]

use dsw_history::{
    Action, Edit, MAX_CLIENTS, MAX_OPS, MAX_TIME, MAX_VALUE, MIN_CLIENTS, OpId, Outcome, Timeline,
    Val,
};

/// SplitMix64 (Steele, Lea and Flood 2014): tiny and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            Some(items[self.index(items.len())])
        }
    }
}

pub fn val(rng: &mut Rng) -> Val {
    if rng.chance(25) {
        Val::Nil
    } else {
        Val::Int(rng.below(5) as u16)
    }
}

pub fn action(rng: &mut Rng) -> Action {
    match rng.below(5) {
        0 | 1 => Action::Read,
        2 | 3 => Action::Write(1 + rng.below(6) as u16),
        _ => Action::Cas {
            from: val(rng),
            to: 1 + rng.below(6) as u16,
        },
    }
}

pub fn outcome(rng: &mut Rng) -> Outcome {
    match rng.below(8) {
        0 => Outcome::Fail,
        1 => Outcome::Unknown,
        _ => Outcome::Ok,
    }
}

/// A time, mostly in a crowded window so that edits collide often, now and
/// then at the edges of the range.
pub fn time(rng: &mut Rng) -> u32 {
    match rng.below(20) {
        0 => MAX_TIME - rng.below(3) as u32,
        1 => MAX_TIME + rng.below(3) as u32,
        _ => rng.below(40) as u32,
    }
}

pub fn interval(rng: &mut Rng) -> (u32, Option<u32>) {
    let invoke = time(rng);
    let complete = match rng.below(12) {
        0 => None,
        1 => Some(invoke.saturating_sub(rng.below(2) as u32)),
        _ => Some(invoke + 1 + rng.below(8) as u32),
    };
    (invoke, complete)
}

/// Some id: usually an existing operation, sometimes one that is not.
pub fn op_id(rng: &mut Rng, t: &Timeline) -> OpId {
    let ids: Vec<OpId> = t.ops().iter().map(|o| o.id).collect();
    match rng.pick(&ids) {
        Some(id) if !rng.chance(5) => id,
        _ => OpId(rng.below(u64::from(t.next_id().0) + 3) as u32),
    }
}

/// A random edit, valid or not: the timeline must refuse the bad ones.
pub fn random_edit(rng: &mut Rng, t: &Timeline, allow_random: bool) -> Edit {
    let client = rng.index(t.clients() + 1);
    match rng.below(if allow_random { 104 } else { 100 }) {
        0..=29 => {
            let (invoke, complete) = interval(rng);
            let action = action(rng);
            let result = match action {
                Action::Read if !rng.chance(10) => Some(val(rng)),
                Action::Read => None,
                _ if rng.chance(5) => Some(val(rng)),
                _ => None,
            };
            Edit::Add {
                client,
                action,
                result,
                invoke,
                complete,
                outcome: outcome(rng),
            }
        }
        30..=49 => {
            let op = op_id(rng, t);
            let (mut invoke, mut complete) = interval(rng);
            if let Some(o) = t.op(op).filter(|_| rng.chance(50)) {
                // Nudge one end or the whole bar, as a drag does.
                let d = rng.below(5) as u32;
                match rng.below(3) {
                    0 => invoke = o.invoke.saturating_sub(d),
                    1 => {
                        invoke = o.invoke;
                        complete = o.complete.map(|c| c + d);
                    }
                    _ => {
                        invoke = o.invoke + d;
                        complete = o.complete.map(|c| c + d);
                    }
                }
            }
            Edit::Move {
                op,
                invoke,
                complete,
            }
        }
        50..=64 => {
            let op = op_id(rng, t);
            let action = action(rng);
            let result = match action {
                Action::Read if !rng.chance(10) => Some(val(rng)),
                _ if rng.chance(5) => Some(val(rng)),
                _ => None,
            };
            Edit::SetAction { op, action, result }
        }
        65..=76 => Edit::SetOutcome {
            op: op_id(rng, t),
            outcome: outcome(rng),
        },
        77..=90 => Edit::Delete { op: op_id(rng, t) },
        91..=95 => Edit::AddClient,
        96..=99 => Edit::RemoveClient { client },
        100..=102 => Edit::Random {
            seed: rng.next_u64() as u32,
        },
        _ => Edit::RandomLarge {
            seed: rng.next_u64() as u32,
        },
    }
}

/// A timeline built by `attempts` random edits from a fresh one.
pub fn random_timeline(rng: &mut Rng, attempts: usize, allow_random: bool) -> Timeline {
    let mut t = Timeline::new(1 + rng.index(MAX_CLIENTS)).expect("1 to 5 clients");
    for _ in 0..attempts {
        let e = random_edit(rng, &t, allow_random);
        let _ = t.apply(e);
    }
    t
}

/// Every rule of a timeline, stated again from the outside.
pub fn check_rules(t: &Timeline) {
    assert!((MIN_CLIENTS..=MAX_CLIENTS).contains(&t.clients()));
    assert!(t.ops().len() <= MAX_OPS);
    let ops = t.ops();
    for w in ops.windows(2) {
        assert!(
            (w[0].invoke, w[0].client) < (w[1].invoke, w[1].client),
            "ops not in invocation order"
        );
    }
    let mut ids: Vec<OpId> = ops.iter().map(|o| o.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ops.len(), "duplicate ids");
    for (i, o) in ops.iter().enumerate() {
        assert!(o.client < t.clients());
        assert!(o.invoke <= MAX_TIME);
        if let Some(c) = o.complete {
            assert!(c > o.invoke && c <= MAX_TIME);
        } else {
            assert_eq!(o.outcome, Outcome::Unknown, "only unknown ops stay open");
        }
        match o.action {
            Action::Read => {
                if o.outcome == Outcome::Ok {
                    assert!(o.result.is_some(), "an ok read without a result");
                }
            }
            _ => assert!(o.result.is_none(), "a write with a result"),
        }
        let nums = match o.action {
            Action::Read => vec![],
            Action::Write(v) => vec![v],
            Action::Cas { from, to } => match from {
                Val::Int(f) => vec![f, to],
                Val::Nil => vec![to],
            },
        };
        for n in nums.into_iter().chain(match o.result {
            Some(Val::Int(n)) => Some(n),
            _ => None,
        }) {
            assert!(n <= MAX_VALUE);
        }
        for p in &ops[i + 1..] {
            if p.client == o.client {
                let (oe, pe) = (
                    o.complete.unwrap_or(u32::MAX),
                    p.complete.unwrap_or(u32::MAX),
                );
                assert!(oe < p.invoke || pe < o.invoke, "a client overlaps itself");
            }
        }
        assert_eq!(t.index_of(o.id), Some(i));
        assert_eq!(t.id_at(i), Some(o.id));
    }
    let h = t.to_history();
    assert_eq!(h.ops.len(), ops.len());
    h.validate().expect("a timeline is a valid history");
}

/// The picture without ids: what a share code must preserve.
pub fn picture(t: &Timeline) -> (usize, Vec<String>) {
    (
        t.clients(),
        t.ops()
            .iter()
            .map(|o| {
                format!(
                    "{} {:?} {:?} {} {:?} {:?}",
                    o.client, o.action, o.result, o.invoke, o.complete, o.outcome
                )
            })
            .collect(),
    )
}
