//! Reading histories: Jepsen's text logs ([`Format::Log`]) and EDN op maps
//! ([`Format::Edn`]), and writing them back.
//!
//! Both formats list events (an invocation, then `:ok`, `:fail` or
//! `:info`) keyed by process. An invocation whose process already has one
//! pending leaves the earlier one pending forever (the client crashed and
//! its number was reused); one never completed at all is of unknown
//! outcome. Events of non-client processes (`:nemesis`) are skipped. A key
//! comes from `:key`, or from Jepsen's independent tuples `[key value]`
//! when every invocation's value is such a pair.

pub mod edn;
mod log;

use crate::history::{Action, History, Op, Outcome};
use crate::value::Value;
use std::collections::HashMap;
use std::fmt;

/// Which syntax a history file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Decide from the text: a `jepsen.util - ` line means a log; a first
    /// form starting with `{`, `[`, `(` or `#` means EDN; else a log.
    Auto,
    Log,
    Edn,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "auto" => Some(Format::Auto),
            "log" => Some(Format::Log),
            "edn" => Some(Format::Edn),
            _ => None,
        }
    }

    /// The format `Auto` settles on for `text`.
    pub fn detect(text: &str) -> Format {
        if text.contains("jepsen.util - ") {
            return Format::Log;
        }
        let first = text
            .lines()
            .map(str::trim_start)
            .find(|l| !l.is_empty() && !l.starts_with(';'));
        match first.and_then(|l| l.bytes().next()) {
            Some(b'{' | b'[' | b'(' | b'#') => Format::Edn,
            _ => Format::Log,
        }
    }
}

/// Where and why a history could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Invoke,
    Ok,
    Fail,
    Info,
}

impl Kind {
    pub(crate) fn parse(name: &str) -> Option<Kind> {
        match name {
            "invoke" => Some(Kind::Invoke),
            "ok" => Some(Kind::Ok),
            "fail" => Some(Kind::Fail),
            "info" => Some(Kind::Info),
            _ => None,
        }
    }
}

/// One event as read, before invocations and completions are paired.
#[derive(Clone, Debug)]
pub(crate) struct RawEvent {
    pub line: usize,
    pub column: usize,
    pub process: u64,
    pub kind: Kind,
    pub f: String,
    pub key: Option<Value>,
    pub value: Value,
}

/// Reads a history from text.
pub fn parse(text: &str, format: Format) -> Result<History, ParseError> {
    let format = match format {
        Format::Auto => Format::detect(text),
        f => f,
    };
    let events = match format {
        Format::Edn => edn::events(text)?,
        _ => log::events(text)?,
    };
    assemble(events)
}

/// Reads a history from bytes, reporting invalid UTF-8 by position.
pub fn parse_bytes(bytes: &[u8], format: Format) -> Result<History, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, format),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = good[start..].iter().filter(|&&b| b & 0xc0 != 0x80).count() + 1;
            Err(ParseError {
                line,
                column,
                message: "the file is not valid UTF-8".to_string(),
            })
        }
    }
}

fn pair(v: &Value) -> Option<(&Value, &Value)> {
    match v {
        Value::List(items) if items.len() == 2 => Some((&items[0], &items[1])),
        _ => None,
    }
}

/// Jepsen's independent histories wrap every value as `[key value]` (and a
/// compare-and-set as `[key [from to]]`); a plain read invocation carries
/// `nil`, so plain histories never look like this.
fn independent(events: &[RawEvent]) -> bool {
    let mut invokes = events.iter().filter(|e| e.kind == Kind::Invoke).peekable();
    invokes.peek().is_some()
        && events.iter().all(|e| e.key.is_none())
        && invokes.all(|e| match pair(&e.value) {
            Some((_, inner)) => !is_cas(&e.f) || pair(inner).is_some(),
            None => false,
        })
}

/// The operation an `:f` names, in the words `to_edn` writes.
fn canonical(f: &str) -> Option<&'static str> {
    match f {
        "read" | "r" | "get" => Some("read"),
        "write" | "w" | "put" => Some("write"),
        "append" => Some("append"),
        f if is_cas(f) => Some("cas"),
        _ => None,
    }
}

fn is_cas(f: &str) -> bool {
    matches!(f, "cas" | "compare-and-set")
}

fn action(e: &RawEvent, value: &Value) -> Result<Action, ParseError> {
    let err = |m: String| ParseError {
        line: e.line,
        column: e.column,
        message: m,
    };
    Ok(match e.f.as_str() {
        "read" | "r" | "get" => Action::Read,
        "write" | "w" | "put" => Action::Write(value.clone()),
        "append" => Action::Append(value.clone()),
        f if is_cas(f) => match pair(value) {
            Some((from, to)) => Action::Cas {
                from: from.clone(),
                to: to.clone(),
            },
            None => return Err(err(format!(":cas needs a value [from to], found {value}"))),
        },
        f => {
            return Err(err(format!(
                "unknown operation :{f} (expected :read, :write, :cas or :append)"
            )));
        }
    })
}

