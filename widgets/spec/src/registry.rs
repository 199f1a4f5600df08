//! Every widget an author can place, and its parameters. Adding a widget means
//! adding an entry here and a component in the host's `mount` table; the host
//! has a test that the two agree.

use crate::{Default, ParamKind, ParamSpec, WidgetSpec};

pub static WIDGETS: &[WidgetSpec] = &[
    WidgetSpec {
        name: "ring",
        summary: "A token passed around a ring of nodes: the controls every widget shares.",
        params: &[ParamSpec {
            name: "nodes",
            kind: ParamKind::Int { min: 3, max: 9 },
            default: Default::Int(5),
            help: "how many nodes stand in the ring",
        }],
    },
    WidgetSpec {
        name: "host-check",
        summary: "Exercises the widget host itself; the browser tests place it on a test page.",
        params: &[ParamSpec {
            name: "panic",
            kind: ParamKind::Bool,
            default: Default::Bool(false),
            help: "panic when the button is pressed, to prove one broken widget leaves the rest working",
        }],
    },
];
