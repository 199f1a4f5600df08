//! What each question type adds to the common fields.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::ctx::{Ctx, quoted};
use crate::catalog::ScenarioCatalog;
use crate::model::{Choice, Kind};

type Table<'t, 'i> = (&'t DeTable<'i>, Range<usize>);

/// The parts of a question table the kinds read.
#[derive(Debug)]
pub(super) struct Fields<'t, 'i> {
    pub(super) table: &'t DeTable<'i>,
    pub(super) span: Range<usize>,
    pub(super) prompt: Option<Table<'t, 'i>>,
}

pub(super) fn kind(
    ctx: &mut Ctx<'_>,
    name: &str,
    f: &Fields<'_, '_>,
    catalog: &dyn ScenarioCatalog,
) -> Option<Kind> {
    let prompt_keys: &[&str] = if name == "Predict" {
        &["prompt", "widget", "scenario", "step", "ask"]
    } else {
        &["prompt"]
    };
    if let Some((prompt, _)) = f.prompt {
        ctx.unknown_keys(prompt, "prompt.", prompt_keys, |key| {
            (key == "distractors").then(|| {
                "`prompt.distractors` is mdbook-quiz's list of bare wrong answers; here every option, right or wrong, is a `[[questions.options]]` table with `key`, `text` and `why`, so each one can explain itself".to_owned()
            })
        });
    }
    match name {
        "MultipleChoice" => multiple_choice(ctx, f),
        "MultipleSelect" => multiple_select(ctx, f),
        "Numeric" => numeric(ctx, f),
        "Ordering" => ordering(ctx, f),
        "ShortAnswer" => short_answer(ctx, f),
        "Predict" => predict(ctx, f, catalog),
        _ => None,
    }
}

