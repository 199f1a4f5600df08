//! Turning a checked directive into the HTML placeholder the host mounts.

use crate::{ChapterSource, Directive, DirectiveKind};

/// The placeholder for one directive, or the reason it cannot be built.
pub fn placeholder(
    kind: &DirectiveKind,
    source: &ChapterSource,
    at: &Directive,
) -> Result<String, String> {
    let origin = format!("{}:{}", source.display, at.line);
    match kind {
        DirectiveKind::Widget { name, args } => {
            let config = dsw_spec::check_args(name, args).map_err(|e| e.to_string())?;
            // The trailing newline leaves a blank line after the block, so
            // Markdown that follows is not swallowed into the HTML block.
            Ok(format!(
                "<div class=\"dsw-widget\" {}=\"{}\" {}=\"{}\" data-dsw-origin=\"{}\">{}</div>\n",
                dsw_spec::WIDGET_ATTR,
                escape(config.widget.name),
                dsw_spec::CONFIG_ATTR,
                escape(&config.given_json()),
                escape(&origin),
                LOADING,
            ))
        }
        DirectiveKind::Quiz { file } => {
            let path = source.dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "quiz file `{file}` cannot be read ({e}); it is looked for beside the chapter, at {}",
                    path.display()
                )
            })?;
            let parsed: toml::Table = toml::from_str(&text)
                .map_err(|e| format!("quiz file `{file}` is not valid TOML: {e}"))?;
            let json = serde_json::to_string(&parsed).map_err(|e| e.to_string())?;
            Ok(format!(
                "<div class=\"dsw-quiz\" data-dsw-quiz=\"{}\" data-dsw-origin=\"{}\">{}</div>\n",
                escape(&json),
                escape(&origin),
                LOADING,
            ))
        }
        DirectiveKind::Escaped => unreachable!("escaped directives are copied, not rendered"),
    }
}

/// Shown until the host mounts the widget, and kept if JavaScript is off.
const LOADING: &str = "<p class=\"dsw-loading\">Loading the interactive widget… \
(it needs JavaScript and WebAssembly)</p>";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
