//! Borg command-line flags of the `extra*Args` options lifted into borgmatic's own keys; what is
//! not recognised stays as words for `extra_borg_options`.

use super::yaml::Yaml;

/// What lifting the words of one `extra*Args` option gave.
#[derive(Debug, Default, PartialEq)]
pub struct Lifted {
    /// borgmatic keys and their values, in the order found (a later value of a key replaces an
    /// earlier one, as for Borg's own flags; list keys accumulate).
    pub keys: Vec<(String, Yaml)>,
    /// Repository keys (`append_only`, `storage_quota`, `make_parent_directories`).
    pub repository: Vec<(String, Yaml)>,
    /// The words left over, in order.
    pub rest: Vec<String>,
    /// Notes on lifted flags whose borgmatic key does a little more or less than the flag.
    pub notes: Vec<String>,
}

impl Lifted {
    fn set(&mut self, key: &str, value: Yaml) {
        if let Some(entry) = self.keys.iter_mut().find(|(k, _)| k == key) {
            match (&mut entry.1, value) {
                (Yaml::Seq(items), Yaml::Seq(more)) => items.extend(more),
                (slot, value) => *slot = value,
            }
        } else {
            self.keys.push((key.to_string(), value));
        }
    }
}

/// Which Borg command the words are given to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `extraArgs`: every Borg call.
    Common,
    /// `extraCreateArgs`.
    Create,
    /// `extraPruneArgs`.
    Prune,
    /// `extraCompactArgs`.
    Compact,
    /// `extraInitArgs`.
    Init,
}

