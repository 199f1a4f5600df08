//! The `mdbook-dsw` preprocessor binary: mdBook calls it with `supports
//! <renderer>`, then with the book as JSON on stdin, and reads the expanded
//! book back from stdout.

use std::io;
use std::process::ExitCode;

use mdbook_dsw::{BuildError, ChapterSource, book_bank, expand_chapter, fill_bank};
use mdbook_preprocessor::book::{Book, BookItem};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        // Placeholders are HTML; other renderers would show them as junk.
        [cmd, renderer] if cmd == "supports" => {
            if renderer == "html" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        [] => match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: mdbook-dsw [supports <renderer>]  (mdBook runs this; see book.toml)");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let (ctx, mut book) = mdbook_preprocessor::parse_input(io::stdin())
        .map_err(|e| format!("mdbook-dsw: cannot read the book from mdBook: {e:#}"))?;
    let errors = expand_book(&mut book, &ctx.root, &ctx.config.book.src);
    if !errors.is_empty() {
        let mut report = String::new();
        for error in &errors {
            report.push_str(&format!("error: {error}\n"));
        }
        report.push_str(&format!(
            "mdbook-dsw: {} problem{} in directives or quiz files (see above); the book was not built",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ));
        return Err(report);
    }
    serde_json::to_writer(io::stdout().lock(), &book)
        .map_err(|e| format!("mdbook-dsw: cannot write the book back to mdBook: {e}"))
}

fn expand_book(book: &mut Book, root: &std::path::Path, src: &std::path::Path) -> Vec<BuildError> {
    let mut errors = Vec::new();
    let mut quizzes = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(chapter) = item else {
            return;
        };
        let Some(source_path) = &chapter.source_path else {
            return;
        };
        let source = ChapterSource::new(root, src, source_path);
        match expand_chapter(&chapter.content, &source) {
            Ok(expanded) => {
                chapter.content = expanded.text;
                quizzes.extend(expanded.quizzes);
            }
            Err(mut found) => errors.append(&mut found),
        }
    });
    if !errors.is_empty() {
        return errors;
    }
    // Second pass: the quiz pages need every chapter's quiz.
    match book_bank(&quizzes) {
        Ok(bank) => book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = fill_bank(&chapter.content, &bank);
            }
        }),
        Err(mut found) => errors.append(&mut found),
    }
    errors
}
