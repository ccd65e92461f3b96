//! How `backix run` runs a borgmatic entry: the configuration's text is written to a file of
//! the run, and the unit's `borgmatic` command reads it with `--config`.

use backix_emit::manifest::borgmatic::BorgmaticEntry;
use backix_emit::manifest::{GeneratedFile, Job, Rendered, Step, Text};

/// The name of the configuration file below `$BACKIX_JOB_FILES`.
const FILE: &str = "config.yaml";

/// The entry as a job `backix run` can run: its configuration as the file `config.yaml` below
/// `$BACKIX_JOB_FILES` and a script running the unit's `borgmatic` command on that file (under
/// `dry_run`, printing that command instead). The unit's `ExecStartPre=` delay is not run.
pub fn rendered(job: &Job, entry: &BorgmaticEntry, dry_run: bool) -> Result<Rendered, String> {
    let Some(yaml) = &entry.yaml else {
        return Err(format!(
            "{} cannot be written: {}",
            entry.label,
            job.blocked.join("; ")
        ));
    };
    let secrets: Vec<&str> = yaml
        .references()
        .iter()
        .map(|r| r.reference.as_str())
        .collect();
    if !secrets.is_empty() {
        return Err(format!(
            "{} holds values backix keeps out of manifests ({}); run borgmatic --config {} \
             where the module writes it",
            entry.label,
            secrets.join(", "),
            entry.path
        ));
    }
    let Some(unit) = &job.rendered else {
        return Err(format!(
            "no unit runs {} (see the job's warnings); run borgmatic --config {} where the \
             module writes it",
            entry.label, entry.path
        ));
    };
    let args = unit
        .script
        .known()
        .and_then(|s| s.trim_end().strip_prefix("borgmatic").map(str::to_string))
        .ok_or_else(|| format!("the unit of {} does not run borgmatic", entry.label))?;
    if entry.path.starts_with("/etc/") {
        eprintln!(
            "backix: note: the unit runs borgmatic over every configuration of the system; this \
             run reads only {} ({})",
            entry.label, entry.path
        );
    }
    let command = format!(
        "borgmatic --config \"$BACKIX_JOB_FILES/{FILE}\" {}",
        console_logging(&args).join(" ")
    );
    let script = if dry_run {
        format!("echo {command}\n")
    } else {
        format!("{command}\n")
    };
    let mut rendered = unit.clone();
    rendered.files.push(GeneratedFile {
        name: FILE.to_string(),
        contents: yaml.clone(),
    });
    rendered.steps = vec![Step {
        step: "borgmatic".into(),
        when: None,
        command: Text::lit(command),
    }];
    rendered.script = Text::lit(script);
    Ok(rendered)
}

/// The unit's arguments with its syslog output moved to the console, which stands in for the
/// journal here: `--verbosity` becomes the larger of the two levels and `--syslog-verbosity`
/// `-2` (off), so nothing is sent to a syslog that may not run.
fn console_logging(args: &str) -> Vec<String> {
    let mut words: Vec<String> = args.split_whitespace().map(str::to_string).collect();
    let level = |words: &[String], flag: &str| {
        let i = words.iter().position(|w| w == flag)?;
        let value: i8 = words.get(i + 1)?.parse().ok()?;
        Some((i + 1, value))
    };
    if let (Some((v, console)), Some((s, syslog))) = (
        level(&words, "--verbosity"),
        level(&words, "--syslog-verbosity"),
    ) {
        words[v] = console.max(syslog).to_string();
        words[s] = "-2".to_string();
        eprintln!(
            "backix: note: borgmatic logs to the console at the unit's syslog verbosity \
             ({syslog}) instead of to syslog"
        );
    }
    words
}

#[cfg(test)]
mod tests {
    use super::console_logging;

    #[test]
    fn syslog_output_moves_to_the_console() {
        assert_eq!(
            console_logging(" --verbosity -2 --syslog-verbosity 1"),
            ["--verbosity", "1", "--syslog-verbosity", "-2"]
        );
        assert_eq!(
            console_logging("--stats --verbosity -1 --list --syslog-verbosity 1"),
            [
                "--stats",
                "--verbosity",
                "1",
                "--list",
                "--syslog-verbosity",
                "-2"
            ]
        );
        assert_eq!(console_logging("--stats"), ["--stats"]);
    }
}
