//! Rewriting the borgmatic blocks of a Nix file into `services.borgbackup.jobs` through the
//! syntax tree (rnix), so that every byte outside the rewritten bindings stays as it was.
//!
//! A *block* is the outermost binding whose attribute path reaches a borgmatic root: NixOS
//! `services.borgmatic…`, or `home-manager.users.<u>.programs.borgmatic…` and
//! `home-manager.users.<u>.services.borgmatic…` (in a standalone home-manager file,
//! `programs.borgmatic…` and `services.borgmatic…`). Nested sets (`services = { borgmatic = …; }`)
//! and dotted paths are both followed. The first NixOS block is replaced by the job bindings,
//! written relative to the set it stands in and indented like it; the other NixOS blocks are
//! removed. home-manager has no borgbackup module, so the jobs of a user's blocks go to the
//! NixOS level, in front of the top-level binding that holds the user's first block (the jobs
//! carry `user = "<u>"`), and the user's blocks are removed.

use std::ops::Range;

use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode;

use super::nix_expr::attr_name;
use super::to_jobs::MigratedJob;

/// Which module a block configures.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BlockKind {
    /// NixOS `services.borgmatic`.
    Nixos,
    /// home-manager `programs.borgmatic` / `services.borgmatic` of a user of a NixOS file
    /// (`Some`), or of a standalone home-manager file (`None`).
    Home(Option<String>),
}

/// One borgmatic binding of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Which module.
    pub kind: BlockKind,
    /// The full attribute path of the binding.
    pub path: Vec<String>,
    /// The binding's byte range (`path = value;`).
    pub range: Range<usize>,
    /// The attribute path of the set the binding stands in.
    pub prefix: Vec<String>,
    /// The byte range of the binding of the module's top-level set that holds it (itself when
    /// it is top-level).
    pub top: Range<usize>,
    /// Whether the value is written as data (a set, list, string, ...), not through a function
    /// such as `lib.mkIf` or an operator whose effect replacing the binding would drop.
    pub plain: bool,
}

/// The jobs to write, per kind of block.
#[derive(Clone, Debug, Default)]
pub struct Jobs {
    /// Jobs of the NixOS `services.borgmatic` blocks.
    pub nixos: Vec<MigratedJob>,
    /// Jobs of each home-manager user's blocks.
    pub home: Vec<(String, Vec<MigratedJob>)>,
    /// Whether the jobs read `config` (the module function must take it).
    pub needs_config: bool,
}

/// Checks that `text` parses as Nix; `Err` carries the first syntax error.
pub fn check_parses(text: &str) -> Result<(), String> {
    match rnix::Root::parse(text).errors().first() {
        Some(e) => Err(e.to_string()),
        None => Ok(()),
    }
}

/// The module's top-level attribute set: the body of the file, under a function, `let`, `with`
/// and parentheses.
fn top_set(root: &ast::Root) -> Option<ast::AttrSet> {
    let mut expr = root.expr()?;
    loop {
        expr = match expr {
            ast::Expr::Lambda(l) => l.body()?,
            ast::Expr::LetIn(l) => l.body()?,
            ast::Expr::With(w) => w.body()?,
            ast::Expr::Paren(p) => p.expr()?,
            ast::Expr::AttrSet(s) => return Some(s),
            _ => return None,
        }
    }
}

/// An attribute name, when it is static (`name` or `"name"`).
fn attr_text(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(i) => Some(i.syntax().text().to_string()),
        ast::Attr::Str(s) => {
            let t = s.syntax().text().to_string();
            let inner = t.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['\\', '$', '"'])).then(|| inner.to_string())
        }
        ast::Attr::Dynamic(_) => None,
    }
}

/// The roots a binding may reach; `*` matches any one name (a home-manager user).
fn roots(standalone_home: bool) -> Vec<(&'static [&'static str], bool)> {
    if standalone_home {
        vec![
            (&["programs", "borgmatic"], true),
            (&["services", "borgmatic"], true),
        ]
    } else {
        vec![
            (&["services", "borgmatic"], false),
            (
                &["home-manager", "users", "*", "programs", "borgmatic"],
                true,
            ),
            (
                &["home-manager", "users", "*", "services", "borgmatic"],
                true,
            ),
        ]
    }
}

fn matches(pattern: &[&str], path: &[String]) -> bool {
    pattern.iter().zip(path).all(|(p, n)| *p == "*" || p == n)
}

/// Every borgmatic block of `text`, in file order; `Err` when the file does not parse or has no
/// top-level attribute set.
pub fn find_blocks(text: &str, standalone_home: bool) -> Result<Vec<Block>, String> {
    let parse = rnix::Root::parse(text);
    if let Some(e) = parse.errors().first() {
        return Err(format!("the file does not parse: {e}"));
    }
    let root = parse.tree();
    let set = top_set(&root)
        .ok_or("the file is not a module whose body is an attribute set".to_string())?;
    let mut out = Vec::new();
    walk(&set, &[], None, &roots(standalone_home), &mut out);
    Ok(out)
}

