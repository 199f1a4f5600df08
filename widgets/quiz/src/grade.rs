//! From a learner's response to a verdict. Pure: the host records the result
//! in `Progress` separately, so grading can also be used for a preview.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Choice, Kind, Question};
use crate::oracle::Oracle;

/// What the learner gave. The UI sends the variant matching the question's kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The key of the picked option (MultipleChoice, Predict).
    Choice(String),
    /// The keys of every ticked option (MultipleSelect), in any order.
    Choices(Vec<String>),
    Number(f64),
    /// Indices into the items as the file lists them (the correct order), in
    /// the order the learner arranged them.
    Order(Vec<usize>),
    Text(String),
}

impl Response {
    fn describe(&self) -> &'static str {
        match self {
            Response::Choice(_) => "one option",
            Response::Choices(_) => "a set of options",
            Response::Number(_) => "a number",
            Response::Order(_) => "an ordering",
            Response::Text(_) => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub correct: bool,
    /// Every option of a choice question, in file order, each with its own
    /// explanation, so the UI can show why each wrong option is wrong.
    pub options: Vec<OptionFeedback>,
    /// Ordering only: for each position of the learner's arrangement, whether
    /// the item there belongs there.
    pub placed_right: Vec<bool>,
    /// The right answer in words, ready to show.
    pub correct_answer: String,
    /// The author's general explanation (`context`).
    pub explanation: Option<String>,
    /// Predict only: the simulator's own account of what happened.
    pub event_log: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionFeedback {
    pub key: String,
    pub text: String,
    pub why: String,
    pub chosen: bool,
    pub correct: bool,
}

/// A response that cannot be graded. These are host bugs or a missing
/// simulator, never a wrong answer: a wrong answer is a `Verdict`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeError {
    WrongResponse {
        kind: &'static str,
        got: &'static str,
    },
    UnknownOption(String),
    NotAPermutation,
    NoOracle,
    Oracle(String),
    OracleAnswerNotAnOption(String),
}

impl fmt::Display for GradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradeError::WrongResponse { kind, got } => {
                write!(f, "a {kind} question cannot be answered with {got}")
            }
            GradeError::UnknownOption(key) => write!(f, "there is no option `{key}`"),
            GradeError::NotAPermutation => {
                f.write_str("the arrangement must place every item exactly once")
            }
            GradeError::NoOracle => {
                f.write_str("this question needs the widget's simulator, which is not loaded")
            }
            GradeError::Oracle(reason) => write!(f, "the simulator could not answer: {reason}"),
            GradeError::OracleAnswerNotAnOption(key) => write!(
                f,
                "the simulator's answer `{key}` is not one of the options; the quiz file needs that option"
            ),
        }
    }
}

impl std::error::Error for GradeError {}

/// Grades one response. `oracle` is only consulted for Predict questions.
pub fn grade(
    question: &Question,
    response: &Response,
    oracle: Option<&dyn Oracle>,
) -> Result<Verdict, GradeError> {
    let wrong = || GradeError::WrongResponse {
        kind: question.kind.name(),
        got: response.describe(),
    };
    let mut verdict = match (&question.kind, response) {
        (Kind::MultipleChoice { options, answer }, Response::Choice(key)) => {
            choices(options, &[*answer], &[key.as_str()])?
        }
        (Kind::MultipleSelect { options, answers }, Response::Choices(keys)) => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            choices(options, answers, &keys)?
        }
        (
            Kind::Numeric {
                answer,
                tolerance,
                unit,
            },
            Response::Number(x),
        ) => numeric(*answer, *tolerance, unit.as_deref(), *x),
        (Kind::Ordering { items }, Response::Order(order)) => ordering(items, order)?,
        (
            Kind::ShortAnswer {
                answer,
                alternatives,
            },
            Response::Text(text),
        ) => short_answer(answer, alternatives, text),
        (
            Kind::Predict {
                widget,
                scenario,
                step,
                ask,
                options,
            },
            Response::Choice(key),
        ) => {
            let oracle = oracle.ok_or(GradeError::NoOracle)?;
            let outcome = oracle
                .predict(widget, scenario, *step, ask)
                .map_err(GradeError::Oracle)?;
            let right = options
                .iter()
                .position(|o| o.key == outcome.correct)
                .ok_or_else(|| GradeError::OracleAnswerNotAnOption(outcome.correct.clone()))?;
            let mut verdict = choices(options, &[right], &[key.as_str()])?;
            verdict.event_log = Some(outcome.log);
            verdict
        }
        _ => return Err(wrong()),
    };
    verdict.explanation = question.context.clone();
    Ok(verdict)
}

