//! borgmatic's normalization (2.1.10), run before validation: legacy sections flattened,
//! `before_*`/`after_*` hooks turned into `commands:`, renamed and reshaped options rewritten,
//! repository entries cleaned. Each rewrite of a deprecated form is a finding at the place the
//! user wrote it; what borgmatic refuses while normalizing is a finding too.

use backix_parser::source::Span;
use backix_parser::yaml::{Entry, Node, Value};

use super::finding::{Finding, codes};
use super::load::entry_span;

/// The legacy sections, in the order borgmatic flattens them (later ones win).
pub const SECTIONS: [&str; 6] = [
    "location",
    "storage",
    "retention",
    "consistency",
    "output",
    "hooks",
];

/// The deprecated command hooks and the `commands:` entry each becomes:
/// (option, `before`/`after`, hook level, `when` actions).
pub const DEPRECATED_HOOKS: [(&str, &str, &str, &[&str]); 15] = [
    ("before_actions", "before", "repository", &[]),
    ("after_actions", "after", "repository", &[]),
    ("before_backup", "before", "action", &["create"]),
    ("after_backup", "after", "action", &["create"]),
    ("before_prune", "before", "action", &["prune"]),
    ("after_prune", "after", "action", &["prune"]),
    ("before_compact", "before", "action", &["compact"]),
    ("after_compact", "after", "action", &["compact"]),
    ("before_check", "before", "action", &["check"]),
    ("after_check", "after", "action", &["check"]),
    ("before_extract", "before", "action", &["extract"]),
    ("after_extract", "after", "action", &["extract"]),
    (
        "on_error",
        "after",
        "error",
        &["create", "prune", "compact", "check"],
    ),
    ("before_everything", "before", "everything", &["create"]),
    ("after_everything", "after", "everything", &["create"]),
];

/// Normalizes a loaded configuration (a mapping) as borgmatic does; findings go to `out`.
pub fn normalize(mut config: Node, out: &mut Vec<Finding>) -> Node {
    let Value::Map(_) = config.value else {
        return config;
    };
    sections(&mut config, out);
    commands(&mut config, out);
    options(&mut config, out);
    repositories(&mut config, out);
    config
}

fn entries(node: &mut Node) -> &mut Vec<Entry> {
    match &mut node.value {
        Value::Map(entries) => entries,
        _ => unreachable!("normalize works on mappings"),
    }
}

fn position(node: &Node, name: &str) -> Option<usize> {
    node.as_map()?
        .iter()
        .position(|e| e.key.key_text().as_deref() == Some(name))
}

fn remove(node: &mut Node, name: &str) -> Option<Entry> {
    let i = position(node, name)?;
    Some(entries(node).remove(i))
}

fn set(node: &mut Node, entry: Entry) {
    let name = entry.key.key_text();
    match position(node, name.as_deref().unwrap_or_default()) {
        Some(i) => entries(node)[i] = entry,
        None => entries(node).push(entry),
    }
}

fn string(text: &str, span: Span) -> Node {
    Node::new(Value::String(text.to_string()), span)
}

fn key(name: &str, span: Span) -> Node {
    string(name, span)
}

/// Python's truthiness of a YAML value.
pub fn truthy(node: &Node) -> bool {
    match &node.value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::String(s) | Value::Binary(s) => !s.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        Value::Map(entries) => !entries.is_empty(),
        Value::BigInt(_) | Value::Timestamp(_) | Value::Unknown => true,
    }
}

fn section_value<'a>(config: &'a Node, section: &str, name: &str) -> Option<&'a Node> {
    let section = config.get(section)?;
    section.value.get(name).map(|e| &e.value)
}