fn walk(
    set: &ast::AttrSet,
    prefix: &[String],
    top: Option<&Range<usize>>,
    roots: &[(&[&str], bool)],
    out: &mut Vec<Block>,
) {
    for binding in set.attrpath_values() {
        let Some(names) = binding
            .attrpath()
            .map(|p| p.attrs().map(|a| attr_text(&a)).collect::<Option<Vec<_>>>())
            .and_then(|n| n)
        else {
            continue;
        };
        let mut path = prefix.to_vec();
        path.extend(names);
        let r = binding.syntax().text_range();
        let range = usize::from(r.start())..usize::from(r.end());
        let top = top.cloned().unwrap_or(range.clone());
        if let Some((pattern, home)) = roots
            .iter()
            .find(|(p, _)| path.len() >= p.len() && matches(p, &path))
        {
            let kind = if !home {
                BlockKind::Nixos
            } else if pattern[0] == "home-manager" {
                BlockKind::Home(Some(path[2].clone()))
            } else {
                BlockKind::Home(None)
            };
            let plain = !matches!(
                binding.value(),
                Some(
                    ast::Expr::Apply(_)
                        | ast::Expr::IfElse(_)
                        | ast::Expr::BinOp(_)
                        | ast::Expr::LetIn(_)
                        | ast::Expr::With(_)
                        | ast::Expr::Assert(_)
                )
            );
            out.push(Block {
                kind,
                path,
                range,
                prefix: prefix.to_vec(),
                top,
                plain,
            });
            continue;
        }
        let may_hold = roots
            .iter()
            .any(|(p, _)| path.len() < p.len() && matches(&p[..path.len()], &path));
        if may_hold && let Some(ast::Expr::AttrSet(inner)) = binding.value() {
            walk(&inner, &path, Some(&top), roots, out);
        }
    }
}

/// The text of job bindings for a set at `prefix`, each line after the first indented by
/// `indent`.
fn bindings(jobs: &[MigratedJob], prefix: &[String], indent: &str) -> String {
    let mut lines = Vec::new();
    for job in jobs {
        let full = ["services", "borgbackup", "jobs", job.name.as_str()];
        let rel: Vec<String> = full
            .iter()
            .skip(prefix.len())
            .map(|n| attr_name(n))
            .collect();
        let value = job.value.render_at(0);
        let text = format!("{} = {value};", rel.join("."));
        lines.push(reindent(&text, indent));
    }
    lines.join(&format!("\n{indent}"))
}

/// Prefixes every line but the first with `indent` (empty lines stay empty).
fn reindent(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// The start of the line holding `at`, and the text between it and `at` when it is blank.
fn line_indent(text: &str, at: usize) -> (usize, Option<&str>) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..at];
    (start, before.trim().is_empty().then_some(before))
}

/// The range that removing a binding takes: its whole lines when nothing else is on them.
fn removal(text: &str, range: &Range<usize>) -> Range<usize> {
    let (start, blank_before) = line_indent(text, range.start);
    let end_of_line = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i + 1);
    let after = &text[range.end..end_of_line];
    if blank_before.is_some() && after.trim().is_empty() {
        start..end_of_line
    } else {
        range.clone()
    }
}

/// Rewrites `text`: `blocks` (from [`find_blocks`]) replaced by `jobs`.
pub fn rewrite(text: &str, blocks: &[Block], jobs: &Jobs) -> Result<String, String> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut first_nixos = true;
    let mut placed_users: Vec<String> = Vec::new();
    for block in blocks {
        match &block.kind {
            BlockKind::Nixos => {
                if first_nixos && !jobs.nixos.is_empty() {
                    let (_, indent) = line_indent(text, block.range.start);
                    let indent = indent.unwrap_or("");
                    edits.push((
                        block.range.clone(),
                        bindings(&jobs.nixos, &block.prefix, indent),
                    ));
                } else {
                    edits.push((removal(text, &block.range), String::new()));
                }
                first_nixos = false;
            }
            BlockKind::Home(None) => {
                return Err(
                    "a standalone home-manager file is not rewritten: home-manager has no \
                     borgbackup module"
                        .into(),
                );
            }
            BlockKind::Home(Some(user)) => {
                let user_jobs = jobs
                    .home
                    .iter()
                    .find(|(u, _)| u == user)
                    .map(|(_, j)| j.as_slice())
                    .unwrap_or_default();
                let first = !placed_users.contains(user);
                placed_users.push(user.clone());
                if first && !user_jobs.is_empty() {
                    let (line_start, indent) = line_indent(text, block.top.start);
                    let indent = indent.unwrap_or("");
                    if block.top == block.range {
                        edits.push((block.range.clone(), bindings(user_jobs, &[], indent)));
                        continue;
                    }
                    let at = if line_indent(text, block.top.start).1.is_some() {
                        line_start
                    } else {
                        block.top.start
                    };
                    let text = format!("{indent}{}\n", bindings(user_jobs, &[], indent));
                    edits.push((at..at, text));
                }
                edits.push((removal(text, &block.range), String::new()));
            }
        }
    }
    if jobs.needs_config
        && let Some(edit) = config_argument(text)?
    {
        edits.push(edit);
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    for pair in edits.windows(2) {
        if pair[0].0.end > pair[1].0.start {
            return Err("borgmatic bindings overlap; migrate this file by hand".into());
        }
    }
    let mut out = text.to_string();
    for (range, replacement) in edits.into_iter().rev() {
        out.replace_range(range, &replacement);
    }
    Ok(out)
}

