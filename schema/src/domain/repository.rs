//! Repository locations: borg's (`services.borgbackup.jobs.<name>.repo`, which becomes
//! `BORG_REPO`) and restic's (`services.restic.backups.<name>.repository`).
//!
//! borg 1.2 replaces placeholders such as `{hostname}` in `BORG_REPO`, then tries three regexes
//! in turn (its `Location` class): `ssh://[user@]host[:port]/path`, `file:///path`, and the
//! scp-like `[[user@]host:]path`, where a path ends at `::` (an archive name follows) and must not
//! start with `:`, `//` or `ssh://`. Whatever has no `host:` part is a local path, so `repo`,
//! `host:` (nothing after the colon) and even `sftp://host/x` are local relative directories.
//!
//! The NixOS module has its own idea of locality, `isLocalPath`: a repo is local exactly when it
//! starts with `/` or `.` (the third clause of its test never holds). Local repos get
//! `RequiresMountsFor=` and a `ReadWritePaths=` entry; `removableDevice` requires one. A repo that
//! borg reads as local but the module does not (`repo`, `~/backup`, `file:///backup`) is therefore
//! read-only under the service's `ProtectSystem=strict`.
//!
//! restic 0.14 takes the text before the first `:` as a backend name (`local`, `sftp`, `rest`,
//! `s3`, `b2`, `azure`, `gs`, `swift`, `rclone`) and lets that backend parse the rest. A string
//! whose first part is no backend is a local path, unless it contains a `:` and does not start with
//! `/`, `../` or a drive letter: then restic refuses it as an invalid backend (a directory with a
//! colon needs `local:`).

use std::ops::Range;

use super::{Issue, did_you_mean, py_decimal, quoted};

// ---------------------------------------------------------------------------------------------
// borg

/// Where a remote borg path is anchored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoteBase {
    /// An absolute path.
    Absolute,
    /// The remote user's home directory (`~/…`, `/~/…`).
    Home,
    /// Another user's home directory (`~name/…`, `/~name/…`), with the name.
    HomeOf(String),
    /// The directory `borg serve` runs in, usually the home directory (`path`, `/./path`).
    WorkingDirectory,
}

/// A borg repository location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BorgLocation {
    /// A directory on this machine.
    Local {
        /// The path as borg uses it (after `normpath`).
        path: String,
        /// Byte range of the path in the input.
        range: Range<usize>,
        /// Whether the path is relative (to the working directory).
        relative: bool,
        /// Whether it was written as a `file://` URL.
        file_url: bool,
    },
    /// A repository reached over ssh.
    Ssh {
        /// The user, if given.
        user: Option<String>,
        /// The host (without the brackets of an IPv6 address).
        host: String,
        /// Byte range of the host in the input.
        host_range: Range<usize>,
        /// The port, if given (borg ignores a port of 0).
        port: Option<u64>,
        /// The path as written.
        path: String,
        /// Byte range of the path in the input.
        path_range: Range<usize>,
        /// Where the path is anchored.
        base: RemoteBase,
        /// Whether it was written as an `ssh://` URL (else scp-like `host:path`).
        url: bool,
    },
}

/// A borg repository location borg accepts, with the module's view of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BorgRepository {
    /// How borg reads it.
    pub location: BorgLocation,
    /// The module's `isLocalPath`: starts with `/` or `.`.
    pub module_local: bool,
    /// Accepted but doubtful.
    pub warnings: Vec<Issue>,
}

/// The placeholders borg replaces in repository locations, archive names and globs.
pub const BORG_PLACEHOLDERS: [&str; 12] = [
    "pid",
    "fqdn",
    "reverse-fqdn",
    "hostname",
    "now",
    "utcnow",
    "user",
    "uuid4",
    "borgversion",
    "borgmajor",
    "borgminor",
    "borgpatch",
];

