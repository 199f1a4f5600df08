//! The Paxos widget: draws `dsw_paxos` (the cluster, every acceptor's
//! promise and accepted votes, every learner's choices, slot by slot, and
//! the space-time diagram). Playback, faults, the rules menu, search and
//! links come from the kit's `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, LogGrid, LogRow, NodeRow, NodeTable, Setup, SimFrame, SimSpec, SpaceTime, scene,
    select_message, toggle_node, use_sim,
};
use dsw_paxos::{Mode, Paxos, PaxosHost, Phase, Slot, Variant};
use dsw_sim::scenario;
use yew::prelude::*;

pub static SPEC: SimSpec<Paxos> = SimSpec {
    widget: "paxos",
    title: "Paxos",
    presets: dsw_paxos::PRESETS,
    fallback: "value-adoption",
    load: |name| scenario::load_named(&PaxosHost, dsw_paxos::PRESETS, name),
    open_link: |code| scenario::open_named_link(&PaxosHost, dsw_paxos::PRESETS, code),
    search: |world| {
        (
            dsw_paxos::explore_root(world),
            None,
            dsw_paxos::explore_config(),
        )
    },
    keys: Vec::new,
    setup: Some(Setup {
        sizes: (3, dsw_paxos::MAX_NODES),
        size_of: |paxos| paxos.nodes,
        rules: || {
            Variant::ALL
                .into_iter()
                .map(|v| (v.name(), v.summary()))
                .collect()
        },
        rules_of: |paxos| paxos.variant.name(),
        replay: |name, seed, actions, step| {
            scenario::replay_named(&PaxosHost, dsw_paxos::PRESETS, name, seed, actions, step)
        },
    }),
};

#[derive(Properties, PartialEq)]
pub struct PaxosProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

fn phase(p: &Phase, majority: usize) -> String {
    match p {
        Phase::Idle => "—".to_owned(),
        Phase::Preparing {
            ballot, promises, ..
        } => format!(
            "phase 1, ballot {ballot}: {} of {majority} promises",
            promises.count_ones()
        ),
        Phase::Proposing { ballot, .. } => format!("phase 2, ballot {ballot}"),
    }
}

#[function_component(PaxosWidget)]
pub fn paxos_widget(props: &PaxosProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let paxos = world.protocol();
    let majority = paxos.majority();
    let multi = paxos.mode == Mode::Multi;
    let mut slots: Vec<LogRow> = Vec::new();
    let mut rows = Vec::new();
    for view in world.nodes() {
        let name = AttrValue::from(world.node_name(view.id));
        let disk = view.durable;
        let memory = view.volatile;
        let top_slot: Slot = disk.accepted.iter().map(|v| v.slot).max().unwrap_or(0);
        let learned_prefix = memory.map_or(0, |m| {
            (1..=top_slot)
                .take_while(|s| m.learned_in(*s).is_some())
                .count()
        });
        slots.push(LogRow {
            name: name.clone(),
            up: memory.is_some(),
            leader: memory.is_some_and(|m| matches!(m.phase, Phase::Proposing { .. })),
            entries: (1..=top_slot)
                .map(|s| match disk.accepted_in(s) {
                    Some(vote) => (
                        u64::from(vote.ballot.round),
                        AttrValue::from(format!("{} @{}", vote.value, vote.ballot)),
                    ),
                    None => (0, AttrValue::from("")),
                })
                .collect(),
            committed: learned_prefix,
        });
        let accepted = if disk.accepted.is_empty() {
            "nothing".to_owned()
        } else {
            disk.accepted
                .iter()
                .map(|v| {
                    if multi {
                        format!("slot {}: {} in {}", v.slot, v.value, v.ballot)
                    } else {
                        format!("{} in {}", v.value, v.ballot)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let promised = memory
            .and_then(|m| m.promised)
            .or(disk.promised)
            .map_or_else(|| "—".to_owned(), |b| b.to_string());
        rows.push(NodeRow {
            name,
            up: memory.is_some(),
            cells: vec![
                (
                    "proposer".into(),
                    AttrValue::from(
                        memory.map_or_else(|| "down".to_owned(), |m| phase(&m.phase, majority)),
                    ),
                ),
                ("promised".into(), AttrValue::from(promised)),
                ("accepted".into(), AttrValue::from(accepted)),
                (
                    "learned".into(),
                    AttrValue::from(memory.map_or_else(
                        || "—".to_owned(),
                        |m| {
                            if m.learned.is_empty() {
                                "nothing yet".to_owned()
                            } else {
                                m.learned
                                    .iter()
                                    .map(|(s, v)| {
                                        if multi {
                                            format!("slot {s}: {v}")
                                        } else {
                                            v.to_string()
                                        }
                                    })
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        },
                    )),
                ),
            ],
        });
    }
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    html! {
        <SimFrame<Paxos> spec={&SPEC} state={state.clone()} frozen={props.frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <NodeTable {rows} />
            if multi {
                <LogGrid rows={slots} />
            }
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
        </SimFrame<Paxos>>
    }
}
