//! Quizzes for the workbook: the TOML format authors write, the checks the
//! preprocessor runs at build time, grading, saved progress, Leitner review
//! and the interview drill.
//!
//! Everything here is a pure function of its inputs. There is no clock (callers
//! pass today's day number), no global random source (callers pass a seed) and
//! no web API, so the same code runs in native tests, in the mdBook
//! preprocessor and inside the wasm bundle.
//!
//! The file format is described for authors in `FORMAT.md` beside this crate.

mod catalog;
mod day;
mod display;
mod drill;
mod error;
mod grade;
mod leitner;
mod lines;
mod model;
mod oracle;
mod parse;
mod progress;
pub mod rng;
mod summary;

pub use catalog::{AskSpec, ScenarioCatalog, StaticCatalog};
pub use day::{Day, day_from_unix_millis};
pub use display::display_order;
pub use drill::{Drill, DrillFilter, DrillItem, DrillReport, REREAD_BELOW, Score};
pub use error::QuizError;
pub use grade::{
    GradeError, OptionFeedback, Response, Verdict, grade, normalize_answer, parse_number,
};
pub use leitner::{BOXES, INTERVALS, due_questions, is_due, record_answer};
pub use model::{Choice, Difficulty, Kind, Question, Quiz};
pub use oracle::{Oracle, Outcome, check_predictions};
pub use parse::{check_unique_ids, parse_quiz};
pub use progress::{
    ImportError, ImportReport, LoadOutcome, Notice, Progress, QuestionProgress, SCHEMA,
    export_progress, import_progress, load_progress, save_progress,
};
pub use summary::{ChapterSummary, chapter_summary};

#[cfg(test)]
mod tests;
