//! Scenario files: one format for golden tests and widget presets.
//!
//! A scenario is a datadriven text file (see [`parse`]). Its first command
//! is `new ...`, which a [`Host`] turns into a world; the rest are the
//! generic commands of [`commands`] or the host's own. Golden tests compare
//! each command's output with the file ([`run`]; set `DSW_BLESS=1` in the
//! test to rewrite expectations), and widgets load the same files as
//! presets ([`load`]), embedded with `include_str!` so they work in wasm.

use crate::fragment::{self, Recipe};
use crate::protocol::Protocol;
use crate::world::World;

pub mod commands;
mod golden;
mod names;
mod parse;

pub use golden::{bless_requested, check_golden, golden_files};
pub use names::{
    Base, Replayed, ScenarioName, load_named, open_named_link, replay_named, script_for,
    with_setting,
};
pub use parse::{Case, Command, SEPARATOR, ScenarioError, parse, rewrite};

/// Builds worlds for a scenario file and runs protocol-specific commands.
pub trait Host {
    type P: Protocol;

    /// Handles the `new ...` command. A `seed=` setting must be honoured:
    /// shared links override it.
    fn setup(&self, cmd: &Command) -> Result<World<Self::P>, String>;

    /// A protocol-specific command, or `None` if `cmd` is not one.
    fn command(
        &self,
        _world: &mut World<Self::P>,
        _cmd: &Command,
    ) -> Option<Result<String, String>> {
        None
    }
}

/// The outcome of running a scenario file.
#[derive(Debug)]
pub struct Run<P: Protocol> {
    pub cases: Vec<Case>,
    /// Actual output of each case, in order.
    pub actual: Vec<String>,
    /// The world after the last command.
    pub world: Option<World<P>>,
}

/// A case whose output differs from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub line: usize,
    pub command: String,
    pub expected: String,
    pub actual: String,
}

impl<P: Protocol> Run<P> {
    pub fn mismatches(&self) -> Vec<Mismatch> {
        self.cases
            .iter()
            .zip(&self.actual)
            .filter(|(c, a)| c.expected != **a)
            .map(|(c, a)| Mismatch {
                line: c.command.line,
                command: c.command.to_string(),
                expected: c.expected.clone(),
                actual: a.clone(),
            })
            .collect()
    }

    /// The file text with every expectation replaced by the actual output.
    pub fn blessed(&self, text: &str) -> String {
        rewrite(text, &self.cases, &self.actual)
    }
}

fn step<H: Host>(
    host: &H,
    world: &mut Option<World<H::P>>,
    name: &str,
    cmd: &Command,
) -> Result<String, String> {
    if cmd.name == "new" {
        let w = host.setup(cmd)?;
        let out = commands::lines_since(&w, None);
        *world = Some(w);
        return Ok(out);
    }
    let Some(w) = world.as_mut() else {
        return Err("the first command must be \"new\"".to_owned());
    };
    if let Some(result) = host.command(w, cmd) {
        return result;
    }
    commands::execute(w, name, cmd)
}

/// Runs every command, collecting outputs; a failing command prints
/// `error: ...` as its output rather than stopping the run.
pub fn run<H: Host>(host: &H, name: &str, text: &str) -> Result<Run<H::P>, ScenarioError> {
    let cases = parse(text)?;
    let mut world = None;
    let actual = cases
        .iter()
        .map(|c| match step(host, &mut world, name, &c.command) {
            Ok(out) => out,
            Err(e) => format!("error: {e}"),
        })
        .collect();
    Ok(Run {
        cases,
        actual,
        world,
    })
}

/// Runs a preset for a widget, ignoring expectations; any failing command is
/// an error. `seed` overrides the file's seed.
pub fn load<H: Host>(
    host: &H,
    name: &str,
    text: &str,
    seed: Option<u64>,
) -> Result<World<H::P>, ScenarioError> {
    let mut world = None;
    for case in parse(text)? {
        let mut cmd = case.command;
        if cmd.name == "new"
            && let Some(s) = seed
        {
            cmd.set("seed", &s.to_string());
        }
        step(host, &mut world, name, &cmd).map_err(|message| ScenarioError {
            line: cmd.line,
            message,
        })?;
    }
    world.ok_or(ScenarioError {
        line: 1,
        message: "the scenario has no commands".to_owned(),
    })
}

/// The world a scenario's `new` command sets up, before any other command:
/// where a shared link's actions start.
pub fn setup<H: Host>(
    host: &H,
    text: &str,
    seed: Option<u64>,
) -> Result<World<H::P>, ScenarioError> {
    let cases = parse(text)?;
    let Some(first) = cases.into_iter().next() else {
        return Err(ScenarioError {
            line: 1,
            message: "the scenario has no commands".to_owned(),
        });
    };
    let mut cmd = first.command;
    if cmd.name != "new" {
        return Err(ScenarioError {
            line: cmd.line,
            message: "the first command must be \"new\"".to_owned(),
        });
    }
    if let Some(s) = seed {
        cmd.set("seed", &s.to_string());
    }
    host.setup(&cmd).map_err(|message| ScenarioError {
        line: cmd.line,
        message,
    })
}

/// Rebuilds the world a shared link describes, given the text of the
/// scenario it names.
pub fn open<H: Host>(host: &H, text: &str, recipe: &Recipe<H::P>) -> Result<World<H::P>, String> {
    let mut world = setup(host, text, Some(recipe.seed)).map_err(|e| e.to_string())?;
    for (i, action) in recipe.actions.iter().enumerate() {
        world
            .apply(action.clone())
            .map_err(|e| format!("step {} of the link cannot be replayed: {e}", i + 1))?;
    }
    world.seek(recipe.step).map_err(|e| e.to_string())?;
    Ok(world)
}

/// A named scenario script, usually embedded with `include_str!` from the
/// golden-test directory so widget presets and golden files are one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub script: &'static str,
}

impl Preset {
    /// The first comment line: a one-line title for a preset menu.
    pub fn title(&self) -> &'static str {
        self.comments().next().unwrap_or(self.name)
    }

    /// The rest of the leading comment block: what the preset shows.
    pub fn summary(&self) -> String {
        self.comments().skip(1).collect::<Vec<_>>().join(" ")
    }

    fn comments(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.script
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim())
            .filter(|l| !l.is_empty())
    }

    /// The world at the end of the script, with the whole script in its
    /// trace so the learner can scrub back through it.
    pub fn load<H: Host>(&self, host: &H) -> Result<World<H::P>, ScenarioError> {
        load(host, self.name, self.script, None)
    }
}

/// Rebuilds the world of a shared link whose scenario is one of `presets`.
pub fn open_link<H: Host>(host: &H, presets: &[Preset], text: &str) -> Result<World<H::P>, String> {
    let recipe: Recipe<H::P> = fragment::decode(text).map_err(|e| e.to_string())?;
    let preset = presets
        .iter()
        .find(|p| p.name == recipe.scenario)
        .ok_or_else(|| format!("the link names an unknown scenario \"{}\"", recipe.scenario))?;
    open(host, preset.script, &recipe)
}
