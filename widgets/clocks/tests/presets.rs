//! Each preset builds, and shows what its summary says it shows.

use dsw_clocks::{Analysis, EventId, PRESETS, Relation, Variant, encode, load, preset};

fn marks(name: &str) -> (Analysis, EventId, EventId, EventId) {
    let p = preset(name).unwrap();
    let d = load(name).unwrap();
    let a = d.analyze();
    (
        a,
        p.mark("a").unwrap(),
        p.mark("b").unwrap(),
        p.mark("c").unwrap(),
    )
}

#[test]
fn presets_load_with_their_marks() {
    let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), PRESETS.len(), "duplicate preset names");
    for p in PRESETS {
        let d = load(p.name).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(encode(&d), p.code, "{} is not in canonical form", p.name);
        assert!(!p.title.is_empty() && !p.summary.is_empty());
        for (mark, id) in p.marks {
            assert!(d.event(EventId(*id)).is_some(), "{}: mark {mark}", p.name);
        }
        // A learner can step back to the empty diagram and forward again.
        let mut walk = d.clone();
        while walk.undo() {}
        assert!(walk.events().is_empty());
        while walk.redo() {}
        assert_eq!(walk, d);
    }
}

#[test]
fn load_understands_fresh_diagrams_and_variants() {
    let d = load("fresh-4").unwrap();
    assert_eq!((d.process_count(), d.events().len()), (4, 0));
    assert!(load("fresh-7").is_err());
    assert!(load("fresh-x").is_err());
    assert_eq!(
        load("basics@lamport-max-only").unwrap().variant(),
        Variant::LamportMaxOnly
    );
    assert!(load("basics@nope").is_err());
    assert!(load("nope").is_err());
}

#[test]
fn basics_has_equal_stamps_on_concurrent_events() {
    let (a, x, b, c) = marks("basics");
    assert_eq!(a.relation(x, b), Some(Relation::Before));
    assert_eq!(a.relation(b, c), Some(Relation::Concurrent));
    assert_eq!(a.stamp(b).unwrap().lamport, a.stamp(c).unwrap().lamport);
}

#[test]
fn lamport_not_causal() {
    let (an, a, b, c) = marks("lamport-not-causal");
    let l = |e| an.stamp(e).unwrap().lamport;
    assert!(l(a) < l(b));
    assert_eq!(an.relation(a, b), Some(Relation::Concurrent));
    assert!(l(a) < l(c));
    assert_eq!(an.relation(a, c), Some(Relation::Before));
}

#[test]
fn vector_concurrent() {
    let (an, a, b, c) = marks("vector-concurrent");
    assert_eq!(an.vector_order(a, b).unwrap().name(), "concurrent");
    assert_eq!(an.vector_order(a, c).unwrap().name(), "before");
    assert_eq!(an.vector_order(b, c).unwrap().name(), "before");
    // Lamport cannot tell: a and b even tie.
    assert_eq!(an.stamp(a).unwrap().lamport, an.stamp(b).unwrap().lamport);
}

#[test]
fn skewed_clock_inverts_cause_and_effect_and_loses_a_write() {
    let (an, a, b, c) = marks("skewed-clock");
    assert_eq!(an.relation(a, b), Some(Relation::Before));
    assert!(an.stamp(b).unwrap().physical < an.stamp(a).unwrap().physical);
    let inverted: Vec<_> = an
        .inversions()
        .iter()
        .map(|i| (i.earlier, i.later))
        .collect();
    assert_eq!(inverted, vec![(a, b), (a, c)]);
    let lww = an.lww(a, c).unwrap();
    assert_eq!(lww.kept, a);
    assert!(lww.dropped_newer);
}

#[test]
fn drifting_clock_inverts_a_reply() {
    let (an, _, b, c) = marks("drifting-clock");
    assert_eq!(an.relation(b, c), Some(Relation::Before));
    assert!(an.stamp(c).unwrap().physical < an.stamp(b).unwrap().physical);
}

#[test]
fn hlc_stays_within_the_skew_and_returns_to_physical_time() {
    let (an, a, b, c) = marks("hlc");
    assert_eq!(an.epsilon(), 50);
    for e in an.events() {
        let s = an.stamp(e.id).unwrap();
        assert!(s.hlc.l >= s.physical && s.hlc.l - s.physical <= 50);
    }
    // b's own clock is behind a's; HLC still orders a before b.
    assert!(an.stamp(b).unwrap().physical < an.stamp(a).unwrap().physical);
    assert!(an.stamp(a).unwrap().hlc < an.stamp(b).unwrap().hlc);
    let sc = an.stamp(c).unwrap();
    assert_eq!((sc.hlc.l, sc.hlc.c), (sc.physical, 0));
}

#[test]
fn tie_break_orders_by_process_id() {
    let (an, a, b, _) = marks("tie-break");
    assert_eq!(an.stamp(a).unwrap().lamport, an.stamp(b).unwrap().lamport);
    let order = an.total_order();
    let at = |id| order.iter().position(|x| *x == id).unwrap();
    assert!(at(a) < at(b));
    assert!(an.event(b).unwrap().time < an.event(a).unwrap().time);
    assert_eq!(an.relation(a, b), Some(Relation::Concurrent));
}

#[test]
fn receive_without_plus_one_orders_an_effect_first() {
    let (an, a, b, _) = marks("receive-without-plus-one");
    assert_eq!(an.variant(), Variant::LamportMaxOnly);
    assert_eq!(an.relation(a, b), Some(Relation::Before));
    assert_eq!(an.stamp(a).unwrap().lamport, an.stamp(b).unwrap().lamport);
    let order = an.total_order();
    let at = |id| order.iter().position(|x| *x == id).unwrap();
    assert!(at(b) < at(a), "the tie-break puts the receipt on p1 first");
    // The correct rule repairs it.
    let fixed = load("receive-without-plus-one@correct").unwrap().analyze();
    assert!(fixed.stamp(a).unwrap().lamport < fixed.stamp(b).unwrap().lamport);
}
