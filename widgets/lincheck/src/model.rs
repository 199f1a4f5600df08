//! The sequential specifications histories are judged against, and the
//! translation of a history into compact per-key steps the searches run.
//!
//! * Register: one object holding a value, initially `nil`; read, write,
//!   compare-and-set.
//! * Key-value store: one register per key, all initially `nil`.
//! * Append: one list per key, initially empty; append adds an element at
//!   the end, a read returns the whole list, a write (Porcupine's `put`)
//!   replaces the list by a one-piece list. A read that returns a string is
//!   compared with the concatenation of the pieces, which is how
//!   Porcupine's key-value histories (`get`/`put`/`append` on strings) work.

use crate::history::{Action, History, OpId, Outcome};
use crate::value::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::Hash;
use std::rc::Rc;

/// The object a history is judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// A single read/write/compare-and-set register.
    Register,
    /// A key-value store: one register per key, checked key by key.
    Kv,
    /// Append-only lists (or strings), one per key, checked key by key.
    Append,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Register, Model::Kv, Model::Append];

    pub fn name(self) -> &'static str {
        match self {
            Model::Register => "register",
            Model::Kv => "kv",
            Model::Append => "append",
        }
    }

    pub fn parse(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The model a history most plausibly targets: `append` if any op
    /// appends, `kv` if any op names a key, `register` otherwise.
    pub fn detect(history: &History) -> Model {
        if history
            .ops
            .iter()
            .any(|o| matches!(o.action, Action::Append(_)))
        {
            Model::Append
        } else if history.ops.iter().any(|o| o.key.is_some()) {
            Model::Kv
        } else {
            Model::Register
        }
    }
}

/// Why a history cannot be judged against a model (a compare-and-set on a
/// list, two keys for one register, a malformed op).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

/// Interned value ids; 0 is `nil`, the initial value.
pub(crate) type Vid = u32;
pub(crate) const NIL: Vid = 0;

/// What one operation does to its key's state, with values interned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Read(Vid),
    Write(Vid),
    Cas(Vid, Vid),
    Append(Vid),
    /// A list read: exactly these elements.
    ReadItems(Vec<Vid>),
    /// A string read: the concatenation of the pieces.
    ReadText(Rc<str>),
}

impl Step {
    /// The value this step leaves behind, if it writes one.
    pub(crate) fn produces(&self) -> Option<Vid> {
        match self {
            Step::Write(v) | Step::Append(v) | Step::Cas(_, v) => Some(*v),
            _ => None,
        }
    }

    /// Whether the step leaves the state unchanged whenever it is legal:
    /// reads, and a compare-and-set of a value with itself.
    pub(crate) fn keeps_state(&self) -> bool {
        self.is_read() || matches!(self, Step::Cas(a, b) if a == b)
    }

    pub(crate) fn is_read(&self) -> bool {
        matches!(self, Step::Read(_) | Step::ReadItems(_) | Step::ReadText(_))
    }
}

/// One operation as a search sees it.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub op: OpId,
    pub process: u64,
    pub inv: u64,
    /// Completion time; `u64::MAX` for an unknown outcome.
    pub ret: u64,
    pub step: Step,
}

impl Call {
    pub(crate) fn unknown(&self) -> bool {
        self.ret == u64::MAX
    }

    pub(crate) fn precedes(&self, other: &Call) -> bool {
        self.ret < other.inv
    }
}

/// The operations of one key, in invocation order.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub key: Option<Value>,
    pub calls: Vec<Call>,
}

/// A history translated for one model.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub model: Model,
    pub values: Rc<[Value]>,
    /// Failed operations and reads of unknown outcome constrain nothing
    /// and appear in no part.
    pub parts: Vec<Part>,
}

impl Compiled {
    pub(crate) fn spec(&self) -> AnySpec {
        match self.model {
            Model::Register | Model::Kv => AnySpec::Reg(RegSpec {
                values: self.values.clone(),
            }),
            Model::Append => AnySpec::Seq(SeqSpec {
                values: self.values.clone(),
            }),
        }
    }
}

