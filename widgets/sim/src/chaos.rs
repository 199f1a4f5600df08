//! Random fault schedules.
//!
//! Each chaos step picks a kind of action with probability proportional to
//! its weight (among kinds that are possible right now), then one instance
//! of it. The choice is drawn from a generator derived from the world's seed
//! and the step number, not from the world's own generator: the recorded
//! trace then holds everything needed to replay, and replaying a chaos run
//! reproduces the world's generator exactly.

use crate::action::{Action, ActionError};
use crate::ids::{NodeId, Time};
use crate::invariant::Violation;
use crate::protocol::Protocol;
use crate::rng::Rng;
use crate::world::World;

/// Relative weights of each kind of chaos step, plus argument ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chaos {
    /// The next natural event (normal progress, in time order).
    pub next: u32,
    /// Any in-flight message, not just the next one: reordering.
    pub deliver: u32,
    /// Any pending timer, even one due later than other events.
    pub fire: u32,
    pub request: u32,
    pub drop: u32,
    pub duplicate: u32,
    pub delay: u32,
    pub max_delay: Time,
    pub crash: u32,
    pub restart: u32,
    /// Never crash a node when this many are already down.
    pub max_down: usize,
    pub pause: u32,
    pub max_pause: Time,
    pub resume: u32,
    pub skew: u32,
    pub max_skew: i64,
    pub partition: u32,
    pub heal: u32,
    pub tick: u32,
    pub max_tick: Time,
}

impl Default for Chaos {
    /// Mostly normal progress with a steady trickle of every fault.
    fn default() -> Self {
        Chaos {
            next: 40,
            deliver: 15,
            fire: 5,
            request: 6,
            drop: 4,
            duplicate: 3,
            delay: 3,
            max_delay: 10,
            crash: 2,
            restart: 4,
            max_down: usize::MAX,
            pause: 1,
            max_pause: 15,
            resume: 2,
            skew: 1,
            max_skew: 10,
            partition: 1,
            heal: 2,
            tick: 3,
            max_tick: 5,
        }
    }
}

impl Chaos {
    /// No faults: only normal progress and user requests.
    pub fn calm() -> Self {
        Chaos {
            deliver: 0,
            fire: 0,
            drop: 0,
            duplicate: 0,
            delay: 0,
            crash: 0,
            restart: 0,
            pause: 0,
            resume: 0,
            skew: 0,
            partition: 0,
            heal: 0,
            ..Chaos::default()
        }
    }

    /// Faults as often as progress.
    pub fn storm() -> Self {
        Chaos {
            next: 20,
            deliver: 20,
            fire: 8,
            request: 6,
            drop: 8,
            duplicate: 6,
            delay: 6,
            crash: 5,
            restart: 8,
            pause: 3,
            resume: 4,
            skew: 3,
            partition: 4,
            heal: 4,
            ..Chaos::default()
        }
    }
}

/// The result of [`World::run_chaos`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaosRun {
    pub steps: u64,
    /// Invariants broken along the way.
    pub violations: Vec<Violation>,
    /// True when the run ended early because nothing could happen.
    pub stuck: bool,
}

#[derive(Clone, Copy)]
enum Pick {
    Next,
    Deliver,
    Fire,
    Request,
    Drop,
    Duplicate,
    Delay,
    Crash,
    Restart,
    Pause,
    Resume,
    Skew,
    Partition,
    Heal,
    Tick,
}

