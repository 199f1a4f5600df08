//! A timeline as a short text for share links.
//!
//! ```text
//! h1.s2.0w1@1-3.1rn@5-7.0r1@9-11.1r1@13-15
//! h1.s1.R42.m3@5-9
//! ```
//!
//! Parts are separated by `.`: the format tag `h1`, then `s` and the number
//! of clients of the starting picture, then its operations (parts starting
//! with a digit), then the edits applied to it (parts starting with a
//! letter). Clients are numbered from 0, as on screen.
//!
//! An operation is `<client><action>@<invoke>[-<complete>][f|i]`: the action
//! is `r` with the value read if any (`r3`, `rn` for nil, `r` for none),
//! `w3`, or `c<from>t<to>` (`cnt1` is cas nil->1); no completion means the
//! bar is open; `f` marks a failure, `i` an unknown outcome, nothing ok.
//!
//! | part | edit |
//! |---|---|
//! | `m4@10-14` | move operation #4 to 10..14 (`m4@10` leaves it open) |
//! | `v4w7`, `v4r2`, `v4c1t2` | set #4's action (and a read's result) |
//! | `o4k`, `o4f`, `o4i` | set #4's outcome: ok, fail, unknown |
//! | `a1w3@5-9` | add an operation, written as above |
//! | `d4` | delete #4 |
//! | `l` | add a client |
//! | `x2` | remove client 2 |
//! | `R42`, `L42` | a random history, small or large, from seed 42 |
//!
//! [`encode`] writes the current picture as a snapshot, or, when that is
//! shorter, the last random history's seed and the edits since: a 300-
//! operation random history shares as a dozen characters. Every character
//! is allowed unescaped in a URL fragment. Decoding goes through the same
//! validation as the editor, so a code cannot build a timeline the editor
//! could not; the decoder never panics, on any input.

use std::fmt;

use dsw_lincheck::Outcome;

use crate::edit::Edit;
use crate::op::{Action, Op, OpId, Val};
use crate::timeline::{Sheet, Timeline};

/// The format tag every code starts with.
pub const TAG: &str = "h1";

/// The longest code the decoder reads. A snapshot of the most operations,
/// or the most edits, each at its longest, is shorter.
pub const MAX_CODE_LEN: usize = 16_384;

/// Why a code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecodeError {
    /// Which `.`-separated part (0 is the tag), if the problem is in one.
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

/// The share code of `timeline`'s current picture (not its undo history).
pub fn encode(timeline: &Timeline) -> String {
    let snapshot = snapshot(timeline.sheet());
    let applied = timeline.applied();
    let from_seed = applied
        .iter()
        .rposition(|e| matches!(e, Edit::Random { .. } | Edit::RandomLarge { .. }))
        .map(|k| {
            let mut parts = vec![TAG.to_owned(), "s1".to_owned()];
            parts.extend(applied[k..].iter().map(edit_code));
            parts.join(".")
        });
    match from_seed {
        Some(code) if code.len() < snapshot.len() => code,
        _ => snapshot,
    }
}

fn snapshot(sheet: &Sheet) -> String {
    let mut parts = vec![TAG.to_owned(), format!("s{}", sheet.clients())];
    parts.extend(sheet.ops().iter().map(op_code));
    parts.join(".")
}

fn val_code(v: Val) -> String {
    match v {
        Val::Nil => "n".to_owned(),
        Val::Int(n) => n.to_string(),
    }
}

fn action_code(action: Action, result: Option<Val>) -> String {
    match action {
        Action::Read => format!("r{}", result.map(val_code).unwrap_or_default()),
        Action::Write(v) => format!("w{v}"),
        Action::Cas { from, to } => format!("c{}t{to}", val_code(from)),
    }
}

fn interval_code(invoke: u32, complete: Option<u32>) -> String {
    match complete {
        Some(c) => format!("@{invoke}-{c}"),
        None => format!("@{invoke}"),
    }
}

/// An operation as a snapshot writes it (without its id).
pub fn op_code(op: &Op) -> String {
    body_code(
        op.client,
        op.action,
        op.result,
        op.invoke,
        op.complete,
        op.outcome,
    )
}