fn multiple_choice(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Option<Kind> {
    let options = options(ctx, f, "MultipleChoice");
    let (answer, answer_span) = answer_table(
        ctx,
        f,
        &["answer"],
        "`answer.answer = \"<key of the correct option>\"`",
    )?;
    let v = ctx.required(
        answer,
        answer_span,
        "answer",
        "answer.answer",
        "the key of the correct option",
    )?;
    if matches!(v.get_ref(), DeValue::Array(_)) {
        ctx.error(
            v.span(),
            "a MultipleChoice question has exactly one answer; for several correct options use `type = \"MultipleSelect\"`".to_owned(),
        );
        return None;
    }
    let key = ctx.string(v, "answer.answer")?;
    let options = options?;
    let answer = option_index(ctx, v.span(), &options, &key)?;
    Some(Kind::MultipleChoice { options, answer })
}

fn multiple_select(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Option<Kind> {
    let options = options(ctx, f, "MultipleSelect");
    let (answer, answer_span) = answer_table(
        ctx,
        f,
        &["answer"],
        "`answer.answer = [\"<key>\", ...]`, the keys of every correct option",
    )?;
    let v = ctx.required(
        answer,
        answer_span,
        "answer",
        "answer.answer",
        "the keys of every correct option",
    )?;
    if matches!(v.get_ref(), DeValue::String(_)) {
        ctx.error(
            v.span(),
            "`answer.answer` of a MultipleSelect question must be a list of option keys, e.g. `[\"a\", \"c\"]`".to_owned(),
        );
        return None;
    }
    let keys = ctx.strings(v, "answer.answer")?;
    if keys.is_empty() {
        ctx.error(
            v.span(),
            "`answer.answer` is empty: a MultipleSelect question needs at least one correct option"
                .to_owned(),
        );
        return None;
    }
    let options = options?;
    let mut answers = Vec::new();
    let mark = ctx.mark();
    for key in &keys {
        if let Some(i) = option_index(ctx, v.span(), &options, key) {
            if answers.contains(&i) {
                ctx.error(v.span(), format!("answer `{key}` is listed twice"));
            }
            answers.push(i);
        }
    }
    if ctx.has_errors_since(mark) {
        return None;
    }
    answers.sort_unstable();
    Some(Kind::MultipleSelect { options, answers })
}

fn numeric(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Option<Kind> {
    let (answer, answer_span) = answer_table(
        ctx,
        f,
        &["answer", "tolerance", "unit"],
        "`answer.answer = 42`, with optional `answer.tolerance` and `answer.unit`",
    )?;
    let value = ctx
        .required(
            answer,
            answer_span,
            "answer",
            "answer.answer",
            "the correct number",
        )
        .and_then(|v| ctx.number(v, "answer.answer"));
    let tolerance = match answer.get("tolerance") {
        None => Some(0.0),
        Some(v) => ctx.number(v, "answer.tolerance").and_then(|t| {
            if t < 0.0 {
                ctx.error(
                    v.span(),
                    format!("`answer.tolerance` must not be negative, got {t}"),
                );
                None
            } else {
                Some(t)
            }
        }),
    };
    let unit = match answer.get("unit") {
        None => Some(None),
        Some(v) => ctx.string(v, "answer.unit").map(Some),
    };
    Some(Kind::Numeric {
        answer: value?,
        tolerance: tolerance?,
        unit: unit?,
    })
}

fn ordering(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Option<Kind> {
    let (answer, answer_span) = answer_table(
        ctx,
        f,
        &["answer"],
        "`answer.answer = [\"first\", \"second\", ...]`, in the correct order",
    )?;
    let v = ctx.required(
        answer,
        answer_span,
        "answer",
        "answer.answer",
        "the items in the correct order",
    )?;
    let items = ctx.strings(v, "answer.answer")?;
    if items.len() < 2 {
        ctx.error(
            v.span(),
            format!(
                "an Ordering question needs at least two items, found {}",
                items.len()
            ),
        );
        return None;
    }
    let mut seen = HashSet::new();
    let mut ok = true;
    for item in &items {
        if !seen.insert(item.trim()) {
            ctx.error(
                v.span(),
                format!("item `{item}` appears twice; with equal items the order cannot be graded"),
            );
            ok = false;
        }
    }
    ok.then_some(Kind::Ordering { items })
}

fn short_answer(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Option<Kind> {
    let (answer, answer_span) = answer_table(
        ctx,
        f,
        &["answer", "alternatives"],
        "`answer.answer = \"...\"`, with optional `answer.alternatives`",
    )?;
    let main = ctx
        .required(
            answer,
            answer_span,
            "answer",
            "answer.answer",
            "the expected answer",
        )
        .and_then(|v| ctx.string(v, "answer.answer"));
    let alternatives = match answer.get("alternatives") {
        None => Some(Vec::new()),
        Some(v) => ctx.strings(v, "answer.alternatives"),
    };
    Some(Kind::ShortAnswer {
        answer: main?,
        alternatives: alternatives?,
    })
}

fn predict(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, catalog: &dyn ScenarioCatalog) -> Option<Kind> {
    let options = options(ctx, f, "Predict");
    let (prompt, span) = f.prompt.clone()?;
    let mut text = |key: &str, what: &str| {
        let name = format!("prompt.{key}");
        ctx.required(prompt, span.clone(), key, &name, what)
            .and_then(|v| ctx.string(v, &name).map(|s| (s, v.span())))
    };
    let widget = text("widget", "the widget whose simulator answers, e.g. `rpc`");
    let scenario = text("scenario", "one of the widget's preset scenarios");
    let ask = text("ask", "what is asked, e.g. `client-sees`");
    let step = ctx
        .required(
            prompt,
            span,
            "step",
            "prompt.step",
            "the simulator step the question pauses at",
        )
        .and_then(|v| ctx.step(v, "prompt.step"));
    let ((widget, widget_span), (scenario, scenario_span), (ask, ask_span)) =
        (widget?, scenario?, ask?);

    if !catalog.has_widget(&widget) {
        ctx.error(
            widget_span,
            format!("widget `{widget}` has no simulator the quiz can ask"),
        );
        return None;
    }
    if !catalog.has_scenario(&widget, &scenario) {
        ctx.error(
            scenario_span,
            format!("widget `{widget}` has no scenario `{scenario}`"),
        );
    }
    if let Some(asks) = catalog.asks(&widget) {
        match asks.iter().find(|a| a.name == ask) {
            None => ctx.error(
                ask_span,
                format!(
                    "widget `{widget}` cannot answer `{ask}`; it answers {}",
                    quoted(asks.iter().map(|a| &a.name))
                ),
            ),
            Some(spec) => {
                for option in options.iter().flatten() {
                    if !spec.outcomes.contains(&option.key) {
                        ctx.error(
                            f.span.clone(),
                            format!(
                                "option `{}` is not an outcome `{ask}` can produce; the outcomes are {}",
                                option.key,
                                quoted(&spec.outcomes)
                            ),
                        );
                    }
                }
            }
        }
    }
    Some(Kind::Predict {
        widget,
        scenario,
        step: step?,
        ask,
        options: options?,
    })
}

fn answer_table<'t, 'i>(
    ctx: &mut Ctx<'_>,
    f: &Fields<'t, 'i>,
    keys: &[&str],
    example: &str,
) -> Option<Table<'t, 'i>> {
    let v = ctx.required(f.table, f.span.clone(), "answer", "answer", example)?;
    let table = ctx.table(v, "answer", example)?;
    ctx.unknown_keys(table, "answer.", keys, |_| None);
    Some((table, v.span()))
}

fn option_index(
    ctx: &mut Ctx<'_>,
    span: Range<usize>,
    options: &[Choice],
    key: &str,
) -> Option<usize> {
    let found = options.iter().position(|o| o.key == key);
    if found.is_none() {
        ctx.error(
            span,
            format!(
                "answer `{key}` is not the key of any option; the keys are {}",
                quoted(options.iter().map(|o| &o.key))
            ),
        );
    }
    found
}

/// `None` when anything about the options is wrong, so later checks (is the
/// answer among them?) do not pile on.
fn options(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, kind: &str) -> Option<Vec<Choice>> {
    let v = ctx.required(
        f.table,
        f.span.clone(),
        "options",
        "options",
        "list every option as a `[[questions.options]]` table with `key`, `text` and `why`",
    )?;
    let DeValue::Array(items) = v.get_ref() else {
        ctx.error(
            v.span(),
            format!(
                "`options` must be an array of tables (`[[questions.options]]`), found {}",
                v.get_ref().type_str()
            ),
        );
        return None;
    };
    if items.len() < 2 {
        let message = if items.is_empty() {
            format!("`options` is empty: a {kind} question needs at least two options")
        } else {
            format!("a {kind} question needs at least two options, found 1")
        };
        ctx.error(v.span(), message);
        return None;
    }
    let mark = ctx.mark();
    let mut out = Vec::new();
    let mut keys = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(option) = item.get_ref() else {
            ctx.error(
                item.span(),
                format!(
                    "option {} must be a table with `key`, `text` and `why`, found {}",
                    i + 1,
                    item.get_ref().type_str()
                ),
            );
            continue;
        };
        ctx.unknown_keys(option, "", &["key", "text", "why"], |_| None);
        let label = format!("option {}", i + 1);
        let key = match option.get("key") {
            Some(k) => ctx.string(k, "key").map(|s| (s, k.span())),
            None => {
                ctx.error(
                    item.span(),
                    format!("{label} has no `key` (a short name that `answer.answer` refers to)"),
                );
                None
            }
        };
        let named = match &key {
            Some((k, _)) => format!("option `{k}`"),
            None => label,
        };
        let text = option
            .get("text")
            .and_then(|t| ctx.string(t, "text"))
            .or_else(|| {
                if !option.contains_key("text") {
                    ctx.error(item.span(), format!("{named} has no `text`"));
                }
                None
            });
        let why =
            option
                .get("why")
                .and_then(|w| ctx.string(w, "why"))
                .or_else(|| {
                    if !option.contains_key("why") {
                        ctx.error(
                    item.span(),
                    format!("{named} has no `why`: every option explains why it is right or wrong"),
                );
                    }
                    None
                });
        if let Some((k, span)) = &key
            && !keys.insert(k.clone())
        {
            ctx.error(span.clone(), format!("two options share the key `{k}`"));
        }
        if let (Some((key, _)), Some(text), Some(why)) = (key, text, why) {
            out.push(Choice { key, text, why });
        }
    }
    (!ctx.has_errors_since(mark)).then_some(out)
}
