//! The saga widget: draws `dsw_saga` (the orchestrator's durable saga log,
//! each service's local database and outbox, the broker's stored messages,
//! and the space-time diagram). Failures, crashes, duplicates, the outbox
//! and dedupe switches (the Rules menu), search and links come from the
//! kit's `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, NodeRow, NodeTable, Setup, SimFrame, SimSpec, SpaceTime, scene, select_message,
    toggle_node, use_sim,
};
use dsw_saga::{Disk, Saga, SagaHost, Variant};
use dsw_sim::scenario;
use yew::prelude::*;

pub static SPEC: SimSpec<Saga> = SimSpec {
    widget: "saga",
    title: "A booking saga: compensations, the outbox and idempotent consumers",
    presets: dsw_saga::PRESETS,
    fallback: "flight-fails",
    load: |name| scenario::load_named(&SagaHost, dsw_saga::PRESETS, name),
    open_link: |code| scenario::open_named_link(&SagaHost, dsw_saga::PRESETS, code),
    search: |world| {
        (
            dsw_saga::explore_root(world),
            None,
            dsw_saga::explore_config(),
        )
    },
    keys: Vec::new,
    setup: Some(Setup {
        // The saga's cast is fixed: a head, four services and a broker.
        sizes: (dsw_saga::NODES, dsw_saga::NODES),
        size_of: |_| dsw_saga::NODES,
        rules: || {
            Variant::ALL
                .into_iter()
                .map(|v| (v.name(), v.summary()))
                .collect()
        },
        rules_of: |saga| saga.variant().name(),
        replay: |name, seed, actions, step| {
            scenario::replay_named(&SagaHost, dsw_saga::PRESETS, name, seed, actions, step)
        },
    }),
};

#[derive(Properties, PartialEq)]
pub struct SagaProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

#[function_component(SagaWidget)]
pub fn saga_widget(props: &SagaProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let effects = dsw_saga::effects(&world);
    let summary = dsw_saga::summary(&world);
    let mut rows = Vec::new();
    for view in world.nodes() {
        let name = world.node_name(view.id);
        let waiting = view.volatile.map_or(0, |m| m.unpublished.len());
        let (role, state_text) = match view.durable {
            Disk::Head(h) => (
                "saga log".to_owned(),
                format!("{:?}", h.phase).to_lowercase(),
            ),
            Disk::Service(_) => (
                "service".to_owned(),
                effects
                    .iter()
                    .find_map(|e| e.strip_prefix(&format!("{name}: ")))
                    .unwrap_or("—")
                    .to_owned(),
            ),
            Disk::Broker(b) => (
                "broker".to_owned(),
                format!("{} message(s) stored until acked", b.stored.len()),
            ),
        };
        let outbox = view.durable.outbox().len();
        rows.push(NodeRow {
            name: AttrValue::from(name),
            up: view.volatile.is_some(),
            cells: vec![
                ("role".into(), AttrValue::from(role)),
                ("state".into(), AttrValue::from(state_text)),
                (
                    "outbox (on disk)".into(),
                    AttrValue::from(outbox.to_string()),
                ),
                (
                    "to publish (memory)".into(),
                    AttrValue::from(waiting.to_string()),
                ),
            ],
        });
    }
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    html! {
        <SimFrame<Saga> spec={&SPEC} state={state.clone()} frozen={props.frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <NodeTable {rows} />
            <pre class="dsw-caption dsw-saga-summary">{ summary }</pre>
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
        </SimFrame<Saga>>
    }
}
