//! Logical clocks on a space-time diagram, as the clocks chapter's widget
//! draws them.
//!
//! The model is a diagram editor, not a protocol run: a [`Diagram`] holds 2
//! to 5 processes, each a line of events at real (true) times, and every
//! event is a local step, the sending of a message, or the receipt of one.
//! The learner changes it only through [`Edit`]s, each validated (an invalid
//! edit returns an [`EditError`] and changes nothing), and the diagram keeps
//! the list of applied edits so the widget can undo, redo and scrub by
//! replaying them.
//!
//! From a diagram, [`Diagram::analyze`] computes for every event:
//!
//! * its **physical timestamp**: the reading of its process's clock, which
//!   is true time plus a skew and an optional drift ([`Clock`]);
//! * its **Lamport clock** (Lamport 1978), with the receive rule
//!   `max(local, received) + 1`, and the total order that breaks ties by
//!   process id ([`lamport`]);
//! * its **vector clock** (Fidge 1988, Mattern 1988) and the comparison
//!   before / after / concurrent / equal ([`vector`]);
//! * its **hybrid logical clock** `(l, c)`, exactly the algorithm of
//!   Kulkarni, Demirbas, Madappa, Avva and Leone 2014, fed with the process's
//!   physical clock reading ([`hlc`]).
//!
//! [`Analysis`] also computes happened-before from the graph itself (process
//! lines and message arrows, never from a clock), a causal path between two
//! ordered events, the pairs whose physical timestamps contradict causality,
//! and what last-writer-wins keeps. [`truetime`] is Spanner's commit-wait
//! arithmetic. [`encoding`] turns a diagram into a short share code and back
//! (the decoder never panics). [`PRESETS`] are the chapter's diagrams, and
//! [`oracle`] answers predict-the-next-step quiz questions from them.
//!
//! [`Variant`] switches on one classic mistake at a time (a Lamport receive
//! that forgets the `+ 1`, a vector receive that forgets to tick), so a
//! learner can watch the clock condition break.
//!
//! Left out: clocks that jump (an NTP step, a leap second): every clock here
//! is monotonic, so the chapter text covers jumps; message loss is only a
//! send with no receive; processes have no state besides their clocks.
//!
//! The code the book quotes sits between `ANCHOR` comments:
//! `lamport.rs` (`lamport_tick`, `lamport_receive`), `vector.rs`
//! (`vector_tick`, `vector_receive`, `vector_compare`), `hlc.rs`
//! (`hlc_send`, `hlc_receive`), `physical.rs` (`reading`) and `truetime.rs`
//! (`commit_wait`).
//!
//! Tests: `cargo test` in `widgets/clocks` (about a minute of CPU in debug,
//! most of it the property tests over 3,000 random diagrams each). The
//! larger campaign is `cargo test --release -- --ignored` (about 25 s).
//! `cargo run --example show -- basics` prints a preset's stamps and the
//! narration of every event.

mod analysis;
mod describe;
mod diagram;
mod edit;
pub mod encoding;
pub mod hlc;
pub mod lamport;
pub mod oracle;
mod physical;
mod presets;
pub mod truetime;
pub mod vector;

pub use analysis::{Analysis, EdgeKind, Inversion, Lww, Relation, Stamp};
pub use describe::{describe_edit, explain_event, explain_pair};
pub use diagram::{Diagram, Event, EventId, Kind, process_name};
pub use edit::{Edit, EditError};
pub use encoding::{DecodeError, decode, encode};
pub use hlc::{Hlc, HlcCase};
pub use physical::Clock;
pub use presets::{PRESETS, Preset, load, open_link, preset};
pub use vector::VectorOrder;

/// Fewest processes a diagram may have: one alone has nobody to talk to.
pub const MIN_PROCESSES: usize = 2;
/// Most processes: enough to show concurrency, few enough to draw at 360 px.
pub const MAX_PROCESSES: usize = 5;
/// Most events in a diagram. Happened-before is stored as one `u64` bit set
/// per event, so this may not exceed 64.
pub const MAX_EVENTS: usize = 64;
/// Real time runs from 0 to this many milliseconds.
pub const MAX_TIME: i64 = 1000;
/// Largest clock skew, in milliseconds, either way.
pub const MAX_SKEW: i64 = 500;
/// Largest drift, in parts per million, either way. Real quartz drifts by
/// tens of ppm; ±10% is exaggerated so that drift shows within a second.
pub const MAX_DRIFT_PPM: i64 = 100_000;
/// Most edits a diagram's history may hold, which bounds a share code.
pub const MAX_EDITS: usize = 400;

/// Which rules the clocks follow: the papers', or one classic mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    #[default]
    Correct,
    /// A Lamport receive takes `max(local, received)` without adding one,
    /// as one interview guide states it (errata E06): a receive can get the
    /// same stamp as its send.
    LamportMaxOnly,
    /// A vector receive merges the two vectors but does not tick its own
    /// entry, so a receive can carry the same vector as its send.
    VectorMergeOnly,
}

impl Variant {
    pub const ALL: [Variant; 3] = [
        Variant::Correct,
        Variant::LamportMaxOnly,
        Variant::VectorMergeOnly,
    ];

    /// The name used in share codes and scenario names (`basics@...`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::LamportMaxOnly => "lamport-max-only",
            Variant::VectorMergeOnly => "vector-merge-only",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// One line for a rule picker.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Correct => {
                "the rules of Lamport 1978, Fidge/Mattern 1988 and Kulkarni et al. 2014"
            }
            Variant::LamportMaxOnly => {
                "bug: a Lamport receive takes max(local, received) and forgets the + 1"
            }
            Variant::VectorMergeOnly => {
                "bug: a vector receive merges the vectors but does not tick its own entry"
            }
        }
    }
}
