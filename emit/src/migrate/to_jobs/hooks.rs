//! Command hooks (`commands:`, and the legacy `before_*`/`after_*`/`on_error` lists borgmatic
//! normalizes into it) → `preHook`, `postInit`, `postCreate`, `postPrune`, `postHook`.
//!
//! The module's script runs `preHook`, init (then `postInit`), create (then `postCreate`), and
//! prune and compact (then `postPrune`), under `set -e`; `postHook` runs at exit with
//! `$exitStatus`, on success and failure.

use backix_parser::yaml::{Node, Value};

use super::context::{Config, Ctx};
use super::job::Job;

/// Where a hook goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Pre,
    PostInit,
    PostCreate,
    PostPrune,
    Post,
}

impl Slot {
    fn option(self) -> &'static str {
        match self {
            Slot::Pre => "preHook",
            Slot::PostInit => "postInit",
            Slot::PostCreate => "postCreate",
            Slot::PostPrune => "postPrune",
            Slot::Post => "postHook",
        }
    }
}

/// When a `postHook` hook runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Guard {
    Always,
    Success,
    Failure,
}

/// Carries `commands`.
pub fn carry(config: &Config, repository: &Node, job: &mut Job, cx: &mut Ctx) {
    let Some(e) = config.get("commands") else {
        return;
    };
    cx.handled("commands");
    let Some(items) = e.value.as_seq() else {
        if !matches!(e.value.value, Value::Null) {
            cx.not_carried(
                "commands",
                Some(e.key.span),
                "its value is not known statically",
                None,
            );
        }
        return;
    };
    let label = repository
        .get("label")
        .and_then(|l| l.value.as_str())
        .map(str::to_string);
    let file = cx.sources.file(e.key.span.file);
    let filename = file
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| file.name.clone());
    for (i, hook) in items.iter().enumerate() {
        one(hook, i, &filename, label.as_deref(), job, cx);
    }
}

