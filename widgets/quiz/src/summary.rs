//! One line per chapter for the progress page.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::model::Quiz;
use crate::progress::Progress;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterSummary {
    pub chapter: String,
    pub title: Option<String>,
    pub total: usize,
    /// Answered at least once.
    pub seen: usize,
    /// Answered right the last time they were answered.
    pub correct: usize,
    /// Seen questions whose review is due today or earlier; never-seen ones
    /// are `total - seen`, so they are not counted twice here.
    pub due: usize,
}

pub fn chapter_summary(quiz: &Quiz, progress: &Progress, today: Day) -> ChapterSummary {
    let entries: Vec<_> = quiz
        .questions
        .iter()
        .filter_map(|q| progress.get(&q.id))
        .collect();
    ChapterSummary {
        chapter: quiz.chapter.clone(),
        title: quiz.title.clone(),
        total: quiz.questions.len(),
        seen: entries.len(),
        correct: entries.iter().filter(|e| e.last_correct).count(),
        due: entries.iter().filter(|e| e.due_day <= today).count(),
    }
}
