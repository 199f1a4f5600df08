//! The chapter's example histories: each is embedded, laid out on its
//! clients' lanes, and judged as its `# expected:` line says.

mod common;

use dsw_history::{FRESH_CLIENTS, Judgement, Level, PRESETS, judge, load, open_link, preset};
use dsw_lincheck::parse::{Format, parse};
use dsw_lincheck::{Model, judge_all};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn histories_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../src/ch07-consistency/histories")
}

/// The `# expected:` line of a file, read here without the crate's parser.
fn expected_from_file(text: &str) -> BTreeMap<String, bool> {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# expected:"))
        .expect("every history states its expected verdicts");
    line.split_whitespace()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            assert!(v == "yes" || v == "no", "{kv}");
            (k.to_owned(), v == "yes")
        })
        .collect()
}

#[test]
fn every_file_is_a_preset_and_the_embedded_text_is_the_file() {
    let mut stems: Vec<String> = std::fs::read_dir(histories_dir())
        .expect("the chapter's histories folder")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    stems.sort();
    let mut names: Vec<String> = PRESETS.iter().map(|p| p.name.to_owned()).collect();
    names.sort();
    assert_eq!(stems, names);
    assert_eq!(PRESETS.len(), 12);
    for p in PRESETS {
        let on_disk = std::fs::read_to_string(histories_dir().join(format!("{}.txt", p.name)))
            .expect("readable");
        assert_eq!(p.text, on_disk, "{}", p.name);
        let first = on_disk.lines().next().expect("a title line");
        assert_eq!(Some(p.title), first.strip_prefix("# "), "{}", p.name);
        let e = expected_from_file(&on_disk);
        assert_eq!(e.len(), 3, "{}", p.name);
        assert_eq!(p.expected.linearizable, e["linearizable"], "{}", p.name);
        assert_eq!(p.expected.sequential, e["sequential"], "{}", p.name);
        assert_eq!(p.expected.causal, e["causal"], "{}", p.name);
        assert!(!p.summary.is_empty() && p.prose().len() > 100, "{}", p.name);
        assert!(!p.prose().contains("expected:"), "{}", p.name);
        assert_eq!(preset(p.name), Some(p));
    }
}

#[test]
fn every_preset_gets_its_expected_verdicts() {
    for p in PRESETS {
        let expected = expected_from_file(p.text);
        let t = load(p.name).expect("every preset loads");
        common::check_rules(&t);
        let v = judge(&t);
        let has_cas = p.text.contains(":cas");
        assert_eq!(t.has_cas(), has_cas, "{}", p.name);
        for level in Level::ALL {
            let want = expected[level.name()];
            if level == Level::Causal && has_cas {
                // Causal memory is defined for reads and writes; the files
                // say a read/write-only checker should decline.
                assert!(
                    matches!(v.causal, Judgement::Unsupported { .. }),
                    "{}: {:?}",
                    p.name,
                    v.causal
                );
                assert!(v.reason(level).unwrap().contains("compare-and-set"));
                continue;
            }
            assert_eq!(
                v.holds(level),
                Some(want),
                "{}: {} should be {want}: {}",
                p.name,
                level.name(),
                v.summary(level)
            );
            if !want {
                assert!(!v.violating(level).is_empty(), "{}", p.name);
                assert!(v.reason(level).is_some_and(|r| r.len() > 20));
            } else {
                assert!(!v.witness(level).is_empty(), "{}", p.name);
            }
        }
    }
}

#[test]
fn the_layout_does_not_change_what_the_checker_decides() {
    // Judge the file as parsed, with the checker alone: the timeline's
    // spread times and lanes must not matter.
    for p in PRESETS {
        let h = parse(p.text, Format::Log).expect("parses");
        let direct = judge_all(&h, Model::Register, 1_000_000).expect("register history");
        let v = judge(&load(p.name).unwrap());
        assert_eq!(
            direct.linearizable.word(),
            v.linearizable.word(),
            "{}",
            p.name
        );
        assert_eq!(direct.sequential.word(), v.sequential.word(), "{}", p.name);
        assert_eq!(direct.causal.word(), v.causal.word(), "{}", p.name);
    }
}

#[test]
fn lanes_are_the_files_processes_and_events_keep_their_order() {
    for p in PRESETS {
        let h = parse(p.text, Format::Log).unwrap();
        let t = load(p.name).unwrap();
        let max = h.ops.iter().map(|o| o.process).max().unwrap();
        assert_eq!(t.clients() as u64, max + 1, "{}", p.name);
        // The parser numbers events 0, 1, 2, ... in file order, and ops by
        // invocation; the timeline keeps both.
        assert_eq!(t.ops().len(), h.ops.len());
        for (o, ho) in t.ops().iter().zip(&h.ops) {
            assert_eq!(o.client as u64, ho.process, "{}", p.name);
            assert_eq!(u64::from(o.invoke), 2 * ho.invoke + 1);
            assert_eq!(o.complete.map(u64::from), ho.complete.map(|c| 2 * c + 1));
            assert_eq!(o.outcome, ho.outcome);
        }
        assert!(t.span() < 60, "presets stay small: {}", p.name);
        assert_eq!(t.step(), 0);
        assert!(t.edits().is_empty());
    }
}

#[test]
fn linearization_points_lie_inside_their_bars() {
    for p in PRESETS {
        let t = load(p.name).unwrap();
        let v = judge(&t);
        if v.holds(Level::Linearizable) != Some(true) {
            assert!(v.points.is_empty());
            continue;
        }
        let mut last = f64::MIN;
        for pt in &v.points {
            let o = t.op(pt.op).expect("a point names a timeline op");
            assert!(pt.at >= f64::from(o.invoke), "{}", p.name);
            if o.outcome == dsw_history::Outcome::Ok {
                assert!(pt.at <= f64::from(o.complete.unwrap()), "{}", p.name);
            }
            assert!(pt.at >= last);
            last = pt.at;
        }
        // Every op has a point or is skipped, once.
        assert_eq!(
            v.points.len() + v.skipped.len(),
            t.ops().len(),
            "{}",
            p.name
        );
    }
}

#[test]
fn fresh_unknown_names_and_links() {
    let t = load("fresh").unwrap();
    assert_eq!(t.clients(), FRESH_CLIENTS);
    assert!(t.ops().is_empty());
    let e = load("no-such-history").unwrap_err();
    assert!(e.contains("stale-read"), "{e}");
    assert!(open_link("nonsense").is_err());
    let t = load("stale-read").unwrap();
    let back = open_link(&dsw_history::encode(&t)).unwrap();
    assert_eq!(common::picture(&back), common::picture(&t));
}