fn blank(correct: bool, correct_answer: String) -> Verdict {
    Verdict {
        correct,
        options: Vec::new(),
        placed_right: Vec::new(),
        correct_answer,
        explanation: None,
        event_log: None,
    }
}

/// Exact-set grading: a multiple-select answer with one right option missing
/// is wrong, because in an interview "and also X" is the point.
fn choices(options: &[Choice], answers: &[usize], picked: &[&str]) -> Result<Verdict, GradeError> {
    let mut chosen = BTreeSet::new();
    for key in picked {
        let i = options
            .iter()
            .position(|o| o.key == *key)
            .ok_or_else(|| GradeError::UnknownOption((*key).to_owned()))?;
        chosen.insert(i);
    }
    let right: BTreeSet<usize> = answers.iter().copied().collect();
    let correct_answer = answers
        .iter()
        .map(|&i| options[i].text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let mut verdict = blank(chosen == right, correct_answer);
    verdict.options = options
        .iter()
        .enumerate()
        .map(|(i, o)| OptionFeedback {
            key: o.key.clone(),
            text: o.text.clone(),
            why: o.why.clone(),
            chosen: chosen.contains(&i),
            correct: right.contains(&i),
        })
        .collect();
    Ok(verdict)
}

fn numeric(answer: f64, tolerance: f64, unit: Option<&str>, x: f64) -> Verdict {
    // Inclusive bound plus a hair of slack, so 0.1 + 0.2 typed as 0.3 and
    // other decimal round-off never turn a right answer wrong.
    let slack = 1e-9 * answer.abs().max(1.0);
    let correct = (x - answer).abs() <= tolerance + slack;
    let mut shown = answer.to_string();
    if let Some(unit) = unit {
        shown = format!("{shown} {unit}");
    }
    if tolerance > 0.0 {
        shown = format!("{shown} (± {tolerance})");
    }
    blank(correct, shown)
}

fn ordering(items: &[String], order: &[usize]) -> Result<Verdict, GradeError> {
    let mut seen = vec![false; items.len()];
    if order.len() != items.len() {
        return Err(GradeError::NotAPermutation);
    }
    for &i in order {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => return Err(GradeError::NotAPermutation),
        }
    }
    let placed_right: Vec<bool> = order.iter().enumerate().map(|(p, &i)| p == i).collect();
    let mut verdict = blank(placed_right.iter().all(|&r| r), items.join(" → "));
    verdict.placed_right = placed_right;
    Ok(verdict)
}

fn short_answer(answer: &str, alternatives: &[String], text: &str) -> Verdict {
    let given = normalize_answer(text);
    let correct = std::iter::once(answer)
        .chain(alternatives.iter().map(String::as_str))
        .any(|a| normalize_answer(a) == given);
    blank(correct, answer.to_owned())
}

/// Case, surrounding whitespace and runs of inner whitespace do not matter:
/// "  Byzantine   Fault " matches "byzantine fault".
pub fn normalize_answer(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads what a learner typed into a numeric field. The unit is optional and
/// matched without regard to case, so "250 ms", "250ms" and "250" all give 250
/// when the unit is `ms`.
pub fn parse_number(input: &str, unit: Option<&str>) -> Result<f64, String> {
    let mut s = input.trim();
    if let Some(unit) = unit {
        let cut = s.len().saturating_sub(unit.len());
        if s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(unit) {
            s = s[..cut].trim_end();
        }
    }
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(match unit {
            Some(unit) => format!("`{}` is not a number of {unit}", input.trim()),
            None => format!("`{}` is not a number", input.trim()),
        }),
    }
}
