//! From the paths a user gives to module systems: files and directory trees of modules, and
//! flakes with their `nixosConfigurations`, `homeConfigurations` and exported modules.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::collect::{Collector, eval_diagnostic, module_args, open_unknown};
use super::declarations;
use super::merge::{Def, Node, NodeKind};
use super::types::Declarations;
use crate::eval::builtins::prim;
use crate::eval::value::{Attr, Attrs, Thunk, Unknown, UnknownReason, Value};
use crate::eval::{EvalResult, Evaluator};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Which module system a set of modules belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SystemClass {
    /// A NixOS system.
    Nixos,
    /// A home-manager configuration.
    HomeManager,
    /// Files whose class is not stated (plain module files): read as either.
    Any,
}

/// A set of modules merged together: one host, one home configuration, or one module file
/// with its imports.
pub struct System {
    /// A name for reports: the root file, or `flake.nix#nixosConfigurations.host`.
    pub name: String,
    /// The module system.
    pub class: SystemClass,
    /// The merged option tree.
    pub root: Rc<Node>,
    /// Files read for it.
    pub files: Vec<PathBuf>,
    /// Whether some of its modules could not be read (see `Collector::incomplete`).
    pub incomplete: bool,
}

/// A problem with the paths given, before any analysis: reported on one line, exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Directories never walked for modules.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", "result", ".direnv"];

/// Expands the paths a user gave into module files, checking each one (files larger than
/// [`crate::input::DEFAULT_MAX_FILE_SIZE`] are refused).
pub fn input_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    input_files_within(paths, crate::input::DEFAULT_MAX_FILE_SIZE)
}

/// [`input_files`] with a limit on the size of each file named directly, in bytes.
pub fn input_files_within(
    paths: &[PathBuf],
    max_file_size: u64,
) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| InputError(io_message(path, &e)))?;
        if meta.is_dir() {
            let before = files.len();
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter();
            for entry in walker.filter_entry(|e| {
                !(e.file_type().is_dir() && e.depth() > 0 && is_skipped(e.file_name()))
            }) {
                let entry = entry.map_err(|e| {
                    if e.loop_ancestor().is_some() {
                        InputError(format!(
                            "{}: a symlink loop",
                            e.path().unwrap_or(path).display()
                        ))
                    } else {
                        InputError(format!("{}: {}", e.path().unwrap_or(path).display(), e))
                    }
                })?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|x| x == "nix")
                {
                    files.push(entry.into_path());
                }
            }
            if files.len() == before {
                return Err(InputError(format!(
                    "{}: a directory with no .nix files",
                    path.display()
                )));
            }
        } else {
            crate::input::check_size(path, max_file_size).map_err(InputError)?;
            check_file(path)?;
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn is_skipped(name: &std::ffi::OsStr) -> bool {
    SKIPPED_DIRS.iter().any(|s| name == *s)
}

fn check_file(path: &Path) -> Result<(), InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError(io_message(path, &e)))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError(format!("{}: an empty file", path.display())));
    }
    if bytes.contains(&0) {
        return Err(InputError(format!(
            "{}: a binary file, not Nix source",
            path.display()
        )));
    }
    if std::str::from_utf8(&bytes).is_err() {
        return Err(InputError(format!(
            "{}: not valid UTF-8 text",
            path.display()
        )));
    }
    Ok(())
}

fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("{}: permission denied", path.display()),
        _ if e.raw_os_error() == Some(40) => format!("{}: a symlink loop", path.display()),
        _ => format!("{}: {}", path.display(), e),
    }
}

