//! The history timeline of the consistency chapter: a concurrent history on
//! one register that the learner edits, and its verdicts under
//! linearizability, sequential consistency and causal consistency.
//!
//! This crate is the widget's whole model; the Yew view only draws what it
//! computes, so every rule is here and tested natively.
//!
//! * A [`Timeline`] holds 1 to 5 client lanes (numbered from 0, as the
//!   chapter's prose and Jepsen's logs number them), each with operations
//!   (read, write, compare-and-set) drawn as bars from invocation to
//!   completion on integer ticks, with an outcome: ok, fail, or unknown
//!   (a timeout; the bar may stay open). The learner changes it only
//!   through [`Edit`]s, each validated (an invalid edit returns an
//!   [`EditError`] and changes nothing): a client does one operation at a
//!   time, an operation completes after its invocation, an ok read says
//!   what it returned, and the sizes are bounded. The timeline keeps its
//!   edits, so the view can undo, redo and scrub by replaying them.
//! * [`Judging`] decides the three models in slices ([`Judging::run_for`]),
//!   so a 300-operation history never blocks a frame: linearizability with
//!   `dsw_lincheck`'s resumable checker, sequential and causal consistency
//!   with its exhaustive searches, only on histories of at most
//!   [`SEARCH_MAX_OPS`] operations. [`Verdicts`] translate the checker's
//!   answers to timeline operations: linearization points to draw, the
//!   minimal set of operations that breaks a model, one-line summaries,
//!   and the strongest model that holds ([`Verdicts::strongest`]).
//! * [`PRESETS`] are the chapter's twelve example histories, embedded from
//!   `src/ch07-consistency/histories/`, with their expected verdicts.
//! * [`encoding`] turns a timeline into a short share code and back; the
//!   decoder never panics. [`random`] builds seeded histories, some
//!   linearizable and some broken on purpose. [`oracle`] answers
//!   predict-the-verdict quiz questions with the same checker.
//!
//! Left out: keys (one register only, so there is nothing to partition),
//! append and other objects, transactions, and models between the three
//! (PRAM, session guarantees), which the chapter treats in prose. Causal
//! consistency is not decided for histories with a compare-and-set (causal
//! memory is defined for reads and writes) or with two writes of one
//! value: `dsw_lincheck` declines, and the verdicts say so.
//!
//! Commands, in `widgets/history`:
//!
//! * `cargo test`: presets against their expected verdicts, every edit
//!   rule, undo / redo / seek, share codes (round trips and thousands of
//!   random and mutated codes), sliced against one-shot judging, random
//!   histories and the oracle.
//! * `cargo run --example judge -- stale-read` prints a preset's operations
//!   and verdicts (`-- large 7` judges a large random history in slices and
//!   times it; use `--release` for a meaningful time).
//! * `cargo run --release --example threshold` measures the sequential and
//!   causal searches by history size, which is how [`SEARCH_MAX_OPS`] was
//!   chosen.

mod edit;
pub mod encoding;
mod judge;
mod op;
pub mod oracle;
mod preset;
pub mod random;
mod timeline;

pub use edit::{Edit, EditError};
pub use encoding::{DecodeError, decode, encode};
pub use judge::{
    EffectPoint, FRAME_STEPS, Judging, Level, SEARCH_MAX_OPS, SEARCH_STEPS, Strongest, Verdicts,
    judge,
};
pub use op::{Action, Op, OpId, Val, outcome_word};
pub use preset::{Expected, PRESETS, Preset, load, open_link, preset};
pub use timeline::Timeline;

/// Fewest clients: one client alone can still show a stale read of its own.
pub const MIN_CLIENTS: usize = 1;
/// Most clients: enough for every preset (four) and a crowd, few enough to
/// draw at 360 px.
pub const MAX_CLIENTS: usize = 5;
/// Clients of the `fresh` timeline.
pub const FRESH_CLIENTS: usize = 3;
/// Most operations: room for a large random history and then some.
pub const MAX_OPS: usize = 400;
/// Ticks run from 0 to this. Histories from logs and generators put event
/// `k` at tick `2k + 1`, so this fits [`MAX_OPS`] operations of two events
/// each; small histories use the first few dozen ticks, and the view
/// scales to [`Timeline::span`].
pub const MAX_TIME: u32 = 4 * MAX_OPS as u32;
/// Largest value written or read: a large random history numbers its values
/// up to about 150, and three digits stay readable.
pub const MAX_VALUE: u16 = 999;
/// Most edits a timeline's history may hold, which bounds a share code.
pub const MAX_EDITS: usize = 400;

pub use dsw_lincheck::{Judgement, Outcome};
