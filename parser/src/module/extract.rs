//! Extraction of the backup option roots from merged systems, as located value trees.
//!
//! The output is the stable machine format of `backix eval --json` (documented in
//! `docs/eval-json.md`): every value keeps the place it was written, unknowns carry their source
//! text, and every option lists the definitions that made it.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use super::loader::{System, SystemClass};
use super::merge::{DefSite, Merged, Node};
use crate::eval::value::{StrPiece, UnknownReason, Value};
use crate::eval::{EvalResult, Evaluator};
use crate::source::{Location, Span};

/// Version of the JSON format.
pub const FORMAT_VERSION: u32 = 1;

/// The module an option root belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModuleKind {
    /// NixOS `services.borgbackup.jobs`.
    BorgbackupJobs,
    /// NixOS `services.borgbackup.repos`.
    BorgbackupRepos,
    /// NixOS `services.restic.backups`.
    ResticBackups,
    /// NixOS `services.borgmatic`.
    NixosBorgmatic,
    /// home-manager `programs.borgmatic`.
    HomeProgramsBorgmatic,
    /// home-manager `services.borgmatic`.
    HomeServicesBorgmatic,
}

const NIXOS_ROOTS: &[(&[&str], ModuleKind)] = &[
    (
        &["services", "borgbackup", "jobs"],
        ModuleKind::BorgbackupJobs,
    ),
    (
        &["services", "borgbackup", "repos"],
        ModuleKind::BorgbackupRepos,
    ),
    (
        &["services", "restic", "backups"],
        ModuleKind::ResticBackups,
    ),
];

/// Everything extracted from the given files.
#[derive(Debug, Serialize)]
pub struct Extraction {
    /// Format version.
    pub version: u32,
    /// One entry per module system.
    pub systems: Vec<SystemReport>,
}

/// The backup options of one module system.
#[derive(Debug, Serialize)]
pub struct SystemReport {
    /// Its name (root file, or flake output).
    pub name: String,
    /// NixOS, home-manager or unstated.
    pub class: SystemClass,
    /// Files read.
    pub files: Vec<String>,
    /// The backup option roots it sets.
    pub roots: Vec<RootReport>,
    /// Whether some of its modules could not be read: options may be set where backix cannot
    /// see them, so checks must not report an option as missing.
    pub incomplete: bool,
}

/// One backup option root, such as `services.borgbackup.jobs`.
#[derive(Debug, Serialize)]
pub struct RootReport {
    /// The dotted option path, relative to the configuration (or the home-manager user).
    pub option: String,
    /// Which module.
    pub module: ModuleKind,
    /// The home-manager user, for roots under `home-manager.users.<user>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The merged value.
    pub value: OptionNode,
    /// For home-manager roots: where the configuration says it is for macOS, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub darwin: Option<DarwinHint>,
}

/// What shows that a home-manager configuration is for macOS (where some options take fewer
/// values): a home directory under `/Users`, or a nixpkgs platform ending in `-darwin`.
#[derive(Clone, Debug, Serialize)]
pub struct DarwinHint {
    /// The option and its value, as a user would write them.
    pub evidence: String,
    /// Where it is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// A node of an extracted option tree.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum OptionNode {
    /// A set of options or of named entries (jobs).
    Set {
        /// Its children.
        attrs: BTreeMap<String, OptionNode>,
        /// Where it is defined.
        definitions: Vec<Location>,
    },
    /// A merged option value.
    Value {
        /// The value.
        value: LocatedValue,
        /// Every definition that contributed.
        definitions: Vec<Location>,
        /// Whether it depends on an `mkIf` whose condition is unknown.
        conditional: bool,
    },
    /// Definitions that cannot be merged.
    Conflict {
        /// What is wrong.
        message: String,
        /// The conflicting definitions.
        definitions: Vec<Location>,
    },
    /// Evaluation failed here.
    Error {
        /// Why.
        message: String,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
}

/// A piece of a partly known string.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum StringPart {
    /// Known text.
    Text {
        /// The text.
        text: String,
    },
    /// Unknown text.
    Unknown {
        /// The source text of the unknown.
        unknown: String,
    },
}

