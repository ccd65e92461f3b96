//! Reading the JSON of backix's evaluator bridge (`nix/bridge.nix`, format in
//! `docs/bridge-json.md`) into the same [`Extraction`] the static analysis produces, so every
//! check and renderer works on what Nix really computed.
//!
//! The bridge gives plain values; the option structure (which attribute sets are sets of
//! options, which are values) comes from backix's declarations of the backup modules, exactly
//! as the static extraction shapes it. Definition sites are files without lines: they become
//! [`Location`]s with line 0.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::module::SystemClass;
use crate::module::declarations::{home_declarations, nixos_declarations};
use crate::module::extract::{
    Extraction, FORMAT_VERSION, LocatedValue, ModuleKind, OptionNode, RootReport, SystemReport,
};
use crate::module::types::{DeclNode, Declarations, OptionType};
use crate::source::Location;

/// The bridge expression, self-contained, as shipped in `nix/bridge.nix`.
pub const BRIDGE_NIX: &str = include_str!("../../nix/bridge.nix");

/// Version of the bridge JSON format this reader understands.
pub const BRIDGE_VERSION: u64 = 1;

/// Reads a bridge document (`{ "version": 1, "systems": [...] }`). `map_file` turns a file
/// named by the bridge (often a store path) into the name to report.
pub fn read(text: &str, map_file: &dyn Fn(&str) -> String) -> Result<Extraction, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    match doc.get("version").and_then(Json::as_u64) {
        Some(BRIDGE_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "bridge format version {v} is not supported (backix reads version {BRIDGE_VERSION})"
            ));
        }
        None => {
            return Err(
                "not a backix bridge document: no \"version\" field (see docs/bridge-json.md)"
                    .into(),
            );
        }
    }
    let systems = doc
        .get("systems")
        .and_then(Json::as_array)
        .ok_or("not a backix bridge document: no \"systems\" list")?;
    let systems = systems
        .iter()
        .enumerate()
        .map(|(i, s)| system(s, map_file).map_err(|e| format!("systems[{i}]: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Extraction {
        version: FORMAT_VERSION,
        systems,
    })
}

fn system(json: &Json, map_file: &dyn Fn(&str) -> String) -> Result<SystemReport, String> {
    let name = json
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or("configuration")
        .to_string();
    let class = match json.get("class").and_then(Json::as_str) {
        Some("nixos") => SystemClass::Nixos,
        Some("home-manager") => SystemClass::HomeManager,
        Some(other) => return Err(format!("unknown class {other:?}")),
        None => SystemClass::Any,
    };
    let mut roots = Vec::new();
    let mut files = Vec::new();
    for (i, r) in json
        .get("roots")
        .and_then(Json::as_array)
        .ok_or("no \"roots\" list")?
        .iter()
        .enumerate()
    {
        let root = root(r, map_file).map_err(|e| format!("roots[{i}]: {e}"))?;
        for file in root.1 {
            if !files.contains(&file) {
                files.push(file);
            }
        }
        roots.push(root.0);
    }
    Ok(SystemReport {
        name,
        class,
        files,
        roots,
        // Nix evaluated the whole configuration.
        incomplete: false,
    })
}

/// The definition sites of a root: relative attribute path → files.
type Sites = BTreeMap<Vec<String>, Vec<String>>;

fn root(
    json: &Json,
    map_file: &dyn Fn(&str) -> String,
) -> Result<(RootReport, Vec<String>), String> {
    let option = json
        .get("option")
        .and_then(Json::as_str)
        .ok_or("no \"option\"")?
        .to_string();
    let module = match json.get("module").and_then(Json::as_str) {
        Some("borgbackup-jobs") => ModuleKind::BorgbackupJobs,
        Some("borgbackup-repos") => ModuleKind::BorgbackupRepos,
        Some("restic-backups") => ModuleKind::ResticBackups,
        Some("nixos-borgmatic") => ModuleKind::NixosBorgmatic,
        Some("home-programs-borgmatic") => ModuleKind::HomeProgramsBorgmatic,
        Some("home-services-borgmatic") => ModuleKind::HomeServicesBorgmatic,
        other => return Err(format!("unknown module {other:?}")),
    };
    let user = json.get("user").and_then(Json::as_str).map(str::to_string);
    let mut sites = Sites::new();
    let mut files = Vec::new();
    for site in json
        .get("definitions")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let Some(file) = site.get("file").and_then(Json::as_str) else {
            continue;
        };
        let file = map_file(file);
        let path: Vec<String> = site
            .get("path")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect();
        let entry = sites.entry(path).or_default();
        if !entry.contains(&file) {
            entry.push(file.clone());
        }
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let decls = if matches!(
        module,
        ModuleKind::HomeProgramsBorgmatic | ModuleKind::HomeServicesBorgmatic
    ) {
        home_declarations()
    } else {
        nixos_declarations()
    };
    let path: Vec<&str> = option.split('.').collect();
    let shape = shape_at(&decls, &path);
    let value = json.get("value").ok_or("no \"value\"")?;
    let mut cx = Shaper { sites: &sites };
    let node = cx.node(value, shape, &mut Vec::new(), 0);
    Ok((
        RootReport {
            option,
            module,
            user,
            value: node,
            // The bridge does not report the platform yet.
            darwin: None,
        },
        files,
    ))
}

