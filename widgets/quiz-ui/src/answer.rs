//! Answering one question: what the learner has entered so far, turning it
//! into a `Response`, and the verdict once it is graded. Plain Rust, so every
//! path (nothing picked, a number with its unit, a simulator that cannot
//! answer) is tested natively; the Yew card only draws this state.

use std::collections::BTreeSet;
use std::rc::Rc;

use dsw_quiz::{Kind, OptionFeedback, Oracle, Question, Response, Verdict};

/// The learner's input so far, one shape per kind of question.
#[derive(Debug, Clone, PartialEq)]
pub enum Draft {
    /// The index (in file order) of the picked option.
    Choice(Option<usize>),
    /// The indices (in file order) of the ticked options.
    Choices(BTreeSet<usize>),
    /// Exactly what was typed, so "250 ms" survives until submit.
    Number(String),
    /// Item indices (file order, which is the correct order) as arranged now.
    Order(Vec<usize>),
    Text(String),
}

/// One change the learner makes before submitting.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Pick(usize),
    Toggle(usize),
    Type(String),
    /// Moves the item at `position` one place up (towards the start) or down.
    Move {
        position: usize,
        up: bool,
    },
}

/// The last reordering, so the card can keep keyboard focus on the item the
/// learner is moving and announce where it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub item: usize,
    pub to: usize,
    pub up: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerState {
    pub question: Rc<Question>,
    /// Option indices in the order they are shown (choice kinds), or the
    /// first arrangement of items (Ordering); empty for the other kinds.
    pub shown: Vec<usize>,
    pub draft: Draft,
    pub verdict: Option<Verdict>,
    /// Why the last submit was not graded: nothing entered, not a number, or
    /// a simulator that could not answer. Not a wrong answer, so the learner
    /// can fix it and submit again.
    pub problem: Option<String>,
    pub moved: Option<Moved>,
    /// Counts reorderings, so focus follows each one, even a repeat of the last.
    pub moves: u32,
}

impl AnswerState {
    /// `seed` shuffles the options; the same seed gives the same arrangement,
    /// so a retried question is laid out the way the learner last saw it.
    pub fn new(question: Rc<Question>, seed: u64) -> AnswerState {
        let shown = dsw_quiz::display_order(&question, seed);
        let draft = match &question.kind {
            Kind::MultipleChoice { .. } | Kind::Predict { .. } => Draft::Choice(None),
            Kind::MultipleSelect { .. } => Draft::Choices(BTreeSet::new()),
            Kind::Numeric { .. } => Draft::Number(String::new()),
            Kind::Ordering { .. } => Draft::Order(shown.clone()),
            Kind::ShortAnswer { .. } => Draft::Text(String::new()),
        };
        AnswerState {
            question,
            shown,
            draft,
            verdict: None,
            problem: None,
            moved: None,
            moves: 0,
        }
    }

    pub fn is_answered(&self) -> bool {
        self.verdict.is_some()
    }

    pub fn correct(&self) -> Option<bool> {
        self.verdict.as_ref().map(|v| v.correct)
    }

    /// Applies an edit. Edits after grading are ignored: the verdict describes
    /// the answer that was submitted, and a changed input under it would lie.
    pub fn edit(&mut self, edit: Edit) {
        if self.is_answered() {
            return;
        }
        self.problem = None;
        match (&mut self.draft, edit) {
            (Draft::Choice(picked), Edit::Pick(i)) => *picked = Some(i),
            (Draft::Choices(ticked), Edit::Toggle(i)) => toggle(ticked, i),
            (Draft::Number(text) | Draft::Text(text), Edit::Type(typed)) => *text = typed,
            (Draft::Order(order), Edit::Move { position, up }) => {
                let target = if up {
                    position.checked_sub(1)
                } else {
                    Some(position + 1).filter(|&t| t < order.len())
                };
                if let Some(to) = target.filter(|_| position < order.len()) {
                    order.swap(position, to);
                    self.moved = Some(Moved {
                        item: order[to],
                        to,
                        up,
                    });
                    self.moves += 1;
                }
            }
            _ => {}
        }
    }

