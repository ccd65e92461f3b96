//! What a borg job runs: the script (as the module writes it), its steps, environment, files and
//! unit settings, rendered from [`BorgOptions`].

use std::collections::BTreeMap;

use crate::manifest::text::{concat, escape_shell_arg, escape_shell_args, escape_text, join};
use crate::manifest::types::{GeneratedFile, Part, Rendered, Service, Step, Text, Timer};

use super::options::{BorgOptions, ExtraArgs};

/// How the script is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The script the unit runs.
    Run,
    /// A script that prints each borg command instead of running it and runs no hook.
    DryRun,
}

/// The Booleans of a job, all known.
#[derive(Clone, Copy, Debug)]
pub struct Flags {
    append_failed_suffix: bool,
    do_init: bool,
    fail_on_warnings: bool,
    inhibits_sleep: bool,
    persistent_timer: bool,
    private_tmp: bool,
}

impl BorgOptions {
    /// The Booleans, when all are known.
    pub fn flags(&self) -> Option<Flags> {
        Some(Flags {
            append_failed_suffix: self.append_failed_suffix?,
            do_init: self.do_init?,
            fail_on_warnings: self.fail_on_warnings?,
            inhibits_sleep: self.inhibits_sleep?,
            persistent_timer: self.persistent_timer?,
            private_tmp: self.private_tmp?,
        })
    }
}

/// Where the script finds the files the module writes to the store.
pub const FILES_DIR: &str = "$BACKIX_JOB_FILES";

/// The unit name of a job.
pub fn unit_name(job: &str) -> String {
    format!("borgbackup-job-{job}")
}

/// Whether the repository is local, as the module decides (`/` or `.` first); `None` when the
/// first character is not known.
pub fn is_local(repo: &Text) -> Option<bool> {
    let prefix = repo.known_prefix();
    match prefix.chars().next() {
        Some(c) => Some(c == '/' || c == '.'),
        None if repo.known().is_some() => Some(false),
        None => None,
    }
}

/// A script under construction: its text and its steps.
struct Script {
    parts: Vec<Part>,
    steps: Vec<Step>,
}

impl Script {
    fn lit(&mut self, s: &str) {
        self.parts.push(Part::Lit(s.to_string()));
    }
    fn text(&mut self, t: &Text) {
        self.parts.extend(t.parts());
    }
    fn step(&mut self, step: &str, when: Option<&str>, command: Text) {
        self.steps.push(Step {
            step: step.into(),
            when: when.map(str::to_string),
            command,
        });
    }
    /// A hook: its text in a run, a printout of it in a dry run.
    fn hook(&mut self, name: &str, body: &Text, mode: Mode, when: Option<&str>) {
        if body.known().is_some_and(|s| s.is_empty()) {
            self.lit("\n");
            return;
        }
        self.step(name, when, body.clone());
        match mode {
            Mode::Run => {
                self.text(body);
                self.lit("\n");
            }
            Mode::DryRun => {
                let shown = concat([&Text::lit(format!("# {name} (not run):\n")), body]);
                self.lit("printf '%s\\n' ");
                self.text(&escape_text(&shown));
                self.lit("\n");
            }
        }
    }
}

fn extra_value(args: &ExtraArgs) -> Text {
    match args {
        ExtraArgs::List(items) => escape_shell_args(items),
        ExtraArgs::String(s) => s.clone(),
    }
}

