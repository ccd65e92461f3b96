//! borgmatic configurations written in Nix: NixOS `services.borgmatic.settings` and
//! `services.borgmatic.configurations.<name>` (free-form YAML), and home-manager
//! `programs.borgmatic.backups.<name>` (typed options the module turns into flat YAML). Each
//! becomes the tree borgmatic would read, with the Nix places as spans, and is analysed like a
//! YAML file. Values static analysis cannot know stay unknown and are never reported.

use backix_parser::module::extract::{Extraction, LocatedValue, ModuleKind, OptionNode};
use backix_parser::source::Span;
use backix_parser::yaml::{Entry, Node, Value};

use crate::view;

use super::analyze::{Analysis, analyze};

/// Keys of NixOS `services.borgmatic` (and of a NixOS module) that do not belong inside a
/// borgmatic configuration.
pub const NIXOS_KEYS: [&str; 6] = [
    "settings",
    "configurations",
    "enable",
    "enableConfigCheck",
    "services",
    "borgmatic",
];

/// One borgmatic configuration found in Nix.
#[derive(Debug)]
pub struct NixConfig {
    /// Where it lives, such as `services.borgmatic.configurations.daily`.
    pub label: String,
    /// Which module writes it.
    pub module: ModuleKind,
    /// The configuration as borgmatic will read it.
    pub root: Node,
    /// Its analysis.
    pub analysis: Analysis,
}

