//! Turning job values that may hold unknown pieces into literal strings for borgmatic: the
//! pieces backix can carry (secret paths of sops-nix and agenix, the host name in archive names,
//! package paths in hooks) are replaced and noted; anything else is refused.

use std::sync::LazyLock;

use regex::Regex;

use crate::manifest::types::{Part, Text};

/// Where a value goes, which decides what an unknown piece may become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Any option: only secret paths are replaced.
    Plain,
    /// The archive name or prune prefix: `config.networking.hostName` becomes `{hostname}`.
    ArchiveName,
    /// A hook script: `${pkgs.foo}/bin/` is dropped so the command is found on `PATH`.
    Hook,
}

/// A resolved string and the notes on what was approximated.
#[derive(Debug, Default)]
pub struct Resolved {
    /// The string.
    pub value: String,
    /// What was approximated, in sentences.
    pub notes: Vec<String>,
}

static SECRET_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^config\.(sops|age)\.secrets\.(?:"([^"$\\]+)"|([A-Za-z0-9_'-]+))\.path$"#)
        .expect("secret path pattern")
});

static READ_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:builtins\.)?readFile\s+\(?\s*(config\.(?:sops|age)\.secrets\.(?:"[^"$\\]+"|[A-Za-z0-9_'-]+)\.path)\s*\)?$"#,
    )
    .expect("readFile pattern")
});

/// The run-time path of a sops-nix or agenix secret referred to by `config.<x>.secrets.<n>.path`,
/// with a note saying which default it assumes.
pub fn secret_path(reference: &str) -> Option<(String, String)> {
    let c = SECRET_PATH.captures(reference)?;
    let name = c.get(2).or_else(|| c.get(3))?.as_str();
    let (dir, tool, option) = match &c[1] {
        "sops" => ("/run/secrets", "sops-nix", "sops.secrets"),
        _ => ("/run/agenix", "agenix", "age.secrets"),
    };
    let path = format!("{dir}/{name}");
    let note = format!(
        "`{reference}` is written as {path}, {tool}'s default path; check that `{option}.{name}.path` is not set elsewhere"
    );
    Some((path, note))
}

/// For an unknown passphrase `builtins.readFile config.sops.secrets.<n>.path`: the secret's path.
pub fn read_secret(reference: &str) -> Option<(String, String)> {
    let c = READ_SECRET.captures(reference.trim())?;
    secret_path(&c[1])
}

/// Resolves `text` for `place`; `Err` says why it cannot be written literally.
pub fn resolve(text: &Text, place: Place) -> Result<Resolved, String> {
    let mut out = Resolved::default();
    let parts = text.parts();
    let mut strip_bin = false;
    for part in &parts {
        match part {
            Part::Lit(s) => {
                let s = if strip_bin {
                    strip_bin = false;
                    s.strip_prefix("/bin/").unwrap_or(s)
                } else {
                    s.as_str()
                };
                out.value.push_str(s);
            }
            Part::Ref(r) if r.secret => {
                return Err(format!(
                    "holds a secret written literally{}",
                    r.at.as_deref()
                        .map(|a| format!(" at {a}"))
                        .unwrap_or_default()
                ));
            }
            Part::Ref(r) => {
                if let Some((path, note)) = secret_path(&r.reference) {
                    out.value.push_str(&path);
                    out.notes.push(note);
                } else if place == Place::ArchiveName && r.reference == "config.networking.hostName"
                {
                    out.value.push_str("{hostname}");
                    out.notes.push(
                        "`config.networking.hostName` is written as Borg's `{hostname}` \
                         placeholder, the machine's host name when the backup runs"
                            .to_string(),
                    );
                } else if place == Place::Hook && is_package(&r.reference) {
                    strip_bin = true;
                    out.notes.push(format!(
                        "`${{{}}}/bin/` is dropped: the command is looked up on the PATH of the \
                         unit that runs borgmatic",
                        r.reference
                    ));
                } else {
                    return Err(format!(
                        "`{}` is not known statically{}; borgmatic needs a literal value here",
                        r.reference,
                        r.at.as_deref()
                            .map(|a| format!(" (at {a})"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
    }
    if strip_bin {
        return Err("a package path is used without a command after it".to_string());
    }
    Ok(out)
}

fn is_package(reference: &str) -> bool {
    reference.strip_prefix("pkgs.").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::types::Reference;

    fn r(name: &str) -> Part {
        Part::Ref(Reference {
            reference: name.into(),
            at: Some("a.nix:3".into()),
            secret: false,
        })
    }

    #[test]
    fn secret_paths_of_sops_and_agenix() {
        let t = Text::from_parts([Part::Lit("cat ".into()), r("config.sops.secrets.borg.path")]);
        let got = resolve(&t, Place::Plain).unwrap();
        assert_eq!(got.value, "cat /run/secrets/borg");
        assert_eq!(got.notes.len(), 1);
        let t = Text::from_parts([r("config.age.secrets.\"b-k\".path")]);
        assert_eq!(resolve(&t, Place::Plain).unwrap().value, "/run/agenix/b-k");
        assert_eq!(
            read_secret("builtins.readFile config.sops.secrets.pw.path").map(|p| p.0),
            Some("/run/secrets/pw".to_string())
        );
    }

    #[test]
    fn other_unknowns_are_refused_with_their_place() {
        let t = Text::from_parts([r("config.foo.bar")]);
        let e = resolve(&t, Place::Plain).unwrap_err();
        assert!(e.contains("config.foo.bar") && e.contains("a.nix:3"), "{e}");
        let t = Text::from_parts([r("config.networking.hostName"), Part::Lit("-x".into())]);
        assert!(resolve(&t, Place::Plain).is_err());
        assert_eq!(
            resolve(&t, Place::ArchiveName).unwrap().value,
            "{hostname}-x"
        );
    }

    #[test]
    fn package_paths_in_hooks() {
        let t = Text::from_parts([r("pkgs.curl"), Part::Lit("/bin/curl -fsS https://x".into())]);
        assert_eq!(
            resolve(&t, Place::Hook).unwrap().value,
            "curl -fsS https://x"
        );
        assert!(resolve(&t, Place::Plain).is_err());
    }
}
