//! Places for configurations Nix evaluated (`--flake`, `--eval-json`).
//!
//! The bridge names the files that define each option but no lines. backix statically analyses
//! those files and, where its analysis finds the same option (same root, same attribute path,
//! defined in one of the files Nix named), copies its lines onto the bridge's option tree, so
//! checks point at the line. Elsewhere every place becomes a file-only span
//! ([`backix_emit::report::file_only`]) whose tag says which option it stands for: findings
//! there name the file and the option, without a line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use backix_emit::report::{FILE_ONLY_START, file_only, is_file_only};
use backix_parser::diagnostic::Diagnostic;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::module::extract::{Extraction, LocatedValue, OptionNode};
use backix_parser::source::{FileId, Location, SourceMap, Span};

/// The code of a value Nix failed to evaluate (as for backix's own evaluation errors).
pub const EVAL_ERROR: &str = "eval-error";

/// Distance between the tags of two file-only places: checks may point a few bytes into a
/// place (a part of a string), which must not reach the next tag.
const TAG_STRIDE: u32 = 1 << 12;

/// How many option places get their own tag; later ones share the last, unnamed tag.
const MAX_PLACES: usize = (1 << 18) - 1;

/// The bridge's option trees with places, and what goes with them.
pub struct Located {
    /// Every file read by the static analysis, plus (with empty text) the other files the
    /// bridge names.
    pub sources: SourceMap,
    /// One `eval-error` finding per value Nix failed to evaluate.
    pub failures: Vec<Diagnostic>,
    /// For each tag of a file-only place: the option it stands for (`system: option.path`).
    pub places: Vec<String>,
}

/// Gives the nodes of `extraction` places: lines from the static analysis of their definition
/// files where it knows them, file-only spans elsewhere. Runs the static evaluator: call it on
/// a thread with a large stack.
pub fn locate(extraction: &mut Extraction, options: EvalOptions) -> Located {
    let names = definition_files(extraction);
    let (mut sources, statics) = analyse(&names, options);
    let ids = file_ids(&mut sources, &names);
    let mut grafter = Grafter {
        ids: &ids,
        sources: &sources,
        places: Vec::new(),
    };
    for system in &mut extraction.systems {
        for root in &mut system.roots {
            let mut candidates: Vec<(bool, &OptionNode)> = Vec::new();
            for sys in statics.iter().flat_map(|s| &s.systems) {
                for r in &sys.roots {
                    if r.option == root.option
                        && r.module == root.module
                        && (r.user.is_none() || r.user == root.user)
                    {
                        candidates.push((sys.name == system.name, &r.value));
                    }
                }
            }
            // Roots of a static system of the same name first.
            candidates.sort_by_key(|(same, _)| !same);
            let candidates: Vec<&OptionNode> = candidates.into_iter().map(|(_, n)| n).collect();
            let mut path = match &root.user {
                Some(user) => format!("home-manager.users.{user}.{}", root.option),
                None => root.option.clone(),
            };
            let label = system.name.clone();
            grafter.node(&mut root.value, &candidates, &mut path, &label);
        }
    }
    let places = grafter.places;
    let failures = super::nix_input::failures(extraction)
        .into_iter()
        .filter(|f| !f.conflict)
        .map(|f| failure(&f.system, &f.path, &f.message, f.span))
        .collect();
    Located {
        sources,
        failures,
        places,
    }
}

/// Adds to each finding at a file-only place a note naming the option it stands for.
pub fn name_places(findings: &mut [Diagnostic], places: &[String]) {
    for d in findings {
        let Some(span) = d.span.filter(|s| is_file_only(*s)) else {
            continue;
        };
        let index = ((span.start - FILE_ONLY_START) / TAG_STRIDE) as usize;
        let note = match places.get(index) {
            Some(place) if d.message.contains(place.as_str()) => {
                "Nix reports the files that define an option, not their lines".to_string()
            }
            Some(place) => {
                format!("at {place} (Nix reports the files that define an option, not their lines)")
            }
            None => "Nix reports the files that define an option, not their lines".to_string(),
        };
        d.notes.insert(0, note);
    }
}