/// A value with the place it was written.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum LocatedValue {
    /// `null`.
    Null {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A Boolean.
    Bool {
        /// The value.
        value: bool,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// An integer.
    Int {
        /// The value.
        value: i64,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A float.
    Float {
        /// The value.
        value: f64,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A known string.
    String {
        /// The value.
        value: String,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A string with unknown pieces.
    PartialString {
        /// Its pieces in order.
        parts: Vec<StringPart>,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A path (absolute).
    Path {
        /// The path.
        value: String,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A list.
    List {
        /// Its elements.
        items: Vec<LocatedValue>,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// An attribute set.
    Set {
        /// Its attributes.
        attrs: BTreeMap<String, LocatedValue>,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// A function.
    Function {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// What static analysis cannot know.
    Unknown {
        /// Its source text, such as `config.networking.hostName`.
        text: String,
        /// Why it is unknown.
        reason: &'static str,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
    /// Evaluating this value failed.
    Error {
        /// Why.
        message: String,
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
    },
}

/// The `location` field of any [`LocatedValue`] variant (by reference or mutably, as `$value` is).
macro_rules! location_field {
    ($value:expr) => {
        match $value {
            LocatedValue::Null { location }
            | LocatedValue::Bool { location, .. }
            | LocatedValue::Int { location, .. }
            | LocatedValue::Float { location, .. }
            | LocatedValue::String { location, .. }
            | LocatedValue::PartialString { location, .. }
            | LocatedValue::Path { location, .. }
            | LocatedValue::List { location, .. }
            | LocatedValue::Set { location, .. }
            | LocatedValue::Function { location }
            | LocatedValue::Unknown { location, .. }
            | LocatedValue::Error { location, .. } => location,
        }
    };
}

impl LocatedValue {
    /// Where the value was written, when known.
    pub fn location(&self) -> Option<&Location> {
        location_field!(self).as_ref()
    }

    /// The value's location, to fill in or replace.
    pub fn location_mut(&mut self) -> &mut Option<Location> {
        location_field!(self)
    }
}

/// How many leaf values of an extraction are fully known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeafStats {
    /// Leaves in all.
    pub total: usize,
    /// Leaves with no unknown or error in them.
    pub known: usize,
}

impl Extraction {
    /// Counts leaf values and the known ones among them.
    pub fn leaf_stats(&self) -> LeafStats {
        let mut stats = LeafStats::default();
        for root in self.systems.iter().flat_map(|s| &s.roots) {
            count_node(&root.value, &mut stats);
        }
        stats
    }
}

fn count_node(node: &OptionNode, stats: &mut LeafStats) {
    match node {
        OptionNode::Set { attrs, .. } => attrs.values().for_each(|n| count_node(n, stats)),
        OptionNode::Value { value, .. } => count_value(value, stats),
        OptionNode::Conflict { .. } | OptionNode::Error { .. } => stats.total += 1,
    }
}

fn count_value(value: &LocatedValue, stats: &mut LeafStats) {
    match value {
        LocatedValue::List { items, .. } if !items.is_empty() => {
            items.iter().for_each(|v| count_value(v, stats))
        }
        LocatedValue::Set { attrs, .. } if !attrs.is_empty() => {
            attrs.values().for_each(|v| count_value(v, stats))
        }
        LocatedValue::Unknown { .. }
        | LocatedValue::PartialString { .. }
        | LocatedValue::Error { .. } => stats.total += 1,
        _ => {
            stats.total += 1;
            stats.known += 1;
        }
    }
}

/// Extracts every backup root of the given systems.
pub fn extract(ev: &mut Evaluator, systems: &[System]) -> Extraction {
    let mut reports = Vec::new();
    for system in systems {
        let mut roots = Vec::new();
        if system.class != SystemClass::HomeManager {
            for (path, kind) in NIXOS_ROOTS {
                if let Some(root) = extract_root(ev, &system.root, path, *kind, None) {
                    roots.push(root);
                }
            }
            if let Some(users) = find(ev, &system.root, &["home-manager", "users"])
                && let Ok(merged) = users.merged(ev)
                && let Merged::Set { children, .. } = &*merged
            {
                for (user, node) in children {
                    roots.extend(home_roots(ev, node, &system.root, Some(user.to_string())));
                }
            }
        }
        let home_like = system.class == SystemClass::HomeManager
            || (system.class == SystemClass::Any && is_home_manager_config(ev, &system.root));
        if home_like {
            roots.extend(home_roots(ev, &system.root, &system.root, None));
        } else if let Some(root) = extract_root(
            ev,
            &system.root,
            &["services", "borgmatic"],
            ModuleKind::NixosBorgmatic,
            None,
        ) {
            roots.push(root);
        }
        let files = system
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        reports.push(SystemReport {
            name: system.name.clone(),
            class: system.class,
            files,
            roots,
            incomplete: system.incomplete,
        });
    }
    Extraction {
        version: FORMAT_VERSION,
        systems: reports,
    }
}

/// A configuration of no stated class is read as home-manager when it sets home-manager-only
/// options.
fn is_home_manager_config(ev: &mut Evaluator, root: &Rc<Node>) -> bool {
    find(ev, root, &["programs", "borgmatic"]).is_some()
        || find(ev, root, &["services", "borgmatic", "frequency"]).is_some()
        || find(ev, root, &["home"]).is_some()
}

/// The home-manager roots of `node` (a home-manager configuration, or one user's of a system
/// whose root is `system`).
fn home_roots(
    ev: &mut Evaluator,
    node: &Rc<Node>,
    system: &Rc<Node>,
    user: Option<String>,
) -> Vec<RootReport> {
    let mut roots = Vec::new();
    for (path, kind) in [
        (
            &["programs", "borgmatic"][..],
            ModuleKind::HomeProgramsBorgmatic,
        ),
        (
            &["services", "borgmatic"][..],
            ModuleKind::HomeServicesBorgmatic,
        ),
    ] {
        if let Some(root) = extract_root(ev, node, path, kind, user.clone()) {
            roots.push(root);
        }
    }
    if !roots.is_empty() {
        let hint = darwin_hint(ev, node, system);
        for root in &mut roots {
            root.darwin = hint.clone();
        }
    }
    roots
}

/// Where a home-manager configuration (`node`, inside `system`) says it is for macOS.
fn darwin_hint(ev: &mut Evaluator, node: &Rc<Node>, system: &Rc<Node>) -> Option<DarwinHint> {
    if let Some((home, location)) = known_string(ev, node, &["home", "homeDirectory"])
        && home.starts_with("/Users/")
    {
        return Some(DarwinHint {
            evidence: format!("home.homeDirectory = \"{home}\""),
            location,
        });
    }
    for path in [
        &["nixpkgs", "hostPlatform"][..],
        &["nixpkgs", "hostPlatform", "system"][..],
        &["nixpkgs", "system"][..],
    ] {
        if let Some((platform, location)) = known_string(ev, system, path)
            && platform.ends_with("-darwin")
        {
            return Some(DarwinHint {
                evidence: format!("{} = \"{platform}\"", path.join(".")),
                location,
            });
        }
    }
    None
}

/// An option's value when it is a known string, with its place.
fn known_string(
    ev: &mut Evaluator,
    root: &Rc<Node>,
    path: &[&str],
) -> Option<(String, Option<Location>)> {
    let node = find(ev, root, path)?;
    match option_node(ev, &node, 0)? {
        OptionNode::Value {
            value: LocatedValue::String { value, location },
            ..
        } => Some((value, location)),
        _ => None,
    }
}

fn find(ev: &mut Evaluator, node: &Rc<Node>, path: &[&str]) -> Option<Rc<Node>> {
    let mut node = node.clone();
    for part in path {
        node = node.child(ev, part).ok()??;
    }
    Some(node)
}

fn extract_root(
    ev: &mut Evaluator,
    node: &Rc<Node>,
    path: &[&str],
    module: ModuleKind,
    user: Option<String>,
) -> Option<RootReport> {
    let node = find(ev, node, path)?;
    let value = option_node(ev, &node, 0)?;
    Some(RootReport {
        option: path.join("."),
        module,
        user,
        value,
        darwin: None,
    })
}

fn locations(ev: &Evaluator, sites: &[DefSite]) -> Vec<Location> {
    sites
        .iter()
        .filter_map(|s| s.span)
        .filter(|s| s.file.0 != u32::MAX)
        .map(|s| ev.sources.location(s))
        .collect()
}

fn location(ev: &Evaluator, span: Option<Span>) -> Option<Location> {
    span.filter(|s| s.file.0 != u32::MAX)
        .map(|s| ev.sources.location(s))
}

/// Deepest option nesting rendered; deeper trees are cut with an error node.
const MAX_DEPTH: usize = 64;

fn option_node(ev: &mut Evaluator, node: &Rc<Node>, depth: usize) -> Option<OptionNode> {
    if depth > MAX_DEPTH {
        return Some(OptionNode::Error {
            message: "option tree nested too deeply".into(),
            location: None,
        });
    }
    let merged = match node.merged(ev) {
        Ok(m) => m,
        Err(e) => {
            return Some(OptionNode::Error {
                message: e.message.clone(),
                location: location(ev, e.span),
            });
        }
    };
    match &*merged {
        Merged::Absent => None,
        Merged::Set { children, sites } => {
            let mut attrs = BTreeMap::new();
            for (name, child) in children {
                if let Some(n) = option_node(ev, child, depth + 1) {
                    attrs.insert(name.to_string(), n);
                }
            }
            if attrs.is_empty()
                && children
                    .values()
                    .all(|c| matches!(c.merged(ev).as_deref(), Ok(Merged::Absent)))
                && !children.is_empty()
            {
                return None;
            }
            Some(OptionNode::Set {
                attrs,
                definitions: locations(ev, sites),
            })
        }
        Merged::Value { value, sites } => {
            let span = sites.iter().rev().find_map(|s| s.span);
            let rendered = render(ev, value, span, 0);
            let conditional = sites.iter().any(|s| s.conditional);
            Some(OptionNode::Value {
                value: rendered,
                definitions: locations(ev, sites),
                conditional,
            })
        }
        Merged::Conflict(c) => Some(OptionNode::Conflict {
            message: c.message.clone(),
            definitions: locations(ev, &c.sites),
        }),
    }
}

fn reason_name(reason: &UnknownReason) -> &'static str {
    match reason {
        UnknownReason::ConfigOption => "config-option",
        UnknownReason::Package => "package",
        UnknownReason::SearchPath => "search-path",
        UnknownReason::File => "file",
        UnknownReason::Store => "store",
        UnknownReason::Impure => "impure",
        UnknownReason::ModuleArgument => "module-argument",
        UnknownReason::Derived => "derived",
    }
}

/// Renders a value deeply, forcing what is inside it; failures become error nodes.
pub fn render(ev: &mut Evaluator, value: &Value, span: Option<Span>, depth: usize) -> LocatedValue {
    let loc = location(ev, span);
    if depth > MAX_DEPTH {
        return LocatedValue::Error {
            message: "value nested too deeply to show".into(),
            location: loc,
        };
    }
    match value {
        Value::Null => LocatedValue::Null { location: loc },
        Value::Bool(b) => LocatedValue::Bool {
            value: *b,
            location: loc,
        },
        Value::Int(i) => LocatedValue::Int {
            value: *i,
            location: loc,
        },
        Value::Float(f) => LocatedValue::Float {
            value: *f,
            location: loc,
        },
        Value::String(s) => LocatedValue::String {
            value: s.to_string(),
            location: loc,
        },
        Value::PartialString(pieces) => LocatedValue::PartialString {
            parts: pieces
                .iter()
                .map(|p| match p {
                    StrPiece::Known(t) => StringPart::Text {
                        text: t.to_string(),
                    },
                    StrPiece::Unknown(u) => StringPart::Unknown {
                        unknown: u.text.to_string(),
                    },
                })
                .collect(),
            location: loc,
        },
        Value::Path(p) => LocatedValue::Path {
            value: p.to_string(),
            location: loc,
        },
        Value::List(items) => {
            let items = items
                .iter()
                .map(|item| match force_quiet(ev, item) {
                    Ok(v) => render(ev, &v, item.span(), depth + 1),
                    Err(e) => LocatedValue::Error {
                        message: e,
                        location: location(ev, item.span()),
                    },
                })
                .collect();
            LocatedValue::List {
                items,
                location: loc,
            }
        }
        Value::Attrs(set) => {
            if let Some(open) = &set.open
                && set.is_empty()
            {
                return LocatedValue::Unknown {
                    text: open.text.to_string(),
                    reason: reason_name(&open.reason),
                    location: loc,
                };
            }
            let mut attrs = BTreeMap::new();
            for (name, attr) in &set.entries {
                let rendered = match force_quiet(ev, &attr.value) {
                    Ok(v) => render(ev, &v, attr.value.span().or(attr.key_span), depth + 1),
                    Err(e) => LocatedValue::Error {
                        message: e,
                        location: location(ev, attr.key_span),
                    },
                };
                attrs.insert(name.to_string(), rendered);
            }
            LocatedValue::Set {
                attrs,
                location: loc,
            }
        }
        Value::Lambda(_) | Value::PrimOp(_) => LocatedValue::Function { location: loc },
        Value::Unknown(u) => {
            let loc = location(ev, Some(u.span)).or(loc);
            LocatedValue::Unknown {
                text: u.text.to_string(),
                reason: reason_name(&u.reason),
                location: loc,
            }
        }
    }
}

fn force_quiet(ev: &mut Evaluator, thunk: &crate::eval::value::Thunk) -> Result<Value, String> {
    let result: EvalResult<Value> = ev.force(thunk);
    result.map_err(|e| e.message.clone())
}
