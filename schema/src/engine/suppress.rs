//! Inline suppression comments: `# backix: allow CODE[, CODE...]`.
//!
//! A comment names rule codes or names, separated by commas; text after a code (a reason) is
//! ignored: `# backix: allow BX101, passphrase-in-store  the key never leaves this host`.
//!
//! The comment applies to a *target line*: its own line when code precedes it on the line (a
//! trailing comment), otherwise the next line that is neither blank nor a comment. It suppresses
//! findings whose primary span starts on the target line or inside a definition that starts on
//! the target line: in Nix, every binding (`name = ...;`, `inherit ...;`) starting there, so a
//! comment above `home = {` covers the whole job; in YAML, the key starting there with
//! everything indented below it (and, for a `- ` item, the whole item). Nix files are those
//! whose name ends in `.nix`; every other file is read as YAML (`#` starts a comment at the
//! start of a line or after whitespace).

use std::collections::HashMap;
use std::ops::Range;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::{FileId, SourceFile, SourceMap, Span};

use super::{ANALYSIS_WARNING_CODES, UNKNOWN_RULE};
use crate::rule::Rule;

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The bytes whose findings it suppresses.
    pub region: Range<u32>,
    /// The codes or names it lists, each with its byte range.
    pub codes: Vec<(String, Range<u32>)>,
}

/// The suppression comments of every file of a source map.
pub struct Suppressions {
    files: HashMap<FileId, Vec<Directive>>,
}

impl Suppressions {
    /// Reads the suppression comments of every file in `sources`.
    pub fn new(sources: &SourceMap) -> Self {
        let files = sources
            .files()
            .filter(|(_, f)| f.text.contains("backix:"))
            .map(|(id, f)| (id, directives(f)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        Suppressions { files }
    }

    /// Whether a comment suppresses `d` (of `rule`, or an analysis diagnostic when `None`).
    pub fn suppresses(&self, d: &Diagnostic, rule: Option<&Rule>) -> bool {
        let Some(span) = d.span else {
            return false;
        };
        let Some(directives) = self.files.get(&span.file) else {
            return false;
        };
        directives.iter().any(|dir| {
            dir.region.contains(&span.start)
                && dir.codes.iter().any(|(c, _)| {
                    c.eq_ignore_ascii_case(d.code)
                        || rule.is_some_and(|r| r.code.eq_ignore_ascii_case(c) || r.name == c)
                })
        })
    }

    /// A warning per code in a comment that names none of the `known` rules (those that ran).
    pub fn unknown_codes(&self, known: &[&Rule]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (file, directives) in &self.files {
            for (code, range) in directives.iter().flat_map(|d| &d.codes) {
                let names_rule = known
                    .iter()
                    .any(|r| r.code.eq_ignore_ascii_case(code) || r.name == code.as_str());
                if names_rule || ANALYSIS_WARNING_CODES.contains(&code.as_str()) {
                    continue;
                }
                let span = Span::new(*file, range.start, range.end);
                let mut d = Diagnostic::warning(
                    UNKNOWN_RULE,
                    format!("unknown rule '{code}' in a suppression comment"),
                    Some(span),
                );
                d.help = Some(match crate::config::suggest(code) {
                    Some(s) => format!("did you mean '{s}'?"),
                    None => "`backix explain --list` lists every rule".to_string(),
                });
                out.push(d);
            }
        }
        out
    }
}

/// The suppression comments of one file.
pub fn directives(file: &SourceFile) -> Vec<Directive> {
    let text: &str = &file.text;
    let nix = file.name.ends_with(".nix");
    let comments = if nix {
        nix_comments(text)
    } else {
        yaml_comments(text)
    };
    let lines = file.line_starts();
    let line_of = |offset: u32| match lines.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i - 1,
    };
    let line_range = |i: usize| {
        let start = lines[i] as usize;
        let end = lines.get(i + 1).map_or(text.len(), |&e| e as usize);
        start..end
    };
    let mut bindings: Option<HashMap<usize, u32>> = None;
    let mut out = Vec::new();
    for comment in comments {
        let Some(codes) = parse_comment(text, comment.clone()) else {
            continue;
        };
        let line = line_of(comment.start as u32);
        let own = line_range(line);
        let trailing = !text[own.start..comment.start].trim().is_empty();
        let target = if trailing {
            Some(line)
        } else {
            (line + 1..lines.len()).find(|&i| {
                let t = text[line_range(i)].trim();
                !t.is_empty() && !t.starts_with('#')
            })
        };
        let Some(target) = target else {
            continue;
        };
        let range = line_range(target);
        let mut end = range.end as u32;
        let extent = if nix {
            bindings
                .get_or_insert_with(|| nix_bindings(text, &line_of))
                .get(&target)
                .copied()
        } else {
            Some(yaml_extent(text, lines, target))
        };
        end = end.max(extent.unwrap_or(0));
        out.push(Directive {
            region: range.start as u32..end,
            codes,
        });
    }
    out
}

/// Parses `# backix: allow A, B reason` into its codes with their byte ranges.
fn parse_comment(text: &str, comment: Range<usize>) -> Option<Vec<(String, Range<u32>)>> {
    let body = text[comment].strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix("backix:")?.trim_start();
    let list = rest.strip_prefix("allow")?;
    if !list.starts_with(char::is_whitespace) {
        return None;
    }
    let base = text.as_ptr() as usize;
    let mut codes = Vec::new();
    for item in list.split(',') {
        let Some(code) = item.split_whitespace().next() else {
            continue;
        };
        let start = (code.as_ptr() as usize - base) as u32;
        codes.push((code.to_string(), start..start + code.len() as u32));
    }
    (!codes.is_empty()).then_some(codes)
}

/// The byte ranges of the `#` comments of Nix source.
fn nix_comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (kind, token) in rnix::tokenize(text) {
        if kind == rnix::SyntaxKind::TOKEN_COMMENT && token.starts_with('#') {
            out.push(offset..offset + token.len());
        }
        offset += token.len();
    }
    out
}

