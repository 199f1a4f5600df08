//! A ring plus its history, so a reader can step back and scrub.

use crate::{Action, Ring};

/// The initial ring, every action taken, and a cursor into that history.
/// The model is tiny, so the state at any step is rebuilt by replay; the
/// simulation engine adds snapshots for models where replay is costly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    initial: Ring,
    actions: Vec<Action>,
    log: Vec<String>,
    cursor: usize,
    current: Ring,
}

impl Session {
    pub fn new(nodes: usize) -> Self {
        let ring = Ring::new(nodes);
        Session {
            initial: ring.clone(),
            actions: Vec::new(),
            log: Vec::new(),
            cursor: 0,
            current: ring,
        }
    }

    pub fn ring(&self) -> &Ring {
        &self.current
    }

    /// The step the reader is looking at (0 = the start).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many steps the history holds.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// What happened at each step up to the cursor, oldest first.
    pub fn log(&self) -> &[String] {
        &self.log[..self.cursor]
    }

    /// Takes an action at the cursor. If the reader had stepped back, the
    /// steps after the cursor are a future that no longer happens.
    pub fn act(&mut self, action: Action) {
        self.actions.truncate(self.cursor);
        self.log.truncate(self.cursor);
        let said = self.current.apply(action);
        self.actions.push(action);
        self.log.push(said);
        self.cursor += 1;
    }

    /// Moves forward one step: replays the recorded future if there is one,
    /// otherwise takes a new `Step`.
    pub fn forward(&mut self) {
        if self.cursor < self.actions.len() {
            self.seek(self.cursor + 1);
        } else {
            self.act(Action::Step);
        }
    }

    pub fn back(&mut self) {
        self.seek(self.cursor.saturating_sub(1));
    }

    /// Shows the state after `step` actions (clamped to the history).
    pub fn seek(&mut self, step: usize) {
        let step = step.min(self.actions.len());
        let mut ring = self.initial.clone();
        for action in &self.actions[..step] {
            ring.apply(*action);
        }
        self.current = ring;
        self.cursor = step;
    }
}
