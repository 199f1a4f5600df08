//! The space-time diagram: processes with their clocks, events on them, and
//! the history of edits that built it.

use std::fmt;

use crate::analysis::Analysis;
use crate::edit::{Edit, EditError};
use crate::physical::Clock;
use crate::{
    MAX_DRIFT_PPM, MAX_EDITS, MAX_EVENTS, MAX_PROCESSES, MAX_SKEW, MAX_TIME, MIN_PROCESSES, Variant,
};

/// An event's permanent name: the number of events created before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub u32);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// `p1` for process 0: the book counts processes from 1.
pub fn process_name(process: usize) -> String {
    format!("p{}", process.saturating_add(1))
}

/// What an event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Local,
    /// Sends one message; `to` is its receipt, `None` while in flight.
    Send {
        to: Option<EventId>,
    },
    /// Receives the message sent by `from`.
    Receive {
        from: EventId,
    },
}

/// One event: where, when (in real time) and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Event {
    pub id: EventId,
    pub process: usize,
    /// Real (true) time in milliseconds, which no process can read.
    pub time: i64,
    pub kind: Kind,
}

/// The picture without its history.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Sheet {
    clocks: Vec<Clock>,
    /// Sorted by real time, then process. Every arrow of happened-before
    /// points forward in real time, so this is also a causal order.
    events: Vec<Event>,
    next_id: u32,
}

impl Sheet {
    fn new(processes: usize) -> Sheet {
        Sheet {
            clocks: vec![Clock::default(); processes],
            events: Vec::new(),
            next_id: 0,
        }
    }

    fn find(&self, id: EventId) -> Result<&Event, EditError> {
        self.events
            .iter()
            .find(|e| e.id == id)
            .ok_or(EditError::NoEvent(id))
    }

    fn find_mut(&mut self, id: EventId) -> Result<&mut Event, EditError> {
        self.events
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(EditError::NoEvent(id))
    }

    fn check_process(&self, process: usize) -> Result<(), EditError> {
        if process < self.clocks.len() {
            Ok(())
        } else {
            Err(EditError::NoProcess {
                process,
                count: self.clocks.len(),
            })
        }
    }

    /// `time` is inside the diagram and `process` is free then (`moving` is
    /// an event that is leaving its slot, so it does not block itself).
    fn check_slot(
        &self,
        process: usize,
        time: i64,
        moving: Option<EventId>,
    ) -> Result<(), EditError> {
        if !(0..=MAX_TIME).contains(&time) {
            return Err(EditError::TimeOutOfRange { time });
        }
        match self
            .events
            .iter()
            .find(|e| e.process == process && e.time == time && Some(e.id) != moving)
        {
            Some(e) => Err(EditError::SlotTaken {
                process,
                time,
                by: e.id,
            }),
            None => Ok(()),
        }
    }

    fn check_room(&self) -> Result<(), EditError> {
        if self.events.len() < MAX_EVENTS {
            Ok(())
        } else {
            Err(EditError::TooManyEvents)
        }
    }

    /// The send `from`, which must not have a receipt yet.
    fn unreceived_send(&self, from: EventId) -> Result<Event, EditError> {
        let send = *self.find(from)?;
        match send.kind {
            Kind::Send { to: None } => Ok(send),
            Kind::Send { to: Some(by) } => Err(EditError::AlreadyReceived { from, by }),
            _ => Err(EditError::NotASend(from)),
        }
    }

    /// The rules every message obeys: it crosses between two processes and
    /// arrives after it leaves.
    fn check_arrow(send: &Event, process: usize, time: i64) -> Result<(), EditError> {
        if process == send.process {
            return Err(EditError::SameProcess { process });
        }
        if time <= send.time {
            return Err(EditError::ReceiveTooEarly {
                send_time: send.time,
                receive_time: time,
            });
        }
        Ok(())
    }

