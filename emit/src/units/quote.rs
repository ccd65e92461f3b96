//! Writing values into systemd unit files and environment files so that systemd reads back
//! exactly the string meant (systemd.syntax(7), systemd.service(5) "Command lines",
//! systemd.exec(5) `Environment=`/`EnvironmentFile=`).

/// Escapes specifiers: systemd expands `%x` in most settings, so `%` is written `%%`.
pub fn specifiers(s: &str) -> String {
    s.replace('%', "%%")
}

/// Whether a value fits on one line of a unit file (no control characters).
pub fn single_line(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

/// C-style escaping inside a double-quoted word, for settings that unquote and unescape
/// (`ExecStart=`, `Environment=`): `\`, `"` and control characters escaped.
fn c_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

/// One argument of a command line (`ExecStart=`): bare when made only of safe characters,
/// otherwise double-quoted with C escapes; `%` doubled (specifiers) and `$` doubled (systemd
/// substitutes `$NAME` in arguments).
pub fn exec_word(word: &str) -> String {
    exec_quote(word).replace('$', "$$")
}

/// The executable of a command line: quoted as [`exec_word`], but `$` kept (systemd does not
/// substitute variables in the executable's name).
pub fn exec_program(word: &str) -> String {
    exec_quote(word)
}

fn exec_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c));
    if plain {
        return word.to_string();
    }
    let mut out = String::from("\"");
    c_escape(word, &mut out);
    out.push('"');
    specifiers(&out)
}

/// An `Environment=` value: `"NAME=value"` with C escapes and specifiers escaped (no `$`
/// substitution happens there).
pub fn environment(name: &str, value: &str) -> String {
    let mut out = String::from("\"");
    c_escape(&format!("{name}={value}"), &mut out);
    out.push('"');
    specifiers(&out)
}

/// Whether `name` is a variable name systemd accepts in an environment assignment.
pub fn valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One path of a whitespace-separated path list (`ReadWritePaths=`, `RequiresMountsFor=`):
/// bare, or double-quoted when it holds whitespace. These settings unquote but do not
/// unescape, so a path holding `"`, `\`, `'` or a control character cannot be written; `None`
/// then.
pub fn path_word(path: &str) -> Option<String> {
    if path.is_empty() || !single_line(path) || path.contains(['"', '\\', '\'']) {
        return None;
    }
    let quoted = if path.chars().any(char::is_whitespace) {
        format!("\"{path}\"")
    } else {
        path.to_string()
    };
    Some(specifiers(&quoted))
}

/// A line `NAME='value'` of an environment file, as systemd's parser reads it: single quotes
/// keep everything (newlines included) literally, and a `'` is closed, escaped and reopened.
pub fn env_file_line(name: &str, value: &str) -> String {
    format!("{name}='{}'", value.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_words() {
        assert_eq!(
            exec_word("/run/x/borgbackup-job-a"),
            "/run/x/borgbackup-job-a"
        );
        assert_eq!(exec_word("--who=borgbackup"), "--who=borgbackup");
        assert_eq!(
            exec_word("--why=Scheduled backup"),
            "\"--why=Scheduled backup\""
        );
        assert_eq!(exec_word("a%b$c\"d\\e"), "\"a%%b$$c\\\"d\\\\e\"");
        assert_eq!(exec_word(""), "\"\"");
        assert_eq!(exec_program("/a $b"), "\"/a $b\"");
    }

    #[test]
    fn environment_values() {
        assert_eq!(environment("BORG_REPO", "/srv/a"), "\"BORG_REPO=/srv/a\"");
        assert_eq!(
            environment("BORG_RSH", "ssh -i \"k\" %h $X\nnext"),
            "\"BORG_RSH=ssh -i \\\"k\\\" %%h $X\\nnext\""
        );
        assert!(valid_env_name("BORG_RSH") && valid_env_name("_x1"));
        assert!(!valid_env_name("1A") && !valid_env_name("A-B") && !valid_env_name(""));
    }

    #[test]
    fn path_words() {
        assert_eq!(path_word("/srv/borg").as_deref(), Some("/srv/borg"));
        assert_eq!(
            path_word("/srv/my repo").as_deref(),
            Some("\"/srv/my repo\"")
        );
        assert_eq!(path_word("/srv/100%").as_deref(), Some("/srv/100%%"));
        assert_eq!(path_word("/a\"b"), None);
        assert_eq!(path_word("/a\nb"), None);
    }

    #[test]
    fn env_file_lines() {
        assert_eq!(env_file_line("P", "it's"), "P='it'\\''s'");
        assert_eq!(env_file_line("P", "a\nb"), "P='a\nb'");
    }
}
