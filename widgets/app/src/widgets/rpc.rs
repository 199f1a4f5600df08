//! The Foundations widget: one client calls one server. It draws
//! `dsw_sim::rpc`: the cluster, the space-time diagram, and what the client
//! knows beside what really happened. Everything else (playback, faults,
//! search, links) is the kit's `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_kit::{
    ClusterView, SimFrame, SimSpec, SpaceTime, scene, select_message, toggle_node, use_sim,
};
use dsw_sim::Action;
use dsw_sim::rpc::{self, Rpc};
use yew::prelude::*;

pub static SPEC: SimSpec<Rpc> = SimSpec {
    widget: "rpc",
    title: "A remote call over an unreliable network",
    presets: rpc::PRESETS,
    fallback: "try-it",
    load: rpc::load,
    open_link: rpc::open_link,
    search: |world| {
        let (root, first) = rpc::explore_root(world);
        (root, first, rpc::explore_config())
    },
    keys: || {
        vec![(
            "c",
            "the client makes a call",
            Action::Request(rpc::CLIENT, rpc::Call),
        )]
    },
    setup: None,
};

#[derive(Properties, PartialEq)]
pub struct RpcProps {
    pub preset: AttrValue,
    /// Set when the widget is the stage of a predict question: it opens at
    /// this step, ignores shared links, and stays frozen while `frozen`.
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

#[function_component(RpcWidget)]
pub fn rpc_widget(props: &RpcProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let verdict = rpc::verdict(&world);
    let server_effects = world.node(rpc::SERVER).durable.effects;
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    let frozen = props.frozen;
    html! {
        <SimFrame<Rpc> spec={&SPEC} state={state.clone()} {frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
            if !frozen {
                <div class="dsw-views">
                    <div class="dsw-view dsw-client-view">
                        <strong>{ "What the client knows" }</strong>
                        <p>{ verdict.client_saw.clone() }</p>
                    </div>
                    <div class="dsw-view dsw-truth">
                        <strong>{ "What really happened" }</strong>
                        <p>{ verdict.really.clone() }</p>
                        <p class="dsw-effects">{ format!("Effect applied on the server: {server_effects}×") }</p>
                    </div>
                </div>
            }
        </SimFrame<Rpc>>
    }
}