    /// The response to grade, or what the learner still has to do.
    pub fn response(&self) -> Result<Response, String> {
        let options = self.question.kind.options().unwrap_or(&[]);
        match (&self.draft, &self.question.kind) {
            (Draft::Choice(None), _) => Err("Pick an option first.".to_owned()),
            (Draft::Choice(Some(i)), _) => options
                .get(*i)
                .map(|o| Response::Choice(o.key.clone()))
                .ok_or_else(|| "Pick an option first.".to_owned()),
            (Draft::Choices(ticked), _) if ticked.is_empty() => {
                Err("Tick at least one option first.".to_owned())
            }
            (Draft::Choices(ticked), _) => Ok(Response::Choices(
                ticked
                    .iter()
                    .filter_map(|&i| options.get(i))
                    .map(|o| o.key.clone())
                    .collect(),
            )),
            (Draft::Number(text), Kind::Numeric { unit, .. }) => {
                if text.trim().is_empty() {
                    return Err("Type a number first.".to_owned());
                }
                dsw_quiz::parse_number(text, unit.as_deref())
                    .map(Response::Number)
                    .map_err(|reason| format!("{}.", crate::text::capitalize(&reason)))
            }
            (Draft::Number(_), _) => Err("This question does not take a number.".to_owned()),
            (Draft::Order(order), _) => Ok(Response::Order(order.clone())),
            (Draft::Text(text), _) if text.trim().is_empty() => {
                Err("Type an answer first.".to_owned())
            }
            (Draft::Text(text), _) => Ok(Response::Text(text.clone())),
        }
    }

    /// Grades the draft. `oracle` runs the simulator for Predict questions.
    /// Submitting twice is harmless: the first verdict stands, so progress is
    /// recorded once per attempt.
    pub fn submit(&mut self, oracle: Option<&dyn Oracle>) {
        if self.is_answered() {
            return;
        }
        let response = match self.response() {
            Ok(response) => response,
            Err(problem) => {
                self.problem = Some(problem);
                return;
            }
        };
        match dsw_quiz::grade(&self.question, &response, oracle) {
            Ok(verdict) => {
                self.verdict = Some(verdict);
                self.problem = None;
            }
            Err(e) => self.problem = Some(format!("This answer could not be graded: {e}.")),
        }
    }

    /// The verdict's per-option feedback in the order the options were shown,
    /// so the explanations line up with what the learner just looked at.
    pub fn option_feedback(&self) -> Vec<&OptionFeedback> {
        let Some(verdict) = &self.verdict else {
            return Vec::new();
        };
        self.shown
            .iter()
            .filter_map(|&i| verdict.options.get(i))
            .collect()
    }

    /// Ordering only: each item as the learner placed it, and whether that is
    /// its place.
    pub fn placed(&self) -> Vec<(&str, bool)> {
        let (Kind::Ordering { items }, Draft::Order(order), Some(verdict)) =
            (&self.question.kind, &self.draft, &self.verdict)
        else {
            return Vec::new();
        };
        order
            .iter()
            .zip(&verdict.placed_right)
            .filter_map(|(&i, &right)| items.get(i).map(|t| (t.as_str(), right)))
            .collect()
    }

    /// Words for a screen reader after a move: where the item now stands.
    pub fn move_announcement(&self) -> Option<String> {
        let moved = self.moved?;
        let Kind::Ordering { items } = &self.question.kind else {
            return None;
        };
        let item = items.get(moved.item)?;
        Some(format!(
            "“{item}” is now {} of {}.",
            moved.to + 1,
            items.len()
        ))
    }
}

/// Adds `value` when absent, removes it when present: a checkbox.
pub fn toggle<T: Ord>(set: &mut BTreeSet<T>, value: T) {
    if !set.remove(&value) {
        set.insert(value);
    }
}

