//! The chapter's example histories, embedded from the chapter's own files
//! (`src/ch07-consistency/histories/*.txt`), so the book, the checker's
//! command line and the widget read one source.
//!
//! A file is Jepsen log lines and `#` comments: line 1 is `# Title`, line 2
//! `# expected: linearizable=no sequential=yes causal=yes`, then prose. The
//! title and the expected verdicts are read at compile time, so a file
//! without them does not build.

use dsw_lincheck::parse::{self, Format};

use crate::encoding;
use crate::timeline::Timeline;
use crate::{FRESH_CLIENTS, Level};

/// The verdicts a file's `# expected:` line states (worked out by hand and
/// checked by brute force when the chapter was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Expected {
    pub linearizable: bool,
    pub sequential: bool,
    pub causal: bool,
}

impl Expected {
    pub fn get(&self, level: Level) -> bool {
        match level {
            Level::Linearizable => self.linearizable,
            Level::Sequential => self.sequential,
            Level::Causal => self.causal,
        }
    }
}

/// One example history of the chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The file's stem, which the chapter and the quiz use.
    pub name: &'static str,
    /// The file's first line.
    pub title: &'static str,
    /// One line for a picker (the chapter's "What it shows" column).
    pub summary: &'static str,
    /// The whole file.
    pub text: &'static str,
    pub expected: Expected,
}

impl Preset {
    /// The prose of the file: its comment lines after the title and the
    /// expected line, joined into one text.
    pub fn prose(&self) -> String {
        let lines: Vec<&str> = self
            .text
            .lines()
            .skip(2)
            .filter_map(|l| l.strip_prefix('#'))
            .map(str::trim)
            .collect();
        lines.join(" ")
    }
}

/// The `n`-th line (from 0) of `text`, at compile time.
const fn line(text: &'static str, n: usize) -> &'static str {
    let b = text.as_bytes();
    let mut i = 0;
    let mut at = 0;
    let mut start = 0;
    while i <= b.len() {
        if i == b.len() || b[i] == b'\n' {
            if at == n {
                let (head, _) = b.split_at(i);
                let (_, piece) = head.split_at(start);
                return match core::str::from_utf8(piece) {
                    Ok(s) => s,
                    Err(_) => panic!("a history file is not UTF-8"),
                };
            }
            at += 1;
            start = i + 1;
        }
        i += 1;
    }
    panic!("a history file is shorter than its header")
}

const fn strip(text: &'static str, prefix: &str) -> &'static str {
    let (t, p) = (text.as_bytes(), prefix.as_bytes());
    if t.len() < p.len() {
        panic!("a history file's header is malformed");
    }
    let mut i = 0;
    while i < p.len() {
        if t[i] != p[i] {
            panic!("a history file's header is malformed");
        }
        i += 1;
    }
    let (_, rest) = t.split_at(p.len());
    match core::str::from_utf8(rest) {
        Ok(s) => s,
        Err(_) => panic!("a history file is not UTF-8"),
    }
}

/// `yes` or `no` after `key=` in `line`.
const fn verdict(line: &str, key: &str) -> bool {
    let (l, k) = (line.as_bytes(), key.as_bytes());
    let mut i = 0;
    while i + k.len() + 1 < l.len() {
        let mut j = 0;
        while j < k.len() && l[i + j] == k[j] {
            j += 1;
        }
        let starts_word = i == 0 || l[i - 1] == b' ';
        if j == k.len() && starts_word && l[i + j] == b'=' {
            return match l[i + j + 1] {
                b'y' => true,
                b'n' => false,
                _ => panic!("an expected verdict is neither yes nor no"),
            };
        }
        i += 1;
    }
    panic!("a history file's expected line misses a model")
}

const fn expected_of(text: &'static str) -> Expected {
    let l = strip(line(text, 1), "# expected: ");
    Expected {
        linearizable: verdict(l, "linearizable"),
        sequential: verdict(l, "sequential"),
        causal: verdict(l, "causal"),
    }
}

macro_rules! preset {
    ($name:literal, $summary:literal) => {{
        const TEXT: &str = include_str!(concat!(
            "../../../src/ch07-consistency/histories/",
            $name,
            ".txt"
        ));
        Preset {
            name: $name,
            title: strip(line(TEXT, 0), "# "),
            summary: $summary,
            text: TEXT,
            expected: expected_of(TEXT),
        }
    }};
}

/// In the order of the chapter's table.
pub static PRESETS: &[Preset] = &[
    preset!(
        "linearizable-overlap",
        "Overlapping writes may take effect in either order."
    ),
    preset!(
        "stale-read",
        "Reading an old value after the write returned."
    ),
    preset!(
        "new-old-inversion",
        "A later reader sees an older value than an earlier reader."
    ),
    preset!(
        "concurrent-writes-disagree",
        "Two readers order concurrent writes differently."
    ),
    preset!(
        "effect-before-cause",
        "A write seen before the write it depends on."
    ),
    preset!("writes-out-of-order", "One client's writes seen backwards."),
    preset!(
        "read-your-writes-violation",
        "A client misses its own acknowledged write."
    ),
    preset!(
        "monotonic-reads-violation",
        "A value appears, then disappears."
    ),
    preset!(
        "info-must-have-happened",
        "A timed-out write that must have taken effect."
    ),
    preset!(
        "info-must-not-have-happened",
        "A timed-out write that cannot have taken effect yet."
    ),
    preset!(
        "cas-race",
        "Two compare-and-sets race; one wins, one fails."
    ),
    preset!(
        "cas-double-acquire",
        "Two compare-and-sets from the same value both succeed."
    ),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// A timeline by name: a preset, or `fresh` (empty, 3 clients). A preset
/// is the start of its timeline, with no edits: step 0 is the whole history.
pub fn load(name: &str) -> Result<Timeline, String> {
    if name == "fresh" {
        return Timeline::new(FRESH_CLIENTS).map_err(|e| e.to_string());
    }
    let p = preset(name).ok_or_else(|| {
        let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
        format!(
            "there is no history called `{name}`; try `fresh` or one of {}",
            names.join(", ")
        )
    })?;
    let history = parse::parse(p.text, Format::Log).map_err(|e| format!("`{name}`: {e}"))?;
    Timeline::from_history(&history).map_err(|e| format!("`{name}`: {e}"))
}

/// Rebuilds the timeline of a shared link (the text after `#`).
pub fn open_link(code: &str) -> Result<Timeline, String> {
    encoding::decode(code).map_err(|e| e.to_string())
}
