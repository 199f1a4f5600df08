//! The atomic-commit widget: draws `dsw_twopc` (the coordinator and its
//! participants, each participant's state, vote and locks, how long it has
//! been in doubt, the coordinator's log, and the space-time diagram).
//! Playback, faults, the rules menu, search and links come from the kit's
//! `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, NodeRow, NodeTable, Setup, SimFrame, SimSpec, SpaceTime, scene, select_message,
    toggle_node, use_sim,
};
use dsw_sim::scenario;
use dsw_twopc::{AtomicCommit, Disk, Memory, Phases, TmPhase, TwoPcHost, Variant};
use yew::prelude::*;

pub static SPEC: SimSpec<AtomicCommit> = SimSpec {
    widget: "twopc",
    title: "Atomic commit: 2PC and 3PC",
    presets: dsw_twopc::PRESETS,
    fallback: "coordinator-crash-in-doubt",
    load: |name| scenario::load_named(&TwoPcHost, dsw_twopc::PRESETS, name),
    open_link: |code| scenario::open_named_link(&TwoPcHost, dsw_twopc::PRESETS, code),
    search: |world| {
        (
            dsw_twopc::explore_root(world),
            None,
            dsw_twopc::explore_config(),
        )
    },
    keys: Vec::new,
    setup: Some(Setup {
        sizes: (2, 5),
        size_of: |p| p.participants,
        rules: || {
            Variant::ALL
                .into_iter()
                .map(|v| (v.name(), v.summary()))
                .collect()
        },
        rules_of: |p| p.variant.name(),
        replay: |name, seed, actions, step| {
            scenario::replay_named(&TwoPcHost, dsw_twopc::PRESETS, name, seed, actions, step)
        },
    }),
};

#[derive(Properties, PartialEq)]
pub struct TwoPcProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

fn tm_phase(phase: &TmPhase) -> String {
    match phase {
        TmPhase::Idle => "idle".to_owned(),
        TmPhase::Collecting => "collecting votes".to_owned(),
        TmPhase::PreCommitted { .. } => "pre-committed (3PC)".to_owned(),
        TmPhase::Decided { decision, .. } => format!("decided: {}", decision.name()),
    }
}

#[function_component(TwoPcWidget)]
pub fn twopc_widget(props: &TwoPcProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let now = world.now();
    let three_phase = world.protocol().phases == Phases::Three;
    let mut rows = Vec::new();
    for view in world.nodes() {
        let name = AttrValue::from(world.node_name(view.id));
        let up = view.volatile.is_some();
        let cells = match (view.durable, view.volatile) {
            (Disk::Tm(disk), memory) => {
                let mut log = Vec::new();
                if disk.begun {
                    log.push("BEGIN");
                }
                if disk.precommit {
                    log.push("PRECOMMIT");
                }
                if disk.commit {
                    log.push("COMMIT");
                }
                vec![
                    ("role".into(), "coordinator".into()),
                    (
                        "state".into(),
                        AttrValue::from(match memory {
                            Some(Memory::Tm(m)) => tm_phase(&m.phase),
                            _ => "down".to_owned(),
                        }),
                    ),
                    ("vote".into(), "—".into()),
                    (
                        "log on disk".into(),
                        AttrValue::from(if log.is_empty() {
                            "(empty)".to_owned()
                        } else {
                            log.join(", ")
                        }),
                    ),
                    ("locks".into(), "—".into()),
                ]
            }
            (Disk::Rm(disk), memory) => {
                let rm = match memory {
                    Some(Memory::Rm(m)) => Some(m),
                    _ => None,
                };
                let mut status = disk.state.name().to_owned();
                if let Some(since) = rm.and_then(|m| m.in_doubt_since.0)
                    && disk.state.is_in_doubt()
                {
                    status += &format!(", in doubt for {} ticks", now.saturating_sub(since));
                }
                vec![
                    ("role".into(), "participant".into()),
                    ("state".into(), AttrValue::from(status)),
                    (
                        "vote".into(),
                        AttrValue::from(match disk.vote {
                            None => "not yet",
                            Some(true) => "yes (logged)",
                            Some(false) => "no",
                        }),
                    ),
                    (
                        "log on disk".into(),
                        AttrValue::from(match disk.vote {
                            Some(true) => "PREPARED",
                            _ => "—",
                        }),
                    ),
                    (
                        "locks".into(),
                        AttrValue::from(match rm {
                            Some(m) if m.locked => "held",
                            Some(_) => "released",
                            None if disk.state.is_in_doubt() => "held (restart re-acquires)",
                            None => "—",
                        }),
                    ),
                ]
            }
        };
        rows.push(NodeRow {
            name,
            up,
            cells: cells.into_iter().collect(),
        });
    }
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    html! {
        <SimFrame<AtomicCommit> spec={&SPEC} state={state.clone()} frozen={props.frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <p class="dsw-caption">{ if three_phase {
                "Three-phase commit: prepared, then pre-committed, then committed."
            } else {
                "Two-phase commit: a participant that voted yes is in doubt until it hears the decision, and keeps its locks."
            } }</p>
            <NodeTable {rows} />
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
        </SimFrame<AtomicCommit>>
    }
}
