//! borgmatic configurations of NixOS `services.borgmatic` and home-manager
//! `programs.borgmatic` / `services.borgmatic`: one manifest entry per configuration file, with
//! the file's path and text and the unit that runs borgmatic.
//!
//! The file text is JSON (valid YAML 1.2, which borgmatic reads): home-manager writes exactly
//! this (`builtins.toJSON`, keys sorted, no final newline); NixOS writes the same data as
//! block-style YAML, which the entry's warnings say.

use std::collections::BTreeMap;

use backix_parser::module::extract::{Extraction, ModuleKind, OptionNode, SystemReport};
use backix_parser::yaml::{Node, Value};
use backix_schema::borgmatic::is_secret_key;
use backix_schema::borgmatic::nix::{NixConfig, configs};
use backix_schema::view;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::read::Reader;
use super::types::{
    Job, JobSpec, Part, Reference, Rendered, Service, Step, Text, Timer, Unresolved,
};

/// One borgmatic configuration file and the unit that reads it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct BorgmaticEntry {
    /// The option that defines it (`services.borgmatic.configurations.daily`).
    pub label: String,
    /// Where the module writes it (`/etc/borgmatic.d/daily.yaml`,
    /// `~/.config/borgmatic.d/main.yaml`).
    pub path: String,
    /// Its text as JSON (valid YAML); secrets are references; null when `blocked`.
    pub yaml: Option<Text>,
}

/// The NixOS unit's `ExecStart` arguments after `borgmatic`.
pub const NIXOS_ARGS: [&str; 4] = ["--verbosity", "-2", "--syslog-verbosity", "1"];
/// The home-manager unit's `ExecStart` arguments after `borgmatic`.
pub const HOME_MANAGER_ARGS: [&str; 6] = [
    "--stats",
    "--verbosity",
    "-1",
    "--list",
    "--syslog-verbosity",
    "1",
];
/// The `systemd-inhibit` words both units run borgmatic under.
pub const INHIBIT: [&str; 4] = [
    "systemd-inhibit",
    "--who=borgmatic",
    "--what=sleep:shutdown",
    "--why=Prevent interrupting scheduled backup",
];

/// The entries of every borgmatic configuration of an extraction, rendered.
pub fn jobs(extraction: &Extraction) -> Vec<Job> {
    let mut found = configs(extraction).into_iter().peekable();
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            let prefix = match &root.user {
                Some(user) => format!("home-manager.users.{user}.{}", root.option),
                None => root.option.clone(),
            };
            for (name, label) in expected_labels(&root.module, &root.value, &prefix) {
                if found.peek().is_some_and(|c| c.label == label) {
                    let config = found.next().expect("peeked");
                    let user = root.user.as_deref();
                    if let Some(job) = job(system, &root.value, user, &name, &config) {
                        out.push(job);
                    }
                }
            }
        }
    }
    out
}

/// The configuration names and labels a root holds, in the order `configs` lists them.
fn expected_labels(module: &ModuleKind, value: &OptionNode, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match module {
        ModuleKind::NixosBorgmatic => {
            out.push(("config".to_string(), format!("{prefix}.settings")));
            if let Some(c) = view::child(value, "configurations") {
                for (name, _) in view::entries(c) {
                    out.push((name.to_string(), format!("{prefix}.configurations.{name}")));
                }
            }
        }
        ModuleKind::HomeProgramsBorgmatic => {
            if let Some(b) = view::child(value, "backups") {
                for (name, _) in view::entries(b) {
                    out.push((name.to_string(), format!("{prefix}.backups.{name}")));
                }
            }
        }
        _ => {}
    }
    out
}

/// Whether a module's `enable` is on: `Some(false)` when off or undefined, `None` when unknown.
fn enabled(root: &OptionNode, r: &mut Reader) -> Option<bool> {
    r.flag(root, "enable", false)
}

