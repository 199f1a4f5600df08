//! The commands every scenario understands.
//!
//! | command | effect |
//! |---|---|
//! | `request NODE [TEXT]` | a user asks NODE (the request whose description contains TEXT) |
//! | `deliver [MSG]`, `drop [MSG]`, `duplicate [MSG]` | act on a message: `m7`, `a->b`, words from its description, or (none) the next one due |
//! | `delay [MSG] TICKS` | hold a message back |
//! | `crash N`, `restart N`, `resume N` | node faults |
//! | `pause N TICKS`, `skew N OFFSET` | freeze a node, offset its clock |
//! | `partition a,b \| c`, `heal` | cut and repair the network |
//! | `fire NODE [TEXT]` | fire one of NODE's timers |
//! | `tick N` | let N ticks pass, handling every event due |
//! | `step [N]` | take the next N natural events |
//! | `settle [MAX]` | take natural events until none is left |
//! | `run N [kind=weight ...]` | N chaos steps |
//! | `seek N`, `back [N]`, `forward [N]` | time travel |
//! | `state`, `log [N]`, `actions`, `invariants`, `link` | inspect |

use crate::action::{Action, ActionKind};
use crate::chaos::Chaos;
use crate::fragment;
use crate::ids::{MsgId, NodeId, Time};
use crate::protocol::Protocol;
use crate::scenario::Command;
use crate::world::World;