enum Kind {
    /// A flag without value: the key and the value it sets.
    Switch(&'static str, fn() -> Yaml),
    /// A flag with a string value.
    Str(&'static str),
    /// A flag with an integer value.
    Int(&'static str),
    /// A flag whose value is appended to a list key.
    Append(&'static str),
    /// An octal umask (`0077` → the integer 77, whose digits borgmatic reads as octal).
    Umask(&'static str),
}

fn yes() -> Yaml {
    Yaml::Bool(true)
}
fn no() -> Yaml {
    Yaml::Bool(false)
}

/// The flags recognised for each command (long names and short aliases).
fn table(command: Command) -> &'static [(&'static [&'static str], Kind)] {
    use Kind::*;
    match command {
        Command::Common => &[
            (&["--lock-wait"], Int("lock_wait")),
            (&["--umask"], Umask("umask")),
            (&["--remote-path"], Str("remote_path")),
            (&["--rsh"], Str("ssh_command")),
        ],
        Command::Create => &[
            (&["--exclude-caches"], Switch("exclude_caches", yes)),
            (
                &["--keep-exclude-tags", "--keep-tag-files"],
                Switch("keep_exclude_tags", yes),
            ),
            (&["--exclude-nodump"], Switch("exclude_nodump", yes)),
            (&["--one-file-system", "-x"], Switch("one_file_system", yes)),
            (
                &["--numeric-ids", "--numeric-owner"],
                Switch("numeric_ids", yes),
            ),
            (&["--read-special"], Switch("read_special", yes)),
            (&["--atime"], Switch("atime", yes)),
            (&["--noatime"], Switch("atime", no)),
            (&["--noctime"], Switch("ctime", no)),
            (&["--nobirthtime"], Switch("birthtime", no)),
            (&["--noflags", "--nobsdflags"], Switch("flags", no)),
            (&["--exclude-if-present"], Append("exclude_if_present")),
            (&["--files-cache"], Str("files_cache")),
            (&["--files-changed"], Str("files_changed")),
            (&["--checkpoint-interval", "-c"], Int("checkpoint_interval")),
            (&["--checkpoint-volume"], Int("checkpoint_volume")),
            (&["--chunker-params"], Str("chunker_params")),
            (
                &["--upload-ratelimit", "--remote-ratelimit"],
                Int("upload_rate_limit"),
            ),
            (&["--upload-buffer"], Int("upload_buffer_size")),
            (&["--compression", "-C"], Str("compression")),
        ],
        Command::Compact => &[(&["--threshold"], Int("compact_threshold"))],
        Command::Init => &[
            (&["--append-only"], Switch("append_only", yes)),
            (&["--storage-quota"], Str("storage_quota")),
            (
                &["--make-parent-dirs"],
                Switch("make_parent_directories", yes),
            ),
        ],
        Command::Prune => &[],
    }
}

/// Lifts the recognised flags of `words` (one Borg argument each) for `command`.
pub fn lift(command: Command, words: &[String]) -> Lifted {
    let mut out = Lifted::default();
    let flags = table(command);
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (word.as_str(), None),
        };
        let Some((_, kind)) = flags.iter().find(|(names, _)| names.contains(&name)) else {
            out.rest.push(word.clone());
            i += 1;
            continue;
        };
        if let Kind::Switch(key, value) = kind {
            if inline.is_some() {
                out.rest.push(word.clone());
            } else {
                place(&mut out, command, key, value());
            }
            i += 1;
            continue;
        }
        let (value, used) = match inline {
            Some(v) => (Some(v), 1),
            None => (words.get(i + 1).cloned(), 2),
        };
        let Some(value) = value else {
            out.rest.push(word.clone());
            i += 1;
            continue;
        };
        let lifted = match kind {
            Kind::Str(key) => Some((*key, Yaml::Str(value.clone()))),
            Kind::Int(key) => value.parse::<i64>().ok().map(|n| (*key, Yaml::Int(n))),
            Kind::Append(key) => Some((*key, Yaml::strs([value.clone()]))),
            Kind::Umask(key) => umask(&value).map(|n| (*key, Yaml::Int(n))),
            Kind::Switch(..) => unreachable!("handled above"),
        };
        match lifted {
            Some((key, v)) => place(&mut out, command, key, v),
            None => out.rest.extend(words[i..i + used].iter().cloned()),
        }
        i += used;
    }
    out
}

fn place(out: &mut Lifted, command: Command, key: &str, value: Yaml) {
    if command == Command::Init {
        out.repository.retain(|(k, _)| k != key);
        out.repository.push((key.to_string(), value));
    } else {
        out.set(key, value);
    }
}

/// An octal umask as borgmatic's `umask` integer (its decimal digits are the octal digits).
fn umask(s: &str) -> Option<i64> {
    if s.is_empty() || !s.chars().all(|c| ('0'..='7').contains(&c)) || s.len() > 4 {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn lifts_known_flags_and_keeps_the_rest_in_order() {
        let l = lift(
            Command::Create,
            &words(&[
                "--one-file-system",
                "--comment",
                "x y",
                "--exclude-if-present",
                ".nobackup",
                "--checkpoint-interval=600",
                "--exclude-if-present",
                "CACHEDIR",
                "--stats",
            ]),
        );
        assert_eq!(l.rest, words(&["--comment", "x y", "--stats"]));
        assert_eq!(
            l.keys,
            vec![
                ("one_file_system".into(), Yaml::Bool(true)),
                (
                    "exclude_if_present".into(),
                    Yaml::strs([".nobackup", "CACHEDIR"])
                ),
                ("checkpoint_interval".into(), Yaml::Int(600)),
            ]
        );
    }

    #[test]
    fn a_value_of_the_wrong_shape_stays_a_flag() {
        let l = lift(
            Command::Common,
            &words(&["--lock-wait", "soon", "--umask", "0077"]),
        );
        assert_eq!(l.rest, words(&["--lock-wait", "soon"]));
        assert_eq!(l.keys, vec![("umask".into(), Yaml::Int(77))]);
        let l = lift(Command::Create, &words(&["--checkpoint-interval"]));
        assert_eq!(l.rest, words(&["--checkpoint-interval"]));
    }
}
