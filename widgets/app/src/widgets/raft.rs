//! The Raft widget: draws `dsw_raft` (the cluster, each server's log by
//! index and term, each server's Figure 2 state, and the space-time
//! diagram). Playback, faults, search and links come from the kit's
//! `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, LogGrid, LogRow, NodeRow, NodeTable, Setup, SimFrame, SimSpec, SpaceTime, scene,
    select_message, toggle_node, use_sim,
};
use dsw_raft::{Raft, Role, Variant};
use yew::prelude::*;

pub static SPEC: SimSpec<Raft> = SimSpec {
    widget: "raft",
    title: "Raft",
    presets: dsw_raft::PRESETS,
    fallback: "normal-election",
    load: dsw_raft::load,
    open_link: dsw_raft::open_link,
    search: |world| {
        (
            dsw_raft::explore_root(world),
            None,
            dsw_raft::explore_config(),
        )
    },
    keys: Vec::new,
    setup: Some(Setup {
        sizes: (3, dsw_raft::MAX_NODES),
        size_of: |raft| raft.nodes,
        rules: || {
            Variant::ALL
                .into_iter()
                .map(|v| (v.name(), v.summary()))
                .collect()
        },
        rules_of: |raft| raft.variant.name(),
        replay: dsw_raft::replay,
    }),
};

#[derive(Properties, PartialEq)]
pub struct RaftProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

#[function_component(RaftWidget)]
pub fn raft_widget(props: &RaftProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let mut logs = Vec::new();
    let mut rows = Vec::new();
    for view in world.nodes() {
        let name = AttrValue::from(world.node_name(view.id));
        let disk = view.durable;
        let memory = view.volatile;
        logs.push(LogRow {
            name: name.clone(),
            up: memory.is_some(),
            leader: memory.is_some_and(|m| m.role.is_leader()),
            entries: disk
                .log
                .iter()
                .map(|e| (e.term, AttrValue::from(e.cmd.short())))
                .collect(),
            committed: memory.map_or(0, |m| m.commit_index as usize),
        });
        let volatile = |f: &dyn Fn(&dsw_raft::Memory) -> String| {
            AttrValue::from(memory.map_or_else(|| "—".to_owned(), f))
        };
        rows.push(NodeRow {
            name,
            up: memory.is_some(),
            cells: vec![
                (
                    "role".into(),
                    volatile(&|m| match m.role {
                        Role::Candidate { votes } => {
                            format!("candidate ({} votes)", votes.count_ones())
                        }
                        ref role => role.name().to_owned(),
                    }),
                ),
                (
                    "term".into(),
                    AttrValue::from(disk.current_term.to_string()),
                ),
                (
                    "voted for".into(),
                    AttrValue::from(
                        disk.voted_for
                            .map_or_else(|| "—".to_owned(), |n| world.node_name(n)),
                    ),
                ),
                ("commit".into(), volatile(&|m| m.commit_index.to_string())),
                (
                    "state machine".into(),
                    volatile(&|m| {
                        if m.kv.is_empty() {
                            "(empty)".to_owned()
                        } else {
                            m.kv.iter()
                                .map(|(k, v)| format!("{}={v}", char::from(*k)))
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                    }),
                ),
            ],
        });
    }
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    html! {
        <SimFrame<Raft> spec={&SPEC} state={state.clone()} frozen={props.frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <LogGrid rows={logs} />
            <NodeTable {rows} />
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
        </SimFrame<Raft>>
    }
}
