//! The job being built, and its Nix attribute set.

use crate::migrate::nix_expr::{Attr, NixExpr};

/// A `services.borgbackup.jobs.<name>` value under construction. `None` and empty fields are
/// left to the module's defaults.
#[derive(Debug, Default)]
pub struct Job {
    /// `repo`.
    pub repo: Option<NixExpr>,
    /// `paths` (`Some(vec![])` is written as `[ ]`, for patterns-only configurations).
    pub paths: Option<Vec<NixExpr>>,
    /// `exclude`.
    pub exclude: Vec<NixExpr>,
    /// `patterns`.
    pub patterns: Vec<NixExpr>,
    /// `encryption.mode`.
    pub encryption_mode: Option<String>,
    /// `encryption.passCommand`.
    pub pass_command: Option<NixExpr>,
    /// `encryption.passphrase` (only ever an expression carried from a Nix file).
    pub passphrase: Option<NixExpr>,
    /// `compression`.
    pub compression: Option<NixExpr>,
    /// `archiveBaseName`.
    pub archive_base_name: Option<NixExpr>,
    /// `dateFormat`.
    pub date_format: Option<String>,
    /// `prune.keep`, in order.
    pub keep: Vec<(String, NixExpr)>,
    /// `prune.prefix`.
    pub prune_prefix: Option<NixExpr>,
    /// `environment`, in order.
    pub environment: Vec<(String, NixExpr)>,
    /// `readWritePaths`.
    pub read_write_paths: Vec<NixExpr>,
    /// `extraArgs`.
    pub extra_args: Vec<NixExpr>,
    /// `extraInitArgs`.
    pub extra_init_args: Vec<NixExpr>,
    /// `extraCreateArgs`.
    pub extra_create_args: Vec<NixExpr>,
    /// `extraPruneArgs`.
    pub extra_prune_args: Vec<NixExpr>,
    /// `extraCompactArgs`.
    pub extra_compact_args: Vec<NixExpr>,
    /// `failOnWarnings`.
    pub fail_on_warnings: Option<bool>,
    /// `doInit`.
    pub do_init: Option<bool>,
    /// `startAt`.
    pub start_at: Option<String>,
    /// `persistentTimer`.
    pub persistent_timer: bool,
    /// `inhibitsSleep`.
    pub inhibits_sleep: bool,
    /// `user`.
    pub user: Option<String>,
    /// `preHook` lines.
    pub pre_hook: Vec<String>,
    /// `postInit` lines.
    pub post_init: Vec<String>,
    /// `postCreate` lines.
    pub post_create: Vec<String>,
    /// `postPrune` lines.
    pub post_prune: Vec<String>,
    /// `postHook` lines.
    pub post_hook: Vec<String>,
}

impl Job {
    /// Adds an environment variable (a later value for the same name replaces the earlier).
    pub fn env(&mut self, name: &str, value: NixExpr) {
        self.environment.retain(|(n, _)| n != name);
        self.environment.push((name.to_string(), value));
    }

    /// Adds a path to `readWritePaths` once.
    pub fn read_write(&mut self, path: NixExpr) {
        if !self.read_write_paths.contains(&path) {
            self.read_write_paths.push(path);
        }
    }

    /// The attribute set, in a fixed order: what and where, encryption, archives and
    /// retention, environment and arguments, service settings, hooks.
    pub fn to_expr(&self) -> NixExpr {
        let mut a = Vec::new();
        if let Some(repo) = &self.repo {
            a.push(Attr::new("repo", repo.clone()));
        }
        if let Some(paths) = &self.paths {
            a.push(Attr::new("paths", NixExpr::List(paths.clone())));
        }
        list(&mut a, "exclude", &self.exclude);
        list(&mut a, "patterns", &self.patterns);
        let mut enc = Vec::new();
        if let Some(mode) = &self.encryption_mode {
            enc.push(Attr::new("mode", NixExpr::str(mode)));
        }
        if let Some(p) = &self.pass_command {
            enc.push(Attr::new("passCommand", p.clone()));
        }
        if let Some(p) = &self.passphrase {
            enc.push(Attr::new("passphrase", p.clone()));
        }
        if !enc.is_empty() {
            a.push(Attr::new("encryption", NixExpr::Attrs(enc)));
        }
        if let Some(c) = &self.compression {
            a.push(Attr::new("compression", c.clone()));
        }
        if let Some(b) = &self.archive_base_name {
            a.push(Attr::new("archiveBaseName", b.clone()));
        }
        if let Some(d) = &self.date_format {
            a.push(Attr::new("dateFormat", NixExpr::str(d)));
        }
        let mut prune = Vec::new();
        if !self.keep.is_empty() {
            let keep = self
                .keep
                .iter()
                .map(|(k, v)| Attr::new(k.clone(), v.clone()))
                .collect();
            prune.push(Attr::new("keep", NixExpr::Attrs(keep)));
        }
        if let Some(p) = &self.prune_prefix {
            prune.push(Attr::new("prefix", p.clone()));
        }
        if !prune.is_empty() {
            a.push(Attr::new("prune", NixExpr::Attrs(prune)));
        }
        if !self.environment.is_empty() {
            let env = self
                .environment
                .iter()
                .map(|(k, v)| Attr::new(k.clone(), v.clone()))
                .collect();
            a.push(Attr::new("environment", NixExpr::Attrs(env)));
        }
        list(&mut a, "readWritePaths", &self.read_write_paths);
        list(&mut a, "extraArgs", &self.extra_args);
        list(&mut a, "extraInitArgs", &self.extra_init_args);
        list(&mut a, "extraCreateArgs", &self.extra_create_args);
        list(&mut a, "extraPruneArgs", &self.extra_prune_args);
        list(&mut a, "extraCompactArgs", &self.extra_compact_args);
        if let Some(f) = self.fail_on_warnings {
            a.push(Attr::new("failOnWarnings", NixExpr::Bool(f)));
        }
        if let Some(d) = self.do_init {
            a.push(Attr::new("doInit", NixExpr::Bool(d)));
        }
        if let Some(s) = &self.start_at {
            a.push(Attr::new("startAt", NixExpr::str(s)));
        }
        if self.persistent_timer {
            a.push(Attr::new("persistentTimer", NixExpr::Bool(true)));
        }
        if self.inhibits_sleep {
            a.push(Attr::new("inhibitsSleep", NixExpr::Bool(true)));
        }
        if let Some(u) = &self.user {
            a.push(Attr::new("user", NixExpr::str(u)));
        }
        lines(&mut a, "preHook", &self.pre_hook);
        lines(&mut a, "postInit", &self.post_init);
        lines(&mut a, "postCreate", &self.post_create);
        lines(&mut a, "postPrune", &self.post_prune);
        lines(&mut a, "postHook", &self.post_hook);
        NixExpr::Attrs(a)
    }
}

fn list(a: &mut Vec<Attr>, name: &str, items: &[NixExpr]) {
    if !items.is_empty() {
        a.push(Attr::new(name, NixExpr::List(items.to_vec())));
    }
}

fn lines(a: &mut Vec<Attr>, name: &str, items: &[String]) {
    if !items.is_empty() {
        let mut text = items.join("\n");
        text.push('\n');
        a.push(Attr::new(name, NixExpr::Str(text)));
    }
}
