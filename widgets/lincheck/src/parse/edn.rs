//! A small EDN reader, enough for Jepsen and Porcupine histories: nil,
//! booleans, integers, floats (kept as text), strings with escapes,
//! characters, keywords, symbols, lists, vectors, maps, sets, tagged
//! elements (`#inst "..."`, `#jepsen.history.Op{...}`: the tag is dropped),
//! `#_` discards, `;` comments, and commas as whitespace. Every error
//! carries the line and column where it was found.

use super::{Kind, ParseError, RawEvent};
use crate::value::Value;

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;

/// An EDN value.
#[derive(Clone, Debug, PartialEq)]
pub enum Edn {
    Nil,
    Bool(bool),
    Int(i64),
    /// A float or big decimal, kept as written.
    Float(String),
    Str(String),
    Char(char),
    Keyword(String),
    Symbol(String),
    List(Vec<Edn>),
    Vector(Vec<Edn>),
    /// Entries in the order written.
    Map(Vec<(Edn, Edn)>),
    Set(Vec<Edn>),
    Tagged(String, Box<Edn>),
}

impl Edn {
    fn kind(&self) -> &'static str {
        match self {
            Edn::Nil => "nil",
            Edn::Bool(_) => "a boolean",
            Edn::Int(_) => "an integer",
            Edn::Float(_) => "a float",
            Edn::Str(_) => "a string",
            Edn::Char(_) => "a character",
            Edn::Keyword(_) => "a keyword",
            Edn::Symbol(_) => "a symbol",
            Edn::List(_) => "a list",
            Edn::Vector(_) => "a vector",
            Edn::Map(_) => "a map",
            Edn::Set(_) => "a set",
            Edn::Tagged(..) => "a tagged element",
        }
    }

    /// Looks up keyword `k` in a map.
    pub fn get(&self, k: &str) -> Option<&Edn> {
        match self {
            Edn::Map(entries) => entries
                .iter()
                .find(|(key, _)| matches!(key, Edn::Keyword(name) if name == k))
                .map(|(_, v)| v),
            Edn::Tagged(_, inner) => inner.get(k),
            _ => None,
        }
    }
}

fn is_constituent(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"*+!-_?<>=./&%$'#:".contains(&b) || b >= 0x80
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | 0x0c)
}

