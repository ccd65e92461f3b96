//! Helpers shared by the lints: the instances of a module (jobs, repos, backups), options read
//! with the module's defaults in mind, secret-looking names, values that land in the Nix store,
//! and strings compared with their unknown pieces kept as symbols.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{
    LocatedValue, ModuleKind, OptionNode, RootReport, StringPart,
};
use backix_parser::source::Span;

use crate::rule::{Context, Rule};
use crate::view;

/// One named instance of a module (`services.borgbackup.jobs.<name>` and the like).
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// Index of the system it belongs to.
    pub system: usize,
    /// The root it belongs to.
    pub root: &'a RootReport,
    /// Its attribute name.
    pub name: &'a str,
    /// Its options.
    pub node: &'a OptionNode,
}

/// What is known of one option of an instance.
#[derive(Clone, Copy, Debug)]
pub enum Setting<'a> {
    /// Not defined: the module's default applies.
    Absent,
    /// Defined, with this value (possibly a partly known string).
    Value(&'a LocatedValue),
    /// A set of options defined option by option (`environment.X = …;`).
    Set(&'a OptionNode),
    /// Defined, but its value is unknown (or failed to evaluate).
    Unknown,
}

impl<'a> Job<'a> {
    /// The dotted option path of the instance, for messages.
    pub fn path(&self) -> String {
        let name = view::nix_attr_name(self.name);
        match &self.root.user {
            Some(user) => format!(
                "home-manager.users.{}.{}.{name}",
                view::nix_attr_name(user),
                self.root.option
            ),
            None => format!("{}.{name}", self.root.option),
        }
    }

    /// The dotted path of one of its options.
    pub fn option(&self, rel: &str) -> String {
        format!("{}.{rel}", self.path())
    }

    /// The node of an option.
    pub fn node(&self, rel: &str) -> Option<&'a OptionNode> {
        view::at(self.node, rel)
    }

    /// What is known of an option.
    pub fn get(&self, rel: &str) -> Setting<'a> {
        match self.node(rel) {
            None => Setting::Absent,
            Some(node @ OptionNode::Set { .. }) => Setting::Set(node),
            Some(OptionNode::Value { value, .. }) => match value {
                LocatedValue::Unknown { .. } | LocatedValue::Error { .. } => Setting::Unknown,
                v => Setting::Value(v),
            },
            Some(_) => Setting::Unknown,
        }
    }

    /// A Boolean option: its value, the default when absent, `None` when unknown.
    pub fn flag(&self, rel: &str, default: bool) -> Option<bool> {
        match self.get(rel) {
            Setting::Absent => Some(default),
            Setting::Value(v) => view::as_bool(v),
            _ => None,
        }
    }

    /// A known string option (`None` when absent, null, unknown or partly known).
    pub fn string(&self, rel: &str) -> Option<&'a str> {
        match self.get(rel) {
            Setting::Value(v) => view::as_str(v),
            _ => None,
        }
    }

    /// The known strings of a list option; `Some(empty)` when absent or null.
    pub fn strings(&self, rel: &str) -> Option<Vec<&'a LocatedValue>> {
        match self.get(rel) {
            Setting::Absent => Some(Vec::new()),
            Setting::Value(LocatedValue::Null { .. }) => Some(Vec::new()),
            Setting::Value(LocatedValue::List { items, .. }) => Some(items.iter().collect()),
            Setting::Value(v @ LocatedValue::String { .. }) => Some(vec![v]),
            _ => None,
        }
    }

    /// The attributes of an attribute-set option (`environment`, `prune.keep`,
    /// `rcloneConfig`): `Some(empty)` when absent or null, `None` when unknown.
    pub fn attrs(&self, rel: &str) -> Option<Vec<(&'a str, &'a LocatedValue)>> {
        match self.get(rel) {
            Setting::Absent | Setting::Value(LocatedValue::Null { .. }) => Some(Vec::new()),
            Setting::Value(LocatedValue::Set { attrs, .. }) => {
                Some(attrs.iter().map(|(k, v)| (k.as_str(), v)).collect())
            }
            Setting::Set(node) => {
                let mut out = Vec::new();
                for (name, child) in view::entries(node) {
                    out.push((name, view::value(child)?));
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// Where the instance is defined.
    pub fn span(&self) -> Option<Span> {
        view::definitions(self.node).iter().find_map(|l| l.span)
    }

    /// Where an option is written, else where the instance is defined.
    pub fn span_of(&self, rel: &str) -> Option<Span> {
        self.node(rel)
            .and_then(view::node_span)
            .or_else(|| self.span())
    }

    /// Where an option is written, if it is.
    pub fn written(&self, rel: &str) -> Option<Span> {
        self.node(rel).and_then(view::node_span)
    }
}

/// Every instance of the module `kind`, in system order and then name order.
pub fn instances<'a>(cx: &Context<'a>, kind: ModuleKind) -> Vec<Job<'a>> {
    let mut out = Vec::new();
    for (system, report) in cx.extraction.systems.iter().enumerate() {
        for root in report.roots.iter().filter(|r| r.module == kind) {
            for (name, node) in view::entries(&root.value) {
                out.push(Job {
                    system,
                    root,
                    name,
                    node,
                });
            }
        }
    }
    out
}

/// Every `programs.borgmatic.backups.<name>` of home-manager configurations (standalone or
/// under `home-manager.users.<user>`).
pub fn home_borgmatic_backups<'a>(cx: &Context<'a>) -> Vec<Job<'a>> {
    let mut out = Vec::new();
    for (system, report) in cx.extraction.systems.iter().enumerate() {
        for root in report
            .roots
            .iter()
            .filter(|r| r.module == ModuleKind::HomeProgramsBorgmatic)
        {
            let Some(backups) = view::child(&root.value, "backups") else {
                continue;
            };
            for (name, node) in view::entries(backups) {
                out.push(Job {
                    system,
                    root,
                    name,
                    node,
                });
            }
        }
    }
    out
}

