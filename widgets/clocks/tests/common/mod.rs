//! Seeded randomness for the property tests: a SplitMix64 generator and
//! random edit sequences that build random valid diagrams.

#![allow(dead_code)]

use dsw_clocks::{Diagram, Edit, EventId, Kind, MAX_PROCESSES, MAX_TIME, MIN_PROCESSES};

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and the same on
/// every platform.
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

    /// Uniform in `0..n` (n > 0); the tiny modulo bias does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
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

/// How wild the random edits are.
#[derive(Clone, Copy)]
pub struct Shape {
    /// Edits attempted.
    pub attempts: usize,
    /// Real times are drawn from `0..=span`; a small span crowds events
    /// and makes many edits collide.
    pub span: i64,
    /// Largest skew drawn, in ms.
    pub skew: i64,
    /// Whether drift may be set, and whether it may be negative.
    pub drift: bool,
    pub negative_drift: bool,
    /// Whether processes may be added and removed.
    pub membership: bool,
}

impl Shape {
    pub fn varied(rng: &mut Rng) -> Shape {
        Shape {
            attempts: 10 + rng.index(90),
            span: [40, 120, 400, MAX_TIME][rng.index(4)],
            skew: [0, 10, 60, 500][rng.index(4)],
            drift: rng.chance(40),
            negative_drift: rng.chance(50),
            membership: rng.chance(30),
        }
    }
}

/// One random edit against `d`, biased towards edits that succeed (it
/// names events and processes that exist most of the time) but also
/// producing every kind of invalid edit.
pub fn random_edit(rng: &mut Rng, d: &Diagram, shape: Shape) -> Edit {
    let n = d.process_count();
    // Usually a real process, sometimes one just past the end.
    let process = |rng: &mut Rng| {
        if rng.chance(95) {
            rng.index(n)
        } else {
            n + rng.index(2)
        }
    };
    let time = |rng: &mut Rng| {
        if rng.chance(98) {
            rng.range(0, shape.span.min(MAX_TIME))
        } else {
            [-1, MAX_TIME + 1, -50][rng.index(3)]
        }
    };
    let ids: Vec<EventId> = d.events().iter().map(|e| e.id).collect();
    let open_sends: Vec<EventId> = d
        .events()
        .iter()
        .filter(|e| e.kind == Kind::Send { to: None })
        .map(|e| e.id)
        .collect();
    let received_sends: Vec<EventId> = d
        .events()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Send { to: Some(_) }))
        .map(|e| e.id)
        .collect();
    let locals: Vec<EventId> = d
        .events()
        .iter()
        .filter(|e| e.kind == Kind::Local)
        .map(|e| e.id)
        .collect();
    let any_id = |rng: &mut Rng, preferred: &[EventId]| {
        if rng.chance(90)
            && let Some(id) = rng.pick(preferred)
        {
            return id;
        }
        if rng.chance(70)
            && let Some(id) = rng.pick(&ids)
        {
            return id;
        }
        EventId(rng.below(u64::from(d.next_id().0) + 3) as u32)
    };
    match rng.below(100) {
        0..=19 => Edit::Local {
            process: process(rng),
            time: time(rng),
        },
        20..=44 => Edit::Send {
            process: process(rng),
            time: time(rng),
        },
        45..=74 => {
            let from = any_id(rng, &open_sends);
            // Aim after the send, as a learner dragging an arrow would.
            let after = d.event(from).map_or(0, |e| e.time);
            let t = if rng.chance(85) {
                rng.range(after, (after + shape.span / 2 + 1).min(MAX_TIME))
            } else {
                time(rng)
            };
            Edit::Receive {
                from,
                process: process(rng),
                time: t,
            }
        }
        75..=79 => Edit::Connect {
            from: any_id(rng, &open_sends),
            to: any_id(rng, &locals),
        },
        80..=84 => Edit::MoveReceive {
            from: any_id(rng, &received_sends),
            process: process(rng),
            time: time(rng),
        },
        85..=89 => Edit::Delete {
            event: any_id(rng, &ids),
        },
        90..=94 => Edit::Skew {
            process: process(rng),
            skew: if rng.chance(97) {
                rng.range(-shape.skew, shape.skew)
            } else {
                [501, -501, 10_000][rng.index(3)]
            },
        },
        95..=96 if shape.drift => Edit::Drift {
            process: process(rng),
            ppm: if shape.negative_drift {
                rng.range(-100_000, 100_000)
            } else {
                rng.range(0, 100_000)
            },
        },
        97 if shape.membership => Edit::AddProcess,
        98 if shape.membership => Edit::RemoveProcess {
            process: process(rng),
        },
        _ => Edit::Local {
            process: process(rng),
            time: time(rng),
        },
    }
}

/// A random diagram built by random edits (the refused ones are skipped).
pub fn random_diagram(rng: &mut Rng) -> Diagram {
    let shape = Shape::varied(rng);
    random_diagram_shaped(rng, shape)
}

pub fn random_diagram_shaped(rng: &mut Rng, shape: Shape) -> Diagram {
    let n = MIN_PROCESSES + rng.index(MAX_PROCESSES - MIN_PROCESSES + 1);
    let mut d = Diagram::new(n).expect("2..=5 processes is a valid diagram");
    for _ in 0..shape.attempts {
        let edit = random_edit(rng, &d, shape);
        let _ = d.apply(edit);
    }
    d
}
