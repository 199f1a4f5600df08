//! The editable history: client lanes with operations on them, and the list
//! of edits that built it.

use std::collections::BTreeMap;

use dsw_lincheck::{History, Outcome};

use crate::edit::{Edit, EditError};
use crate::op::{Action, Op, OpId, Val};
use crate::random;
use crate::{MAX_CLIENTS, MAX_EDITS, MAX_OPS, MAX_TIME, MAX_VALUE, MIN_CLIENTS};

/// The picture without its history of edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Sheet {
    clients: usize,
    /// Sorted by invocation, then client (unique: a client's invocations
    /// differ). This is also the order of [`Timeline::to_history`], so the
    /// names the checker uses in its explanations (`w2` is operation 2 of
    /// the checker's history) are the names the view shows.
    ops: Vec<Op>,
    next_id: u32,
}

impl Sheet {
    pub(crate) fn new(clients: usize) -> Result<Sheet, EditError> {
        if clients < MIN_CLIENTS {
            return Err(EditError::TooFewClients);
        }
        if clients > MAX_CLIENTS {
            return Err(EditError::TooManyClients);
        }
        Ok(Sheet {
            clients,
            ops: Vec::new(),
            next_id: 0,
        })
    }

    /// An empty sheet with the client count forced into range.
    pub(crate) fn clamped(clients: usize) -> Sheet {
        Sheet {
            clients: clients.clamp(MIN_CLIENTS, MAX_CLIENTS),
            ops: Vec::new(),
            next_id: 0,
        }
    }

    fn index(&self, id: OpId) -> Result<usize, EditError> {
        self.ops
            .iter()
            .position(|o| o.id == id)
            .ok_or(EditError::NoOp(id))
    }

    fn name_at(&self, index: usize) -> String {
        format!("{}{index}", self.ops[index].action.letter())
    }

    fn check_client(&self, client: usize) -> Result<(), EditError> {
        if client < self.clients {
            Ok(())
        } else {
            Err(EditError::NoClient {
                client,
                count: self.clients,
            })
        }
    }

    /// Every rule an operation obeys where it stands. `op.id` may be in the
    /// sheet already (a changed operation): it does not block itself.
    fn check(&self, op: &Op) -> Result<(), EditError> {
        self.check_client(op.client)?;
        for t in [Some(op.invoke), op.complete].into_iter().flatten() {
            if t > MAX_TIME {
                return Err(EditError::TimeOutOfRange(t));
            }
        }
        if let Some(c) = op.complete
            && c <= op.invoke
        {
            return Err(EditError::CompletesTooEarly {
                invoke: op.invoke,
                complete: c,
            });
        }
        if op.complete.is_none() && op.outcome != Outcome::Unknown {
            return Err(EditError::NeedsCompletion(op.outcome));
        }
        let result_number = match op.result {
            Some(Val::Int(n)) => Some(n),
            _ => None,
        };
        if let Some(v) = op
            .action
            .numbers()
            .chain(result_number)
            .find(|&v| v > MAX_VALUE)
        {
            return Err(EditError::ValueOutOfRange(v));
        }
        match op.action {
            Action::Read if op.outcome == Outcome::Ok && op.result.is_none() => {
                return Err(EditError::ReadNeedsResult);
            }
            Action::Write(_) | Action::Cas { .. } if op.result.is_some() => {
                return Err(EditError::ResultOnNonRead);
            }
            _ => {}
        }
        // Closed intervals: a client that completes at t can start its next
        // operation at t + 1 at the earliest, because program order (and the
        // checker's real-time order) needs a completion strictly before the
        // next invocation.
        if let Some(i) = self.ops.iter().position(|o| {
            o.id != op.id
                && o.client == op.client
                && o.invoke <= op.busy_until()
                && op.invoke <= o.busy_until()
        }) {
            let other = &self.ops[i];
            return Err(EditError::Busy {
                client: op.client,
                other: self.name_at(i),
                from: other.invoke,
                until: other.complete,
            });
        }
        Ok(())
    }