/// The words beside an option in the feedback. Words, not only colour, so
/// the verdict reads the same in every theme and to a screen reader.
pub fn option_mark(feedback: &OptionFeedback) -> &'static str {
    match (feedback.correct, feedback.chosen) {
        (true, true) => "✓ Right · your choice",
        (true, false) => "✓ Right",
        (false, true) => "✗ Wrong · your choice",
        (false, false) => "✗ Wrong",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, FakeOracle};
    use dsw_quiz::Outcome;

    fn state(question: Question) -> AnswerState {
        AnswerState::new(Rc::new(question), 7)
    }

    /// The shown position of the option with `key`.
    fn index_of(state: &AnswerState, key: &str) -> usize {
        let options = state.question.kind.options().unwrap();
        options.iter().position(|o| o.key == key).unwrap()
    }

    #[test]
    fn submitting_nothing_asks_for_an_answer_and_grades_nothing() {
        let mut s = state(fixtures::multiple_choice("mc"));
        s.submit(None);
        assert_eq!(s.problem.as_deref(), Some("Pick an option first."));
        assert!(!s.is_answered());
        s.edit(Edit::Pick(0));
        assert_eq!(s.problem, None, "an edit clears the complaint");
    }

    #[test]
    fn a_right_choice_is_correct_and_explains_every_option_in_shown_order() {
        let mut s = state(fixtures::multiple_choice("mc"));
        let right = index_of(&s, "a");
        s.edit(Edit::Pick(right));
        s.submit(None);
        assert_eq!(s.correct(), Some(true));
        let shown: Vec<&str> = s.option_feedback().iter().map(|o| o.key.as_str()).collect();
        let expected: Vec<&str> = s
            .shown
            .iter()
            .map(|&i| s.question.kind.options().unwrap()[i].key.as_str())
            .collect();
        assert_eq!(shown, expected);
        assert_eq!(shown.len(), 3);
        assert!(s.option_feedback().iter().all(|o| !o.why.is_empty()));
    }

    #[test]
    fn marks_name_the_chosen_and_the_right_options() {
        let mut s = state(fixtures::multiple_select("ms"));
        s.edit(Edit::Toggle(index_of(&s, "a")));
        s.edit(Edit::Toggle(index_of(&s, "c")));
        s.submit(None);
        assert_eq!(s.correct(), Some(false));
        let marks: Vec<(&str, &str)> = s
            .verdict
            .as_ref()
            .unwrap()
            .options
            .iter()
            .map(|o| (o.key.as_str(), option_mark(o)))
            .collect();
        assert_eq!(
            marks,
            [
                ("a", "✓ Right · your choice"),
                ("b", "✓ Right"),
                ("c", "✗ Wrong · your choice")
            ]
        );
    }

    #[test]
    fn edits_after_grading_are_ignored() {
        let mut s = state(fixtures::multiple_choice("mc"));
        s.edit(Edit::Pick(index_of(&s, "b")));
        s.submit(None);
        assert_eq!(s.correct(), Some(false));
        s.edit(Edit::Pick(index_of(&s, "a")));
        s.submit(None);
        assert_eq!(s.correct(), Some(false), "the first verdict stands");
        assert_eq!(s.draft, Draft::Choice(Some(index_of(&s, "b"))));
    }

    #[test]
    fn multiple_select_toggles_and_needs_the_exact_set() {
        let mut s = state(fixtures::multiple_select("ms"));
        s.submit(None);
        assert_eq!(
            s.problem.as_deref(),
            Some("Tick at least one option first.")
        );
        let (a, b, c) = (index_of(&s, "a"), index_of(&s, "b"), index_of(&s, "c"));
        s.edit(Edit::Toggle(a));
        s.edit(Edit::Toggle(c));
        s.edit(Edit::Toggle(c));
        s.edit(Edit::Toggle(b));
        assert_eq!(
            s.response(),
            Ok(Response::Choices(vec!["a".into(), "b".into()]))
        );
        s.submit(None);
        assert_eq!(s.correct(), Some(true));
    }

    #[test]
    fn numbers_may_carry_their_unit() {
        let mut s = state(fixtures::numeric("n"));
        s.submit(None);
        assert_eq!(s.problem.as_deref(), Some("Type a number first."));
        s.edit(Edit::Type("fast".into()));
        s.submit(None);
        assert_eq!(s.problem.as_deref(), Some("`fast` is not a number of ms."));
        s.edit(Edit::Type(" 250 MS ".into()));
        s.submit(None);
        assert_eq!(s.correct(), Some(true));
        assert_eq!(s.verdict.as_ref().unwrap().correct_answer, "250 ms (± 5)");
    }

    #[test]
    fn ordering_moves_swap_neighbours_and_stop_at_the_ends() {
        let mut s = state(fixtures::ordering("o"));
        let Draft::Order(start) = s.draft.clone() else {
            panic!()
        };
        assert_ne!(start, vec![0, 1, 2, 3], "never shown already in order");
        s.edit(Edit::Move {
            position: 0,
            up: true,
        });
        s.edit(Edit::Move {
            position: 3,
            up: false,
        });
        assert_eq!(s.draft, Draft::Order(start.clone()), "no move past an end");
        assert_eq!(s.moves, 0);
        s.edit(Edit::Move {
            position: 1,
            up: true,
        });
        let mut expected = start.clone();
        expected.swap(0, 1);
        assert_eq!(s.draft, Draft::Order(expected.clone()));
        assert_eq!(
            s.moved,
            Some(Moved {
                item: start[1],
                to: 0,
                up: true
            })
        );
        assert_eq!(s.moves, 1);
        let items = ["Crash", "Omission", "Timing", "Byzantine"];
        assert_eq!(
            s.move_announcement(),
            Some(format!("“{}” is now 1 of 4.", items[start[1]]))
        );
    }

    #[test]
    fn ordering_is_right_once_every_item_is_in_place() {
        let mut s = state(fixtures::ordering("o"));
        // Bubble sort through the same buttons a learner presses.
        loop {
            let Draft::Order(order) = s.draft.clone() else {
                panic!()
            };
            let Some(p) = (0..order.len() - 1).find(|&p| order[p] > order[p + 1]) else {
                break;
            };
            s.edit(Edit::Move {
                position: p,
                up: false,
            });
        }
        s.submit(None);
        assert_eq!(s.correct(), Some(true));
        assert!(s.placed().iter().all(|(_, right)| *right));
        assert_eq!(s.placed()[0].0, "Crash");
    }

    #[test]
    fn a_wrong_order_marks_each_position() {
        let mut s = state(fixtures::ordering("o"));
        s.submit(None);
        assert_eq!(s.correct(), Some(false));
        let placed = s.placed();
        assert_eq!(placed.len(), 4);
        assert!(placed.iter().any(|(_, right)| !right));
    }

    #[test]
    fn short_answers_ignore_case_and_spacing() {
        let mut s = state(fixtures::short_answer("s"));
        s.edit(Edit::Type("   ".into()));
        s.submit(None);
        assert_eq!(s.problem.as_deref(), Some("Type an answer first."));
        s.edit(Edit::Type("  byzantine  ".into()));
        s.submit(None);
        assert_eq!(s.correct(), Some(true));
    }

    #[test]
    fn predict_asks_the_oracle_and_shows_its_log() {
        let mut s = state(fixtures::predict("p"));
        s.edit(Edit::Pick(index_of(&s, "timeout")));
        s.submit(None);
        assert!(!s.is_answered(), "no simulator, no verdict");
        assert!(
            s.problem.as_deref().unwrap().contains("simulator"),
            "{:?}",
            s.problem
        );
        let oracle = FakeOracle(Ok(Outcome {
            correct: "timeout".into(),
            log: "the reply was lost".into(),
        }));
        s.submit(Some(&oracle));
        assert_eq!(s.correct(), Some(true));
        assert_eq!(
            s.verdict.as_ref().unwrap().event_log.as_deref(),
            Some("the reply was lost")
        );
    }

    #[test]
    fn a_failing_simulator_is_a_problem_not_a_wrong_answer() {
        let mut s = state(fixtures::predict("p"));
        s.edit(Edit::Pick(0));
        s.submit(Some(&FakeOracle(Err("no such scenario".into()))));
        assert!(!s.is_answered());
        assert_eq!(
            s.problem.as_deref(),
            Some(
                "This answer could not be graded: the simulator could not answer: no such scenario."
            )
        );
    }
}