/// Reads EDN forms from a text, reporting positions relative to where the
/// text sits in its file.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line0: usize,
    col0: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Reader::at(text, 1, 1)
    }

    /// A reader for `text` that starts at `line`, `col` of its file.
    pub(crate) fn at(text: &'a str, line: usize, col: usize) -> Self {
        Reader {
            bytes: text.as_bytes(),
            pos: 0,
            line0: line,
            col0: col,
            depth: 0,
        }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Line and column (1-based, in characters) of byte offset `at`.
    pub(crate) fn location(&self, at: usize) -> (usize, usize) {
        let before = &self.bytes[..at.min(self.bytes.len())];
        let newlines = before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let chars = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xc0 != 0x80)
            .count();
        if newlines == 0 {
            (self.line0, self.col0 + chars)
        } else {
            (self.line0 + newlines, chars + 1)
        }
    }

    pub(crate) fn error(&self, at: usize, message: impl Into<String>) -> ParseError {
        let (line, column) = self.location(at);
        ParseError {
            line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek2(&self) -> Option<u8> {
        self.bytes.get(self.pos + 1).copied()
    }

    /// Skips whitespace, commas, comments and `#_` discarded forms.
    pub(crate) fn skip_blank(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek() {
                Some(b) if is_space(b) => self.pos += 1,
                Some(b';') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'#') if self.peek2() == Some(b'_') => {
                    self.pos += 2;
                    self.read()?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// True if only blanks remain.
    pub(crate) fn at_end(&mut self) -> Result<bool, ParseError> {
        self.skip_blank()?;
        Ok(self.pos >= self.bytes.len())
    }

    /// The next byte after blanks, without consuming it.
    pub(crate) fn next_byte(&mut self) -> Result<Option<u8>, ParseError> {
        self.skip_blank()?;
        Ok(self.peek())
    }

    pub(crate) fn bump(&mut self) {
        self.pos += 1;
    }

    /// Reads one form.
    pub(crate) fn read(&mut self) -> Result<Edn, ParseError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(self.error(self.pos, format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            self.read_inner()
        };
        self.depth -= 1;
        result
    }

    fn read_inner(&mut self) -> Result<Edn, ParseError> {
        self.skip_blank()?;
        let start = self.pos;
        let Some(b) = self.peek() else {
            return Err(self.error(start, "unexpected end of input, expected a value"));
        };
        match b {
            b'(' => {
                self.pos += 1;
                Ok(Edn::List(self.read_seq(b')', start)?))
            }
            b'[' => {
                self.pos += 1;
                Ok(Edn::Vector(self.read_seq(b']', start)?))
            }
            b'{' => {
                self.pos += 1;
                self.read_map(start)
            }
            b')' | b']' | b'}' => Err(self.error(start, format!("unexpected '{}'", b as char))),
            b'"' => self.read_string(),
            b'\\' => self.read_char(),
            b':' => {
                self.pos += 1;
                let name = self.token();
                if name.is_empty() {
                    Err(self.error(start, "a keyword needs a name after ':'"))
                } else {
                    Ok(Edn::Keyword(name.trim_start_matches(':').to_string()))
                }
            }
            b'#' => self.read_dispatch(start),
            b'0'..=b'9' => self.read_number(start),
            b'+' | b'-' if self.peek2().is_some_and(|c| c.is_ascii_digit()) => {
                self.read_number(start)
            }
            b if is_constituent(b) => {
                let name = self.token();
                Ok(match name.as_str() {
                    "nil" => Edn::Nil,
                    "true" => Edn::Bool(true),
                    "false" => Edn::Bool(false),
                    _ => Edn::Symbol(name),
                })
            }
            _ => {
                let shown = self.char_at(start);
                Err(self.error(start, format!("unexpected character {shown:?}")))
            }
        }
    }

    fn char_at(&self, at: usize) -> char {
        let end = (at + 4).min(self.bytes.len());
        let chunk = &self.bytes[at..end];
        (1..=chunk.len())
            .find_map(|n| std::str::from_utf8(&chunk[..n]).ok())
            .and_then(|s| s.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    /// Consumes a run of symbol characters. Token boundaries are ASCII, so
    /// the slice is valid UTF-8 whenever the input is.
    fn token(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_constituent) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned()
    }

    fn read_seq(&mut self, close: u8, start: usize) -> Result<Vec<Edn>, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank()?;
            match self.peek() {
                None => {
                    return Err(self.error(
                        start,
                        format!(
                            "'{}' is never closed by '{}'",
                            self.bytes[start] as char, close as char
                        ),
                    ));
                }
                Some(b) if b == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(_) => items.push(self.read()?),
            }
        }
    }

    fn read_map(&mut self, start: usize) -> Result<Edn, ParseError> {
        let items = self.read_seq(b'}', start)?;
        if items.len() % 2 == 1 {
            return Err(self.error(
                start,
                "a map needs an even number of forms (key value pairs)",
            ));
        }
        let mut it = items.into_iter();
        let mut entries = Vec::new();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            entries.push((k, v));
        }
        Ok(Edn::Map(entries))
    }

    fn read_dispatch(&mut self, start: usize) -> Result<Edn, ParseError> {
        match self.peek2() {
            Some(b'{') => {
                self.pos += 2;
                Ok(Edn::Set(self.read_seq(b'}', start)?))
            }
            Some(b) if b.is_ascii_alphabetic() => {
                self.pos += 1;
                // A record literal's tag runs straight into its `{`.
                let tag_start = self.pos;
                while self.peek().is_some_and(|c| is_constituent(c) && c != b'#') {
                    self.pos += 1;
                }
                let tag = String::from_utf8_lossy(&self.bytes[tag_start..self.pos]).into_owned();
                let inner = self.read()?;
                Ok(Edn::Tagged(tag, Box::new(inner)))
            }
            _ => Err(self.error(start, "unsupported '#' form")),
        }
    }

    fn read_number(&mut self, start: usize) -> Result<Edn, ParseError> {
        self.pos += 1;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'/'))
        {
            self.pos += 1;
        }
        let text = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        if let Some(int) = text.strip_suffix('N') {
            return int
                .parse::<i64>()
                .map(Edn::Int)
                .map_err(|_| self.error(start, format!("integer {text} is out of range")));
        }
        if text.contains('/') {
            return Err(self.error(start, format!("ratios such as {text} are not supported")));
        }
        let digits = text.trim_start_matches(['+', '-']);
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<i64>()
                .map(Edn::Int)
                .map_err(|_| self.error(start, format!("integer {text} is out of range")));
        }
        let float = text.strip_suffix('M').unwrap_or(&text);
        if float.parse::<f64>().is_ok() && !float.contains(['i', 'I', 'n', 'N']) {
            return Ok(Edn::Float(text));
        }
        Err(self.error(start, format!("malformed number {text:?}")))
    }

    fn hex4(&mut self, at: usize) -> Result<char, ParseError> {
        let end = self.pos + 4;
        let digits = self
            .bytes
            .get(self.pos..end)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.error(at, "\\u needs four hexadecimal digits"))?;
        let code = u32::from_str_radix(std::str::from_utf8(digits).unwrap_or("x"), 16)
            .map_err(|_| self.error(at, "\\u needs four hexadecimal digits"))?;
        self.pos = end;
        char::from_u32(code)
            .ok_or_else(|| self.error(at, format!("\\u{code:04x} is not a character")))
    }

    fn read_string(&mut self) -> Result<Edn, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error(start, "string is never closed"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return String::from_utf8(out)
                        .map(Edn::Str)
                        .map_err(|_| self.error(start, "string is not valid UTF-8"));
                }
                b'\\' => {
                    let at = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.error(start, "string is never closed"));
                    };
                    self.pos += 1;
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'\\' => '\\',
                        b'"' => '"',
                        b'\'' => '\'',
                        b'u' => self.hex4(at)?,
                        _ => {
                            let shown = self.char_at(at + 1);
                            return Err(self.error(at, format!("unknown escape \\{shown}")));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn read_char(&mut self) -> Result<Edn, ParseError> {
        let start = self.pos;
        self.pos += 1;
        if self.peek().is_none() {
            return Err(self.error(start, "a character literal needs a character after '\\'"));
        }
        let c = self.char_at(self.pos);
        self.pos += c.len_utf8();
        if !c.is_ascii_alphabetic() {
            return Ok(Edn::Char(c));
        }
        let rest_start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
            self.pos += 1;
        }
        let name = format!(
            "{c}{}",
            String::from_utf8_lossy(&self.bytes[rest_start..self.pos])
        );
        if name.len() == 1 {
            return Ok(Edn::Char(c));
        }
        match name.as_str() {
            "newline" => Ok(Edn::Char('\n')),
            "space" => Ok(Edn::Char(' ')),
            "tab" => Ok(Edn::Char('\t')),
            "return" => Ok(Edn::Char('\r')),
            _ if name.starts_with('u') && name.len() == 5 => {
                self.pos = rest_start;
                self.hex4(start).map(Edn::Char)
            }
            _ => Err(self.error(start, format!("unknown character literal \\{name}"))),
        }
    }
}

