//! The datadriven file format (as in raft-rs and CockroachDB):
//!
//! ```text
//! # comments and blank lines between cases are ignored
//! command arg key=value
//! ----
//! expected output, ending at a blank line or the end of the file
//! ```

use std::fmt;

/// One command line, split into words. `partition a,b | c` keeps `|` as a
/// word of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// 1-based line number in the file, for error messages.
    pub line: usize,
    pub name: String,
    pub args: Vec<String>,
}

impl Command {
    pub fn parse_line(line: usize, text: &str) -> Option<Command> {
        let mut words = text.split_whitespace().map(str::to_owned);
        let name = words.next()?;
        Some(Command {
            line,
            name,
            args: words.collect(),
        })
    }

    /// The value of `key=value`, if given.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find_map(|a| a.strip_prefix(key)?.strip_prefix('='))
    }

    /// Arguments that are not `key=value`.
    pub fn positional(&self) -> Vec<&str> {
        self.args
            .iter()
            .filter(|a| !a.contains('='))
            .map(String::as_str)
            .collect()
    }

    /// Parses `key=value` or returns `default`.
    pub fn get<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.value(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("{key}={v} is not a valid value")),
        }
    }

    /// Refuses `key=value` arguments not in `known`, so typos are loud.
    pub fn only_keys(&self, known: &[&str]) -> Result<(), String> {
        for a in &self.args {
            if let Some((k, _)) = a.split_once('=')
                && !known.contains(&k)
            {
                return Err(format!(
                    "unknown setting {k}= for {} (known: {})",
                    self.name,
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Sets (or adds) `key=value`.
    pub fn set(&mut self, key: &str, value: &str) {
        let entry = format!("{key}={value}");
        match self
            .args
            .iter_mut()
            .find(|a| a.split_once('=').is_some_and(|(k, _)| k == key))
        {
            Some(a) => *a = entry,
            None => self.args.push(entry),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        for a in &self.args {
            write!(f, " {a}")?;
        }
        Ok(())
    }
}

/// A command and the output it is expected to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub command: Command,
    pub expected: String,
    /// 0-based line range of the expected output, for rewriting the file.
    pub(crate) output_lines: (usize, usize),
}

/// A malformed scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ScenarioError {}

pub const SEPARATOR: &str = "----";

pub fn parse(text: &str) -> Result<Vec<Case>, ScenarioError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            i += 1;
            continue;
        }
        let command = Command::parse_line(i + 1, line).ok_or_else(|| ScenarioError {
            line: i + 1,
            message: "expected a command".to_owned(),
        })?;
        if lines.get(i + 1).map(|l| l.trim_end()) != Some(SEPARATOR) {
            return Err(ScenarioError {
                line: i + 2,
                message: format!("expected \"{SEPARATOR}\" after the command \"{command}\""),
            });
        }
        let start = i + 2;
        let mut end = start;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        let expected = lines[start..end]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        cases.push(Case {
            command,
            expected,
            output_lines: (start, end),
        });
        i = end;
    }
    Ok(cases)
}

/// The file with each case's expected output replaced by `actual[i]`, for
/// blessing. Comments and spacing are kept.
pub fn rewrite(text: &str, cases: &[Case], actual: &[String]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut next = 0;
    for (case, new) in cases.iter().zip(actual) {
        let (start, end) = case.output_lines;
        for l in &lines[next..start] {
            out.push_str(l);
            out.push('\n');
        }
        for l in new.lines() {
            out.push_str(l);
            out.push('\n');
        }
        next = end;
    }
    for l in &lines[next.min(lines.len())..] {
        out.push_str(l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cases_and_rewrites_only_outputs() {
        let text = "# intro\n\nnew seed=3\n----\nok\n\n# middle\nstate\n----\n\nlog\n----\na\nb\n";
        let cases = parse(text).unwrap();
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[0].command.value("seed"), Some("3"));
        assert_eq!(cases[1].expected, "");
        assert_eq!(cases[2].expected, "a\nb");
        let same = rewrite(text, &cases, &["ok".into(), String::new(), "a\nb".into()]);
        assert_eq!(same, text);
        let changed = rewrite(text, &cases, &["fine".into(), "x".into(), "c".into()]);
        assert_eq!(
            changed,
            "# intro\n\nnew seed=3\n----\nfine\n\n# middle\nstate\n----\nx\n\nlog\n----\nc\n"
        );
    }

    #[test]
    fn reports_a_missing_separator_with_its_line() {
        let err = parse("state\nlog\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