/// Replaces borg placeholders (Python `str.format_map` syntax) by same-length stand-ins, so that
/// byte ranges stay valid; reports unknown or malformed ones.
fn replace_placeholders(s: &str, warnings: &mut Vec<Issue>) -> Result<String, Issue> {
    const CODE: &str = "borg-placeholder";
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                out.push_str("aa");
                i += 2;
            }
            b'}' if b.get(i + 1) == Some(&b'}') => {
                out.push_str("aa");
                i += 2;
            }
            b'}' => {
                return Err(Issue::new(
                    CODE,
                    "borg fails on a single `}` (write `}}` for a literal brace)",
                    i..i + 1,
                ));
            }
            b'{' => {
                // Field up to the matching `}` (one level of nesting in the format spec).
                let mut depth = 0;
                let mut j = i;
                let end = loop {
                    match b.get(j) {
                        None => {
                            return Err(Issue::new(
                                CODE,
                                "borg fails on an unclosed `{` (write `{{` for a literal brace)",
                                i..s.len(),
                            ));
                        }
                        Some(b'{') => depth += 1,
                        Some(b'}') => {
                            depth -= 1;
                            if depth == 0 {
                                break j;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                };
                let field = &s[i + 1..end];
                let name_end = field.find(['!', ':']).unwrap_or(field.len());
                let name = &field[..name_end];
                let conversion = field[name_end..].starts_with('!');
                if name.is_empty() || conversion || !BORG_PLACEHOLDERS.contains(&name) {
                    let hint = did_you_mean(name, &BORG_PLACEHOLDERS)
                        .map(|p| format!("; did you mean `{{{p}}}`?"))
                        .unwrap_or_default();
                    return Err(Issue::new(
                        CODE,
                        format!(
                            "borg fails on the placeholder {}{hint} (borg knows {}; write `{{{{` \
                             and `}}}}` for literal braces)",
                            quoted(&s[i..=end]),
                            BORG_PLACEHOLDERS.join(", ")
                        ),
                        i..end + 1,
                    ));
                }
                if matches!(name, "now" | "utcnow" | "pid" | "uuid4") {
                    warnings.push(Issue::new(
                        "borg-placeholder-changing",
                        format!(
                            "{} changes on every run, so every run would use another repository",
                            quoted(&s[i..=end])
                        ),
                        i..end + 1,
                    ));
                }
                out.push_str(&"a".repeat(end + 1 - i));
                i = end + 1;
            }
            _ => {
                let c = s[i..].chars().next().expect("char boundary");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Ok(out)
}

/// Splits `t` (from byte `from`) into a path (non-empty) and an optional `::archive` as borg's
/// regexes do: the path ends at the first `::`, the archive must be non-empty without `/`.
fn path_archive(t: &str, from: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let rest = &t[from..];
    match rest.find("::") {
        None => (!rest.is_empty()).then_some((from..t.len(), None)),
        Some(i) => {
            let archive = from + i + 2..t.len();
            (i > 0 && !archive.is_empty() && !t[archive.clone()].contains('/'))
                .then_some((from..from + i, Some(archive)))
        }
    }
}

/// `(?:(?P<user>[^@:/]+)@)?` alternatives, in regex order: `(user range, position after)`.
fn user_alternatives(t: &str, at: usize) -> Vec<(Option<Range<usize>>, usize)> {
    let run = t[at..].find(['@', ':', '/']).map_or(t.len(), |i| at + i);
    let mut alts = Vec::new();
    if run > at && t[run..].starts_with('@') {
        alts.push((Some(at..run), run + 1));
    }
    alts.push((None, at));
    alts
}

/// The host alternatives at `at`: `(host range, position after)`. A host name is a maximal run
/// of characters other than `:` and `/`, not starting with `[` nor ending with `]`; an IPv6
/// address is `[hex digits, colons and dots]`.
fn host_alternatives(t: &str, at: usize) -> Vec<(Range<usize>, usize)> {
    let mut alts = Vec::new();
    let run = t[at..].find([':', '/']).map_or(t.len(), |i| at + i);
    let name = &t[at..run];
    if !name.is_empty() && !name.starts_with('[') && !name.ends_with(']') {
        alts.push((at..run, run));
    }
    if t[at..].starts_with('[') {
        let inner = t[at + 1..]
            .find(|c: char| !(c.is_ascii_hexdigit() || c == ':' || c == '.'))
            .map_or(t.len(), |i| at + 1 + i);
        if inner > at + 1 && t[inner..].starts_with(']') {
            alts.push((at + 1..inner, inner + 1));
        }
    }
    alts
}

/// The ssh part of a location: user, host and port ranges, and whether it was an `ssh://` URL.
type RawSsh = (
    Option<Range<usize>>,
    Range<usize>,
    Option<Range<usize>>,
    bool,
);

struct RawLocation {
    ssh: Option<RawSsh>,
    path: Range<usize>,
    archive: Option<Range<usize>>,
    file_url: bool,
}

/// borg's `Location._parse` on placeholder-free text.
fn borg_match(t: &str) -> Option<RawLocation> {
    // ssh://[user@]host[:port]/path[::archive]
    if let Some(after) = t.strip_prefix("ssh://").map(|_| 6) {
        for (user, at) in user_alternatives(t, after) {
            for (host, at) in host_alternatives(t, at) {
                let mut ports: Vec<(Option<Range<usize>>, usize)> = Vec::new();
                if t[at..].starts_with(':') {
                    let digits = t[at + 1..]
                        .char_indices()
                        .find(|&(_, c)| py_decimal(c).is_none())
                        .map_or(t.len(), |(i, _)| at + 1 + i);
                    if digits > at + 1 {
                        ports.push((Some(at + 1..digits), digits));
                    }
                }
                ports.push((None, at));
                for (port, at) in ports {
                    if !t[at..].starts_with('/') {
                        continue;
                    }
                    if let Some((path, archive)) = path_archive(t, at)
                        && path.len() >= 2
                    {
                        return Some(RawLocation {
                            ssh: Some((user, host, port, true)),
                            path,
                            archive,
                            file_url: false,
                        });
                    }
                }
            }
        }
    }
    // file://[server]/path[::archive]: the server part runs to the first `/` and may contain
    // anything else, even `::`; the rest follows the usual path rule.
    if let Some(slash) = t.strip_prefix("file://").and_then(|r| r.find('/'))
        && let Some((path, archive)) = path_archive(t, 7 + slash + 1)
    {
        return Some(RawLocation {
            ssh: None,
            path: 7..path.end,
            archive,
            file_url: true,
        });
    }
    // [[user@]host:]path[::archive]
    let scp_path_ok = |at: usize| {
        let rest = &t[at..];
        !(rest.starts_with(':') || rest.starts_with("//") || rest.starts_with("ssh://"))
    };
    for (user, at) in user_alternatives(t, 0) {
        for (host, at) in host_alternatives(t, at) {
            if !t[at..].starts_with(':') || !scp_path_ok(at + 1) {
                continue;
            }
            if let Some((path, archive)) = path_archive(t, at + 1) {
                return Some(RawLocation {
                    ssh: Some((user, host, None, false)),
                    path,
                    archive,
                    file_url: false,
                });
            }
        }
    }
    if scp_path_ok(0)
        && let Some((path, archive)) = path_archive(t, 0)
    {
        return Some(RawLocation {
            ssh: None,
            path,
            archive,
            file_url: false,
        });
    }
    None
}

/// Parses a borg repository location as borg 1.2 does (with the module's locality rule and
/// warnings about locations that parse but will not work as meant).
pub fn parse_borg_repository(repo: &str) -> Result<BorgRepository, Issue> {
    const CODE: &str = "borg-repo-invalid";
    let mut warnings = Vec::new();
    if repo.is_empty() {
        return Err(Issue::new(CODE, "the repository location is empty", 0..0));
    }
    let t = replace_placeholders(repo, &mut warnings)?;
    let module_local = repo.starts_with('/') || repo.starts_with('.');
    let trimmed = repo.trim();
    if trimmed.len() != repo.len() {
        warnings.push(Issue::new(
            "borg-repo-whitespace",
            "the location has leading or trailing whitespace, which borg keeps as part of it",
            0..repo.len(),
        ));
    }
    let Some(raw) = borg_match(&t) else {
        return Err(Issue::new(CODE, borg_parse_hint(repo), 0..repo.len()));
    };
    if let Some(archive) = &raw.archive {
        return Err(Issue::new(
            "borg-repo-archive",
            format!(
                "borg reads {} as an archive name: `::` separates the repository from an archive, \
                 and the module adds the archive names itself",
                quoted(&repo[archive.clone()])
            ),
            archive.start - 2..archive.end,
        ));
    }
    let path_text = repo[raw.path.clone()].to_string();
    let location = match raw.ssh {
        None => {
            let relative = !path_text.starts_with('/');
            BorgLocation::Local {
                path: normpath_special(&path_text),
                range: raw.path.clone(),
                relative,
                file_url: raw.file_url,
            }
        }
        Some((user, host, port, url)) => {
            let base = if let Some(rest) = path_text
                .strip_prefix("/~")
                .or_else(|| path_text.strip_prefix('~'))
            {
                match rest.split('/').next() {
                    Some("") | None => RemoteBase::Home,
                    Some(name) => RemoteBase::HomeOf(name.to_string()),
                }
            } else if !path_text.starts_with('/') || path_text.starts_with("/./") {
                RemoteBase::WorkingDirectory
            } else {
                RemoteBase::Absolute
            };
            let port_value = port.as_ref().map(|p| {
                repo[p.clone()].chars().fold(0u64, |acc, c| {
                    acc.saturating_mul(10)
                        .saturating_add(u64::from(py_decimal(c).unwrap_or(0)))
                })
            });
            if let (Some(p), Some(v)) = (&port, port_value)
                && (v == 0 || v > 65535)
            {
                warnings.push(Issue::new(
                    "borg-repo-port",
                    if v == 0 {
                        "borg ignores port 0 and uses ssh's default port".to_string()
                    } else {
                        format!("{v} is not a TCP port: ssh will fail to connect")
                    },
                    p.clone(),
                ));
            }
            let host_text = repo[host.clone()].to_string();
            if host_text.contains('@') {
                warnings.push(Issue::new(
                    "borg-repo-host",
                    format!(
                        "borg reads the host as {}: only the first `@` separates the user",
                        quoted(&host_text)
                    ),
                    host.clone(),
                ));
            }
            BorgLocation::Ssh {
                user: user.map(|u| repo[u].to_string()),
                host: host_text,
                host_range: host,
                port: port_value.filter(|&p| p != 0),
                path: path_text.clone(),
                path_range: raw.path.clone(),
                base,
                url,
            }
        }
    };
    locality_warnings(repo, &location, module_local, &mut warnings);
    Ok(BorgRepository {
        location,
        module_local,
        warnings,
    })
}

/// borg's `normpath_special`: `normpath`, keeping a leading `/./`.
fn normpath_special(p: &str) -> String {
    let relative = p.starts_with("/./");
    let n = super::patterns::normpath(p);
    if relative { format!("/.{n}") } else { n }
}

fn locality_warnings(
    repo: &str,
    location: &BorgLocation,
    module_local: bool,
    warnings: &mut Vec<Issue>,
) {
    let whole = 0..repo.len();
    match location {
        BorgLocation::Local {
            path,
            relative,
            file_url,
            ..
        } => {
            if repo.contains("://") && !file_url {
                warnings.push(Issue::new(
                    "borg-repo-url-as-path",
                    format!(
                        "borg knows only ssh:// and file:// URLs; it reads this as the local \
                         relative directory {}",
                        quoted(path)
                    ),
                    whole.clone(),
                ));
            } else if repo.ends_with(':') && !repo.starts_with('/') {
                warnings.push(Issue::new(
                    "borg-repo-empty-remote-path",
                    format!(
                        "with nothing after the colon borg reads this as the local directory {}; \
                         write a path after it (such as `{}.` for the login directory)",
                        quoted(path),
                        repo
                    ),
                    whole.clone(),
                ));
            } else if path.starts_with('~') {
                warnings.push(Issue::new(
                    "borg-repo-tilde",
                    "borg does not expand `~` in a local path, and no shell does here: this is a \
                     directory named `~` in the service's working directory",
                    whole.start..whole.start + 1,
                ));
            }
            if !module_local {
                let how = if *file_url {
                    "a file:// URL"
                } else if *relative {
                    "a relative path"
                } else {
                    "this path"
                };
                warnings.push(Issue::new(
                    "borg-repo-module-remote",
                    format!(
                        "borg reads {how} as a local repository, but the module counts only repos \
                         starting with `/` or `.` as local: it adds no RequiresMountsFor= and no \
                         ReadWritePaths= for it, so under ProtectSystem=strict borg cannot write \
                         it; write an absolute path"
                    ),
                    whole,
                ));
            } else if *relative {
                warnings.push(Issue::new(
                    "borg-repo-relative",
                    "a relative repository path is resolved against the service's working \
                     directory (`/`); systemd also rejects relative paths in RequiresMountsFor= \
                     and ReadWritePaths=, which the module sets from it; write an absolute path",
                    whole,
                ));
            }
        }
        BorgLocation::Ssh { host, .. } => {
            if module_local {
                warnings.push(Issue::new(
                    "borg-repo-module-local",
                    format!(
                        "borg reads this as the remote host {}, but the module counts repos \
                         starting with `.` as local and adds RequiresMountsFor= and \
                         ReadWritePaths= for it",
                        quoted(host)
                    ),
                    whole,
                ));
            }
        }
    }
}

fn borg_parse_hint(repo: &str) -> String {
    let base = "borg cannot parse this repository location (\"Invalid location format\")";
    if let Some(rest) = repo.strip_prefix("ssh://") {
        let authority = rest.split('/').next().unwrap_or("");
        if !rest.contains('/') || rest.ends_with('/') && rest.matches('/').count() == 1 {
            return format!(
                "{base}: an ssh:// URL needs a path after the host, such as \
                 `ssh://{authority}/./repo` (relative to the login directory) or \
                 `ssh://{authority}/abs/path`"
            );
        }
        if let Some((_, port)) = authority.rsplit_once(':')
            && (!port.chars().all(|c| c.is_ascii_digit()) || port.is_empty())
        {
            return format!("{base}: the port {} must be a number", quoted(port));
        }
        return format!("{base}: expected `ssh://[user@]host[:port]/path`");
    }
    if repo.contains("::") {
        return format!(
            "{base}: `::` separates an archive name, which must be non-empty and without `/`"
        );
    }
    if repo.starts_with(':') {
        return format!("{base}: the location starts with `:`");
    }
    if repo.starts_with("//") {
        return format!("{base}: a path must not start with `//`; write a single `/`");
    }
    if repo.contains("://") {
        return format!("{base}: borg knows only ssh:// and file:// URLs");
    }
    format!("{base}: expected `/path`, `[user@]host:path` or `ssh://[user@]host[:port]/path`")
}

// ---------------------------------------------------------------------------------------------
// restic

/// A restic repository location (restic 0.14).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResticBackend {
    /// A local directory.
    Local {
        /// The directory.
        path: String,
        /// Whether it was written with `local:`.
        explicit: bool,
    },
    /// `sftp:[user@]host:path` or `sftp://[user@]host[:port]/path`.
    Sftp {
        /// The user, if given.
        user: Option<String>,
        /// The host (with the port for the URL form).
        host: String,
        /// The directory (cleaned; relative paths are relative to the login directory).
        path: String,
    },
    /// `rest:URL`.
    Rest {
        /// The URL (restic adds a trailing `/`).
        url: String,
    },
    /// `s3:host/bucket[/prefix]` or `s3:http(s)://host/bucket[/prefix]`.
    S3 {
        /// The endpoint.
        endpoint: String,
        /// The bucket.
        bucket: String,
        /// The prefix inside the bucket.
        prefix: String,
        /// Whether plain HTTP is used.
        use_http: bool,
    },
    /// `b2:bucket[:prefix]`.
    B2 {
        /// The bucket.
        bucket: String,
        /// The prefix.
        prefix: String,
    },
    /// `azure:container:/prefix`.
    Azure {
        /// The container.
        container: String,
        /// The prefix.
        prefix: String,
    },
    /// `gs:bucket:/prefix`.
    Gs {
        /// The bucket.
        bucket: String,
        /// The prefix.
        prefix: String,
    },
    /// `swift:container:/prefix`.
    Swift {
        /// The container.
        container: String,
        /// The prefix.
        prefix: String,
    },
    /// `rclone:remote:path`.
    Rclone {
        /// What restic hands to rclone.
        remote: String,
    },
}

/// A restic location restic accepts, with warnings about ones that will fail when used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResticRepository {
    /// How restic reads it.
    pub backend: ResticBackend,
    /// Accepted by restic's parser but doubtful or bound to fail when restic opens it.
    pub warnings: Vec<Issue>,
}

/// The backend names restic 0.14 knows.
pub const RESTIC_BACKENDS: [&str; 9] = [
    "b2", "local", "sftp", "s3", "gs", "azure", "swift", "rest", "rclone",
];

/// Go's `path.Clean`.
fn go_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// The parts of a URL that Go's `url.Parse` finds, or its error message.
struct GoUrl {
    scheme: String,
    user: Option<String>,
    host: String,
    path: String,
}

fn go_unhex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Checks `%` escapes as Go's `unescape` (error text as Go's).
fn go_check_escapes(s: &str, host: bool) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if i + 2 >= b.len() || !go_unhex(b[i + 1]) || !go_unhex(b[i + 2]) {
                    let end = (i + 3).min(b.len());
                    return Err(format!("invalid URL escape {}", go_quote(&s[i..end])));
                }
                i += 3;
            }
            c if host && c < 0x80 && !host_char_ok(c) => {
                return Err(format!(
                    "invalid character {} in host name",
                    go_quote(&(c as char).to_string())
                ));
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Go's `%q` of a short string, for messages.
fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

/// Characters Go's `shouldEscape(c, encodeHost)` lets through unescaped.
fn host_char_ok(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&c)
}

