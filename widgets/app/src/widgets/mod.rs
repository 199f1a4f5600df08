//! The table from widget names to components. Every name in the registry
//! (`dsw_spec::WIDGETS`) must have a row here; a test checks it.

use dsw_spec::Config;
use yew::prelude::*;

mod cap;
mod clocks;
mod history;
mod host_check;
mod paxos;
mod raft;
mod ring;
mod rpc;
mod saga;
mod twopc;

type Render = fn(&Config) -> Html;

fn component(name: &str) -> Option<Render> {
    Some(match name {
        "ring" => |c: &Config| html! { <ring::RingWidget nodes={c.int("nodes") as usize} /> },
        "rpc" => |c: &Config| html! { <rpc::RpcWidget preset={c.choice("preset").to_owned()} /> },
        "raft" => {
            |c: &Config| html! { <raft::RaftWidget preset={c.choice("preset").to_owned()} /> }
        }
        "twopc" => {
            |c: &Config| html! { <twopc::TwoPcWidget preset={c.choice("preset").to_owned()} /> }
        }
        "cap" => |c: &Config| html! { <cap::CapWidget preset={c.choice("preset").to_owned()} /> },
        "saga" => {
            |c: &Config| html! { <saga::SagaWidget preset={c.choice("preset").to_owned()} /> }
        }
        "paxos" => {
            |c: &Config| html! { <paxos::PaxosWidget preset={c.choice("preset").to_owned()} /> }
        }
        "clocks" => {
            |c: &Config| html! { <clocks::ClocksWidget preset={c.choice("preset").to_owned()} /> }
        }
        "history" => {
            |c: &Config| html! { <history::HistoryWidget preset={c.choice("preset").to_owned()} /> }
        }
        "host-check" => |c: &Config| html! { <host_check::HostCheck panic={c.bool("panic")} /> },
        _ => return None,
    })
}

/// The widgets predict questions show, frozen at the question's step.
pub fn stage() -> dsw_quiz_ui::Stage {
    dsw_quiz_ui::Stage(std::rc::Rc::new(
        |widget: &str, scenario: &str, step: u32, frozen: bool| match widget {
            "rpc" => {
                html! { <rpc::RpcWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "raft" => {
                html! { <raft::RaftWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "twopc" => {
                html! { <twopc::TwoPcWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "cap" => {
                html! { <cap::CapWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "saga" => {
                html! { <saga::SagaWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "paxos" => {
                html! { <paxos::PaxosWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "clocks" => {
                html! { <clocks::ClocksWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            "history" => {
                html! { <history::HistoryWidget preset={scenario.to_owned()} at_step={Some(step)} {frozen} /> }
            }
            other => {
                html! { <dsw_kit::ErrorBox message={format!("the widget `{other}` cannot be shown in a question")} /> }
            }
        },
    ))
}

pub fn view(config: &Config) -> Html {
    match component(config.widget.name) {
        Some(render) => render(config),
        None => html! {
            <dsw_kit::ErrorBox message={format!(
                "the widget `{}` is registered but this bundle has no component for it",
                config.widget.name
            )} />
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_registered_widget_has_a_component() {
        for widget in dsw_spec::WIDGETS {
            assert!(
                super::component(widget.name).is_some(),
                "no component for `{}`",
                widget.name
            );
        }
        assert!(super::component("no-such-widget").is_none());
    }
}