    fn create(&mut self, process: usize, time: i64, kind: Kind) -> EventId {
        let id = EventId(self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        self.events.push(Event {
            id,
            process,
            time,
            kind,
        });
        id
    }

    fn set_receipt(&mut self, send: EventId, to: Option<EventId>) -> Result<(), EditError> {
        self.find_mut(send)?.kind = Kind::Send { to };
        Ok(())
    }

    fn sort(&mut self) {
        self.events.sort_by_key(|e| (e.time, e.process, e.id));
    }

    /// Applies `edit` to a copy and returns it, so that a refused edit
    /// cannot leave the diagram half changed. Returns the event the edit
    /// created or changed, if any.
    fn applied(&self, edit: &Edit) -> Result<(Sheet, Option<EventId>), EditError> {
        let mut next = self.clone();
        let touched = next.apply_in_place(edit)?;
        next.sort();
        Ok((next, touched))
    }

    fn apply_in_place(&mut self, edit: &Edit) -> Result<Option<EventId>, EditError> {
        match *edit {
            Edit::Local { process, time } | Edit::Send { process, time } => {
                self.check_process(process)?;
                self.check_slot(process, time, None)?;
                self.check_room()?;
                let kind = match edit {
                    Edit::Local { .. } => Kind::Local,
                    _ => Kind::Send { to: None },
                };
                Ok(Some(self.create(process, time, kind)))
            }
            Edit::Receive {
                from,
                process,
                time,
            } => {
                self.check_process(process)?;
                let send = self.unreceived_send(from)?;
                Self::check_arrow(&send, process, time)?;
                self.check_slot(process, time, None)?;
                self.check_room()?;
                let id = self.create(process, time, Kind::Receive { from });
                self.set_receipt(from, Some(id))?;
                Ok(Some(id))
            }
            Edit::Connect { from, to } => {
                let send = self.unreceived_send(from)?;
                let target = *self.find(to)?;
                if target.kind != Kind::Local {
                    return Err(EditError::NotLocal(to));
                }
                Self::check_arrow(&send, target.process, target.time)?;
                self.find_mut(to)?.kind = Kind::Receive { from };
                self.set_receipt(from, Some(to))?;
                Ok(Some(to))
            }
            Edit::MoveReceive {
                from,
                process,
                time,
            } => {
                let send = *self.find(from)?;
                let receipt = match send.kind {
                    Kind::Send { to: Some(r) } => r,
                    Kind::Send { to: None } => return Err(EditError::NotReceived(from)),
                    _ => return Err(EditError::NotASend(from)),
                };
                self.check_process(process)?;
                Self::check_arrow(&send, process, time)?;
                self.check_slot(process, time, Some(receipt))?;
                let moved = self.find_mut(receipt)?;
                moved.process = process;
                moved.time = time;
                Ok(Some(receipt))
            }
            Edit::Delete { event } => {
                let gone = *self.find(event)?;
                match gone.kind {
                    Kind::Local => {}
                    Kind::Send { to } => {
                        if let Some(r) = to {
                            self.events.retain(|e| e.id != r);
                        }
                    }
                    Kind::Receive { from } => self.set_receipt(from, None)?,
                }
                self.events.retain(|e| e.id != event);
                Ok(None)
            }
            Edit::Skew { process, skew } => {
                self.check_process(process)?;
                if !(-MAX_SKEW..=MAX_SKEW).contains(&skew) {
                    return Err(EditError::SkewOutOfRange(skew));
                }
                if let Some(clock) = self.clocks.get_mut(process) {
                    clock.skew = skew;
                }
                Ok(None)
            }
            Edit::Drift { process, ppm } => {
                self.check_process(process)?;
                if !(-MAX_DRIFT_PPM..=MAX_DRIFT_PPM).contains(&ppm) {
                    return Err(EditError::DriftOutOfRange(ppm));
                }
                if let Some(clock) = self.clocks.get_mut(process) {
                    clock.drift_ppm = ppm;
                }
                Ok(None)
            }
            Edit::AddProcess => {
                if self.clocks.len() >= MAX_PROCESSES {
                    return Err(EditError::TooManyProcesses);
                }
                self.clocks.push(Clock::default());
                Ok(None)
            }
            Edit::RemoveProcess { process } => {
                self.check_process(process)?;
                if self.clocks.len() <= MIN_PROCESSES {
                    return Err(EditError::TooFewProcesses);
                }
                let leaving: Vec<Event> = self
                    .events
                    .iter()
                    .copied()
                    .filter(|e| e.process == process)
                    .collect();
                for e in &leaving {
                    match e.kind {
                        // Its messages' receipts elsewhere lose their cause.
                        Kind::Send { to: Some(r) } => self.events.retain(|x| x.id != r),
                        // Messages it received are back in flight.
                        Kind::Receive { from } => {
                            if let Ok(send) = self.find_mut(from) {
                                send.kind = Kind::Send { to: None };
                            }
                        }
                        _ => {}
                    }
                }
                self.events.retain(|e| e.process != process);
                self.clocks.remove(process);
                for e in &mut self.events {
                    if e.process > process {
                        e.process -= 1;
                    }
                }
                Ok(None)
            }
        }
    }
}

/// A space-time diagram and the edits that built it.
///
/// The history is a list of edits and a cursor: the first `step()` edits
/// are applied, the rest can be redone. A new edit after an undo discards
/// the edits that could have been redone, as in any editor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagram {
    start: usize,
    variant: Variant,
    sheet: Sheet,
    history: Vec<Edit>,
    cursor: usize,
}

