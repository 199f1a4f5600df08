//! Finding and tokenising `{{#widget ...}}` and `{{#quiz ...}}` in Markdown.

/// What a directive asks for, once its text has been read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind {
    Widget {
        name: String,
        args: Vec<(String, String)>,
    },
    Quiz {
        file: String,
    },
    /// A book-wide quiz page: `progress`, `review` or `drill`.
    QuizPage {
        kind: String,
    },
    /// `\{{#widget ...}}`: show the directive itself, without the backslash.
    Escaped,
}

/// One directive found in a chapter, with its position for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the directive, including a leading backslash if escaped.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters) of the `{{`.
    pub line: usize,
    pub column: usize,
    pub kind: Result<DirectiveKind, String>,
}

const NAMES: [&str; 3] = ["widget", "quiz", "quiz-page"];

/// The book-wide quiz pages `{{#quiz-page KIND}}` can place.
pub const QUIZ_PAGES: [&str; 3] = ["progress", "review", "drill"];

/// Every one of our directives in `text`, in order. Directives inside fenced
/// code blocks are left alone, because code shows text as written; other
/// `{{#...}}` directives (mdBook's own `include` and friends) are left for
/// mdBook.
pub fn find_directives(text: &str) -> Vec<Directive> {
    let mut found = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = 0;
    for (line_index, line) in text.split_inclusive('\n').enumerate() {
        let line_no = line_index + 1;
        if let Some(marker) = fence_marker(line) {
            match fence {
                None => fence = Some(marker),
                Some((ch, len)) if marker.0 == ch && marker.1 >= len && is_closing(line) => {
                    fence = None
                }
                Some(_) => {}
            }
            line_start += line.len();
            continue;
        }
        if fence.is_none() {
            scan_line(line, line_start, line_no, &mut found);
        }
        line_start += line.len();
    }
    found
}

fn scan_line(line: &str, offset: usize, line_no: usize, found: &mut Vec<Directive>) {
    let mut search_from = 0;
    while let Some(rel) = line[search_from..].find("{{#") {
        let open = search_from + rel;
        search_from = open + 3;
        let after = &line[open + 3..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !NAMES.contains(&name.as_str()) {
            continue;
        }
        let escaped = line[..open].ends_with('\\');
        let start = if escaped { open - 1 } else { open };
        let column = line[..open].chars().count() + 1;
        let close = line[open..].find("}}").map(|i| open + i + 2);
        let (end, kind) = match close {
            None => (
                line.trim_end_matches(['\n', '\r']).len(),
                Err(format!(
                    "`{{{{#{name}` is not closed: write the whole directive on one line, ending with `}}}}`"
                )),
            ),
            Some(end) if escaped => (end, Ok(DirectiveKind::Escaped)),
            Some(end) => {
                let inner = &line[open + 3 + name.len()..end - 2];
                let kind = if !alone_on_line(line, open, end) {
                    Err(format!(
                        "a `{{{{#{name}}}}}` directive must stand on a line of its own, because it becomes a block of the page"
                    ))
                } else {
                    parse(&name, inner)
                };
                (end, kind)
            }
        };
        found.push(Directive {
            start: offset + start,
            end: offset + end,
            line: line_no,
            column: if escaped { column - 1 } else { column },
            kind,
        });
        search_from = end.max(search_from);
    }
}

fn alone_on_line(line: &str, open: usize, end: usize) -> bool {
    line[..open].trim().is_empty() && line[end..].trim().is_empty()
}

fn parse(name: &str, inner: &str) -> Result<DirectiveKind, String> {
    if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
        return Err(format!(
            "`{{{{#{name}` must be followed by a space, as in `{{{{#widget ring nodes=5}}}}`"
        ));
    }
    let tokens = tokenize(inner)?;
    match name {
        "widget" => {
            let mut tokens = tokens.into_iter();
            let widget = match tokens.next() {
                Some(Token::Word(w)) if !w.contains('=') => w,
                _ => {
                    return Err(
                        "`{{#widget}}` needs a widget name first, as in `{{#widget ring nodes=5}}`"
                            .to_owned(),
                    );
                }
            };
            let mut args = Vec::new();
            for token in tokens {
                args.push(key_value(token)?);
            }
            Ok(DirectiveKind::Widget { name: widget, args })
        }
        "quiz" => match tokens.as_slice() {
            [Token::Word(file)] | [Token::Quoted(file)] => {
                Ok(DirectiveKind::Quiz { file: file.clone() })
            }
            [] => Err(
                "`{{#quiz}}` needs the quiz file, relative to the chapter, as in `{{#quiz quiz.toml}}`"
                    .to_owned(),
            ),
            _ => Err(
                "`{{#quiz}}` takes exactly one argument: the quiz file, as in `{{#quiz quiz.toml}}`"
                    .to_owned(),
            ),
        },
        "quiz-page" => match tokens.as_slice() {
            [Token::Word(kind)] if QUIZ_PAGES.contains(&kind.as_str()) => {
                Ok(DirectiveKind::QuizPage { kind: kind.clone() })
            }
            _ => Err(format!(
                "`{{{{#quiz-page}}}}` takes one of {}, as in `{{{{#quiz-page review}}}}`",
                QUIZ_PAGES.map(|k| format!("`{k}`")).join(", ")
            )),
        },
        _ => unreachable!("only names in NAMES reach the parser"),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// A bare word, possibly `key=value` or `key="quoted value"` (quotes removed).
    Word(String),
    /// A bare `"quoted"` string.
    Quoted(String),
}

fn tokenize(inner: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(tokens);
        };
        if first == '"' {
            chars.next();
            tokens.push(Token::Quoted(quoted(&mut chars)?));
            continue;
        }
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
            if c == '"' {
                if !word.ends_with('=') {
                    return Err(format!(
                        "unexpected `\"` after `{word}`: quote the whole value, as in `key=\"some value\"`"
                    ));
                }
                word.push_str(&quoted(&mut chars)?);
                if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                    return Err(format!("a space must follow the closing `\"` of `{word}`"));
                }
                break;
            }
            word.push(c);
        }
        tokens.push(Token::Word(word));
    }
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut value = String::new();
    for c in chars.by_ref() {
        if c == '"' {
            return Ok(value);
        }
        value.push(c);
    }
    Err(format!("the quoted value `\"{value}` has no closing `\"`"))
}

fn key_value(token: Token) -> Result<(String, String), String> {
    match token {
        Token::Word(word) => match word.split_once('=') {
            Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
            _ => Err(format!(
                "expected a parameter written `key=value`, got `{word}`"
            )),
        },
        Token::Quoted(text) => Err(format!(
            "expected a parameter written `key=value`, got the string `\"{text}\"`"
        )),
    }
}

fn fence_marker(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// A closing fence carries no info string.
fn is_closing(line: &str) -> bool {
    line.trim().trim_start_matches(['`', '~']).trim().is_empty()
}