/// Every file the bridge names, in order of appearance.
fn definition_files(extraction: &Extraction) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |l: &Location| {
        if !out.contains(&l.file) {
            out.push(l.file.clone());
        }
    };
    fn walk(node: &OptionNode, push: &mut dyn FnMut(&Location)) {
        match node {
            OptionNode::Set { attrs, definitions } => {
                definitions.iter().for_each(&mut *push);
                attrs.values().for_each(|c| walk(c, push));
            }
            OptionNode::Value { definitions, .. } | OptionNode::Conflict { definitions, .. } => {
                definitions.iter().for_each(push)
            }
            OptionNode::Error { location, .. } => location.iter().for_each(push),
        }
    }
    for system in &extraction.systems {
        for root in &system.roots {
            walk(&root.value, &mut push);
        }
    }
    out
}

/// A path as shown: relative to the current directory when below it.
fn shown(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(relative) => relative.to_path_buf(),
        None => path.to_path_buf(),
    }
}

/// The static analysis of the files that exist (each as its own input, as `backix lint` would
/// read them): its sources and option trees. Its own diagnostics are dropped: Nix evaluated
/// these files, and what the static analysis cannot follow is no finding.
fn analyse(names: &[String], options: EvalOptions) -> (SourceMap, Vec<Extraction>) {
    let paths: Vec<PathBuf> = names
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.extension().is_some_and(|e| e == "nix") && p.is_file())
        .map(|p| shown(&p))
        .collect();
    if paths.is_empty() {
        return (SourceMap::new(), Vec::new());
    }
    match analyze(&paths, options) {
        Ok(mut analysis) => {
            let sources = std::mem::take(&mut analysis.evaluator.sources);
            let extraction = std::mem::replace(
                &mut analysis.extraction,
                Extraction {
                    version: backix_parser::module::extract::FORMAT_VERSION,
                    systems: Vec::new(),
                },
            );
            (sources, vec![extraction])
        }
        Err(_) => (SourceMap::new(), Vec::new()),
    }
}

/// The file of `sources` each bridge file name stands for; files the analysis did not read
/// are added with empty text (they are named, never shown).
fn file_ids(sources: &mut SourceMap, names: &[String]) -> HashMap<String, FileId> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut by_path: HashMap<PathBuf, FileId> = HashMap::new();
    for (id, f) in sources.files() {
        if let Some(p) = &f.path {
            by_path.entry(canonical(p)).or_insert(id);
        }
    }
    let mut out = HashMap::new();
    for name in names {
        let path = PathBuf::from(name);
        let id = match by_path.get(&canonical(&path)) {
            Some(id) => *id,
            None => {
                let shown = shown(&path).display().to_string();
                let abs = std::path::absolute(&path).ok();
                let id = sources.add(shown, abs, "");
                by_path.insert(canonical(&path), id);
                id
            }
        };
        out.insert(name.clone(), id);
    }
    out
}

struct Grafter<'a> {
    ids: &'a HashMap<String, FileId>,
    sources: &'a SourceMap,
    places: Vec<String>,
}

