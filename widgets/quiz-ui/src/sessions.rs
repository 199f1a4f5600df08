//! The state of each quiz screen between answers: a chapter's self-check,
//! today's review and the interview drill. Reducers in plain Rust; the
//! components hold one of these and redraw it.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::answer::toggle;
use dsw_quiz::{Day, Difficulty, Drill, DrillFilter, Progress, Question, Quiz};

/// A chapter's quiz: which questions have been answered, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterRun {
    pub results: Vec<Option<bool>>,
    /// Bumped for a question each time it is retried; the card is keyed by
    /// it, so a retried question starts empty.
    pub attempts: Vec<u32>,
}

impl ChapterRun {
    pub fn new(questions: usize) -> ChapterRun {
        ChapterRun {
            results: vec![None; questions],
            attempts: vec![0; questions],
        }
    }

    pub fn answered(&mut self, index: usize, correct: bool) {
        if let Some(slot) = self.results.get_mut(index) {
            *slot = Some(correct);
        }
    }

    pub fn answered_count(&self) -> usize {
        self.results.iter().filter(|r| r.is_some()).count()
    }

    pub fn right(&self) -> usize {
        self.results.iter().filter(|r| **r == Some(true)).count()
    }

    pub fn wrong(&self) -> usize {
        self.results.iter().filter(|r| **r == Some(false)).count()
    }

    pub fn is_finished(&self) -> bool {
        self.results.iter().all(Option::is_some)
    }

    /// Clears only the wrong answers: the right ones stay answered, so the
    /// learner works on exactly what they missed.
    pub fn retry_wrong(&mut self) {
        for (result, attempt) in self.results.iter_mut().zip(&mut self.attempts) {
            if *result == Some(false) {
                *result = None;
                *attempt += 1;
            }
        }
    }

    pub fn score_line(&self) -> String {
        let total = self.results.len();
        if self.is_finished() {
            format!("You got {} of {total} right.", self.right())
        } else {
            format!(
                "Answered {} of {total}; {} right so far.",
                self.answered_count(),
                self.right()
            )
        }
    }
}

/// A question with the chapter it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub chapter: String,
    pub question: Rc<Question>,
}

/// Every question of the bank in book order.
pub fn entries(bank: &[Quiz]) -> Vec<Entry> {
    bank.iter()
        .flat_map(|quiz| {
            quiz.questions.iter().map(|q| Entry {
                chapter: quiz.chapter.clone(),
                question: Rc::new(q.clone()),
            })
        })
        .collect()
}

/// Today's review. The queue is fixed when the page opens: answering a
/// question reschedules it, and a queue recomputed after every answer would
/// drop the question from under the learner while they read its feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewSession {
    pub queue: Vec<Entry>,
    /// How many of `queue` (at its front) were seen before and are due; the
    /// rest have never been tried.
    pub due_seen: usize,
    pub position: usize,
    pub current: Option<bool>,
    pub right: usize,
    pub wrong: usize,
}

impl ReviewSession {
    pub fn new(entries: &[Entry], progress: &Progress, today: Day) -> ReviewSession {
        let ids: Vec<&str> = entries.iter().map(|e| e.question.id.as_str()).collect();
        let due = dsw_quiz::due_questions(progress, &ids, today);
        let queue: Vec<Entry> = due
            .iter()
            .filter_map(|id| entries.iter().find(|e| e.question.id == *id).cloned())
            .collect();
        let due_seen = queue
            .iter()
            .filter(|e| progress.get(&e.question.id).is_some())
            .count();
        ReviewSession {
            queue,
            due_seen,
            position: 0,
            current: None,
            right: 0,
            wrong: 0,
        }
    }

    pub fn entry(&self) -> Option<&Entry> {
        self.queue.get(self.position)
    }

    pub fn is_done(&self) -> bool {
        self.position >= self.queue.len()
    }

    pub fn answered(&mut self, correct: bool) {
        if self.current.is_none() && !self.is_done() {
            self.current = Some(correct);
            if correct {
                self.right += 1;
            } else {
                self.wrong += 1;
            }
        }
    }

    /// Moves on; a question may be skipped unanswered.
    pub fn next(&mut self) {
        if !self.is_done() {
            self.position += 1;
            self.current = None;
        }
    }

    pub fn count_line(&self) -> String {
        let new = self.queue.len() - self.due_seen;
        format!(
            "Question {} of {}: {} due for review, {} not tried yet.",
            (self.position + 1).min(self.queue.len()),
            self.queue.len(),
            self.due_seen,
            new
        )
    }

