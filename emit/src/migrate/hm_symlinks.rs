//! home-manager's `programs.borgmatic.backups.<name>.location.excludeHomeManagerSymlinks` as
//! exclude lines.
//!
//! home-manager writes one line `<home>/<target>` for every `home.file` entry whose `recursive`
//! is false, in attribute-name order, into a store file it appends to `exclude_from`. When the
//! entries are known, [`exclude_lines`] gives exactly those lines; when they are not, it gives
//! the paths home-manager always manages as `sh:` patterns (which exclude more than
//! home-manager's own file does) plus the targets that are known.

/// One `home.file` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HomeFile {
    /// The attribute name (home-manager orders the lines by it).
    pub name: String,
    /// `target`: relative to the home directory (an absolute target is kept as written).
    pub target: String,
    /// `recursive`: such entries are left out of the exclude file.
    pub recursive: bool,
}

/// What is known of one home-manager user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeContext {
    /// `home.homeDirectory`.
    pub home: String,
    /// The `home.file` entries that are known.
    pub files: Vec<HomeFile>,
    /// Whether `files` is every entry of `home.file` (so the lines are exactly home-manager's).
    pub files_complete: bool,
    /// Whether `excludeHomeManagerSymlinks` is on for the configuration being migrated.
    pub exclude_symlinks: bool,
}

/// The exclude lines and whether they are exactly home-manager's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HmExcludes {
    /// Exclude lines (plain paths, read as `fm:` like home-manager's file, or `sh:` patterns).
    pub lines: Vec<String>,
    /// Whether the lines are exactly those of home-manager's file.
    pub exact: bool,
    /// What was done, in a sentence, for the report.
    pub note: String,
}

/// Paths home-manager manages in every home, relative to the home directory.
pub const STANDARD_PATHS: [&str; 3] = [
    ".nix-profile",
    ".local/state/nix",
    ".local/state/home-manager",
];

/// Files home-manager always places (as `home.file` entries of its own).
pub const ALWAYS_PRESENT: [&str; 2] = [".cache/.keep", ".local/state/.keep"];

/// The exclude lines for a home (see the module documentation).
pub fn exclude_lines(cx: &HomeContext) -> HmExcludes {
    let mut files: Vec<&HomeFile> = cx.files.iter().filter(|f| !f.recursive).collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    if cx.files_complete {
        let lines = files
            .iter()
            .map(|f| format!("{}/{}", cx.home, f.target))
            .collect();
        return HmExcludes {
            lines,
            exact: true,
            note: "the `home.file` entries are known: the exact lines home-manager writes"
                .to_string(),
        };
    }
    let mut lines: Vec<String> = STANDARD_PATHS
        .iter()
        .map(|p| format!("sh:{}/{}", sh_escape(&cx.home), p))
        .collect();
    let mut known: Vec<String> = ALWAYS_PRESENT.iter().map(|s| s.to_string()).collect();
    for f in files {
        if !known.contains(&f.target) {
            known.push(f.target.clone());
        }
    }
    lines.extend(
        known
            .iter()
            .map(|t| format!("sh:{}/{}", sh_escape(&cx.home), sh_escape(t))),
    );
    HmExcludes {
        lines,
        exact: false,
        note: format!(
            "the `home.file` entries are not all known: excluded the paths home-manager always \
             manages ({}) and the known targets as `sh:` patterns, which may exclude more than \
             home-manager's own file",
            STANDARD_PATHS.join(", ")
        ),
    }
}

/// Escapes the characters Borg's `sh:` style treats as wildcards.
pub fn sh_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '*' | '?' | '[' | ']' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether an `exclude_from` entry is home-manager's store file of symlinks.
pub fn is_hm_exclude_file(path: &str) -> bool {
    path.starts_with("/nix/store/") && path.ends_with("-hm-symlinks.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, target: &str, recursive: bool) -> HomeFile {
        HomeFile {
            name: name.into(),
            target: target.into(),
            recursive,
        }
    }

    #[test]
    fn known_entries_give_home_managers_lines_in_name_order() {
        let cx = HomeContext {
            home: "/home/hm-user".into(),
            files: vec![
                file("z", ".config/borgmatic.d/main.yaml", false),
                file("a", ".cache/.keep", false),
                file("dir", ".config/nvim", true),
                file("abs", "/etc/x", false),
            ],
            files_complete: true,
            exclude_symlinks: true,
        };
        let out = exclude_lines(&cx);
        assert!(out.exact);
        assert_eq!(
            out.lines,
            [
                "/home/hm-user/.cache/.keep",
                "/home/hm-user//etc/x",
                "/home/hm-user/.config/borgmatic.d/main.yaml"
            ]
        );
    }

    #[test]
    fn unknown_entries_give_standard_sh_patterns() {
        let cx = HomeContext {
            home: "/home/a*b".into(),
            files: vec![file("x", ".config/x", false)],
            files_complete: false,
            exclude_symlinks: true,
        };
        let out = exclude_lines(&cx);
        assert!(!out.exact);
        assert_eq!(out.lines[0], "sh:/home/a[*]b/.nix-profile");
        assert!(
            out.lines
                .contains(&"sh:/home/a[*]b/.local/state/home-manager".to_string())
        );
        assert!(out.lines.contains(&"sh:/home/a[*]b/.config/x".to_string()));
        assert!(
            out.lines
                .contains(&"sh:/home/a[*]b/.cache/.keep".to_string())
        );
    }

    #[test]
    fn recognises_the_store_file() {
        assert!(is_hm_exclude_file(
            "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hm-symlinks.txt"
        ));
        assert!(!is_hm_exclude_file("/etc/excludes.txt"));
    }
}
