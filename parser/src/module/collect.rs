//! Collecting modules: calling module functions, following `imports`, reading `options`
//! declarations and gathering `config` definitions.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::merge::Def;
use super::types::{DeclNode, Declarations, OptionDecl, OptionType, Submodule};
use crate::diagnostic::Diagnostic;
use crate::eval::value::{Attr, Attrs, Thunk, Unknown, UnknownReason, Value};
use crate::eval::{EvalError, EvalResult, Evaluator};
use crate::source::Span;
use crate::syntax::ir::Name;

/// Attributes of a module that are not configuration.
const MODULE_KEYWORDS: &[&str] = &[
    "imports",
    "options",
    "config",
    "_file",
    "key",
    "disabledModules",
    "meta",
    "freeformType",
    "_class",
];

/// Gathers the definitions and declarations of a set of modules.
pub struct Collector {
    /// `config` definitions, one per module.
    pub defs: Vec<Def>,
    /// Options declared by the modules.
    pub decls: Declarations,
    /// Files and names given in `disabledModules`.
    pub disabled: Vec<String>,
    /// Files read, in order.
    pub files: Vec<PathBuf>,
    /// Whether some module could not be read (a missing or unreadable import, a module that is
    /// not statically known, a module whose evaluation failed): options may be set there.
    pub incomplete: bool,
    args: Value,
    loaded: HashSet<PathBuf>,
    stack: Vec<PathBuf>,
}

impl Collector {
    /// A collector whose module functions receive `args`.
    pub fn new(args: Value) -> Self {
        Collector {
            defs: Vec::new(),
            decls: Declarations::default(),
            disabled: Vec::new(),
            incomplete: false,
            files: Vec::new(),
            args,
            loaded: HashSet::new(),
            stack: Vec::new(),
        }
    }

