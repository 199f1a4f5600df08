use super::*;

fn source() -> ChapterSource {
    ChapterSource {
        display: "src/chapter.md".to_owned(),
        dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
    }
}

fn expand(text: &str) -> Result<String, Vec<BuildError>> {
    expand_chapter(text, &source()).map(|e| e.text)
}

fn one_error(text: &str) -> BuildError {
    let errors = expand(text).expect_err("the directive should be refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn a_widget_directive_becomes_a_placeholder_with_its_config() {
    let out = expand("# Title\n\n{{#widget ring nodes=7}}\n\nAfter.\n").unwrap();
    assert_eq!(
        out,
        "# Title\n\n<div class=\"dsw-widget\" data-dsw-widget=\"ring\" \
         data-dsw-config=\"{&quot;nodes&quot;:7}\" data-dsw-origin=\"src/chapter.md:3\">\
         <p class=\"dsw-loading\">Loading the interactive widget… (it needs JavaScript and \
         WebAssembly)</p></div>\n\n\nAfter.\n"
    );
}

#[test]
fn quoted_values_and_extra_spaces_are_accepted() {
    let out = expand("  {{#widget   host-check   panic=\"false\"  }}  \n").unwrap();
    assert!(
        out.contains("data-dsw-config=\"{&quot;panic&quot;:false}\""),
        "{out}"
    );
}

#[test]
fn text_without_directives_is_unchanged() {
    let text = "Plain {{#include foo.rs}} and {{ handlebars }} and {{#title X}}.\n";
    assert_eq!(expand(text).unwrap(), text);
}

#[test]
fn escaped_directive_is_shown_literally() {
    let out = expand("Write `\\{{#widget ring nodes=3}}` on its own line.\n").unwrap();
    assert_eq!(out, "Write `{{#widget ring nodes=3}}` on its own line.\n");
}

#[test]
fn directives_in_fenced_code_are_left_alone() {
    let text = "```md\n{{#widget nope}}\n```\n~~~~\n{{#quiz missing.toml}}\n```\n~~~~\n";
    assert_eq!(expand(text).unwrap(), text);
}

#[test]
fn unknown_widget_names_file_line_and_choices() {
    let error = one_error("Intro\n\n{{#widget rnig}}\n");
    let every: Vec<String> = dsw_spec::WIDGETS
        .iter()
        .map(|w| format!("`{}`", w.name))
        .collect();
    assert_eq!(
        error.to_string(),
        format!(
            "src/chapter.md:3:1: unknown widget `rnig` (did you mean `ring`?); \
             expected one of {}",
            every.join(", ")
        )
    );
}

#[test]
fn unknown_parameter_is_refused() {
    let error = one_error("{{#widget ring colour=red}}\n");
    assert_eq!(
        error.message,
        "widget `ring` has no parameter `colour`; expected one of `nodes`"
    );
}

#[test]
fn ill_typed_parameter_is_refused() {
    let error = one_error("\n\n\n    {{#widget ring nodes=many}}\n");
    assert_eq!((error.line, error.column), (4, 5));
    assert_eq!(
        error.message,
        "widget `ring`: parameter `nodes` expects an integer from 3 to 9, got `many`"
    );
}

#[test]
fn out_of_range_parameter_is_refused() {
    let error = one_error("{{#widget ring nodes=12}}\n");
    assert!(error.message.contains("from 3 to 9, got `12`"), "{error}");
}

#[test]
fn duplicate_parameter_is_refused() {
    let error = one_error("{{#widget ring nodes=3 nodes=4}}\n");
    assert!(error.message.contains("is given twice"), "{error}");
}

#[test]
fn missing_widget_name_is_refused() {
    for text in [
        "{{#widget}}\n",
        "{{#widget nodes=3}}\n",
        "{{#widget \"ring\"}}\n",
    ] {
        let error = one_error(text);
        assert!(
            error.message.contains("needs a widget name first"),
            "{text}: {error}"
        );
    }
}

#[test]
fn malformed_parameters_are_refused() {
    let cases = [
        (
            "{{#widget ring nodes}}\n",
            "expected a parameter written `key=value`, got `nodes`",
        ),
        ("{{#widget ring =3}}\n", "got `=3`"),
        ("{{#widget ring \"x\"}}\n", "got the string `\"x\"`"),
        ("{{#widget ring nodes=\"3}}\n", "has no closing `\"`"),
        ("{{#widget ring no\"des=3}}\n", "unexpected `\"` after `no`"),
        (
            "{{#widget ring nodes=\"3\"x}}\n",
            "a space must follow the closing `\"`",
        ),
        ("{{#widget,ring}}\n", "must be followed by a space"),
    ];
    for (text, expected) in cases {
        let error = one_error(text);
        assert!(error.message.contains(expected), "{text}: {error}");
    }
}

#[test]
fn unclosed_directive_is_refused() {
    let error = one_error("Some text\n{{#widget ring nodes=3\n}}\n");
    assert_eq!(error.line, 2);
    assert!(error.message.contains("is not closed"), "{error}");
}

#[test]
fn a_directive_inside_a_paragraph_is_refused() {
    let error = one_error("See {{#widget ring}} here.\n");
    assert_eq!(error.column, 5);
    assert!(
        error.message.contains("must stand on a line of its own"),
        "{error}"
    );
}

#[test]
fn every_error_in_a_chapter_is_reported() {
    let errors = expand("{{#widget a}}\nok\n{{#widget ring nodes=1}}\n{{#quiz}}\n").unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 3, 4]);
}

