//! The clocks widget's state: a `dsw_clocks::Diagram` plus what the reader
//! is doing with it (the tool in hand, the events picked, the stamps shown).
//! Every change to the picture goes through `Diagram::apply`, so a refused
//! edit leaves the diagram as it was and explains why.

use std::rc::Rc;

use dsw_clocks::{Diagram, Edit, EventId, Kind, Variant};
use dsw_kit::{Transport, edit_step, step_speed};
use yew::prelude::*;

/// Which clock's stamps are written over the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamps {
    Lamport,
    Vector,
    Hlc,
    Physical,
}

impl Stamps {
    pub const ALL: [Stamps; 4] = [
        Stamps::Lamport,
        Stamps::Vector,
        Stamps::Hlc,
        Stamps::Physical,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stamps::Lamport => "Lamport",
            Stamps::Vector => "Vector",
            Stamps::Hlc => "HLC",
            Stamps::Physical => "Physical",
        }
    }

    fn next(self) -> Stamps {
        let i = Stamps::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Stamps::ALL[(i + 1) % Stamps::ALL.len()]
    }
}

/// What a click on the diagram does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Click events to pick them (two picked: their relation).
    Pick,
    Local,
    Send,
    /// Click a message's send, then the process and time it arrives.
    Receive,
    Delete,
}

impl Tool {
    pub const ALL: [Tool; 5] = [
        Tool::Pick,
        Tool::Local,
        Tool::Send,
        Tool::Receive,
        Tool::Delete,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Pick => "Pick",
            Tool::Local => "Local event",
            Tool::Send => "Send",
            Tool::Receive => "Receive",
            Tool::Delete => "Delete",
        }
    }

    /// The digit that selects it.
    pub fn key(self) -> char {
        match self {
            Tool::Pick => '1',
            Tool::Local => '2',
            Tool::Send => '3',
            Tool::Receive => '4',
            Tool::Delete => '5',
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Tool::Pick => {
                "Click two events to see how they are related; drag from a send to another line to deliver its message."
            }
            Tool::Local => "Click a process line to add a local event there.",
            Tool::Send => {
                "Click a process line to send a message; then drag from the send (or use Receive) to deliver it."
            }
            Tool::Receive => {
                "Click a message's send, then the process line where it arrives (or an existing local event)."
            }
            Tool::Delete => {
                "Click an event to delete it. Deleting a send deletes its message's receipt too."
            }
        }
    }
}

/// Snap real time to this many milliseconds, so clicks land on round times.
pub const SNAP_MS: i64 = 5;

#[derive(Clone, PartialEq)]
pub struct ClockState {
    pub diagram: Diagram,
    /// The scenario name it came from (`basics`, `fresh-3`), or `shared`.
    pub scenario: String,
    /// The preset's named events (`a`, `b`, `c`) that the text talks about.
    pub marks: &'static [(&'static str, u32)],
    pub stamps: Stamps,
    pub tool: Tool,
    /// At most two: a third pick replaces the older.
    pub picked: Vec<EventId>,
    /// A send waiting for the place its message arrives (Receive tool).
    pub pending: Option<EventId>,
    pub notice: Option<String>,
    pub playing: bool,
    pub speed: f64,
    pub help: bool,
}

pub enum Msg {
    Load(Box<Diagram>, String, &'static [(&'static str, u32)]),
    Edit(Edit),
    Transport(Transport),
    Tick,
    Tool(Tool),
    Stamps(Stamps),
    NextStamps,
    Variant(Variant),
    /// A click on a process line, at a real time.
    Lane {
        process: usize,
        time: i64,
    },
    /// A click on an event.
    Event(EventId),
    /// A drag from event `from` released at a process line and time, or on
    /// an event.
    Drop {
        from: EventId,
        process: usize,
        time: i64,
        onto: Option<EventId>,
    },
    ClearPicks,
    DeletePicked,
    Notice(Option<String>),
    Help,
}

impl ClockState {
    pub fn new(
        diagram: Diagram,
        scenario: String,
        marks: &'static [(&'static str, u32)],
    ) -> ClockState {
        ClockState {
            diagram,
            scenario,
            marks,
            stamps: Stamps::Lamport,
            tool: Tool::Pick,
            picked: Vec::new(),
            pending: None,
            notice: None,
            playing: false,
            speed: 1.0,
            help: false,
        }
    }

    /// The mark letter of an event, if the preset names it.
    pub fn mark(&self, id: EventId) -> Option<&'static str> {
        self.marks.iter().find(|(_, e)| *e == id.0).map(|(n, _)| *n)
    }

    fn edit(&mut self, edit: Edit) {
        match self.diagram.apply(edit) {
            Ok(_) => {
                self.notice = None;
                self.forget_missing();
            }
            Err(e) => self.notice = Some(format!("Not done: {e}.")),
        }
    }

    /// Drops picks of events that no longer exist after an undo or delete.
    fn forget_missing(&mut self) {
        let diagram = &self.diagram;
        self.picked.retain(|id| diagram.event(*id).is_some());
        if self.pending.is_some_and(|id| !is_open_send(diagram, id)) {
            self.pending = None;
        }
    }

    fn seek(&mut self, step: usize) {
        let step = step.min(self.diagram.history().len());
        self.diagram.seek(step);
        self.forget_missing();
    }

    fn pick(&mut self, id: EventId) {
        if let Some(i) = self.picked.iter().position(|p| *p == id) {
            self.picked.remove(i);
        } else {
            if self.picked.len() == 2 {
                self.picked.remove(0);
            }
            self.picked.push(id);
        }
    }
}

