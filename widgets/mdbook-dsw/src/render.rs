//! Turning a checked directive into the HTML placeholder the host mounts.

use dsw_catalog::{Catalog, Simulators};
use dsw_quiz::Quiz;

use crate::{BuildError, ChapterSource, Directive, DirectiveKind};

/// Stands in a quiz page's placeholder until every quiz in the book is known;
/// [`crate::fill_bank`] replaces it.
pub const BANK_TOKEN: &str = "__DSW_QUIZ_BANK__";

/// What one directive became.
pub enum Rendered {
    Html(String),
    /// A chapter quiz: its placeholder, and the quiz for the book-wide checks.
    Quiz {
        html: String,
        file: String,
        quiz: Quiz,
    },
}

/// The placeholder for one directive, or the reasons it cannot be built
/// (a quiz file can have many problems, reported together).
pub fn placeholder(
    kind: &DirectiveKind,
    source: &ChapterSource,
    at: &Directive,
) -> Result<Rendered, Vec<BuildError>> {
    let origin = format!("{}:{}", source.display, at.line);
    let here = |message: String| {
        vec![BuildError {
            file: source.display.clone(),
            line: at.line,
            column: at.column,
            message,
        }]
    };
    match kind {
        DirectiveKind::Widget { name, args } => {
            let config = dsw_spec::check_args(name, args).map_err(|e| here(e.to_string()))?;
            // The trailing newline leaves a blank line after the block, so
            // Markdown that follows is not swallowed into the HTML block.
            Ok(Rendered::Html(format!(
                "<div class=\"dsw-widget\" {}=\"{}\" {}=\"{}\" data-dsw-origin=\"{}\">{}</div>\n",
                dsw_spec::WIDGET_ATTR,
                escape(config.widget.name),
                dsw_spec::CONFIG_ATTR,
                escape(&config.given_json()),
                escape(&origin),
                LOADING,
            )))
        }
        DirectiveKind::Quiz { file } => {
            let path = source.dir.join(file);
            let shown = source
                .display
                .rsplit_once('/')
                .map_or_else(|| file.clone(), |(dir, _)| format!("{dir}/{file}"));
            let text = std::fs::read_to_string(&path).map_err(|e| {
                here(format!(
                    "quiz file `{file}` cannot be read ({e}); it is looked for beside the chapter, at {}",
                    path.display()
                ))
            })?;
            let quiz = dsw_quiz::parse_quiz(&shown, &text, &Catalog).map_err(located)?;
            let wrong = dsw_quiz::check_predictions(&shown, &quiz, &Simulators);
            if !wrong.is_empty() {
                return Err(located(wrong));
            }
            let json = serde_json::to_string(&quiz).map_err(|e| here(e.to_string()))?;
            Ok(Rendered::Quiz {
                html: format!(
                    "<div class=\"dsw-quiz\" data-dsw-quiz=\"{}\" data-dsw-origin=\"{}\">{}</div>\n",
                    escape(&json),
                    escape(&origin),
                    LOADING,
                ),
                file: shown,
                quiz,
            })
        }
        DirectiveKind::QuizPage { kind } => Ok(Rendered::Html(format!(
            "<div class=\"dsw-quiz\" data-dsw-quiz-page=\"{}\" data-dsw-bank=\"{BANK_TOKEN}\" data-dsw-origin=\"{}\">{}</div>\n",
            escape(kind),
            escape(&origin),
            LOADING,
        ))),
        DirectiveKind::Escaped => unreachable!("escaped directives are copied, not rendered"),
    }
}

/// Quiz-file errors are located in the quiz file, not the chapter.
pub fn located(errors: Vec<dsw_quiz::QuizError>) -> Vec<BuildError> {
    errors
        .into_iter()
        .map(|e| BuildError {
            file: e.file.clone(),
            line: e.line,
            column: e.column,
            message: match &e.question {
                Some(id) => format!("question `{id}`: {}", e.message),
                None => e.message.clone(),
            },
        })
        .collect()
}

/// Shown until the host mounts the widget, and kept if JavaScript is off.
const LOADING: &str = "<p class=\"dsw-loading\">Loading the interactive widget… \
(it needs JavaScript and WebAssembly)</p>";

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
