use super::*;
use crate::{Difficulty, Drill, DrillFilter, Progress, Quiz, record_answer};

/// Three chapters of four questions each: two junior, one mid, one senior,
/// with tags `a` or `b`.
fn book() -> Vec<Quiz> {
    (1..=3)
        .map(|c| {
            let questions: String = (1..=4)
                .map(|i| {
                    let difficulty = ["junior", "junior", "mid", "senior"][i - 1];
                    let tag = if i % 2 == 0 { "a" } else { "b" };
                    NUM.replace("id = \"num\"", &format!("id = \"c{c}-q{i}\""))
                        .replace("\"mid\"", &format!("\"{difficulty}\""))
                        .replace("[\"t\"]", &format!("[\"{tag}\", \"all\"]"))
                })
                .collect();
            parse(&format!("chapter = \"ch0{c}\"\n{questions}")).unwrap()
        })
        .collect()
}

fn ids(drill: &Drill) -> Vec<String> {
    drill
        .items()
        .iter()
        .map(|i| i.question.id.clone())
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_drill() {
    let book = book();
    let p = Progress::default();
    let all = DrillFilter::default();
    let a = Drill::new(&book, &all, 5, 42, &p);
    assert_eq!(a.len(), 5);
    assert_eq!(ids(&a), ids(&Drill::new(&book, &all, 5, 42, &p)));
    let differs = (0..20).any(|s| ids(&Drill::new(&book, &all, 5, s, &p)) != ids(&a));
    assert!(differs, "the seed matters");
    let mut unique = ids(&a);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "no question twice");
}

#[test]
fn filters_combine_chapters_difficulties_and_tags() {
    let book = book();
    let p = Progress::default();
    let filter = DrillFilter {
        chapters: vec!["ch01".into(), "ch03".into()],
        difficulties: vec![Difficulty::Junior],
        tags: vec!["a".into()],
    };
    let mut got = ids(&Drill::new(&book, &filter, 100, 1, &p));
    got.sort();
    assert_eq!(got, ["c1-q2", "c3-q2"]);
    let none = DrillFilter {
        tags: vec!["missing".into()],
        ..DrillFilter::default()
    };
    assert!(Drill::new(&book, &none, 10, 1, &p).is_empty());
    assert_eq!(
        Drill::new(&book, &DrillFilter::default(), 100, 1, &p).len(),
        12
    );
}

#[test]
fn repeated_drills_rotate_to_the_least_seen_questions() {
    let book = book();
    let mut p = Progress::default();
    let all = DrillFilter::default();
    let first = Drill::new(&book, &all, 6, 9, &p);
    for id in ids(&first) {
        record_answer(&mut p, &id, true, 1);
    }
    let second = Drill::new(&book, &all, 6, 9, &p);
    let mut both: Vec<String> = ids(&first).into_iter().chain(ids(&second)).collect();
    both.sort();
    both.dedup();
    assert_eq!(both.len(), 12, "the second drill asks the other six");
}

#[test]
fn the_report_scores_by_chapter_and_tag_and_lists_what_to_reread() {
    let book = book();
    let mut drill = Drill::new(&book, &DrillFilter::default(), 12, 3, &Progress::default());
    for i in 0..drill.len() {
        let chapter = drill.items()[i].chapter.clone();
        let id = drill.items()[i].question.id.clone();
        match chapter.as_str() {
            "ch01" => {
                drill.record(i, true);
            }
            // ch02: 3 of 4 right, exactly the threshold, so not listed.
            "ch02" => {
                drill.record(i, id != "c2-q1");
            }
            // ch03: half right, half unanswered (the timer ran out).
            _ => {
                if id == "c3-q1" || id == "c3-q2" {
                    drill.record(i, true);
                }
            }
        }
    }
    assert!(!drill.is_finished());
    assert!(!drill.record(99, true));
    let r = drill.report();
    assert_eq!((r.asked, r.answered, r.correct), (12, 10, 9));
    let chapters: Vec<(&str, usize, usize)> = r
        .by_chapter
        .iter()
        .map(|s| (s.name.as_str(), s.asked, s.correct))
        .collect();
    assert_eq!(chapters, [("ch01", 4, 4), ("ch02", 4, 3), ("ch03", 4, 2)]);
    let tags: Vec<(&str, usize, usize)> = r
        .by_tag
        .iter()
        .map(|s| (s.name.as_str(), s.asked, s.correct))
        .collect();
    assert_eq!(tags, [("a", 6, 5), ("all", 12, 9), ("b", 6, 4)]);
    assert_eq!(r.reread, ["ch03"]);
}

#[test]
fn reread_lists_the_weakest_chapter_first() {
    let book = book();
    let mut drill = Drill::new(&book, &DrillFilter::default(), 12, 4, &Progress::default());
    for i in 0..drill.len() {
        let id = drill.items()[i].question.id.clone();
        // ch01 gets 2 of 4, ch02 none, ch03 all.
        let right = id.starts_with("c3") || id == "c1-q1" || id == "c1-q2";
        drill.record(i, right);
    }
    assert!(drill.is_finished());
    assert_eq!(drill.report().reread, ["ch02", "ch01"]);
}

#[test]
fn a_drill_in_progress_survives_a_reload() {
    let book = book();
    let mut drill = Drill::new(&book, &DrillFilter::default(), 3, 5, &Progress::default());
    drill.record(1, false);
    let back: Drill = serde_json::from_str(&serde_json::to_string(&drill).unwrap()).unwrap();
    assert_eq!(back, drill);
    assert_eq!(back.result(1), Some(false));
    assert_eq!(back.result(0), None);
}
