//! The three verdicts on a timeline, computed in slices so that the browser
//! can draw between them.
//!
//! Linearizability is `dsw_lincheck`'s [`Checker`], which is resumable: one
//! slice of steps per call. Sequential and causal consistency are plain
//! exhaustive searches over orders that cannot be paused, so each runs whole
//! in one call, bounded by [`SEARCH_STEPS`], and only for histories of at
//! most [`SEARCH_MAX_OPS`] operations; larger ones are reported as not
//! checked rather than left to a search that might not come back.

use dsw_lincheck::{
    Checker, History, Judgement, Model, Progress, Verdict, View, check_causal, check_sequential,
};

use crate::op::OpId;
use crate::timeline::Timeline;

/// The largest history the sequential and causal searches are run on.
///
/// Measured with `cargo run --release --example threshold [-- --crowded]`
/// (1,500 random histories of each kind per size; 2 to 5 clients, or 5
/// clients with reads answered at random): at 20 operations the slowest
/// sequential check took 2.5 ms and the slowest causal check 8.7 ms
/// natively, under a frame even if WebAssembly is twice as slow; at 24 the
/// causal one reached 19 ms, at 30 37 ms, and at 60 single checks took
/// 200 ms. The searches grow with the prefixes of every client's
/// operations, so above the threshold the view says "not checked" rather
/// than freeze.
pub const SEARCH_MAX_OPS: usize = 20;

/// The step limit of one sequential or causal search, shrinking a failure
/// included; past it the verdict is undecided. No history of at most
/// [`SEARCH_MAX_OPS`] operations in the measurements came near it; it
/// caps a pathological one at roughly 0.1 s (about 1 µs per step natively
/// for the causal search on 60 operations).
pub const SEARCH_STEPS: u64 = 100_000;

/// A budget for [`Judging::run_for`] per animation frame. The
/// linearizability search runs at about 0.1 to 0.3 µs per step natively on
/// the large random histories (`cargo run --release --example judge --
/// large 2`), so a slice stays around a few milliseconds even if
/// WebAssembly is several times slower.
pub const FRAME_STEPS: u64 = 10_000;

/// One of the three consistency models, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Linearizable,
    Sequential,
    Causal,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Linearizable, Level::Sequential, Level::Causal];

    /// The key the oracle and the code use: `linearizable`, `sequential`,
    /// `causal`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Linearizable => "linearizable",
            Level::Sequential => "sequential",
            Level::Causal => "causal",
        }
    }

    /// The model's name in prose.
    pub fn title(self) -> &'static str {
        match self {
            Level::Linearizable => "linearizability",
            Level::Sequential => "sequential consistency",
            Level::Causal => "causal consistency",
        }
    }

    /// What a history satisfying the model is called.
    pub fn adjective(self) -> &'static str {
        match self {
            Level::Linearizable => "linearizable",
            Level::Sequential => "sequentially consistent",
            Level::Causal => "causally consistent",
        }
    }
}

/// Where an operation takes effect in the linearization the checker found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectPoint {
    pub op: OpId,
    /// A time inside the operation's bar (on the same ticks as the
    /// timeline); points increase along the linearization.
    pub at: f64,
}

/// The strongest of the three models that holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strongest {
    /// `None`: none of the three is known to hold.
    pub level: Option<Level>,
    /// False when a stronger model than `level` was not decided (causal
    /// consistency on a compare-and-set history, a history too large for
    /// the exhaustive searches): the true answer may then be stronger.
    pub certain: bool,
    /// One sentence for the view, saying what was not decided if anything.
    pub text: String,
}

impl Strongest {
    /// `linearizable`, `sequential`, `causal` or `none`, as the oracle's
    /// options name them.
    pub fn key(&self) -> &'static str {
        self.level.map_or("none", Level::name)
    }
}

/// A timeline's verdicts. Operation numbers inside the [`Judgement`]s are
/// [`dsw_lincheck::OpId`]s, positions in [`Timeline::ops`] when judging
/// started; the methods translate them to [`OpId`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdicts {
    pub linearizable: Judgement,
    pub sequential: Judgement,
    pub causal: Judgement,
    /// When linearizable: every operation that took effect, by increasing
    /// point.
    pub points: Vec<EffectPoint>,
    /// When linearizable: operations without a point (failed, reads of
    /// unknown outcome, unknown operations that need not have happened).
    pub skipped: Vec<OpId>,
    /// Operations judged.
    pub ops: usize,
    /// Linearizability search steps spent (shrinking included).
    pub steps: u64,
    ids: Vec<OpId>,
    names: Vec<String>,
}

impl Verdicts {
    pub fn get(&self, level: Level) -> &Judgement {
        match level {
            Level::Linearizable => &self.linearizable,
            Level::Sequential => &self.sequential,
            Level::Causal => &self.causal,
        }
    }

    /// `Some(true)` or `Some(false)` when decided, `None` when not checked
    /// or undecided.
    pub fn holds(&self, level: Level) -> Option<bool> {
        match self.get(level) {
            Judgement::Holds { .. } => Some(true),
            Judgement::Violated { .. } => Some(false),
            _ => None,
        }
    }

