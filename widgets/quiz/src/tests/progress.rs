use crate::rng::SplitMix64;
use crate::{
    ImportError, Notice, Progress, QuestionProgress, SCHEMA, export_progress, import_progress,
    load_progress, record_answer, save_progress,
};

fn sample() -> Progress {
    let mut p = Progress::default();
    record_answer(&mut p, "ch01-definition", true, 100);
    record_answer(&mut p, "ch01-flp", false, 101);
    record_answer(&mut p, "ch01-flp", true, 102);
    p
}

fn assert_reset(json: &str, reason_has: &str) {
    let out = load_progress(json);
    assert_eq!(out.progress, Progress::default(), "{json}");
    match out.notice {
        Some(Notice::Reset { reason, raw }) => {
            assert!(
                reason.contains(reason_has),
                "{reason:?} lacks {reason_has:?}"
            );
            assert_eq!(raw, json, "the unreadable text is kept verbatim");
        }
        other => panic!("{json}: expected a reset, got {other:?}"),
    }
}

#[test]
fn nothing_saved_yet_is_a_quiet_fresh_start() {
    for empty in ["", "  \n"] {
        let out = load_progress(empty);
        assert_eq!(out.progress, Progress::default());
        assert_eq!(out.notice, None);
    }
}

#[test]
fn saved_progress_loads_back_unchanged() {
    let p = sample();
    let saved = save_progress(&p);
    assert!(
        saved.starts_with(&format!("{{\"schema\":{SCHEMA},")),
        "{saved}"
    );
    let out = load_progress(&saved);
    assert_eq!(out.notice, None);
    assert_eq!(out.progress, p);
    let exported = export_progress(&p);
    assert!(
        exported.contains('\n'),
        "export is pretty-printed for people"
    );
    assert_eq!(load_progress(&exported).progress, p);
}

#[test]
fn the_stored_shape_is_pinned() {
    let json = save_progress(&sample());
    assert_eq!(
        json,
        r#"{"schema":2,"questions":{"ch01-definition":{"seen":1,"correct":1,"last":100,"last_correct":true,"box":2,"due":102},"ch01-flp":{"seen":2,"correct":1,"last":102,"last_correct":true,"box":2,"due":104}}}"#
    );
}

#[test]
fn version_1_is_migrated_with_a_notice() {
    let v1 = r#"{"schema":1,"questions":{"a":{"seen":3,"correct":3},"b":{"seen":2,"correct":1},"never":{"seen":0,"correct":0}}}"#;
    let out = load_progress(v1);
    assert_eq!(out.notice, Some(Notice::Migrated { from: 1 }));
    assert_eq!(
        out.notice.unwrap().message(),
        "Your saved progress was from an older version of the workbook and was migrated."
    );
    let a = out.progress.get("a").unwrap();
    assert_eq!(
        *a,
        QuestionProgress {
            seen: 3,
            correct: 3,
            last_day: None,
            last_correct: true,
            leitner_box: 1,
            due_day: 0
        }
    );
    assert!(!out.progress.get("b").unwrap().last_correct);
    assert!(
        out.progress.get("never").is_none(),
        "unseen v1 entries carry nothing"
    );
    // Saving writes the current schema, so the notice is shown once.
    assert_eq!(load_progress(&save_progress(&out.progress)).notice, None);
}