/// The edit that makes the module function take `config`, when it does not.
fn config_argument(text: &str) -> Result<Option<(Range<usize>, String)>, String> {
    let root = rnix::Root::parse(text).tree();
    match root.expr() {
        Some(ast::Expr::Lambda(l)) => match l.param() {
            Some(ast::Param::Pattern(p)) => {
                let has = p
                    .pat_entries()
                    .any(|e| e.ident().is_some_and(|i| i.syntax().text() == "config"));
                if has {
                    return Ok(None);
                }
                let open = p
                    .syntax()
                    .first_token()
                    .filter(|t| t.text() == "{")
                    .ok_or("the module's argument pattern has no `{`")?;
                let at = usize::from(open.text_range().end());
                let empty = p.pat_entries().next().is_none() && p.ellipsis_token().is_none();
                let insert = if empty { " config " } else { " config," };
                Ok(Some((at..at, insert.to_string())))
            }
            _ => Err(
                "the jobs read `config.networking.hostName`, and the module's argument is not \
                 a `{ ... }` pattern to add `config` to"
                    .into(),
            ),
        },
        _ => Ok(Some((0..0, "{ config, ... }:\n".to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::nix_expr::{Attr, NixExpr};

    fn job(name: &str) -> MigratedJob {
        MigratedJob {
            name: name.into(),
            value: NixExpr::Attrs(vec![
                Attr::new("repo", NixExpr::str("/mnt/r")),
                Attr::new("paths", NixExpr::strs(["/a", "/b"])),
            ]),
        }
    }

    #[test]
    fn nested_and_dotted_blocks_are_found() {
        let text = "{ pkgs, ... }:\nlet x = 1; in {\n  services = {\n    openssh.enable = true;\n    \
                    borgmatic.enable = true;\n    borgmatic.settings.repositories = [ ];\n  };\n  \
                    home-manager.users.alice.programs.borgmatic.enable = true;\n}\n";
        let blocks = find_blocks(text, false).unwrap();
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].kind, BlockKind::Nixos);
        assert_eq!(blocks[0].prefix, vec!["services".to_string()]);
        assert_eq!(blocks[2].kind, BlockKind::Home(Some("alice".into())));
        assert_eq!(blocks[2].top, blocks[2].range);
        assert!(blocks.iter().all(|b| b.plain));
        let wrapped = find_blocks(
            "{ lib, ... }: { services.borgmatic = lib.mkIf true { }; }",
            false,
        );
        assert!(!wrapped.unwrap()[0].plain);
    }

    #[test]
    fn the_first_block_becomes_the_jobs_and_the_rest_goes() {
        let text = "{ pkgs, ... }:\n{\n  # keep me\n  services = {\n    borgmatic.enable = true; # gone\n    \
                    openssh.enable = true;\n    borgmatic.settings = { };\n  };\n}\n";
        let blocks = find_blocks(text, false).unwrap();
        let jobs = Jobs {
            nixos: vec![job("borgmatic")],
            ..Jobs::default()
        };
        let out = rewrite(text, &blocks, &jobs).unwrap();
        assert_eq!(
            out,
            "{ pkgs, ... }:\n{\n  # keep me\n  services = {\n    borgbackup.jobs.borgmatic = {\n      \
             repo = \"/mnt/r\";\n      paths = [\n        \"/a\"\n        \"/b\"\n      ];\n    }; # gone\n    \
             openssh.enable = true;\n  };\n}\n"
        );
    }

    #[test]
    fn config_is_added_to_the_arguments_when_needed() {
        let jobs = Jobs {
            nixos: vec![job("j")],
            needs_config: true,
            ..Jobs::default()
        };
        for (text, head) in [
            (
                "{ pkgs, ... }:\n{\n  services.borgmatic.enable = true;\n}\n",
                "{ config, pkgs, ... }:",
            ),
            (
                "{ config, ... }:\n{\n  services.borgmatic.enable = true;\n}\n",
                "{ config, ... }:",
            ),
            (
                "{\n  services.borgmatic.enable = true;\n}\n",
                "{ config, ... }:\n{",
            ),
        ] {
            let blocks = find_blocks(text, false).unwrap();
            let out = rewrite(text, &blocks, &jobs).unwrap();
            assert!(out.starts_with(head), "{out}");
        }
    }
}