    /// Reads a module file (once), reporting a missing file or an import cycle at `span`.
    pub fn load_file(&mut self, ev: &mut Evaluator, path: &Path, span: Option<Span>) {
        let path = if path.is_dir() {
            path.join("default.nix")
        } else {
            path.to_path_buf()
        };
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.stack.contains(&canonical) {
            let chain: Vec<String> = self
                .stack
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| p.display().to_string())
                .collect();
            ev.diagnostics.push(
                Diagnostic::warning(
                    "import-cycle",
                    format!("import cycle: {}", chain.join(" → ")),
                    span,
                )
                .with_note(
                    "each module is read once; the cycle is harmless but probably not intended",
                ),
            );
            return;
        }
        if !self.loaded.insert(canonical.clone()) {
            return;
        }
        let expr = match ev.parsed_module(&canonical) {
            Some(expr) => expr,
            None => {
                if !path.exists() {
                    self.incomplete = true;
                    ev.diagnostics.push(Diagnostic::warning(
                        "missing-import",
                        format!(
                            "imported file '{}' does not exist; its options are unknown",
                            path.display()
                        ),
                        span,
                    ));
                    return;
                }
                match read_module_text(&path, ev.options().max_file_size) {
                    Ok(text) => ev.parse_module(&display_name(&path), canonical.clone(), &text),
                    Err(message) => {
                        self.incomplete = true;
                        ev.diagnostics
                            .push(Diagnostic::error("unreadable-file", message, span));
                        return;
                    }
                }
            }
        };
        self.files.push(canonical.clone());
        let thunk = Thunk::expr(expr.clone(), ev.global_env());
        self.stack.push(canonical);
        self.collect(ev, thunk, Some(expr.span));
        self.stack.pop();
    }

    /// Collects one module value (a set or a module function), reporting failures as diagnostics.
    pub fn collect(&mut self, ev: &mut Evaluator, module: Thunk, span: Option<Span>) {
        if let Err(e) = self.try_collect(ev, module, span) {
            self.incomplete = true;
            ev.diagnostics.push(eval_diagnostic(&e, span));
        }
    }

    fn try_collect(
        &mut self,
        ev: &mut Evaluator,
        module: Thunk,
        span: Option<Span>,
    ) -> EvalResult<()> {
        let mut value = ev.force(&module)?;
        if matches!(value, Value::Lambda(_) | Value::PrimOp(_)) {
            let call_span = span.or(module.span()).unwrap_or(dummy_span());
            value = ev.apply(value, Thunk::value(self.args.clone(), span), call_span)?;
        }
        let set = match value {
            Value::Attrs(set) => set,
            v if v.is_unknown() => {
                self.incomplete = true;
                ev.diagnostics.push(Diagnostic::new(
                    crate::diagnostic::Severity::Note,
                    "unknown-module",
                    format!(
                        "a module is not statically known ({}); its options are not read",
                        describe_unknown(&v)
                    ),
                    span,
                ));
                return Ok(());
            }
            other => {
                ev.diagnostics.push(Diagnostic::warning(
                    "not-a-module",
                    format!(
                        "expected a module (a set or a function returning one), found {}",
                        other.type_phrase()
                    ),
                    span,
                ));
                return Ok(());
            }
        };
        if let Some(imports) = set.get("imports") {
            let key_span = imports.key_span;
            self.collect_imports(ev, imports.value.clone(), key_span)?;
        }
        if let Some(disabled) = set.get("disabledModules")
            && let Value::List(items) = ev.force(&disabled.value.clone())?
        {
            for item in items.iter() {
                if let Value::String(s) | Value::Path(s) = ev.force(item)? {
                    self.disabled.push(s.to_string());
                }
            }
        }
        if let Some(options) = set.get("options") {
            let options = ev.force(&options.value.clone())?;
            read_declarations(ev, &options, &mut Vec::new(), &mut self.decls)?;
        }
        let structured = set.get("config").is_some() || set.get("options").is_some();
        if structured {
            if let Some(config) = set.get("config") {
                self.defs
                    .push(Def::new(config.value.clone(), config.key_span.or(span)));
            }
        } else {
            let entries: BTreeMap<Name, Attr> = set
                .entries
                .iter()
                .filter(|(k, _)| !MODULE_KEYWORDS.contains(&&***k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let shorthand = Value::Attrs(Rc::new(Attrs::closed(entries)));
            self.defs
                .push(Def::new(Thunk::value(shorthand, span), span));
        }
        Ok(())
    }

    fn collect_imports(
        &mut self,
        ev: &mut Evaluator,
        imports: Thunk,
        span: Option<Span>,
    ) -> EvalResult<()> {
        let items = match ev.force(&imports)? {
            Value::List(items) => items,
            v if v.is_unknown() => {
                self.incomplete = true;
                ev.diagnostics.push(Diagnostic::new(
                    crate::diagnostic::Severity::Note,
                    "unknown-import",
                    format!(
                        "the imports are not statically known ({})",
                        describe_unknown(&v)
                    ),
                    span,
                ));
                return Ok(());
            }
            other => {
                return Err(EvalError::new(
                    crate::eval::ErrorKind::Type,
                    format!("imports must be a list, found {}", other.type_phrase()),
                    span,
                ));
            }
        };
        for item in items.iter() {
            let item_span = item.span().or(span);
            match ev.force(item) {
                Ok(Value::Path(p)) => self.load_file(ev, Path::new(&*p), item_span),
                Ok(Value::String(s)) if s.starts_with('/') => {
                    self.load_file(ev, Path::new(&*s), item_span)
                }
                Ok(v @ (Value::Attrs(_) | Value::Lambda(_) | Value::PrimOp(_))) => {
                    self.collect(ev, Thunk::value(v, item_span), item_span);
                }
                Ok(v) if v.is_unknown() => {
                    self.incomplete = true;
                    ev.diagnostics.push(Diagnostic::new(
                        crate::diagnostic::Severity::Note,
                        "unknown-import",
                        format!(
                            "an imported module is not statically known ({}); its options are not read",
                            describe_unknown(&v)
                        ),
                        item_span,
                    ))
                }
                Ok(other) => ev.diagnostics.push(Diagnostic::warning(
                    "not-a-module",
                    format!(
                        "imports must contain paths or modules, found {}",
                        other.type_phrase()
                    ),
                    item_span,
                )),
                Err(e) => {
                    self.incomplete = true;
                    ev.diagnostics.push(eval_diagnostic(&e, item_span))
                }
            }
        }
        Ok(())
    }
}

/// Reads an option declaration tree (`options = { my.backup.enable = mkOption …; }`).
fn read_declarations(
    ev: &mut Evaluator,
    value: &Value,
    path: &mut Vec<Name>,
    decls: &mut Declarations,
) -> EvalResult<()> {
    let Value::Attrs(set) = value else {
        return Ok(());
    };
    if is_marker(ev, set, "option")? {
        let ty = match set.get("type") {
            Some(t) => {
                let t = ev.force(&t.value.clone())?;
                type_from_value(ev, &t)?
            }
            None => OptionType::Anything,
        };
        let default = set.get("default").map(|d| d.value.clone());
        decls.declare(
            path,
            OptionDecl {
                ty,
                default,
                span: None,
            },
        );
        return Ok(());
    }
    for (name, attr) in &set.entries {
        let child = ev.force(&attr.value.clone())?;
        path.push(name.clone());
        let before = decls.children.len();
        read_declarations(ev, &child, path, decls)?;
        // Record where the declaration is, for messages.
        if let Some(DeclNode::Option(decl)) = lookup_mut(decls, path)
            && decl.span.is_none()
        {
            decl.span = attr.key_span;
        }
        let _ = before;
        path.pop();
    }
    Ok(())
}

fn lookup_mut<'a>(decls: &'a mut Declarations, path: &[Name]) -> Option<&'a mut DeclNode> {
    let (first, rest) = path.split_first()?;
    let node = decls.children.get_mut(first)?;
    if rest.is_empty() {
        return Some(node);
    }
    match node {
        DeclNode::Group(group) => lookup_mut(group, rest),
        DeclNode::Option(_) => None,
    }
}

