//! What a restic backup runs: environment, generated files, steps, a bash script equivalent to
//! the unit's `ExecStartPre`/`ExecStart`/`ExecStopPost` sequence, and the service and timer,
//! rendered from [`ResticOptions`] as the NixOS module generates them.
//!
//! Where the unit uses systemd's directories the script uses the variables systemd sets for
//! them: `$RUNTIME_DIRECTORY` (`/run/restic-backups-<name>`, home of the `includes` list) and
//! `$CACHE_DIRECTORY` (the same path as the module's `RESTIC_CACHE_DIR`). The module's store
//! files are read from `$BACKIX_JOB_FILES`.

use std::collections::BTreeMap;

use crate::manifest::Mode;
use crate::manifest::text::{concat, escape_shell_arg, escape_text, join};
use crate::manifest::types::{GeneratedFile, Part, Rendered, Service, Step, Text, Timer};

use super::exec_line::{Specifiers, to_bash};
use super::options::ResticOptions;

/// The Booleans of a backup, all known.
#[derive(Clone, Copy, Debug)]
pub struct Flags {
    inhibits_sleep: bool,
    initialize: bool,
    run_check: bool,
}

impl ResticOptions {
    /// The Booleans the unit depends on, when all are known.
    pub fn flags(&self) -> Option<Flags> {
        Some(Flags {
            inhibits_sleep: self.inhibits_sleep?,
            initialize: self.initialize?,
            run_check: self.run_check?,
        })
    }

    /// Whether files are backed up: `paths` not null and not empty, or `dynamicFilesFrom`.
    pub fn file_backup(&self) -> bool {
        self.paths.as_ref().is_some_and(|p| !p.is_empty()) || self.dynamic_files_from.is_some()
    }

    /// Whether a command's output is backed up (`command` not empty).
    pub fn command_backup(&self) -> bool {
        !self.command.is_empty()
    }
}

/// The unit name of a backup, without suffix.
pub fn unit_name(job: &str) -> String {
    format!("restic-backups-{job}")
}

/// The variable holding the words of `resticCmd` in the script.
const RESTIC: &str = "\"${resticCmd[@]}\"";
/// The includes list of a file backup (the module's `/run/restic-backups-<name>/includes`).
const INCLUDES: &str = "\"$RUNTIME_DIRECTORY/includes\"";

/// A generated file below `$BACKIX_JOB_FILES`, as a quoted path.
fn file_path(name: &str) -> String {
    format!("\"$BACKIX_JOB_FILES/{name}\"")
}

struct Script {
    parts: Vec<Part>,
    steps: Vec<Step>,
    mode: Mode,
}

impl Script {
    fn lit(&mut self, s: &str) {
        self.parts.push(Part::Lit(s.to_string()));
    }
    fn text(&mut self, t: &Text) {
        self.parts.extend(t.parts());
    }
    fn step(&mut self, step: &str, when: Option<&str>, command: &Text) {
        self.steps.push(Step {
            step: step.into(),
            when: when.map(str::to_string),
            command: command.clone(),
        });
    }
    /// A command that runs restic (or prints it in a dry run, through `resticCmd`).
    fn restic(&mut self, step: &str, when: Option<&str>, command: &Text, indent: &str) {
        self.step(step, when, command);
        self.lit(indent);
        self.text(command);
        self.lit("\n");
    }
    /// A user script the module writes to the store and runs (`writeScript`): run, or in a dry
    /// run shown and not run.
    fn user_script(&mut self, step: &str, when: Option<&str>, body: &Text, line: &str) {
        let command = Text::lit(line);
        self.step(step, when, &command);
        match self.mode {
            Mode::Run => self.lit(&format!("{line}\n")),
            Mode::DryRun => {
                let shown = concat([&Text::lit(format!("# {step} (not run):\n")), body]);
                self.lit("printf '%s\\n' ");
                self.text(&escape_text(&shown));
                self.lit("\n");
            }
        }
    }
}