impl<P: Protocol> World<P> {
    fn deliverable(&self) -> impl Iterator<Item = Action<P>> + '_ {
        let now = self.now();
        self.in_flight()
            .iter()
            .filter(move |e| !self.is_up(e.to) || !self.state_paused_at(e.to, now.max(e.due)))
            .map(|e| Action::Deliver(e.id))
    }

    fn fireable(&self) -> impl Iterator<Item = Action<P>> + '_ {
        let now = self.now();
        self.timers()
            .filter(move |(n, _, slot)| {
                self.is_up(*n) && !self.state_paused_at(*n, now.max(slot.due))
            })
            .map(|(n, t, _)| Action::FireTimer(n, t.clone()))
    }

    fn awake(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.node_ids()
            .filter(|&n| self.is_up(n) && !self.is_paused(n))
    }

    fn paused(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.node_ids()
            .filter(|&n| self.is_up(n) && self.is_paused(n))
    }

    fn requestable(&self) -> impl Iterator<Item = Action<P>> + '_ {
        self.awake().flat_map(|n| {
            self.requests(n)
                .iter()
                .map(move |r| Action::Request(n, r.clone()))
        })
    }

    /// The action chaos would take now; `None` if nothing is possible.
    ///
    /// Only kinds with a non-zero weight are examined, and candidates are
    /// listed only for the kind drawn, so a chaos step costs little more
    /// than the step itself.
    pub fn chaos_action(&self, chaos: &Chaos) -> Option<Action<P>> {
        let mut rng = Rng::derived(self.seed(), self.step());
        let nodes = self.node_count();
        let up = self.node_ids().filter(|&n| self.is_up(n)).count();
        let down = nodes - up;
        let in_flight = self.in_flight().len();
        let next = if chaos.next > 0 {
            self.next_event()
        } else {
            None
        };
        let possible = |pick: Pick| -> bool {
            match pick {
                Pick::Next => next.is_some(),
                Pick::Deliver => self.deliverable().next().is_some(),
                Pick::Fire => self.fireable().next().is_some(),
                Pick::Request => self.requestable().next().is_some(),
                Pick::Drop | Pick::Duplicate => in_flight > 0,
                Pick::Delay => in_flight > 0 && chaos.max_delay > 0,
                Pick::Crash => up > 0 && down < chaos.max_down,
                Pick::Restart => down > 0,
                Pick::Pause => chaos.max_pause > 0 && self.awake().next().is_some(),
                Pick::Resume => self.paused().next().is_some(),
                Pick::Skew => nodes > 0,
                Pick::Partition => nodes >= 2,
                Pick::Heal => self.is_partitioned(),
                Pick::Tick => chaos.max_tick > 0,
            }
        };
        let options: [(Pick, u32); 15] = [
            (Pick::Next, chaos.next),
            (Pick::Deliver, chaos.deliver),
            (Pick::Fire, chaos.fire),
            (Pick::Request, chaos.request),
            (Pick::Drop, chaos.drop),
            (Pick::Duplicate, chaos.duplicate),
            (Pick::Delay, chaos.delay),
            (Pick::Crash, chaos.crash),
            (Pick::Restart, chaos.restart),
            (Pick::Pause, chaos.pause),
            (Pick::Resume, chaos.resume),
            (Pick::Skew, chaos.skew),
            (Pick::Partition, chaos.partition),
            (Pick::Heal, chaos.heal),
            (Pick::Tick, chaos.tick),
        ];
        let mut weights = [0u32; 15];
        for (i, &(pick, weight)) in options.iter().enumerate() {
            if weight > 0 && possible(pick) {
                weights[i] = weight;
            }
        }
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return None;
        }
        let mut ticket = rng.below(total);
        let mut chosen = Pick::Tick;
        for (i, &w) in weights.iter().enumerate() {
            if ticket < u64::from(w) {
                chosen = options[i].0;
                break;
            }
            ticket -= u64::from(w);
        }
        let any_msg = |rng: &mut Rng| self.in_flight()[rng.below(in_flight as u64) as usize].id;
        let pick_node = |rng: &mut Rng, list: Vec<NodeId>| rng.pick(&list).copied();
        let action = match chosen {
            Pick::Next => next.map(|(_, a)| a)?,
            Pick::Deliver => rng.pick(&self.deliverable().collect::<Vec<_>>())?.clone(),
            Pick::Fire => rng.pick(&self.fireable().collect::<Vec<_>>())?.clone(),
            Pick::Request => rng.pick(&self.requestable().collect::<Vec<_>>())?.clone(),
            Pick::Drop => Action::Drop(any_msg(&mut rng)),
            Pick::Duplicate => Action::Duplicate(any_msg(&mut rng)),
            Pick::Delay => Action::Delay(any_msg(&mut rng), 1 + rng.below(chaos.max_delay)),
            Pick::Crash => Action::Crash(pick_node(
                &mut rng,
                self.node_ids().filter(|&n| self.is_up(n)).collect(),
            )?),
            Pick::Restart => Action::Restart(pick_node(
                &mut rng,
                self.node_ids().filter(|&n| !self.is_up(n)).collect(),
            )?),
            Pick::Pause => {
                let n = pick_node(&mut rng, self.awake().collect())?;
                Action::Pause(n, 1 + rng.below(chaos.max_pause))
            }
            Pick::Resume => Action::Resume(pick_node(&mut rng, self.paused().collect())?),
            Pick::Skew => {
                let max = chaos.max_skew.max(0);
                let n = NodeId(rng.below(nodes as u64) as u8);
                Action::Skew(n, rng.range_i64(-max, max))
            }
            Pick::Partition => Action::Partition(random_groups(
                &mut rng,
                &self.node_ids().collect::<Vec<_>>(),
            )),
            Pick::Heal => Action::Heal,
            Pick::Tick => Action::Tick(1 + rng.below(chaos.max_tick)),
        };
        Some(action)
    }

    /// Runs `steps` chaos steps (fewer if nothing can happen).
    pub fn run_chaos(&mut self, chaos: &Chaos, steps: u64) -> Result<ChaosRun, ActionError> {
        let mut run = ChaosRun {
            steps: 0,
            violations: Vec::new(),
            stuck: false,
        };
        for _ in 0..steps {
            let Some(action) = self.chaos_action(chaos) else {
                run.stuck = true;
                break;
            };
            let report = self.apply(action)?;
            run.violations.extend(report.violations);
            run.steps += 1;
        }
        Ok(run)
    }
}

/// Two or three random sides, each non-empty.
fn random_groups(rng: &mut Rng, nodes: &[NodeId]) -> Vec<Vec<NodeId>> {
    let sides = if nodes.len() >= 3 {
        2 + rng.below(2) as usize
    } else {
        2
    };
    let mut groups = vec![Vec::new(); sides];
    for &n in nodes {
        groups[rng.below(sides as u64) as usize].push(n);
    }
    groups.retain(|g| !g.is_empty());
    if groups.len() < 2 {
        let loner = *rng.pick(nodes).unwrap_or(&NodeId(0));
        let rest: Vec<NodeId> = nodes.iter().copied().filter(|&n| n != loner).collect();
        groups = vec![vec![loner], rest];
    }
    groups
}
