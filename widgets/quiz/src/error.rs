use std::fmt;

/// A problem in a quiz file, located precisely enough for an author to jump
/// to it: `src/ch01/quiz.toml:42:1: question `timeouts`: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// The id of the question the problem is in, when it has a readable one.
    pub question: Option<String>,
    pub message: String,
}

impl fmt::Display for QuizError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(id) = &self.question {
            write!(f, "question `{id}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for QuizError {}
