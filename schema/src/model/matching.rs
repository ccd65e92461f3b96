//! The string constraints of the modules (`types.strMatching` and the absolute-path rule of
//! `types.path`), each as the Nix regex, the JSON Schema `pattern` that matches the same strings,
//! and a description in words for messages.
//!
//! Nix's `builtins.match` matches the whole string with POSIX extended regexes: `[[:digit:]]`
//! classes, and `.` matching a newline too. JSON Schema patterns are unanchored ECMA-262 regexes,
//! so each pattern here is anchored, uses `[0-9]` and `[\s\S]`. `tests/validate_patterns.rs`
//! compares every pair with `nix-instantiate`.

/// One string constraint.
#[derive(Debug)]
pub struct StrMatching {
    /// The regex of `types.strMatching`, as the module writes it; `None` for `types.path`.
    pub nix: Option<&'static str>,
    /// The equivalent JSON Schema `pattern`.
    pub json: &'static str,
    /// What the strings look like, in words, for messages.
    pub words: &'static str,
}

/// borgbackup `compression`.
pub const BORG_COMPRESSION: StrMatching = StrMatching {
    nix: Some("none|(auto,)?(lz4|zstd|zlib|lzma)(,[[:digit:]]{1,2})?"),
    json: r"^(?:none|(?:auto,)?(?:lz4|zstd|zlib|lzma)(?:,[0-9]{1,2})?)$",
    words: "`none`, or an optional `auto,`, then `lz4`, `zstd`, `zlib` or `lzma`, then an \
            optional `,N` level of one or two digits (such as `auto,zstd,10`)",
};

/// borgbackup `archiveBaseName`.
pub const BORG_ARCHIVE_BASE_NAME: StrMatching = StrMatching {
    nix: Some("[^/{}]+"),
    json: r"^[^/{}]+$",
    words: "a non-empty name without `/`, `{` or `}`",
};

/// borgbackup `prune.keep` string values and home-manager `retention.keepWithin`.
pub const KEEP_INTERVAL: StrMatching = StrMatching {
    nix: Some("[[:digit:]]+[Hdwmy]"),
    json: r"^[0-9]+[Hdwmy]$",
    words: "a number followed by `H`, `d`, `w`, `m` or `y` (such as `7d`)",
};

/// borgbackup repos `quota`.
pub const BORG_QUOTA: StrMatching = StrMatching {
    nix: Some("[[:digit:].]+[KMGTP]?"),
    json: r"^[0-9.]+[KMGTP]?$",
    words: "a number (digits and dots) with an optional unit `K`, `M`, `G`, `T` or `P` \
            (such as `100G`)",
};

/// home-manager `consistency.checks.*.frequency`.
pub const CHECK_FREQUENCY: StrMatching = StrMatching {
    nix: Some("([[:digit:]]+ .*)|always"),
    json: r"^(?:[0-9]+ [\s\S]*|always)$",
    words: "a number, a space and a unit (such as `2 weeks`), or `always`",
};

/// `types.path`: a path, or a string that starts with `/`.
pub const ABSOLUTE_PATH: StrMatching = StrMatching {
    nix: None,
    json: r"^/",
    words: "an absolute path (a Nix path, or a string starting with `/`)",
};

/// Every constraint.
pub const ALL: &[&StrMatching] = &[
    &BORG_COMPRESSION,
    &BORG_ARCHIVE_BASE_NAME,
    &KEEP_INTERVAL,
    &BORG_QUOTA,
    &CHECK_FREQUENCY,
    &ABSOLUTE_PATH,
];

/// The constraint with this JSON Schema pattern.
pub fn by_json_pattern(pattern: &str) -> Option<&'static StrMatching> {
    ALL.iter().copied().find(|m| m.json == pattern)
}
