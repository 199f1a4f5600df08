//! The widget registry: the one place that says which widgets exist and what
//! each accepts.
//!
//! The preprocessor checks `{{#widget ...}}` directives against it at build
//! time, and the wasm host checks the placeholder's configuration against it
//! again at run time, so a hand-written or stale placeholder still gets a
//! readable error box instead of a blank widget.

use std::collections::BTreeMap;
use std::fmt;

mod registry;

pub use registry::{
    CAP_PRESETS, CLOCKS_PRESETS, HISTORY_PRESETS, PAXOS_PRESETS, RAFT_PRESETS, RPC_PRESETS,
    SAGA_PRESETS, TWOPC_PRESETS, WIDGETS,
};

/// The HTML attribute naming the widget a placeholder mounts.
pub const WIDGET_ATTR: &str = "data-dsw-widget";
/// The HTML attribute holding the placeholder's configuration as JSON.
pub const CONFIG_ATTR: &str = "data-dsw-config";

/// What values a parameter accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// An integer in `min..=max`.
    Int { min: i64, max: i64 },
    /// `true` or `false`.
    Bool,
    /// One of a fixed list of names (presets, modes).
    Choice(&'static [&'static str]),
}

impl ParamKind {
    /// Words for an error message: "an integer from 3 to 9".
    pub fn expected(&self) -> String {
        match self {
            ParamKind::Int { min, max } => format!("an integer from {min} to {max}"),
            ParamKind::Bool => "true or false".to_owned(),
            ParamKind::Choice(names) => format!("one of {}", quoted_list(names)),
        }
    }
}

/// A parameter a widget accepts, with the value used when it is omitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub default: Default,
    pub help: &'static str,
}

/// A parameter's default, spelled so the registry can be a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    Int(i64),
    Bool(bool),
    Choice(&'static str),
}

impl Default {
    fn value(self) -> Value {
        match self {
            Default::Int(n) => Value::Int(n),
            Default::Bool(b) => Value::Bool(b),
            Default::Choice(s) => Value::Text(s.to_owned()),
        }
    }
}

/// A widget an author can place with `{{#widget NAME ...}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WidgetSpec {
    pub name: &'static str,
    pub summary: &'static str,
    pub params: &'static [ParamSpec],
}

impl WidgetSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// Looks a widget up by name.
pub fn widget(name: &str) -> Option<&'static WidgetSpec> {
    WIDGETS.iter().find(|w| w.name == name)
}

/// A checked parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Bool(bool),
    Text(String),
}

impl Value {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Int(n) => serde_json::Value::from(*n),
            Value::Bool(b) => serde_json::Value::from(*b),
            Value::Text(s) => serde_json::Value::from(s.as_str()),
        }
    }
}

/// A widget configuration that passed every check, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub widget: &'static WidgetSpec,
    values: BTreeMap<&'static str, Value>,
    /// Parameters the author wrote, as opposed to defaults.
    given: Vec<&'static str>,
}