fn is_open_send(diagram: &Diagram, id: EventId) -> bool {
    matches!(
        diagram.event(id).map(|e| e.kind),
        Some(Kind::Send { to: None })
    )
}

impl Reducible for ClockState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            Msg::Load(diagram, scenario, marks) => {
                let stamps = s.stamps;
                s = ClockState::new(*diagram, scenario, marks);
                s.stamps = stamps;
            }
            Msg::Edit(edit) => s.edit(edit),
            Msg::Transport(t) => {
                let now = s.diagram.step();
                let end = s.diagram.history().len();
                match (edit_step(t, now, end), t) {
                    (Some(step), _) => s.seek(step),
                    (None, Transport::TogglePlay) => {
                        // Playing from the end replays the history from the start.
                        if !s.playing && now == end {
                            s.seek(0);
                        }
                        s.playing = !s.playing;
                    }
                    (None, Transport::Speed(speed)) => s.speed = speed,
                    (None, Transport::Faster) => s.speed = step_speed(s.speed, true),
                    (None, Transport::Slower) => s.speed = step_speed(s.speed, false),
                    (None, _) => {}
                }
                if !matches!(t, Transport::TogglePlay | Transport::Speed(_)) {
                    s.notice = None;
                }
            }
            Msg::Tick => {
                if s.diagram.step() < s.diagram.history().len() {
                    let next = s.diagram.step() + 1;
                    s.seek(next);
                } else {
                    s.playing = false;
                }
            }
            Msg::Tool(tool) => {
                s.tool = tool;
                s.pending = None;
            }
            Msg::Stamps(stamps) => s.stamps = stamps,
            Msg::NextStamps => s.stamps = s.stamps.next(),
            Msg::Variant(v) => {
                s.diagram.set_variant(v);
                s.notice = Some(format!("Rules: {}.", v.summary()));
            }
            Msg::Lane { process, time } => match (s.tool, s.pending) {
                (Tool::Local, _) => s.edit(Edit::Local { process, time }),
                (Tool::Send, _) => s.edit(Edit::Send { process, time }),
                (Tool::Receive, Some(from)) => {
                    s.edit(Edit::Receive {
                        from,
                        process,
                        time,
                    });
                    s.pending = None;
                }
                (Tool::Receive, None) => {
                    s.notice = Some(
                        "First click the send whose message arrives here (a send with a dashed arrow)."
                            .to_owned(),
                    );
                }
                (Tool::Pick | Tool::Delete, _) => {}
            },
            Msg::Event(id) => match (s.tool, s.pending) {
                (Tool::Delete, _) => s.edit(Edit::Delete { event: id }),
                (Tool::Receive, Some(from)) => {
                    s.edit(Edit::Connect { from, to: id });
                    s.pending = None;
                }
                (Tool::Receive, None) => {
                    if is_open_send(&s.diagram, id) {
                        s.pending = Some(id);
                        s.notice = None;
                    } else {
                        s.notice = Some(format!(
                            "{id} is not a send whose message is still in flight; pick one with a dashed arrow."
                        ));
                    }
                }
                _ => s.pick(id),
            },
            Msg::Drop {
                from,
                process,
                time,
                onto,
            } => {
                let Some(event) = s.diagram.event(from).copied() else {
                    return Rc::new(s);
                };
                let edit = match (event.kind, onto) {
                    (Kind::Send { to: None }, Some(to)) if to != from => Edit::Connect { from, to },
                    (Kind::Send { to: None }, _) => Edit::Receive {
                        from,
                        process,
                        time,
                    },
                    (Kind::Send { to: Some(_) }, _) => Edit::MoveReceive {
                        from,
                        process,
                        time,
                    },
                    (Kind::Receive { from: send }, _) => Edit::MoveReceive {
                        from: send,
                        process,
                        time,
                    },
                    (Kind::Local, _) => {
                        s.notice = Some(
                            "Only a message can be dragged: start from a send or from the head of an arrow."
                                .to_owned(),
                        );
                        return Rc::new(s);
                    }
                };
                s.edit(edit);
            }
            Msg::ClearPicks => {
                s.picked.clear();
                s.pending = None;
            }
            Msg::DeletePicked => {
                for id in std::mem::take(&mut s.picked) {
                    if s.diagram.event(id).is_some() {
                        s.edit(Edit::Delete { event: id });
                    }
                }
            }
            Msg::Notice(n) => s.notice = n,
            Msg::Help => s.help = !s.help,
        }
        Rc::new(s)
    }
}

/// Real time at a fraction of the diagram's width, snapped.
pub fn snap(time: f64) -> i64 {
    let t = (time / SNAP_MS as f64).round() as i64 * SNAP_MS;
    t.clamp(0, dsw_clocks::MAX_TIME)
}