/// Builds the module systems of the given files: every file that no other file imports is the
/// root of a system; a flake contributes one system per configuration and per exported module.
pub fn load_systems(ev: &mut Evaluator, files: &[PathBuf]) -> Vec<System> {
    let mut candidates: Vec<System> = Vec::new();
    for file in files {
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        if abs.file_name().is_some_and(|n| n == "flake.nix")
            && let Some(systems) = load_flake(ev, &abs)
        {
            candidates.extend(systems);
            continue;
        }
        candidates.push(system_from_modules(
            ev,
            file.display().to_string(),
            SystemClass::Any,
            |c, ev| c.load_file(ev, &abs, None),
        ));
    }
    // A file imported by another system is part of that system, not a root of its own.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(candidates[i].files.len()));
    let mut covered: HashSet<PathBuf> = HashSet::new();
    let mut keep = vec![false; candidates.len()];
    for i in order {
        let system = &candidates[i];
        let root_file = system.files.first().cloned();
        let is_flake_part = system.name.contains('#');
        if is_flake_part || root_file.as_ref().is_none_or(|f| !covered.contains(f)) {
            keep[i] = true;
            if !is_flake_part {
                covered.extend(system.files.iter().cloned());
            }
        }
    }
    // Files a kept system reaches only through values the collector does not follow at load
    // time (modules of `home-manager.users.<u>`, `import ./x.nix` in a let) are not roots
    // either: a system is dropped when another reaches its root file by path literals and it
    // does not reach that one back.
    let kept: Vec<usize> = (0..candidates.len())
        .filter(|&i| keep[i] && !candidates[i].name.contains('#'))
        .collect();
    let texts: HashMap<&Path, &str> = ev
        .sources
        .files()
        .filter_map(|(_, f)| Some((f.path.as_deref()?, &*f.text)))
        .collect();
    let edges: Vec<Vec<usize>> = kept
        .iter()
        .map(|&u| {
            let targets = path_literal_targets(&texts, &candidates[u].files);
            kept.iter()
                .enumerate()
                .filter(|&(_, &v)| {
                    v != u
                        && candidates[v]
                            .files
                            .first()
                            .is_some_and(|f| targets.contains(f))
                })
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let reach: Vec<Vec<bool>> = (0..kept.len()).map(|k| reachable(&edges, k)).collect();
    for v in 0..kept.len() {
        if (0..kept.len()).any(|u| u != v && reach[u][v] && !reach[v][u]) {
            keep[kept[v]] = false;
        }
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(s, _)| s)
        .collect()
}

/// Which nodes `start` reaches in a graph given as adjacency lists.
fn reachable(edges: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![start];
    while let Some(n) = stack.pop() {
        for &m in &edges[n] {
            if !seen[m] {
                seen[m] = true;
                stack.push(m);
            }
        }
    }
    seen
}

/// The files named by relative path literals in `files` (a directory stands for its
/// `default.nix`), found with rnix's tokenizer in the texts already read.
fn path_literal_targets(texts: &HashMap<&Path, &str>, files: &[PathBuf]) -> HashSet<PathBuf> {
    let mut targets = HashSet::new();
    for file in files {
        let Some(source) = texts.get(file.as_path()) else {
            continue;
        };
        let dir = file.parent().unwrap_or(Path::new("/"));
        for (kind, text) in rnix::tokenize(source) {
            if kind != rnix::SyntaxKind::TOKEN_PATH_REL {
                continue;
            }
            let mut target = PathBuf::from(crate::eval::canonical_path(
                &dir.join(text).to_string_lossy(),
            ));
            if target.is_dir() {
                target.push("default.nix");
            }
            targets.insert(target);
        }
    }
    targets
}

/// Collects modules with `fill` and merges them into a system.
pub fn system_from_modules(
    ev: &mut Evaluator,
    name: String,
    class: SystemClass,
    fill: impl FnOnce(&mut Collector, &mut Evaluator),
) -> System {
    let cell: Rc<RefCell<Option<Rc<Node>>>> = Rc::new(RefCell::new(None));
    let span = Span::new(crate::source::FileId(u32::MAX), 0, 0);
    let config = {
        let cell = cell.clone();
        Thunk::native(None, move |ev| match cell.borrow().clone() {
            Some(root) => root.value(ev, span),
            None => Ok(open_unknown(span, "config", UnknownReason::ConfigOption)),
        })
    };
    let args = module_args(ev, config, span, &[]);
    let mut collector = Collector::new(args);
    fill(&mut collector, ev);
    let mut decls = match class {
        SystemClass::HomeManager => declarations::home_declarations(),
        _ => declarations::nixos_declarations(),
    };
    if class == SystemClass::Any {
        merge_declarations(&mut decls, declarations::home_declarations());
    }
    merge_declarations(&mut decls, collector.decls);
    let defs = drop_disabled(collector.defs, &collector.disabled, ev);
    let root = Node::new(Vec::new(), defs, NodeKind::Group(Rc::new(decls), true));
    *cell.borrow_mut() = Some(root.clone());
    System {
        name,
        class,
        root,
        files: collector.files,
        incomplete: collector.incomplete,
    }
}

fn merge_declarations(into: &mut Declarations, from: Declarations) {
    use super::types::DeclNode;
    for (name, node) in from.children {
        match (into.children.get_mut(&name), node) {
            (Some(DeclNode::Group(a)), DeclNode::Group(b)) => merge_declarations(a, b),
            (_, node) => {
                into.children.insert(name, node);
            }
        }
    }
}

fn drop_disabled(defs: Vec<Def>, disabled: &[String], ev: &Evaluator) -> Vec<Def> {
    if disabled.is_empty() {
        return defs;
    }
    defs.into_iter()
        .filter(|d| {
            let Some(span) = d.span else { return true };
            let Some(path) = &ev.sources.file(span.file).path else {
                return true;
            };
            let text = path.display().to_string();
            !disabled
                .iter()
                .any(|x| text == *x || (!x.starts_with('/') && text.ends_with(&format!("/{x}"))))
        })
        .collect()
}

/// Reads a flake: its outputs are computed with unknown inputs whose `lib` is backix's lib and
/// knows `nixosSystem` and `homeManagerConfiguration`.
fn load_flake(ev: &mut Evaluator, path: &Path) -> Option<Vec<System>> {
    let name = super::collect::display_name(path);
    let text = std::fs::read_to_string(path).ok()?;
    let (expr, errors) = ev.parse_source(&name, Some(path.to_path_buf()), &text);
    let had_errors = !errors.is_empty();
    ev.diagnostics.extend(errors);
    let span = expr.span;
    let thunk = Thunk::expr(expr, ev.global_env());
    let flake = match ev.force(&thunk) {
        Ok(Value::Attrs(set)) if set.get("outputs").is_some() => set,
        Ok(_) => return None,
        Err(e) => {
            if !had_errors {
                ev.diagnostics.push(eval_diagnostic(&e, Some(span)));
            }
            return Some(Vec::new());
        }
    };
    let outputs = match flake_outputs(ev, &flake, span) {
        Ok(v) => v,
        Err(e) => {
            ev.diagnostics.push(eval_diagnostic(&e, Some(span)));
            return Some(Vec::new());
        }
    };
    let mut systems = Vec::new();
    let Value::Attrs(outputs) = outputs else {
        return Some(systems);
    };
    let groups: [(&str, SystemClass); 6] = [
        ("nixosConfigurations", SystemClass::Nixos),
        ("homeConfigurations", SystemClass::HomeManager),
        ("nixosModules", SystemClass::Nixos),
        ("homeManagerModules", SystemClass::HomeManager),
        ("homeModules", SystemClass::HomeManager),
        ("flake", SystemClass::Any),
    ];
    for (group, class) in groups {
        let Some(attr) = outputs.get(group) else {
            continue;
        };
        let entries = match ev.force(&attr.value.clone()) {
            Ok(Value::Attrs(set)) => set,
            _ => continue,
        };
        if group == "flake" {
            // flake-parts: flake.modules.<class>.<name> and flake.nixosModules etc.
            collect_flake_parts(ev, &name, &entries, &mut systems);
            continue;
        }
        for (member, value) in &entries.entries {
            let label = format!("{name}#{group}.{member}");
            systems.push(system_from_export(
                ev,
                label,
                class,
                group.ends_with("Configurations"),
                value,
            ));
        }
    }
    Some(systems)
}

fn collect_flake_parts(ev: &mut Evaluator, name: &str, flake: &Attrs, systems: &mut Vec<System>) {
    if let Some(modules) = flake.get("modules")
        && let Ok(Value::Attrs(classes)) = ev.force(&modules.value.clone())
    {
        for (class_name, members) in &classes.entries {
            let class = match &**class_name {
                "nixos" => SystemClass::Nixos,
                "homeManager" | "home-manager" | "home" => SystemClass::HomeManager,
                _ => continue,
            };
            if let Ok(Value::Attrs(members)) = ev.force(&members.value.clone()) {
                for (member, value) in &members.entries {
                    let label = format!("{name}#flake.modules.{class_name}.{member}");
                    systems.push(system_from_export(ev, label, class, false, value));
                }
            }
        }
    }
    for (group, class) in [
        ("nixosModules", SystemClass::Nixos),
        ("homeManagerModules", SystemClass::HomeManager),
    ] {
        if let Some(attr) = flake.get(group)
            && let Ok(Value::Attrs(members)) = ev.force(&attr.value.clone())
        {
            for (member, value) in &members.entries {
                let label = format!("{name}#flake.{group}.{member}");
                systems.push(system_from_export(ev, label, class, false, value));
            }
        }
    }
}

fn system_from_export(
    ev: &mut Evaluator,
    label: String,
    class: SystemClass,
    configuration: bool,
    value: &Attr,
) -> System {
    let thunk = value.value.clone();
    let span = value.key_span;
    system_from_modules(ev, label, class, |collector, ev| {
        if !configuration {
            collector.collect(ev, thunk, span);
            return;
        }
        // A configuration made by nixosSystem / homeManagerConfiguration: its module list.
        match ev.force(&thunk) {
            Ok(Value::Attrs(set)) if set.get("_backixModules").is_some() => {
                let modules = set.get("_backixModules").map(|a| a.value.clone()).unwrap_or_else(|| thunk.clone());
                match ev.force(&modules) {
                    Ok(Value::List(items)) => {
                        for item in items.iter() {
                            match ev.force(item) {
                                Ok(Value::Path(p)) => collector.load_file(ev, Path::new(&*p), item.span()),
                                Ok(v) => collector.collect(ev, Thunk::value(v, item.span()), item.span()),
                                Err(e) => ev.diagnostics.push(eval_diagnostic(&e, item.span())),
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => ev.diagnostics.push(eval_diagnostic(&e, span)),
                }
            }
            Ok(_) => ev.diagnostics.push(crate::diagnostic::Diagnostic::new(
                crate::diagnostic::Severity::Note,
                "unknown-configuration",
                "this configuration is not built with nixosSystem or homeManagerConfiguration; its modules are not read",
                span,
            )),
            Err(e) => ev.diagnostics.push(eval_diagnostic(&e, span)),
        }
    })
}

/// Calls a flake's `outputs` with stand-ins for its inputs.
fn flake_outputs(ev: &mut Evaluator, flake: &Attrs, span: Span) -> EvalResult<Value> {
    let outputs_fn = ev.force(
        &flake
            .get("outputs")
            .map(|a| a.value.clone())
            .expect("checked"),
    )?;
    let mut input_names: Vec<Name> = vec!["self".into(), "nixpkgs".into(), "home-manager".into()];
    if let Some(inputs) = flake.get("inputs")
        && let Ok(Value::Attrs(inputs)) = ev.force(&inputs.value.clone())
    {
        input_names.extend(inputs.entries.keys().cloned());
    }
    let input_lib = flake_input_lib(ev);
    let mut entries = BTreeMap::new();
    for input in input_names {
        let value = flake_input(ev, &input, &input_lib, span);
        entries.insert(
            input,
            Attr {
                value: Thunk::value(value, None),
                key_span: None,
            },
        );
    }
    // `self` is the outputs themselves, as in a real flake.
    let outputs_cell: Rc<RefCell<Option<Thunk>>> = Rc::new(RefCell::new(None));
    let self_thunk = {
        let cell = outputs_cell.clone();
        Thunk::native(Some(span), move |ev| match cell.borrow().clone() {
            Some(outputs) => ev.force(&outputs),
            None => Ok(open_unknown(span, "self", UnknownReason::ModuleArgument)),
        })
    };
    entries.insert(
        "self".into(),
        Attr {
            value: self_thunk,
            key_span: None,
        },
    );
    let open = Rc::new(Unknown {
        span,
        text: "inputs".into(),
        reason: UnknownReason::ModuleArgument,
    });
    let inputs = Value::Attrs(Rc::new(Attrs {
        entries,
        open: Some(open),
    }));
    let outputs =
        crate::eval::builtins::lazy_call(outputs_fn, vec![Thunk::value(inputs, None)], span);
    *outputs_cell.borrow_mut() = Some(outputs.clone());
    ev.force(&outputs)
}

/// backix's lib with the configuration builders of nixpkgs and home-manager.
fn flake_input_lib(ev: &mut Evaluator) -> Value {
    let Value::Attrs(lib) = ev.lib() else {
        return ev.lib();
    };
    let mut lib = (*lib).clone();
    for builder in ["nixosSystem", "homeManagerConfiguration"] {
        let f = prim(builder, 1, |ev, args, span| {
            let Value::Attrs(set) = ev.force(&args[0])? else {
                return Ok(ev.derived_unknown(span));
            };
            let modules = set
                .get("modules")
                .map(|a| a.value.clone())
                .unwrap_or_else(|| Thunk::value(Value::List(Vec::new().into()), None));
            Ok(Value::attrs(BTreeMap::from([(
                "_backixModules".into(),
                Attr {
                    value: modules,
                    key_span: None,
                },
            )])))
        });
        lib.entries.insert(
            builder.into(),
            Attr {
                value: Thunk::value(f, None),
                key_span: None,
            },
        );
    }
    Value::Attrs(Rc::new(lib))
}

fn flake_input(ev: &mut Evaluator, name: &str, lib: &Value, span: Span) -> Value {
    let mut entries = BTreeMap::new();
    entries.insert(
        Name::from("lib"),
        Attr {
            value: Thunk::value(lib.clone(), None),
            key_span: None,
        },
    );
    let text = format!("inputs.{name}");
    let _ = ev;
    let open = Rc::new(Unknown {
        span,
        text: text.into(),
        reason: UnknownReason::ModuleArgument,
    });
    Value::Attrs(Rc::new(Attrs {
        entries,
        open: Some(open),
    }))
}
