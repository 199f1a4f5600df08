//! A diagram as a short text for share links: the edits that built it.
//!
//! ```text
//! c1.n3.s1@20.r2@40f0.k1=-15
//! ```
//!
//! Parts are separated by `.`: the format tag `c1`, `n` and the number of
//! processes the diagram starts with, optionally `v` and a [`Variant`] name,
//! then one part per applied edit. Processes are numbered from 1 as on
//! screen, events by their id:
//!
//! | part | edit |
//! |---|---|
//! | `l2@30` | local event on p2 at 30 ms |
//! | `s2@30` | send on p2 at 30 ms |
//! | `r3@50f4` | receipt on p3 at 50 ms of the message sent by e4 |
//! | `c4t7` | connect the message sent by e4 to the local event e7 |
//! | `m4p1@60` | move the receipt of e4's message to p1 at 60 ms |
//! | `d7` | delete e7 |
//! | `k2=-20` | set p2's skew to -20 ms |
//! | `w2=50000` | set p2's drift to 50,000 ppm |
//! | `a` | add a process |
//! | `x3` | remove p3 |
//!
//! Every character is allowed unescaped in a URL fragment. Decoding replays
//! the edits through the same validation as the widget, so a code can never
//! build a diagram the editor could not; and the decoder never panics, on
//! any input.

use std::fmt;

use crate::diagram::{Diagram, EventId};
use crate::edit::Edit;
use crate::{MAX_EDITS, Variant};

/// The longest code the decoder reads. The longest valid code, a full
/// history of the longest parts, is shorter.
pub const MAX_CODE_LEN: usize = 8192;

/// Why a code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecodeError {
    /// Which `.`-separated part (0 is the format tag), if the problem is in
    /// one.
    pub part: Option<usize>,
    pub reason: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Some(i) => write!(f, "part {} of the code: {}", i + 1, self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The share code of `diagram`: its applied edits (not those it could redo).
pub fn encode(diagram: &Diagram) -> String {
    let mut parts = vec!["c1".to_owned(), format!("n{}", diagram.start_processes())];
    if diagram.variant() != Variant::Correct {
        parts.push(format!("v{}", diagram.variant().name()));
    }
    parts.extend(diagram.applied().iter().map(edit_code));
    parts.join(".")
}

/// The part of a share code for one edit.
pub fn edit_code(edit: &Edit) -> String {
    let p = |process: usize| process.saturating_add(1);
    match *edit {
        Edit::Local { process, time } => format!("l{}@{time}", p(process)),
        Edit::Send { process, time } => format!("s{}@{time}", p(process)),
        Edit::Receive {
            from,
            process,
            time,
        } => format!("r{}@{time}f{}", p(process), from.0),
        Edit::Connect { from, to } => format!("c{}t{}", from.0, to.0),
        Edit::MoveReceive {
            from,
            process,
            time,
        } => format!("m{}p{}@{time}", from.0, p(process)),
        Edit::Delete { event } => format!("d{}", event.0),
        Edit::Skew { process, skew } => format!("k{}={skew}", p(process)),
        Edit::Drift { process, ppm } => format!("w{}={ppm}", p(process)),
        Edit::AddProcess => "a".to_owned(),
        Edit::RemoveProcess { process } => format!("x{}", p(process)),
    }
}

/// Rebuilds a diagram from its share code, validating every edit.
pub fn decode(code: &str) -> Result<Diagram, DecodeError> {
    let whole = |reason: String| DecodeError { part: None, reason };
    if code.len() > MAX_CODE_LEN {
        return Err(whole(format!(
            "the code is {} characters long; a diagram's code has at most {MAX_CODE_LEN}",
            code.len()
        )));
    }
    if let Some(bad) = code.chars().find(|c| !is_code_char(*c)) {
        return Err(whole(format!(
            "the code contains {bad:?}, which no code uses"
        )));
    }
    let parts: Vec<&str> = code.split('.').collect();
    let at = |i: usize, reason: String| DecodeError {
        part: Some(i),
        reason,
    };
    if parts.first() != Some(&"c1") {
        return Err(at(0, "a clocks code starts with `c1`".to_owned()));
    }
    let processes = match parts.get(1) {
        Some(part) => {
            let mut cur = Cursor::new(part);
            cur.expect(b'n').map_err(|r| at(1, r))?;
            let n = cur.count().map_err(|r| at(1, r))?;
            cur.end().map_err(|r| at(1, r))?;
            n
        }
        None => {
            return Err(whole(
                "the code ends before its number of processes".to_owned(),
            ));
        }
    };
    let mut next = 2;
    let mut variant = Variant::Correct;
    if let Some(part) = parts.get(2)
        && let Some(name) = part.strip_prefix('v')
    {
        variant =
            Variant::parse(name).ok_or_else(|| at(2, format!("`{name}` is not a rule variant")))?;
        next = 3;
    }
    let mut diagram =
        Diagram::with_variant(processes, variant).map_err(|e| at(1, e.to_string()))?;
    let edits = parts.len().saturating_sub(next);
    if edits > MAX_EDITS {
        return Err(whole(format!(
            "the code holds {edits} edits; a diagram keeps at most {MAX_EDITS}"
        )));
    }
    for (i, part) in parts.iter().enumerate().skip(next) {
        let edit = parse_edit(part).map_err(|r| at(i, format!("`{part}`: {r}")))?;
        diagram
            .apply(edit)
            .map_err(|e| at(i, format!("`{part}`: {e}")))?;
    }
    Ok(diagram)
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '=' | '-')
}

