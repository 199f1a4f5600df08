//! Reading a placeholder's attributes into something the host can mount.

use std::rc::Rc;

use dsw_quiz::Quiz;
use dsw_spec::{CONFIG_ATTR, Config, WIDGET_ATTR};
use web_sys::Element;
use yew::AttrValue;

/// What a placeholder asks for, or why it cannot be honoured.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    Widget(Config),
    /// A chapter's quiz, as the preprocessor checked it.
    Quiz(Rc<Quiz>),
    /// A book-wide quiz page (`progress`, `review`, `drill`) and the bank.
    QuizPage {
        kind: String,
        bank: Rc<Vec<Quiz>>,
    },
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
    if let Some(json) = root.get_attribute("data-dsw-quiz") {
        return match dsw_quiz_ui::parse_quiz_json(&json) {
            Ok(quiz) => Placement::Quiz(Rc::new(quiz)),
            Err(e) => broken(e),
        };
    }
    if let Some(kind) = root.get_attribute("data-dsw-quiz-page") {
        let bank = root.get_attribute("data-dsw-bank").unwrap_or_default();
        return match dsw_quiz_ui::parse_bank_json(&bank) {
            Ok(bank) if dsw_quiz_ui::PAGE_KINDS.contains(&kind.as_str()) => Placement::QuizPage {
                kind,
                bank: Rc::new(bank),
            },
            Ok(_) => broken(format!("there is no quiz page called `{kind}`")),
            Err(e) => broken(e),
        };
    }
    broken(format!("the placeholder has no `{WIDGET_ATTR}` attribute"))
}
