//! Answers to predict-the-verdict quiz questions, computed by the same
//! checker the widget runs, so a quiz cannot disagree with the widget. A
//! catalog wires [`ASKS`] and [`predict`] to the quiz engine.
//!
//! A scenario is a preset name (or `fresh`, or a share code), and `step` the
//! number of its edits applied. Presets have no edits: step 0 is the whole
//! history. The asks: `linearizable`, `sequential`, `causal` (`yes` or `no`)
//! and `strongest-model` (which of the three is the strongest that holds,
//! or `none`).

use crate::encoding;
use crate::judge::{Level, Verdicts, judge};
use crate::preset;
use crate::timeline::Timeline;
use dsw_lincheck::Judgement;

/// Each ask with every outcome it can produce (the option keys a quiz may
/// use).
pub const ASKS: &[(&str, &[&str])] = &[
    ("linearizable", &["yes", "no"]),
    ("sequential", &["yes", "no"]),
    ("causal", &["yes", "no"]),
    (
        "strongest-model",
        &["linearizable", "sequential", "causal", "none"],
    ),
];

/// The correct option key and the explanation a learner reads after
/// answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub correct: String,
    pub log: String,
}

fn scenario_timeline(scenario: &str) -> Result<Timeline, String> {
    if scenario.starts_with(encoding::TAG) {
        encoding::decode(scenario).map_err(|e| e.to_string())
    } else {
        preset::load(scenario)
    }
}

/// Answers `ask` about `scenario` after `step` of its edits.
pub fn predict(scenario: &str, step: u32, ask: &str) -> Result<Prediction, String> {
    if !ASKS.iter().any(|(name, _)| *name == ask) {
        let names: Vec<&str> = ASKS.iter().map(|(n, _)| *n).collect();
        return Err(format!(
            "the history widget cannot answer `{ask}`; it answers {}",
            names.join(", ")
        ));
    }
    let mut timeline = scenario_timeline(scenario)?;
    let total = timeline.edits().len();
    let step = usize::try_from(step).unwrap_or(usize::MAX);
    if step > total {
        return Err(format!(
            "scenario `{scenario}` has {total} edits, so step {step} does not exist"
        ));
    }
    timeline.seek(step);
    let verdicts = judge(&timeline);
    let log = narrate(&verdicts);
    let correct = match ask {
        "strongest-model" => {
            let s = verdicts.strongest();
            if !s.certain {
                return Err(format!(
                    "the strongest model of `{scenario}` is not known: {}",
                    s.text
                ));
            }
            s.key().to_owned()
        }
        _ => {
            let level = Level::ALL
                .into_iter()
                .find(|l| l.name() == ask)
                .ok_or_else(|| format!("the history widget cannot answer `{ask}`"))?;
            match verdicts.get(level) {
                Judgement::Holds { .. } => "yes".to_owned(),
                Judgement::Violated { .. } => "no".to_owned(),
                Judgement::Unsupported { reason } | Judgement::Undecided { reason } => {
                    let why = if timeline.has_cas() && level == Level::Causal {
                        "causal consistency (causal memory) is defined for reads and writes, and \
                         this history has a compare-and-set, so the checker declines"
                    } else {
                        "the checker gives no verdict"
                    };
                    return Err(format!(
                        "cannot ask `{ask}` of `{scenario}`: {why} ({reason})"
                    ));
                }
            }
        }
    };
    Ok(Prediction { correct, log })
}

/// Every verdict with its reason, then the strongest model.
fn narrate(v: &Verdicts) -> String {
    let mut lines = Vec::new();
    for level in Level::ALL {
        lines.push(v.summary(level));
        if let Judgement::Violated { explanation, .. } = v.get(level) {
            lines.push(format!("Why: {explanation}"));
        }
    }
    lines.push(v.strongest().text);
    lines.join("\n")
}
