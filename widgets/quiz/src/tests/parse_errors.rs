//! Every way a quiz file can be rejected, with the message an author sees.

use super::*;
use crate::{Quiz, check_unique_ids};

#[test]
fn toml_syntax_errors_name_file_line_and_column() {
    let e = only_error("chapter = \"ch-test\"\nbroken = \n");
    assert!(e.starts_with("q.toml:2:10: TOML syntax error: "), "{e}");
}

#[test]
fn every_syntax_error_is_reported_once_per_line() {
    let text = "chapter = \"ch-test\"\na = \nb = [1,\n\n[x]\n[x]\n";
    let errors = errors(text);
    let lines: Vec<&str> = errors
        .iter()
        .map(|e| e.split(':').nth(1).unwrap())
        .collect();
    assert!(lines.len() >= 2, "{errors:#?}");
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(lines, unique, "{errors:#?}");
    assert!(errors.iter().all(|e| e.contains("TOML syntax error")));
    assert!(errors.iter().any(|e| e.starts_with("q.toml:2:")));
}

#[test]
fn duplicate_toml_keys_are_syntax_errors() {
    let e = only_error(&quiz(
        &MC.replace("id = \"mc\"\n", "id = \"mc\"\nid = \"again\"\n"),
    ));
    assert_eq!(e, "q.toml:5:1: TOML syntax error: duplicate key");
}

#[test]
fn unknown_type_lists_the_known_ones() {
    let e = only_error(&quiz(&NUM.replace("\"Numeric\"", "\"Tracing\"")));
    assert_eq!(
        e,
        "q.toml:5:8: question `num`: unknown question type `Tracing`; expected one of `MultipleChoice`, `MultipleSelect`, `Numeric`, `Ordering`, `ShortAnswer`, `Predict`"
    );
}

#[test]
fn missing_type() {
    let e = only_error(&quiz(&NUM.replace("type = \"Numeric\"\n", "")));
    assert!(
        e.starts_with("q.toml:3:1: question `num`: missing `type` (one of `MultipleChoice`,"),
        "{e}"
    );
}

#[test]
fn missing_answer_table_and_missing_answer_value() {
    let e = only_error(&quiz(&MC.replace("answer.answer = \"a\"\n", "")));
    assert_eq!(
        e,
        "q.toml:3:1: question `mc`: missing `answer` (`answer.answer = \"<key of the correct option>\"`)"
    );
    let e = only_error(&quiz(&NUM.replace("answer.answer = 10\n", "")));
    assert_eq!(
        e,
        "q.toml:9:1: question `num`: missing `answer.answer` (the correct number)"
    );
}

#[test]
fn answer_must_be_the_key_of_an_option() {
    let e = only_error(&quiz(
        &MC.replace("answer.answer = \"a\"", "answer.answer = \"z\""),
    ));
    assert_eq!(
        e,
        "q.toml:9:17: question `mc`: answer `z` is not the key of any option; the keys are `a`, `b`"
    );
    let e = only_error(&quiz(&MS.replace("[\"a\", \"c\"]", "[\"a\", \"x\"]")));
    assert!(
        e.ends_with("answer `x` is not the key of any option; the keys are `a`, `b`, `c`"),
        "{e}"
    );
}

#[test]
fn multiple_choice_with_a_list_answer_points_to_multiple_select() {
    let e = only_error(&quiz(
        &MC.replace("answer.answer = \"a\"", "answer.answer = [\"a\", \"b\"]"),
    ));
    assert!(
        e.ends_with("a MultipleChoice question has exactly one answer; for several correct options use `type = \"MultipleSelect\"`"),
        "{e}"
    );
}

