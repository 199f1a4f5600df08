//! The slice of Markdown that quiz text uses: paragraphs and `code` spans.
//! Prompts name messages, nodes and fields (`AppendEntries`, `n3`), which
//! read badly without code formatting, and nothing else in the question
//! banks needs Markdown; a full parser would cost bundle size for nothing.

/// A run of text, either plain or inside a code span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Code(String),
}

/// Splits text at blank lines, so a prompt written over several paragraphs
/// keeps them. Lines inside one paragraph are joined by a space, as Markdown
/// renders a soft line break.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Code spans as CommonMark defines them: a run of N backticks opens a span
/// that the next run of exactly N backticks closes, so ``` `` a`b `` ``` can
/// show a backtick. A run with no partner is literal text, which keeps a lone
/// backtick in a prompt from swallowing the rest of it.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let run = backtick_run(&rest[start..]);
        let after = &rest[start + run..];
        match closing(after, run) {
            Some(end) => {
                plain.push_str(&rest[..start]);
                if !plain.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut plain)));
                }
                out.push(Span::Code(code_content(&after[..end])));
                rest = &after[end + run..];
            }
            None => {
                plain.push_str(&rest[..start + run]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Span::Text(plain));
    }
    out
}

fn backtick_run(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b'`').count()
}

/// Where a run of exactly `run` backticks starts in `s`.
fn closing(s: &str, run: usize) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = s[offset..].find('`') {
        let at = offset + found;
        let len = backtick_run(&s[at..]);
        if len == run {
            return Some(at);
        }
        offset = at + len;
    }
    None
}

/// Line breaks become spaces, and one space is stripped from each end when
/// both ends have one, so `` ` `x` ` `` can put backticks at the edges.
fn code_content(raw: &str) -> String {
    let joined = raw.replace(['\r', '\n'], " ");
    let stripped = joined.len() >= 2
        && joined.starts_with(' ')
        && joined.ends_with(' ')
        && !joined.trim().is_empty();
    if stripped {
        joined[1..joined.len() - 1].to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Span {
        Span::Text(s.to_owned())
    }

    fn code(s: &str) -> Span {
        Span::Code(s.to_owned())
    }

    #[test]
    fn plain_text_is_one_span() {
        assert_eq!(spans("no code here"), vec![text("no code here")]);
        assert_eq!(spans(""), vec![]);
    }

    #[test]
    fn code_spans_are_cut_out() {
        assert_eq!(
            spans("n1 sends `AppendEntries` to `n3`."),
            vec![
                text("n1 sends "),
                code("AppendEntries"),
                text(" to "),
                code("n3"),
                text(".")
            ]
        );
        assert_eq!(spans("`x`"), vec![code("x")]);
    }

    #[test]
    fn a_lone_backtick_stays_literal() {
        assert_eq!(spans("it`s fine"), vec![text("it`s fine")]);
        assert_eq!(
            spans("a ` b `c`"),
            vec![text("a "), code("b"), text("c`")],
            "the first single backtick pairs with the next single one"
        );
    }

    #[test]
    fn longer_runs_hold_backticks() {
        assert_eq!(spans("``a`b``"), vec![code("a`b")]);
        assert_eq!(spans("`` `x` ``"), vec![code("`x`")]);
        assert_eq!(spans("```a``"), vec![text("```a``")]);
    }

    #[test]
    fn code_spans_join_lines() {
        assert_eq!(spans("`a\nb`"), vec![code("a b")]);
        assert_eq!(spans("`  `"), vec![code("  ")]);
    }

    #[test]
    fn multibyte_text_around_code_is_kept() {
        assert_eq!(spans("× `µs` →"), vec![text("× "), code("µs"), text(" →")]);
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("first line\nsame paragraph\n\n  \nsecond\n"),
            vec!["first line same paragraph".to_owned(), "second".to_owned()]
        );
        assert!(paragraphs("  \n").is_empty());
    }
}