    fn sort(&mut self) {
        self.ops.sort_by_key(|o| (o.invoke, o.client, o.id));
    }

    /// Adds a checked operation with the next id.
    pub(crate) fn add(&mut self, mut op: Op) -> Result<OpId, EditError> {
        if self.ops.len() >= MAX_OPS {
            return Err(EditError::TooManyOps);
        }
        op.id = OpId(self.next_id);
        self.check(&op)?;
        self.next_id = self.next_id.saturating_add(1);
        self.ops.push(op);
        self.sort();
        Ok(op.id)
    }

    /// Replaces an existing operation by `op` (same id), if `op` is valid.
    fn replace(&mut self, op: Op) -> Result<(), EditError> {
        let i = self.index(op.id)?;
        self.check(&op)?;
        self.ops[i] = op;
        self.sort();
        Ok(())
    }

    fn find(&self, id: OpId) -> Result<Op, EditError> {
        Ok(self.ops[self.index(id)?])
    }

    /// Applies `edit` to a copy, so a refused edit cannot leave the sheet
    /// half changed. Returns the operation it created or changed.
    fn applied(&self, edit: &Edit) -> Result<(Sheet, Option<OpId>), EditError> {
        let mut next = self.clone();
        let touched = match *edit {
            Edit::Move {
                op,
                invoke,
                complete,
            } => {
                let o = Op {
                    invoke,
                    complete,
                    ..next.find(op)?
                };
                next.replace(o)?;
                Some(op)
            }
            Edit::SetAction { op, action, result } => {
                let o = Op {
                    action,
                    result,
                    ..next.find(op)?
                };
                next.replace(o)?;
                Some(op)
            }
            Edit::SetOutcome { op, outcome } => {
                let o = Op {
                    outcome,
                    ..next.find(op)?
                };
                next.replace(o)?;
                Some(op)
            }
            Edit::Add {
                client,
                action,
                result,
                invoke,
                complete,
                outcome,
            } => Some(next.add(Op {
                id: OpId(0),
                client,
                action,
                result,
                invoke,
                complete,
                outcome,
            })?),
            Edit::Delete { op } => {
                let i = next.index(op)?;
                next.ops.remove(i);
                None
            }
            Edit::AddClient => {
                if next.clients >= MAX_CLIENTS {
                    return Err(EditError::TooManyClients);
                }
                next.clients += 1;
                None
            }
            Edit::RemoveClient { client } => {
                next.check_client(client)?;
                if next.clients <= MIN_CLIENTS {
                    return Err(EditError::TooFewClients);
                }
                next.ops.retain(|o| o.client != client);
                for o in &mut next.ops {
                    if o.client > client {
                        o.client -= 1;
                    }
                }
                next.clients -= 1;
                next.sort();
                None
            }
            Edit::Random { seed } => {
                next = random::small(seed);
                None
            }
            Edit::RandomLarge { seed } => {
                next = random::large(seed);
                None
            }
        };
        Ok((next, touched))
    }