/// Renders a backup; `None` when a Boolean is unknown. The second value lists warnings.
pub fn render(name: &str, o: &ResticOptions, mode: Mode) -> Option<(Rendered, Vec<String>)> {
    let f = o.flags()?;
    let unit = unit_name(name);
    let spec = Specifiers { unit: &unit };
    let mut warnings = Vec::new();
    let file_backup = o.file_backup();
    let command_backup = o.command_backup();
    let do_backup = file_backup || command_backup;
    let has_pre_start = f.initialize || do_backup || o.backup_prepare_command.is_some();
    let has_post_stop = do_backup || o.backup_cleanup_command.is_some();

    let mut files = Vec::new();
    let mut executables = Vec::new();
    let mut add_file = |name: &str, contents: Text, executable: bool| {
        files.push(GeneratedFile {
            name: name.into(),
            contents,
        });
        if executable {
            executables.push(name.to_string());
        }
    };
    if let Some(c) = &o.backup_prepare_command {
        add_file("backupPrepareCommand", c.clone(), true);
    }
    if let Some(c) = &o.backup_cleanup_command {
        add_file("backupCleanupCommand", c.clone(), true);
    }
    let static_paths = o.paths.as_ref().filter(|p| !p.is_empty());
    if let Some(paths) = static_paths {
        let mut parts = Vec::new();
        for p in paths {
            parts.extend(p.parts());
            parts.push(Part::Lit("\n".into()));
        }
        add_file("staticPaths", Text::from_parts(parts), false);
    }
    if let Some(d) = &o.dynamic_files_from {
        add_file("dynamicFilesFromScript", d.clone(), true);
    }
    let exclude_file = file_backup && !o.exclude.is_empty();
    if exclude_file {
        add_file("exclude-patterns", join(&o.exclude, "\n"), false);
    }

    let mut s = Script {
        parts: Vec::new(),
        steps: Vec::new(),
        mode,
    };
    s.lit(&format!(
        "#!/usr/bin/env bash\n# The unit {unit}.service: ExecStartPre, ExecStart, ExecStopPost.\nset -e\n\
         export RUNTIME_DIRECTORY=\"${{RUNTIME_DIRECTORY:-/run/{unit}}}\"\n\
         if [[ -n \"${{CACHE_DIRECTORY:-}}\" ]]; then export RESTIC_CACHE_DIR=\"$CACHE_DIRECTORY\"; fi\n"
    ));
    if let Some(env_file) = &o.environment_file {
        environment_file(&mut s, env_file);
    }
    for name in &executables {
        s.lit(&format!("chmod +x {}\n", file_path(name)));
    }
    // resticCmd: systemd-inhibit (when inhibitsSleep), the executable, `-o` options.
    let mut restic_line = vec![escape_text(&o.package)];
    for opt in &o.extra_options {
        let what = "extraOptions";
        restic_line.push(to_bash(
            &concat([&Text::lit("-o "), opt]),
            &spec,
            what,
            &mut warnings,
        ));
    }
    if f.initialize {
        shell_reading_differs(&o.extra_options, &mut warnings);
    }
    let restic_words = join(&restic_line, " ");
    let inhibit = format!(
        "systemd-inhibit --mode=block --who=restic --what=sleep {}",
        escape_shell_arg(&format!("--why=Scheduled backup {name}"))
    );
    match mode {
        Mode::Run => {
            s.lit("resticCmd=(");
            s.text(&restic_words);
            s.lit(")\n");
            if f.inhibits_sleep {
                s.lit(&format!(
                    "if [[ -d /run/systemd/system ]]; then\n  resticCmd=({inhibit} \"${{resticCmd[@]}}\")\n\
                     else\n  echo 'backix: note: not inhibiting sleep (systemd-inhibit needs a running systemd)' >&2\nfi\n"
                ));
            }
        }
        Mode::DryRun => {
            s.lit("dryRun () { printf '%q' \"$1\"; shift; printf ' %q' \"$@\"; printf '\\n'; }\n");
            s.lit("resticCmd=(dryRun ");
            if f.inhibits_sleep {
                s.lit(&format!("{inhibit} "));
            }
            s.text(&restic_words);
            s.lit(")\n");
        }
    }

    if has_post_stop {
        s.lit(
            "\non_exit () {\n  EXIT_STATUS=$?\n  if [[ $EXIT_STATUS == 0 ]]; then SERVICE_RESULT=success; \
             else SERVICE_RESULT=exit-code; fi\n  export EXIT_STATUS SERVICE_RESULT EXIT_CODE=exited\n  \
             set +e\n  # postStop (ExecStopPost), also after a failure\n  (\n    set -e\n",
        );
        if let Some(c) = &o.backup_cleanup_command {
            s.lit("    ");
            s.user_script(
                "backupCleanupCommand",
                Some("after the job, also when it fails"),
                c,
                &file_path("backupCleanupCommand"),
            );
        }
        if file_backup {
            let rm = Text::lit(format!("rm -f {INCLUDES}"));
            s.step(
                "remove-includes",
                Some("after the job, also when it fails"),
                &rm,
            );
            s.lit("    ");
            s.text(&rm);
            s.lit("\n");
        }
        s.lit(
            "  )\n  stopStatus=$?\n  if [[ $EXIT_STATUS == 0 ]]; then exit $stopStatus; fi\n  \
             exit $EXIT_STATUS\n}\ntrap on_exit EXIT\n",
        );
    }
    // The cleanup steps were listed first; they run last.
    let cleanup: Vec<Step> = s.steps.drain(..).collect();

    if has_pre_start {
        s.lit("\n# preStart (ExecStartPre)\n");
        if let Some(c) = &o.backup_prepare_command {
            s.user_script(
                "backupPrepareCommand",
                None,
                c,
                &file_path("backupPrepareCommand"),
            );
        }
        if f.initialize {
            let probe = Text::lit(format!("{RESTIC} cat config > /dev/null"));
            let init = Text::lit(format!("{RESTIC} init"));
            s.step("init-probe", None, &probe);
            s.step("init", Some("when the init probe fails"), &init);
            match mode {
                Mode::Run => s.lit(&format!("{RESTIC} cat config > /dev/null || {RESTIC} init\n")),
                Mode::DryRun => s.lit(&format!(
                    "{RESTIC} cat config\necho '# (output discarded) when that fails:'\n{RESTIC} init\n"
                )),
            }
        }
        if static_paths.is_some() {
            let cat = Text::lit(format!("cat {} >> {INCLUDES}", file_path("staticPaths")));
            s.step("static-paths", None, &cat);
            s.text(&cat);
            s.lit("\n");
        }
        if let Some(d) = &o.dynamic_files_from {
            let line = format!("{} >> {INCLUDES}", file_path("dynamicFilesFromScript"));
            s.user_script("dynamicFilesFrom", None, d, &line);
        }
    }

    s.lit("\n# ExecStart\n");
    if do_backup {
        let mut line: Vec<Text> = o.extra_backup_args.clone();
        if file_backup {
            if exclude_file {
                line.push(Text::lit(
                    "--exclude-file=${BACKIX_JOB_FILES}/exclude-patterns",
                ));
            }
            line.push(Text::lit("--files-from=${RUNTIME_DIRECTORY}/includes"));
        }
        if command_backup {
            line.push(Text::lit("--stdin-from-command=true --"));
            line.extend(o.command.iter().cloned());
        }
        let args = to_bash(
            &join(&line, " "),
            &spec,
            "the backup command line",
            &mut warnings,
        );
        let backup = concat([&Text::lit(format!("{RESTIC} backup ")), &args]);
        s.restic("backup", None, &backup, "");
    }
    if !o.prune_opts.is_empty() {
        s.restic("unlock", None, &Text::lit(format!("{RESTIC} unlock")), "");
        let opts = to_bash(&join(&o.prune_opts, " "), &spec, "pruneOpts", &mut warnings);
        let forget = concat([&Text::lit(format!("{RESTIC} forget --prune ")), &opts]);
        s.restic("forget", None, &forget, "");
    }
    if f.run_check {
        let opts = to_bash(&join(&o.check_opts, " "), &spec, "checkOpts", &mut warnings);
        let check = concat([&Text::lit(format!("{RESTIC} check ")), &opts]);
        let check = Text::from_parts(trim_end(check.parts()));
        s.restic("check", None, &check, "");
    }
    s.steps.extend(cleanup);

    let environment = environment(name, o);
    let mut settings: BTreeMap<String, Vec<Text>> = BTreeMap::new();
    let one = |v: &str| vec![Text::lit(v)];
    settings.insert("Unit.Wants".into(), one("network-online.target"));
    settings.insert("Unit.After".into(), one("network-online.target"));
    settings.insert("Unit.X-RestartIfChanged".into(), one("false"));
    settings.insert("Service.RuntimeDirectory".into(), one(&unit));
    settings.insert("Service.CacheDirectory".into(), one(&unit));
    settings.insert("Service.CacheDirectoryMode".into(), one("0700"));
    if let Some(e) = &o.environment_file {
        settings.insert("Service.EnvironmentFile".into(), vec![e.clone()]);
    }
    let service = Service {
        description: String::new(),
        user: o.user.clone(),
        group: None,
        service_type: Some("oneshot".into()),
        cpu_scheduling_policy: None,
        io_scheduling_class: None,
        protect_system: None,
        private_tmp: true,
        read_write_paths: Vec::new(),
        requires_mounts_for: Vec::new(),
        exec_prefix: Vec::new(),
        settings,
    };
    let timer = o.timer_config.as_ref().map(timer);
    Some((
        Rendered {
            unit,
            environment,
            files,
            steps: s.steps,
            script: Text::from_parts(s.parts),
            service,
            timer,
        },
        warnings,
    ))
}