/// Renders a job; `None` when a Boolean is unknown.
pub fn render(name: &str, o: &BorgOptions, mode: Mode) -> Option<(Rendered, Vec<String>)> {
    let f = o.flags()?;
    let mut warnings = Vec::new();
    let mut s = Script {
        parts: Vec::new(),
        steps: Vec::new(),
    };
    s.lit("#!/usr/bin/env bash\nset -e\n");
    for (var, args) in [
        ("extraArgs", &o.extra_args),
        ("extraCompactArgs", &o.extra_compact_args),
        ("extraCreateArgs", &o.extra_create_args),
        ("extraInitArgs", &o.extra_init_args),
        ("extraPruneArgs", &o.extra_prune_args),
    ] {
        s.lit(&format!("{var}=("));
        s.text(&extra_value(args));
        s.lit(")\n\n");
    }
    s.lit("on_exit()\n{\n  exitStatus=$?\n");
    let post_hook = o.post_hook.clone();
    s.hook(
        "postHook",
        &post_hook,
        mode,
        Some("at exit, with $exitStatus"),
    );
    s.lit("  exit $exitStatus\n}\ntrap on_exit EXIT\n\n");
    let ignore = if f.fail_on_warnings { "1" } else { "" };
    s.lit("borgWrapper () {\n  local result\n");
    match mode {
        Mode::Run => s.lit("  borg \"$@\" && result=$? || result=$?\n"),
        Mode::DryRun => s.lit(
            "  { printf '%q' borg; printf ' %q' \"$@\"; printf '\\n'; } && result=$? || result=$?\n",
        ),
    }
    s.lit(&format!(
        "  if [[ -z \"{ignore}\" ]] && [[ $result == 1 || ( $result -ge 100 && $result -le 127 ) ]]; then\n    echo \"ignoring warning return value $result\"\n    return 0\n  fi\n  return $result\n}}\n\n"
    ));
    s.lit("archiveName=\"");
    if let Some(base) = &o.archive_base_name {
        s.text(base);
        s.lit("-");
    }
    s.lit("$(date ");
    s.text(&o.date_format);
    s.lit(")\"\n");
    s.lit(&format!(
        "archiveSuffix=\"{}\"\n",
        if f.append_failed_suffix {
            ".failed"
        } else {
            ""
        }
    ));
    s.hook("preHook", &o.pre_hook.clone(), mode, None);
    if f.do_init {
        let probe = Text::lit("borgWrapper list \"${extraArgs[@]}\" > /dev/null");
        let init = concat([
            &Text::lit("borgWrapper init \"${extraArgs[@]}\" \\\n    --encryption "),
            &o.encryption.mode,
            &Text::lit(" \\\n    \"${extraInitArgs[@]}\""),
        ]);
        s.step("init-probe", None, probe.clone());
        s.step("init", Some("when the init probe fails"), init.clone());
        match mode {
            Mode::Run => {
                s.lit("if ! ");
                s.text(&probe);
                s.lit("; then\n  ");
                s.text(&init);
                s.lit("\n");
                s.hook(
                    "postInit",
                    &o.post_init.clone(),
                    mode,
                    Some("when the init probe fails"),
                );
                s.lit("fi\n");
            }
            Mode::DryRun => {
                s.lit("borgWrapper list \"${extraArgs[@]}\"\necho '# (output discarded) when that fails:'\n");
                s.text(&init);
                s.lit("\n");
                s.hook(
                    "postInit",
                    &o.post_init.clone(),
                    mode,
                    Some("when the init probe fails"),
                );
            }
        }
    }
    let import_tar = o.create_command.known().as_deref() == Some("import-tar");
    let mut create = Vec::new();
    if let Some(dump) = &o.dump_command {
        let dump = escape_text(dump);
        match mode {
            Mode::Run => create.extend(concat([&dump, &Text::lit(" | \\\n  ")]).parts()),
            Mode::DryRun => create.extend(
                concat([
                    &Text::lit("printf '%s | ' "),
                    &escape_text(&dump),
                    &Text::lit("\n  "),
                ])
                .parts(),
            ),
        }
    }
    create.push(Part::Lit("borgWrapper ".into()));
    create.extend(escape_text(&o.create_command).parts());
    create.push(Part::Lit(
        " \"${extraArgs[@]}\" \\\n    --compression ".into(),
    ));
    create.extend(o.compression.parts());
    create.push(Part::Lit(" \\\n".into()));
    let mut files = Vec::new();
    if !import_tar {
        create.push(Part::Lit(format!(
            "    --exclude-from \"{FILES_DIR}/excludefile\" \\\n    --patterns-from \"{FILES_DIR}/patternsfile\" \\\n"
        )));
        files.push(GeneratedFile {
            name: "excludefile".into(),
            contents: lines_file(&o.exclude),
        });
        files.push(GeneratedFile {
            name: "patternsfile".into(),
            contents: lines_file(&o.patterns),
        });
    }
    create.push(Part::Lit(
        "    \"${extraCreateArgs[@]}\" \\\n    \"::$archiveName$archiveSuffix\" \\\n    ".into(),
    ));
    match &o.paths {
        Some(paths) => create.extend(escape_shell_args(paths).parts()),
        None => create.push(Part::Lit("-".into())),
    }
    let create = Text::from_parts(create);
    s.step("create", None, create.clone());
    s.lit("(\n  set -o pipefail\n  ");
    s.text(&create);
    s.lit("\n)\n");
    if f.append_failed_suffix {
        let rename = Text::lit(
            "borgWrapper rename \"${extraArgs[@]}\" \\\n  \"::$archiveName$archiveSuffix\" \"$archiveName\"",
        );
        s.step("rename", None, rename.clone());
        s.text(&rename);
        s.lit("\n");
    }
    s.hook("postCreate", &o.post_create.clone(), mode, None);
    if !o.prune.keep.is_empty() {
        let keeps: Vec<Text> = o
            .prune
            .keep
            .iter()
            .map(|(k, v)| concat([&Text::lit(format!("--keep-{k}=")), v]))
            .collect();
        let mut prune = vec![Part::Lit(
            "borgWrapper prune \"${extraArgs[@]}\" \\\n  ".into(),
        )];
        prune.extend(join(&keeps, " ").parts());
        prune.push(Part::Lit(" \\\n  ".into()));
        if let Some(prefix) = &o.prune.prefix {
            prune.push(Part::Lit("--glob-archives ".into()));
            prune.extend(escape_text(&concat([prefix, &Text::lit("*")])).parts());
            prune.push(Part::Lit(" \\\n  ".into()));
        }
        prune.push(Part::Lit("\"${extraPruneArgs[@]}\"".into()));
        let prune = Text::from_parts(prune);
        let compact =
            Text::lit("borgWrapper compact \"${extraArgs[@]}\" \"${extraCompactArgs[@]}\"");
        s.step("prune", None, prune.clone());
        s.text(&prune);
        s.lit("\n");
        s.step("compact", None, compact.clone());
        s.text(&compact);
        s.lit("\n");
        s.hook("postPrune", &o.post_prune.clone(), mode, None);
    }
    // The postHook runs last, from the exit trap; list it last.
    if let Some(pos) = s.steps.iter().position(|st| st.step == "postHook") {
        let hook = s.steps.remove(pos);
        s.steps.push(hook);
    }

    let mut environment = BTreeMap::new();
    environment.insert("BORG_REPO".to_string(), o.repo.clone());
    if let Some(pc) = &o.encryption.pass_command {
        environment.insert("BORG_PASSCOMMAND".into(), pc.clone());
    } else if let Some(pp) = &o.encryption.passphrase {
        environment.insert("BORG_PASSPHRASE".into(), pp.clone());
    }
    for (k, v) in &o.environment {
        environment.insert(k.clone(), v.clone());
    }

    let local = is_local(&o.repo);
    if local.is_none() {
        warnings.push(format!(
            "whether the repository of job {name} is local depends on {}: RequiresMountsFor, \
             ReadWritePaths and the timer's network dependency are left out",
            o.repo.display()
        ));
    }
    let local_repo = local == Some(true);
    let mut read_write_paths = vec![
        concat([&o.user_home, &Text::lit("/.config/borg")]),
        concat([&o.user_home, &Text::lit("/.cache/borg")]),
    ];
    read_write_paths.extend(o.read_write_paths.iter().cloned());
    if local_repo {
        read_write_paths.push(o.repo.clone());
    }
    let service = Service {
        description: format!("BorgBackup job {name}"),
        user: o.user.clone(),
        group: Some(o.group.clone()),
        service_type: None,
        cpu_scheduling_policy: Some("idle".into()),
        io_scheduling_class: Some("idle".into()),
        protect_system: Some("strict".into()),
        private_tmp: f.private_tmp,
        read_write_paths,
        requires_mounts_for: if local_repo {
            vec![o.repo.clone()]
        } else {
            Vec::new()
        },
        exec_prefix: if f.inhibits_sleep {
            [
                "systemd-inhibit",
                "--who=borgbackup",
                "--what=sleep",
                "--why=Scheduled backup",
            ]
            .map(String::from)
            .to_vec()
        } else {
            Vec::new()
        },
        settings: BTreeMap::new(),
    };
    let network = f.persistent_timer && local == Some(false);
    let network_online: Vec<String> = if network {
        vec!["network-online.target".to_string()]
    } else {
        Vec::new()
    };
    let timer = (!o.start_at.is_empty()).then(|| Timer {
        description: format!("BorgBackup job {name} timer"),
        on_calendar: o.start_at.clone(),
        persistent: f.persistent_timer,
        after: network_online.clone(),
        wants: network_online,
        wanted_by: vec!["timers.target".into()],
        ..Timer::default()
    });
    let script = Text::from_parts(s.parts);
    Some((
        Rendered {
            unit: unit_name(name),
            environment,
            files,
            steps: s.steps,
            script,
            service,
            timer,
        },
        warnings,
    ))
}

/// A file of one line per element, each followed by a newline (the module's exclude and
/// patterns files).
fn lines_file(items: &[Text]) -> Text {
    let mut parts = Vec::new();
    for t in items {
        parts.extend(t.parts());
        parts.push(Part::Lit("\n".into()));
    }
    Text::from_parts(parts)
}

/// Quotes a word for display in a shell, as nixpkgs would.
pub fn quote(word: &str) -> String {
    escape_shell_arg(word)
}
