//! Expands the book's directives into placeholders for the wasm host.
//!
//! `{{#widget NAME key=value ...}}` becomes a `<div>` naming the widget and
//! carrying its checked configuration as JSON; `{{#quiz FILE}}` becomes a
//! `<div>` carrying the quiz file's questions. Everything is checked here, at
//! build time, so an author sees `src/chapter.md:12:1: ...` instead of a
//! reader seeing a broken page. A directive written with a leading backslash
//! (`\{{#widget ...}}`) is shown literally, as mdBook does for `{{#include}}`.

use std::fmt;
use std::path::{Path, PathBuf};

mod directive;
mod render;

pub use directive::{Directive, DirectiveKind, QUIZ_PAGES, find_directives};
use render::Rendered;

/// A problem with one directive, located in its chapter file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The chapter file as the author knows it, e.g. `src/intro.md`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Where a chapter lives, so errors can name it and quiz paths can be resolved.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    /// Shown in errors, relative to the book root (`src/ch01/index.md`).
    pub display: String,
    /// The directory quiz paths are relative to.
    pub dir: PathBuf,
}

impl ChapterSource {
    pub fn new(book_root: &Path, src_dir: &Path, source_path: &Path) -> Self {
        let display = src_dir.join(source_path).display().to_string();
        let dir = book_root
            .join(src_dir)
            .join(source_path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        ChapterSource { display, dir }
    }
}

/// A chapter after expansion, with the quizzes it placed (file shown in
/// errors, quiz), for the checks that span the whole book.
#[derive(Debug)]
pub struct Expanded {
    pub text: String,
    pub quizzes: Vec<(String, dsw_quiz::Quiz)>,
}

/// Expands every directive in one chapter's Markdown. Collects every error in
/// the chapter rather than stopping at the first, so an author fixes them in
/// one pass.
pub fn expand_chapter(text: &str, source: &ChapterSource) -> Result<Expanded, Vec<BuildError>> {
    let mut out = String::with_capacity(text.len());
    let mut quizzes = Vec::new();
    let mut errors = Vec::new();
    let mut copied_to = 0;
    for found in find_directives(text) {
        out.push_str(&text[copied_to..found.start]);
        copied_to = found.end;
        let at = |message: String| BuildError {
            file: source.display.clone(),
            line: found.line,
            column: found.column,
            message,
        };
        match &found.kind {
            Ok(DirectiveKind::Escaped) => out.push_str(&text[found.start + 1..found.end]),
            Ok(directive) => match render::placeholder(directive, source, &found) {
                Ok(Rendered::Html(html)) => out.push_str(&html),
                Ok(Rendered::Quiz { html, file, quiz }) => {
                    out.push_str(&html);
                    quizzes.push((file, quiz));
                }
                Err(mut found) => errors.append(&mut found),
            },
            Err(message) => errors.push(at(message.clone())),
        }
    }
    out.push_str(&text[copied_to..]);
    if errors.is_empty() {
        Ok(Expanded { text: out, quizzes })
    } else {
        Err(errors)
    }
}

/// The checks that need every quiz at once (ids are unique across the book,
/// because saved progress is keyed by them), then the question bank for the
/// book-wide quiz pages, as the JSON their placeholders carry.
pub fn book_bank(quizzes: &[(String, dsw_quiz::Quiz)]) -> Result<String, Vec<BuildError>> {
    let pairs: Vec<(&str, &dsw_quiz::Quiz)> =
        quizzes.iter().map(|(f, q)| (f.as_str(), q)).collect();
    let clashes = dsw_quiz::check_unique_ids(&pairs);
    if !clashes.is_empty() {
        return Err(render::located(clashes));
    }
    let bank: Vec<&dsw_quiz::Quiz> = quizzes.iter().map(|(_, q)| q).collect();
    serde_json::to_string(&bank)
        .map(|json| render::escape(&json))
        .map_err(|e| {
            vec![BuildError {
                file: "the quiz bank".to_owned(),
                line: 0,
                column: 0,
                message: e.to_string(),
            }]
        })
}

/// Puts the bank into the quiz pages' placeholders of an expanded chapter.
pub fn fill_bank(text: &str, escaped_bank: &str) -> String {
    text.replace(render::BANK_TOKEN, escaped_bank)
}

#[cfg(test)]
mod tests;