/// Whether two instances belong to the same module system and root.
pub fn same_root(a: &Job<'_>, b: &Job<'_>) -> bool {
    a.system == b.system && std::ptr::eq(a.root, b.root)
}

/// A warning of `rule` with its fix as help (the level is applied later).
pub fn finding(rule: &Rule, message: impl Into<String>, span: Option<Span>) -> Diagnostic {
    Diagnostic::warning(rule.code, message, span).with_help(rule.fix)
}

/// Whether an environment variable or configuration key names a secret value (a password,
/// passphrase, token or key), not a file, command or identifier that leads to one.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if matches!(
        *last,
        "FILE" | "ID" | "COMMAND" | "PASSCOMMAND" | "CMD" | "PATH" | "DIR" | "TYPE" | "URL"
    ) {
        return false;
    }
    words.iter().any(|w| {
        matches!(
            *w,
            "PASS"
                | "PASSWORD"
                | "PASSPHRASE"
                | "PASSWD"
                | "PWD"
                | "SECRET"
                | "TOKEN"
                | "KEY"
                | "APIKEY"
        )
    })
}

/// How a value ends up in the Nix store, when it certainly does: a path literal, a store path, or
/// a file written by `writeText` and friends (the answer names the function, never the text).
pub fn store_source(value: &LocatedValue) -> Option<String> {
    match value {
        LocatedValue::Path { .. } => {
            Some("a Nix path literal, which Nix copies into the store".to_string())
        }
        LocatedValue::String { value, .. } if value.starts_with("/nix/store/") => {
            Some("a store path".to_string())
        }
        LocatedValue::Unknown { text, .. } => store_writer(text)
            .map(|f| format!("`{f}`, which writes its text into the store"))
            .or_else(|| {
                interpolated_path(text)
                    .then(|| "an interpolated path, which Nix copies into the store".to_string())
            }),
        LocatedValue::PartialString { parts, .. } => parts.iter().find_map(|p| match p {
            StringPart::Unknown { unknown } => store_writer(unknown)
                .map(|f| format!("`{f}`, which writes its text into the store"))
                .or_else(|| {
                    interpolated_path(unknown).then(|| {
                        "an interpolated path, which Nix copies into the store".to_string()
                    })
                }),
            StringPart::Text { text } => text
                .contains("/nix/store/")
                .then(|| "a store path".to_string()),
        }),
        _ => None,
    }
}

/// The store-writing function an unknown's source text calls (`pkgs.writeText`), if any.
pub fn store_writer(text: &str) -> Option<&str> {
    let head = text
        .trim_start_matches(['(', '"', '$', '{', ' '])
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .next()?;
    let last = head.rsplit('.').next()?;
    matches!(
        last,
        "writeText"
            | "writeTextFile"
            | "writeTextDir"
            | "toFile"
            | "writeScript"
            | "writeShellScript"
            | "writeShellScriptBin"
    )
    .then_some(head)
}