fn is_marker(ev: &mut Evaluator, set: &Attrs, kind: &str) -> EvalResult<bool> {
    match set.get("_type") {
        Some(t) => Ok(matches!(ev.force(&t.value.clone())?, Value::String(s) if &*s == kind)),
        None => Ok(false),
    }
}

/// Reads a `types.*` value (as backix's lib builds them) into an [`OptionType`].
pub fn type_from_value(ev: &mut Evaluator, value: &Value) -> EvalResult<OptionType> {
    let Value::Attrs(set) = value else {
        return Ok(OptionType::Anything);
    };
    if !is_marker(ev, set, "option-type")? {
        return Ok(OptionType::Anything);
    }
    let name = match set.get("name") {
        Some(n) => match ev.force(&n.value.clone())? {
            Value::String(s) => s.to_string(),
            _ => String::new(),
        },
        None => String::new(),
    };
    let nested = |ev: &mut Evaluator, field: &str| -> EvalResult<Option<Value>> {
        let Some(nested) = set.get("nestedTypes") else {
            return Ok(None);
        };
        let Value::Attrs(nested) = ev.force(&nested.value.clone())? else {
            return Ok(None);
        };
        match nested.get(field) {
            Some(t) => Ok(Some(ev.force(&t.value.clone())?)),
            None => Ok(None),
        }
    };
    let sub = |ev: &mut Evaluator, field: &str| -> EvalResult<Box<OptionType>> {
        Ok(Box::new(match nested(ev, field)? {
            Some(t) => type_from_value(ev, &t)?,
            None => OptionType::Anything,
        }))
    };
    let base = name.split_whitespace().next().unwrap_or("");
    let field_strings = |ev: &mut Evaluator, field: &str| -> EvalResult<Vec<String>> {
        let Some(list) = set.get(field) else {
            return Ok(Vec::new());
        };
        let Value::List(items) = ev.force(&list.value.clone())? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let Value::String(s) = ev.force(item)? {
                out.push(s.to_string());
            }
        }
        Ok(out)
    };
    let regex = match set.get("regex") {
        Some(r) => match ev.force(&r.value.clone())? {
            Value::String(s) => s.to_string(),
            _ => String::new(),
        },
        None => String::new(),
    };
    Ok(match base {
        "bool" => OptionType::Bool,
        n if n.starts_with("int")
            || n.starts_with("unsignedInt")
            || n.starts_with("signedInt")
            || n.starts_with("positiveInt")
            || n == "port" =>
        {
            OptionType::Int
        }
        n if n.starts_with("float") || n.starts_with("number") => OptionType::Number,
        "str" | "nonEmptyStr" | "singleLineStr" | "passwdEntry" => OptionType::Str,
        "lines" | "commas" | "envVar" | "separatedString" => OptionType::Lines,
        "path" | "pathInStore" => OptionType::Path,
        "package" => OptionType::Package,
        "enum" => OptionType::Enum(field_strings(ev, "values")?),
        "strMatching" => OptionType::StrMatching(regex),
        "listOf" => OptionType::ListOf(sub(ev, "elemType")?),
        "attrsOf" | "lazyAttrsOf" => OptionType::AttrsOf(sub(ev, "elemType")?),
        "nullOr" => OptionType::NullOr(sub(ev, "elemType")?),
        "uniq" | "unique" => *sub(ev, "elemType")?,
        "either" => OptionType::Either(vec![*sub(ev, "left")?, *sub(ev, "right")?]),
        "coercedTo" => OptionType::CoercedTo(sub(ev, "coercedType")?, sub(ev, "finalType")?),
        "submodule" | "submoduleWith" => {
            let mut decls = Declarations::default();
            if let Some(modules) = set.get("submoduleModules")
                && let Value::List(items) = ev.force(&modules.value.clone())?
            {
                for item in items.iter() {
                    read_submodule_options(ev, item, &mut decls)?;
                }
            }
            OptionType::Submodule(Rc::new(Submodule {
                options: decls,
                freeform: false,
                modules: Vec::new(),
            }))
        }
        _ => OptionType::Anything,
    })
}

