//! `authorized_keys` lines of `services.borgbackup.repos` (`backix emit --format
//! authorized-keys`): exactly what the NixOS module gives each serving user, so a borg server
//! that is not NixOS can restrict its keys the same way.
//!
//! Every key becomes `command="cd <path> && borg serve <restrict> <append-only> <quota>",restrict
//! <key>`, with the module's spacing (an empty part leaves its separator spaces). `borg` is
//! looked up on the serving user's PATH, as the module does (it puts borg in the system
//! packages). Values backix cannot know make the repository refused, never guessed.

use backix_parser::module::extract::{Extraction, ModuleKind, OptionNode};
use backix_schema::view;

use crate::manifest::read::Reader;
use crate::manifest::text::escape_shell_arg;
use crate::manifest::types::Text;

/// The keys of one repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoKeys {
    /// The module system defining it.
    pub system: String,
    /// The repository's attribute name.
    pub repo: String,
    /// The serving user whose `authorized_keys` gets the lines.
    pub user: String,
    /// The repository path.
    pub path: String,
    /// The lines: full-access keys first, then append-only keys.
    pub lines: Vec<String>,
}

/// A repository's settings, as the module reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serve<'a> {
    /// `path`.
    pub path: &'a str,
    /// `allowSubRepos`.
    pub allow_sub_repos: bool,
    /// Whether the key comes from `authorizedKeysAppendOnly`.
    pub append_only: bool,
    /// `quota`.
    pub quota: Option<&'a str>,
}

/// The module's line for one key.
pub fn line(serve: &Serve, key: &str) -> String {
    let restricted = if serve.allow_sub_repos {
        "--restrict-to-path ."
    } else {
        "--restrict-to-repository ."
    };
    let append = if serve.append_only {
        "--append-only"
    } else {
        ""
    };
    let quota = serve
        .quota
        .map(|q| format!("--storage-quota {q}"))
        .unwrap_or_default();
    format!(
        "command=\"cd {} && borg serve {restricted} {append} {quota}\",restrict {key}",
        escape_shell_arg(serve.path)
    )
}

/// Whether a quota matches the module's type `[[:digit:].]+[KMGTP]?`.
pub fn quota_ok(q: &str) -> bool {
    let body = q.strip_suffix(['K', 'M', 'G', 'T', 'P']).unwrap_or(q);
    !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The keys of every `services.borgbackup.repos` entry of an extraction, in system then
/// repository order; a repository that cannot be rendered gives an `Err` naming it and why.
pub fn build(extraction: &Extraction) -> Vec<Result<RepoKeys, String>> {
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            if root.module != ModuleKind::BorgbackupRepos {
                continue;
            }
            for (name, node) in view::entries(&root.value) {
                out.push(repo(&system.name, name, node));
            }
        }
    }
    out
}

fn known(r: &mut Reader, option: &str, t: Text) -> Option<String> {
    let k = t.known();
    if k.is_none() {
        r.block(
            option,
            &format!(
                "not statically known ({}); supply it in the configuration",
                t.display()
            ),
        );
    }
    k
}

fn repo(system: &str, name: &str, node: &OptionNode) -> Result<RepoKeys, String> {
    let mut r = Reader::default();
    let path = r.text_or(node, "path", "/var/lib/borgbackup");
    let path = known(&mut r, "path", path);
    let user = r.text_or(node, "user", "borg");
    let user = known(&mut r, "user", user);
    let allow = r.flag(node, "allowSubRepos", false);
    let quota = match r.nullable_text(node, "quota", None) {
        Some(q) => known(&mut r, "quota", q).map(Some),
        None => Some(None),
    };
    let full = r.list_or_empty(node, "authorizedKeys", false);
    let append = r.list_or_empty(node, "authorizedKeysAppendOnly", false);
    let mut keys = Vec::new();
    for (option, list, append_only) in [
        ("authorizedKeys", full, false),
        ("authorizedKeysAppendOnly", append, true),
    ] {
        for (i, k) in list.into_iter().enumerate() {
            let opt = format!("{option}[{i}]");
            if let Some(k) = known(&mut r, &opt, k) {
                let body = k.strip_suffix('\n').unwrap_or(&k);
                if body.contains(['\n', '\r']) {
                    r.block(
                        &opt,
                        "holds a line break: every line after it would be a key without the \
                         forced command",
                    );
                }
                keys.push((k, append_only));
            }
        }
    }
    if let Some(Some(q)) = &quota
        && !quota_ok(q)
    {
        r.block(
            "quota",
            &format!("{q:?} does not match the module's type [[:digit:].]+[KMGTP]?"),
        );
    }
    if let Some(p) = &path
        && (p.contains(['"', '\n', '\r']))
    {
        r.block(
            "path",
            "holds a double quote or line break, which would end the forced command early",
        );
    }
    if keys.is_empty() && r.blocked.is_empty() {
        r.block(
            "authorizedKeys",
            "no key in authorizedKeys or authorizedKeysAppendOnly (the module refuses this too)",
        );
    }
    match (path, user, allow, quota) {
        (Some(path), Some(user), Some(allow), Some(quota)) if r.blocked.is_empty() => {
            let lines = keys
                .iter()
                .map(|(k, append_only)| {
                    line(
                        &Serve {
                            path: &path,
                            allow_sub_repos: allow,
                            append_only: *append_only,
                            quota: quota.as_deref(),
                        },
                        k,
                    )
                })
                .collect();
            Ok(RepoKeys {
                system: system.to_string(),
                repo: name.to_string(),
                user,
                path,
                lines,
            })
        }
        _ => Err(format!(
            "repository {name} ({system}) cannot be rendered:\n  {}",
            r.blocked.join("\n  ")
        )),
    }
}