#[test]
fn multiple_select_answers_must_be_a_non_empty_list_without_repeats() {
    let e = only_error(&quiz(&MS.replace("[\"a\", \"c\"]", "\"a\"")));
    assert!(
        e.ends_with("`answer.answer` of a MultipleSelect question must be a list of option keys, e.g. `[\"a\", \"c\"]`"),
        "{e}"
    );
    let e = only_error(&quiz(&MS.replace("[\"a\", \"c\"]", "[]")));
    assert!(
        e.ends_with(
            "`answer.answer` is empty: a MultipleSelect question needs at least one correct option"
        ),
        "{e}"
    );
    let e = only_error(&quiz(&MS.replace("[\"a\", \"c\"]", "[\"a\", \"a\"]")));
    assert!(e.ends_with("answer `a` is listed twice"), "{e}");
    let e = only_error(&quiz(&MS.replace("[\"a\", \"c\"]", "[\"a\", 3]")));
    assert!(
        e.ends_with("`answer.answer[1]` must be a string, found integer"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_in_one_file_point_at_the_first() {
    let e = only_error(&quiz(&[MC, MC].concat()));
    assert_eq!(
        e,
        "q.toml:22:6: question `mc`: duplicate id `mc` (first used by the question on line 3)"
    );
}

#[test]
fn duplicate_ids_across_files_are_caught_by_check_unique_ids() {
    let a = parse(&quiz(MC)).unwrap();
    let b = parse(&quiz(&[NUM, MC].concat())).unwrap();
    let c: Quiz = parse(&quiz(NUM)).unwrap();
    let errors = check_unique_ids(&[("a.toml", &a), ("b.toml", &b), ("c.toml", &c)]);
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "b.toml:14:1: question `mc`: id `mc` is also used at a.toml:3; ids must be unique across the book because saved progress is keyed by them",
            "c.toml:3:1: question `num`: id `num` is also used at b.toml:3; ids must be unique across the book because saved progress is keyed by them",
        ]
    );
}

#[test]
fn options_must_exist_and_number_at_least_two() {
    let without = MC
        .split("\n[[questions.options]]")
        .next()
        .unwrap()
        .to_owned();
    let e = only_error(&quiz(&without));
    assert_eq!(
        e,
        "q.toml:3:1: question `mc`: missing `options` (list every option as a `[[questions.options]]` table with `key`, `text` and `why`)"
    );
    let e = only_error(&quiz(&format!("{without}options = []\n")));
    assert!(
        e.ends_with("`options` is empty: a MultipleChoice question needs at least two options"),
        "{e}"
    );
    let one = MC.rsplit_once("\n[[questions.options]]").unwrap().0;
    let e = only_error(&quiz(one));
    assert!(
        e.ends_with("a MultipleChoice question needs at least two options, found 1"),
        "{e}"
    );
    let errors = errors(&quiz(&format!("{without}options = [1, 2]\n")));
    assert_eq!(
        errors,
        [
            "q.toml:10:12: question `mc`: option 1 must be a table with `key`, `text` and `why`, found integer",
            "q.toml:10:15: question `mc`: option 2 must be a table with `key`, `text` and `why`, found integer",
        ]
    );
}

#[test]
fn every_option_needs_key_text_and_why() {
    let e = only_error(&quiz(&MC.replace("why = \"because not\"\n", "")));
    assert_eq!(
        e,
        "q.toml:16:1: question `mc`: option `b` has no `why`: every option explains why it is right or wrong"
    );
    let e = only_error(&quiz(&MC.replace("text = \"A\"\n", "")));
    assert_eq!(e, "q.toml:11:1: question `mc`: option `a` has no `text`");
    let e = only_error(&quiz(&MC.replace("key = \"b\"\n", "")));
    assert_eq!(
        e,
        "q.toml:16:1: question `mc`: option 2 has no `key` (a short name that `answer.answer` refers to)"
    );
    let e = only_error(&quiz(&MC.replace("why = \"because\"", "why = \"  \"")));
    assert_eq!(e, "q.toml:14:7: question `mc`: `why` must not be empty");
}

#[test]
fn option_keys_are_unique() {
    let e = only_error(&quiz(&MC.replace("key = \"b\"", "key = \"a\"")));
    assert_eq!(
        e,
        "q.toml:17:7: question `mc`: two options share the key `a`"
    );
}

#[test]
fn difficulty_must_be_one_of_three() {
    let e = only_error(&quiz(&MC.replace("\"junior\"", "\"expert\"")));
    assert_eq!(
        e,
        "q.toml:6:14: question `mc`: difficulty must be one of `junior`, `mid`, `senior`, got `expert`"
    );
    let e = only_error(&quiz(&MC.replace("difficulty = \"junior\"\n", "")));
    assert_eq!(
        e,
        "q.toml:3:1: question `mc`: missing `difficulty` (`junior`, `mid` or `senior`)"
    );
}

#[test]
fn tags_are_required_non_empty_and_well_spelled() {
    let e = only_error(&quiz(&MC.replace("tags = [\"t\"]\n", "")));
    assert!(
        e.ends_with("missing `tags` (at least one tag; the drill filters and reports by tag)"),
        "{e}"
    );
    let e = only_error(&quiz(&MC.replace("[\"t\"]", "[]")));
    assert!(
        e.ends_with("`tags` is empty: give at least one; the drill filters and reports by tag"),
        "{e}"
    );
    let e = only_error(&quiz(&MC.replace("[\"t\"]", "[\"Timeouts\"]")));
    assert!(
        e.ends_with("tag `Timeouts` must be lowercase letters, digits and hyphens (at most 64), starting with a letter or digit"),
        "{e}"
    );
    let e = only_error(&quiz(&MC.replace("[\"t\"]", "\"t\"")));
    assert!(
        e.ends_with("`tags` must be an array of strings, found string"),
        "{e}"
    );
}

#[test]
fn ids_are_required_and_well_spelled() {
    let e = only_error(&quiz(&MC.replace("id = \"mc\"\n", "")));
    assert!(
        e.starts_with("q.toml:3:1: missing `id` (a stable id"),
        "{e}"
    );
    let e = only_error(&quiz(&MC.replace("\"mc\"", "\"My Question\"")));
    assert_eq!(
        e,
        "q.toml:4:6: question `My Question`: id `My Question` must be lowercase letters, digits and hyphens (at most 64), starting with a letter or digit"
    );
    let e = only_error(&quiz(&MC.replace("id = \"mc\"", "id = 7")));
    assert_eq!(e, "q.toml:4:6: `id` must be a string, found integer");
}

#[test]
fn predict_widget_scenario_and_ask_must_exist() {
    let e = only_error(&quiz(&PREDICT.replace("\"rpc\"", "\"rcp\"")));
    assert_eq!(
        e,
        "q.toml:9:17: question `pr`: widget `rcp` has no simulator the quiz can ask"
    );
    let e = only_error(&quiz(&PREDICT.replace("\"reply-lost\"", "\"reply-late\"")));
    assert_eq!(
        e,
        "q.toml:10:19: question `pr`: widget `rpc` has no scenario `reply-late`"
    );
    let e = only_error(&quiz(&PREDICT.replace("\"client-sees\"", "\"who-wins\"")));
    assert_eq!(
        e,
        "q.toml:12:14: question `pr`: widget `rpc` cannot answer `who-wins`; it answers `client-sees`, `server-applied-count`, `next-message`"
    );
}

#[test]
fn predict_option_keys_must_be_outcomes_of_the_ask() {
    let e = only_error(&quiz(
        &PREDICT.replace("key = \"timeout\"", "key = \"timout\""),
    ));
    assert_eq!(
        e,
        "q.toml:3:1: question `pr`: option `timout` is not an outcome `client-sees` can produce; the outcomes are `reply`, `timeout`"
    );
}

#[test]
fn predict_has_no_answer_and_needs_every_prompt_field() {
    let text = PREDICT.replace("prompt.ask", "answer.answer = \"timeout\"\nprompt.ask");
    let e = only_error(&quiz(&text));
    assert_eq!(
        e,
        "q.toml:12:1: question `pr`: a Predict question has no `answer`: the widget's simulator computes it when the learner answers"
    );
    let e = only_error(&quiz(&PREDICT.replace("prompt.step = 3\n", "")));
    assert_eq!(
        e,
        "q.toml:8:1: question `pr`: missing `prompt.step` (the simulator step the question pauses at)"
    );
    let e = only_error(&quiz(
        &PREDICT.replace("prompt.step = 3", "prompt.step = -1"),
    ));
    assert_eq!(
        e,
        "q.toml:11:15: question `pr`: `prompt.step` must be a step number from 0 up, got -1"
    );
    let e = only_error(&quiz(
        &PREDICT.replace("prompt.step = 3", "prompt.step = \"3\""),
    ));
    assert!(
        e.ends_with("`prompt.step` must be a whole number, found string"),
        "{e}"
    );
}

#[test]
fn numeric_tolerance_must_not_be_negative_and_numbers_must_be_finite() {
    let e = only_error(&quiz(&NUM.replace("0.5", "-0.5")));
    assert_eq!(
        e,
        "q.toml:10:20: question `num`: `answer.tolerance` must not be negative, got -0.5"
    );
    let e = only_error(&quiz(
        &NUM.replace("answer.answer = 10", "answer.answer = inf"),
    ));
    assert!(
        e.ends_with("`answer.answer` must be a finite number of ordinary size"),
        "{e}"
    );
    let e = only_error(&quiz(
        &NUM.replace("answer.answer = 10", "answer.answer = \"10\""),
    ));
    assert!(
        e.ends_with("`answer.answer` must be a number, found string"),
        "{e}"
    );
}

#[test]
fn kinds_without_options_need_a_context() {
    for (snippet, kind) in [(NUM, "Numeric"), (ORD, "Ordering"), (SHORT, "ShortAnswer")] {
        let e = only_error(&quiz(&snippet.replace("context = \"Because.\"\n", "")));
        assert!(
            e.ends_with(&format!(
                "missing `context`: a {kind} question has no options to explain, so it needs a general explanation shown after answering"
            )),
            "{e}"
        );
    }
}

#[test]
fn ordering_needs_two_distinct_items() {
    let e = only_error(&quiz(
        &ORD.replace("[\"one\", \"two\", \"three\"]", "[\"one\"]"),
    ));
    assert_eq!(
        e,
        "q.toml:9:17: question `ord`: an Ordering question needs at least two items, found 1"
    );
    let e = only_error(&quiz(&ORD.replace("\"three\"", "\"one \"")));
    assert!(
        e.ends_with("item `one ` appears twice; with equal items the order cannot be graded"),
        "{e}"
    );
}

#[test]
fn short_answer_needs_an_answer_and_string_alternatives() {
    let e = only_error(&quiz(
        &SHORT.replace("answer.answer = \"Byzantine fault\"\n", ""),
    ));
    assert!(
        e.ends_with("missing `answer.answer` (the expected answer)"),
        "{e}"
    );
    let e = only_error(&quiz(
        &SHORT.replace("[\"arbitrary\"]", "[\"arbitrary\", false]"),
    ));
    assert!(
        e.ends_with("`answer.alternatives[1]` must be a string, found boolean"),
        "{e}"
    );
}

#[test]
fn unknown_keys_are_named_with_what_was_expected() {
    let e = only_error(&quiz(&MC.replace("tags =", "hint = \"x\"\ntags =")));
    assert_eq!(
        e,
        "q.toml:7:1: question `mc`: unknown key `hint`; expected one of `id`, `type`, `difficulty`, `tags`, `prompt`, `context`, `answer`, `options`"
    );
    let e = only_error(&quiz(&NUM.replace("answer.unit", "answer.units")));
    assert!(
        e.ends_with("unknown key `answer.units`; expected one of `answer.answer`, `answer.tolerance`, `answer.unit`"),
        "{e}"
    );
    let e = only_error(&format!("chapter = \"ch-test\"\nauthor = \"me\"\n{MC}"));
    assert_eq!(
        e,
        "q.toml:2:1: unknown key `author`; expected one of `chapter`, `title`, `questions`"
    );
}

#[test]
fn mdbook_quiz_habits_get_a_pointed_hint() {
    let e = only_error(&quiz(&MC.replace(
        "answer.answer",
        "prompt.distractors = [\"B\"]\nanswer.answer",
    )));
    assert!(
        e.ends_with("`prompt.distractors` is mdbook-quiz's list of bare wrong answers; here every option, right or wrong, is a `[[questions.options]]` table with `key`, `text` and `why`, so each one can explain itself"),
        "{e}"
    );
    let e = only_error(&quiz(
        &MC.replace("prompt.prompt = \"Q?\"", "prompt = \"Q?\""),
    ));
    assert_eq!(
        e,
        "q.toml:8:10: question `mc`: `prompt` must be a table (write `prompt.prompt = \"...\"`, as in mdbook-quiz), found string"
    );
    let e = only_error(&quiz(&format!(
        "{NUM}[[questions.options]]\nkey = \"a\"\ntext = \"A\"\nwhy = \"w\"\n"
    )));
    assert!(
        e.ends_with("`options` belongs to choice questions (MultipleChoice, MultipleSelect, Predict), not to Numeric"),
        "{e}"
    );
}

#[test]
fn the_file_needs_a_chapter_and_questions() {
    let e = only_error(MC);
    assert_eq!(e, "q.toml:1:1: missing `chapter` (the chapter id)");
    let e = only_error("chapter = \"ch-test\"\n");
    assert_eq!(
        e,
        "q.toml:1:1: no questions: add at least one `[[questions]]` table"
    );
    let e = only_error("chapter = \"ch-test\"\nquestions = []\n");
    assert_eq!(
        e,
        "q.toml:2:13: no questions: add at least one `[[questions]]` table"
    );
    let e = only_error("chapter = \"ch-test\"\nquestions = 3\n");
    assert_eq!(
        e,
        "q.toml:2:13: `questions` must be an array of tables (`[[questions]]`), found integer"
    );
    let e = only_error("chapter = \"ch-test\"\nquestions = [\"x\"]\n");
    assert_eq!(
        e,
        "q.toml:2:14: each entry of `questions` must be a table, found string"
    );
    let e = only_error(&format!("chapter = \"Chapter One\"\n{MC}"));
    assert!(
        e.starts_with("q.toml:1:11: chapter `Chapter One` must be lowercase"),
        "{e}"
    );
}

/// An author with five mistakes in three questions hears about all five, in
/// file order.
#[test]
fn all_errors_are_reported_sorted_by_line() {
    let text = quiz(
        &[
            MC.replace("\"junior\"", "\"easy\"")
                .replace("answer.answer = \"a\"", "answer.answer = \"q\""),
            NUM.replace("0.5", "-1"),
            PREDICT
                .replace("\"reply-lost\"", "\"nope\"")
                .replace("why = \"silence\"\n", ""),
        ]
        .concat(),
    );
    let errors = errors(&text);
    let summary: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            let (place, rest) = e.split_once(": question ").unwrap();
            (place, rest.split_once(": ").unwrap().1)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "q.toml:6:14",
                "difficulty must be one of `junior`, `mid`, `senior`, got `easy`"
            ),
            (
                "q.toml:9:17",
                "answer `q` is not the key of any option; the keys are `a`, `b`"
            ),
            (
                "q.toml:28:20",
                "`answer.tolerance` must not be negative, got -1"
            ),
            ("q.toml:39:19", "widget `rpc` has no scenario `nope`"),
            (
                "q.toml:48:1",
                "option `timeout` has no `why`: every option explains why it is right or wrong"
            ),
        ]
    );
}
