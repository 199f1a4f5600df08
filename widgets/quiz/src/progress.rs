//! What a learner has answered, as stored in localStorage and in exported
//! files. Loading never fails and never panics: a learner who cannot open the
//! book because of a bad saved blob is worse off than one who lost a streak.
//!
//! Schema history:
//! - v1: `{"schema":1,"questions":{"<id>":{"seen":3,"correct":2}}}`
//! - v2: adds `last` (day answered), `last_correct`, `box` and `due` for
//!   Leitner review.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::leitner::BOXES;

/// The schema this version writes.
pub const SCHEMA: u32 = 2;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub questions: BTreeMap<String, QuestionProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionProgress {
    pub seen: u32,
    pub correct: u32,
    /// `None` only for entries migrated from v1, which did not record it.
    #[serde(rename = "last")]
    pub last_day: Option<Day>,
    pub last_correct: bool,
    /// 1..=BOXES.
    #[serde(rename = "box")]
    pub leitner_box: u8,
    #[serde(rename = "due")]
    pub due_day: Day,
}

impl Progress {
    pub fn get(&self, id: &str) -> Option<&QuestionProgress> {
        self.questions.get(id)
    }

    pub fn seen(&self, id: &str) -> u32 {
        self.get(id).map_or(0, |p| p.seen)
    }
}

/// Shown once to the learner after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Migrated {
        from: u32,
    },
    /// `raw` is the unreadable text, kept so the host can offer it as a
    /// download before it is overwritten.
    Reset {
        reason: String,
        raw: String,
    },
}

impl Notice {
    pub fn message(&self) -> String {
        match self {
            Notice::Migrated { .. } => {
                "Your saved progress was from an older version of the workbook and was migrated."
                    .to_owned()
            }
            Notice::Reset { reason, .. } => format!(
                "Your saved progress could not be read ({reason}) and was reset; a copy was kept so you can download it."
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOutcome {
    pub progress: Progress,
    pub notice: Option<Notice>,
}

/// Reads saved progress. Empty input (nothing saved yet) is a fresh start
/// without a notice; anything unreadable is a fresh start with one.
pub fn load_progress(json: &str) -> LoadOutcome {
    if json.trim().is_empty() {
        return LoadOutcome {
            progress: Progress::default(),
            notice: None,
        };
    }
    match decode(json) {
        Ok((progress, from)) => LoadOutcome {
            progress,
            notice: (from < SCHEMA).then_some(Notice::Migrated { from }),
        },
        Err(reason) => LoadOutcome {
            progress: Progress::default(),
            notice: Some(Notice::Reset {
                reason,
                raw: json.to_owned(),
            }),
        },
    }
}

/// Compact JSON for localStorage.
pub fn save_progress(progress: &Progress) -> String {
    serde_json::to_string(&envelope(progress))
        .expect("string-keyed maps of plain numbers always serialize")
}

/// The same schema as `save_progress`, pretty-printed for a file a learner may
/// open; `load_progress` reads either.
pub fn export_progress(progress: &Progress) -> String {
    serde_json::to_string_pretty(&envelope(progress))
        .expect("string-keyed maps of plain numbers always serialize")
}

#[derive(Serialize)]
struct Envelope<'a> {
    schema: u32,
    questions: &'a BTreeMap<String, QuestionProgress>,
}

fn envelope(progress: &Progress) -> Envelope<'_> {
    Envelope {
        schema: SCHEMA,
        questions: &progress.questions,
    }
}

#[derive(Deserialize)]
struct V1 {
    questions: BTreeMap<String, V1Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V1Entry {
    seen: u32,
    correct: u32,
}

#[derive(Deserialize)]
struct V2 {
    questions: BTreeMap<String, QuestionProgress>,
}

/// The progress and the schema it was written with.
fn decode(json: &str) -> Result<(Progress, u32), String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
    let schema = value
        .get("schema")
        .ok_or("no schema version")?
        .as_u64()
        .ok_or("the schema version is not a whole number")?;
    let progress = match schema {
        1 => {
            let v1: V1 = serde_json::from_value(value).map_err(|e| format!("schema 1: {e}"))?;
            migrate_v1(v1)
        }
        2 => {
            let v2: V2 = serde_json::from_value(value).map_err(|e| format!("schema 2: {e}"))?;
            Progress {
                questions: v2.questions,
            }
        }
        n if n > u64::from(SCHEMA) => {
            return Err(format!(
                "it was saved by a newer version of the workbook (schema {n})"
            ));
        }
        n => return Err(format!("unknown schema {n}")),
    };
    validate(&progress)?;
    Ok((progress, schema as u32))
}

/// v1 never recorded when a question was answered, so there is no honest due
/// day. Every migrated question goes to box 1, due at once: the learner
/// reviews each one a single time and the schedule rebuilds itself from real
/// answers.
fn migrate_v1(v1: V1) -> Progress {
    let questions = v1
        .questions
        .into_iter()
        .filter(|(_, e)| e.seen > 0)
        .map(|(id, e)| {
            let entry = QuestionProgress {
                seen: e.seen,
                correct: e.correct,
                last_day: None,
                last_correct: e.correct == e.seen,
                leitner_box: 1,
                due_day: 0,
            };
            (id, entry)
        })
        .collect();
    Progress { questions }
}

/// Numbers that parse but cannot be true mean the blob was damaged or edited
/// by hand; trusting them would schedule nonsense.
fn validate(progress: &Progress) -> Result<(), String> {
    for (id, e) in &progress.questions {
        if id.trim().is_empty() {
            return Err("a question has an empty id".to_owned());
        }
        if e.seen == 0 {
            return Err(format!("`{id}` is recorded but was never seen"));
        }
        if e.correct > e.seen {
            return Err(format!("`{id}` has more correct answers than answers"));
        }
        if !(1..=BOXES).contains(&e.leitner_box) {
            return Err(format!(
                "`{id}` is in box {}, outside 1..={BOXES}",
                e.leitner_box
            ));
        }
    }
    Ok(())
}

/// What an import changed, for a confirmation message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub progress: Progress,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub migrated_from: Option<u32>,
}

/// An import that was refused; the current progress is untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "this file cannot be imported: {}", self.0)
    }
}