    pub fn done_line(&self) -> String {
        let mut text = format!(
            "Review finished: {} right, {} wrong.",
            self.right, self.wrong
        );
        if self.wrong > 0 {
            text.push_str(" The ones you missed come back tomorrow.");
        }
        text
    }
}

/// The drill's set-up form. Inputs are kept as typed, and checked on start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillSetup {
    pub chapters: BTreeSet<String>,
    pub difficulties: BTreeSet<Difficulty>,
    pub count: String,
    pub minutes: String,
}

pub const DEFAULT_COUNT: usize = 10;

impl DrillSetup {
    /// Everything ticked, ten questions, no timer.
    pub fn new(bank: &[Quiz]) -> DrillSetup {
        DrillSetup {
            chapters: bank.iter().map(|q| q.chapter.clone()).collect(),
            difficulties: Difficulty::ALL.into_iter().collect(),
            count: DEFAULT_COUNT.to_string(),
            minutes: String::new(),
        }
    }

    /// Nothing ticked means nothing, not "any": an empty drill is refused
    /// with a reason instead of quietly drawing from everything.
    pub fn filter(&self) -> DrillFilter {
        DrillFilter {
            chapters: self.chapters.iter().cloned().collect(),
            difficulties: self.difficulties.iter().copied().collect(),
            tags: Vec::new(),
        }
    }

    pub fn matching(&self, bank: &[Quiz]) -> usize {
        if self.chapters.is_empty() || self.difficulties.is_empty() {
            return 0;
        }
        bank.iter()
            .filter(|quiz| self.chapters.contains(&quiz.chapter))
            .flat_map(|quiz| &quiz.questions)
            .filter(|q| self.difficulties.contains(&q.difficulty))
            .count()
    }

    /// The number of questions and the time limit in seconds, or what is
    /// wrong with the form.
    pub fn check(&self, bank: &[Quiz]) -> Result<(usize, Option<u64>), String> {
        if self.chapters.is_empty() {
            return Err("Choose at least one chapter.".to_owned());
        }
        if self.difficulties.is_empty() {
            return Err("Choose at least one difficulty.".to_owned());
        }
        if self.matching(bank) == 0 {
            return Err("No question matches these choices.".to_owned());
        }
        let count = match self.count.trim().parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err("The number of questions must be a whole number, 1 or more.".to_owned());
            }
        };
        let minutes = self.minutes.trim();
        let limit = if minutes.is_empty() {
            None
        } else {
            match minutes.parse::<f64>() {
                Ok(0.0) => None,
                Ok(m) if m.is_finite() && m > 0.0 && m <= 600.0 => {
                    Some((m * 60.0).round().max(1.0) as u64)
                }
                _ => {
                    return Err(
                        "The timer must be a number of minutes between 0 and 600 (empty or 0 for no timer)."
                            .to_owned(),
                    );
                }
            }
        };
        Ok((count, limit))
    }
}

/// A drill being answered.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillRun {
    pub drill: Drill,
    pub questions: Vec<Rc<Question>>,
    pub current: usize,
    /// When the timer runs out, in the page's milliseconds.
    pub ends_at: Option<f64>,
    pub seconds_left: Option<u64>,
}

impl DrillRun {
    pub fn is_last(&self) -> bool {
        self.current + 1 >= self.questions.len()
    }