#[test]
fn unreadable_progress_resets_with_the_reason() {
    assert_reset("{\"schema\":2,\"questions\":{", "not valid JSON");
    assert_reset("[1,2,3]", "no schema version");
    assert_reset("{\"questions\":{}}", "no schema version");
    assert_reset("{\"schema\":\"2\",\"questions\":{}}", "not a whole number");
    assert_reset("{\"schema\":2.5,\"questions\":{}}", "not a whole number");
    assert_reset("{\"schema\":0,\"questions\":{}}", "unknown schema 0");
    assert_reset(
        "{\"schema\":3,\"questions\":{}}",
        "saved by a newer version of the workbook (schema 3)",
    );
    assert_reset("{\"schema\":2}", "schema 2: missing field `questions`");
    assert_reset(
        r#"{"schema":2,"questions":{"a":{"seen":"3","correct":1,"last":1,"last_correct":true,"box":1,"due":2}}}"#,
        "schema 2: invalid type",
    );
    assert_reset(
        r#"{"schema":2,"questions":{"a":{"seen":-3,"correct":1,"last":1,"last_correct":true,"box":1,"due":2}}}"#,
        "schema 2",
    );
    assert_reset(
        r#"{"schema":2,"questions":{"a":{"seen":1,"correct":2,"last":1,"last_correct":true,"box":1,"due":2}}}"#,
        "`a` has more correct answers than answers",
    );
    assert_reset(
        r#"{"schema":2,"questions":{"a":{"seen":1,"correct":1,"last":1,"last_correct":true,"box":6,"due":2}}}"#,
        "`a` is in box 6, outside 1..=5",
    );
    assert_reset(
        r#"{"schema":2,"questions":{"a":{"seen":0,"correct":0,"last":1,"last_correct":true,"box":1,"due":2}}}"#,
        "`a` is recorded but was never seen",
    );
    assert_reset(
        r#"{"schema":1,"questions":{"a":{"seen":1}}}"#,
        "schema 1: missing field `correct`",
    );
    let out = load_progress("garbage");
    assert!(
        out.notice
            .unwrap()
            .message()
            .starts_with("Your saved progress could not be read (not valid JSON"),
    );
}

/// The promise that matters most: whatever is in localStorage, loading
/// returns. Random bytes, every truncation of a real file, and random
/// single-byte damage to it.
#[test]
fn corrupt_progress_never_panics() {
    let mut rng = SplitMix64::new(7);
    for _ in 0..3000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let out = load_progress(&text);
        if out.notice.is_none() {
            assert!(out.progress.questions.is_empty() || text.trim_start().starts_with('{'));
        }
    }
    let valid = export_progress(&sample());
    for end in (0..valid.len()).filter(|&i| valid.is_char_boundary(i)) {
        let out = load_progress(&valid[..end]);
        assert!(
            valid[..end].trim().is_empty() || matches!(out.notice, Some(Notice::Reset { .. })),
            "truncation at {end} was accepted"
        );
    }
    let bytes = valid.as_bytes();
    for _ in 0..2000 {
        let mut damaged = bytes.to_vec();
        let at = rng.below(damaged.len());
        damaged[at] = rng.next_u64() as u8;
        let _ = load_progress(&String::from_utf8_lossy(&damaged));
    }
    // Deep nesting is refused by the JSON reader's depth limit, not the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        load_progress(&deep).notice,
        Some(Notice::Reset { .. })
    ));
}

#[test]
fn import_merges_and_the_newer_answer_wins() {
    let mut here = Progress::default();
    record_answer(&mut here, "only-here", true, 10);
    record_answer(&mut here, "both-newer-there", true, 10);
    record_answer(&mut here, "both-newer-here", false, 30);

    let mut there = Progress::default();
    record_answer(&mut there, "only-there", true, 20);
    record_answer(&mut there, "both-newer-there", false, 20);
    record_answer(&mut there, "both-newer-here", true, 5);

    let report = import_progress(&here, &export_progress(&there)).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 1, 1));
    assert_eq!(report.migrated_from, None);
    let merged = &report.progress;
    assert_eq!(merged.questions.len(), 4);
    assert!(!merged.get("both-newer-there").unwrap().last_correct);
    assert_eq!(merged.get("both-newer-here").unwrap().last_day, Some(30));
    assert!(merged.get("only-here").is_some() && merged.get("only-there").is_some());

    // Importing the same file again changes nothing.
    let again = import_progress(merged, &export_progress(&there)).unwrap();
    assert_eq!(again.progress, *merged);
    assert_eq!((again.added, again.updated), (0, 0));
}

#[test]
fn import_refuses_bad_files_and_reads_old_ones() {
    let here = sample();
    assert_eq!(
        import_progress(&here, " "),
        Err(ImportError("the file is empty".into()))
    );
    let e = import_progress(&here, "{\"schema\":9,\"questions\":{}}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "this file cannot be imported: it was saved by a newer version of the workbook (schema 9)"
    );
    assert!(import_progress(&here, "not json").is_err());
    let report = import_progress(
        &here,
        r#"{"schema":1,"questions":{"old":{"seen":2,"correct":1}}}"#,
    )
    .unwrap();
    assert_eq!(report.migrated_from, Some(1));
    assert_eq!(report.added, 1);
}
