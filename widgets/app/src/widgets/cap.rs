//! The CAP widget: draws `dsw_cap` (replicas holding one register, each
//! with a client, the history of client operations the run produced, the
//! writes last-writer-wins threw away, and the latency each policy costs).
//! Cutting the link, playback, the policy menu, search and links come from
//! the kit's `SimFrame`; every decision is the model's.

use std::rc::Rc;

use dsw_cap::{Cap, CapHost, Checked, Cmd, Outcome, Variant};
use dsw_kit::{
    ClusterView, NodeRow, NodeTable, Setup, SimFrame, SimSpec, SpaceTime, scene, select_message,
    toggle_node, use_sim,
};
use dsw_sim::scenario;
use yew::prelude::*;

pub static SPEC: SimSpec<Cap> = SimSpec {
    widget: "cap",
    title: "CAP: a partition forces a choice",
    presets: dsw_cap::PRESETS,
    fallback: "partition-available",
    load: |name| scenario::load_named(&CapHost, dsw_cap::PRESETS, name),
    open_link: |code| scenario::open_named_link(&CapHost, dsw_cap::PRESETS, code),
    search: |world| {
        (
            dsw_cap::explore_root(world),
            None,
            dsw_cap::explore_config(),
        )
    },
    keys: Vec::new,
    setup: Some(Setup {
        sizes: (dsw_cap::MIN_NODES, dsw_cap::MAX_NODES),
        size_of: |cap| cap.nodes,
        rules: || {
            Variant::ALL
                .into_iter()
                .map(|v| (v.name(), v.summary()))
                .collect()
        },
        rules_of: |cap| cap.variant.name(),
        replay: |name, seed, actions, step| {
            scenario::replay_named(&CapHost, dsw_cap::PRESETS, name, seed, actions, step)
        },
    }),
};

#[derive(Properties, PartialEq)]
pub struct CapProps {
    pub preset: AttrValue,
    #[prop_or_default]
    pub at_step: Option<u32>,
    #[prop_or_default]
    pub frozen: bool,
}

fn value(v: Option<u8>) -> String {
    v.map_or_else(|| "nil".to_owned(), |v| v.to_string())
}

#[function_component(CapWidget)]
pub fn cap_widget(props: &CapProps) -> Html {
    let state = use_sim(&SPEC, props.preset.clone(), props.at_step);
    let world = state.world();
    let picture = Rc::new(scene(&*world));
    let history = dsw_cap::history(&world);
    let summary = dsw_cap::summarize(&history);
    let discarded = dsw_cap::discarded_writes(&world);
    let mut rows = Vec::new();
    for view in world.nodes() {
        let stored = view.durable.stored;
        rows.push(NodeRow {
            name: AttrValue::from(world.node_name(view.id)),
            up: view.volatile.is_some(),
            cells: vec![
                (
                    "holds".into(),
                    AttrValue::from(format!(
                        "{} (version {})",
                        value(stored.value),
                        stored.version
                    )),
                ),
                (
                    "its client".into(),
                    AttrValue::from(match view.durable.client.waiting() {
                        Some(op) => format!("waiting: {}", op.cmd),
                        None => "idle".to_owned(),
                    }),
                ),
            ],
        });
    }
    let ops: Vec<Html> = history
        .ops
        .iter()
        .map(|op| {
            let replica = world.node_name(op.client);
            let (class, answer) = match op.outcome {
                None => ("dsw-op-pending", "waiting…".to_owned()),
                Some(Outcome::Ok) => (
                    "dsw-op-ok",
                    match op.cmd {
                        Cmd::Read => format!("ok: read {}", value(op.value)),
                        Cmd::Write(_) => "ok".to_owned(),
                    },
                ),
                Some(Outcome::Fail) => ("dsw-op-fail", "refused (fail)".to_owned()),
                Some(Outcome::Info) => ("dsw-op-info", "timed out: unknown (info)".to_owned()),
            };
            let span = match op.completed {
                Some(done) => format!("t={}–{done}", op.invoked),
                None => format!("t={}–", op.invoked),
            };
            html! {
                <tr class={class}>
                    <td>{ op.process }</td>
                    <td>{ replica }</td>
                    <td>{ op.cmd.to_string() }</td>
                    <td>{ span }</td>
                    <td>{ answer }</td>
                    <td>{ op.round_trips }</td>
                </tr>
            }
        })
        .collect();
    let jepsen = history.jepsen();
    let (checked_class, checked_text) = match history.checked() {
        Checked::Linearizable => (
            "dsw-holds",
            "Checked by the linearizability checker (dsw-lincheck): linearizable.".to_owned(),
        ),
        Checked::NotLinearizable { ops, explanation } => (
            "dsw-broken",
            format!(
                "Checked by the linearizability checker (dsw-lincheck): not linearizable. {explanation} Operations: {}.",
                ops.join("; ")
            ),
        ),
        Checked::Undecided(steps) => (
            "dsw-hint",
            format!("The linearizability checker gave up after {steps} steps."),
        ),
        Checked::Unreadable(e) => (
            "dsw-broken",
            format!("The history could not be checked: {e}."),
        ),
    };
    drop(world);

    let on_node = toggle_node(&state);
    let on_message = select_message(&state);
    html! {
        <SimFrame<Cap> spec={&SPEC} state={state.clone()} frozen={props.frozen} listens={props.at_step.is_none()}>
            <ClusterView scene={picture.clone()} selected={state.selected} on_node={on_node.clone()} on_message={on_message.clone()} />
            <NodeTable {rows} />
            <h4 class="dsw-subhead">{ "History: what the clients saw" }</h4>
            if ops.is_empty() {
                <p class="dsw-caption">{ "No client operations yet: use the buttons to read or write at a replica." }</p>
            } else {
                <div class="dsw-table-wrap">
                    <table class="dsw-node-table dsw-history">
                        <thead><tr>
                            <th scope="col">{ "process" }</th><th scope="col">{ "at" }</th>
                            <th scope="col">{ "operation" }</th><th scope="col">{ "time" }</th>
                            <th scope="col">{ "answer" }</th><th scope="col">{ "round trips" }</th>
                        </tr></thead>
                        <tbody>{ for ops }</tbody>
                    </table>
                </div>
            }
            if !discarded.is_empty() {
                <p class="dsw-notice-line">{ format!(
                    "Last-writer-wins threw away {} acknowledged write{}: {}.",
                    discarded.len(),
                    if discarded.len() == 1 { "" } else { "s" },
                    discarded.iter().map(|d| format!(
                        "{} by process {} (version {} won{})",
                        d.write.cmd,
                        d.write.process,
                        d.winner,
                        if d.earlier { ", although that write had finished before this one began" } else { ", written concurrently" }
                    )).collect::<Vec<_>>().join("; ")
                ) }</p>
            }
            <p class={classes!("dsw-lincheck", checked_class)}>{ checked_text }</p>
            <p class="dsw-caption dsw-latency">{ format!("Latency (PACELC's else): {summary}.") }</p>
            <details class="dsw-jepsen">
                <summary>{ "This history in Jepsen's format, for a linearizability checker" }</summary>
                <pre>{ jepsen }</pre>
            </details>
            <SpaceTime scene={picture} selected={state.selected} {on_node} {on_message} />
        </SimFrame<Cap>>
    }
}