/// Every borgmatic configuration of the extraction.
pub fn configs(extraction: &Extraction) -> Vec<NixConfig> {
    let mut out = Vec::new();
    for root in extraction.systems.iter().flat_map(|s| &s.roots) {
        let prefix = match &root.user {
            Some(user) => format!("home-manager.users.{user}.{}", root.option),
            None => root.option.clone(),
        };
        let fallback = view::node_span(&root.value);
        match root.module {
            ModuleKind::NixosBorgmatic => {
                if let Some(settings) = view::child(&root.value, "settings")
                    && let Some(node) = nixos_config(settings, fallback)
                {
                    out.push(finish(format!("{prefix}.settings"), root.module, node));
                }
                if let Some(configurations) = view::child(&root.value, "configurations") {
                    for (name, config) in view::entries(configurations) {
                        if let Some(node) = nixos_config(config, fallback) {
                            out.push(finish(
                                format!("{prefix}.configurations.{name}"),
                                root.module,
                                node,
                            ));
                        }
                    }
                }
            }
            ModuleKind::HomeProgramsBorgmatic => {
                if let Some(backups) = view::child(&root.value, "backups") {
                    for (name, backup) in view::entries(backups) {
                        if let Some(node) = home_manager_config(backup, fallback) {
                            out.push(finish(
                                format!("{prefix}.backups.{name}"),
                                root.module,
                                node,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn finish(label: String, module: ModuleKind, root: Node) -> NixConfig {
    let whole = root.span;
    let analysis = analyze(Some(root.clone()), whole, Vec::new());
    NixConfig {
        label,
        module,
        root,
        analysis,
    }
}

fn span_of(node: &OptionNode, fallback: Option<Span>) -> Option<Span> {
    view::node_span(node).or(fallback)
}

/// A NixOS configuration: what the user wrote, plus the two declared options' defaults
/// (`source_directories = [ ]`, `repositories = [ ]`), which always end up in the file.
fn nixos_config(node: &OptionNode, fallback: Option<Span>) -> Option<Node> {
    let span = span_of(node, fallback)?;
    if let Some(v) = view::value(node)
        && view::is_null(v)
    {
        return None;
    }
    let mut tree = option_node(node, span);
    if let Value::Map(entries) = &mut tree.value {
        for name in ["source_directories", "repositories"] {
            if !entries.iter().any(|e| e.key.as_str() == Some(name)) {
                entries.push(Entry {
                    key: Node::new(Value::String(name.into()), span),
                    value: Node::new(Value::Seq(Vec::new()), span),
                });
            }
        }
    }
    Some(tree)
}

/// An option tree as a YAML tree.
fn option_node(node: &OptionNode, fallback: Span) -> Node {
    let span = view::node_span(node).unwrap_or(fallback);
    match node {
        OptionNode::Set { attrs, .. } => Node::new(
            Value::Map(
                attrs
                    .iter()
                    .map(|(name, child)| {
                        let key_span = view::definitions(child)
                            .iter()
                            .find_map(|l| l.span)
                            .unwrap_or_else(|| view::node_span(child).unwrap_or(span));
                        Entry {
                            key: Node::new(Value::String(name.clone()), key_span),
                            value: option_node(child, key_span),
                        }
                    })
                    .collect(),
            ),
            span,
        ),
        OptionNode::Value { value, .. } => located(value, span),
        OptionNode::Conflict { .. } | OptionNode::Error { .. } => Node::new(Value::Unknown, span),
    }
}

/// A Nix value as a YAML value (as `pkgs.formats.yaml` writes it).
fn located(value: &LocatedValue, fallback: Span) -> Node {
    let span = view::value_span(value).unwrap_or(fallback);
    let v = match value {
        LocatedValue::Null { .. } => Value::Null,
        LocatedValue::Bool { value, .. } => Value::Bool(*value),
        LocatedValue::Int { value, .. } => Value::Int(*value),
        LocatedValue::Float { value, .. } => Value::Float(*value),
        LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => {
            Value::String(value.clone())
        }
        LocatedValue::List { items, .. } => {
            Value::Seq(items.iter().map(|i| located(i, span)).collect())
        }
        LocatedValue::Set { attrs, .. } => Value::Map(
            attrs
                .iter()
                .map(|(name, v)| {
                    let at = view::value_span(v).unwrap_or(span);
                    Entry {
                        key: Node::new(Value::String(name.clone()), at),
                        value: located(v, at),
                    }
                })
                .collect(),
        ),
        LocatedValue::PartialString { .. }
        | LocatedValue::Function { .. }
        | LocatedValue::Unknown { .. }
        | LocatedValue::Error { .. } => Value::Unknown,
    };
    Node::new(v, span)
}

/// The typed home-manager options and the YAML keys they become.
const HOME_MANAGER_KEYS: [(&str, &str); 12] = [
    ("location.sourceDirectories", "source_directories"),
    ("location.patterns", "patterns"),
    ("storage.encryptionPasscommand", "encryption_passcommand"),
    ("retention.keepWithin", "keep_within"),
    ("retention.keepSecondly", "keep_secondly"),
    ("retention.keepMinutely", "keep_minutely"),
    ("retention.keepHourly", "keep_hourly"),
    ("retention.keepDaily", "keep_daily"),
    ("retention.keepWeekly", "keep_weekly"),
    ("retention.keepMonthly", "keep_monthly"),
    ("retention.keepYearly", "keep_yearly"),
    ("consistency.checks", "checks"),
];

/// A home-manager backup as the YAML the module writes: typed options under their YAML names,
/// repositories as mappings, then each section's `extraConfig` merged over the top level (later
/// sections win), then top-level nulls dropped.
fn home_manager_config(backup: &OptionNode, fallback: Option<Span>) -> Option<Node> {
    let span = span_of(backup, fallback)?;
    let mut entries: Vec<Entry> = Vec::new();
    let put = |entries: &mut Vec<Entry>, entry: Entry| {
        let name = entry.key.as_str().map(str::to_string);
        match entries
            .iter_mut()
            .find(|e| e.key.as_str() == name.as_deref())
        {
            Some(e) => *e = entry,
            None => entries.push(entry),
        }
    };
    let key_span = |node: &OptionNode| {
        view::definitions(node)
            .iter()
            .find_map(|l| l.span)
            .unwrap_or(span)
    };
    for (option, yaml_key) in HOME_MANAGER_KEYS {
        let Some(node) = view::at(backup, option) else {
            continue;
        };
        let at = key_span(node);
        let mut value = option_node(node, at);
        if yaml_key == "checks"
            && let Value::Seq(items) = &mut value.value
        {
            // The checks submodule always has `frequency` (null when unset); the module keeps
            // nested nulls.
            for item in items {
                let item_span = item.span;
                if let Value::Map(fields) = &mut item.value
                    && !fields.iter().any(|f| f.key.as_str() == Some("frequency"))
                {
                    fields.push(Entry {
                        key: Node::new(Value::String("frequency".into()), item_span),
                        value: Node::new(Value::Null, item_span),
                    });
                }
            }
        }
        put(
            &mut entries,
            Entry {
                key: Node::new(Value::String(yaml_key.into()), at),
                value,
            },
        );
    }
    if let Some(node) = view::at(backup, "location.repositories") {
        let at = key_span(node);
        let mut value = option_node(node, at);
        if let Value::Seq(items) = &mut value.value {
            for item in items.iter_mut() {
                match &mut item.value {
                    Value::String(_) => {
                        let path = item.clone();
                        *item = Node::new(
                            Value::Map(vec![Entry {
                                key: Node::new(Value::String("path".into()), path.span),
                                value: path,
                            }]),
                            item.span,
                        );
                    }
                    Value::Map(fields) => fields.retain(|f| !matches!(f.value.value, Value::Null)),
                    _ => {}
                }
            }
        }
        put(
            &mut entries,
            Entry {
                key: Node::new(Value::String("repositories".into()), at),
                value,
            },
        );
    }
    for section in [
        "location",
        "storage",
        "retention",
        "consistency",
        "output",
        "hooks",
    ] {
        let Some(extra) = view::at(backup, &format!("{section}.extraConfig")) else {
            continue;
        };
        let extra = option_node(extra, key_span(extra));
        if let Value::Map(fields) = extra.value {
            for f in fields {
                put(&mut entries, f);
            }
        }
    }
    entries.retain(|e| !matches!(e.value.value, Value::Null));
    if !entries.iter().any(|e| e.key.as_str() == Some("checks")) {
        entries.push(Entry {
            key: Node::new(Value::String("checks".into()), span),
            value: Node::new(Value::Seq(Vec::new()), span),
        });
    }
    Some(Node::new(Value::Map(entries), span))
}