impl Diagram {
    /// An empty diagram of `processes` processes with accurate clocks.
    pub fn new(processes: usize) -> Result<Diagram, EditError> {
        Diagram::with_variant(processes, Variant::Correct)
    }

    pub fn with_variant(processes: usize, variant: Variant) -> Result<Diagram, EditError> {
        if processes < MIN_PROCESSES {
            return Err(EditError::TooFewProcesses);
        }
        if processes > MAX_PROCESSES {
            return Err(EditError::TooManyProcesses);
        }
        Ok(Diagram {
            start: processes,
            variant,
            sheet: Sheet::new(processes),
            history: Vec::new(),
            cursor: 0,
        })
    }

    /// Applies a validated edit and records it. Returns the event it created
    /// or changed (a new event, the event an arrow now ends at, the moved
    /// receipt), if any. On error nothing changes, the redo list included.
    pub fn apply(&mut self, edit: Edit) -> Result<Option<EventId>, EditError> {
        if self.cursor >= MAX_EDITS {
            return Err(EditError::TooManyEdits);
        }
        let (sheet, touched) = self.sheet.applied(&edit)?;
        self.sheet = sheet;
        self.history.truncate(self.cursor);
        self.history.push(edit);
        self.cursor += 1;
        Ok(touched)
    }

    /// Steps back one edit. False when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.cursor > 0 && self.seek(self.cursor - 1)
    }

    /// Steps forward one edit. False when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        self.cursor < self.history.len() && self.seek(self.cursor + 1)
    }

    /// Shows the diagram as it was after the first `step` edits of the
    /// history, keeping the rest for redo. False if `step` is past the end.
    pub fn seek(&mut self, step: usize) -> bool {
        if step > self.history.len() {
            return false;
        }
        let (from, mut sheet) = if step >= self.cursor {
            (self.cursor, self.sheet.clone())
        } else {
            (0, Sheet::new(self.start))
        };
        for (at, edit) in self.history.iter().enumerate().take(step).skip(from) {
            match sheet.applied(edit) {
                Ok((next, _)) => sheet = next,
                Err(_) => {
                    // Every recorded edit was valid where it was recorded
                    // and replay is deterministic, so this cannot happen;
                    // should it, keep the valid prefix rather than panic.
                    self.history.truncate(at);
                    self.cursor = self.cursor.min(at);
                    return false;
                }
            }
        }
        self.sheet = sheet;
        self.cursor = step;
        true
    }

    /// How many edits are applied.
    pub fn step(&self) -> usize {
        self.cursor
    }

    /// The applied edits, in order.
    pub fn applied(&self) -> &[Edit] {
        &self.history[..self.cursor]
    }

    /// Every recorded edit: the applied ones, then those that can be redone.
    pub fn history(&self) -> &[Edit] {
        &self.history
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.history.len()
    }

    /// How many processes the diagram started with, before any edit.
    pub fn start_processes(&self) -> usize {
        self.start
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// Switches the clock rules. Not an edit: the picture stays, its stamps
    /// change.
    pub fn set_variant(&mut self, variant: Variant) {
        self.variant = variant;
    }

    pub fn process_count(&self) -> usize {
        self.sheet.clocks.len()
    }

    pub fn clocks(&self) -> &[Clock] {
        &self.sheet.clocks
    }

    pub fn clock(&self, process: usize) -> Option<Clock> {
        self.sheet.clocks.get(process).copied()
    }

    /// Every event, in real-time order (ties by process).
    pub fn events(&self) -> &[Event] {
        &self.sheet.events
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.sheet.find(id).ok()
    }

    /// The events of one process, in order.
    pub fn events_on(&self, process: usize) -> impl Iterator<Item = &Event> {
        self.sheet
            .events
            .iter()
            .filter(move |e| e.process == process)
    }

    /// The physical timestamp of an event: its process's clock reading.
    pub fn reading(&self, id: EventId) -> Option<i64> {
        let e = self.event(id)?;
        Some(self.clock(e.process)?.read(e.time))
    }

    /// The event's position on its line, as the widget labels it: `p2.3` is
    /// the third event of process p2.
    pub fn label(&self, id: EventId) -> Option<String> {
        let e = self.event(id)?;
        let position = self
            .events_on(e.process)
            .position(|x| x.id == id)
            .map_or(0, |i| i + 1);
        Some(format!("{}.{position}", process_name(e.process)))
    }

    /// The id the next created event will get.
    pub fn next_id(&self) -> EventId {
        EventId(self.sheet.next_id)
    }

    /// Every clock stamp and causal fact about the diagram as it is now.
    pub fn analyze(&self) -> Analysis {
        Analysis::new(&self.sheet.clocks, &self.sheet.events, self.variant)
    }
}