impl std::error::Error for ImportError {}

/// Merges an exported file into the current progress.
///
/// Merge rather than replace, because the usual reason to import is moving
/// between two devices that have each seen some questions, and replacing would
/// silently throw one device's work away. Per question, the record answered
/// most recently wins (ties go to the one seen more often, then to the
/// current one). Counts are not added together, so importing the same file
/// twice changes nothing the second time. A learner who wants a clean replace
/// can reset first and then import.
///
/// Unlike `load_progress`, an unreadable file is an error, not a reset: the
/// learner picked this file and should be told it is wrong.
pub fn import_progress(current: &Progress, file: &str) -> Result<ImportReport, ImportError> {
    if file.trim().is_empty() {
        return Err(ImportError("the file is empty".to_owned()));
    }
    let (incoming, schema) = decode(file).map_err(ImportError)?;
    let mut merged = current.clone();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for (id, theirs) in incoming.questions {
        match merged.questions.get_mut(&id) {
            None => {
                merged.questions.insert(id, theirs);
                added += 1;
            }
            Some(ours) if newer(&theirs, ours) => {
                *ours = theirs;
                updated += 1;
            }
            Some(_) => unchanged += 1,
        }
    }
    Ok(ImportReport {
        progress: merged,
        added,
        updated,
        unchanged,
        migrated_from: (schema < SCHEMA).then_some(schema),
    })
}

fn newer(theirs: &QuestionProgress, ours: &QuestionProgress) -> bool {
    (theirs.last_day, theirs.seen) > (ours.last_day, ours.seen)
}
