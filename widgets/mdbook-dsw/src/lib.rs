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

pub use directive::{Directive, DirectiveKind, find_directives};

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

/// Expands every directive in one chapter's Markdown. Collects every error in
/// the chapter rather than stopping at the first, so an author fixes them in
/// one pass.
pub fn expand_chapter(text: &str, source: &ChapterSource) -> Result<String, Vec<BuildError>> {
    let mut out = String::with_capacity(text.len());
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
                Ok(html) => out.push_str(&html),
                Err(message) => errors.push(at(message)),
            },
            Err(message) => errors.push(at(message.clone())),
        }
    }
    out.push_str(&text[copied_to..]);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