    pub fn current_answered(&self) -> bool {
        self.drill.result(self.current).is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrillPhase {
    Setup,
    Running(DrillRun),
    /// `timed_out`: the report says unanswered questions counted as wrong
    /// because time ran out, not because the learner stopped.
    Done {
        drill: Drill,
        timed_out: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrillState {
    pub setup: DrillSetup,
    pub phase: DrillPhase,
    pub error: Option<String>,
    /// Bumped at each start, so the timer effect restarts with each drill.
    pub runs: u32,
}

#[derive(Debug, Clone)]
pub enum DrillMsg {
    ToggleChapter(String),
    ToggleDifficulty(Difficulty),
    Count(String),
    Minutes(String),
    Start {
        seed: u64,
        now: f64,
        progress: Progress,
    },
    Answered {
        index: usize,
        correct: bool,
    },
    Next,
    Tick {
        now: f64,
    },
    Stop,
    Again,
}

impl DrillState {
    pub fn new(bank: &[Quiz]) -> DrillState {
        DrillState {
            setup: DrillSetup::new(bank),
            phase: DrillPhase::Setup,
            error: None,
            runs: 0,
        }
    }

    pub fn update(&mut self, bank: &[Quiz], msg: DrillMsg) {
        match msg {
            DrillMsg::ToggleChapter(chapter) => {
                toggle(&mut self.setup.chapters, chapter);
                self.error = None;
            }
            DrillMsg::ToggleDifficulty(d) => {
                toggle(&mut self.setup.difficulties, d);
                self.error = None;
            }
            DrillMsg::Count(count) => {
                self.setup.count = count;
                self.error = None;
            }
            DrillMsg::Minutes(minutes) => {
                self.setup.minutes = minutes;
                self.error = None;
            }
            DrillMsg::Start {
                seed,
                now,
                progress,
            } => {
                if !matches!(self.phase, DrillPhase::Setup) {
                    return;
                }
                match self.setup.check(bank) {
                    Ok((count, limit)) => {
                        let drill = Drill::new(bank, &self.setup.filter(), count, seed, &progress);
                        let questions = drill
                            .items()
                            .iter()
                            .map(|item| Rc::new(item.question.clone()))
                            .collect();
                        self.error = None;
                        self.runs += 1;
                        self.phase = DrillPhase::Running(DrillRun {
                            drill,
                            questions,
                            current: 0,
                            ends_at: limit.map(|s| now + s as f64 * 1000.0),
                            seconds_left: limit,
                        });
                    }
                    Err(reason) => self.error = Some(reason),
                }
            }
            DrillMsg::Answered { index, correct } => {
                if let DrillPhase::Running(run) = &mut self.phase {
                    run.drill.record(index, correct);
                }
            }
            DrillMsg::Next => {
                if let DrillPhase::Running(run) = &mut self.phase {
                    if run.is_last() {
                        self.finish(false);
                    } else {
                        run.current += 1;
                    }
                }
            }
            DrillMsg::Tick { now } => {
                if let DrillPhase::Running(run) = &mut self.phase
                    && let Some(ends_at) = run.ends_at
                {
                    let left = ((ends_at - now) / 1000.0).ceil().max(0.0) as u64;
                    run.seconds_left = Some(left);
                    if left == 0 {
                        self.finish(true);
                    }
                }
            }
            DrillMsg::Stop => self.finish(false),
            DrillMsg::Again => {
                self.phase = DrillPhase::Setup;
                self.error = None;
            }
        }
    }

    fn finish(&mut self, timed_out: bool) {
        if let DrillPhase::Running(run) = &self.phase {
            self.phase = DrillPhase::Done {
                drill: run.drill.clone(),
                timed_out,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn retry_clears_only_wrong_answers_and_renews_their_cards() {
        let mut run = ChapterRun::new(3);
        run.answered(0, true);
        run.answered(1, false);
        assert_eq!(run.score_line(), "Answered 2 of 3; 1 right so far.");
        run.answered(2, false);
        assert!(run.is_finished());
        assert_eq!(run.score_line(), "You got 1 of 3 right.");
        assert_eq!(run.wrong(), 2);
        run.retry_wrong();
        assert_eq!(run.results, vec![Some(true), None, None]);
        assert_eq!(run.attempts, vec![0, 1, 1]);
        run.answered(7, true);
        assert_eq!(run.answered_count(), 1, "out of range is ignored");
    }

    #[test]
    fn review_puts_due_questions_before_new_ones_and_keeps_its_queue() {
        let bank = fixtures::bank();
        let entries = entries(&bank);
        let mut progress = Progress::default();
        dsw_quiz::record_answer(&mut progress, "ch01-b", false, 10);
        dsw_quiz::record_answer(&mut progress, "ch02-a", true, 10);
        // Day 11: ch01-b (box 1) is due; ch02-a (box 2) is not.
        let mut review = ReviewSession::new(&entries, &progress, 11);
        let ids: Vec<&str> = review
            .queue
            .iter()
            .map(|e| e.question.id.as_str())
            .collect();
        assert_eq!(ids, ["ch01-b", "ch01-a", "ch01-c", "ch02-b"]);
        assert_eq!(review.due_seen, 1);
        assert_eq!(review.entry().unwrap().chapter, "ch01-foundations");
        assert_eq!(
            review.count_line(),
            "Question 1 of 4: 1 due for review, 3 not tried yet."
        );
        review.answered(true);
        review.answered(false);
        assert_eq!((review.right, review.wrong), (1, 0), "one answer each");
        for _ in 0..10 {
            review.next();
        }
        assert!(review.is_done());
        assert_eq!(review.position, 4);
        assert_eq!(review.done_line(), "Review finished: 1 right, 0 wrong.");
    }

    #[test]
    fn review_with_everything_scheduled_later_is_empty() {
        let bank = fixtures::bank();
        let entries = entries(&bank);
        let mut progress = Progress::default();
        for e in &entries {
            dsw_quiz::record_answer(&mut progress, &e.question.id, true, 10);
        }
        let review = ReviewSession::new(&entries, &progress, 10);
        assert!(review.queue.is_empty());
        assert!(review.is_done());
    }

    fn start(state: &mut DrillState, bank: &[Quiz], now: f64) {
        state.update(
            bank,
            DrillMsg::Start {
                seed: 42,
                now,
                progress: Progress::default(),
            },
        );
    }

    #[test]
    fn drill_setup_checks_its_inputs() {
        let bank = fixtures::bank();
        let mut setup = DrillSetup::new(&bank);
        assert_eq!(setup.matching(&bank), 5);
        assert_eq!(setup.check(&bank), Ok((10, None)));
        setup.minutes = "1.5".into();
        assert_eq!(setup.check(&bank), Ok((10, Some(90))));
        setup.minutes = "0".into();
        assert_eq!(setup.check(&bank), Ok((10, None)));
        setup.minutes = "-1".into();
        assert!(setup.check(&bank).unwrap_err().contains("minutes"));
        setup.minutes.clear();
        setup.count = "0".into();
        assert!(setup.check(&bank).unwrap_err().contains("whole number"));
        setup.count = "3".into();
        setup.difficulties = [Difficulty::Senior].into_iter().collect();
        assert_eq!(setup.matching(&bank), 1);
        setup.chapters.remove("ch01-foundations");
        assert_eq!(setup.matching(&bank), 0);
        assert_eq!(
            setup.check(&bank),
            Err("No question matches these choices.".into())
        );
        setup.chapters.clear();
        assert_eq!(
            setup.check(&bank),
            Err("Choose at least one chapter.".into())
        );
    }

    #[test]
    fn a_drill_runs_question_by_question_to_its_report() {
        let bank = fixtures::bank();
        let mut state = DrillState::new(&bank);
        state.update(&bank, DrillMsg::Count("2".into()));
        state.update(&bank, DrillMsg::ToggleChapter("ch02-time".into()));
        start(&mut state, &bank, 0.0);
        let DrillPhase::Running(run) = &state.phase else {
            panic!("{state:?}")
        };
        assert_eq!(run.questions.len(), 2);
        assert!(
            run.drill
                .items()
                .iter()
                .all(|i| i.chapter == "ch01-foundations")
        );
        assert_eq!(run.ends_at, None);
        state.update(
            &bank,
            DrillMsg::Answered {
                index: 0,
                correct: true,
            },
        );
        state.update(&bank, DrillMsg::Next);
        state.update(
            &bank,
            DrillMsg::Answered {
                index: 1,
                correct: false,
            },
        );
        state.update(&bank, DrillMsg::Next);
        let DrillPhase::Done { drill, timed_out } = &state.phase else {
            panic!("{state:?}")
        };
        assert!(!timed_out);
        let report = drill.report();
        assert_eq!((report.asked, report.correct), (2, 1));
        assert_eq!(report.reread, ["ch01-foundations"]);
        state.update(&bank, DrillMsg::Again);
        assert_eq!(state.phase, DrillPhase::Setup);
        assert_eq!(state.setup.count, "2", "the form keeps its choices");
    }

    #[test]
    fn when_time_runs_out_unanswered_questions_count_as_wrong() {
        let bank = fixtures::bank();
        let mut state = DrillState::new(&bank);
        state.update(&bank, DrillMsg::Minutes("1".into()));
        start(&mut state, &bank, 1_000.0);
        assert_eq!(state.runs, 1);
        state.update(
            &bank,
            DrillMsg::Answered {
                index: 0,
                correct: true,
            },
        );
        state.update(&bank, DrillMsg::Tick { now: 30_500.0 });
        let DrillPhase::Running(run) = &state.phase else {
            panic!()
        };
        assert_eq!(run.seconds_left, Some(31));
        state.update(&bank, DrillMsg::Tick { now: 61_000.0 });
        let DrillPhase::Done { drill, timed_out } = &state.phase else {
            panic!("{state:?}")
        };
        assert!(timed_out);
        let report = drill.report();
        assert_eq!((report.asked, report.answered, report.correct), (5, 1, 1));
    }

    #[test]
    fn an_impossible_drill_is_refused_with_a_reason() {
        let bank = fixtures::bank();
        let mut state = DrillState::new(&bank);
        for d in Difficulty::ALL {
            state.update(&bank, DrillMsg::ToggleDifficulty(d));
        }
        start(&mut state, &bank, 0.0);
        assert_eq!(state.phase, DrillPhase::Setup);
        assert_eq!(
            state.error.as_deref(),
            Some("Choose at least one difficulty.")
        );
        state.update(&bank, DrillMsg::ToggleDifficulty(Difficulty::Mid));
        assert_eq!(state.error, None);
    }
}
