//! Sentences about actions and network objects, for buttons, logs and
//! golden files.

use super::World;
use crate::action::Action;
use crate::ids::NodeId;
use crate::protocol::Protocol;
use crate::state::Envelope;

impl<P: Protocol> World<P> {
    /// `Request(call 1) from client to server (m3)`.
    pub fn describe_envelope(&self, e: &Envelope<P::Msg>) -> String {
        format!(
            "{} from {} to {} ({})",
            self.protocol().describe_msg(&e.msg),
            self.node_name(e.from),
            self.node_name(e.to),
            e.id
        )
    }

    /// `{n1, n2} | {n3}`.
    pub fn describe_groups(&self, groups: &[Vec<NodeId>]) -> String {
        groups
            .iter()
            .map(|g| {
                let names: Vec<String> = g.iter().map(|&n| self.node_name(n)).collect();
                format!("{{{}}}", names.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// A button label for an action in the current state.
    pub fn describe_action(&self, action: &Action<P>) -> String {
        let msg = |id| match self.message(id) {
            Some(e) => self.describe_envelope(e),
            None => format!("{id} (no longer in flight)"),
        };
        let p = self.protocol();
        match action {
            Action::Deliver(id) => format!("deliver {}", msg(*id)),
            Action::Drop(id) => format!("drop {}", msg(*id)),
            Action::Duplicate(id) => format!("duplicate {}", msg(*id)),
            Action::Delay(id, t) => format!("delay {} by {t} ticks", msg(*id)),
            Action::Partition(groups) => format!("partition {}", self.describe_groups(groups)),
            Action::Heal => "heal the partition".to_owned(),
            Action::Crash(n) => format!("crash {}", self.node_name(*n)),
            Action::Restart(n) => format!("restart {}", self.node_name(*n)),
            Action::Skew(n, o) => format!("set {}'s clock offset to {o:+}", self.node_name(*n)),
            Action::Pause(n, t) => format!("pause {} for {t} ticks", self.node_name(*n)),
            Action::Resume(n) => format!("let {} finish its pause", self.node_name(*n)),
            Action::FireTimer(n, t) => {
                format!(
                    "fire {}'s {} timer",
                    self.node_name(*n),
                    p.describe_timer(t)
                )
            }
            Action::Request(n, r) => {
                format!("ask {}: {}", self.node_name(*n), p.describe_request(r))
            }
            Action::Tick(t) => format!("let {t} tick{} pass", if *t == 1 { "" } else { "s" }),
        }
    }
}
