//! The checked form of a quiz file. Only `parse` builds these from TOML; the
//! serde derives exist so the preprocessor can hand a checked quiz to the
//! wasm side as JSON, which keeps a TOML parser out of the bundle.

use serde::{Deserialize, Serialize};

/// One chapter's quiz file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    /// The chapter id, e.g. `ch01-foundations`; drill reports and the progress
    /// page group by it.
    pub chapter: String,
    pub title: Option<String>,
    pub questions: Vec<Question>,
}

impl Quiz {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.id.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable across edits: saved progress is keyed by it.
    pub id: String,
    pub difficulty: Difficulty,
    pub tags: Vec<String>,
    pub prompt: String,
    /// The general explanation shown after any answer (mdbook-quiz's `context`).
    pub context: Option<String>,
    pub kind: Kind,
    /// Where the question starts in its file, so checks that run after parsing
    /// (duplicate ids across files, simulator answers) can still point at it.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Junior,
    Mid,
    Senior,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Junior, Difficulty::Mid, Difficulty::Senior];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Junior => "junior",
            Difficulty::Mid => "mid",
            Difficulty::Senior => "senior",
        }
    }

    pub fn from_name(name: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// An option of a choice question. Every option carries its own `why` because
/// learners want to know why the option they picked is wrong, not only which
/// one was right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub text: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Kind {
    /// Exactly one correct option; `answer` indexes `options`.
    MultipleChoice { options: Vec<Choice>, answer: usize },
    /// One or more correct options; `answers` is sorted and indexes `options`.
    MultipleSelect {
        options: Vec<Choice>,
        answers: Vec<usize>,
    },
    /// Correct when within `tolerance` of `answer`, inclusive.
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: Option<String>,
    },
    /// `items` are stored in the correct order and shown shuffled.
    Ordering { items: Vec<String> },
    /// Matched after `normalize_answer` against `answer` and `alternatives`.
    ShortAnswer {
        answer: String,
        alternatives: Vec<String>,
    },
    /// The answer is not in the file: an `Oracle` runs the widget's simulator.
    Predict {
        widget: String,
        scenario: String,
        step: u32,
        ask: String,
        options: Vec<Choice>,
    },
}

impl Kind {
    pub const NAMES: [&'static str; 6] = [
        "MultipleChoice",
        "MultipleSelect",
        "Numeric",
        "Ordering",
        "ShortAnswer",
        "Predict",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Kind::MultipleChoice { .. } => "MultipleChoice",
            Kind::MultipleSelect { .. } => "MultipleSelect",
            Kind::Numeric { .. } => "Numeric",
            Kind::Ordering { .. } => "Ordering",
            Kind::ShortAnswer { .. } => "ShortAnswer",
            Kind::Predict { .. } => "Predict",
        }
    }

    /// The options a learner picks from, for the kinds that have them.
    pub fn options(&self) -> Option<&[Choice]> {
        match self {
            Kind::MultipleChoice { options, .. }
            | Kind::MultipleSelect { options, .. }
            | Kind::Predict { options, .. } => Some(options),
            _ => None,
        }
    }
}