impl Config {
    /// The integer value of `name`. Panics only on a programming error: asking
    /// a widget's config for a parameter its own spec does not declare as an
    /// integer.
    pub fn int(&self, name: &str) -> i64 {
        match self.values.get(name) {
            Some(Value::Int(n)) => *n,
            other => panic!(
                "widget `{}` has no integer parameter `{name}` ({other:?})",
                self.widget.name
            ),
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        match self.values.get(name) {
            Some(Value::Bool(b)) => *b,
            other => panic!(
                "widget `{}` has no boolean parameter `{name}` ({other:?})",
                self.widget.name
            ),
        }
    }

    pub fn choice(&self, name: &str) -> &str {
        match self.values.get(name) {
            Some(Value::Text(s)) => s,
            other => panic!(
                "widget `{}` has no choice parameter `{name}` ({other:?})",
                self.widget.name
            ),
        }
    }

    /// The parameters the author gave, as the JSON object stored in the
    /// placeholder. Defaults are left out so that changing a default in the
    /// registry changes every page that did not choose otherwise.
    pub fn given_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .given
            .iter()
            .map(|name| ((*name).to_owned(), self.values[name].to_json()))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Why a configuration was refused. The `Display` text is meant for an author
/// (at build time) or a reader (in the widget's error box).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    UnknownWidget {
        name: String,
        suggestion: Option<&'static str>,
    },
    UnknownParam {
        widget: &'static str,
        param: String,
        suggestion: Option<&'static str>,
    },
    DuplicateParam {
        widget: &'static str,
        param: String,
    },
    BadValue {
        widget: &'static str,
        param: &'static str,
        value: String,
        expected: String,
    },
    /// The placeholder's JSON could not be read at all.
    BadJson {
        detail: String,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::UnknownWidget { name, suggestion } => {
                let known: Vec<&str> = WIDGETS.iter().map(|w| w.name).collect();
                write!(f, "unknown widget `{name}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                write!(f, "; expected one of {}", quoted_list(&known))
            }
            SpecError::UnknownParam {
                widget,
                param,
                suggestion,
            } => {
                let spec = self::widget(widget).expect("errors only name registered widgets");
                write!(f, "widget `{widget}` has no parameter `{param}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                let names: Vec<&str> = spec.params.iter().map(|p| p.name).collect();
                if names.is_empty() {
                    write!(f, "; it takes no parameters")
                } else {
                    write!(f, "; expected one of {}", quoted_list(&names))
                }
            }
            SpecError::DuplicateParam { widget, param } => {
                write!(f, "widget `{widget}`: parameter `{param}` is given twice")
            }
            SpecError::BadValue {
                widget,
                param,
                value,
                expected,
            } => write!(
                f,
                "widget `{widget}`: parameter `{param}` expects {expected}, got `{value}`"
            ),
            SpecError::BadJson { detail } => {
                write!(
                    f,
                    "the widget's configuration is not a JSON object: {detail}"
                )
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// Checks a directive's `key=value` pairs (values as written, quotes removed)
/// against the registry.
pub fn check_args(widget_name: &str, args: &[(String, String)]) -> Result<Config, SpecError> {
    let spec = find_widget(widget_name)?;
    let mut values = defaults(spec);
    let mut given = Vec::new();
    for (key, raw) in args {
        let param = find_param(spec, key)?;
        if given.contains(&param.name) {
            return Err(SpecError::DuplicateParam {
                widget: spec.name,
                param: key.clone(),
            });
        }
        let value = parse_raw(spec, param, raw)?;
        values.insert(param.name, value);
        given.push(param.name);
    }
    Ok(Config {
        widget: spec,
        values,
        given,
    })
}

/// Checks the JSON object stored in a placeholder (what [`Config::given_json`]
/// wrote, or whatever a hand-edited page holds).
pub fn check_json(widget_name: &str, json: &str) -> Result<Config, SpecError> {
    let spec = find_widget(widget_name)?;
    let parsed: serde_json::Value = serde_json::from_str(json).map_err(|e| SpecError::BadJson {
        detail: e.to_string(),
    })?;
    let serde_json::Value::Object(map) = parsed else {
        return Err(SpecError::BadJson {
            detail: format!("found `{parsed}`"),
        });
    };
    let mut values = defaults(spec);
    let mut given = Vec::new();
    for (key, json_value) in &map {
        let param = find_param(spec, key)?;
        let bad = || SpecError::BadValue {
            widget: spec.name,
            param: param.name,
            value: json_value.to_string(),
            expected: param.kind.expected(),
        };
        let value = match (param.kind, json_value) {
            (ParamKind::Int { .. }, serde_json::Value::Number(n)) => {
                Value::Int(n.as_i64().ok_or_else(bad)?)
            }
            (ParamKind::Bool, serde_json::Value::Bool(b)) => Value::Bool(*b),
            (ParamKind::Choice(_), serde_json::Value::String(s)) => Value::Text(s.clone()),
            _ => return Err(bad()),
        };
        check_range(spec, param, &value, &json_value.to_string())?;
        values.insert(param.name, value);
        given.push(param.name);
    }
    Ok(Config {
        widget: spec,
        values,
        given,
    })
}

fn find_widget(name: &str) -> Result<&'static WidgetSpec, SpecError> {
    widget(name).ok_or_else(|| SpecError::UnknownWidget {
        name: name.to_owned(),
        suggestion: closest(name, WIDGETS.iter().map(|w| w.name)),
    })
}

fn find_param(spec: &'static WidgetSpec, key: &str) -> Result<&'static ParamSpec, SpecError> {
    spec.param(key).ok_or_else(|| SpecError::UnknownParam {
        widget: spec.name,
        param: key.to_owned(),
        suggestion: closest(key, spec.params.iter().map(|p| p.name)),
    })
}

fn defaults(spec: &WidgetSpec) -> BTreeMap<&'static str, Value> {
    spec.params
        .iter()
        .map(|p| (p.name, p.default.value()))
        .collect()
}

fn parse_raw(spec: &WidgetSpec, param: &'static ParamSpec, raw: &str) -> Result<Value, SpecError> {
    let bad = || SpecError::BadValue {
        widget: spec.name,
        param: param.name,
        value: raw.to_owned(),
        expected: param.kind.expected(),
    };
    let value = match param.kind {
        ParamKind::Int { .. } => Value::Int(raw.parse().map_err(|_| bad())?),
        ParamKind::Bool => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad()),
        },
        ParamKind::Choice(_) => Value::Text(raw.to_owned()),
    };
    check_range(spec, param, &value, raw)?;
    Ok(value)
}

fn check_range(
    spec: &WidgetSpec,
    param: &'static ParamSpec,
    value: &Value,
    shown: &str,
) -> Result<(), SpecError> {
    let ok = match (param.kind, value) {
        (ParamKind::Int { min, max }, Value::Int(n)) => (min..=max).contains(n),
        (ParamKind::Choice(names), Value::Text(s)) => names.contains(&s.as_str()),
        (ParamKind::Bool, Value::Bool(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(SpecError::BadValue {
            widget: spec.name,
            param: param.name,
            value: shown.to_owned(),
            expected: param.kind.expected(),
        })
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidate within edit distance 2 of `word`, if there is one, so a typo
/// gets a "did you mean" instead of only a list.
fn closest(word: &str, candidates: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
