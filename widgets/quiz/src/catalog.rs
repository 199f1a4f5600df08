//! What the quiz checker needs to know about widgets, so a Predict question
//! naming a scenario that does not exist fails the book build instead of
//! failing in front of a learner.

use std::collections::BTreeMap;

/// A question a widget's simulator can answer about a scenario, and every
/// answer it can give. Option keys of a Predict question must be among
/// `outcomes`, which catches a typo such as `timout` at build time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskSpec {
    pub name: String,
    pub outcomes: Vec<String>,
}

/// Implemented by the preprocessor from the widget registry.
pub trait ScenarioCatalog {
    fn has_widget(&self, widget: &str) -> bool;
    fn has_scenario(&self, widget: &str, scenario: &str) -> bool;
    /// `None` when the catalog does not restrict what may be asked.
    fn asks(&self, _widget: &str) -> Option<Vec<AskSpec>> {
        None
    }
}

/// A catalog written out by hand: for tests, and for a preprocessor whose
/// widgets do not yet describe their scenarios themselves.
#[derive(Debug, Clone, Default)]
pub struct StaticCatalog {
    widgets: BTreeMap<String, (Vec<String>, Option<Vec<AskSpec>>)>,
}

impl StaticCatalog {
    pub fn new() -> Self {
        StaticCatalog::default()
    }

    pub fn widget(mut self, name: &str, scenarios: &[&str]) -> Self {
        let entry = self.widgets.entry(name.to_owned()).or_default();
        entry.0.extend(scenarios.iter().map(|s| (*s).to_owned()));
        self
    }

    /// Declaring any ask for a widget restricts that widget to its declared asks.
    pub fn ask(mut self, widget: &str, ask: &str, outcomes: &[&str]) -> Self {
        let entry = self.widgets.entry(widget.to_owned()).or_default();
        entry.1.get_or_insert_with(Vec::new).push(AskSpec {
            name: ask.to_owned(),
            outcomes: outcomes.iter().map(|o| (*o).to_owned()).collect(),
        });
        self
    }
}

impl ScenarioCatalog for StaticCatalog {
    fn has_widget(&self, widget: &str) -> bool {
        self.widgets.contains_key(widget)
    }

    fn has_scenario(&self, widget: &str, scenario: &str) -> bool {
        self.widgets
            .get(widget)
            .is_some_and(|(s, _)| s.iter().any(|s| s == scenario))
    }

    fn asks(&self, widget: &str) -> Option<Vec<AskSpec>> {
        self.widgets.get(widget).and_then(|(_, asks)| asks.clone())
    }
}