fn sections(config: &mut Node, out: &mut Vec<Finding>) {
    for (a, b, what) in [
        ("location", "consistency", "prefix"),
        ("storage", "hooks", "umask"),
    ] {
        let (Some(x), Some(y)) = (
            section_value(config, a, what),
            section_value(config, b, what),
        ) else {
            continue;
        };
        if truthy(x) && truthy(y) && x.value != y.value {
            out.push(
                Finding::new(
                    codes::SECTION_CONFLICT,
                    y.span,
                    format!(
                        "`{a}.{what}` and `{b}.{what}` differ: borgmatic refuses to flatten the sections"
                    ),
                )
                .with_label(x.span, "the other value"),
            );
        }
    }
    for name in SECTIONS {
        let Some(i) = position(config, name) else {
            continue;
        };
        if matches!(entries(config)[i].value.value, Value::Null) {
            // borgmatic leaves a null section in place, where validation refuses it.
            continue;
        }
        let entry = entries(config).remove(i);
        out.push(
            Finding::new(
                codes::LEGACY_SECTIONS,
                entry.key.span,
                format!("the `{name}:` section is deprecated: borgmatic 1.8+ wants its options at the top level"),
            )
            .with_help(format!("move the options of `{name}:` to the top level and remove the section")),
        );
        match entry.value.value {
            Value::Map(inner) => {
                for e in inner {
                    set(config, e);
                }
            }
            Value::Seq(items) if items.is_empty() => {}
            Value::String(s) if s.is_empty() => {}
            Value::Unknown => {}
            _ => out.push(Finding::new(
                codes::SECTION_CONFLICT,
                entry.value.span,
                format!(
                    "the `{name}:` section is {}: borgmatic needs a mapping of options",
                    entry.value.type_name()
                ),
            )),
        }
    }
}

fn commands(config: &mut Node, out: &mut Vec<Finding>) {
    for (name, preposition, level, when) in DEPRECATED_HOOKS {
        let Some(entry) = remove(config, name) else {
            continue;
        };
        if !truthy(&entry.value) {
            continue;
        }
        let at = entry_span(&entry);
        let when_text = if when.is_empty() {
            String::new()
        } else {
            format!(", when: [{}]", when.join(", "))
        };
        out.push(
            Finding::new(
                codes::DEPRECATED_HOOKS,
                entry.key.span,
                format!("`{name}` is deprecated since borgmatic 2.0: use `commands:`"),
            )
            .with_help(format!(
                "write it as `commands: [{{{preposition}: {level}{when_text}, run: [...]}}]`"
            )),
        );
        let mut hook = vec![Entry {
            key: key(preposition, entry.key.span),
            value: string(level, entry.key.span),
        }];
        if !when.is_empty() {
            hook.push(Entry {
                key: key("when", entry.key.span),
                value: Node::new(
                    Value::Seq(when.iter().map(|w| string(w, entry.key.span)).collect()),
                    entry.key.span,
                ),
            });
        }
        hook.push(Entry {
            key: key("run", entry.key.span),
            value: entry.value,
        });
        let hook = Node::new(Value::Map(hook), at);
        match position(config, "commands") {
            Some(i) => match &mut entries(config)[i].value.value {
                Value::Seq(items) => items.push(hook),
                Value::Unknown => {}
                _ => {
                    let span = entries(config)[i].value.span;
                    out.push(Finding::new(
                        codes::TYPE,
                        span,
                        format!("`commands` is not a list, so `{name}` cannot be added to it"),
                    ));
                }
            },
            None => entries(config).push(Entry {
                key: key("commands", entry.key.span),
                value: Node::new(Value::Seq(vec![hook]), at),
            }),
        }
    }
}

fn deprecated(out: &mut Vec<Finding>, span: Span, message: String, help: &str) {
    out.push(Finding::new(codes::DEPRECATED_OPTION, span, message).with_help(help));
}