/// The entry of one configuration; `None` when its module is disabled.
fn job(
    system: &SystemReport,
    root: &OptionNode,
    user: Option<&str>,
    name: &str,
    config: &NixConfig,
) -> Option<Job> {
    let mut r = Reader::default();
    let nixos = config.module == ModuleKind::NixosBorgmatic;
    let mut conditional = false;
    match enabled(root, &mut r) {
        Some(false) => return None,
        Some(true) => {}
        None => {
            // Not statically known: list the entry, marked conditional.
            r.blocked.clear();
            conditional = true;
            r.warnings.push(format!(
                "whether the module writing {} is enabled is not statically known",
                config.label
            ));
        }
    }
    let path = if nixos {
        if name == "config" && config.label.ends_with(".settings") {
            "/etc/borgmatic/config.yaml".to_string()
        } else {
            format!("/etc/borgmatic.d/{name}.yaml")
        }
    } else {
        format!("~/.config/borgmatic.d/{name}.yaml")
    };
    let mut unresolved = Vec::new();
    let mut w = Writer {
        label: &config.label,
        parts: Vec::new(),
        reader: &mut r,
        unresolved: &mut unresolved,
    };
    w.node(&config.root, "");
    let parts = std::mem::take(&mut w.parts);
    if nixos {
        r.warnings.push(
            "the borgmatic unit runs borgmatic once, without --config: it reads \
             /etc/borgmatic/config.yaml and every /etc/borgmatic.d/*.yaml of the system"
                .into(),
        );
        r.warnings.push(
            "the service and timer are the borgmatic package's own unit files, which vary with \
             its version: backix lists the settings it knows of (not their Description= nor \
             all of their hardening); User= is unset, so the service runs as root"
                .into(),
        );
        r.warnings.push(format!(
            "{path}: NixOS writes this data as block-style YAML with sorted keys; the text here \
             is the same data as JSON"
        ));
    } else {
        r.warnings.push(format!(
            "{path}: written below $XDG_CONFIG_HOME (~/.config unless xdg.configHome moves it)"
        ));
    }
    let rendered = if nixos {
        Some(nixos_unit(system))
    } else {
        home_manager_unit(system, user, &mut r)
    };
    let yaml = r.blocked.is_empty().then(|| Text::from_parts(parts));
    let rendered = if r.blocked.is_empty() { rendered } else { None };
    Some(Job {
        system: system.name.clone(),
        name: name.to_string(),
        spec: JobSpec::Borgmatic(Box::new(BorgmaticEntry {
            label: config.label.clone(),
            path,
            yaml,
        })),
        conditional,
        unresolved,
        blocked: r.blocked,
        warnings: r.warnings,
        rendered,
    })
}

/// Writes a YAML tree as `builtins.toJSON` would: compact, keys sorted.
struct Writer<'a> {
    label: &'a str,
    parts: Vec<Part>,
    reader: &'a mut Reader,
    unresolved: &'a mut Vec<Unresolved>,
}