/// What the declarations say about a place in the tree.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// A group of options.
    Group(&'a Declarations),
    /// One option of this type.
    Option(&'a OptionType),
    /// Not declared: a plain value.
    Free,
}

fn shape_at<'a>(decls: &'a Declarations, path: &[&str]) -> Shape<'a> {
    let mut shape = Shape::Group(decls);
    for part in path {
        shape = child_shape(shape, part);
    }
    shape
}

fn child_shape<'a>(shape: Shape<'a>, name: &str) -> Shape<'a> {
    match shape {
        Shape::Group(decls) => match decls.get(name) {
            Some(DeclNode::Group(g)) => Shape::Group(g),
            Some(DeclNode::Option(o)) => Shape::Option(&o.ty),
            None => Shape::Free,
        },
        Shape::Option(ty) => match ty.merge_shape() {
            OptionType::AttrsOf(inner) => Shape::Option(inner),
            OptionType::Submodule(sub) => child_shape(Shape::Group(&sub.options), name),
            _ => Shape::Free,
        },
        Shape::Free => Shape::Free,
    }
}

/// Deepest nesting read from a bridge document.
const MAX_DEPTH: usize = 64;

struct Shaper<'a> {
    sites: &'a Sites,
}

impl Shaper<'_> {
    /// The files defining `path`, or those of its nearest ancestor with known definitions.
    fn definitions(&self, path: &[String]) -> Vec<Location> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.sites.get(&path[..n]))
            .map(|files| files.iter().map(|f| file_location(f)).collect())
            .unwrap_or_default()
    }

    fn node(
        &mut self,
        json: &Json,
        shape: Shape,
        path: &mut Vec<String>,
        depth: usize,
    ) -> OptionNode {
        let is_set = json.get("type").and_then(Json::as_str) == Some("set");
        let set_like = match shape {
            Shape::Group(_) => true,
            Shape::Option(ty) => ty.is_set_like(),
            Shape::Free => false,
        };
        if depth > MAX_DEPTH {
            return OptionNode::Error {
                message: "option tree nested too deeply".into(),
                location: None,
            };
        }
        if set_like && is_set {
            let mut attrs = BTreeMap::new();
            if let Some(children) = json.get("attrs").and_then(Json::as_object) {
                for (name, child) in children {
                    path.push(name.clone());
                    let node = self.node(child, child_shape(shape, name), path, depth + 1);
                    path.pop();
                    attrs.insert(name.clone(), node);
                }
            }
            return OptionNode::Set {
                attrs,
                definitions: self.definitions(path),
            };
        }
        if set_like
            && matches!(shape, Shape::Group(_))
            && json.get("type").and_then(Json::as_str) == Some("error")
        {
            return OptionNode::Error {
                message: message(json),
                location: self.definitions(path).into_iter().next(),
            };
        }
        OptionNode::Value {
            value: value(json, 0),
            definitions: self.definitions(path),
            conditional: false,
        }
    }
}

/// A location naming only a file: the bridge knows no lines.
fn file_location(file: &str) -> Location {
    Location {
        file: file.to_string(),
        line: 0,
        column: 0,
        end_line: 0,
        end_column: 0,
        span: None,
    }
}

fn message(json: &Json) -> String {
    json.get("message")
        .and_then(Json::as_str)
        .unwrap_or("evaluation failed here")
        .to_string()
}

