//! Error collection and the typed reads every part of the walk shares.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::QuizError;
use crate::lines::LineIndex;
use crate::model::Quiz;

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

#[derive(Debug)]
pub(super) struct Ctx<'a> {
    file: &'a str,
    lines: LineIndex<'a>,
    errors: Vec<QuizError>,
    /// The id of the question being walked, attached to every error raised
    /// inside it.
    pub(super) question: Option<String>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(file: &'a str, text: &'a str) -> Self {
        Ctx {
            file,
            lines: LineIndex::new(text),
            errors: Vec::new(),
            question: None,
        }
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: String) {
        let (line, column) = self.lines.locate(span.start);
        self.errors.push(QuizError {
            file: self.file.to_owned(),
            line,
            column,
            question: self.question.clone(),
            message,
        });
    }

    pub(super) fn has_errors_since(&self, mark: usize) -> bool {
        self.errors.len() > mark
    }

    pub(super) fn mark(&self) -> usize {
        self.errors.len()
    }

    pub(super) fn finish(mut self, quiz: Quiz) -> Result<Quiz, Vec<QuizError>> {
        if self.errors.is_empty() {
            Ok(quiz)
        } else {
            self.errors.sort_by_key(|e| (e.line, e.column));
            Err(self.errors)
        }
    }

    /// toml's recovery reports a cascade of errors for one mistake; the first
    /// on each line is the one that names it.
    pub(super) fn finish_syntax(mut self) -> Vec<QuizError> {
        self.errors.sort_by_key(|e| (e.line, e.column));
        self.errors.dedup_by_key(|e| e.line);
        self.errors
    }

    /// Reports keys outside `allowed`. `hint` may replace the generic message
    /// for keys that have a known better spelling.
    pub(super) fn unknown_keys(
        &mut self,
        table: &DeTable<'_>,
        prefix: &str,
        allowed: &[&str],
        hint: impl Fn(&str) -> Option<String>,
    ) {
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = hint(name).unwrap_or_else(|| {
                format!(
                    "unknown key `{prefix}{name}`; expected one of {}",
                    quoted(allowed.iter().map(|a| format!("{prefix}{a}")))
                )
            });
            self.error(key.span(), message);
        }
    }

    pub(super) fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        table_span: Range<usize>,
        key: &str,
        name: &str,
        what: &str,
    ) -> Option<&'t Value<'i>> {
        let found = table.get(key);
        if found.is_none() {
            self.error(table_span, format!("missing `{name}` ({what})"));
        }
        found
    }

    /// A non-blank string.
    pub(super) fn string(&mut self, value: &Value<'_>, name: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.error(value.span(), format!("`{name}` must not be empty"));
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.wrong_type(value, name, "a string", other);
                None
            }
        }
    }

    pub(super) fn strings(&mut self, value: &Value<'_>, name: &str) -> Option<Vec<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, name, "an array of strings", value.get_ref());
            return None;
        };
        let mark = self.mark();
        let out: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.string(item, &format!("{name}[{i}]")))
            .collect();
        (!self.has_errors_since(mark)).then_some(out)
    }

    pub(super) fn table<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        name: &str,
        example: &str,
    ) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`{name}` must be a table ({example}), found {}",
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    /// A finite number; TOML integers count, since authors write `8` for 8.0.
    pub(super) fn number(&mut self, value: &Value<'_>, name: &str) -> Option<f64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            other => {
                self.wrong_type(value, name, "a number", other);
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(
                    value.span(),
                    format!("`{name}` must be a finite number of ordinary size"),
                );
                None
            }
        }
    }

    pub(super) fn step(&mut self, value: &Value<'_>, name: &str) -> Option<u32> {
        let DeValue::Integer(i) = value.get_ref() else {
            self.wrong_type(value, name, "a whole number", value.get_ref());
            return None;
        };
        let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
        match n.and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    value.span(),
                    format!("`{name}` must be a step number from 0 up, got {i}"),
                );
                None
            }
        }
    }

    /// Ids, chapters and tags end up in localStorage keys, URLs and CSS
    /// classes, so they are kept to one safe spelling.
    pub(super) fn check_slug(&mut self, span: Range<usize>, name: &str, value: &str) {
        if !is_slug(value) {
            self.error(
                span,
                format!(
                    "{name} `{value}` must be lowercase letters, digits and hyphens (at most 64), starting with a letter or digit"
                ),
            );
        }
    }

    fn wrong_type(&mut self, value: &Value<'_>, name: &str, expected: &str, found: &DeValue<'_>) {
        self.error(
            value.span(),
            format!("`{name}` must be {expected}, found {}", found.type_str()),
        );
    }
}

pub(super) fn is_slug(s: &str) -> bool {
    s.len() <= 64
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn quoted<I: IntoIterator<Item = S>, S: AsRef<str>>(names: I) -> String {
    names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Ctx<'_> {
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.lines.locate(offset).0
    }
}