/// Go's `url.Parse`, for the errors it can return on the URLs restic parses.
fn go_url_parse(raw: &str) -> Result<GoUrl, String> {
    let q = |s: &str| go_quote(s);
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(format!(
            "parse {}: net/url: invalid control character in URL",
            q(raw)
        ));
    }
    let (u, frag) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let fail = |msg: String| format!("parse {}: {msg}", q(raw));
    // scheme
    let mut scheme = String::new();
    let mut rest = u;
    for (i, c) in u.char_indices() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if i > 0 && (c.is_ascii_digit() || "+-.".contains(c)) {
            continue;
        }
        if c == ':' {
            if i == 0 {
                return Err(fail("missing protocol scheme".into()));
            }
            scheme = u[..i].to_ascii_lowercase();
            rest = &u[i + 1..];
        }
        break;
    }
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    let mut user = None;
    let mut host = String::new();
    let mut path = rest.to_string();
    if !rest.starts_with('/') {
        if scheme.is_empty() {
            let seg = rest.split('/').next().unwrap_or("");
            if seg.contains(':') {
                return Err(fail(
                    "first path segment in URL cannot contain colon".into(),
                ));
            }
        } else {
            // An opaque URL such as `http:foo`.
            return Ok(GoUrl {
                scheme,
                user: None,
                host: String::new(),
                path: String::new(),
            });
        }
    }
    if let Some(after) = rest.strip_prefix("//") {
        let (authority, p) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        path = p.to_string();
        let host_part = match authority.rfind('@') {
            Some(i) => {
                let userinfo = &authority[..i];
                if userinfo
                    .bytes()
                    .any(|b| !(b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b)))
                {
                    return Err(fail("net/url: invalid userinfo".into()));
                }
                go_check_escapes(userinfo, false).map_err(fail)?;
                user = Some(userinfo.split(':').next().unwrap_or("").to_string());
                &authority[i + 1..]
            }
            None => authority,
        };
        if let Some(inner) = host_part.strip_prefix('[') {
            let Some(close) = inner.find(']') else {
                return Err(fail("missing ']' in host".into()));
            };
            let after = &inner[close + 1..];
            if !after.is_empty() && !valid_port(after) {
                return Err(fail(format!("invalid port {} after host", q(after))));
            }
        } else if let Some(i) = host_part.rfind(':') {
            let port = &host_part[i..];
            if !valid_port(port) {
                return Err(fail(format!("invalid port {} after host", q(port))));
            }
        }
        go_check_escapes(host_part, true).map_err(fail)?;
        host = host_part.to_string();
    }
    go_check_escapes(&path, false).map_err(fail)?;
    if let Some(f) = frag {
        go_check_escapes(f, false).map_err(fail)?;
    }
    Ok(GoUrl {
        scheme,
        user,
        host,
        path,
    })
}