/// Converts one encoded bridge value.
fn value(json: &Json, depth: usize) -> LocatedValue {
    let location = None;
    if depth > MAX_DEPTH {
        return LocatedValue::Error {
            message: "value nested too deeply to show".into(),
            location,
        };
    }
    let field = json.get("value");
    match json.get("type").and_then(Json::as_str) {
        Some("null") => LocatedValue::Null { location },
        Some("bool") => match field.and_then(Json::as_bool) {
            Some(value) => LocatedValue::Bool { value, location },
            None => malformed("bool"),
        },
        Some("int") => match field.and_then(Json::as_i64) {
            Some(value) => LocatedValue::Int { value, location },
            None => malformed("int"),
        },
        Some("float") => match field.and_then(Json::as_f64) {
            Some(value) => LocatedValue::Float { value, location },
            None => malformed("float"),
        },
        Some(kind @ ("string" | "path")) => match field.and_then(Json::as_str) {
            Some(s) if kind == "string" => LocatedValue::String {
                value: s.to_string(),
                location,
            },
            Some(s) => LocatedValue::Path {
                value: s.to_string(),
                location,
            },
            None => malformed(kind),
        },
        Some("list") => LocatedValue::List {
            items: json
                .get("items")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .map(|v| value(v, depth + 1))
                .collect(),
            location,
        },
        Some("set") => LocatedValue::Set {
            attrs: json
                .get("attrs")
                .and_then(Json::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), value(v, depth + 1)))
                .collect(),
            location,
        },
        Some("function") => LocatedValue::Function { location },
        Some("derivation") => LocatedValue::Unknown {
            text: json
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or("«derivation»")
                .to_string(),
            reason: "package",
            location,
        },
        Some("error") => LocatedValue::Error {
            message: message(json),
            location,
        },
        other => malformed(other.unwrap_or("(no type)")),
    }
}

fn malformed(kind: &str) -> LocatedValue {
    LocatedValue::Error {
        message: format!("malformed bridge value of type {kind}"),
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(f: &str) -> String {
        f.to_string()
    }

    #[test]
    fn jobs_are_shaped_as_option_sets() {
        let doc = r#"{"version":1,"systems":[{"name":"h","class":"nixos","roots":[{
            "option":"services.borgbackup.jobs","module":"borgbackup-jobs","user":null,
            "definitions":[{"file":"/a.nix","path":[]},{"file":"/b.nix","path":["x","repo"]}],
            "value":{"type":"set","attrs":{"x":{"type":"set","attrs":{
              "repo":{"type":"string","value":"/r"},
              "encryption":{"type":"set","attrs":{"mode":{"type":"string","value":"none"}}},
              "environment":{"type":"set","attrs":{"A":{"type":"string","value":"1"}}},
              "paths":{"type":"error","message":"boom"},
              "package":{"type":"derivation","name":"borg-1"}}}}}}]}]}"#;
        let ex = read(doc, &same).expect("reads");
        let root = &ex.systems[0].roots[0];
        let OptionNode::Set { attrs, .. } = &root.value else {
            panic!("jobs not a set")
        };
        let OptionNode::Set { attrs: job, .. } = &attrs["x"] else {
            panic!("job not a set")
        };
        let OptionNode::Value {
            value, definitions, ..
        } = &job["repo"]
        else {
            panic!("repo not a value")
        };
        assert!(matches!(value, LocatedValue::String { value, .. } if value == "/r"));
        assert_eq!(definitions[0].file, "/b.nix");
        let OptionNode::Value { definitions, .. } = &job["paths"] else {
            panic!("paths not a value")
        };
        assert_eq!(definitions[0].file, "/a.nix");
        assert!(matches!(&job["encryption"], OptionNode::Set { .. }));
        assert!(matches!(&job["environment"], OptionNode::Set { .. }));
        assert!(matches!(
            &job["paths"],
            OptionNode::Value {
                value: LocatedValue::Error { .. },
                ..
            }
        ));
        assert!(matches!(
            &job["package"],
            OptionNode::Value { value: LocatedValue::Unknown { text, reason: "package", .. }, .. } if text == "borg-1"
        ));
        assert_eq!(ex.systems[0].files, vec!["/a.nix", "/b.nix"]);
    }

    #[test]
    fn bad_documents_are_refused_with_a_reason() {
        assert!(read("{", &same).unwrap_err().contains("not valid JSON"));
        assert!(read("{}", &same).unwrap_err().contains("version"));
        assert!(
            read(r#"{"version":2,"systems":[]}"#, &same)
                .unwrap_err()
                .contains("version 2")
        );
        let bad = r#"{"version":1,"systems":[{"class":"nixos","roots":[{"option":"x","module":"nope","value":{}}]}]}"#;
        assert!(read(bad, &same).unwrap_err().contains("unknown module"));
    }
}
