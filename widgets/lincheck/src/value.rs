//! The values operations read and write, and the keys they address.

use std::fmt;

/// A value as the histories carry it: what Jepsen and Porcupine logs put in
/// `:value` and `:key`, restricted to the shapes a register, a key-value
/// store or a list can hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// `nil`: the initial value of every register and key.
    Nil,
    Bool(bool),
    Int(i64),
    Str(String),
    Keyword(String),
    /// A list or vector: what a read of an append-only list returns.
    List(Vec<Value>),
}

impl Value {
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

impl From<Vec<i64>> for Value {
    fn from(items: Vec<i64>) -> Self {
        Value::List(items.into_iter().map(Value::Int).collect())
    }
}

/// Writes `s` as an EDN string literal, escaping what the reader unescapes.
pub(crate) fn write_edn_string(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// EDN notation, so a printed value can be pasted back into a history.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Str(s) => write_edn_string(f, s),
            Value::Keyword(k) => write!(f, ":{k}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}
