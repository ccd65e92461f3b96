//! The job's hooks (`preHook`, `postInit`, `postCreate`, `postPrune`, `postHook`) as borgmatic
//! `commands:` entries.

use super::yaml::Yaml;

/// The variables borgmatic substitutes in hook commands; a literal `{name}` of one of them is
/// written `\{name\}` so borgmatic leaves it alone.
const VARIABLES: [&str; 7] = [
    "configuration_filename",
    "log_file",
    "repository",
    "repository_label",
    "repositories",
    "error",
    "output",
];

/// A hook of the module and where it goes in borgmatic.
pub struct Hook {
    /// The module option.
    pub option: &'static str,
    /// `before` or `after`.
    pub side: &'static str,
    /// `action`, `repository`, ...
    pub scope: &'static str,
    /// The actions it is limited to.
    pub when: &'static [&'static str],
    /// `states: [finish]`: only after success.
    pub only_on_success: bool,
    /// What differs from the module, beyond the shell (always said).
    pub loss: Option<&'static str>,
}

/// The hooks in the order the module runs them.
pub const HOOKS: [Hook; 5] = [
    Hook {
        option: "preHook",
        side: "before",
        scope: "repository",
        when: &["create"],
        only_on_success: false,
        loss: Some(
            "the module inlines preHook in the job's script, so it could change `$archiveName` \
             or `extraCreateArgs`; a borgmatic hook runs in a shell of its own",
        ),
    },
    Hook {
        option: "postInit",
        side: "after",
        scope: "action",
        when: &["repo-create"],
        only_on_success: true,
        loss: Some(
            "the module ran postInit after initializing the repository by itself; borgmatic runs \
             it after a manual `borgmatic repo-create`",
        ),
    },
    Hook {
        option: "postCreate",
        side: "after",
        scope: "action",
        when: &["create"],
        only_on_success: true,
        loss: None,
    },
    Hook {
        option: "postPrune",
        side: "after",
        scope: "action",
        when: &["compact"],
        only_on_success: true,
        loss: Some("runs after borgmatic's compact action, which follows prune"),
    },
    Hook {
        option: "postHook",
        side: "after",
        scope: "repository",
        when: &["create"],
        only_on_success: false,
        loss: Some(
            "runs after the repository's actions whether they failed or not, as the module's \
             exit trap did",
        ),
    },
];

/// The `commands:` entry of a hook script, and notes on what differs.
pub fn entry(hook: &Hook, script: &str) -> (Yaml, Vec<String>) {
    let mut notes = Vec::new();
    if let Some(loss) = hook.loss {
        notes.push(loss.to_string());
    }
    if script.contains("exitStatus") {
        notes.push("`$exitStatus` of the module's exit trap has no borgmatic equivalent".into());
    }
    if script.contains("archiveName") {
        notes.push("`$archiveName` of the module's script has no borgmatic equivalent".into());
    }
    let mut body = escape_variables(script.trim_end_matches('\n'));
    if body.contains('\n') {
        // The module runs hooks inside its `set -e` script; keep a failing line fatal.
        body = format!("set -e\n{body}");
    }
    let mut map = vec![
        (hook.side.to_string(), Yaml::str(hook.scope)),
        ("when".to_string(), Yaml::strs(hook.when.iter().copied())),
    ];
    if hook.only_on_success {
        map.push(("states".to_string(), Yaml::strs(["finish"])));
    }
    map.push(("run".to_string(), Yaml::Seq(vec![Yaml::Str(body)])));
    (Yaml::Map(map), notes)
}

/// Writes `{name}` of a borgmatic variable as `\{name\}`.
pub fn escape_variables(script: &str) -> String {
    let mut out = script.to_string();
    for v in VARIABLES {
        out = out.replace(&format!("{{{v}}}"), &format!("\\{{{v}\\}}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_escaped() {
        assert_eq!(
            escape_variables("echo {repository} {x} ${y}"),
            "echo \\{repository\\} {x} ${y}"
        );
    }

    #[test]
    fn multi_line_scripts_stop_at_the_first_failure() {
        let (y, notes) = entry(&HOOKS[2], "a\nb\n");
        assert!(notes.is_empty());
        let run = y.get("run").unwrap();
        assert_eq!(run, &Yaml::Seq(vec![Yaml::str("set -e\na\nb")]));
    }
}
