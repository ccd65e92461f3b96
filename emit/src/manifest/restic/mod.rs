//! `services.restic.backups`: options with defaults, the module's assertions, and what a
//! backup runs.

pub mod exec_line;
pub mod options;
pub mod render;

use backix_parser::module::extract::OptionNode;

use crate::manifest::borg::options::Secrets;
use crate::manifest::read::Reader;
use crate::manifest::types::{JobSpec, Rendered, Unresolved};
use crate::manifest::{Mode, resolve};

use options::ResticOptions;

/// Reads one backup's options; the module's assertions that fail (NixOS refuses to build such
/// a system) go to `r.blocked`.
pub fn spec(name: &str, node: &OptionNode, r: &mut Reader, secrets: &mut Secrets) -> JobSpec {
    let o = options::read(name, node, r, secrets);
    for problem in assertions(name, &o) {
        r.block("assertion", &problem);
    }
    JobSpec::Restic(Box::new(o))
}

/// The module's assertions that `o` fails, with its messages.
pub fn assertions(name: &str, o: &ResticOptions) -> Vec<String> {
    let mut out = Vec::new();
    let prefix = format!("services.restic.backups.{name}");
    if (o.repository.is_none() == o.repository_file.is_none()) && o.environment_file.is_none() {
        out.push(format!(
            "{prefix}: exactly one of repository, repositoryFile or environmentFile should be set"
        ));
    }
    if o.file_backup() && o.command_backup() {
        out.push(format!(
            "{prefix}: cannot do both a command backup and a file backup at the same time."
        ));
    }
    if o.password_file.is_none() && o.environment_file.is_none() {
        out.push(format!(
            "{prefix}: passwordFile or environmentFile must be set"
        ));
    }
    out
}

/// What [`finish`] gives back for a backup.
pub struct Finished {
    /// The references left after binding.
    pub unresolved: Vec<Unresolved>,
    /// Problems found once the references are bound (an rclone remote that cannot be named).
    pub blocked: Vec<String>,
    /// The rendering and its warnings, unless a Boolean is unknown.
    pub rendered: Option<(Rendered, Vec<String>)>,
}

/// Binds references in the options with `lookup`, and renders the backup in `mode` when
/// `render` is set (nothing blocks it).
pub fn finish(
    name: &str,
    options: &mut ResticOptions,
    lookup: &dyn Fn(&str) -> Option<String>,
    mode: Mode,
    render: bool,
) -> Finished {
    let mut unresolved = Vec::new();
    if let Ok(mut value) = serde_json::to_value(&*options) {
        resolve::bind(&mut value, lookup);
        if let Ok(bound) = serde_json::from_value(value.clone()) {
            *options = bound;
        }
        unresolved = resolve::unresolved(&value);
    }
    let mut blocked = Vec::new();
    if options.rclone_config.is_some()
        && let Err(why) = render::rclone_remote(options)
    {
        blocked.push(format!("rcloneConfig: {why}"));
    }
    let rendered = (render && blocked.is_empty())
        .then(|| render::render(name, options, mode))
        .flatten();
    Finished {
        unresolved,
        blocked,
        rendered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::types::Text;

    fn with(repo: bool, repo_file: bool, env: bool, pw: bool) -> ResticOptions {
        let some = |b: bool, s: &str| b.then(|| Text::lit(s));
        let json = serde_json::json!({
            "backupCleanupCommand": null, "backupPrepareCommand": null, "checkOpts": [],
            "command": [], "createWrapper": true, "dynamicFilesFrom": null,
            "environmentFile": null, "exclude": [], "extraBackupArgs": [], "extraOptions": [],
            "inhibitsSleep": false, "initialize": false, "package": "restic",
            "passwordFile": null, "paths": [], "progressFps": null, "pruneOpts": [],
            "rcloneConfig": null, "rcloneConfigFile": null, "rcloneOptions": null,
            "repository": null, "repositoryFile": null, "runCheck": false,
            "timerConfig": null, "user": "root"
        });
        let mut o: ResticOptions = serde_json::from_value(json).expect("options");
        o.repository = some(repo, "/r");
        o.repository_file = some(repo_file, "/rf");
        o.environment_file = some(env, "/e");
        o.password_file = some(pw, "/p");
        o
    }

    #[test]
    fn the_modules_assertions() {
        assert!(assertions("b", &with(true, false, false, true)).is_empty());
        assert!(assertions("b", &with(false, false, true, false)).is_empty());
        assert!(assertions("b", &with(true, true, true, false)).is_empty());
        let both = assertions("b", &with(true, true, false, true));
        assert_eq!(
            both,
            [
                "services.restic.backups.b: exactly one of repository, repositoryFile or \
              environmentFile should be set"
            ]
        );
        let no_pw = assertions("b", &with(true, false, false, false));
        assert_eq!(
            no_pw,
            ["services.restic.backups.b: passwordFile or environmentFile must be set"]
        );
        let mut mixed = with(true, false, false, true);
        mixed.command = vec![Text::lit("true")];
        mixed.dynamic_files_from = Some(Text::lit("echo /"));
        assert_eq!(
            assertions("b", &mixed),
            [
                "services.restic.backups.b: cannot do both a command backup and a file backup at \
              the same time."
            ]
        );
    }
}