fn options(config: &mut Node, out: &mut Vec<Finding>) {
    if let Some(e) = config.get("borgmatic_source_directory")
        && truthy(&e.value)
    {
        deprecated(
            out,
            e.key.span,
            "`borgmatic_source_directory` is deprecated".into(),
            "use `user_runtime_directory` and `user_state_directory`",
        );
    }
    if let Some(i) = position(config, "exclude_if_present") {
        let e = &mut entries(config)[i];
        if let Value::String(_) = e.value.value {
            deprecated(
                out,
                e.value.span,
                "`exclude_if_present` as a string is deprecated".into(),
                "write it as a list: `exclude_if_present: [NAME]`",
            );
            let span = e.value.span;
            let item = std::mem::replace(&mut e.value, Node::new(Value::Null, span));
            e.value = Node::new(Value::Seq(vec![item]), span);
        }
    }
    if let Some(i) = position(config, "statistics") {
        let e = &mut entries(config)[i];
        if let Value::Bool(b) = e.value.value {
            deprecated(
                out,
                e.value.span,
                "a Boolean `statistics` is deprecated".into(),
                if b {
                    "write `statistics: standard`"
                } else {
                    "write `statistics: none`"
                },
            );
            e.value.value = Value::String(if b { "standard" } else { "none" }.into());
        }
    }
    if let Some(i) = position(config, "quick_statistics")
        && let Value::Bool(b) = entries(config)[i].value.value
    {
        let e = entries(config).remove(i);
        deprecated(
            out,
            e.key.span,
            "`quick_statistics` is deprecated".into(),
            "use `statistics: quick`",
        );
        set(
            config,
            Entry {
                key: key("statistics", e.key.span),
                value: string(if b { "quick" } else { "none" }, e.value.span),
            },
        );
    }
    if position(config, "bootstrap").is_none() {
        let span = Span::new(config.span.file, config.span.start, config.span.start);
        entries(config).push(Entry {
            key: key("bootstrap", span),
            value: Node::new(Value::Map(Vec::new()), span),
        });
    }
    if let Some(i) = position(config, "store_config_files")
        && !matches!(entries(config)[i].value.value, Value::Null)
    {
        let e = entries(config).remove(i);
        deprecated(
            out,
            e.key.span,
            "`store_config_files` at the top level is deprecated".into(),
            "move it under `bootstrap:`",
        );
        let b = position(config, "bootstrap").expect("bootstrap was just ensured");
        match &mut entries(config)[b].value {
            node @ Node {
                value: Value::Map(_),
                ..
            } => set(node, e),
            other => out.push(Finding::new(
                codes::TYPE,
                other.span,
                "`bootstrap` is not a mapping, so `store_config_files` cannot move into it",
            )),
        }
    }
    for (hook, field, name) in [
        ("healthchecks", "ping_url", "Healthchecks"),
        ("cronitor", "ping_url", "Cronitor"),
        ("pagerduty", "integration_key", "PagerDuty"),
    ] {
        if let Some(i) = position(config, hook) {
            let e = &mut entries(config)[i];
            if let Value::String(_) = e.value.value {
                deprecated(
                    out,
                    e.value.span,
                    format!("the {name} hook as a string is deprecated"),
                    &format!("write it as a mapping: `{hook}: {{{field}: ...}}`"),
                );
                let span = e.value.span;
                let value = std::mem::replace(&mut e.value, Node::new(Value::Null, span));
                e.value = Node::new(
                    Value::Map(vec![Entry {
                        key: key(field, span),
                        value,
                    }]),
                    span,
                );
            }
        }
    }
    if let Some(i) = position(config, "checks") {
        let e = &mut entries(config)[i];
        if let Value::Seq(items) = &mut e.value.value
            && items
                .first()
                .is_some_and(|n| matches!(n.value, Value::String(_)))
        {
            deprecated(
                out,
                e.value.span,
                "`checks` as a list of strings is deprecated".into(),
                "write each check as a mapping: `- name: repository`",
            );
            for item in items.iter_mut() {
                let span = item.span;
                let value = std::mem::replace(item, Node::new(Value::Null, span));
                *item = Node::new(
                    Value::Map(vec![Entry {
                        key: key("name", span),
                        value,
                    }]),
                    span,
                );
            }
        }
    }
    for (old, new) in [
        ("numeric_owner", "numeric_ids"),
        ("bsd_flags", "flags"),
        ("remote_rate_limit", "upload_rate_limit"),
    ] {
        if let Some(e) = remove(config, old)
            && !matches!(e.value.value, Value::Null)
        {
            deprecated(
                out,
                e.key.span,
                format!("`{old}` has been renamed to `{new}`"),
                &format!("write `{new}`"),
            );
            set(
                config,
                Entry {
                    key: key(new, e.key.span),
                    value: e.value,
                },
            );
        }
    }
    if let Some(e) = config.get("prefix")
        && truthy(&e.value)
    {
        deprecated(
            out,
            e.key.span,
            "`prefix` is deprecated".into(),
            "use `archive_name_format` or `match_archives`",
        );
    }
}