fn valid_port(p: &str) -> bool {
    p.strip_prefix(':')
        .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

/// restic's `isPath`: absolute, `../`, or a drive letter.
fn restic_is_path(s: &str) -> bool {
    if s.starts_with("../") || s.starts_with("..\\") || s.starts_with('/') || s.starts_with('\\') {
        return true;
    }
    let b = s.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')
}

/// Parses a restic repository location as restic 0.14 does.
pub fn parse_restic_repository(repo: &str) -> Result<ResticRepository, Issue> {
    let whole = 0..repo.len();
    let err = |msg: String| Issue::new("restic-repo-invalid", msg, whole.clone());
    let parse_failed = |m: &str| err(format!("restic rejects the location: {m}"));
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<Issue>, code: &'static str, msg: String| {
        warnings.push(Issue::new(code, msg, whole.clone()));
    };
    if repo.is_empty() {
        return Err(err(
            "the repository location is empty (restic: \"Please specify repository location\")"
                .into(),
        ));
    }
    let scheme = repo.split(':').next().unwrap_or("");
    let backend = match scheme {
        "local" => {
            let Some(p) = repo.strip_prefix("local:") else {
                return Err(parse_failed("invalid format, prefix \"local\" not found"));
            };
            if p.is_empty() {
                warn(
                    &mut warnings,
                    "restic-repo-empty-path",
                    "`local:` without a path is the service's working directory".into(),
                );
            }
            local_warnings(p, &mut warnings, whole.clone());
            ResticBackend::Local {
                path: p.to_string(),
                explicit: true,
            }
        }
        "sftp" => parse_sftp(repo, &mut warnings).map_err(|m| parse_failed(&m))?,
        "rest" => {
            let Some(u) = repo.strip_prefix("rest:") else {
                // restic 0.14 does not even get to say so: it panics (slice bounds out of range).
                return Err(parse_failed(
                    "invalid REST backend specification (restic 0.14 crashes on it)",
                ));
            };
            let url = if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            };
            let parsed =
                go_url_parse(&url).map_err(|m| parse_failed(&format!("url.Parse: {m}")))?;
            if parsed.scheme != "http" && parsed.scheme != "https" {
                warn(
                    &mut warnings,
                    "restic-repo-rest-scheme",
                    format!(
                        "restic accepts this but fails when it connects (unsupported protocol \
                         scheme {}); a REST URL starts with http:// or https://",
                        go_quote(&parsed.scheme)
                    ),
                );
            } else if parsed.host.is_empty() {
                warn(
                    &mut warnings,
                    "restic-repo-rest-host",
                    "the REST URL has no host".into(),
                );
            }
            let _ = parsed.user;
            ResticBackend::Rest { url }
        }
        "s3" => parse_s3(repo, &mut warnings).map_err(|m| parse_failed(&m))?,
        "b2" => {
            let Some(rest) = repo.strip_prefix("b2:") else {
                return Err(parse_failed("invalid format, want: b2:bucket-name[:path]"));
            };
            let (bucket, prefix) = rest.split_once(':').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(parse_failed("bucket name not found"));
            }
            if bucket.len() < 6 {
                return Err(parse_failed("bucket name is too short"));
            }
            if bucket.len() > 50 {
                return Err(parse_failed("bucket name is too long"));
            }
            if !bucket
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(parse_failed(
                    "bucket name contains invalid characters, allowed are: a-z, 0-9, dash (-)",
                ));
            }
            let mut p = if prefix.is_empty() {
                String::new()
            } else {
                go_clean(prefix)
            };
            if p.starts_with('/') {
                p.remove(0);
            }
            ResticBackend::B2 {
                bucket: bucket.to_string(),
                prefix: p,
            }
        }
        "azure" | "gs" => {
            let rest = repo.strip_prefix(scheme).and_then(|r| r.strip_prefix(':'));
            let Some((container, prefix)) = rest.and_then(|r| r.split_once(':')) else {
                return Err(parse_failed(&if rest.is_none() {
                    format!("{scheme}: invalid format")
                } else {
                    format!("{scheme}: invalid format: bucket name or path not found")
                }));
            };
            if container.is_empty() {
                warn(
                    &mut warnings,
                    "restic-repo-empty-bucket",
                    format!("the {scheme} container/bucket name is empty"),
                );
            }
            let prefix = go_clean(prefix).trim_start_matches('/').to_string();
            if scheme == "azure" {
                ResticBackend::Azure {
                    container: container.to_string(),
                    prefix,
                }
            } else {
                ResticBackend::Gs {
                    bucket: container.to_string(),
                    prefix,
                }
            }
        }
        "swift" => {
            let parts: Vec<&str> = repo.splitn(3, ':').collect();
            if parts.len() != 3 {
                return Err(parse_failed(
                    "invalid URL, expected: swift:container-name:/[prefix]",
                ));
            }
            if parts[2].is_empty() {
                return Err(parse_failed("prefix is empty"));
            }
            let Some(prefix) = parts[2].strip_prefix('/') else {
                return Err(parse_failed("prefix does not start with slash (/)"));
            };
            if parts[1].is_empty() {
                warn(
                    &mut warnings,
                    "restic-repo-empty-bucket",
                    "the swift container name is empty".into(),
                );
            }
            ResticBackend::Swift {
                container: parts[1].to_string(),
                prefix: prefix.to_string(),
            }
        }
        "rclone" => {
            let Some(remote) = repo.strip_prefix("rclone:") else {
                return Err(parse_failed("invalid rclone backend specification"));
            };
            if remote.is_empty() {
                warn(
                    &mut warnings,
                    "restic-repo-empty-remote",
                    "`rclone:` needs a remote, such as `rclone:remote:path`".into(),
                );
            }
            ResticBackend::Rclone {
                remote: remote.to_string(),
            }
        }
        _ => {
            if !restic_is_path(repo) && repo.contains(':') {
                let mut hint = String::new();
                if let Some(b) = RESTIC_BACKENDS
                    .iter()
                    .find(|b| b.eq_ignore_ascii_case(scheme))
                {
                    hint = format!(" (backend names are lower case: `{b}:`)");
                } else if let Some(b) = did_you_mean(scheme, &RESTIC_BACKENDS) {
                    hint = format!(" (did you mean `{b}:`?)");
                } else if scheme == "http" || scheme == "https" {
                    hint = format!(" (for a REST server write `rest:{repo}`, for S3 `s3:{repo}`)");
                } else if scheme == "file" {
                    hint = " (for a local directory write the path, or `local:PATH`)".into();
                }
                return Err(Issue::new(
                    "restic-repo-backend",
                    format!(
                        "restic reads {} as a backend name and knows no such backend{hint}; \
                         restic's backends are {}; a local directory containing `:` needs the \
                         `local:` prefix (restic: \"invalid backend\")",
                        quoted(scheme),
                        RESTIC_BACKENDS.join(", ")
                    ),
                    0..scheme.len(),
                ));
            }
            local_warnings(repo, &mut warnings, whole.clone());
            ResticBackend::Local {
                path: repo.to_string(),
                explicit: false,
            }
        }
    };
    Ok(ResticRepository { backend, warnings })
}