struct Interner {
    ids: HashMap<Value, Vid>,
    values: Vec<Value>,
}

impl Interner {
    fn new() -> Self {
        Interner {
            ids: HashMap::from([(Value::Nil, NIL)]),
            values: vec![Value::Nil],
        }
    }

    fn id(&mut self, v: &Value) -> Vid {
        if let Some(&id) = self.ids.get(v) {
            return id;
        }
        let id = self.values.len() as Vid;
        self.ids.insert(v.clone(), id);
        self.values.push(v.clone());
        id
    }
}

pub(crate) fn compile(history: &History, model: Model) -> Result<Compiled, ModelError> {
    history.validate().map_err(ModelError)?;
    if model == Model::Register {
        let mut keys: Vec<&Option<Value>> = history.ops.iter().map(|o| &o.key).collect();
        keys.sort();
        keys.dedup();
        if keys.len() > 1 {
            return Err(ModelError(format!(
                "the register model is one object, but this history uses {} keys; use the kv model",
                keys.len()
            )));
        }
    }
    let mut interner = Interner::new();
    let mut parts: BTreeMap<Option<Value>, Vec<Call>> = BTreeMap::new();
    for (id, op) in history.ops.iter().enumerate() {
        let name = history.name(id);
        let step = match (&op.action, model) {
            (Action::Append(_), Model::Register | Model::Kv) => {
                return Err(ModelError(format!(
                    "{name} appends, which a register cannot do; use the append model"
                )));
            }
            (Action::Cas { .. }, Model::Append) => {
                return Err(ModelError(format!(
                    "{name} is a compare-and-set, which the append model does not have"
                )));
            }
            _ if op.outcome == Outcome::Fail => None,
            (Action::Read, _) => match (&op.result, model) {
                (None, _) => None,
                (Some(v), Model::Register | Model::Kv) => Some(Step::Read(interner.id(v))),
                (Some(Value::List(items)), Model::Append) => Some(Step::ReadItems(
                    items.iter().map(|v| interner.id(v)).collect(),
                )),
                (Some(Value::Nil), Model::Append) => Some(Step::ReadItems(Vec::new())),
                (Some(Value::Str(s)), Model::Append) => Some(Step::ReadText(Rc::from(s.as_str()))),
                (Some(v), Model::Append) => {
                    return Err(ModelError(format!(
                        "{name} returned {v}, but a read of the append model returns a list or a string"
                    )));
                }
            },
            (Action::Write(v), _) => Some(Step::Write(interner.id(v))),
            (Action::Cas { from, to }, _) => Some(Step::Cas(interner.id(from), interner.id(to))),
            (Action::Append(v), _) => Some(Step::Append(interner.id(v))),
        };
        let Some(step) = step else {
            continue;
        };
        let key = if model == Model::Register {
            None
        } else {
            op.key.clone()
        };
        parts.entry(key).or_default().push(Call {
            op: id,
            process: op.process,
            inv: op.invoke,
            ret: op.deadline(),
            step,
        });
    }
    let parts = parts
        .into_iter()
        .map(|(key, mut calls)| {
            calls.sort_by_key(|c| (c.inv, c.op));
            let calls = drop_unobserved(&interner.values, model == Model::Append, calls);
            Part { key, calls }
        })
        .collect();
    Ok(Compiled {
        model,
        values: interner.values.into(),
        parts,
    })
}