/// `EnvironmentFile=`: read with `set -a` like the module's wrapper does; a leading `-` makes
/// it optional, as in systemd. Its settings override `Environment=`.
fn environment_file(s: &mut Script, path: &Text) {
    let (optional, path) = match path.known() {
        Some(p) if p.starts_with('-') => (true, Text::lit(&p[1..])),
        _ => (false, path.clone()),
    };
    let quoted = escape_text(&path);
    s.lit("# EnvironmentFile= (overrides Environment=)\nset -a\n");
    if optional {
        s.lit("if [[ -e ");
        s.text(&quoted);
        s.lit(" ]]; then source ");
        s.text(&quoted);
        s.lit("; fi\n");
    } else {
        s.lit("source ");
        s.text(&quoted);
        s.lit("\n");
    }
    s.lit("set +a\n");
}

/// The module's init probe is a shell line while its `ExecStart=` lines are read by systemd;
/// the script reads `extraOptions` as systemd does for both. Warns where the two readings can
/// differ.
fn shell_reading_differs(extra_options: &[Text], warnings: &mut Vec<String>) {
    for (i, opt) in extra_options.iter().enumerate() {
        let shown = opt.display();
        if let Some(c) = shown.chars().find(|c| "$`%\\;|&<>()*?[~#\n".contains(*c)) {
            warnings.push(format!(
                "extraOptions[{i}] contains {c:?}: the module's init probe (a shell line) and its \
                 ExecStart lines (read by systemd) may read it differently; backix reads it as \
                 systemd does for both"
            ));
        }
    }
}

