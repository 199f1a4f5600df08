//! The chapter's diagrams. Each is a share code (see [`crate::encoding`]),
//! so a preset is built by the same validated edits a learner makes, and
//! the widget can step through it edit by edit.

use crate::diagram::{Diagram, EventId};
use crate::{MAX_PROCESSES, MIN_PROCESSES, Variant, encoding};

/// A named diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub title: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    /// Its share code: the edits that build it.
    pub code: &'static str,
    /// Named events the chapter and the quiz talk about (`a`, `b`, `c`),
    /// by event id.
    pub marks: &'static [(&'static str, u32)],
}

impl Preset {
    /// The event a mark names.
    pub fn mark(&self, name: &str) -> Option<EventId> {
        self.marks
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| EventId(*id))
    }
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "basics",
        title: "Three processes, four messages",
        summary: "Lamport and vector stamps on a small exchange; b and c get the same Lamport stamp yet are concurrent",
        // p1: e0 local, e1 send to p2, e7 receive from p3.
        // p2: e2 receive, e4 send to p3, e8 local.
        // p3: e3 local, e5 receive, e6 send to p1.
        code: "c1.n3.l1@10.s1@20.r2@40f1.l3@30.s2@50.r3@70f4.s3@80.r1@100f6.l2@90",
        marks: &[("a", 0), ("b", 5), ("c", 8)],
    },
    Preset {
        name: "lamport-not-causal",
        title: "A smaller Lamport stamp is not a cause",
        summary: "L(a) < L(b), yet a and b are concurrent; L(a) < L(c) too, and there a did cause c",
        code: "c1.n3.l1@10.s1@20.l2@15.l2@25.l2@35.r3@60f1",
        marks: &[("a", 0), ("b", 4), ("c", 5)],
    },
    Preset {
        name: "vector-concurrent",
        title: "Concurrent writes, seen by vectors",
        summary: "two writes a and b are concurrent, their vectors incomparable; c has heard of both",
        code: "c1.n3.s1@10.s2@12.r3@30f0.r3@40f1.s3@50.r1@70f4",
        marks: &[("a", 0), ("b", 1), ("c", 3)],
    },
    Preset {
        name: "skewed-clock",
        title: "A fast clock reverses cause and effect",
        summary: "p1's clock runs 20 ms fast: its send is stamped after the receipt it caused, and last-writer-wins drops p2's newer write",
        code: "c1.n2.k1=20.s1@100.r2@105f0.l2@110",
        marks: &[("a", 0), ("b", 1), ("c", 2)],
    },
    Preset {
        name: "drifting-clock",
        title: "A drifting clock does it slowly",
        summary: "p2's clock gains 10% (exaggerated): after 400 ms it is 40 ms ahead and a reply is stamped before its request",
        code: "c1.n2.w2=100000.s1@400.r2@420f0.s2@430.r1@470f2",
        marks: &[("a", 0), ("b", 2), ("c", 3)],
    },
    Preset {
        name: "hlc",
        title: "Hybrid logical clocks under skew",
        summary: "p1's clock is 50 ms fast; HLC carries its time forward with a counter, never more than 50 ms ahead, and returns to physical time",
        code: "c1.n3.k1=50.l1@90.s1@100.l2@95.r2@110f1.s2@120.r3@130f4.l2@200.l3@140",
        marks: &[("a", 1), ("b", 3), ("c", 6)],
    },
    Preset {
        name: "tie-break",
        title: "Equal Lamport stamps, ordered by process id",
        summary: "a on p1 and b on p2 both get Lamport stamp 1; the total order puts a first although b happened 25 ms earlier",
        code: "c1.n3.l2@5.l1@30.s1@40.r3@60f2.s2@20.r3@50f4",
        marks: &[("a", 1), ("b", 0), ("c", 3)],
    },
    Preset {
        name: "receive-without-plus-one",
        title: "The seeds' receive rule: max without + 1",
        summary: "with max(local, received) alone, a receipt gets its send's stamp and the tie-break orders the effect first",
        code: "c1.n2.vlamport-max-only.s2@10.r1@30f0.l1@40",
        marks: &[("a", 0), ("b", 1), ("c", 2)],
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// A diagram by name, with its whole history so the learner can step back
/// through it: a preset (`basics`), an empty diagram (`fresh-4`), or either
/// under other rules (`basics@lamport-max-only`).
pub fn load(name: &str) -> Result<Diagram, String> {
    let (base, variant) = match name.split_once('@') {
        Some((base, v)) => (
            base,
            Some(Variant::parse(v).ok_or_else(|| format!("`{v}` is not a rule variant"))?),
        ),
        None => (name, None),
    };
    let mut diagram = if let Some(n) = base.strip_prefix("fresh-") {
        let n: usize = n.parse().map_err(|_| {
            format!("`{base}`: write fresh-N with N from {MIN_PROCESSES} to {MAX_PROCESSES}")
        })?;
        Diagram::new(n).map_err(|e| e.to_string())?
    } else {
        let p =
            preset(base).ok_or_else(|| format!("there is no clocks diagram called `{base}`"))?;
        encoding::decode(p.code).map_err(|e| format!("preset `{base}`: {e}"))?
    };
    if let Some(v) = variant {
        diagram.set_variant(v);
    }
    Ok(diagram)
}

/// Rebuilds the diagram of a shared link (the text after `#`).
pub fn open_link(code: &str) -> Result<Diagram, String> {
    encoding::decode(code).map_err(|e| e.to_string())
}