/// Leaves out operations of unknown outcome whose effect nobody observed:
/// a register write (or compare-and-set) of a value no read returns and no
/// compare-and-set expects, an append of an element no read contains.
///
/// Why this is exact: in any legal order, the operations between such a
/// write and the next write are exactly those that would observe its value,
/// and there are none; for a list, every read after the append contains the
/// element until a `put` replaces the list, so no read falls in between. So
/// removing it from a legal order leaves a legal order, and an op of
/// unknown outcome may be removed. Without this, each such op is one more
/// operation the search can place anywhere, and with dozens of crashed
/// clients the configurations multiply.
// ANCHOR: drop_unobserved
fn drop_unobserved(values: &[Value], lists: bool, calls: Vec<Call>) -> Vec<Call> {
    let mut observed: HashSet<Vid> = HashSet::new();
    let mut texts: Vec<Rc<str>> = Vec::new();
    for c in &calls {
        match &c.step {
            Step::Read(v) | Step::Cas(v, _) => {
                observed.insert(*v);
            }
            Step::ReadItems(xs) => observed.extend(xs.iter().copied()),
            Step::ReadText(t) => texts.push(t.clone()),
            _ => {}
        }
    }
    let seen = |v: Vid| {
        observed.contains(&v)
            || match &values[v as usize] {
                Value::Str(piece) => texts.iter().any(|t| t.contains(piece.as_str())),
                other => {
                    let piece = other.to_string();
                    texts.iter().any(|t| t.contains(piece.as_str()))
                }
            }
    };
    calls
        .into_iter()
        .filter(|c| {
            let droppable = match c.step {
                // A list write resets the list, which later reads observe
                // without containing it: never dropped.
                Step::Write(v) | Step::Cas(_, v) => !lists && !seen(v),
                Step::Append(v) => !seen(v),
                _ => false,
            };
            !(c.unknown() && droppable)
        })
        .collect()
}
// ANCHOR_END: drop_unobserved

/// A sequential specification of one key's object.
pub(crate) trait Spec: Clone {
    type State: Clone + Eq + Hash + fmt::Debug;
    fn init(&self) -> Self::State;
    /// The state after `step`, or `None` if the object could not have
    /// answered that way in state `s`.
    fn apply(&self, s: &Self::State, step: &Step) -> Option<Self::State>;
    /// The state in words, for explanations.
    fn show(&self, s: &Self::State) -> String;
    /// The register value a state holds, for the search's pruning of
    /// configurations that leave a read unservable; `None` for lists.
    fn register_value(&self, _s: &Self::State) -> Option<Vid> {
        None
    }
    /// For objects that only grow (lists without `put`): can a read that
    /// is still to come, `step`, ever be answered from state `s` on? Only
    /// if `s` is a prefix of what it returns.
    fn may_still_read(&self, _s: &Self::State, _step: &Step) -> bool {
        true
    }
    /// Whether a string read could contain element `v` (lists only).
    fn observes_element(&self, _read: &Step, _v: Vid) -> bool {
        false
    }
}

#[derive(Clone, Debug)]
pub(crate) struct RegSpec {
    pub values: Rc<[Value]>,
}

impl Spec for RegSpec {
    type State = Vid;

    fn init(&self) -> Vid {
        NIL
    }

    fn apply(&self, &s: &Vid, step: &Step) -> Option<Vid> {
        match *step {
            Step::Read(v) => (s == v).then_some(s),
            Step::Write(v) => Some(v),
            Step::Cas(from, to) => (s == from).then_some(to),
            _ => None,
        }
    }

    fn show(&self, &s: &Vid) -> String {
        self.values[s as usize].to_string()
    }