fn assemble(events: Vec<RawEvent>) -> Result<History, ParseError> {
    let tuples = independent(&events);
    let mut ops: Vec<Op> = Vec::new();
    let mut origin: Vec<usize> = Vec::new();
    let mut pending: HashMap<u64, usize> = HashMap::new();
    for (t, e) in events.iter().enumerate() {
        let t = t as u64;
        let err = |m: String| ParseError {
            line: e.line,
            column: e.column,
            message: m,
        };
        let (key, value) = match (tuples, pair(&e.value)) {
            (true, Some((k, v))) => (Some(k.clone()), v.clone()),
            (true, None) if e.kind != Kind::Ok => (None, Value::Nil),
            (true, None) => {
                return Err(err(format!(
                    "expected a [key value] pair like the other events, found {}",
                    e.value
                )));
            }
            (false, _) => (e.key.clone(), e.value.clone()),
        };
        if e.kind == Kind::Invoke {
            let act = action(e, &value)?;
            // A second invocation on a busy process: the first one crashed
            // without a word and stays of unknown outcome.
            pending.insert(e.process, ops.len());
            ops.push(Op {
                process: e.process,
                key,
                action: act,
                result: None,
                invoke: t,
                complete: None,
                outcome: Outcome::Unknown,
            });
            origin.push(e.line);
            continue;
        }
        let Some(id) = pending.remove(&e.process) else {
            return Err(err(format!(
                "process {} completes an operation it never invoked",
                e.process
            )));
        };
        let op = &mut ops[id];
        if canonical(&e.f) != Some(verb(op)) {
            return Err(err(format!(
                "this :{} completes a different operation ({}) invoked by process {} on line {}",
                e.f,
                op.summary(),
                e.process,
                origin[id]
            )));
        }
        if tuples && key.is_some() && key != op.key {
            return Err(err(format!(
                "the key {} differs from the invocation's key on line {}",
                key.unwrap_or(Value::Nil),
                origin[id]
            )));
        }
        op.complete = Some(t);
        op.outcome = match e.kind {
            Kind::Ok => Outcome::Ok,
            Kind::Fail => Outcome::Fail,
            _ => Outcome::Unknown,
        };
        if e.kind == Kind::Ok && op.action == Action::Read {
            op.result = Some(value);
        }
    }
    if ops.is_empty() {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: "no client operations found".to_string(),
        });
    }
    Ok(History::from_ops(ops))
}

/// Writes a history as EDN op maps, one event per line, in time order.
pub fn to_edn(history: &History) -> String {
    let mut out = String::new();
    for (kind, op, _) in events_in_order(history) {
        let value = event_value(op, kind);
        out.push_str(&format!(
            "{{:process {}, :type :{kind}, :f :{}",
            op.process,
            verb(op)
        ));
        if let Some(k) = &op.key {
            out.push_str(&format!(", :key {k}"));
        }
        out.push_str(&format!(", :value {value}}}\n"));
    }
    out
}

/// Writes a history as Jepsen log lines; keys become `[key value]` tuples.
pub fn to_log(history: &History) -> String {
    let mut out = String::new();
    for (kind, op, _) in events_in_order(history) {
        let mut value = event_value(op, kind);
        if let Some(k) = &op.key {
            value = Value::List(vec![k.clone(), value]);
        }
        out.push_str(&format!(
            "INFO  jepsen.util - {}\t:{kind}\t:{}\t{value}\n",
            op.process,
            verb(op)
        ));
    }
    out
}

fn verb(op: &Op) -> &'static str {
    match op.action {
        Action::Read => "read",
        Action::Write(_) => "write",
        Action::Cas { .. } => "cas",
        Action::Append(_) => "append",
    }
}

fn event_value(op: &Op, kind: &str) -> Value {
    match &op.action {
        Action::Read if kind == "ok" => op.result.clone().unwrap_or(Value::Nil),
        Action::Read => Value::Nil,
        Action::Write(v) | Action::Append(v) => v.clone(),
        Action::Cas { from, to } => Value::List(vec![from.clone(), to.clone()]),
    }
}

fn events_in_order(history: &History) -> Vec<(&'static str, &Op, u64)> {
    let mut events = Vec::new();
    for op in &history.ops {
        events.push(("invoke", op, op.invoke));
        if let Some(t) = op.complete {
            let kind = match op.outcome {
                Outcome::Ok => "ok",
                Outcome::Fail => "fail",
                Outcome::Unknown => "info",
            };
            events.push((kind, op, t));
        }
    }
    events.sort_by_key(|&(kind, _, t)| (t, kind != "invoke"));
    events
}
