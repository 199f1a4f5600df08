//! The clocks' guarantees, checked on thousands of random diagrams against
//! a happened-before relation the test computes on its own, by a naive
//! search over process lines and message arrows.

mod common;

use common::{Rng, Shape, random_diagram, random_diagram_shaped};
use dsw_clocks::vector::{self, VectorOrder};
use dsw_clocks::{Analysis, Diagram, EdgeKind, EventId, Kind, MAX_TIME, Relation, Variant};

const DIAGRAMS: u64 = 3000;

/// Happened-before by brute force: `hb[i][j]` when event `i` reaches event
/// `j` through next-on-the-same-process steps and message arrows.
struct Reference {
    ids: Vec<EventId>,
    hb: Vec<Vec<bool>>,
}

impl Reference {
    fn new(d: &Diagram) -> Reference {
        let events = d.events();
        let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
        let n = events.len();
        let pos = |id: EventId| ids.iter().position(|x| *x == id).unwrap();
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, e) in events.iter().enumerate() {
            // Next on the same process: the earliest later event there.
            if let Some((j, _)) = events
                .iter()
                .enumerate()
                .filter(|(_, f)| f.process == e.process && f.time > e.time)
                .min_by_key(|(_, f)| f.time)
            {
                succ[i].push(j);
            }
            if let Kind::Send { to: Some(r) } = e.kind {
                succ[i].push(pos(r));
            }
        }
        let mut hb = vec![vec![false; n]; n];
        for start in 0..n {
            let mut stack = succ[start].clone();
            while let Some(x) = stack.pop() {
                if !hb[start][x] {
                    hb[start][x] = true;
                    stack.extend(&succ[x]);
                }
            }
        }
        Reference { ids, hb }
    }

    fn before(&self, i: usize, j: usize) -> bool {
        self.hb[i][j]
    }
}

fn each_diagram(seed: u64, count: u64, mut check: impl FnMut(&Diagram, &Analysis, &Reference)) {
    let mut rng = Rng::new(seed);
    for _ in 0..count {
        let d = random_diagram(&mut rng);
        let a = d.analyze();
        let r = Reference::new(&d);
        check(&d, &a, &r);
    }
}

#[test]
fn random_diagrams_are_not_trivial() {
    // The generator must exercise what the properties talk about.
    let (mut events, mut messages, mut concurrent, mut skewed, mut inverted) = (0, 0, 0, 0, 0);
    each_diagram(1, DIAGRAMS, |d, a, r| {
        events += d.events().len();
        messages += d
            .events()
            .iter()
            .filter(|e| matches!(e.kind, Kind::Receive { .. }))
            .count();
        let n = r.ids.len();
        for i in 0..n {
            for j in 0..n {
                if i != j && !r.before(i, j) && !r.before(j, i) {
                    concurrent += 1;
                }
            }
        }
        if d.clocks().iter().any(|c| c.skew != 0 || c.drift_ppm != 0) {
            skewed += 1;
        }
        if !a.inversions().is_empty() {
            inverted += 1;
        }
    });
    assert!(events > 20 * DIAGRAMS as usize, "{events} events");
    assert!(messages > 5 * DIAGRAMS as usize, "{messages} messages");
    assert!(concurrent > 100 * DIAGRAMS as usize);
    assert!(skewed > DIAGRAMS / 2);
    assert!(
        inverted > DIAGRAMS / 10,
        "{inverted} diagrams with inversions"
    );
}

#[test]
fn happened_before_matches_the_graph() {
    each_diagram(2, DIAGRAMS, |d, a, r| {
        for (i, &x) in r.ids.iter().enumerate() {
            let concurrent: Vec<EventId> = r
                .ids
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i && !r.before(i, *j) && !r.before(*j, i))
                .map(|(_, id)| *id)
                .collect();
            assert_eq!(a.concurrent_with(x), concurrent);
            assert_eq!(a.label(x), d.label(x));
        }
        for (i, &x) in r.ids.iter().enumerate() {
            for (j, &y) in r.ids.iter().enumerate() {
                let want = if i == j {
                    Relation::Same
                } else if r.before(i, j) {
                    Relation::Before
                } else if r.before(j, i) {
                    Relation::After
                } else {
                    Relation::Concurrent
                };
                assert_eq!(a.relation(x, y), Some(want), "{x} vs {y}");
                assert_eq!(a.happened_before(x, y), want == Relation::Before);
            }
        }
    });
}