/// Reads every form of `text` (for tests and tools).
pub fn read_all(text: &str) -> Result<Vec<Edn>, ParseError> {
    let mut r = Reader::new(text);
    let mut out = Vec::new();
    while !r.at_end()? {
        out.push(r.read()?);
    }
    Ok(out)
}

/// Converts an EDN value into a history value.
pub(crate) fn to_value(e: &Edn) -> Result<Value, String> {
    Ok(match e {
        Edn::Nil => Value::Nil,
        Edn::Bool(b) => Value::Bool(*b),
        Edn::Int(n) => Value::Int(*n),
        Edn::Float(s) | Edn::Symbol(s) => Value::Str(s.clone()),
        Edn::Str(s) => Value::Str(s.clone()),
        Edn::Char(c) => Value::Str(c.to_string()),
        Edn::Keyword(k) => Value::Keyword(k.clone()),
        Edn::List(items) | Edn::Vector(items) => {
            Value::List(items.iter().map(to_value).collect::<Result<_, _>>()?)
        }
        Edn::Set(items) => {
            let mut v: Vec<Value> = items.iter().map(to_value).collect::<Result<_, _>>()?;
            v.sort();
            Value::List(v)
        }
        Edn::Tagged(_, inner) => to_value(inner)?,
        Edn::Map(_) => return Err("a map cannot be a register or list value".to_string()),
    })
}