    fn register_value(&self, &s: &Vid) -> Option<Vid> {
        Some(s)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct SeqSpec {
    pub values: Rc<[Value]>,
}

impl SeqSpec {
    fn text(&self, v: Vid) -> String {
        match &self.values[v as usize] {
            Value::Str(s) => s.clone(),
            Value::Nil => String::new(),
            other => other.to_string(),
        }
    }

    fn concat_is(&self, items: &[Vid], expected: &str) -> bool {
        let mut rest = expected;
        for &v in items {
            let piece = self.text(v);
            match rest.strip_prefix(piece.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

impl Spec for SeqSpec {
    type State = Vec<Vid>;

    fn init(&self) -> Vec<Vid> {
        Vec::new()
    }

    fn apply(&self, s: &Vec<Vid>, step: &Step) -> Option<Vec<Vid>> {
        match step {
            Step::ReadItems(items) => (s == items).then(|| s.clone()),
            Step::ReadText(text) => self.concat_is(s, text).then(|| s.clone()),
            Step::Append(v) => {
                let mut next = s.clone();
                next.push(*v);
                Some(next)
            }
            Step::Write(v) if *v == NIL => Some(Vec::new()),
            Step::Write(v) => Some(vec![*v]),
            _ => None,
        }
    }

    fn observes_element(&self, read: &Step, v: Vid) -> bool {
        match read {
            Step::ReadText(t) => {
                let piece = self.text(v);
                piece.is_empty() || t.contains(piece.as_str())
            }
            Step::ReadItems(xs) => xs.contains(&v),
            _ => false,
        }
    }

    fn may_still_read(&self, s: &Vec<Vid>, step: &Step) -> bool {
        match step {
            Step::ReadItems(items) => items.starts_with(s),
            Step::ReadText(text) => {
                let mut rest: &str = text;
                for &v in s {
                    let piece = self.text(v);
                    match rest.strip_prefix(piece.as_str()) {
                        Some(r) => rest = r,
                        None => return false,
                    }
                }
                true
            }
            _ => true,
        }
    }

    fn show(&self, s: &Vec<Vid>) -> String {
        let items: Vec<Value> = s.iter().map(|&v| self.values[v as usize].clone()).collect();
        Value::List(items).to_string()
    }
}

/// A spec chosen at run time; the searches are generic, so they are
/// instantiated once per variant.
#[derive(Clone, Debug)]
pub(crate) enum AnySpec {
    Reg(RegSpec),
    Seq(SeqSpec),
}

/// A compact description of a step for explanations: `read 3`, `write 4`.
pub(crate) fn step_words(values: &[Value], step: &Step) -> String {
    let v = |id: &Vid| values[*id as usize].to_string();
    match step {
        Step::Read(x) => format!("read {}", v(x)),
        Step::Write(x) => format!("write {}", v(x)),
        Step::Cas(a, b) => format!("cas {}->{}", v(a), v(b)),
        Step::Append(x) => format!("append {}", v(x)),
        Step::ReadItems(xs) => {
            let list = Value::List(xs.iter().map(|x| values[*x as usize].clone()).collect());
            format!("read {list}")
        }
        Step::ReadText(t) => format!("read {}", Value::Str(t.to_string())),
    }
}

/// For each call of `calls`, the groups of calls it depends on: for every
/// value it observes (a read's answer, a compare-and-set's expected value,
/// a list's elements), the calls that could have produced that value. A
/// value nobody produces gives no group, and `nil` needs no producer.
pub(crate) fn dependencies(values: &[Value], calls: &[Call]) -> Vec<Vec<Vec<usize>>> {
    let mut producers: HashMap<Vid, Vec<usize>> = HashMap::new();
    for (i, c) in calls.iter().enumerate() {
        if let Some(v) = c.step.produces()
            && v != NIL
        {
            producers.entry(v).or_default().push(i);
        }
    }
    let text = |v: Vid| match &values[v as usize] {
        Value::Str(s) => s.clone(),
        other => other.to_string(),
    };
    calls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let observed: Vec<Vid> = match &c.step {
                Step::Read(v) | Step::Cas(v, _) => vec![*v],
                Step::ReadItems(xs) => xs.clone(),
                Step::ReadText(s) => {
                    let mut found: Vec<Vid> = producers
                        .keys()
                        .copied()
                        .filter(|&v| {
                            let t = text(v);
                            !t.is_empty() && s.contains(t.as_str())
                        })
                        .collect();
                    found.sort_unstable();
                    found
                }
                _ => Vec::new(),
            };
            let mut groups: Vec<Vec<usize>> = Vec::new();
            for v in observed {
                if v == NIL {
                    continue;
                }
                if let Some(ps) = producers.get(&v) {
                    let g: Vec<usize> = ps.iter().copied().filter(|&p| p != i).collect();
                    if !g.is_empty() && !groups.contains(&g) {
                        groups.push(g);
                    }
                }
            }
            groups
        })
        .collect()
}