/// The byte ranges of the `#` comments of YAML text: from a `#` at the start of a line or after
/// whitespace to the end of the line.
fn yaml_comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        if let Some(i) = (0..bytes.len()).find(|&i| {
            bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t')
        }) {
            out.push(start + i..start + line.trim_end().len());
        }
        start += line.len();
    }
    out
}

/// For each line on which Nix bindings start, the end of the longest one.
fn nix_bindings(text: &str, line_of: &dyn Fn(u32) -> usize) -> HashMap<usize, u32> {
    use rnix::SyntaxKind::{NODE_ATTRPATH_VALUE, NODE_INHERIT};
    let root = rnix::Root::parse(text).syntax();
    let mut out: HashMap<usize, u32> = HashMap::new();
    for node in root.descendants() {
        if matches!(node.kind(), NODE_ATTRPATH_VALUE | NODE_INHERIT) {
            let range = node.text_range();
            let end = out.entry(line_of(range.start().into())).or_insert(0);
            *end = (*end).max(range.end().into());
        }
    }
    out
}

/// The end of the YAML node starting on line `target`: the lines below it indented more (and,
/// after a key with no value on its line, a `- ` sequence at the key's own indentation).
fn yaml_extent(text: &str, lines: &[u32], target: usize) -> u32 {
    let line = |i: usize| {
        let start = lines[i] as usize;
        let end = lines.get(i + 1).map_or(text.len(), |&e| e as usize);
        &text[start..end]
    };
    let indent = |s: &str| s.len() - s.trim_start_matches(' ').len();
    let first = line(target);
    let base = indent(first);
    let opens_block = first.trim_end().ends_with(':') && !first.trim_start().starts_with('#');
    let mut end = lines.get(target + 1).map_or(text.len(), |&e| e as usize);
    for i in target + 1..lines.len() {
        let l = line(i);
        let content = l.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let n = indent(l);
        let item_at_base = opens_block && n == base && content.starts_with('-');
        if n > base || item_at_base {
            end = lines.get(i + 1).map_or(text.len(), |&e| e as usize);
        } else {
            break;
        }
    }
    end as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(name: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let mut map = SourceMap::new();
        let id = map.add(name, None, text);
        directives(map.file(id))
            .into_iter()
            .map(|d| {
                let covered = text[d.region.start as usize..d.region.end as usize].to_string();
                (covered, d.codes.into_iter().map(|(c, _)| c).collect())
            })
            .collect()
    }

    #[test]
    fn a_comment_above_a_binding_covers_the_binding() {
        let text = "{\n  # backix: allow BX101, foo-bar because\n  home = {\n    a = 1;\n  };\n  other = 2;\n}\n";
        let r = regions("a.nix", text);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, "  home = {\n    a = 1;\n  };");
        assert_eq!(r[0].1, vec!["BX101", "foo-bar"]);
    }

    #[test]
    fn a_trailing_comment_covers_its_line() {
        let text = "{\n  a = \"x\"; # backix: allow BX1\n  b = 2;\n}\n";
        let r = regions("a.nix", text);
        assert_eq!(r[0].0, "  a = \"x\"; # backix: allow BX1\n");
    }

    #[test]
    fn strings_are_not_comments_in_nix() {
        assert!(regions("a.nix", "{ a = \"# backix: allow BX1\"; }\n").is_empty());
        assert!(regions("a.nix", "# backix: allowed BX1\n{ }\n").is_empty());
    }

    #[test]
    fn yaml_keys_cover_what_is_indented_below() {
        let text = "# backix: allow BX200\nsource_directories:\n- /home\n- /etc\nrepositories:\n  - path: x\n";
        let r = regions("c.yaml", text);
        assert_eq!(r[0].0, "source_directories:\n- /home\n- /etc\n");
        let text =
            "repositories:\n  # backix: allow BX201\n  - path: a\n    label: b\n  - path: c\n";
        let r = regions("c.yml", text);
        assert_eq!(r[0].0, "  - path: a\n    label: b\n");
    }
}