    /// The timeline operation that was checker operation `index`.
    pub fn id(&self, index: usize) -> Option<OpId> {
        self.ids.get(index).copied()
    }

    fn map(&self, indices: &[usize]) -> Vec<OpId> {
        indices.iter().filter_map(|&i| self.id(i)).collect()
    }

    /// The minimal set of operations that breaks the model (empty unless
    /// violated), to highlight.
    pub fn violating(&self, level: Level) -> Vec<OpId> {
        match self.get(level) {
            Judgement::Violated { ops, .. } => self.map(ops),
            _ => Vec::new(),
        }
    }

    /// The witness orders when the model holds: one (`real time` or `all
    /// processes`) for linearizability and sequential consistency, one per
    /// client for causal consistency.
    pub fn witness(&self, level: Level) -> Vec<(String, Vec<OpId>)> {
        match self.get(level) {
            Judgement::Holds { views } => views
                .iter()
                .map(|v| (v.label.clone(), self.map(&v.order)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The checker's explanation of a violation, or why there is no
    /// verdict; `None` when the model holds.
    pub fn reason(&self, level: Level) -> Option<&str> {
        match self.get(level) {
            Judgement::Holds { .. } => None,
            Judgement::Violated { explanation, .. } => Some(explanation),
            Judgement::Undecided { reason } | Judgement::Unsupported { reason } => Some(reason),
        }
    }

    fn names_of(&self, indices: &[usize]) -> String {
        let names: Vec<&str> = indices
            .iter()
            .filter_map(|&i| self.names.get(i).map(String::as_str))
            .collect();
        match names.split_last() {
            None => "these operations".to_owned(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// One plain sentence on the model's verdict, for the view.
    pub fn summary(&self, level: Level) -> String {
        match (level, self.get(level)) {
            (Level::Linearizable, Judgement::Holds { .. }) => {
                "Linearizable: every operation can take effect at one instant inside its bar, \
                 in an order that explains every read."
                    .to_owned()
            }
            (Level::Sequential, Judgement::Holds { .. }) => {
                "Sequentially consistent: one order of all operations keeps each client's own \
                 order and explains every read (real time between clients is ignored)."
                    .to_owned()
            }
            (Level::Causal, Judgement::Holds { .. }) => {
                "Causally consistent: each client can order the writes its own way, always \
                 after their causes, and explain its own reads."
                    .to_owned()
            }
            (Level::Linearizable, Judgement::Violated { ops, .. }) => format!(
                "Not linearizable: no order of {} that respects real time explains the reads.",
                self.names_of(ops)
            ),
            (Level::Sequential, Judgement::Violated { ops, .. }) => format!(
                "Not sequentially consistent: no single order of {} keeps each client's order \
                 and explains the reads.",
                self.names_of(ops)
            ),
            (Level::Causal, Judgement::Violated { ops, .. }) => format!(
                "Not causally consistent: among {}, some client sees an effect without its \
                 cause.",
                self.names_of(ops)
            ),
            (_, Judgement::Undecided { reason }) => {
                format!("{}: undecided ({reason}).", capitalized(level.title()))
            }
            (_, Judgement::Unsupported { reason }) if reason.starts_with("not checked") => {
                format!("{}: {reason}.", capitalized(level.title()))
            }
            (_, Judgement::Unsupported { reason }) => {
                format!("{}: not checked ({reason}).", capitalized(level.title()))
            }
        }
    }

    /// The strongest model that holds, from the strongest down; see
    /// [`Strongest::certain`].
    pub fn strongest(&self) -> Strongest {
        let level = Level::ALL
            .into_iter()
            .find(|&l| self.holds(l) == Some(true));
        let above: Vec<Level> = Level::ALL
            .into_iter()
            .take_while(|&l| Some(l) != level)
            .collect();
        let unknown: Vec<Level> = above
            .iter()
            .copied()
            .filter(|&l| self.holds(l).is_none())
            .collect();
        let certain = unknown.is_empty();
        let mut text = match level {
            Some(l) => format!("The strongest model that holds is {}.", l.title()),
            None if certain => "None of the three models holds.".to_owned(),
            None => "None of the models checked holds.".to_owned(),
        };
        for l in unknown {
            text.push_str(&format!(
                " {} was not decided ({}), so it may hold too.",
                capitalized(l.title()),
                self.reason(l).unwrap_or("no verdict")
            ));
        }
        Strongest {
            level,
            certain,
            text,
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Judging a timeline in slices: [`Judging::new`], then
/// [`Judging::run_for`] once per frame until it returns true.
pub struct Judging {
    history: History,
    ids: Vec<OpId>,
    checker: Option<Checker>,
    linearizable: Option<(Judgement, Vec<EffectPoint>, Vec<OpId>)>,
    sequential: Option<Judgement>,
    causal: Option<Judgement>,
    steps: u64,
    result: Option<Verdicts>,
}

impl Judging {
    /// Takes a snapshot: later edits to the timeline do not affect it.
    pub fn new(timeline: &Timeline) -> Judging {
        let history = timeline.to_history();
        let ids: Vec<OpId> = timeline.ops().iter().map(|o| o.id).collect();
        let (checker, linearizable) = match Checker::new(&history, Model::Register) {
            Ok(c) => (Some(c), None),
            // A timeline is always a valid register history; should the
            // checker disagree, say so instead of panicking.
            Err(e) => (
                None,
                Some((
                    Judgement::Unsupported {
                        reason: e.to_string(),
                    },
                    Vec::new(),
                    Vec::new(),
                )),
            ),
        };
        Judging {
            history,
            ids,
            checker,
            linearizable,
            sequential: None,
            causal: None,
            steps: 0,
            result: None,
        }
    }

    /// Runs about `budget` steps of work; true when every verdict is in.
    ///
    /// Linearizability runs `budget` steps at a time. A sequential or causal
    /// search cannot be paused: it runs whole, counted as [`SEARCH_STEPS`],
    /// and starts either when the budget left covers that or when nothing
    /// else was done in this call, so every call makes progress and a small
    /// budget gives each search a call of its own.
    pub fn run_for(&mut self, budget: u64) -> bool {
        let mut left = budget;
        let mut worked = false;
        if self.linearizable.is_none() {
            let Some(checker) = self.checker.as_mut() else {
                return false;
            };
            let before = checker.steps();
            let progress = checker.run_for(left);
            let used = checker.steps() - before;
            self.steps = checker.steps();
            left = left.saturating_sub(used.max(1));
            match progress {
                Progress::Pending { .. } => return false,
                Progress::Done(v) => self.linearizable = Some(self.lin_verdict(v)),
            }
            worked = true;
        }
        let small = self.history.len() <= SEARCH_MAX_OPS;
        if self.sequential.is_none() {
            if small && worked && left < SEARCH_STEPS {
                return false;
            }
            self.sequential = Some(if small {
                left = left.saturating_sub(SEARCH_STEPS);
                worked = true;
                check_sequential(&self.history, Model::Register, SEARCH_STEPS).unwrap_or_else(|e| {
                    Judgement::Unsupported {
                        reason: e.to_string(),
                    }
                })
            } else {
                self.too_many()
            });
        }
        if self.causal.is_none() {
            if small && worked && left < SEARCH_STEPS {
                return false;
            }
            self.causal = Some(if small {
                check_causal(&self.history, Model::Register, SEARCH_STEPS).unwrap_or_else(|e| {
                    Judgement::Unsupported {
                        reason: e.to_string(),
                    }
                })
            } else {
                self.too_many()
            });
        }
        self.finish();
        true
    }

    fn too_many(&self) -> Judgement {
        Judgement::Unsupported {
            reason: format!(
                "not checked: {} operations is too many for this exhaustive search (it runs on \
                 at most {SEARCH_MAX_OPS})",
                self.history.len()
            ),
        }
    }

    fn lin_verdict(&self, v: Verdict) -> (Judgement, Vec<EffectPoint>, Vec<OpId>) {
        let id = |i: usize| self.ids.get(i).copied();
        match v {
            Verdict::Linearizable(lin) => (
                Judgement::Holds {
                    views: vec![View {
                        label: "real time".to_owned(),
                        order: lin.points.iter().map(|p| p.op).collect(),
                    }],
                },
                lin.points
                    .iter()
                    .filter_map(|p| {
                        Some(EffectPoint {
                            op: id(p.op)?,
                            at: p.at,
                        })
                    })
                    .collect(),
                lin.skipped.iter().filter_map(|&i| id(i)).collect(),
            ),
            Verdict::NotLinearizable(f) => (
                Judgement::Violated {
                    ops: f.ops,
                    explanation: f.explanation,
                },
                Vec::new(),
                Vec::new(),
            ),
        }
    }

    fn finish(&mut self) {
        if self.result.is_some() {
            return;
        }
        let (Some((lin, points, skipped)), Some(seq), Some(causal)) = (
            self.linearizable.clone(),
            self.sequential.clone(),
            self.causal.clone(),
        ) else {
            return;
        };
        self.result = Some(Verdicts {
            linearizable: lin,
            sequential: seq,
            causal,
            points,
            skipped,
            ops: self.history.len(),
            steps: self.steps,
            ids: self.ids.clone(),
            names: (0..self.history.len())
                .map(|i| self.history.name(i))
                .collect(),
        });
    }

    /// The verdicts, once [`Judging::run_for`] has returned true.
    pub fn result(&self) -> Option<&Verdicts> {
        self.result.as_ref()
    }

    /// Linearizability steps spent so far, for a progress line.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// What is being decided now, for a progress line.
    pub fn stage(&self) -> Option<Level> {
        if self.linearizable.is_none() {
            Some(Level::Linearizable)
        } else if self.sequential.is_none() {
            Some(Level::Sequential)
        } else if self.causal.is_none() {
            Some(Level::Causal)
        } else {
            None
        }
    }
}

/// Judges a timeline to the end in one go (tests, the oracle, examples).
pub fn judge(timeline: &Timeline) -> Verdicts {
    let mut j = Judging::new(timeline);
    loop {
        j.run_for(u64::MAX);
        if let Some(v) = j.result.take() {
            return v;
        }
    }
}