#[test]
fn happened_before_is_a_strict_partial_order() {
    each_diagram(3, DIAGRAMS, |d, a, _| {
        let ids: Vec<EventId> = d.events().iter().map(|e| e.id).collect();
        let hb: Vec<Vec<bool>> = ids
            .iter()
            .map(|&x| ids.iter().map(|&y| a.happened_before(x, y)).collect())
            .collect();
        let n = ids.len();
        for x in 0..n {
            // Irreflexive.
            assert!(!hb[x][x]);
            for y in 0..n {
                // Antisymmetric (no cycles).
                assert!(!(hb[x][y] && hb[y][x]));
                if hb[x][y] {
                    // Transitive.
                    for z in 0..n {
                        if hb[y][z] {
                            assert!(hb[x][z], "{} -> {} -> {}", ids[x], ids[y], ids[z]);
                        }
                    }
                }
            }
        }
    });
}

#[test]
fn causal_paths_are_valid_and_exist_exactly_for_ordered_pairs() {
    each_diagram(4, DIAGRAMS, |d, a, _| {
        let ids: Vec<EventId> = d.events().iter().map(|e| e.id).collect();
        for &x in &ids {
            for &y in &ids {
                let path = a.causal_path(x, y);
                assert_eq!(path.is_some(), a.happened_before(x, y), "{x} {y}");
                if let Some(path) = path {
                    assert_eq!(path.first(), Some(&x));
                    assert_eq!(path.last(), Some(&y));
                    for hop in path.windows(2) {
                        let kind = a.edge(hop[0], hop[1]);
                        assert!(kind.is_some(), "{} to {} is no edge", hop[0], hop[1]);
                        let (e, f) = (a.event(hop[0]).unwrap(), a.event(hop[1]).unwrap());
                        match kind {
                            Some(EdgeKind::Process) => {
                                assert_eq!(e.process, f.process);
                                assert!(e.time < f.time);
                                // Nothing on the line in between.
                                assert_eq!(a.previous_on_process(f.id), Some(e.id));
                            }
                            Some(EdgeKind::Message) => {
                                assert_eq!(e.kind, Kind::Send { to: Some(f.id) });
                                assert_eq!(f.kind, Kind::Receive { from: e.id });
                            }
                            None => unreachable!(),
                        }
                    }
                }
            }
        }
    });
}

// Lamport 1978, the clock condition: a -> b implies C(a) < C(b).
#[test]
fn lamport_clock_condition() {
    each_diagram(5, DIAGRAMS, |d, a, _| {
        for e in d.events() {
            for f in d.events() {
                if a.happened_before(e.id, f.id) {
                    assert!(a.stamp(e.id).unwrap().lamport < a.stamp(f.id).unwrap().lamport);
                }
            }
        }
    });
}

// With "+1 on every event, max on receive", L(e) is exactly the number of
// events on the longest causal chain ending at e.
#[test]
fn lamport_stamp_is_the_longest_chain() {
    each_diagram(6, DIAGRAMS, |d, a, r| {
        let n = r.ids.len();
        // Events are in a causal order, so one forward pass suffices.
        let mut longest = vec![1u32; n];
        for j in 0..n {
            for i in 0..j {
                if r.before(i, j) {
                    longest[j] = longest[j].max(longest[i] + 1);
                }
            }
        }
        for (j, e) in d.events().iter().enumerate() {
            assert_eq!(a.stamp(e.id).unwrap().lamport, longest[j]);
        }
    });
}

// The total order with the process-id tie-break extends happened-before.
#[test]
fn lamport_total_order_extends_happened_before() {
    each_diagram(7, DIAGRAMS, |d, a, _| {
        let order = a.total_order();
        assert_eq!(order.len(), d.events().len());
        let at = |id: EventId| order.iter().position(|x| *x == id).unwrap();
        for e in d.events() {
            for f in d.events() {
                if a.happened_before(e.id, f.id) {
                    assert!(at(e.id) < at(f.id));
                }
            }
        }
        let mut sorted = order.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), order.len());
    });
}

// Fidge/Mattern: V(a) < V(b) iff a -> b, and equal iff the same event.
#[test]
fn vector_order_is_exactly_happened_before() {
    each_diagram(8, DIAGRAMS, |d, a, _| {
        for e in d.events() {
            for f in d.events() {
                let want = match a.relation(e.id, f.id).unwrap() {
                    Relation::Same => VectorOrder::Equal,
                    Relation::Before => VectorOrder::Before,
                    Relation::After => VectorOrder::After,
                    Relation::Concurrent => VectorOrder::Concurrent,
                };
                assert_eq!(a.vector_order(e.id, f.id), Some(want));
            }
        }
    });
}