fn local_warnings(p: &str, warnings: &mut Vec<Issue>, whole: Range<usize>) {
    if p.starts_with('~') {
        warnings.push(Issue::new(
            "restic-repo-tilde",
            "restic does not expand `~` and no shell does here: this is a directory named `~` in \
             the service's working directory",
            whole,
        ));
    } else if !p.is_empty() && !p.starts_with('/') && !restic_is_path(p) {
        warnings.push(Issue::new(
            "restic-repo-relative",
            "a relative path is resolved against the service's working directory (`/`); write an \
             absolute path",
            whole,
        ));
    }
}

fn parse_sftp(s: &str, warnings: &mut Vec<Issue>) -> Result<ResticBackend, String> {
    let (user, host, dir);
    if s.starts_with("sftp://") {
        let u = go_url_parse(s).map_err(|m| format!("url.Parse: {m}"))?;
        if u.path.is_empty() {
            return Err(format!(
                "invalid backend {}, no directory specified",
                go_quote(s)
            ));
        }
        user = u.user;
        host = u.host;
        dir = u.path[1..].to_string();
    } else if let Some(rest) = s.strip_prefix("sftp:") {
        let Some((h, d)) = rest.split_once(':') else {
            return Err("sftp: invalid format, hostname or path not found".into());
        };
        match h.split_once('@') {
            Some((u, h)) => {
                user = Some(u.to_string());
                host = h.to_string();
            }
            None => {
                user = None;
                host = h.to_string();
            }
        }
        dir = d.to_string();
    } else {
        return Err("invalid format, does not start with \"sftp:\"".into());
    }
    let p = go_clean(&dir);
    if p.starts_with('~') {
        return Err(
            "Fatal: sftp path starts with the tilde (~) character, that fails for most \
                    sftp servers. Use a relative directory, most servers interpret this as \
                    relative to the user's home directory."
                .into(),
        );
    }
    if host.is_empty() {
        warnings.push(Issue::new(
            "restic-repo-sftp-host",
            "the sftp location has no host name",
            0..s.len(),
        ));
    }
    Ok(ResticBackend::Sftp {
        user,
        host,
        path: p,
    })
}

