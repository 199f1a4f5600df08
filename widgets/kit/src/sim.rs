//! The state every simulator widget keeps around its `dsw_sim::World`: the
//! world itself, playback, and what the reader has selected. It decides
//! nothing about the protocol; it only moves through the world's history and
//! hands the reader's actions to the world.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use dsw_sim::{Action, Chaos, MsgId, Protocol, World};
use yew::prelude::*;

use crate::controls::{Transport, step_speed};

/// A world shared by the reducer and the views. The world is mutated in
/// place (cloning it, snapshots and all, on every step would be wasteful);
/// `version` changes whenever it does, so Yew sees a new state.
pub struct SimState<P: Protocol> {
    world: Rc<RefCell<World<P>>>,
    version: u64,
    pub playing: bool,
    pub speed: f64,
    pub help_open: bool,
    pub selected: Option<MsgId>,
    /// A message for the reader about their last action ("nothing left to
    /// happen", "that message has already arrived").
    pub notice: Option<String>,
    /// Which preset (scenario) the world came from, for share links.
    pub scenario: &'static str,
    /// Auto chaos: while playing, the world's own random fault schedule
    /// chooses each next action, faults included.
    pub chaos: bool,
}

impl<P: Protocol> Clone for SimState<P> {
    fn clone(&self) -> Self {
        SimState {
            world: self.world.clone(),
            version: self.version,
            playing: self.playing,
            speed: self.speed,
            help_open: self.help_open,
            selected: self.selected,
            notice: self.notice.clone(),
            scenario: self.scenario,
            chaos: self.chaos,
        }
    }
}

impl<P: Protocol> PartialEq for SimState<P> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && self.version == other.version
            && self.playing == other.playing
            && self.speed == other.speed
            && self.help_open == other.help_open
            && self.selected == other.selected
            && self.notice == other.notice
            && self.scenario == other.scenario
            && self.chaos == other.chaos
    }
}

impl<P: Protocol> SimState<P> {
    pub fn new(world: World<P>, scenario: &'static str) -> Self {
        SimState {
            world: Rc::new(RefCell::new(world)),
            version: 0,
            playing: false,
            speed: 1.0,
            help_open: false,
            selected: None,
            notice: None,
            scenario,
            chaos: false,
        }
    }

    pub fn world(&self) -> Ref<'_, World<P>> {
        self.world.borrow()
    }

    /// How many steps the recorded history holds (it can run past the
    /// current step after stepping back).
    pub fn history_len(&self) -> usize {
        self.world.borrow().trace().len()
    }
}

/// What a widget can ask of its simulation.
pub enum SimMsg<P: Protocol> {
    Transport(Transport),
    /// Autoplay: one tick of virtual time, so messages travel at the pace
    /// of simulated time rather than jumping from event to event.
    Tick,
    /// The reader injects a fault or sends a request.
    Apply(Action<P>),
    /// Several actions in a row (a counterexample to watch), applied from
    /// the current step; the view then rewinds to where they start.
    Script(Vec<Action<P>>),
    /// A different world: a preset, or a shared link.
    Load(Box<World<P>>, &'static str),
    Select(Option<MsgId>),
    Help,
    Notice(Option<String>),
    /// Turns auto chaos on or off (and plays, so the reader sees it work).
    ToggleChaos,
}

impl<P: Protocol> Reducible for SimState<P> {
    type Action = SimMsg<P>;

    fn reduce(self: Rc<Self>, msg: SimMsg<P>) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        match msg {
            SimMsg::Transport(t) => next.transport(t),
            SimMsg::Tick => next.tick(),
            SimMsg::Apply(action) => {
                next.playing = false;
                let result = next.world.borrow_mut().apply(action);
                if let Err(e) = result {
                    next.notice = Some(format!("That cannot happen now: {e}."));
                }
                next.selected = None;
            }
            SimMsg::Script(actions) => {
                next.playing = false;
                let start = next.world.borrow().step();
                let mut world = next.world.borrow_mut();
                for action in actions {
                    if let Err(e) = world.apply(action) {
                        next.notice = Some(format!("The trace could not be replayed here: {e}."));
                        break;
                    }
                }
                let _ = world.seek(start);
            }
            SimMsg::Load(world, scenario) => {
                next.world = Rc::new(RefCell::new(*world));
                next.scenario = scenario;
                next.playing = false;
                next.selected = None;
            }
            SimMsg::Select(id) => next.selected = id,
            SimMsg::Help => next.help_open = !next.help_open,
            SimMsg::Notice(text) => next.notice = text,
            SimMsg::ToggleChaos => {
                next.chaos = !next.chaos;
                next.playing = next.chaos;
            }
        }
        next.version += 1;
        Rc::new(next)
    }
}

impl<P: Protocol> SimState<P> {
    fn transport(&mut self, t: Transport) {
        let mut world = self.world.borrow_mut();
        match t {
            Transport::TogglePlay => self.playing = !self.playing,
            Transport::Forward => {
                self.playing = false;
                if !forward(&mut world) {
                    self.notice = Some("Nothing is left to happen: every message has arrived and no timer is set. Inject a fault or send a request.".to_owned());
                }
            }
            Transport::Back => {
                self.playing = false;
                world.step_back();
            }
            Transport::Seek(step) => {
                self.playing = false;
                let _ = world.seek(step as u64);
            }
            Transport::Start => {
                let _ = world.seek(0);
            }
            Transport::End => {
                let end = world.trace().len() as u64;
                let _ = world.seek(end);
            }
            Transport::Speed(s) => self.speed = s,
            Transport::Faster => self.speed = step_speed(self.speed, true),
            Transport::Slower => self.speed = step_speed(self.speed, false),
        }
        self.selected = None;
    }

    fn tick(&mut self) {
        let mut world = self.world.borrow_mut();
        let recorded = (world.step() as usize) < world.trace().len();
        let moved = if recorded {
            world.step_forward()
        } else if self.chaos {
            match world.chaos_action(&Chaos::default()) {
                Some(action) => world.apply(action).is_ok(),
                None => false,
            }
        } else {
            match world.next_event() {
                Some((at, action)) if at <= world.now() + 1 => world.apply(action).is_ok(),
                Some(_) => world.apply(Action::Tick(1)).is_ok(),
                None => false,
            }
        };
        if !moved {
            self.playing = false;
        }
    }
}

/// One step forward: the recorded future if there is one, otherwise the
/// next natural event. False when nothing can happen.
fn forward<P: Protocol>(world: &mut World<P>) -> bool {
    if (world.step() as usize) < world.trace().len() {
        return world.step_forward();
    }
    match world.next_event() {
        Some((_, action)) => world.apply(action).is_ok(),
        None => false,
    }
}
