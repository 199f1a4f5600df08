//! Leitner scheduling, the due list, day numbers and the progress page.

use super::*;
use crate::{
    INTERVALS, Progress, chapter_summary, day_from_unix_millis, due_questions, is_due,
    record_answer,
};

#[test]
fn first_answer_right_goes_to_box_two_wrong_to_box_one() {
    let mut p = Progress::default();
    record_answer(&mut p, "right", true, 100);
    record_answer(&mut p, "wrong", false, 100);
    let right = p.get("right").unwrap();
    assert_eq!(
        (right.leitner_box, right.due_day, right.seen, right.correct),
        (2, 102, 1, 1)
    );
    let wrong = p.get("wrong").unwrap();
    assert_eq!(
        (wrong.leitner_box, wrong.due_day, wrong.seen, wrong.correct),
        (1, 101, 1, 0)
    );
    assert_eq!(wrong.last_day, Some(100));
    assert!(!wrong.last_correct);
}

#[test]
fn right_answers_on_due_days_climb_the_boxes_and_stop_at_five() {
    let mut p = Progress::default();
    let mut today = 0;
    record_answer(&mut p, "q", true, today);
    let mut boxes = vec![p.get("q").unwrap().leitner_box];
    for _ in 0..5 {
        today = p.get("q").unwrap().due_day;
        record_answer(&mut p, "q", true, today);
        let e = p.get("q").unwrap();
        assert_eq!(e.due_day - today, INTERVALS[usize::from(e.leitner_box) - 1]);
        boxes.push(e.leitner_box);
    }
    assert_eq!(boxes, [2, 3, 4, 5, 5, 5]);
}

#[test]
fn answering_early_does_not_promote_but_a_miss_always_demotes() {
    let mut p = Progress::default();
    record_answer(&mut p, "q", true, 10); // box 2, due 12
    record_answer(&mut p, "q", true, 11); // early: stays
    let e = p.get("q").unwrap();
    assert_eq!((e.leitner_box, e.due_day, e.seen, e.correct), (2, 12, 2, 2));
    record_answer(&mut p, "q", true, 12); // due: box 3, due 16
    record_answer(&mut p, "q", false, 13); // early but wrong: back to 1
    let e = p.get("q").unwrap();
    assert_eq!((e.leitner_box, e.due_day), (1, 14));
}

#[test]
fn due_list_puts_the_most_overdue_first_then_new_questions() {
    let mut p = Progress::default();
    record_answer(&mut p, "due-long-ago", false, 1); // due 2
    record_answer(&mut p, "due-today-box1", false, 9); // due 10
    record_answer(&mut p, "due-today-box2", true, 8); // box 2, due 10
    record_answer(&mut p, "later", true, 10); // due 12
    record_answer(&mut p, "gone-from-book", false, 1);
    let ids = [
        "new-b",
        "later",
        "due-today-box2",
        "due-today-box1",
        "new-a",
        "due-long-ago",
    ];
    assert_eq!(
        due_questions(&p, &ids, 10),
        [
            "due-long-ago",
            "due-today-box1",
            "due-today-box2",
            "new-b",
            "new-a"
        ]
    );
    assert!(is_due(None, 0));
    assert!(!is_due(p.get("later"), 11));
    assert!(is_due(p.get("later"), 12));
}

#[test]
fn day_numbers_flip_at_local_midnight() {
    assert_eq!(day_from_unix_millis(0, 0), 0);
    assert_eq!(day_from_unix_millis(86_399_999, 0), 0);
    assert_eq!(day_from_unix_millis(86_400_000, 0), 1);
    // 23:00 UTC is already tomorrow two hours east of UTC, still today west.
    let late = 86_400_000 * 19_000 + 23 * 3_600_000;
    assert_eq!(day_from_unix_millis(late, 120), 19_001);
    assert_eq!(day_from_unix_millis(late, -300), 19_000);
    assert_eq!(day_from_unix_millis(-5, 0), 0);
    assert_eq!(day_from_unix_millis(i64::MAX, i32::MAX), u32::MAX);
}

#[test]
fn chapter_summary_counts_seen_right_and_due() {
    let quiz = parse(&quiz(&[MC, MS, NUM, ORD].concat())).unwrap();
    let mut p = Progress::default();
    record_answer(&mut p, "mc", true, 5); // due 7
    record_answer(&mut p, "ms", false, 5); // due 6
    record_answer(&mut p, "elsewhere", false, 5);
    let s = chapter_summary(&quiz, &p, 6);
    assert_eq!(s.chapter, "ch-test");
    assert_eq!((s.total, s.seen, s.correct, s.due), (4, 2, 1, 1));
    assert_eq!(chapter_summary(&quiz, &p, 7).due, 2);
}
