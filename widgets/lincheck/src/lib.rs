//! A consistency checker for concurrent histories: is what the clients saw
//! explainable by some order of the operations?
//!
//! # What it decides
//!
//! A **history** lists operations, each with an invocation, maybe a
//! completion, and an outcome in Jepsen's terms: `:ok` (it took effect, at
//! one instant inside its interval), `:fail` (it certainly did not take
//! effect; it is left out), `:info` or no completion (unknown: it may take
//! effect at any instant after its invocation, or never; its completion
//! counts as +infinity, and a read of unknown outcome constrains nothing).
//!
//! * **Linearizability** (Herlihy & Wing, "Linearizability: A Correctness
//!   Condition for Concurrent Objects", TOPLAS 1990): there is one total
//!   order of the operations that took effect, legal for the object, in
//!   which an operation that completed before another was invoked comes
//!   first. [`check`] and [`Checker`] decide it for three [`Model`]s: a
//!   read/write/compare-and-set register, a key-value store (one register
//!   per key) and append-only lists (Jepsen's single-key `:append`, or
//!   Porcupine's string `get`/`put`/`append`). Keys are checked one at a
//!   time, which is exact because linearizability is local (Herlihy & Wing
//!   §3.3); Horn & Kroening ("Faster linearizability checking via
//!   P-compositionality", FORTE 2015) call this partitioning
//!   P-compositionality, and Porcupine does the same.
//! * **Sequential consistency** (Lamport, "How to Make a Multiprocessor
//!   Computer That Correctly Executes Multiprocess Programs", 1979): one
//!   total order, legal, keeping each process's program order; real time
//!   between processes is ignored. Not local, so all keys are searched
//!   together. See [`check_sequential`].
//! * **Causal consistency**, as the causal memory of Ahamad, Neiger, Burns,
//!   Kohli & Hutto ("Causal memory: definitions, implementation, and
//!   programming", Distributed Computing 1995), for registers with unique
//!   written values: causal order is program order plus writes-into,
//!   transitively; each process needs its own legal order of its
//!   operations and all writes that extends causal order. See [`check_causal`].
//!
//! [`judge_all`] puts the three verdicts side by side. The tests include
//! histories that separate them: sequentially consistent but not
//! linearizable, causal but not sequentially consistent, not causal.
//!
//! # How
//!
//! Linearizability uses the search of Wing & Gong ("Testing and verifying
//! concurrent objects", JPDC 1993) with the improvements of Lowe ("Testing
//! for linearizability", CCPE 2017): operations are linearized just in time
//! (only when a completion forces it), and a memo of visited (set of
//! linearized operations, object state) pairs prunes repeated work; see the
//! `wgl` module. On top of that, four exact reductions of our own keep
//! histories with dozens of concurrent clients tractable, each argued in
//! the code and each caught by the brute-force tests when broken: a legal
//! read is linearized at once with no alternative tried; a register
//! configuration is dropped when some read's value can no longer be
//! produced; a completed write (or list append) whose value nobody observes
//! is only placed just before another blind write, at its own completion or
//! at the end; an operation of unknown outcome whose effect nobody observes
//! is left out. For lists that only grow, a configuration is dropped when a
//! pending read's list no longer extends the state. Every move of the
//! search is one *step*, so [`Checker::run_for`] can run it in slices (the
//! browser runs a slice per frame); there are no threads and no clocks in
//! the library.
//!
//! When a key fails, the checker shrinks its operations to a minimal
//! failing set and states the rule it breaks ([`Failure::explanation`]).
//! Minimal means: removing any one operation of the set, together with the
//! reads (and compare-and-sets) that observed a value only it could have
//! produced, leaves a linearizable history. Plain one-at-a-time removal
//! would always end at a lone read of a value nobody wrote, which explains
//! nothing. Failed operations and reads of unknown outcome never take part:
//! they are listed in [`Linearization::skipped`]. When it succeeds, it gives
//! every operation a linearization point inside its interval
//! ([`Linearization`]), ready to draw.
//!
//! Sequential and causal consistency use a plain memoized search over
//! orders (`order` module): exponential, meant for the small histories a
//! widget shows, with a step limit that yields [`Judgement::Undecided`].
//!
//! # Also here
//!
//! * [`parse`]: Jepsen's text logs and EDN op maps (a small EDN reader of
//!   our own), with line and column in every error; [`parse::to_edn`] and
//!   [`parse::to_log`] write histories back.
//! * [`generate`]: seeded histories from a simulated atomic register, store
//!   or list with many clients, and mutations (stale read, lost write) that
//!   certainly break linearizability.
//!
//! Left out: transactions (Elle's list-append over several keys), queues
//! and sets as models, compare-and-set under causal consistency, and
//! non-unique written values under causal consistency.
//!
//! # Commands
//!
//! * `cargo test` (debug, under a minute on two cores): hand-written
//!   histories, the brute-force comparisons (tens of thousands of random
//!   small histories), generated histories, parsers and their property
//!   tests, the command line. The 10,000-operation test:
//!   `cargo test --release -- --ignored` (about 30 s).
//! * `cargo run --release --bin lincheck -- FILE [--model register|kv|append]
//!   [--format auto|log|edn] [--no-shrink] [--levels]`: prints the
//!   verdict, the failing key, the minimal failing operations and the
//!   explanation, the number of operations and the time taken (`--levels`
//!   adds sequential and causal consistency); exit code 0 when
//!   linearizable, 1 when not, 2 for bad input.
//! * `cargo run --release --example bench`: timings for 1,000 to 10,000
//!   operations (`-- --quick` for a short run, `-- --widget` for the
//!   300-operation histories a widget checks).
//!
//! The book can quote the search from `wgl.rs` (anchors `wgl_state`,
//! `wgl_run`), the reduction of unobserved unknown ops from `model.rs`
//! (`drop_unobserved`), the shrinking closure from `shrink.rs` (`closure`)
//! and the causal views from `causal.rs` (`causal_views`).

mod causal;
mod checker;
mod consistency;
mod explain;
mod fasthash;
pub mod generate;
mod history;
mod model;
mod order;
pub mod parse;
mod rng;
mod sequential;
mod shrink;
mod value;
mod wgl;

pub use causal::check_causal;
pub use checker::{Checker, Failure, Linearization, Point, Progress, Verdict, check};
pub use consistency::{Judgement, Levels, View, judge_all};
pub use history::{Action, History, Op, OpId, Outcome};
pub use model::{Model, ModelError};
pub use sequential::check_sequential;
pub use value::Value;