impl Writer<'_> {
    fn lit(&mut self, s: &str) {
        self.parts.push(Part::Lit(s.to_string()));
    }

    fn string(&mut self, s: &str) {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        self.lit(&quoted);
    }

    fn node(&mut self, node: &Node, path: &str) {
        match &node.value {
            Value::Null => self.lit("null"),
            Value::Bool(b) => self.lit(if *b { "true" } else { "false" }),
            Value::Int(i) => self.lit(&i.to_string()),
            Value::BigInt(s) => self.lit(s),
            Value::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(n) => self.lit(&n.to_string()),
                None => self.reader.block(&self.option(path), "not a finite number"),
            },
            Value::String(s) | Value::Timestamp(s) | Value::Binary(s) => self.string(s),
            Value::Seq(items) => {
                self.lit("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.lit(",");
                    }
                    self.node(item, &format!("{path}[{i}]"));
                }
                self.lit("]");
            }
            Value::Map(entries) => {
                let mut sorted: BTreeMap<String, &Node> = BTreeMap::new();
                for e in entries {
                    let key = match e.key.as_str() {
                        Some(k) => k.to_string(),
                        None => {
                            self.reader
                                .block(&self.option(path), "a key is not a string");
                            continue;
                        }
                    };
                    sorted.insert(key, &e.value);
                }
                self.lit("{");
                for (i, (key, value)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        self.lit(",");
                    }
                    self.string(&key);
                    self.lit(":");
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if is_secret_key(&key) && !matches!(value.value, Value::Null) {
                        self.secret(&child);
                    } else {
                        self.node(value, &child);
                    }
                }
                self.lit("}");
            }
            Value::Unknown => self.reader.block(
                &self.option(path),
                "not statically known; the configuration file cannot be written",
            ),
        }
    }

    /// A secret: a reference in quotes and a warning, never its value.
    fn secret(&mut self, path: &str) {
        let option = self.option(path);
        self.lit("\"");
        self.parts.push(Part::Ref(Reference {
            reference: option.clone(),
            at: None,
            secret: true,
        }));
        self.lit("\"");
        self.reader.warnings.push(format!(
            "{option} is a secret: it is kept out of the manifest and must be supplied when \
             the file is written"
        ));
        self.unresolved.push(Unresolved {
            reference: option.clone(),
            option: path.to_string(),
            at: None,
            secret: true,
        });
    }

    fn option(&self, path: &str) -> String {
        if path.is_empty() {
            self.label.to_string()
        } else {
            format!("{}.{path}", self.label)
        }
    }
}

