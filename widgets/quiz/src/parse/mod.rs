//! TOML text to a checked `Quiz`, reporting every problem at once.
//!
//! The walk is done by hand over toml's spanned document tree rather than with
//! serde derives: serde stops at the first mismatch, and an author fixing a
//! twenty-question file one error per build would rightly give up.

mod ctx;
mod kinds;
mod question;

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use crate::catalog::ScenarioCatalog;
use crate::error::QuizError;
use crate::model::Quiz;
use ctx::Ctx;

/// Parses and checks one chapter's quiz file.
///
/// `file` is only used in messages, so the preprocessor can pass the path the
/// author knows (`src/ch01-foundations/quiz.toml`). Errors come back sorted by
/// position.
pub fn parse_quiz(
    file: &str,
    text: &str,
    catalog: &dyn ScenarioCatalog,
) -> Result<Quiz, Vec<QuizError>> {
    let mut ctx = Ctx::new(file, text);
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        // The tree toml recovers after a syntax error is a guess; checking it
        // would add confusing follow-on complaints, so syntax errors come alone.
        for err in syntax {
            let span = err.span().unwrap_or(0..0);
            ctx.error(span, format!("TOML syntax error: {}", err.message()));
        }
        return Err(ctx.finish_syntax());
    }
    let quiz = document(&mut ctx, root.get_ref(), catalog);
    ctx.finish(quiz)
}

fn document(ctx: &mut Ctx<'_>, root: &DeTable<'_>, catalog: &dyn ScenarioCatalog) -> Quiz {
    ctx.unknown_keys(root, "", &["chapter", "title", "questions"], |_| None);
    let chapter = match ctx.required(root, 0..0, "chapter", "chapter", "the chapter id") {
        Some(v) => {
            let chapter = ctx.string(v, "chapter");
            if let Some(c) = &chapter {
                ctx.check_slug(v.span(), "chapter", c);
            }
            chapter.unwrap_or_default()
        }
        None => String::new(),
    };
    let title = root.get("title").and_then(|v| ctx.string(v, "title"));

    let mut questions = Vec::new();
    let mut seen_ids = HashMap::new();
    match root.get("questions") {
        None => ctx.error(
            0..0,
            "no questions: add at least one `[[questions]]` table".to_owned(),
        ),
        Some(v) => match v.get_ref() {
            DeValue::Array(items) if items.is_empty() => ctx.error(
                v.span(),
                "no questions: add at least one `[[questions]]` table".to_owned(),
            ),
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let Some(q) = question::question(ctx, item, &mut seen_ids, catalog) {
                        questions.push(q);
                    }
                }
            }
            other => ctx.error(
                v.span(),
                format!(
                    "`questions` must be an array of tables (`[[questions]]`), found {}",
                    other.type_str()
                ),
            ),
        },
    }
    Quiz {
        chapter,
        title,
        questions,
    }
}

/// Ids key saved progress for the whole book, so they must be unique across
/// every quiz file, not only within one. The preprocessor calls this after
/// parsing all chapters.
pub fn check_unique_ids(quizzes: &[(&str, &Quiz)]) -> Vec<QuizError> {
    let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut errors = Vec::new();
    for (file, quiz) in quizzes {
        for q in &quiz.questions {
            match first.get(q.id.as_str()) {
                Some((other_file, other_line)) => errors.push(QuizError {
                    file: (*file).to_owned(),
                    line: q.line,
                    column: 1,
                    question: Some(q.id.clone()),
                    message: format!(
                        "id `{}` is also used at {other_file}:{other_line}; ids must be unique across the book because saved progress is keyed by them",
                        q.id
                    ),
                }),
                None => {
                    first.insert(q.id.as_str(), (file, q.line));
                }
            }
        }
    }
    errors
}
