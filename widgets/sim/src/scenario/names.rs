//! Scenario names beyond the presets, so a learner can leave the chapter's
//! script: `cluster-7` is a fresh cluster of seven servers, and
//! `figure-8@commit-previous-term` is the `figure-8` preset replayed under
//! other rules. Share links carry the name, so whatever a learner built can
//! be reopened from the link alone.
//!
//! The name is turned into a script by editing the `new` line of the
//! preset (or writing one for a fresh cluster); every host already reads
//! `nodes=` and `variant=` there, so nothing protocol-specific is needed.

use std::borrow::Cow;

use super::{Host, Preset, load, open, setup};
use crate::Action;
use crate::fragment::{self, Recipe};
use crate::protocol::Protocol;
use crate::world::World;

/// What a scenario name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioName<'a> {
    pub base: Base<'a>,
    /// Rules other than the base's own, by their `variant=` name.
    pub variant: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base<'a> {
    Preset(&'a str),
    /// A fresh cluster of this many servers.
    Cluster(usize),
}

const CLUSTER: &str = "cluster-";

impl<'a> ScenarioName<'a> {
    pub fn parse(name: &'a str) -> ScenarioName<'a> {
        let (base, variant) = match name.split_once('@') {
            Some((base, variant)) => (base, Some(variant)),
            None => (name, None),
        };
        let base = match base.strip_prefix(CLUSTER).map(str::parse) {
            Some(Ok(n)) => Base::Cluster(n),
            _ => Base::Preset(base),
        };
        ScenarioName { base, variant }
    }

    pub fn format(&self) -> String {
        let base = match self.base {
            Base::Preset(name) => name.to_owned(),
            Base::Cluster(n) => format!("{CLUSTER}{n}"),
        };
        match self.variant {
            Some(v) => format!("{base}@{v}"),
            None => base,
        }
    }
}

/// Sets `key=value` on a script's `new` line, replacing any earlier value.
pub fn with_setting(script: &str, key: &str, value: &str) -> String {
    let mut done = false;
    let prefix = format!("{key}=");
    script
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            if done || words.next() != Some("new") {
                return line.to_owned();
            }
            done = true;
            let mut kept: Vec<&str> = std::iter::once("new")
                .chain(words.filter(|w| !w.starts_with(&prefix)))
                .collect();
            let setting = format!("{prefix}{value}");
            kept.push(&setting);
            kept.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The script a scenario name stands for. Whether the host accepts the
/// node count or the variant is the host's to say when the script runs.
pub fn script_for<'p>(presets: &'p [Preset], name: &str) -> Result<Cow<'p, str>, String> {
    let parsed = ScenarioName::parse(name);
    let script: Cow<'p, str> = match parsed.base {
        Base::Preset(base) => Cow::Borrowed(
            presets
                .iter()
                .find(|p| p.name == base)
                .ok_or_else(|| format!("there is no scenario \"{base}\""))?
                .script,
        ),
        Base::Cluster(n) => Cow::Owned(format!(
            "# A fresh cluster of {n}\n# Nothing has happened yet: start it and break it.\nnew nodes={n}\n----\n"
        )),
    };
    Ok(match parsed.variant {
        Some(v) => Cow::Owned(with_setting(&script, "variant", v)),
        None => script,
    })
}

/// Loads any scenario name: the world at the end of its script.
pub fn load_named<H: Host>(
    host: &H,
    presets: &[Preset],
    name: &str,
) -> Result<World<H::P>, String> {
    let script = script_for(presets, name)?;
    load(host, name, &script, None).map_err(|e| e.to_string())
}

/// Rebuilds the world of a shared link whose scenario is any name
/// [`script_for`] understands.
pub fn open_named_link<H: Host>(
    host: &H,
    presets: &[Preset],
    text: &str,
) -> Result<World<H::P>, String> {
    let recipe: Recipe<H::P> = fragment::decode(text).map_err(|e| e.to_string())?;
    let script = script_for(presets, &recipe.scenario)
        .map_err(|e| format!("the link names an unknown scenario: {e}"))?;
    open(host, &script, &recipe)
}

/// What became of a run replayed under another scenario name.
pub struct Replayed<P: Protocol> {
    pub world: World<P>,
    /// Set when the new rules changed the run so that an action of the old
    /// one no longer made sense: the replay stopped before it.
    pub stopped: Option<String>,
}

/// Replays `actions` (a run's trace) from the start of scenario `name`, with
/// `seed`, as far as they still apply, and puts the cursor at `step` or the
/// last replayed step. Used to switch the rules under a run the learner is
/// watching: the same deliveries, timers and faults, different decisions.
pub fn replay_named<H: Host>(
    host: &H,
    presets: &[Preset],
    name: &str,
    seed: u64,
    actions: &[Action<H::P>],
    step: u64,
) -> Result<Replayed<H::P>, String> {
    let script = script_for(presets, name)?;
    let mut world = setup(host, &script, Some(seed)).map_err(|e| e.to_string())?;
    let mut stopped = None;
    for (i, action) in actions.iter().enumerate() {
        if let Err(e) = world.apply(action.clone()) {
            stopped = Some(format!(
                "the new rules changed the run: step {} ({e}) no longer happens, so the replay stops at step {i}",
                i + 1
            ));
            break;
        }
    }
    let end = world.step().min(step);
    world.seek(end).map_err(|e| e.to_string())?;
    Ok(Replayed { world, stopped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "figure-8",
            "cluster-7",
            "figure-8@bug",
            "cluster-3@bug",
            "cluster-x",
        ] {
            assert_eq!(ScenarioName::parse(name).format(), name);
        }
        assert_eq!(ScenarioName::parse("cluster-7").base, Base::Cluster(7));
        assert_eq!(
            ScenarioName::parse("cluster-x").base,
            Base::Preset("cluster-x")
        );
        assert_eq!(ScenarioName::parse("a@b").variant, Some("b"));
    }

    #[test]
    fn settings_replace_only_the_new_line() {
        let script = "# title\nnew nodes=3 variant=correct seed=4\nrun 3\n# new variant=x\n";
        assert_eq!(
            with_setting(script, "variant", "bug"),
            "# title\nnew nodes=3 seed=4 variant=bug\nrun 3\n# new variant=x\n"
        );
    }

    #[test]
    fn fresh_clusters_and_unknown_presets() {
        let presets = [Preset {
            name: "one",
            script: "new nodes=2\n",
        }];
        assert_eq!(
            script_for(&presets, "one@v").unwrap(),
            "new nodes=2 variant=v\n"
        );
        let fresh = script_for(&presets, "cluster-4@v").unwrap();
        assert!(fresh.contains("new nodes=4 variant=v\n----\n"), "{fresh}");
        assert!(crate::scenario::parse(&fresh).is_ok());
        assert!(script_for(&presets, "two").unwrap_err().contains("\"two\""));
    }
}
