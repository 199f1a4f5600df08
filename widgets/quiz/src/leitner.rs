//! Spaced review with Leitner boxes.
//!
//! Leitner rather than SM-2: a learner can predict it ("right moves a question
//! up a box and doubles the wait, wrong sends it back to box 1"), it needs no
//! self-rating step after each answer (SM-2 asks "how hard was that?" on a
//! 0-5 scale, which interview practice does not fit), and with a few hundred
//! questions its coarser intervals cost nothing.

use crate::day::Day;
use crate::progress::{Progress, QuestionProgress};

pub const BOXES: u8 = 5;

/// Days until the next review for a question in box `i + 1`.
pub const INTERVALS: [Day; BOXES as usize] = [1, 2, 4, 8, 16];

fn interval(leitner_box: u8) -> Day {
    INTERVALS[usize::from(leitner_box.clamp(1, BOXES)) - 1]
}

/// Records one answer.
///
/// A right answer promotes only when the question was due (or new): answering
/// the same question five times in one sitting must not push it to the
/// sixteen-day box. A wrong answer always demotes to box 1, due tomorrow.
pub fn record_answer(progress: &mut Progress, id: &str, correct: bool, today: Day) {
    let entry = progress
        .questions
        .entry(id.to_owned())
        .or_insert(QuestionProgress {
            seen: 0,
            correct: 0,
            last_day: None,
            last_correct: false,
            leitner_box: 1,
            due_day: today,
        });
    let was_due = entry.seen == 0 || entry.due_day <= today;
    entry.seen = entry.seen.saturating_add(1);
    entry.last_day = Some(today);
    entry.last_correct = correct;
    if correct {
        entry.correct = entry.correct.saturating_add(1);
        if was_due {
            entry.leitner_box = (entry.leitner_box + 1).min(BOXES);
            entry.due_day = today.saturating_add(interval(entry.leitner_box));
        }
    } else {
        entry.leitner_box = 1;
        entry.due_day = today.saturating_add(interval(1));
    }
}

/// Whether a question should be offered for review today; never-seen
/// questions are always due.
pub fn is_due(entry: Option<&QuestionProgress>, today: Day) -> bool {
    entry.is_none_or(|e| e.due_day <= today)
}

/// The questions to review today, most urgent first: seen questions that are
/// due, longest overdue first (then lower box, then book order), followed by
/// never-seen questions in book order. Seen ones lead because the review
/// page exists to catch forgetting; new ones are there so a learner who has
/// reviewed everything can keep going.
///
/// `all_ids` is every question in the book, in book order; saved entries for
/// questions that no longer exist are ignored.
pub fn due_questions(progress: &Progress, all_ids: &[&str], today: Day) -> Vec<String> {
    let mut seen = Vec::new();
    let mut new = Vec::new();
    for (position, id) in all_ids.iter().enumerate() {
        match progress.get(id) {
            None => new.push(*id),
            Some(e) if e.due_day <= today => seen.push((e.due_day, e.leitner_box, position, *id)),
            Some(_) => {}
        }
    }
    seen.sort_unstable();
    seen.into_iter()
        .map(|(.., id)| id)
        .chain(new)
        .map(str::to_owned)
        .collect()
}