    /// A checker history laid out on lanes: `lane(process)` is each
    /// operation's client. Event `k` (in time order) goes to tick `2k + 1`,
    /// which leaves a free tick between any two events to drag into, and
    /// lets an operation that never completed but whose client went on get
    /// a completion (the tick before the client's next invocation): for
    /// checking, an unknown outcome ends at +infinity either way.
    pub(crate) fn from_history(
        history: &History,
        clients: usize,
        lane: impl Fn(u64) -> usize,
    ) -> Result<Sheet, String> {
        let history = history.normalized();
        let tick = |t: u64| -> Result<u32, String> {
            u32::try_from(t.saturating_mul(2).saturating_add(1))
                .ok()
                .filter(|&t| t <= MAX_TIME)
                .ok_or_else(|| {
                    format!("the history has too many events to fit in {MAX_TIME} ticks")
                })
        };
        let mut sheet = Sheet::new(clients).map_err(|e| e.to_string())?;
        let mut ops = Vec::with_capacity(history.ops.len());
        for (i, h) in history.ops.iter().enumerate() {
            let name = history.name(i);
            if h.key.is_some() {
                return Err(format!("{name} names a key; the timeline has one register"));
            }
            let value = |v: &dsw_lincheck::Value| {
                Val::from_value(v).ok_or_else(|| {
                    format!("{name} uses {v}; the timeline holds nil and numbers 0 to {MAX_VALUE}")
                })
            };
            let number = |v: &dsw_lincheck::Value| match value(v)? {
                Val::Int(n) => Ok(n),
                Val::Nil => Err(format!(
                    "{name} writes nil, which the timeline does not allow"
                )),
            };
            let action = match &h.action {
                dsw_lincheck::Action::Read => Action::Read,
                dsw_lincheck::Action::Write(v) => Action::Write(number(v)?),
                dsw_lincheck::Action::Cas { from, to } => Action::Cas {
                    from: value(from)?,
                    to: number(to)?,
                },
                dsw_lincheck::Action::Append(_) => {
                    return Err(format!("{name} appends; the timeline has one register"));
                }
            };
            ops.push(Op {
                id: OpId(0),
                client: lane(h.process),
                action,
                result: h.result.as_ref().map(value).transpose()?,
                invoke: tick(h.invoke)?,
                complete: h.complete.map(tick).transpose()?,
                outcome: h.outcome,
            });
        }
        let mut next_invoke: BTreeMap<(usize, u32), u32> = BTreeMap::new();
        for o in &ops {
            next_invoke.insert((o.client, o.invoke), o.invoke);
        }
        for o in &mut ops {
            if o.complete.is_none()
                && let Some((_, &t)) = next_invoke
                    .range((o.client, o.invoke + 1)..(o.client + 1, 0))
                    .next()
            {
                o.complete = Some(t - 1);
            }
        }
        for (i, o) in ops.into_iter().enumerate() {
            sheet
                .add(o)
                .map_err(|e| format!("{}: {e}", history.name(i)))?;
        }
        Ok(sheet)
    }
}

/// An editable register history and the edits that built it.
///
/// The start is a preset, a decoded share code or an empty timeline; the
/// history is a list of edits and a cursor: the first `step()` edits are
/// applied, the rest can be redone. A new edit after an undo discards the
/// edits that could have been redone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timeline {
    start: Sheet,
    sheet: Sheet,
    edits: Vec<Edit>,
    cursor: usize,
}

impl Timeline {
    /// An empty timeline of `clients` lanes.
    pub fn new(clients: usize) -> Result<Timeline, EditError> {
        Ok(Timeline::starting_at(Sheet::new(clients)?))
    }

    pub(crate) fn starting_at(sheet: Sheet) -> Timeline {
        Timeline {
            start: sheet.clone(),
            sheet,
            edits: Vec::new(),
            cursor: 0,
        }
    }

    /// A checker history as a timeline: one lane per process (processes
    /// sorted by number, so processes 0 to n-1 keep their numbers), the
    /// events spread in time order. Fails for keys, appends, values the
    /// timeline cannot hold, more than [`MAX_CLIENTS`] processes, or a
    /// client overlapping itself.
    pub fn from_history(history: &History) -> Result<Timeline, String> {
        let mut processes: Vec<u64> = history.ops.iter().map(|o| o.process).collect();
        processes.sort_unstable();
        processes.dedup();
        if processes.len() > MAX_CLIENTS {
            return Err(format!(
                "the history has {} clients; the timeline shows at most {MAX_CLIENTS}",
                processes.len()
            ));
        }
        let lane = |p: u64| processes.binary_search(&p).unwrap_or(0);
        let sheet = Sheet::from_history(history, processes.len().max(MIN_CLIENTS), lane)?;
        Ok(Timeline::starting_at(sheet))
    }

    /// Applies a validated edit and records it. Returns the operation it
    /// created or changed, if any. On error nothing changes, the redo list
    /// included.
    pub fn apply(&mut self, edit: Edit) -> Result<Option<OpId>, EditError> {
        if self.cursor >= MAX_EDITS {
            return Err(EditError::TooManyEdits);
        }
        let (sheet, touched) = self.sheet.applied(&edit)?;
        self.sheet = sheet;
        self.edits.truncate(self.cursor);
        self.edits.push(edit);
        self.cursor += 1;
        Ok(touched)
    }

