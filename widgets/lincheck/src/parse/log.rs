//! Jepsen's older text logs, one event per line:
//!
//! ```text
//! INFO  jepsen.util - 3<TAB>:invoke<TAB>:write<TAB>4
//! INFO  jepsen.util - 3<TAB>:ok<TAB>:write<TAB>4
//! 2017-03-14 10:11:12,345{GMT}<TAB>INFO<TAB>[jepsen worker 1] jepsen.util - 1<TAB>:info<TAB>:cas<TAB>[4 4]<TAB>:timed-out
//! ```
//!
//! (`<TAB>` stands for a tab.) Whatever precedes `jepsen.util - ` is
//! ignored, fields may be separated by
//! tabs or spaces, anything after the value is ignored (Jepsen appends
//! error descriptions there), and lines of other loggers are skipped. A line
//! without the `jepsen.util - ` marker is read only if it starts like an
//! event (`3 :invoke ...` or `:nemesis :info ...`), as in Knossos's data.

use super::edn::{Edn, Reader, to_value};
use super::{Kind, ParseError, RawEvent};

const MARKER: &str = "jepsen.util - ";

fn looks_like_event(line: &str) -> bool {
    let mut fields = line.split_whitespace();
    let (Some(p), Some(t)) = (fields.next(), fields.next()) else {
        return false;
    };
    let process_like = p.bytes().all(|b| b.is_ascii_digit()) || p.starts_with(':');
    process_like && Kind::parse(t.trim_start_matches(':')).is_some() && t.starts_with(':')
}

pub(crate) fn events(text: &str) -> Result<Vec<RawEvent>, ParseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let (rest, offset) = match line.find(MARKER) {
            Some(at) => (&line[at + MARKER.len()..], at + MARKER.len()),
            None if looks_like_event(line) => (line, 0),
            None => continue,
        };
        let column = line[..offset].chars().count() + 1;
        let mut r = Reader::at(rest, number, column);
        let start = r.pos();
        let process = match r.read()? {
            Edn::Int(p) if p >= 0 => Some(p as u64),
            Edn::Keyword(_) => None,
            other => {
                return Err(r.error(start, format!("expected a process number, found {other:?}")));
            }
        };
        r.skip_blank()?;
        let at = r.pos();
        let kind = match r.read()? {
            Edn::Keyword(k) => Kind::parse(&k).ok_or_else(|| {
                r.error(
                    at,
                    format!("expected :invoke, :ok, :fail or :info, found :{k}"),
                )
            })?,
            other => {
                return Err(r.error(
                    at,
                    format!("expected :invoke, :ok, :fail or :info, found {other:?}"),
                ));
            }
        };
        r.skip_blank()?;
        let at = r.pos();
        let f = match r.read()? {
            Edn::Keyword(f) => f,
            other => {
                return Err(r.error(
                    at,
                    format!("expected an operation such as :read, found {other:?}"),
                ));
            }
        };
        let Some(process) = process else {
            // The nemesis and other non-client actors: not operations on
            // the object.
            continue;
        };
        let value = if r.at_end()? {
            crate::Value::Nil
        } else {
            let at = r.pos();
            let v = r.read()?;
            to_value(&v).map_err(|m| r.error(at, m))?
        };
        out.push(RawEvent {
            line: number,
            column,
            process,
            kind,
            f,
            key: None,
            value,
        });
    }
    Ok(out)
}