fn body_code(
    client: usize,
    action: Action,
    result: Option<Val>,
    invoke: u32,
    complete: Option<u32>,
    outcome: Outcome,
) -> String {
    let tail = match outcome {
        Outcome::Ok => "",
        Outcome::Fail => "f",
        Outcome::Unknown => "i",
    };
    format!(
        "{client}{}{}{tail}",
        action_code(action, result),
        interval_code(invoke, complete)
    )
}

/// The part of a share code for one edit.
pub fn edit_code(edit: &Edit) -> String {
    match *edit {
        Edit::Move {
            op,
            invoke,
            complete,
        } => format!("m{}{}", op.0, interval_code(invoke, complete)),
        Edit::SetAction { op, action, result } => {
            format!("v{}{}", op.0, action_code(action, result))
        }
        Edit::SetOutcome { op, outcome } => format!(
            "o{}{}",
            op.0,
            match outcome {
                Outcome::Ok => 'k',
                Outcome::Fail => 'f',
                Outcome::Unknown => 'i',
            }
        ),
        Edit::Add {
            client,
            action,
            result,
            invoke,
            complete,
            outcome,
        } => format!(
            "a{}",
            body_code(client, action, result, invoke, complete, outcome)
        ),
        Edit::Delete { op } => format!("d{}", op.0),
        Edit::AddClient => "l".to_owned(),
        Edit::RemoveClient { client } => format!("x{client}"),
        Edit::Random { seed } => format!("R{seed}"),
        Edit::RandomLarge { seed } => format!("L{seed}"),
    }
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-')
}