    /// Steps back one edit. False when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.cursor > 0 && self.seek(self.cursor - 1)
    }

    /// Steps forward one edit. False when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        self.cursor < self.edits.len() && self.seek(self.cursor + 1)
    }

    /// Shows the timeline as it was after the first `step` edits, keeping
    /// the rest for redo. False if `step` is past the end.
    pub fn seek(&mut self, step: usize) -> bool {
        if step > self.edits.len() {
            return false;
        }
        let (from, mut sheet) = if step >= self.cursor {
            (self.cursor, self.sheet.clone())
        } else {
            (0, self.start.clone())
        };
        for (at, edit) in self.edits.iter().enumerate().take(step).skip(from) {
            match sheet.applied(edit) {
                Ok((next, _)) => sheet = next,
                Err(_) => {
                    // Every recorded edit was valid where it was recorded and
                    // replay is deterministic, so this cannot happen; should
                    // it, keep the valid prefix rather than panic.
                    self.edits.truncate(at);
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
        &self.edits[..self.cursor]
    }

    /// Every recorded edit: the applied ones, then those that can be redone.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.edits.len()
    }

    /// How many lanes.
    pub fn clients(&self) -> usize {
        self.sheet.clients
    }

    /// Every operation, by invocation time (ties by client). Position `i`
    /// here is operation `i` of [`Timeline::to_history`].
    pub fn ops(&self) -> &[Op] {
        &self.sheet.ops
    }

    pub fn op(&self, id: OpId) -> Option<&Op> {
        self.sheet.ops.iter().find(|o| o.id == id)
    }

    /// The operations of one client, in time order.
    pub fn ops_on(&self, client: usize) -> impl Iterator<Item = &Op> {
        self.sheet.ops.iter().filter(move |o| o.client == client)
    }

    /// The position of `id` in [`Timeline::ops`], which is its
    /// [`dsw_lincheck::OpId`] in [`Timeline::to_history`].
    pub fn index_of(&self, id: OpId) -> Option<usize> {
        self.sheet.index(id).ok()
    }

    /// The operation that is [`dsw_lincheck::OpId`] `index` of
    /// [`Timeline::to_history`].
    pub fn id_at(&self, index: usize) -> Option<OpId> {
        self.sheet.ops.get(index).map(|o| o.id)
    }

    /// The label the view shows and the checker's explanations use: the
    /// action's letter and the position in time order (`w0`, `r3`). It
    /// changes when the operation moves past another.
    pub fn name(&self, id: OpId) -> Option<String> {
        self.sheet.index(id).ok().map(|i| self.sheet.name_at(i))
    }

    /// The latest time any operation uses (0 when there are none), so the
    /// view can scale to what is drawn.
    pub fn span(&self) -> u32 {
        self.sheet
            .ops
            .iter()
            .map(|o| o.complete.unwrap_or(o.invoke))
            .max()
            .unwrap_or(0)
    }

    /// Whether some operation is a compare-and-set, which causal checking
    /// does not cover.
    pub fn has_cas(&self) -> bool {
        self.sheet
            .ops
            .iter()
            .any(|o| matches!(o.action, Action::Cas { .. }))
    }

    /// The id the next added operation will get.
    pub fn next_id(&self) -> OpId {
        OpId(self.sheet.next_id)
    }

    /// The history the checkers judge: operation `i` is `ops()[i]`, its
    /// process is its client. Results of reads that did not end ok are left
    /// out, as the checker expects.
    pub fn to_history(&self) -> History {
        History::from_ops(self.sheet.ops.iter().map(|o| o.to_lincheck()).collect())
    }

    pub(crate) fn sheet(&self) -> &Sheet {
        &self.sheet
    }
}

impl Sheet {
    pub(crate) fn clients(&self) -> usize {
        self.clients
    }

    pub(crate) fn ops(&self) -> &[Op] {
        &self.ops
    }
}