fn read_submodule_options(
    ev: &mut Evaluator,
    module: &Thunk,
    decls: &mut Declarations,
) -> EvalResult<()> {
    let mut value = ev.force(module)?;
    if matches!(value, Value::Lambda(_) | Value::PrimOp(_)) {
        let span = module.span().unwrap_or(dummy_span());
        let args = submodule_args(ev, span, None);
        value = ev.apply(value, Thunk::value(args, Some(span)), span)?;
    }
    let Value::Attrs(set) = value else {
        return Ok(());
    };
    if let Some(options) = set.get("options") {
        let options = ev.force(&options.value.clone())?;
        read_declarations(ev, &options, &mut Vec::new(), decls)?;
    }
    Ok(())
}

/// The arguments a module function receives: `config`, `options`, `lib`, `pkgs`, and unknowns.
pub fn module_args(
    ev: &mut Evaluator,
    config: Thunk,
    span: Span,
    extra: &[(Name, Value)],
) -> Value {
    let lib = ev.lib();
    let pkgs = crate::eval::nixpkgs_lib::pkgs_value(ev, span);
    let mut entries = BTreeMap::new();
    let mut put = |name: &str, value: Thunk| {
        entries.insert(
            Name::from(name),
            Attr {
                value,
                key_span: None,
            },
        );
    };
    put("config", config);
    put("lib", Thunk::value(lib, None));
    put("pkgs", Thunk::value(pkgs, None));
    put(
        "options",
        Thunk::value(
            open_unknown(span, "options", UnknownReason::ModuleArgument),
            None,
        ),
    );
    put(
        "modulesPath",
        Thunk::value(
            ev.unknown_text(span, "modulesPath", UnknownReason::ModuleArgument),
            None,
        ),
    );
    for (name, value) in extra {
        entries.insert(
            name.clone(),
            Attr {
                value: Thunk::value(value.clone(), None),
                key_span: None,
            },
        );
    }
    let open = Rc::new(Unknown {
        span,
        text: "module argument".into(),
        reason: UnknownReason::ModuleArgument,
    });
    Value::Attrs(Rc::new(Attrs {
        entries,
        open: Some(open),
    }))
}

/// Arguments of a submodule's module function (`name` known when given).
pub fn submodule_args(ev: &mut Evaluator, span: Span, name: Option<&str>) -> Value {
    let config = Thunk::value(
        open_unknown(span, "config", UnknownReason::ConfigOption),
        None,
    );
    let name_value = match name {
        Some(n) => Value::string(n),
        None => ev.unknown_text(span, "name", UnknownReason::ModuleArgument),
    };
    module_args(ev, config, span, &[("name".into(), name_value)])
}

/// An open set standing for something unknown, whose attributes are unknown too.
pub fn open_unknown(span: Span, text: &str, reason: UnknownReason) -> Value {
    let open = Rc::new(Unknown {
        span,
        text: text.into(),
        reason,
    });
    Value::Attrs(Rc::new(Attrs {
        entries: BTreeMap::new(),
        open: Some(open),
    }))
}

fn describe_unknown(v: &Value) -> String {
    match v {
        Value::Unknown(u) => format!("`{}`", u.text),
        _ => "a partly known value".to_string(),
    }
}

/// A diagnostic for an evaluation error.
pub fn eval_diagnostic(e: &EvalError, fallback: Option<Span>) -> Diagnostic {
    let span = e.span.filter(|s| s.file.0 != u32::MAX).or(fallback);
    Diagnostic::error("eval-error", e.message.clone(), span)
}

fn read_module_text(path: &Path, max_file_size: u64) -> Result<String, String> {
    crate::input::check_size(path, max_file_size)?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {}", path.display(), e))?;
    if bytes.contains(&0) {
        return Err(format!("{}: a binary file, not Nix source", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("{}: not valid UTF-8 text", path.display()))
}

fn dummy_span() -> Span {
    Span::new(crate::source::FileId(0), 0, 0)
}

/// A file's name for messages: relative to the working directory when it is below it.
pub fn display_name(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}