fn parse_s3(s: &str, warnings: &mut Vec<Issue>) -> Result<ResticBackend, String> {
    let (endpoint, parts, use_http): (String, Vec<String>, bool);
    if s.starts_with("s3:http") {
        let u = go_url_parse(&s[3..]).map_err(|m| format!("url.Parse: {m}"))?;
        if u.path.is_empty() {
            return Err("s3: bucket name not found".into());
        }
        endpoint = u.host;
        parts = u.path[1..].splitn(2, '/').map(str::to_string).collect();
        use_http = u.scheme == "http";
    } else {
        let rest = if let Some(r) = s.strip_prefix("s3://") {
            r
        } else if let Some(r) = s.strip_prefix("s3:") {
            r
        } else {
            return Err("s3: invalid format".into());
        };
        let mut p: Vec<String> = rest.splitn(3, '/').map(str::to_string).collect();
        endpoint = p.remove(0);
        parts = p;
        use_http = false;
    }
    if parts.is_empty() {
        return Err("s3: invalid format, host/region or bucket name not found".into());
    }
    let bucket = parts[0].clone();
    let prefix = match parts.get(1) {
        Some(p) if !p.is_empty() => go_clean(p),
        _ => String::new(),
    };
    if bucket.is_empty() {
        warnings.push(Issue::new(
            "restic-repo-empty-bucket",
            "the S3 bucket name is empty: restic fails when it opens the repository",
            0..s.len(),
        ));
    }
    if endpoint.is_empty() {
        warnings.push(Issue::new(
            "restic-repo-s3-endpoint",
            "the S3 endpoint is empty: restic fails when it opens the repository \
             (write `s3:host/bucket` or `s3:https://host/bucket`)",
            0..s.len(),
        ));
    }
    Ok(ResticBackend::S3 {
        endpoint,
        bucket,
        prefix,
        use_http,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn borg(s: &str) -> BorgRepository {
        parse_borg_repository(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn borg_locations() {
        assert!(matches!(
            borg("/root/back:up").location,
            BorgLocation::Local {
                relative: false,
                ..
            }
        ));
        let r = borg("user@host:/path/to/repo");
        let BorgLocation::Ssh {
            user, host, url, ..
        } = r.location
        else {
            panic!()
        };
        assert_eq!(
            (user.as_deref(), host.as_str(), url),
            (Some("user"), "host", false)
        );
        assert!(!r.module_local);
        let r = borg("ssh://u@h:2222/./rel");
        let BorgLocation::Ssh { port, base, .. } = r.location else {
            panic!()
        };
        assert_eq!((port, base), (Some(2222), RemoteBase::WorkingDirectory));
        let r = borg("ssh://h/~/r");
        assert!(matches!(
            r.location,
            BorgLocation::Ssh {
                base: RemoteBase::Home,
                ..
            }
        ));
        let r = borg("[::1]:repo");
        assert!(matches!(r.location, BorgLocation::Ssh { ref host, .. } if host == "::1"));
        for bad in [
            "ssh://host",
            "ssh://host/",
            "ssh://host:abc/x",
            "host::",
            "/r::a/b",
            "",
        ] {
            assert!(parse_borg_repository(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_borg_repository("/r::arch").unwrap_err().code,
            "borg-repo-archive"
        );
    }

    #[test]
    fn borg_locality() {
        let r = borg("relative/repo");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.code == "borg-repo-module-remote")
        );
        let r = borg("host:");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.code == "borg-repo-empty-remote-path")
        );
        let r = borg("sftp://host/x");
        assert!(r.warnings.iter().any(|w| w.code == "borg-repo-url-as-path"));
        let r = borg(".host:path");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.code == "borg-repo-module-local")
        );
        let r = borg("/backup/{hostname}");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let r = borg("/backup/{now}");
        assert_eq!(r.warnings[0].code, "borg-placeholder-changing");
        assert!(parse_borg_repository("/backup/{host}").is_err());
    }

    #[test]
    fn restic_locations() {
        let ok = |s: &str| parse_restic_repository(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(matches!(
            ok("/srv/restic").backend,
            ResticBackend::Local { .. }
        ));
        assert!(matches!(
            ok("sftp:alice@sftp:backups/test").backend,
            ResticBackend::Sftp { .. }
        ));
        assert!(matches!(
            ok("rclone:local:/root/x").backend,
            ResticBackend::Rclone { .. }
        ));
        assert!(matches!(
            ok("b2:bucket:path").backend,
            ResticBackend::B2 { .. }
        ));
        assert!(!ok("rest:foo").warnings.is_empty());
        for bad in [
            "b2:",
            "s3",
            "foo:bar",
            "sftp:host",
            "swift:c:p",
            "gs:b",
            "./x:y",
            "S3:host/b",
        ] {
            assert!(parse_restic_repository(bad).is_err(), "{bad}");
        }
        let e = parse_restic_repository("foo:bar").unwrap_err();
        assert!(e.message.contains("local:"), "{}", e.message);
    }
}