/// Turns one op map into an event; `None` for ops of non-client processes
/// such as `:nemesis`.
fn event_of(map: &Edn, r: &Reader, at: usize) -> Result<Option<RawEvent>, ParseError> {
    let err = |m: String| r.error(at, m);
    if !matches!(map, Edn::Map(_))
        && !matches!(map, Edn::Tagged(_, inner) if matches!(**inner, Edn::Map(_)))
    {
        return Err(err(format!(
            "expected an op map {{:process .. :type .. :f ..}}, found {}",
            map.kind()
        )));
    }
    let process = match map.get("process") {
        Some(Edn::Int(p)) if *p >= 0 => *p as u64,
        Some(Edn::Keyword(_)) => return Ok(None),
        Some(other) => {
            return Err(err(format!(
                ":process must be a non-negative integer, found {}",
                other.kind()
            )));
        }
        None => return Err(err("op map has no :process".to_string())),
    };
    let kind = match map.get("type") {
        Some(Edn::Keyword(k)) => Kind::parse(k).ok_or_else(|| {
            err(format!(
                ":type must be :invoke, :ok, :fail or :info, found :{k}"
            ))
        })?,
        Some(other) => {
            return Err(err(format!(
                ":type must be a keyword, found {}",
                other.kind()
            )));
        }
        None => return Err(err("op map has no :type".to_string())),
    };
    let f = match map.get("f") {
        Some(Edn::Keyword(f) | Edn::Symbol(f) | Edn::Str(f)) => f.clone(),
        Some(other) => return Err(err(format!(":f must be a keyword, found {}", other.kind()))),
        None => return Err(err("op map has no :f".to_string())),
    };
    let value = match map.get("value") {
        Some(v) => to_value(v).map_err(|m| err(format!(":value: {m}")))?,
        None => Value::Nil,
    };
    let key = match map.get("key") {
        Some(k) => Some(to_value(k).map_err(|m| err(format!(":key: {m}")))?),
        None => None,
    };
    let (line, column) = r.location(at);
    Ok(Some(RawEvent {
        line,
        column,
        process,
        kind,
        f,
        key,
        value,
    }))
}

/// Reads op maps: one per line, several per line, or inside one or more
/// vectors (or lists).
pub(crate) fn events(text: &str) -> Result<Vec<RawEvent>, ParseError> {
    let mut r = Reader::new(text);
    let mut out = Vec::new();
    while let Some(b) = r.next_byte()? {
        if b == b'[' || b == b'(' {
            let close = if b == b'[' { b']' } else { b')' };
            let start = r.pos();
            r.bump();
            loop {
                match r.next_byte()? {
                    None => {
                        return Err(r.error(
                            start,
                            format!("'{}' is never closed by '{}'", b as char, close as char),
                        ));
                    }
                    Some(c) if c == close => {
                        r.bump();
                        break;
                    }
                    Some(_) => {
                        let at = r.pos();
                        let form = r.read()?;
                        out.extend(event_of(&form, &r, at)?);
                    }
                }
            }
        } else {
            let at = r.pos();
            let form = r.read()?;
            out.extend(event_of(&form, &r, at)?);
        }
    }
    Ok(out)
}