fn strs(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn one(
    hook: &Node,
    index: usize,
    filename: &str,
    label: Option<&str>,
    job: &mut Job,
    cx: &mut Ctx,
) {
    let before = hook.get("before");
    let after = hook.get("after");
    let (is_before, level_entry) = match (before, after) {
        (Some(b), _) => (true, b),
        (None, Some(a)) => (false, a),
        (None, None) => {
            cx.not_carried(
                &format!("commands[{index}]"),
                Some(hook.span),
                "the hook has neither `before` nor `after`",
                None,
            );
            return;
        }
    };
    // Hooks made from a legacy list carry the legacy key's place: name the key as written.
    let written = cx.text(level_entry.key.span);
    let key = if written != "before" && written != "after" && !written.is_empty() {
        written.to_string()
    } else {
        format!("commands[{index}]")
    };
    let span = Some(hook.span);
    let level = level_entry.value.as_str().unwrap_or("").to_string();
    let when = hook.get("when").map(|w| strs(Some(&w.value)));
    let states = hook.get("states").map(|s| strs(Some(&s.value)));
    let runs = |action: &str| when.as_ref().is_none_or(|w| w.iter().any(|a| a == action));
    let Some(run) = hook.get("run") else {
        cx.not_carried(&key, span, "the hook has no `run`", None);
        return;
    };
    if run
        .value
        .as_seq()
        .is_some_and(|s| s.iter().any(|i| i.as_str().is_none()))
        || !matches!(run.value.value, Value::Seq(_))
    {
        cx.not_carried(
            &key,
            span,
            "a command is not known statically, so it cannot be written as shell lines",
            Some("copy the command into the hook by hand".into()),
        );
        return;
    }
    let mut lossy: Vec<String> = Vec::new();
    let commands: Vec<String> = strs(Some(&run.value))
        .iter()
        .map(|c| substitute(c, filename, label, &mut lossy))
        .collect();
    let fail_only = states
        .as_ref()
        .is_some_and(|s| s.iter().any(|x| x == "fail") && !s.iter().any(|x| x == "finish"));
    let finish_only = states
        .as_ref()
        .is_some_and(|s| s.iter().any(|x| x == "finish") && !s.iter().any(|x| x == "fail"));
    let main_actions = ["create", "prune", "compact"];
    let (slot, guard) = match (is_before, level.as_str()) {
        (true, "action") if runs("create") => (Slot::Pre, Guard::Always),
        (true, "action") if runs("prune") || runs("compact") => {
            lossy.push(
                "the module has no hook before prune: it runs in postCreate, right before prune"
                    .into(),
            );
            (Slot::PostCreate, Guard::Always)
        }
        (true, "repository" | "configuration" | "everything")
            if main_actions.iter().any(|a| runs(a)) =>
        {
            if level != "repository" {
                lossy.push(format!(
                    "a `{level}` hook ran once around all repositories of the run; preHook runs \
                     once per job"
                ));
            }
            (Slot::Pre, Guard::Always)
        }
        (false, "action") if runs("create") => {
            if finish_only {
                (Slot::PostCreate, Guard::Always)
            } else if fail_only {
                lossy.push("runs at the end of the job (postHook), not right after create".into());
                (Slot::Post, Guard::Failure)
            } else {
                lossy.push(
                    "borgmatic also ran it when create failed; postCreate runs only after a \
                     successful create"
                        .into(),
                );
                (Slot::PostCreate, Guard::Always)
            }
        }
        (false, "action") if runs("prune") || runs("compact") => {
            lossy
                .push("postPrune runs after compact, and only when prune.keep is not empty".into());
            if fail_only {
                (Slot::Post, Guard::Failure)
            } else {
                if !finish_only {
                    lossy.push("borgmatic also ran it when the action failed".into());
                }
                (Slot::PostPrune, Guard::Always)
            }
        }
        (false, "action") if runs("repo-create") => {
            lossy.push(
                "postInit runs after the module initialises a missing repository, borgmatic's \
                 after a manual `repo-create`"
                    .into(),
            );
            (Slot::PostInit, Guard::Always)
        }
        (false, "repository" | "configuration" | "everything")
            if main_actions.iter().any(|a| runs(a)) =>
        {
            lossy.push(
                "postHook runs at the end of the job, with $exitStatus telling success from \
                 failure"
                    .into(),
            );
            let guard = if finish_only {
                Guard::Success
            } else if fail_only {
                Guard::Failure
            } else {
                Guard::Always
            };
            (Slot::Post, guard)
        }
        (false, "error") => {
            lossy.push(
                "runs in postHook when the job failed; `{error}` and `{output}` are not available"
                    .into(),
            );
            (Slot::Post, Guard::Failure)
        }
        _ => {
            let actions = when.map(|w| w.join(", ")).unwrap_or_default();
            cx.not_carried(
                &key,
                span,
                format!(
                    "the hook runs {} `{level}` {}, which the module never runs",
                    if is_before { "before" } else { "after" },
                    if actions.is_empty() {
                        String::new()
                    } else {
                        format!("for {actions}")
                    }
                ),
                None,
            );
            return;
        }
    };
    let lines = guarded(&commands, guard);
    match slot {
        Slot::Pre => job.pre_hook.extend(lines),
        Slot::PostInit => job.post_init.extend(lines),
        Slot::PostCreate => job.post_create.extend(lines),
        Slot::PostPrune => job.post_prune.extend(lines),
        Slot::Post => job.post_hook.extend(lines),
    }
    if lossy.is_empty() {
        cx.exact(&key, span, slot.option());
    } else {
        cx.lossy(&key, span, slot.option(), lossy.join("; "));
    }
}

fn guarded(commands: &[String], guard: Guard) -> Vec<String> {
    let test = match guard {
        Guard::Always => return commands.to_vec(),
        Guard::Success => "[ \"$exitStatus\" -eq 0 ]",
        Guard::Failure => "[ \"$exitStatus\" -ne 0 ]",
    };
    let mut out = vec![format!("if {test}; then")];
    out.extend(commands.iter().map(|c| format!("  {c}")));
    out.push("fi".into());
    out
}

/// Replaces borgmatic's hook variables with what the job's script has (`{repository}` is
/// `$BORG_REPO`), or with the value known at migration time. Borg placeholders and unknown
/// names stay as written, as borgmatic leaves them.
fn substitute(
    command: &str,
    filename: &str,
    label: Option<&str>,
    lossy: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(open) = rest.find('{') {
        if open > 0 && rest.as_bytes()[open - 1] == b'\\' {
            // `\{name\}` is a literal `{name}`.
            out.push_str(&rest[..open - 1]);
            let after = &rest[open..];
            match after.find("\\}") {
                Some(close) => {
                    out.push_str(&after[..close]);
                    out.push('}');
                    rest = &after[close + 2..];
                }
                None => {
                    out.push('{');
                    rest = &after[1..];
                }
            }
            continue;
        }
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let replacement = match name {
            "repository" | "repositories" => Some("\"$BORG_REPO\"".to_string()),
            "configuration_filename" => {
                lossy.push(format!(
                    "`{{configuration_filename}}` became the file's path, `{filename}`"
                ));
                Some(shell_quote(filename))
            }
            "repository_label" => {
                lossy.push("`{repository_label}` became the label written out".into());
                Some(shell_quote(label.unwrap_or("")))
            }
            "log_file" => {
                lossy.push("`{log_file}` has no equivalent and became ''".into());
                Some("''".to_string())
            }
            "error" | "output" => {
                lossy.push(format!("`{{{name}}}` has no equivalent and became ''"));
                Some("''".to_string())
            }
            _ => None,
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A word quoted for the shell as borgmatic quotes substituted values (`shlex.quote`).
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\"'\"'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_variables() {
        let mut lossy = Vec::new();
        assert_eq!(
            substitute(
                "echo {repository} {hostname} \\{x\\} {configuration_filename}",
                "/etc/b m.yaml",
                None,
                &mut lossy
            ),
            "echo \"$BORG_REPO\" {hostname} {x} '/etc/b m.yaml'"
        );
        assert_eq!(lossy.len(), 1);
    }

    #[test]
    fn guards_test_the_exit_status() {
        let lines = guarded(&["echo x".into()], Guard::Failure);
        assert_eq!(
            lines,
            ["if [ \"$exitStatus\" -ne 0 ]; then", "  echo x", "fi"]
        );
    }
}
