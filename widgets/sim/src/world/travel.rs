//! Time travel: restore the nearest snapshot at or before the target step,
//! then replay the recorded actions from there without narration (the log
//! for the whole trace is already recorded).

use std::fmt;

use super::World;
use crate::action::ActionError;
use crate::protocol::Protocol;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TravelError {
    /// The step lies beyond the recorded trace.
    OutOfRange { requested: u64, recorded: u64 },
    /// This world keeps no history (an explorer copy).
    NotRecorded,
    /// Replaying diverged from the recording: a determinism bug in the
    /// engine or a protocol.
    Diverged(ActionError),
}

impl fmt::Display for TravelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TravelError::OutOfRange {
                requested,
                recorded,
            } => write!(
                f,
                "step {requested} has not happened yet: the recording has {recorded} steps"
            ),
            TravelError::NotRecorded => write!(f, "this world keeps no history to travel in"),
            TravelError::Diverged(e) => write!(f, "replay diverged from the recording: {e}"),
        }
    }
}

impl std::error::Error for TravelError {}

impl<P: Protocol> World<P> {
    /// Moves to the state after `step` actions of the recorded trace,
    /// keeping the trace (so seeking forward again works).
    pub fn seek(&mut self, step: u64) -> Result<(), TravelError> {
        let recorded = self.rec.trace.len() as u64;
        if step > recorded {
            return Err(TravelError::OutOfRange {
                requested: step,
                recorded,
            });
        }
        if self.rec.snapshots.is_empty() {
            return Err(TravelError::NotRecorded);
        }
        let every = self.shared.config.snapshot_every;
        let snap = step
            .checked_div(every)
            .map_or(0, |i| (i as usize).min(self.rec.snapshots.len() - 1));
        let snap_step = snap as u64 * every;
        let current = self.state.step;
        // Replaying forward from here is at least as cheap as restoring a
        // snapshot when no snapshot lies between here and the target.
        if !(current <= step && current >= snap_step) {
            self.state = self.rec.snapshots[snap].clone();
        }
        let trace = std::mem::take(&mut self.rec.trace);
        let mut result = Ok(());
        while self.state.step < step {
            let action = &trace[self.state.step as usize];
            self.state.step += 1;
            if let Err(e) = self.exec(action, false) {
                self.state.step -= 1;
                result = Err(TravelError::Diverged(e));
                break;
            }
            self.maybe_snapshot();
        }
        self.rec.trace = trace;
        self.pending.clear();
        if self.recording() {
            let broken: Vec<bool> = self
                .shared
                .invariants
                .iter()
                .map(|i| (i.check)(self).is_err())
                .collect();
            self.rec.broken = broken;
        }
        result
    }

    /// Undoes one step; false at the start.
    pub fn step_back(&mut self) -> bool {
        let step = self.state.step;
        step > 0 && self.seek(step - 1).is_ok()
    }

    /// Redoes one recorded step; false when there is none.
    pub fn step_forward(&mut self) -> bool {
        let step = self.state.step;
        (step as usize) < self.rec.trace.len() && self.seek(step + 1).is_ok()
    }
}