// V(e)[j] counts the events of process j in e's causal past, e included.
#[test]
fn vector_entries_count_the_causal_past() {
    each_diagram(9, DIAGRAMS, |d, a, r| {
        for (j, f) in d.events().iter().enumerate() {
            let v = &a.stamp(f.id).unwrap().vector;
            assert_eq!(v.len(), d.process_count());
            for (p, &entry) in v.iter().enumerate() {
                let count = d
                    .events()
                    .iter()
                    .enumerate()
                    .filter(|(i, g)| g.process == p && (*i == j || r.before(*i, j)))
                    .count();
                assert_eq!(entry as usize, count);
            }
        }
    });
}

// Kulkarni et al. 2014: l.f >= pt.f, and e -> f implies (l,c)(e) < (l,c)(f).
#[test]
fn hlc_is_at_least_physical_time_and_respects_causality() {
    each_diagram(10, DIAGRAMS, |d, a, _| {
        for e in d.events() {
            let s = a.stamp(e.id).unwrap();
            assert!(s.hlc.l >= s.physical);
            for f in d.events() {
                if a.happened_before(e.id, f.id) {
                    assert!(s.hlc < a.stamp(f.id).unwrap().hlc);
                }
            }
        }
        // The HLC order with the process tie-break also extends causality.
        let order = a.hlc_order();
        let at = |id: EventId| order.iter().position(|x| *x == id).unwrap();
        for e in d.events() {
            for f in d.events() {
                if a.happened_before(e.id, f.id) {
                    assert!(at(e.id) < at(f.id));
                }
            }
        }
    });
}

// l is the largest physical reading in the causal past (e included), which
// gives the paper's "l.f > pt.f implies some g -> f has pt.g = l.f", and
// l.f - pt.f <= epsilon, the largest gap between two clocks' readings.
#[test]
fn hlc_l_is_the_largest_reading_heard_of_and_stays_within_epsilon() {
    let mut ahead = 0;
    each_diagram(11, DIAGRAMS, |d, a, r| {
        let epsilon = a.epsilon();
        for (j, f) in d.events().iter().enumerate() {
            let s = a.stamp(f.id).unwrap();
            let heard = d
                .events()
                .iter()
                .enumerate()
                .filter(|(i, _)| *i == j || r.before(*i, j))
                .map(|(_, g)| a.stamp(g.id).unwrap().physical)
                .max()
                .unwrap();
            assert_eq!(s.hlc.l, heard);
            assert!(
                s.hlc.l - s.physical <= epsilon,
                "l - pt = {} > {epsilon}",
                s.hlc.l - s.physical
            );
            if s.hlc.l > s.physical {
                ahead += 1;
            }
        }
    });
    assert!(
        ahead > 1000,
        "only {ahead} events had l ahead of their clock"
    );
}

// The paper's counter bounds. Tested: c.f <= |{g : g -> f and l.g = l.f}|
// on every diagram; and, when every clock advances by at least 1 ms between
// two events of a process (here: no negative drift, so distinct real times
// give distinct readings), c.f <= N * (epsilon + 1).
#[test]
fn hlc_counter_is_bounded_as_the_paper_proves() {
    let mut largest_c = 0;
    each_diagram(12, DIAGRAMS, |d, a, r| {
        let epsilon = a.epsilon();
        let n = d.process_count() as i64;
        let no_slow_drift = d.clocks().iter().all(|c| c.drift_ppm >= 0);
        for (j, f) in d.events().iter().enumerate() {
            let s = a.stamp(f.id).unwrap();
            let same_l_before = d
                .events()
                .iter()
                .enumerate()
                .filter(|(i, g)| r.before(*i, j) && a.stamp(g.id).unwrap().hlc.l == s.hlc.l)
                .count();
            assert!(s.hlc.c as usize <= same_l_before);
            if no_slow_drift {
                assert!(i64::from(s.hlc.c) <= n * (epsilon + 1));
            }
            largest_c = largest_c.max(s.hlc.c);
        }
    });
    assert!(largest_c >= 5, "the counter never grew past {largest_c}");
}

// On one process the HLC strictly increases, whatever the clock does.
#[test]
fn hlc_is_monotonic_on_each_process() {
    each_diagram(13, DIAGRAMS, |d, a, _| {
        for p in 0..d.process_count() {
            let line: Vec<_> = d.events_on(p).map(|e| a.stamp(e.id).unwrap().hlc).collect();
            assert!(line.windows(2).all(|w| w[0] < w[1]));
        }
    });
}

// Inversions are exactly the causally ordered pairs whose physical
// timestamps say the opposite, and accurate clocks never produce one.
#[test]
fn inversions_are_exactly_the_contradicted_pairs() {
    each_diagram(14, DIAGRAMS, |d, a, _| {
        let found = a.inversions();
        let mut want = Vec::new();
        for e in d.events() {
            for f in d.events() {
                if a.happened_before(e.id, f.id) && d.reading(e.id) > d.reading(f.id) {
                    want.push((e.id, f.id));
                }
            }
        }
        let mut got: Vec<_> = found.iter().map(|i| (i.earlier, i.later)).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        for i in &found {
            assert_eq!(Some(i.earlier_reading), d.reading(i.earlier));
            assert_eq!(Some(i.later_reading), d.reading(i.later));
        }
        if d.clocks().iter().all(|c| c.skew == 0 && c.drift_ppm == 0) {
            assert!(found.is_empty());
        }
    });
}

