//! What `backix lint` reads: the paths given, expanded into units of work.
//!
//! A file given by name is read as borgmatic YAML when its name ends in `.yaml` or `.yml`, as
//! Nix otherwise. A directory is walked (respecting `.gitignore`, `.ignore` and hidden files,
//! and skipping `node_modules`, `target`, `result` and `.direnv`): its `.nix` files are analysed
//! together as one unit (files imported by others are not roots of their own), and each of its
//! `.yaml`/`.yml` files that [looks like a borgmatic configuration](looks_like_borgmatic) is a
//! unit of its own.

use std::path::{Path, PathBuf};

/// One unit of work, analysed by one worker.
#[derive(Debug, Clone)]
pub enum Unit {
    /// Nix files analysed together (one path argument).
    Nix {
        /// The path argument, for messages and as the place configuration is looked up from.
        base: PathBuf,
        /// The files.
        files: Vec<PathBuf>,
    },
    /// One borgmatic YAML file.
    Yaml {
        /// The file.
        path: PathBuf,
    },
    /// Standard input.
    Stdin {
        /// The name to report it under.
        name: String,
        /// Its text.
        text: String,
        /// Whether it is borgmatic YAML (by the name's extension) rather than Nix.
        yaml: bool,
    },
}

/// Directories never walked.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", "result", ".direnv"];

/// Whether a name ends in `.yaml` or `.yml`.
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
}

/// Expands one path argument into units; a directory with nothing to check gives none.
pub fn units_of(path: &Path) -> Result<Vec<Unit>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(path, &e))?;
    if !meta.is_dir() {
        return Ok(vec![if is_yaml(path) {
            Unit::Yaml {
                path: path.to_path_buf(),
            }
        } else {
            Unit::Nix {
                base: path.to_path_buf(),
                files: vec![path.to_path_buf()],
            }
        }]);
    }
    let mut nix = Vec::new();
    let mut units = Vec::new();
    let walker = ignore::WalkBuilder::new(path)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && SKIPPED_DIRS.iter().any(|s| e.file_name() == *s))
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let file = entry.into_path();
        if file.extension().is_some_and(|x| x == "nix") {
            nix.push(file);
        } else if is_yaml(&file) && looks_like_borgmatic(&file) {
            units.push(Unit::Yaml { path: file });
        }
    }
    if !nix.is_empty() {
        units.insert(
            0,
            Unit::Nix {
                base: path.to_path_buf(),
                files: nix,
            },
        );
    }
    Ok(units)
}

/// Whether a YAML file found in a directory is a borgmatic configuration: it has a top-level
/// `repositories:` or `source_directories:` key (the flat format), or a top-level `location:`
/// section with one of them inside (the legacy sectioned format). Files over 1 MiB are not.
pub fn looks_like_borgmatic(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.len() > 1 << 20 {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    looks_like_borgmatic_text(&text)
}

/// [`looks_like_borgmatic`] on text.
pub fn looks_like_borgmatic_text(text: &str) -> bool {
    let key = |line: &str, names: &[&str]| {
        names.iter().any(|n| {
            line.strip_prefix(n)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    const KEYS: &[&str] = &["repositories", "source_directories"];
    let mut in_location = false;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let top = !line.starts_with([' ', '\t']);
        if top {
            if key(line, KEYS) {
                return true;
            }
            in_location = key(line, &["location"]);
        } else if in_location && key(line.trim_start(), KEYS) {
            return true;
        }
    }
    false
}

/// A one-line message for an I/O error on a path.
pub fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("{}: permission denied", path.display()),
        std::io::ErrorKind::InvalidData => format!("{}: not valid UTF-8 text", path.display()),
        _ => format!("{}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borgmatic_detection() {
        assert!(looks_like_borgmatic_text(
            "source_directories:\n  - /home\n"
        ));
        assert!(looks_like_borgmatic_text(
            "# c\nrepositories :\n  - path: x\n"
        ));
        assert!(looks_like_borgmatic_text(
            "location:\n    source_directories:\n        - /h\n"
        ));
        assert!(!looks_like_borgmatic_text("jobs:\n  repositories: 3\n"));
        assert!(!looks_like_borgmatic_text("name: CI\non: push\n"));
        assert!(!looks_like_borgmatic_text("repositories_x: 1\n"));
    }
}
