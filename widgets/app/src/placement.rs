//! Reading a placeholder's attributes into something the host can mount.

use dsw_spec::{CONFIG_ATTR, Config, WIDGET_ATTR};
use web_sys::Element;
use yew::AttrValue;

/// What a placeholder asks for, or why it cannot be honoured.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    Widget(Config),
    Broken {
        message: AttrValue,
        origin: Option<AttrValue>,
    },
}

/// Checks the placeholder again at run time: the preprocessor checked it at
/// build time, but a hand-written page, a stale page or a newer bundle can
/// still disagree, and the reader must then get words, not a blank box.
pub fn read_placement(root: &Element) -> Placement {
    let origin = root.get_attribute("data-dsw-origin").map(AttrValue::from);
    let broken = |message: String| Placement::Broken {
        message: message.into(),
        origin: origin.clone(),
    };
    if let Some(name) = root.get_attribute(WIDGET_ATTR) {
        let json = root
            .get_attribute(CONFIG_ATTR)
            .unwrap_or_else(|| "{}".to_owned());
        return match dsw_spec::check_json(&name, &json) {
            Ok(config) => Placement::Widget(config),
            Err(e) => broken(e.to_string()),
        };
    }
    if root.has_attribute("data-dsw-quiz") {
        return broken("this build of the book cannot show quizzes yet".to_owned());
    }
    broken(format!("the placeholder has no `{WIDGET_ATTR}` attribute"))
}