#[test]
fn lww_keeps_the_larger_timestamp_and_reports_what_it_lost() {
    each_diagram(15, DIAGRAMS, |d, a, _| {
        let inversions: Vec<(EventId, EventId)> = a
            .inversions()
            .iter()
            .map(|i| (i.earlier, i.later))
            .collect();
        for e in d.events() {
            for f in d.events() {
                let Some(lww) = a.lww(e.id, f.id) else {
                    assert_eq!(e.id, f.id);
                    continue;
                };
                let key = |id: EventId| {
                    (
                        a.stamp(id).unwrap().physical,
                        a.event(id).unwrap().process,
                        id,
                    )
                };
                assert!(key(lww.kept) > key(lww.dropped));
                assert_eq!(lww.dropped_newer, a.happened_before(lww.kept, lww.dropped));
                assert_eq!(
                    lww.concurrent,
                    a.relation(e.id, f.id) == Some(Relation::Concurrent)
                );
                // LWW drops a newer write only when clocks disagree.
                if lww.dropped_newer {
                    assert!(
                        inversions.contains(&(lww.kept, lww.dropped))
                            || key(lww.kept).0 == key(lww.dropped).0
                    );
                }
            }
        }
    });
}

/// The variants exist to be caught: the properties above must fail on
/// them, on diagrams the generator finds.
#[test]
fn the_lamport_bug_breaks_the_clock_condition() {
    let mut rng = Rng::new(16);
    let mut caught = 0;
    for _ in 0..500 {
        let mut d = random_diagram(&mut rng);
        d.set_variant(Variant::LamportMaxOnly);
        let a = d.analyze();
        let broken = d.events().iter().any(|e| {
            d.events().iter().any(|f| {
                a.happened_before(e.id, f.id)
                    && a.stamp(e.id).unwrap().lamport >= a.stamp(f.id).unwrap().lamport
            })
        });
        if broken {
            caught += 1;
        }
    }
    eprintln!("caught on {caught} of 500 diagrams");
    assert!(
        caught > 400,
        "the bug was caught on only {caught} of 500 diagrams"
    );
}

#[test]
fn the_vector_bug_breaks_the_characterization() {
    let mut rng = Rng::new(17);
    let mut caught = 0;
    for _ in 0..500 {
        let mut d = random_diagram(&mut rng);
        d.set_variant(Variant::VectorMergeOnly);
        let a = d.analyze();
        let broken = d.events().iter().any(|e| {
            d.events().iter().any(|f| {
                let hb = a.happened_before(e.id, f.id);
                let vb = vector::compare(
                    &a.stamp(e.id).unwrap().vector,
                    &a.stamp(f.id).unwrap().vector,
                ) == VectorOrder::Before;
                hb != vb
            })
        });
        if broken {
            caught += 1;
        }
    }
    eprintln!("caught on {caught} of 500 diagrams");
    assert!(
        caught > 250,
        "the bug was caught on only {caught} of 500 diagrams"
    );
}

/// The same properties on larger, crowded diagrams.
#[test]
#[ignore = "release only: about 25 s"]
fn long_campaign_on_crowded_diagrams() {
    let mut rng = Rng::new(99);
    for _ in 0..20_000 {
        let shape = Shape {
            attempts: 300,
            span: [60, MAX_TIME][rng.index(2)],
            skew: 200,
            drift: true,
            negative_drift: rng.chance(50),
            membership: rng.chance(20),
        };
        let d = random_diagram_shaped(&mut rng, shape);
        let a = d.analyze();
        let r = Reference::new(&d);
        let epsilon = a.epsilon();
        for (i, e) in d.events().iter().enumerate() {
            let se = a.stamp(e.id).unwrap();
            assert!(se.hlc.l >= se.physical && se.hlc.l - se.physical <= epsilon);
            for (j, f) in d.events().iter().enumerate() {
                let sf = a.stamp(f.id).unwrap();
                assert_eq!(a.happened_before(e.id, f.id), r.before(i, j));
                assert_eq!(
                    vector::compare(&se.vector, &sf.vector) == VectorOrder::Before,
                    r.before(i, j)
                );
                if r.before(i, j) {
                    assert!(se.lamport < sf.lamport && se.hlc < sf.hlc);
                }
            }
        }
    }
}