/// Rebuilds a timeline from its share code, validating every operation and
/// edit.
pub fn decode(code: &str) -> Result<Timeline, DecodeError> {
    let whole = |reason: String| DecodeError { part: None, reason };
    let at = |i: usize, reason: String| DecodeError {
        part: Some(i),
        reason,
    };
    if code.len() > MAX_CODE_LEN {
        return Err(whole(format!(
            "the code is {} characters long; a history's code has at most {MAX_CODE_LEN}",
            code.len()
        )));
    }
    if let Some(bad) = code.chars().find(|c| !is_code_char(*c)) {
        return Err(whole(format!(
            "the code contains {bad:?}, which no code uses"
        )));
    }
    let parts: Vec<&str> = code.split('.').collect();
    if parts.first() != Some(&TAG) {
        return Err(at(0, format!("a history code starts with `{TAG}`")));
    }
    let Some(start) = parts.get(1) else {
        return Err(whole(
            "the code ends before its number of clients".to_owned(),
        ));
    };
    let clients = {
        let mut cur = Cursor::new(start);
        cur.expect(b's').map_err(|r| at(1, r))?;
        let n = cur.number().map_err(|r| at(1, r))?;
        cur.end().map_err(|r| at(1, r))?;
        usize::try_from(n).map_err(|_| at(1, "too many clients".to_owned()))?
    };
    let mut sheet = Sheet::new(clients).map_err(|e| at(1, e.to_string()))?;
    let mut i = 2;
    while let Some(part) = parts
        .get(i)
        .filter(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    {
        let op = parse_op(&mut Cursor::new(part)).map_err(|r| at(i, format!("`{part}`: {r}")))?;
        sheet.add(op).map_err(|e| at(i, format!("`{part}`: {e}")))?;
        i += 1;
    }
    let mut timeline = Timeline::starting_at(sheet);
    for (k, part) in parts.iter().enumerate().skip(i) {
        let edit = parse_edit(part).map_err(|r| at(k, format!("`{part}`: {r}")))?;
        timeline
            .apply(edit)
            .map_err(|e| at(k, format!("`{part}`: {e}")))?;
    }
    Ok(timeline)
}

/// Reads one edit's part.
pub fn parse_edit(part: &str) -> Result<Edit, String> {
    let mut cur = Cursor::new(part);
    let edit = match cur.byte()? {
        b'm' => {
            let op = cur.op_id()?;
            let (invoke, complete) = cur.interval()?;
            Edit::Move {
                op,
                invoke,
                complete,
            }
        }
        b'v' => {
            let op = cur.op_id()?;
            let (action, result) = cur.action()?;
            Edit::SetAction { op, action, result }
        }
        b'o' => {
            let op = cur.op_id()?;
            let outcome = match cur.byte()? {
                b'k' => Outcome::Ok,
                b'f' => Outcome::Fail,
                b'i' => Outcome::Unknown,
                other => {
                    return Err(format!("`{}` is no outcome (k, f or i)", char::from(other)));
                }
            };
            Edit::SetOutcome { op, outcome }
        }
        b'a' => {
            let op = parse_op(&mut cur)?;
            Edit::Add {
                client: op.client,
                action: op.action,
                result: op.result,
                invoke: op.invoke,
                complete: op.complete,
                outcome: op.outcome,
            }
        }
        b'd' => Edit::Delete { op: cur.op_id()? },
        b'l' => Edit::AddClient,
        b'x' => Edit::RemoveClient {
            client: cur.small()?,
        },
        b'R' => Edit::Random { seed: cur.u32()? },
        b'L' => Edit::RandomLarge { seed: cur.u32()? },
        other => return Err(format!("no edit starts with `{}`", char::from(other))),
    };
    cur.end()?;
    Ok(edit)
}

/// An operation (id 0; the sheet gives it its own) from `cur` to its end.
fn parse_op(cur: &mut Cursor) -> Result<Op, String> {
    let client = cur.small()?;
    let (action, result) = cur.action()?;
    let (invoke, complete) = cur.interval()?;
    let outcome = match cur.peek() {
        Some(b'f') => Outcome::Fail,
        Some(b'i') => Outcome::Unknown,
        _ => Outcome::Ok,
    };
    if outcome != Outcome::Ok {
        cur.at += 1;
    }
    cur.end()?;
    Ok(Op {
        id: OpId(0),
        client,
        action,
        result,
        invoke,
        complete,
        outcome,
    })
}

/// Most digits a number may have: every number the model accepts fits,
/// and no arithmetic on it can overflow a u64.
const MAX_DIGITS: usize = 10;

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

    fn byte(&mut self) -> Result<u8, String> {
        let b = self.peek().ok_or("the part ended too soon")?;
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

    fn number(&mut self) -> Result<u64, String> {
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

    fn u32(&mut self) -> Result<u32, String> {
        u32::try_from(self.number()?).map_err(|_| "a number too large".to_owned())
    }

    fn u16(&mut self) -> Result<u16, String> {
        u16::try_from(self.number()?).map_err(|_| "a value too large".to_owned())
    }

    fn small(&mut self) -> Result<usize, String> {
        usize::try_from(self.u32()?).map_err(|_| "a number too large".to_owned())
    }

    fn op_id(&mut self) -> Result<OpId, String> {
        Ok(OpId(self.u32()?))
    }

    fn val(&mut self) -> Result<Val, String> {
        if self.peek() == Some(b'n') {
            self.at += 1;
            return Ok(Val::Nil);
        }
        Ok(Val::Int(self.u16()?))
    }

    fn action(&mut self) -> Result<(Action, Option<Val>), String> {
        Ok(match self.byte()? {
            b'r' => {
                let result = match self.peek() {
                    Some(b'n') => Some(self.val()?),
                    Some(b) if b.is_ascii_digit() => Some(self.val()?),
                    _ => None,
                };
                (Action::Read, result)
            }
            b'w' => (Action::Write(self.u16()?), None),
            b'c' => {
                let from = self.val()?;
                self.expect(b't')?;
                (
                    Action::Cas {
                        from,
                        to: self.u16()?,
                    },
                    None,
                )
            }
            other => {
                return Err(format!("`{}` is no action (r, w or c)", char::from(other)));
            }
        })
    }

    fn interval(&mut self) -> Result<(u32, Option<u32>), String> {
        self.expect(b'@')?;
        let invoke = self.u32()?;
        let complete = if self.peek() == Some(b'-') {
            self.at += 1;
            Some(self.u32()?)
        } else {
            None
        };
        Ok((invoke, complete))
    }
}