impl Grafter<'_> {
    /// A new tag for the option at `path` of `system`.
    fn tag(&mut self, system: &str, path: &str) -> u32 {
        if self.places.len() >= MAX_PLACES {
            return MAX_PLACES as u32 * TAG_STRIDE;
        }
        self.places.push(format!("{system}: {path}"));
        (self.places.len() as u32 - 1) * TAG_STRIDE
    }

    /// The files (in `sources`) a static node is written in.
    fn static_files(&self, node: &OptionNode) -> Vec<FileId> {
        let mut out: Vec<FileId> = definitions_of(node)
            .iter()
            .filter_map(|l| l.span.map(|s| s.file))
            .collect();
        if let OptionNode::Value { value, .. } = node
            && let Some(span) = value.location().and_then(|l| l.span)
        {
            out.push(span.file);
        }
        out
    }

    fn node(
        &mut self,
        node: &mut OptionNode,
        statics: &[&OptionNode],
        path: &mut String,
        system: &str,
    ) {
        let bridge_files: Vec<FileId> = definitions_of(node)
            .iter()
            .filter_map(|l| self.ids.get(&l.file).copied())
            .collect();
        let matched = statics.iter().copied().find(|s| {
            self.static_files(s)
                .iter()
                .any(|f| bridge_files.contains(f))
        });
        let mut tag = None;
        let mut file_only_at = |this: &mut Self, file: FileId| {
            let t = *tag.get_or_insert_with(|| this.tag(system, path));
            file_only(file, t)
        };
        // Definitions: the static ones in the same file, else the file alone.
        let mut definitions = Vec::new();
        for l in definitions_of(node) {
            let Some(&file) = self.ids.get(&l.file) else {
                definitions.push(l.clone());
                continue;
            };
            let found: Vec<Location> = matched
                .map(definitions_of)
                .unwrap_or_default()
                .iter()
                .filter(|s| s.span.is_some_and(|s| s.file == file))
                .cloned()
                .collect();
            if found.is_empty() {
                let span = file_only_at(self, file);
                definitions.push(self.location(span, &l.file));
            } else {
                for f in found {
                    if !definitions.contains(&f) {
                        definitions.push(f);
                    }
                }
            }
        }
        let first = definitions.iter().find(|l| l.span.is_some()).cloned();
        match node {
            OptionNode::Set {
                attrs,
                definitions: defs,
            } => {
                *defs = definitions;
                for (name, child) in attrs.iter_mut() {
                    let children: Vec<&OptionNode> = matched
                        .into_iter()
                        .chain(statics.iter().copied())
                        .filter_map(|s| match s {
                            OptionNode::Set { attrs, .. } => attrs.get(name),
                            _ => None,
                        })
                        .collect();
                    let len = path.len();
                    path.push('.');
                    path.push_str(name);
                    self.node(child, &children, path, system);
                    path.truncate(len);
                }
            }
            OptionNode::Value {
                value,
                definitions: defs,
                ..
            } => {
                *defs = definitions;
                let static_value = match matched {
                    Some(OptionNode::Value { value, .. }) => Some(value),
                    _ => None,
                };
                graft_value(value, static_value, first.as_ref());
            }
            OptionNode::Conflict {
                definitions: defs, ..
            } => *defs = definitions,
            OptionNode::Error { location, .. } => {
                let static_location = matched.and_then(|s| match s {
                    OptionNode::Error { location, .. } => location.clone(),
                    other => definitions_of(other).first().cloned(),
                });
                *location = static_location.or(first);
            }
        }
    }

    fn location(&self, span: Span, file: &str) -> Location {
        let name = self.sources.file(span.file).name.clone();
        Location {
            file: if name.is_empty() {
                file.to_string()
            } else {
                name
            },
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            span: Some(span),
        }
    }
}

fn definitions_of(node: &OptionNode) -> &[Location] {
    match node {
        OptionNode::Set { definitions, .. }
        | OptionNode::Value { definitions, .. }
        | OptionNode::Conflict { definitions, .. } => definitions,
        OptionNode::Error { location, .. } => location.as_slice(),
    }
}

/// Gives a bridge value the places of the static value written for it (element by element
/// where both are lists of one length or sets), and `fallback` where there is none.
fn graft_value(
    value: &mut LocatedValue,
    static_value: Option<&LocatedValue>,
    fallback: Option<&Location>,
) {
    let own = static_value
        .and_then(LocatedValue::location)
        .filter(|l| l.span.is_some());
    let here = own.or(fallback).cloned();
    if value.location().is_none() {
        *value.location_mut() = here.clone();
    }
    match value {
        LocatedValue::List { items, .. } => {
            let statics = match static_value {
                Some(LocatedValue::List { items: s, .. }) if s.len() == items.len() => {
                    Some(s.as_slice())
                }
                _ => None,
            };
            for (i, item) in items.iter_mut().enumerate() {
                graft_value(item, statics.map(|s| &s[i]), here.as_ref());
            }
        }
        LocatedValue::Set { attrs, .. } => {
            for (name, item) in attrs.iter_mut() {
                let s = match static_value {
                    Some(LocatedValue::Set { attrs: s, .. }) => s.get(name),
                    _ => None,
                };
                graft_value(item, s, here.as_ref());
            }
        }
        _ => {}
    }
}

fn failure(system: &str, path: &str, message: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::error(EVAL_ERROR, format!("{system}: {path}: {message}"), span)
        .with_help("evaluate the option with `nix eval` to see Nix's own error")
}