fn trim_end(mut parts: Vec<Part>) -> Vec<Part> {
    if let Some(Part::Lit(s)) = parts.last_mut() {
        let trimmed = s.trim_end().to_string();
        *s = trimmed;
    }
    parts
}

/// The service's `Environment=`, in the module's order (a later source wins on the same name):
/// the fixed variables, `rcloneOptions`, `rcloneConfigFile`, `rcloneConfig`, `progressFps`.
/// The remote of `rcloneConfig` must have been checked by [`rclone_remote`].
pub fn environment(name: &str, o: &ResticOptions) -> BTreeMap<String, Text> {
    let mut env = BTreeMap::new();
    env.insert(
        "RESTIC_CACHE_DIR".to_string(),
        Text::lit(format!("/var/cache/{}", unit_name(name))),
    );
    for (var, value) in [
        ("RESTIC_PASSWORD_FILE", &o.password_file),
        ("RESTIC_REPOSITORY", &o.repository),
        ("RESTIC_REPOSITORY_FILE", &o.repository_file),
    ] {
        if let Some(v) = value {
            env.insert(var.to_string(), v.clone());
        }
    }
    if let Some(opts) = &o.rclone_options {
        for (k, v) in opts {
            let var = format!("RCLONE_{}", k.replace('-', "_").to_uppercase());
            env.insert(var, v.clone());
        }
    }
    if let Some(f) = &o.rclone_config_file {
        env.insert("RCLONE_CONFIG".into(), f.clone());
    }
    if let (Some(conf), Ok(remote)) = (&o.rclone_config, rclone_remote(o)) {
        for (k, v) in conf {
            let var = format!("RCLONE_CONFIG_{}_{}", remote, k).to_uppercase();
            env.insert(var, v.clone());
        }
    }
    if let Some(fps) = &o.progress_fps {
        env.insert("RESTIC_PROGRESS_FPS".into(), fps.clone());
    }
    env
}