/// The `authorized_keys` text: per system and user (in first-appearance order), a comment line
/// for the user, then per repository a comment line and its lines.
pub fn render(repos: &[RepoKeys]) -> String {
    let mut groups: Vec<(&str, &str, Vec<&RepoKeys>)> = Vec::new();
    for r in repos {
        match groups
            .iter_mut()
            .find(|(s, u, _)| *s == r.system && *u == r.user)
        {
            Some(g) => g.2.push(r),
            None => groups.push((&r.system, &r.user, vec![r])),
        }
    }
    let mut out = String::new();
    for (i, (system, user, repos)) in groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# authorized_keys of user {user} ({system})\n"));
        for r in repos {
            out.push_str(&format!(
                "# services.borgbackup.repos.{}: {}\n",
                r.repo, r.path
            ));
            for l in &r.lines {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(path: &str, sub: bool, append: bool, quota: Option<&str>) -> Serve<'static> {
        Serve {
            path: Box::leak(path.to_string().into_boxed_str()),
            allow_sub_repos: sub,
            append_only: append,
            quota: quota.map(|q| &*Box::leak(q.to_string().into_boxed_str())),
        }
    }

    /// The worked examples of the module reference (`borgbackup.md` §5.1), spaces included.
    #[test]
    fn matches_the_reference_examples() {
        assert_eq!(
            line(
                &serve("/data/borgbackup", false, false, None),
                "ssh-ed25519 AAAA root@client"
            ),
            "command=\"cd /data/borgbackup && borg serve --restrict-to-repository .  \",restrict ssh-ed25519 AAAA root@client"
        );
        assert_eq!(
            line(
                &serve("/data/borgbackup", false, true, Some(".5G")),
                "ssh-ed25519 BBBB root@client"
            ),
            "command=\"cd /data/borgbackup && borg serve --restrict-to-repository . --append-only --storage-quota .5G\",restrict ssh-ed25519 BBBB root@client"
        );
        assert!(
            line(&serve("/data/borgbackup", false, false, Some(".5G")), "k")
                .contains("--restrict-to-repository .  --storage-quota .5G\",restrict k")
        );
        assert_eq!(
            line(
                &serve("/var/lib/my repo", true, true, Some("100G")),
                "ssh-ed25519 DDDD x"
            ),
            "command=\"cd '/var/lib/my repo' && borg serve --restrict-to-path . --append-only --storage-quota 100G\",restrict ssh-ed25519 DDDD x"
        );
    }

    #[test]
    fn quota_type() {
        for ok in ["100G", ".5G", "1", "1.5T", "10M"] {
            assert!(quota_ok(ok), "{ok}");
        }
        for bad in ["", "G", "1g", "1 G", "1GB", "-1G"] {
            assert!(!quota_ok(bad), "{bad}");
        }
    }

    #[test]
    fn grouped_by_user() {
        let repo = |repo: &str, user: &str| RepoKeys {
            system: "s.nix".into(),
            repo: repo.into(),
            user: user.into(),
            path: format!("/srv/{repo}"),
            lines: vec![format!("line-{repo}")],
        };
        let text = render(&[repo("a", "borg"), repo("b", "other"), repo("c", "borg")]);
        assert_eq!(
            text,
            "# authorized_keys of user borg (s.nix)\n# services.borgbackup.repos.a: /srv/a\nline-a\n\
             # services.borgbackup.repos.c: /srv/c\nline-c\n\n\
             # authorized_keys of user other (s.nix)\n# services.borgbackup.repos.b: /srv/b\nline-b\n"
        );
    }
}