/// Reads one edit's part.
pub fn parse_edit(part: &str) -> Result<Edit, String> {
    let mut cur = Cursor::new(part);
    let edit = match cur.letter()? {
        b'l' | b's' => {
            let local = part.starts_with('l');
            let process = cur.process()?;
            cur.expect(b'@')?;
            let time = cur.count_i64()?;
            if local {
                Edit::Local { process, time }
            } else {
                Edit::Send { process, time }
            }
        }
        b'r' => {
            let process = cur.process()?;
            cur.expect(b'@')?;
            let time = cur.count_i64()?;
            cur.expect(b'f')?;
            let from = cur.event()?;
            Edit::Receive {
                from,
                process,
                time,
            }
        }
        b'c' => {
            let from = cur.event()?;
            cur.expect(b't')?;
            let to = cur.event()?;
            Edit::Connect { from, to }
        }
        b'm' => {
            let from = cur.event()?;
            cur.expect(b'p')?;
            let process = cur.process()?;
            cur.expect(b'@')?;
            let time = cur.count_i64()?;
            Edit::MoveReceive {
                from,
                process,
                time,
            }
        }
        b'd' => Edit::Delete {
            event: cur.event()?,
        },
        b'k' | b'w' => {
            let skew = part.starts_with('k');
            let process = cur.process()?;
            cur.expect(b'=')?;
            let value = cur.signed()?;
            if skew {
                Edit::Skew {
                    process,
                    skew: value,
                }
            } else {
                Edit::Drift {
                    process,
                    ppm: value,
                }
            }
        }
        b'a' => Edit::AddProcess,
        b'x' => Edit::RemoveProcess {
            process: cur.process()?,
        },
        other => return Err(format!("no edit starts with `{}`", char::from(other))),
    };
    cur.end()?;
    Ok(edit)
}

/// Most digits a number may have: enough for every value the model
/// accepts, few enough that no arithmetic on it can overflow.
const MAX_DIGITS: usize = 9;

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn letter(&mut self) -> Result<u8, String> {
        let b = self.peek().ok_or("an empty part")?;
        self.at += 1;
        Ok(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), String> {
        match self.peek() {
            Some(b) if b == want => {
                self.at += 1;
                Ok(())
            }
            Some(b) => Err(format!(
                "expected `{}` but found `{}`",
                char::from(want),
                char::from(b)
            )),
            None => Err(format!(
                "expected `{}` but the part ended",
                char::from(want)
            )),
        }
    }

    fn end(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(b) => Err(format!("unexpected `{}` at the end", char::from(b))),
        }
    }

    /// An unsigned decimal number of at most [`MAX_DIGITS`] digits.
    fn count_u64(&mut self) -> Result<u64, String> {
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start >= MAX_DIGITS {
                return Err(format!("a number longer than {MAX_DIGITS} digits"));
            }
            value = value * 10 + u64::from(b - b'0');
            self.at += 1;
        }
        if self.at == start {
            return Err(match self.peek() {
                Some(b) => format!("expected a number but found `{}`", char::from(b)),
                None => "expected a number but the part ended".to_owned(),
            });
        }
        Ok(value)
    }

    fn count(&mut self) -> Result<usize, String> {
        usize::try_from(self.count_u64()?).map_err(|_| "a number too large".to_owned())
    }

    fn count_i64(&mut self) -> Result<i64, String> {
        i64::try_from(self.count_u64()?).map_err(|_| "a number too large".to_owned())
    }

    fn signed(&mut self) -> Result<i64, String> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let magnitude = self.count_i64()?;
        Ok(if negative { -magnitude } else { magnitude })
    }

    /// A process as written on screen (from 1), as an index (from 0).
    fn process(&mut self) -> Result<usize, String> {
        match self.count()? {
            0 => Err("processes are numbered from 1".to_owned()),
            n => Ok(n - 1),
        }
    }

    fn event(&mut self) -> Result<EventId, String> {
        let n = self.count_u64()?;
        u32::try_from(n)
            .map(EventId)
            .map_err(|_| "an event number too large".to_owned())
    }
}