/// The rclone remote `rcloneConfig` configures: the second `:`-separated field of
/// `repository`. `Err` says why there is none (the module then fails to evaluate).
pub fn rclone_remote(o: &ResticOptions) -> Result<String, String> {
    let Some(repo) = &o.repository else {
        return Err(
            "rcloneConfig is set but repository is null: the module takes the rclone \
                    remote's name from repository and fails to evaluate"
                .into(),
        );
    };
    let prefix = repo.known_prefix();
    let fields: Vec<&str> = prefix.split(':').collect();
    match fields.get(1) {
        Some(remote) if fields.len() > 2 || repo.known().is_some() => Ok(remote.to_string()),
        _ if repo.known().is_some() => Err(format!(
            "rcloneConfig is set but repository {:?} has no `:`: the module takes the rclone \
             remote's name from its second `:`-separated field and fails to evaluate",
            repo.display()
        )),
        _ => Err(format!(
            "rcloneConfig is set and the rclone remote's name in repository {} is not known",
            repo.display()
        )),
    }
}

/// The `.timer` unit of a `timerConfig`.
fn timer(config: &BTreeMap<String, Vec<Text>>) -> Timer {
    let mut settings = config.clone();
    let on_calendar = settings.remove("OnCalendar").unwrap_or_default();
    let persistent = match settings.get("Persistent").map(Vec::as_slice) {
        Some([v]) => v.known().and_then(|v| systemd_bool(&v)),
        _ => None,
    };
    if persistent.is_some() {
        settings.remove("Persistent");
    }
    Timer {
        description: String::new(),
        on_calendar,
        persistent: persistent.unwrap_or(false),
        after: Vec::new(),
        wants: Vec::new(),
        wanted_by: vec!["timers.target".into()],
        settings,
        only_manual_start: true,
    }
}