/// Log lines after `step` (all of them for `None`), one per line with the
/// true time.
pub fn lines_since<P: Protocol>(world: &World<P>, step: Option<u64>) -> String {
    world
        .log()
        .iter()
        .filter(|e| step.is_none_or(|s| e.step > s))
        .map(|e| format!("t={} {}", e.time, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn node<P: Protocol>(world: &World<P>, name: Option<&&str>) -> Result<NodeId, String> {
    let name = name.ok_or("which node?")?;
    world.node_by_name(name).ok_or_else(|| {
        let names: Vec<String> = world.node_ids().map(|n| world.node_name(n)).collect();
        format!("there is no node \"{name}\" (nodes: {})", names.join(", "))
    })
}

fn number<T: std::str::FromStr>(word: Option<&&str>, what: &str) -> Result<T, String> {
    let w = word.ok_or_else(|| format!("missing {what}"))?;
    w.parse()
        .map_err(|_| format!("\"{w}\" is not a valid {what}"))
}

/// Picks a message: by id, by link, by words of its description, or the
/// next one due.
fn message<P: Protocol>(world: &World<P>, words: &[&str]) -> Result<MsgId, String> {
    let by_due = |keep: &dyn Fn(&crate::state::Envelope<P::Msg>) -> bool| {
        world
            .in_flight()
            .iter()
            .filter(|e| keep(e))
            .min_by_key(|e| (e.due, e.id))
            .map(|e| e.id)
    };
    if words.is_empty() {
        return by_due(&|_| true).ok_or_else(|| "no message is in flight".to_owned());
    }
    let spec = words.join(" ");
    if let Some(id) = spec.strip_prefix('m').and_then(|n| n.parse().ok()) {
        return Ok(MsgId(id));
    }
    if let Some((from, to)) = spec.split_once("->") {
        let from = node(world, Some(&from.trim()))?;
        let to = node(world, Some(&to.trim()))?;
        return by_due(&|e| e.from == from && e.to == to).ok_or_else(|| {
            format!(
                "no message from {} to {} is in flight",
                world.node_name(from),
                world.node_name(to)
            )
        });
    }
    let needle = spec.to_lowercase();
    by_due(&|e| {
        world
            .protocol()
            .describe_msg(&e.msg)
            .to_lowercase()
            .contains(&needle)
    })
    .ok_or_else(|| format!("no message matching \"{spec}\" is in flight"))
}

fn partition_groups<P: Protocol>(
    world: &World<P>,
    args: &[String],
) -> Result<Vec<Vec<NodeId>>, String> {
    let text = args.join(" ");
    let mut groups = Vec::new();
    for side in text.split('|') {
        let mut group = Vec::new();
        for name in side.split([',', ' ']).filter(|s| !s.is_empty()) {
            group.push(node(world, Some(&name))?);
        }
        if group.is_empty() {
            return Err("each side of a partition needs at least one node".to_owned());
        }
        groups.push(group);
    }
    Ok(groups)
}

fn chaos_from(cmd: &Command) -> Result<Chaos, String> {
    let mut c = Chaos::default();
    for arg in &cmd.args {
        let Some((k, v)) = arg.split_once('=') else {
            continue;
        };
        if k == "max_down" {
            c.max_down = v
                .parse()
                .map_err(|_| format!("max_down={v} is not a valid count"))?;
            continue;
        }
        let v: u32 = v
            .parse()
            .map_err(|_| format!("{k}={v} is not a valid weight"))?;
        let slot = match k {
            "next" => &mut c.next,
            "deliver" => &mut c.deliver,
            "fire" => &mut c.fire,
            "request" => &mut c.request,
            "drop" => &mut c.drop,
            "duplicate" => &mut c.duplicate,
            "delay" => &mut c.delay,
            "crash" => &mut c.crash,
            "restart" => &mut c.restart,
            "pause" => &mut c.pause,
            "resume" => &mut c.resume,
            "skew" => &mut c.skew,
            "partition" => &mut c.partition,
            "heal" => &mut c.heal,
            "tick" => &mut c.tick,
            other => return Err(format!("unknown chaos weight {other}=")),
        };
        *slot = v;
    }
    Ok(c)
}

/// The state panel as text.
pub fn describe_state<P: Protocol>(world: &World<P>) -> String {
    let mut out = vec![format!("t={} step={}", world.now(), world.step())];
    for v in world.nodes() {
        let mut flags = vec![if v.is_up() { "up" } else { "down" }.to_owned()];
        if let Some(until) = v.paused_until {
            flags.push(format!("paused until t={until}"));
        }
        if v.skew != 0 {
            flags.push(format!("clock {:+}", v.skew));
        }
        out.push(format!(
            "{} ({}): {}",
            world.node_name(v.id),
            flags.join(", "),
            world.protocol().describe_node(v.id, v.durable, v.volatile)
        ));
    }
    if world.in_flight().is_empty() {
        out.push("in flight: nothing".to_owned());
    }
    for e in world.in_flight() {
        out.push(format!(
            "in flight: {}, due t={}",
            world.describe_envelope(e),
            e.due
        ));
    }
    for (n, t, slot) in world.timers() {
        out.push(format!(
            "timer: {}'s {} at t={}",
            world.node_name(n),
            world.protocol().describe_timer(t),
            slot.due
        ));
    }
    if let Some(groups) = world.partition() {
        out.push(format!("partition: {}", world.describe_groups(&groups)));
    }
    out.join("\n")
}

fn apply<P: Protocol>(world: &mut World<P>, action: Action<P>) -> Result<String, String> {
    let before = world.step();
    world.apply(action).map_err(|e| e.to_string())?;
    Ok(lines_since(world, Some(before)))
}

/// Runs one generic command; `name` is the scenario's name, used by `link`.
pub fn execute<P: Protocol>(
    world: &mut World<P>,
    name: &str,
    cmd: &Command,
) -> Result<String, String> {
    let pos = cmd.positional();
    let before = world.step();
    match cmd.name.as_str() {
        "request" => {
            let n = node(world, pos.first())?;
            let text = pos[1..].join(" ").to_lowercase();
            let request = world
                .protocol()
                .requests(n)
                .into_iter()
                .find(|r| {
                    world
                        .protocol()
                        .describe_request(r)
                        .to_lowercase()
                        .contains(&text)
                })
                .ok_or_else(|| {
                    format!(
                        "{} offers no request matching \"{text}\"",
                        world.node_name(n)
                    )
                })?;
            apply(world, Action::Request(n, request))
        }
        "deliver" => {
            let id = message(world, &pos)?;
            apply(world, Action::Deliver(id))
        }
        "drop" => {
            let id = message(world, &pos)?;
            apply(world, Action::Drop(id))
        }
        "duplicate" => {
            let id = message(world, &pos)?;
            apply(world, Action::Duplicate(id))
        }
        "delay" => {
            let (ticks, rest) = pos.split_last().ok_or("delay by how many ticks?")?;
            let ticks: Time = number(Some(ticks), "number of ticks")?;
            let id = message(world, rest)?;
            apply(world, Action::Delay(id, ticks))
        }
        "crash" => apply(world, Action::Crash(node(world, pos.first())?)),
        "restart" => apply(world, Action::Restart(node(world, pos.first())?)),
        "resume" => apply(world, Action::Resume(node(world, pos.first())?)),
        "pause" => {
            let n = node(world, pos.first())?;
            apply(
                world,
                Action::Pause(n, number(pos.get(1), "number of ticks")?),
            )
        }
        "skew" => {
            let n = node(world, pos.first())?;
            apply(world, Action::Skew(n, number(pos.get(1), "clock offset")?))
        }
        "partition" => {
            let groups = partition_groups(world, &cmd.args)?;
            apply(world, Action::Partition(groups))
        }
        "heal" => apply(world, Action::Heal),
        "fire" => {
            let n = node(world, pos.first())?;
            let text = pos[1..].join(" ").to_lowercase();
            let timer = world
                .timers()
                .filter(|(owner, t, _)| {
                    *owner == n
                        && world
                            .protocol()
                            .describe_timer(t)
                            .to_lowercase()
                            .contains(&text)
                })
                .min_by_key(|(_, _, slot)| slot.due)
                .map(|(_, t, _)| t.clone())
                .ok_or_else(|| {
                    format!(
                        "{} has no pending timer matching \"{text}\"",
                        world.node_name(n)
                    )
                })?;
            apply(world, Action::FireTimer(n, timer))
        }
        "tick" => {
            let ticks: Time = number(pos.first(), "number of ticks")?;
            world.advance(ticks).map_err(|e| e.to_string())?;
            Ok(lines_since(world, Some(before)))
        }
        "step" => {
            let n: u64 = if pos.is_empty() {
                1
            } else {
                number(pos.first(), "number of steps")?
            };
            for _ in 0..n {
                match world.step_natural() {
                    Some(r) => {
                        r.map_err(|e| e.to_string())?;
                    }
                    None => break,
                }
            }
            Ok(lines_since(world, Some(before)))
        }
        "settle" => {
            let max: u64 = if pos.is_empty() {
                1000
            } else {
                number(pos.first(), "number of steps")?
            };
            world.run_until_quiet(max).map_err(|e| e.to_string())?;
            Ok(lines_since(world, Some(before)))
        }
        "run" => {
            let steps: u64 = number(pos.first(), "number of steps")?;
            let chaos = chaos_from(cmd)?;
            let run = world.run_chaos(&chaos, steps).map_err(|e| e.to_string())?;
            let mut counts = std::collections::BTreeMap::<ActionKind, u32>::new();
            for a in &world.trace()[before as usize..world.step() as usize] {
                *counts.entry(a.kind()).or_default() += 1;
            }
            let kinds: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let mut out = vec![format!(
                "ran {} chaos steps to t={}: {}",
                run.steps,
                world.now(),
                kinds.join(", ")
            )];
            if run.stuck {
                out.push("stopped early: nothing else could happen".to_owned());
            }
            for v in &run.violations {
                out.push(format!(
                    "step {}: invariant \"{}\" broke: {}",
                    v.step, v.invariant, v.reason
                ));
            }
            Ok(out.join("\n"))
        }
        "seek" => {
            world
                .seek(number(pos.first(), "step")?)
                .map_err(|e| e.to_string())?;
            Ok(format!("at step {}, t={}", world.step(), world.now()))
        }
        "back" | "forward" => {
            let n: u64 = if pos.is_empty() {
                1
            } else {
                number(pos.first(), "number of steps")?
            };
            let target = if cmd.name == "back" {
                world.step().saturating_sub(n)
            } else {
                world
                    .step()
                    .saturating_add(n)
                    .min(world.trace().len() as u64)
            };
            world.seek(target).map_err(|e| e.to_string())?;
            Ok(format!("at step {}, t={}", world.step(), world.now()))
        }
        "state" => Ok(describe_state(world)),
        "log" => {
            let all = lines_since(world, None);
            match pos.first() {
                None => Ok(all),
                Some(n) => {
                    let n: usize = number(Some(n), "number of lines")?;
                    let lines: Vec<&str> = all.lines().collect();
                    Ok(lines[lines.len().saturating_sub(n)..].join("\n"))
                }
            }
        }
        "actions" => Ok(world
            .enabled_actions()
            .iter()
            .map(|a| world.describe_action(a))
            .collect::<Vec<_>>()
            .join("\n")),
        "invariants" => {
            let status = world.invariant_status();
            if status.is_empty() {
                return Ok("no invariants".to_owned());
            }
            Ok(status
                .into_iter()
                .map(|s| match s.holds {
                    Ok(()) => format!("ok: {}", s.name),
                    Err(why) => format!("BROKEN: {}: {why}", s.name),
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        "link" => {
            let recipe = world.recipe(name);
            let text = fragment::encode(&recipe);
            let back = fragment::decode::<P>(&text).map_err(|e| e.to_string())?;
            if back != recipe {
                return Err("the link does not decode to the same trace".to_owned());
            }
            Ok(format!(
                "{text}\n({} actions, opens at step {}, {} characters)",
                recipe.actions.len(),
                recipe.step,
                text.len()
            ))
        }
        other => Err(format!("unknown command \"{other}\"")),
    }
}