/// Whether an unknown's source text is a path literal (as `"${./secret}"` interpolates it).
fn interpolated_path(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("./") || t.starts_with("../") || t.starts_with('/'))
        && !t.contains(char::is_whitespace)
}

/// Whether a value is a file read at evaluation time (`builtins.readFile ./pw`), whose content
/// then lands in the store as part of what uses it.
pub fn reads_file(value: &LocatedValue) -> bool {
    match value {
        LocatedValue::Unknown { text, .. } => {
            let head = text.split_whitespace().next().unwrap_or("");
            let last = head.rsplit('.').next().unwrap_or("");
            matches!(last, "readFile" | "fileContents")
        }
        _ => false,
    }
}

/// Start and end of an unknown piece in a symbolic string.
const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

/// The text of the default `${config.networking.hostName}` as a symbolic piece.
pub fn host_symbol() -> String {
    format!("{OPEN}config.networking.hostName{CLOSE}")
}

/// A string with each unknown piece kept as a symbol named by its source text: two symbolic
/// strings of one system that are equal have equal values. `None` for non-strings.
pub fn symbolic(value: &LocatedValue) -> Option<String> {
    match value {
        LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => {
            Some(value.clone())
        }
        LocatedValue::PartialString { parts, .. } => Some(
            parts
                .iter()
                .map(|p| match p {
                    StringPart::Text { text } => text.clone(),
                    StringPart::Unknown { unknown } => format!("{OPEN}{unknown}{CLOSE}"),
                })
                .collect(),
        ),
        _ => None,
    }
}

/// A symbolic string as a person reads it (`${config.networking.hostName}-home`).
pub fn show_symbolic(s: &str) -> String {
    s.replace(OPEN, "${").replace(CLOSE, "}")
}

/// Whether `prefix` is a prefix of every value `s` can take: `Some(true)` when certain,
/// `Some(false)` when it certainly is not, `None` when unknown pieces (or the end of `s`, which
/// the caller continues with text it cannot know) leave it open.
pub fn symbolic_prefix(prefix: &str, s: &str) -> Option<bool> {
    let mut inside = false;
    let mut rest = s.chars();
    for p in prefix.chars() {
        let c = rest.next()?;
        if p != c {
            if inside || p == OPEN || c == OPEN {
                return None;
            }
            return Some(false);
        }
        if p == OPEN {
            inside = true;
        } else if p == CLOSE {
            inside = false;
        }
    }
    Some(true)
}

/// Whether a symbolic string has unknown pieces.
pub fn has_symbols(s: &str) -> bool {
    s.contains(OPEN)
}

/// The items of a list value with their spans, each a known string or skipped.
pub fn known_items(items: &[&'_ LocatedValue]) -> Vec<(String, Option<Span>)> {
    items
        .iter()
        .filter_map(|v| view::as_str(v).map(|s| (s.to_string(), view::value_span(v))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for yes in [
            "BORG_PASSPHRASE",
            "RESTIC_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "B2_ACCOUNT_KEY",
            "pass",
            "password2",
            "client_secret",
            "token",
            "sftp-pass",
            "key",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "BORG_PASSCOMMAND",
            "BORG_RSH",
            "RESTIC_PASSWORD_FILE",
            "AWS_ACCESS_KEY_ID",
            "BORG_KEY_FILE",
            "type",
            "user",
            "RESTIC_PASSWORD_COMMAND",
            "host",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    #[test]
    fn symbolic_prefixes() {
        let h = host_symbol();
        let a = format!("{h}-home");
        let b = format!("{h}-home-extra-");
        assert_eq!(symbolic_prefix(&a, &b), Some(true));
        assert_eq!(symbolic_prefix("host-home", "host-homes-"), Some(true));
        assert_eq!(symbolic_prefix("host-x", "host-home-"), Some(false));
        assert_eq!(symbolic_prefix(&a, "myhost-home-"), None);
        assert_eq!(symbolic_prefix("host-home-2024", "host-home-"), None);
        assert_eq!(symbolic_prefix("", "anything"), Some(true));
    }

    #[test]
    fn store_writers() {
        assert_eq!(
            store_writer("pkgs.writeText \"pw\" \"x\""),
            Some("pkgs.writeText")
        );
        assert_eq!(
            store_writer("builtins.toFile \"a\" b"),
            Some("builtins.toFile")
        );
        assert_eq!(store_writer("config.sops.secrets.pw.path"), None);
    }
}
