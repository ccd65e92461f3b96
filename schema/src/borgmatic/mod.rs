//! borgmatic configuration: the flat 2.1.10 model, legacy sections normalized, YAML validation and
//! borgmatic lints.
//!
//! - [`load`] reads a YAML file with positions (`backix_parser::yaml`), applies borgmatic's loader
//!   rules ([`load`](mod@load): merge keys, duplicate keys, tags) and analyses it
//!   ([`analyze`](mod@analyze)): [`constants`](mod@constants) interpolated, per-repository configurations, [`normalize`](mod@normalize)
//!   (legacy sections, deprecated hooks and forms), validation against the JSON Schema generated
//!   from [`model`] ([`validate`](mod@validate)), logical checks.
//! - [`nix`] builds the same trees from NixOS `services.borgmatic` and home-manager
//!   `programs.borgmatic` option values, so the same checks apply to them.
//! - `checks/` holds one rule per file; rejections are BX060–BX079, lints BX150–BX169.

pub mod analyze;
mod checks;
pub mod constants;
pub mod finding;
pub mod json;
pub mod load;
pub mod model;
pub mod nix;
pub mod normalize;
pub mod types;
pub mod validate;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::{FileId, SourceMap, Span};
use backix_parser::yaml::{self, Limits, Node, Value};

use crate::rule::Check;

pub use analyze::Analysis;
pub use finding::Finding;
pub use validate::json_schema;

/// One borgmatic YAML configuration file, read with positions.
#[derive(Debug)]
pub struct ConfigFile {
    /// The file in the source map.
    pub file: FileId,
    /// The document as borgmatic loads it (merge keys applied, duplicate keys merged), before
    /// normalization.
    pub root: Option<Node>,
    /// Normalization, validation and lint results.
    pub analysis: Analysis,
    /// Where secrets (passphrases, passwords, tokens) are written, to mask in any rendering.
    pub secrets: Vec<Span>,
}

impl ConfigFile {
    /// Whether borgmatic would refuse this file.
    pub fn rejected(&self) -> bool {
        self.analysis.rejected()
    }

    /// The findings of one rule code.
    pub fn findings(&self, code: &str) -> impl Iterator<Item = &Finding> {
        self.analysis
            .findings
            .iter()
            .filter(move |f| f.code == code)
    }

    /// The normalized configuration as the typed model, when it is valid.
    pub fn typed(&self) -> Option<model::Config> {
        if self.rejected() {
            return None;
        }
        let node = self.analysis.normalized.as_ref()?;
        serde_json::from_value(json::Located::new(node).json).ok()
    }
}

/// Reads a borgmatic YAML file (`name` as the user named it, `text` its contents) into the source
/// map. Fails with a located diagnostic when it is not YAML.
pub fn load(
    sources: &mut SourceMap,
    name: &str,
    text: &str,
) -> Result<ConfigFile, Box<Diagnostic>> {
    let path = std::path::Path::new(name);
    let path = path.is_file().then(|| path.to_path_buf());
    let file = sources.add(name, path.clone(), text);
    let parsed = yaml::parse(file, text, Limits::default())?;
    let mut findings = Vec::new();
    let root = parsed.map(|node| match &path {
        Some(path) => {
            let mut includes = load::Includes {
                sources: &mut *sources,
                directory: path
                    .parent()
                    .map_or_else(|| ".".into(), std::path::Path::to_path_buf),
                chain: vec![path.canonicalize().unwrap_or_else(|_| path.clone())],
            };
            load::apply_following(node, Some(text), &mut includes, &mut findings)
        }
        None => load::apply(node, Some(text), &mut findings),
    });
    let whole = Span::new(file, 0, text.len() as u32);
    let secrets = root.as_ref().map(secret_spans).unwrap_or_default();
    let analysis = analyze::analyze(root.clone(), whole, findings);
    Ok(ConfigFile {
        file,
        root,
        analysis,
        secrets,
    })
}

/// Option names whose values are secrets.
pub fn is_secret_key(name: &str) -> bool {
    matches!(
        name,
        "encryption_passphrase" | "access_token" | "integration_key" | "token" | "api_key"
    ) || name.contains("password")
        || name.ends_with("_secret")
}

/// The spans of every value written under a secret key, anywhere in a tree.
pub fn secret_spans(node: &Node) -> Vec<Span> {
    let mut out = Vec::new();
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        match &n.value {
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for e in entries {
                    if e.key.as_str().is_some_and(is_secret_key) {
                        out.push(e.value.span);
                    } else {
                        todo.push(&e.value);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    checks::all()
}