fn repositories(config: &mut Node, out: &mut Vec<Finding>) {
    let Some(i) = position(config, "repositories") else {
        return;
    };
    if !truthy(&entries(config)[i].value) {
        return;
    }
    let list_span = entries(config)[i].value.span;
    let Value::Seq(items) = std::mem::replace(&mut entries(config)[i].value.value, Value::Null)
    else {
        // borgmatic iterates over whatever it is given and fails on anything but a list.
        let node = &mut entries(config)[i].value;
        if !matches!(node.value, Value::Unknown) {
            out.push(Finding::new(
                codes::TYPE,
                list_span,
                "`repositories` must be a list of mappings",
            ));
        }
        return;
    };
    if items.iter().any(|n| matches!(n.value, Value::String(_))) {
        deprecated(
            out,
            list_span,
            "repositories written as plain strings are deprecated".into(),
            "write each as a mapping: `- path: ...`",
        );
    }
    let mut kept = Vec::new();
    for item in items {
        let item = match item.value {
            Value::String(_) => Node::new(
                Value::Map(vec![Entry {
                    key: key("path", item.span),
                    value: item.clone(),
                }]),
                item.span,
            ),
            Value::Map(_) | Value::Unknown => item,
            _ => {
                out.push(Finding::new(
                    codes::TYPE,
                    item.span,
                    format!(
                        "a repository must be a mapping with a `path`, not {}",
                        item.type_name()
                    ),
                ));
                continue;
            }
        };
        if matches!(item.value, Value::Unknown) {
            kept.push(item);
            continue;
        }
        let path = item.get("path").map(|e| e.value.clone());
        let mut item = item;
        match path.as_ref().map(|p| &p.value) {
            None | Some(Value::Null) => {
                out.push(
                    Finding::new(
                        codes::REPOSITORY_WITHOUT_PATH,
                        item.span,
                        "this repository has no `path`: borgmatic silently drops it",
                    )
                    .with_help("add `path:` or remove the entry"),
                );
            }
            Some(Value::String(p)) => {
                let p = p.clone();
                let span = path.as_ref().map_or(item.span, |n| n.span);
                if p.contains('~') {
                    deprecated(
                        out,
                        span,
                        "`~` in a repository path is deprecated".into(),
                        "write the home directory out",
                    );
                }
                if p.contains(':') {
                    let rewritten = if let Some(rest) = p.strip_prefix("file://") {
                        Some(lexical_abspath(rest))
                    } else if ["ssh://", "sftp://", "rclone:", "s3:", "b2:"]
                        .iter()
                        .any(|s| p.starts_with(s))
                    {
                        None
                    } else {
                        let r = format!(
                            "ssh://{}",
                            p.replace(":~", "/~").replace(":/", "/").replace(':', "/./")
                        );
                        deprecated(
                            out,
                            span,
                            format!(
                                "a remote repository without `ssh://` is deprecated: borgmatic reads `{p}` as `{r}`"
                            ),
                            &format!("write `{r}`"),
                        );
                        Some(r)
                    };
                    if let Some(r) = rewritten {
                        set(
                            &mut item,
                            Entry {
                                key: key("path", span),
                                value: string(&r, span),
                            },
                        );
                    }
                }
                kept.push(item);
            }
            Some(Value::Map(_) | Value::Seq(_) | Value::Unknown) => kept.push(item),
            Some(_) => {
                let span = path.as_ref().map_or(item.span, |n| n.span);
                out.push(Finding::new(
                    codes::TYPE,
                    span,
                    "a repository `path` must be a string",
                ));
            }
        }
    }
    entries(config)[i].value.value = Value::Seq(kept);
}

/// `file://` paths made absolute the way a Python `abspath` does, without touching the disk
/// (relative paths stay relative: they depend on the directory borgmatic runs in).
fn lexical_abspath(path: &str) -> String {
    if !path.starts_with('/') {
        return path.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}