#[test]
fn a_quiz_directive_embeds_the_checked_quiz_as_json() {
    let expanded = expand_chapter("{{#quiz sample.toml}}\n", &source()).unwrap();
    let out = expanded.text;
    assert!(
        out.starts_with("<div class=\"dsw-quiz\" data-dsw-quiz=\"{"),
        "{out}"
    );
    assert!(out.contains("&quot;fixture-escape&quot;"), "{out}");
    assert_eq!(expanded.quizzes.len(), 1);
    assert_eq!(expanded.quizzes[0].0, "src/sample.toml");
}

#[test]
fn quiz_file_errors_name_the_quiz_file_line_and_question() {
    let errors = expand("{{#quiz invalid.toml}}\n").unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{text:#?}");
    assert!(text[0].starts_with("src/invalid.toml:9:"), "{text:#?}");
    assert!(
        text[0].contains("question `fixture-bad-answer`"),
        "{text:#?}"
    );
    assert!(text[1].contains("question `fixture-predict`"), "{text:#?}");
    assert!(text[1].contains("reply-lots"), "{text:#?}");
}

#[test]
fn quiz_pages_get_the_whole_bank() {
    let text = "{{#quiz sample.toml}}\n\n{{#quiz-page review}}\n";
    let expanded = expand_chapter(text, &source()).unwrap();
    assert!(
        expanded.text.contains("data-dsw-quiz-page=\"review\""),
        "{}",
        expanded.text
    );
    let bank = book_bank(&expanded.quizzes).unwrap();
    let filled = fill_bank(&expanded.text, &bank);
    assert!(!filled.contains("__DSW_QUIZ_BANK__"));
    assert!(
        filled.contains("data-dsw-bank=\"[{&quot;chapter&quot;:&quot;fixture&quot;"),
        "{filled}"
    );
}

#[test]
fn an_unknown_quiz_page_is_refused() {
    let error = one_error("{{#quiz-page scores}}\n");
    assert!(
        error
            .message
            .contains("takes one of `progress`, `review`, `drill`"),
        "{error}"
    );
}

#[test]
fn a_question_id_used_twice_in_the_book_is_refused() {
    let first = expand_chapter("{{#quiz sample.toml}}\n", &source()).unwrap();
    let mut quizzes = first.quizzes.clone();
    quizzes.push(("src/other.toml".to_owned(), first.quizzes[0].1.clone()));
    let errors = book_bank(&quizzes).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "src/other.toml", "{errors:?}");
    assert!(
        errors[0].message.contains("also used at src/sample.toml"),
        "{errors:?}"
    );
}

#[test]
fn a_missing_quiz_file_is_refused() {
    let error = one_error("{{#quiz nowhere.toml}}\n");
    assert!(
        error
            .message
            .contains("quiz file `nowhere.toml` cannot be read"),
        "{error}"
    );
    assert!(
        error.message.contains("tests/fixtures/nowhere.toml"),
        "{error}"
    );
}

#[test]
fn a_quiz_file_that_is_not_toml_is_refused() {
    let error = one_error("{{#quiz broken.toml}}\n");
    assert_eq!(
        (error.file.as_str(), error.line),
        ("src/broken.toml", 2),
        "{error}"
    );
    assert!(error.message.contains("TOML syntax error"), "{error}");
}

#[test]
fn quiz_directive_takes_exactly_one_file() {
    let error = one_error("{{#quiz a.toml b.toml}}\n");
    assert!(error.message.contains("exactly one argument"), "{error}");
    let error = one_error("{{#quiz}}\n");
    assert!(error.message.contains("needs the quiz file"), "{error}");
}

#[test]
fn attribute_values_are_escaped() {
    let out = expand("{{#quiz sample.toml}}\n").unwrap();
    assert!(
        !out.contains("\"questions\""),
        "raw quotes would end the attribute: {out}"
    );
    assert!(out.contains("&lt;b&gt;"), "{out}");
}
