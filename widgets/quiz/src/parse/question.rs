//! The fields every question has, then a hand-off to its kind.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::ctx::{Ctx, Value, quoted};
use super::kinds;
use crate::catalog::ScenarioCatalog;
use crate::model::{Difficulty, Kind, Question};

const COMMON_KEYS: [&str; 7] = [
    "id",
    "type",
    "difficulty",
    "tags",
    "prompt",
    "context",
    "answer",
];

pub(super) fn question(
    ctx: &mut Ctx<'_>,
    item: &Value<'_>,
    seen_ids: &mut HashMap<String, usize>,
    catalog: &dyn ScenarioCatalog,
) -> Option<Question> {
    ctx.question = None;
    let span = item.span();
    let DeValue::Table(table) = item.get_ref() else {
        ctx.error(
            span,
            format!(
                "each entry of `questions` must be a table, found {}",
                item.get_ref().type_str()
            ),
        );
        return None;
    };
    let line = ctx.line_of(span.start);
    let mark = ctx.mark();

    let id = id(ctx, table, span.clone(), seen_ids, line);
    let kind_name = kind_name(ctx, table, span.clone());
    check_keys(ctx, table, kind_name);
    let difficulty = difficulty(ctx, table, span.clone());
    let tags = tags(ctx, table, span.clone());
    let prompt_table = ctx
        .required(
            table,
            span.clone(),
            "prompt",
            "prompt",
            "`prompt.prompt = \"...\"`",
        )
        .and_then(|v| {
            ctx.table(
                v,
                "prompt",
                "write `prompt.prompt = \"...\"`, as in mdbook-quiz",
            )
            .map(|t| (t, v.span()))
        });
    let prompt = prompt_table.clone().and_then(|(t, s)| {
        ctx.required(t, s, "prompt", "prompt.prompt", "the question text")
            .and_then(|v| ctx.string(v, "prompt.prompt"))
    });
    let context = table.get("context").and_then(|v| ctx.string(v, "context"));

    let kind = kind_name.and_then(|name| {
        let fields = kinds::Fields {
            table,
            span: span.clone(),
            prompt: prompt_table,
        };
        kinds::kind(ctx, name, &fields, catalog)
    });
    if let Some(name) = kind_name
        && context.is_none()
        && !table.contains_key("context")
        && matches!(name, "Numeric" | "Ordering" | "ShortAnswer")
    {
        ctx.error(
            span.clone(),
            format!(
                "missing `context`: a {name} question has no options to explain, so it needs a general explanation shown after answering"
            ),
        );
    }

    if ctx.has_errors_since(mark) {
        return None;
    }
    Some(Question {
        id: id?,
        difficulty: difficulty?,
        tags: tags?,
        prompt: prompt?,
        context,
        kind: kind?,
        line,
    })
}

fn id(
    ctx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    seen_ids: &mut HashMap<String, usize>,
    line: usize,
) -> Option<String> {
    let v = ctx.required(
        table,
        span,
        "id",
        "id",
        "a stable id such as `ch01-timeout-ambiguity`; saved progress is keyed by it",
    )?;
    let id = ctx.string(v, "id")?;
    // Named from here on, so every later error in this question says which one.
    ctx.question = Some(id.clone());
    ctx.check_slug(v.span(), "id", &id);
    if let Some(first) = seen_ids.get(&id) {
        ctx.error(
            v.span(),
            format!("duplicate id `{id}` (first used by the question on line {first})"),
        );
        return None;
    }
    seen_ids.insert(id.clone(), line);
    Some(id)
}

fn kind_name(
    ctx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<&'static str> {
    let v = ctx.required(
        table,
        span,
        "type",
        "type",
        &format!("one of {}", quoted(Kind::NAMES)),
    )?;
    let name = ctx.string(v, "type")?;
    let found = Kind::NAMES.into_iter().find(|k| *k == name);
    if found.is_none() {
        ctx.error(
            v.span(),
            format!(
                "unknown question type `{name}`; expected one of {}",
                quoted(Kind::NAMES)
            ),
        );
    }
    found
}

/// Which top-level keys a question may have depends on its kind; when the
/// kind is unknown every key any kind accepts is let through, so the author
/// hears about the type and not about a cascade of keys.
fn check_keys(ctx: &mut Ctx<'_>, table: &DeTable<'_>, kind: Option<&str>) {
    let has_options = matches!(
        kind,
        None | Some("MultipleChoice" | "MultipleSelect" | "Predict")
    );
    let has_answer = kind != Some("Predict");
    let mut allowed: Vec<&str> = COMMON_KEYS
        .into_iter()
        .filter(|k| has_answer || *k != "answer")
        .collect();
    if has_options {
        allowed.push("options");
    }
    ctx.unknown_keys(table, "", &allowed, |key| match key {
        "answer" => Some(
            "a Predict question has no `answer`: the widget's simulator computes it when the learner answers"
                .to_owned(),
        ),
        "options" => Some(format!(
            "`options` belongs to choice questions (MultipleChoice, MultipleSelect, Predict), not to {}",
            kind.unwrap_or("this type")
        )),
        _ => None,
    });
}

fn difficulty(
    ctx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<Difficulty> {
    let v = ctx.required(
        table,
        span,
        "difficulty",
        "difficulty",
        "`junior`, `mid` or `senior`",
    )?;
    let name = ctx.string(v, "difficulty")?;
    let found = Difficulty::from_name(&name);
    if found.is_none() {
        ctx.error(
            v.span(),
            format!(
                "difficulty must be one of {}, got `{name}`",
                quoted(Difficulty::ALL.map(Difficulty::as_str))
            ),
        );
    }
    found
}

fn tags(
    ctx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<Vec<String>> {
    let v = ctx.required(
        table,
        span,
        "tags",
        "tags",
        "at least one tag; the drill filters and reports by tag",
    )?;
    let tags = ctx.strings(v, "tags")?;
    if tags.is_empty() {
        ctx.error(
            v.span(),
            "`tags` is empty: give at least one; the drill filters and reports by tag".to_owned(),
        );
        return None;
    }
    let mark = ctx.mark();
    for tag in &tags {
        ctx.check_slug(v.span(), "tag", tag);
    }
    (!ctx.has_errors_since(mark)).then_some(tags)
}