fn settings(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<Text>> {
    let mut out: BTreeMap<String, Vec<Text>> = BTreeMap::new();
    for (k, v) in pairs {
        out.entry(k.to_string()).or_default().push(Text::lit(*v));
    }
    out
}

fn step(args: &[&str]) -> (Vec<Step>, Text) {
    let command = format!("borgmatic {}", args.join(" "));
    (
        vec![Step {
            step: "borgmatic".into(),
            when: None,
            command: Text::lit(command.clone()),
        }],
        Text::lit(format!("{command}\n")),
    )
}

/// The `borgmatic` system service and timer shipped in the borgmatic package, with the NixOS
/// module's additions.
fn nixos_unit(system: &SystemReport) -> Rendered {
    let (steps, script) = step(&NIXOS_ARGS);
    let sudo = uses_postgresql_sudo(system);
    let mut s = settings(&[
        ("Unit.Wants", "network-online.target"),
        ("Unit.After", "network-online.target"),
        ("Unit.ConditionACPower", "true"),
        (
            "Service.LoadCredentialEncrypted",
            "borgmatic:/etc/credstore.encrypted/borgmatic/",
        ),
        ("Service.SystemCallFilter", "@system-service"),
        ("Service.Nice", "19"),
        ("Service.IOSchedulingPriority", "7"),
        ("Service.IOWeight", "100"),
        ("Service.Restart", "no"),
        ("Service.LogRateLimitIntervalSec", "0"),
        ("Service.ExecStartPre", "sleep 1m"),
    ]);
    let (nnp, caps) = if sudo {
        (
            "false",
            "CAP_DAC_READ_SEARCH CAP_NET_RAW CAP_SETUID CAP_SETGID",
        )
    } else {
        ("yes", "CAP_DAC_READ_SEARCH CAP_NET_RAW")
    };
    s.insert("Service.NoNewPrivileges".into(), vec![Text::lit(nnp)]);
    s.insert(
        "Service.CapabilityBoundingSet".into(),
        vec![Text::lit(caps)],
    );
    let mut timer_settings = BTreeMap::new();
    timer_settings.insert("RandomizedDelaySec".to_string(), vec![Text::lit("3h")]);
    Rendered {
        unit: "borgmatic".into(),
        environment: BTreeMap::new(),
        files: Vec::new(),
        steps,
        script,
        service: Service {
            description: String::new(),
            user: Text::lit("root"),
            group: None,
            service_type: Some("oneshot".into()),
            cpu_scheduling_policy: Some("batch".into()),
            io_scheduling_class: Some("best-effort".into()),
            protect_system: Some("full".into()),
            private_tmp: true,
            read_write_paths: Vec::new(),
            requires_mounts_for: Vec::new(),
            exec_prefix: INHIBIT.map(String::from).to_vec(),
            settings: s,
        },
        timer: Some(Timer {
            description: String::new(),
            on_calendar: vec![Text::lit("daily")],
            persistent: true,
            wanted_by: vec!["timers.target".into()],
            settings: timer_settings,
            ..Timer::default()
        }),
    }
}

/// Whether some NixOS borgmatic configuration of `system` dumps PostgreSQL through sudo (an
/// entry with `username`, no `password` and no `pg_dump_command`).
fn uses_postgresql_sudo(system: &SystemReport) -> bool {
    let mut nodes = Vec::new();
    for root in &system.roots {
        if root.module != ModuleKind::NixosBorgmatic {
            continue;
        }
        nodes.extend(view::child(&root.value, "settings"));
        if let Some(c) = view::child(&root.value, "configurations") {
            nodes.extend(view::entries(c).map(|(_, n)| n));
        }
    }
    nodes.into_iter().any(|config| {
        let Some(dbs) = view::child(config, "postgresql_databases").and_then(view::value) else {
            return false;
        };
        view::as_list(dbs).is_some_and(|items| {
            items.iter().any(|db| {
                let has = |key: &str| {
                    matches!(db, backix_parser::module::extract::LocatedValue::Set { attrs, .. }
                        if attrs.contains_key(key))
                };
                has("username") && !has("password") && !has("pg_dump_command")
            })
        })
    })
}

/// The home-manager user unit `borgmatic.service` and its timer, when `services.borgmatic` of
/// the same user is enabled; `None` (with a warning) otherwise.
fn home_manager_unit(
    system: &SystemReport,
    user: Option<&str>,
    r: &mut Reader,
) -> Option<Rendered> {
    let service_root = system.roots.iter().find(|root| {
        root.module == ModuleKind::HomeServicesBorgmatic && root.user.as_deref() == user
    });
    let enabled = match service_root {
        Some(root) => r.flag(&root.value, "enable", false),
        None => Some(false),
    };
    match enabled {
        Some(true) => {}
        Some(false) => {
            r.warnings.push(
                "home-manager services.borgmatic is not enabled for this user: the file is \
                 written but no unit runs borgmatic"
                    .into(),
            );
            return None;
        }
        None => return None,
    }
    let root = service_root?;
    let frequency = r.text_or(&root.value, "frequency", "hourly");
    let (steps, script) = step(&HOME_MANAGER_ARGS);
    let mut timer_settings = BTreeMap::new();
    timer_settings.insert("RandomizedDelaySec".to_string(), vec![Text::lit("10m")]);
    r.warnings.push(
        "borgmatic.service is a home-manager user unit (systemd --user), on Linux only".into(),
    );
    Some(Rendered {
        unit: "borgmatic".into(),
        environment: BTreeMap::new(),
        files: Vec::new(),
        steps,
        script,
        service: Service {
            description: "borgmatic backup".into(),
            user: Text::lit(user.unwrap_or_default()),
            group: None,
            service_type: Some("oneshot".into()),
            cpu_scheduling_policy: None,
            io_scheduling_class: Some("best-effort".into()),
            protect_system: None,
            private_tmp: false,
            read_write_paths: Vec::new(),
            requires_mounts_for: Vec::new(),
            exec_prefix: INHIBIT.map(String::from).to_vec(),
            settings: settings(&[
                ("Unit.ConditionACPower", "true"),
                ("Service.Nice", "19"),
                ("Service.IOSchedulingPriority", "7"),
                ("Service.IOWeight", "100"),
                ("Service.Restart", "no"),
                ("Service.LogRateLimitIntervalSec", "0"),
                ("Service.ExecStartPre", "sleep 3m"),
            ]),
        },
        timer: Some(Timer {
            description: "Run borgmatic backup".into(),
            on_calendar: vec![frequency],
            persistent: true,
            wanted_by: vec!["timers.target".into()],
            settings: timer_settings,
            ..Timer::default()
        }),
    })
}