/// A Boolean as systemd parses it.
fn systemd_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "yes" | "y" | "true" | "t" | "on" => Some(true),
        "0" | "no" | "n" | "false" | "f" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Text {
        Text::lit(s)
    }

    fn texts(items: &[&str]) -> Vec<Text> {
        items.iter().map(|s| t(s)).collect()
    }

    /// A backup with every option at the module's default.
    fn defaults() -> ResticOptions {
        ResticOptions {
            backup_cleanup_command: None,
            backup_prepare_command: None,
            check_opts: Vec::new(),
            command: Vec::new(),
            create_wrapper: Some(true),
            dynamic_files_from: None,
            environment_file: None,
            exclude: Vec::new(),
            extra_backup_args: Vec::new(),
            extra_options: Vec::new(),
            inhibits_sleep: Some(false),
            initialize: Some(false),
            package: t("restic"),
            password_file: Some(t("/run/keys/restic")),
            paths: Some(Vec::new()),
            progress_fps: None,
            prune_opts: Vec::new(),
            rclone_config: None,
            rclone_config_file: None,
            rclone_options: None,
            repository: Some(t("/srv/restic")),
            repository_file: None,
            run_check: Some(false),
            timer_config: None,
            user: t("root"),
        }
    }

    fn rendered(o: &ResticOptions) -> Rendered {
        render("j", o, Mode::Run).expect("renders").0
    }

    fn step<'a>(r: &'a Rendered, name: &str) -> &'a str {
        let s = r.steps.iter().find(|s| s.step == name);
        match s.map(|s| &s.command) {
            Some(Text::Known(c)) => c,
            other => panic!("no known step {name}: {other:?}"),
        }
    }

    fn step_names(r: &Rendered) -> Vec<&str> {
        r.steps.iter().map(|s| s.step.as_str()).collect()
    }

    #[test]
    fn file_backup_lines_in_the_modules_order() {
        let o = ResticOptions {
            paths: Some(texts(&["/opt", "/home/a b"])),
            exclude: texts(&["/opt/excluded_file_*", "*.tmp"]),
            extra_backup_args: texts(&["--tag nightly", "--one-file-system"]),
            prune_opts: texts(&["--keep-daily 2", "--keep-weekly 1"]),
            check_opts: texts(&["--read-data-subset=1/10"]),
            run_check: Some(true),
            ..defaults()
        };
        let r = rendered(&o);
        assert_eq!(
            step(&r, "backup"),
            "\"${resticCmd[@]}\" backup --tag nightly --one-file-system \
             '--exclude-file='\"${BACKIX_JOB_FILES}\"/exclude-patterns \
             '--files-from='\"${RUNTIME_DIRECTORY}\"/includes"
        );
        assert_eq!(step(&r, "unlock"), "\"${resticCmd[@]}\" unlock");
        assert_eq!(
            step(&r, "forget"),
            "\"${resticCmd[@]}\" forget --prune --keep-daily 2 --keep-weekly 1"
        );
        assert_eq!(
            step(&r, "check"),
            "\"${resticCmd[@]}\" check '--read-data-subset=1/10'"
        );
        assert_eq!(
            step_names(&r),
            [
                "static-paths",
                "backup",
                "unlock",
                "forget",
                "check",
                "remove-includes"
            ]
        );
        let file = |n: &str| r.files.iter().find(|f| f.name == n).map(|f| &f.contents);
        assert_eq!(file("staticPaths"), Some(&t("/opt\n/home/a b\n")));
        assert_eq!(
            file("exclude-patterns"),
            Some(&t("/opt/excluded_file_*\n*.tmp"))
        );
        let script = r.script.known().unwrap();
        assert!(script.contains("resticCmd=(restic)\n"), "{script}");
        // ExecStart lines run after preStart, in the unit's order.
        let pos = |s: &str| script.find(s).unwrap_or_else(|| panic!("{s} in {script}"));
        assert!(pos("cat \"$BACKIX_JOB_FILES/staticPaths\"") < pos(" backup "));
        assert!(pos(" backup ") < pos(" unlock"));
        assert!(pos(" unlock") < pos(" forget --prune"));
        assert!(pos(" forget --prune") < pos(" check"));
    }

    #[test]
    fn command_backup_reads_the_commands_output() {
        let o = ResticOptions {
            command: texts(&["echo", "-n", "testing"]),
            extra_backup_args: texts(&["--tag db"]),
            exclude: texts(&["ignored"]),
            ..defaults()
        };
        let r = rendered(&o);
        assert_eq!(
            step(&r, "backup"),
            "\"${resticCmd[@]}\" backup --tag db '--stdin-from-command=true' -- echo -n testing"
        );
        // No file list: no exclude file, no includes to remove, nothing in preStart.
        assert!(r.files.is_empty(), "{:?}", r.files);
        assert_eq!(step_names(&r), ["backup"]);
        let script = r.script.known().unwrap();
        assert!(
            script.contains("trap on_exit EXIT"),
            "postStop exists: {script}"
        );
    }

    #[test]
    fn check_without_options_and_init_probe() {
        let o = ResticOptions {
            run_check: Some(true),
            initialize: Some(true),
            extra_options: texts(&["sftp.command='ssh alice@sftp -s sftp'"]),
            ..defaults()
        };
        let r = rendered(&o);
        assert_eq!(step(&r, "check"), "\"${resticCmd[@]}\" check");
        assert_eq!(
            step(&r, "init-probe"),
            "\"${resticCmd[@]}\" cat config > /dev/null"
        );
        assert_eq!(step(&r, "init"), "\"${resticCmd[@]}\" init");
        let script = r.script.known().unwrap();
        assert!(
            script.contains("resticCmd=(restic -o 'sftp.command=ssh alice@sftp -s sftp')\n"),
            "{script}"
        );
        assert!(
            script.contains(
                "\"${resticCmd[@]}\" cat config > /dev/null || \"${resticCmd[@]}\" init\n"
            )
        );
        // Nothing backed up and no cleanup command: no postStop.
        assert!(!script.contains("trap"), "{script}");
    }

    #[test]
    fn prune_only_job_has_no_backup_and_no_pre_start() {
        let o = ResticOptions {
            prune_opts: texts(&["--keep-last 1"]),
            ..defaults()
        };
        let r = rendered(&o);
        assert_eq!(step_names(&r), ["unlock", "forget"]);
        let script = r.script.known().unwrap();
        assert!(!script.contains("preStart"), "{script}");
        assert!(!script.contains("backup "), "{script}");
        let none = rendered(&ResticOptions {
            paths: None,
            ..defaults()
        });
        assert!(none.steps.is_empty());
    }

    #[test]
    fn hooks_and_dynamic_files_in_order() {
        let o = ResticOptions {
            backup_prepare_command: Some(t("touch /prepared")),
            backup_cleanup_command: Some(t("rm /prepared")),
            dynamic_files_from: Some(t("find /opt -mindepth 1")),
            ..defaults()
        };
        let r = rendered(&o);
        assert_eq!(
            step_names(&r),
            [
                "backupPrepareCommand",
                "dynamicFilesFrom",
                "backup",
                "backupCleanupCommand",
                "remove-includes"
            ]
        );
        assert_eq!(
            step(&r, "dynamicFilesFrom"),
            "\"$BACKIX_JOB_FILES/dynamicFilesFromScript\" >> \"$RUNTIME_DIRECTORY/includes\""
        );
        let names: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "backupPrepareCommand",
                "backupCleanupCommand",
                "dynamicFilesFromScript"
            ]
        );
        let dry = render("j", &o, Mode::DryRun).unwrap().0;
        let script = dry.script.known().unwrap();
        assert!(
            script.contains("# backupPrepareCommand (not run):"),
            "{script}"
        );
        assert!(!script.contains("\n\"$BACKIX_JOB_FILES/backupPrepareCommand\"\n"));
    }

    #[test]
    fn inhibit_wraps_every_restic_command() {
        let o = ResticOptions {
            inhibits_sleep: Some(true),
            ..defaults()
        };
        let script = rendered(&o).script.known().unwrap();
        assert!(
            script.contains(
                "resticCmd=(systemd-inhibit --mode=block --who=restic --what=sleep \
                 '--why=Scheduled backup j' \"${resticCmd[@]}\")"
            ),
            "{script}"
        );
    }

    #[test]
    fn environment_in_the_modules_order() {
        let o = ResticOptions {
            repository: Some(t("rclone:local:/backups")),
            rclone_options: Some(BTreeMap::from([
                ("bwlimit".into(), t("1M")),
                ("config".into(), t("/from/options")),
                ("fast-list".into(), t("true")),
            ])),
            rclone_config_file: Some(t("/etc/rclone.conf")),
            rclone_config: Some(BTreeMap::from([
                ("type".into(), t("local")),
                ("one_file_system".into(), t("true")),
            ])),
            progress_fps: Some(t("0.100000")),
            ..defaults()
        };
        let env = rendered(&o).environment;
        let get = |k: &str| env.get(k).and_then(Text::known);
        assert_eq!(
            get("RESTIC_CACHE_DIR").as_deref(),
            Some("/var/cache/restic-backups-j")
        );
        assert_eq!(
            get("RESTIC_PASSWORD_FILE").as_deref(),
            Some("/run/keys/restic")
        );
        assert_eq!(get("RCLONE_BWLIMIT").as_deref(), Some("1M"));
        assert_eq!(get("RCLONE_FAST_LIST").as_deref(), Some("true"));
        // rcloneConfigFile comes after rcloneOptions and wins.
        assert_eq!(get("RCLONE_CONFIG").as_deref(), Some("/etc/rclone.conf"));
        assert_eq!(get("RCLONE_CONFIG_LOCAL_TYPE").as_deref(), Some("local"));
        assert_eq!(
            get("RCLONE_CONFIG_LOCAL_ONE_FILE_SYSTEM").as_deref(),
            Some("true")
        );
        assert_eq!(get("RESTIC_PROGRESS_FPS").as_deref(), Some("0.100000"));
        assert!(!env.contains_key("RESTIC_REPOSITORY_FILE"));
    }

    #[test]
    fn rclone_remote_comes_from_the_repository() {
        let with = |repo: Option<&str>| ResticOptions {
            repository: repo.map(t),
            rclone_config: Some(BTreeMap::new()),
            ..defaults()
        };
        assert_eq!(rclone_remote(&with(Some("rclone:box:x"))).unwrap(), "box");
        assert_eq!(rclone_remote(&with(Some("rclone:box"))).unwrap(), "box");
        assert!(rclone_remote(&with(Some("/srv/x"))).is_err());
        assert!(rclone_remote(&with(None)).is_err());
    }

    #[test]
    fn timer_default_custom_and_none() {
        let o = ResticOptions {
            timer_config: Some(BTreeMap::from([
                ("OnCalendar".into(), texts(&["daily"])),
                ("Persistent".into(), texts(&["true"])),
            ])),
            ..defaults()
        };
        let timer = rendered(&o).timer.expect("a timer");
        assert_eq!(timer.on_calendar, texts(&["daily"]));
        assert!(timer.persistent);
        assert!(timer.only_manual_start);
        assert_eq!(timer.wanted_by, ["timers.target"]);
        assert!(timer.settings.is_empty());
        let o = ResticOptions {
            timer_config: Some(BTreeMap::from([
                ("OnCalendar".into(), texts(&["Mon 02:00", "Thu 02:00"])),
                ("RandomizedDelaySec".into(), texts(&["1h"])),
            ])),
            ..defaults()
        };
        let timer = rendered(&o).timer.expect("a timer");
        assert_eq!(timer.on_calendar.len(), 2);
        assert!(!timer.persistent);
        assert_eq!(
            timer.settings.get("RandomizedDelaySec"),
            Some(&texts(&["1h"]))
        );
        assert!(rendered(&defaults()).timer.is_none());
    }

    #[test]
    fn init_probe_warns_where_shell_and_systemd_differ() {
        let o = ResticOptions {
            initialize: Some(true),
            extra_options: texts(&["s3.region=eu", "sftp.command=ssh -p $PORT x"]),
            ..defaults()
        };
        let (_, warnings) = render("j", &o, Mode::Run).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("extraOptions[1] contains '$'"));
        let quiet = ResticOptions {
            initialize: Some(false),
            ..o
        };
        assert!(render("j", &quiet, Mode::Run).unwrap().1.is_empty());
    }

    #[test]
    fn unknown_booleans_block_rendering() {
        let o = ResticOptions {
            initialize: None,
            ..defaults()
        };
        assert!(render("j", &o, Mode::Run).is_none());
    }
}
