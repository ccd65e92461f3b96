//! Deterministic generators of backix's benchmark inputs, shared by `benches/analysis.rs` (the
//! criterion benchmark) and `examples/bench_inputs.rs` (the inputs `bench/run` measures): NixOS
//! host trees in two layouts ([`generate`], [`generate_files`]), one large module
//! ([`single_file`], [`jobs_file`]) and borgmatic YAML configurations ([`borgmatic_configs`]). Every text comes
//! from a seeded splitmix64, so the same arguments always give the same bytes.

// Each includer uses a part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Application jobs (each with its own hooks and excludes) in every host's `backup.nix`.
pub const APPS_PER_HOST: usize = 6;

/// The files of a generated tree.
pub struct Tree {
    /// Every file written, in the order written.
    pub files: Vec<PathBuf>,
    /// Their total size.
    pub bytes: u64,
}

/// Writes `hosts` NixOS hosts into `root`, deterministically:
///
/// - `modules/`: shared modules (a wrapper module declaring `my.backup.*` options, a system job
///   reading `config.networking.hostName`, a PostgreSQL dump under `lib.mkIf`, a borg repository
///   server, a restic job) and `modules/home/borgmatic-common.nix` for home-manager users;
/// - `hosts/hN/configuration.nix`: imports some shared modules and the host's own files, sets the
///   wrapper's options and some unrelated options;
/// - `hosts/hN/backup.nix`: `services.borgbackup.jobs` as `lib.mkMerge` of `lib.mapAttrs` over
///   targets, [`APPS_PER_HOST`] application jobs with multi-line hooks, a `lib.mkIf` with a known
///   condition, `lib.mkDefault`s;
/// - `hosts/hN/restic.nix`: `services.restic.backups` from `lib.genAttrs` plus a local one;
/// - `hosts/hN/users.nix`: two or three `home-manager.users.<u>` with `programs.borgmatic.backups`.
pub fn generate(root: &Path, hosts: usize) -> Tree {
    let mut files = Vec::new();
    let mut write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create directory");
        std::fs::write(&path, text).expect("write generated file");
        files.push(path);
    };
    for (name, text) in SHARED_MODULES {
        write(name, text);
    }
    for h in 0..hosts {
        let mut rng = Rng(0x5eed_0000 + h as u64);
        let host = format!("h{h}");
        write(
            &format!("hosts/{host}/configuration.nix"),
            &configuration(
                &host,
                h,
                &mut rng,
                &["./backup.nix", "./restic.nix", "./users.nix"],
            ),
        );
        write(
            &format!("hosts/{host}/backup.nix"),
            &backup(&host, h, &mut rng, APPS_PER_HOST),
        );
        write(
            &format!("hosts/{host}/restic.nix"),
            &restic(&host, &mut rng),
        );
        write(
            &format!("hosts/{host}/users.nix"),
            &users(&host, h, &mut rng),
        );
    }
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    Tree { files, bytes }
}

/// splitmix64: small, deterministic, good enough to vary names and numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const APPS: &[&str] = &[
    "nextcloud",
    "gitea",
    "vaultwarden",
    "paperless",
    "immich",
    "matrix-synapse",
    "grafana",
    "prometheus",
    "home-assistant",
    "jellyfin",
    "mastodon",
    "wiki-js",
    "minio",
    "keycloak",
];

const EXCLUDES: &[&str] = &[
    "*.pyc",
    "*.tmp",
    "*.swp",
    "*/node_modules",
    "*/.cache",
    "*/cache/*",
    "*/tmp/*",
    "*/logs/*.gz",
    "*/.git/objects/pack/tmp_*",
    "*/thumbnails",
    "*/transcodes",
    "*/sessions/*",
];

const USERS: &[&str] = &["alice", "bob", "carol", "dave", "erin", "frank"];

const SHARED_MODULES: &[(&str, &str)] = &[
    (
        "modules/my-backup.nix",
        r#"# The site's standard backup: hosts enable it and name a repository.
{ config, lib, pkgs, ... }:
let
  cfg = config.my.backup;
in
{
  options.my.backup = {
    enable = lib.mkEnableOption "the standard borg backup of this host";
    repo = lib.mkOption {
      type = lib.types.str;
      description = "The borg repository the standard job writes to.";
    };
    paths = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ "/etc" "/var/lib" "/root" ];
      description = "What the standard job backs up.";
    };
    keepDaily = lib.mkOption {
      type = lib.types.int;
      default = 7;
    };
  };

  config = lib.mkIf cfg.enable {
    services.borgbackup.jobs.standard = {
      inherit (cfg) repo paths;
      exclude = [ "/var/lib/docker" "/var/lib/containers" "/var/cache" ];
      encryption = {
        mode = "repokey-blake2";
        passCommand = "cat /run/secrets/borg-standard";
      };
      environment.BORG_RSH = "ssh -i /etc/ssh/borg_standard_ed25519 -o StrictHostKeyChecking=accept-new";
      compression = lib.mkDefault "auto,zstd,10";
      prune.keep = {
        within = "1d";
        daily = cfg.keepDaily;
        weekly = 4;
        monthly = 6;
      };
      startAt = lib.mkDefault "daily";
      persistentTimer = true;
    };
  };
}
"#,
    ),
    (
        "modules/borg-system.nix",
        r#"# System state of every host, to the central backup server.
{ config, lib, pkgs, ... }:
{
  services.borgbackup.jobs.system = {
    paths = [ "/etc" "/var/lib/nixos" "/var/lib/systemd" "/root/.ssh" ];
    exclude = [ "/var/lib/systemd/coredump" ];
    repo = "ssh://borg@backup.example.org/./${config.networking.hostName}-system";
    encryption = {
      mode = "repokey-blake2";
      passCommand = "cat /run/secrets/borg-system";
    };
    compression = "auto,lz4";
    prune.keep = {
      daily = 7;
      weekly = 4;
    };
    startAt = "*-*-* 03:15:00";
    preHook = ''
      ${pkgs.coreutils}/bin/date --iso-8601=seconds > /var/lib/nixos/last-backup
      ${pkgs.nix}/bin/nix-store --query --requisites /run/current-system > /var/lib/nixos/closure
    '';
  };
}
"#,
    ),
    (
        "modules/postgres-dump.nix",
        r#"# A dump of every database, on hosts that run PostgreSQL.
{ config, lib, pkgs, ... }:
{
  services.borgbackup.jobs.postgres = lib.mkIf config.services.postgresql.enable {
    dumpCommand = pkgs.writeShellScript "pg-dumpall" ''
      ${pkgs.sudo}/bin/sudo -u postgres ${config.services.postgresql.package}/bin/pg_dumpall
    '';
    repo = "/mnt/backup/postgres";
    encryption.mode = "none";
    startAt = [ "*-*-* 06:00:00" "*-*-* 18:00:00" ];
    prune.keep = {
      daily = 14;
      monthly = 6;
    };
  };
}
"#,
    ),
    (
        "modules/borg-server.nix",
        r#"# Hosts that keep other hosts' borg repositories.
{ config, lib, pkgs, ... }:
let
  clients = [ "laptop" "desktop" "phone" ];
in
{
  services.borgbackup.repos = lib.genAttrs clients (client: {
    path = "/var/lib/borgbackup/${client}";
    authorizedKeys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForBenchmarksOnly00000000000 ${client}"
    ];
    quota = "500G";
    allowSubRepos = true;
  });
}
"#,
    ),
    (
        "modules/restic-b2.nix",
        r#"# An off-site restic copy of the home directories.
{ config, lib, pkgs, ... }:
{
  services.restic.backups.b2 = {
    paths = [ "/home" ];
    exclude = [ "/home/*/.cache" "/home/*/Downloads" ];
    repository = "b2:example-backups:${config.networking.hostName}";
    passwordFile = "/run/secrets/restic-b2";
    environmentFile = "/run/secrets/restic-b2.env";
    initialize = true;
    pruneOpts = [
      "--keep-daily 7"
      "--keep-weekly 5"
      "--keep-monthly 12"
    ];
    timerConfig = {
      OnCalendar = "weekly";
      Persistent = true;
    };
  };
}
"#,
    ),
    (
        "modules/home/borgmatic-common.nix",
        r#"# Every user's dotfiles, with borgmatic.
{ config, lib, pkgs, ... }:
{
  programs.borgmatic = {
    enable = true;
    backups.dotfiles = {
      location = {
        sourceDirectories = [
          "${config.home.homeDirectory}/.config"
          "${config.home.homeDirectory}/.local/share"
          "${config.home.homeDirectory}/.ssh"
        ];
        repositories = [ "ssh://borg@backup.example.org/./dotfiles" ];
        excludeHomeManagerSymlinks = true;
      };
      retention = {
        keepDaily = 7;
        keepWeekly = 4;
      };
    };
  };
  services.borgmatic.enable = true;
  services.borgmatic.frequency = lib.mkDefault "daily";
}
"#,
    ),
];

/// A host's `configuration.nix`: shared modules chosen by the host's number, then `own`
/// (relative paths of the host's own files).
fn configuration(host: &str, h: usize, rng: &mut Rng, own: &[&str]) -> String {
    let mut imports = String::new();
    let shared = [
        ("my-backup", true),
        ("borg-system", true),
        ("postgres-dump", h.is_multiple_of(2)),
        ("borg-server", h.is_multiple_of(10)),
        ("restic-b2", !h.is_multiple_of(3)),
    ];
    for (name, on) in shared {
        if on {
            writeln!(imports, "    ../../modules/{name}.nix").unwrap();
        }
    }
    for file in own {
        writeln!(imports, "    {file}").unwrap();
    }
    let tz = rng.pick(&["Europe/Berlin", "Europe/Paris", "America/New_York", "UTC"]);
    let pg = h.is_multiple_of(4);
    format!(
        r#"# Host {host}, generated for backix's benchmarks.
{{ config, lib, pkgs, ... }}:
let
  hostName = "{host}";
  admins = [ "alice" "bob" ];
in
{{
  imports = [
{imports}  ];

  networking.hostName = hostName;
  networking.domain = "example.org";
  time.timeZone = "{tz}";

  my.backup = {{
    enable = true;
    repo = "ssh://borg@vault.example.org/./${{hostName}}";
    paths = [ "/etc" "/var/lib" "/srv" ];
    keepDaily = {keep};
  }};

  services.openssh.enable = true;
  services.postgresql.enable = {pg};

  users.users = lib.genAttrs admins (name: {{
    isNormalUser = true;
    extraGroups = [ "wheel" "systemd-journal" ];
  }});

  environment.systemPackages = with pkgs; [ borgbackup restic borgmatic git vim htop ];

  system.stateVersion = "24.11";
}}
"#,
        keep = 5 + rng.below(10),
    )
}

/// A host's `backup.nix`: the jobs of every target, `apps_count` application jobs and a USB
/// job under `lib.mkIf`.
fn backup(host: &str, h: usize, rng: &mut Rng, apps_count: usize) -> String {
    let mut apps = String::new();
    for i in 0..apps_count {
        let app = format!("{}-{i}", rng.pick(APPS));
        app_job(&mut apps, &app, rng);
    }
    let mut common_exclude = String::new();
    for e in EXCLUDES {
        writeln!(common_exclude, "    \"/home/*/{e}\"").unwrap();
    }
    let usb = h.is_multiple_of(5);
    format!(
        r#"# Borg jobs of host {host}, generated for backix's benchmarks.
{{ config, lib, pkgs, ... }}:
let
  hostName = "{host}";
  borgUser = "borg-${{hostName}}";
  hasUsbDisk = {usb};
  targets = {{
    nas = {{
      url = "ssh://${{borgUser}}@nas.example.org/./${{hostName}}";
      startAt = "daily";
      keepDaily = 7;
    }};
    offsite = {{
      url = "ssh://${{borgUser}}@offsite.example.net:2222/./${{hostName}}";
      startAt = "weekly";
      keepDaily = 3;
    }};
    cold = {{
      url = "/mnt/cold/borg/${{hostName}}";
      startAt = "monthly";
      keepDaily = 1;
    }};
  }};
  commonExclude = [
{common_exclude}  ];
in
{{
  services.borgbackup.jobs = lib.mkMerge [
    # The home directories go to every target.
    (lib.mapAttrs (name: target: {{
      paths = [ "/home" "/root" ];
      exclude = commonExclude ++ [ "/home/*/Downloads" ];
      repo = target.url;
      encryption = {{
        mode = "repokey-blake2";
        passCommand = "cat /run/secrets/borg-${{name}}";
      }};
      environment.BORG_RSH = "ssh -i /etc/ssh/borg_${{name}}_ed25519";
      compression = lib.mkDefault "auto,zstd";
      startAt = target.startAt;
      prune.keep = {{
        within = "1d";
        daily = target.keepDaily;
        weekly = 4;
        monthly = 6;
      }};
    }}) targets)

    # Applications, each to its own repository.
    {{
{apps}    }}

    # A copy to a USB disk, on the hosts that have one.
    (lib.mkIf hasUsbDisk {{
      usb = {{
        paths = [ "/home" "/srv" ];
        exclude = commonExclude;
        repo = "/run/media/backup/borg/${{hostName}}";
        removableDevice = true;
        doInit = false;
        encryption.mode = "none";
        startAt = [ ];
      }};
    }})
  ];
}}
"#
    )
}

/// One application's borg job (`"app" = { … };`, indented to sit two levels deep), reading
/// `borgUser`, `hostName`, `lib` and `pkgs` from its scope.
fn app_job(out: &mut String, app: &str, rng: &mut Rng) {
    let mut exclude = String::new();
    for _ in 0..12 {
        writeln!(exclude, "          \"/srv/{app}/{}\"", rng.pick(EXCLUDES)).unwrap();
    }
    let hour = rng.below(24);
    let minute = rng.below(60);
    let (daily, weekly, monthly) = (3 + rng.below(12), 2 + rng.below(6), rng.below(13));
    let mode = rng.pick(&["repokey", "repokey-blake2", "keyfile-blake2"]);
    let compression = rng.pick(&["lz4", "zstd", "auto,zstd,6", "auto,lzma"]);
    write!(
        out,
        r#"      # {app}: data and configuration; the service is stopped while borg reads it.
      "{app}" = {{
        paths = [
          "/srv/{app}"
          "/var/lib/{app}"
          "/etc/{app}"
        ];
        exclude = [
{exclude}        ];
        repo = "ssh://${{borgUser}}@backup.example.org/./${{hostName}}/{app}";
        encryption = {{
          mode = "{mode}";
          passCommand = "cat /run/secrets/borg-{app}";
        }};
        environment = {{
          BORG_RSH = "ssh -i /etc/ssh/borg_ed25519 -o ServerAliveInterval=60";
          BORG_RELOCATED_REPO_ACCESS_IS_OK = "yes";
        }};
        compression = lib.mkDefault "{compression}";
        extraCreateArgs = [ "--stats" "--checkpoint-interval" "600" "--exclude-caches" ];
        preHook = ''
          set -euo pipefail
          echo "backing up {app} on ${{hostName}}"
          ${{pkgs.systemd}}/bin/systemctl stop {app}.service
          mkdir -p /var/backup/{app}
          if [ -d /srv/{app}/db ]; then
            ${{pkgs.sqlite}}/bin/sqlite3 /srv/{app}/db/main.sqlite ".backup '/var/backup/{app}/main.sqlite'"
          fi
          find /srv/{app}/tmp -type f -mtime +7 -delete || true
        '';
        postHook = ''
          ${{pkgs.systemd}}/bin/systemctl start {app}.service
          echo "done: $exitStatus"
        '';
        prune.keep = {{
          daily = {daily};
          weekly = {weekly};
          monthly = {monthly};
        }};
        startAt = lib.mkDefault "*-*-* {hour:02}:{minute:02}:00";
        persistentTimer = true;
        inhibitsSleep = {inhibit};
      }};

"#,
        inhibit = if rng.below(2) == 0 { "true" } else { "false" },
    )
    .unwrap();
}

fn restic(host: &str, rng: &mut Rng) -> String {
    let bucket_a = rng.pick(&["eu-central", "eu-west", "us-east"]);
    let bucket_b = rng.pick(&["archive", "cold", "glacier"]);
    format!(
        r#"# Restic backups of host {host}, generated for backix's benchmarks.
{{ config, lib, pkgs, ... }}:
let
  hostName = "{host}";
  buckets = [ "{bucket_a}" "{bucket_b}" ];
in
{{
  services.restic.backups = lib.genAttrs buckets (bucket: {{
    paths = [ "/home" "/srv" "/var/lib" ];
    exclude = [
      "/home/*/.cache"
      "/home/*/.local/share/Trash"
      "/var/lib/docker"
      "/var/lib/containers/storage"
      "/srv/*/cache"
    ];
    repository = "s3:https://s3.example.com/${{bucket}}/${{hostName}}";
    passwordFile = "/run/secrets/restic-${{bucket}}";
    environmentFile = "/run/secrets/restic-${{bucket}}.env";
    initialize = true;
    extraBackupArgs = [ "--exclude-caches" "--one-file-system" ];
    pruneOpts = [
      "--keep-daily 7"
      "--keep-weekly 5"
      "--keep-monthly 12"
      "--keep-yearly 3"
    ];
    timerConfig = {{
      OnCalendar = "daily";
      Persistent = true;
      RandomizedDelaySec = "1h";
    }};
    backupPrepareCommand = ''
      ${{pkgs.systemd}}/bin/systemctl is-active --quiet postgresql && \
        ${{pkgs.sudo}}/bin/sudo -u postgres pg_dumpall > /var/backup/postgres.sql || true
    '';
    checkOpts = [ "--read-data-subset=5%" ];
  }}) // {{
    local = {{
      paths = [ "/home" ];
      repository = "/mnt/restic/${{hostName}}";
      passwordFile = "/run/secrets/restic-local";
      initialize = true;
      timerConfig.OnCalendar = "hourly";
      pruneOpts = [ "--keep-hourly 24" "--keep-daily 7" ];
    }};
  }};
}}
"#
    )
}

fn users(host: &str, h: usize, rng: &mut Rng) -> String {
    let mut body = String::new();
    for u in 0..(2 + h % 2) {
        let user = USERS[(h + u) % USERS.len()];
        user_block(&mut body, user, rng);
    }
    format!(
        r#"# Home-manager users of host {host}, generated for backix's benchmarks.
{{ config, lib, pkgs, ... }}:
let
  hostName = "{host}";
in
{{
{body}}}
"#
    )
}

/// One `home-manager.users.<user>` module with `programs.borgmatic.backups.documents`, reading
/// `hostName` from its scope.
fn user_block(out: &mut String, user: &str, rng: &mut Rng) {
    let keep_daily = 3 + rng.below(10);
    write!(
        out,
        r#"  home-manager.users.{user} = {{ config, lib, pkgs, ... }}: {{
    imports = [ ../../modules/home/borgmatic-common.nix ];
    home.stateVersion = "24.11";
    programs.borgmatic.backups.documents = {{
      location = {{
        sourceDirectories = [
          "${{config.home.homeDirectory}}/Documents"
          "${{config.home.homeDirectory}}/Pictures"
          "${{config.home.homeDirectory}}/Projects"
        ];
        repositories = [
          "ssh://{user}@backup.example.org/./${{hostName}}"
          {{
            path = "/run/media/{user}/usb/borg";
            label = "usb";
          }}
        ];
        excludeHomeManagerSymlinks = true;
        extraConfig = {{
          exclude_patterns = [ "*.tmp" "*/node_modules" "*/target" "*/.direnv" ];
          one_file_system = true;
        }};
      }};
      storage.encryptionPasscommand = "cat ${{config.home.homeDirectory}}/.config/borg/passphrase";
      retention = {{
        keepWithin = "2d";
        keepDaily = {keep_daily};
        keepWeekly = 4;
        keepMonthly = 6;
      }};
      consistency.checks = [
        {{
          name = "repository";
          frequency = "2 weeks";
        }}
        {{
          name = "archives";
          frequency = "4 weeks";
        }}
      ];
    }};
    services.borgmatic.frequency = "hourly";
  }};

"#
    )
    .unwrap();
}

/// Writes `text` at `root/rel` and records it.
fn write_file(root: &Path, files: &mut Vec<PathBuf>, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create directory");
    std::fs::write(&path, text).expect("write generated file");
    files.push(path);
}

/// The tree of `files` written below a root.
fn tree(files: Vec<PathBuf>) -> Tree {
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    Tree { files, bytes }
}

/// Files of a host in [`generate_files`]'s layout besides its application jobs.
const FIXED_HOST_FILES: usize = 4;

/// Writes exactly `count` (at least 10) module files of real size into `root`: the shared
/// modules of [`generate`], then hosts split into one small file per job, as a repository of
/// many hosts with one module per concern looks:
///
/// - `hosts/hN/default.nix`: imports shared modules and the host's files, sets options;
/// - `hosts/hN/targets.nix`: the host's jobs per target (`lib.mkMerge`, `lib.mapAttrs`,
///   `lib.mkIf`);
/// - `hosts/hN/restic.nix`: `services.restic.backups` from `lib.genAttrs`;
/// - `hosts/hN/user-<u>.nix`: one `home-manager.users.<u>` with `programs.borgmatic`;
/// - `hosts/hN/apps/<app>.nix` (up to [`APPS_PER_HOST`]): one borg job under `with lib;` and
///   `mkIf config.my.backup.enable`, reading `config.networking.hostName`.
///
/// Host files are 1.5–3 KB, the shared modules 0.6–1.5 KB.
pub fn generate_files(root: &Path, count: usize) -> Tree {
    assert!(count >= 10, "a tree has at least 10 files, not {count}");
    let mut files = Vec::new();
    for (name, text) in SHARED_MODULES {
        write_file(root, &mut files, name, text);
    }
    let rest = count - SHARED_MODULES.len();
    let hosts = rest.div_ceil(FIXED_HOST_FILES + APPS_PER_HOST);
    let mut apps_left = rest - hosts * FIXED_HOST_FILES;
    for h in 0..hosts {
        let mut rng = Rng(0xf11e_0000 + h as u64);
        let host = format!("h{h}");
        let apps = apps_left.min(APPS_PER_HOST);
        apps_left -= apps;
        let user = USERS[h % USERS.len()];
        let user_file = format!("./user-{user}.nix");
        let app_names: Vec<String> = (0..apps)
            .map(|i| format!("{}-{i}", rng.pick(APPS)))
            .collect();
        let app_files: Vec<String> = app_names
            .iter()
            .map(|a| format!("./apps/{a}.nix"))
            .collect();
        let mut own = vec!["./targets.nix", "./restic.nix", user_file.as_str()];
        own.extend(app_files.iter().map(String::as_str));
        let dir = format!("hosts/{host}");
        let text = configuration(&host, h, &mut rng, &own);
        write_file(root, &mut files, &format!("{dir}/default.nix"), &text);
        let text = backup(&host, h, &mut rng, 0);
        write_file(root, &mut files, &format!("{dir}/targets.nix"), &text);
        let text = restic(&host, &mut rng);
        write_file(root, &mut files, &format!("{dir}/restic.nix"), &text);
        let mut body = String::new();
        user_block(&mut body, user, &mut rng);
        let text = format!(
            "# Home-manager user {user} of host {host}, generated for backix's benchmarks.\n\
             {{ config, lib, pkgs, ... }}:\nlet\n  hostName = \"{host}\";\nin\n{{\n{body}}}\n"
        );
        write_file(root, &mut files, &format!("{dir}/user-{user}.nix"), &text);
        for app in &app_names {
            let mut job = String::new();
            app_job(&mut job, app, &mut rng);
            let text = format!(
                "# {app} on host {host}: one borg job, generated for backix's benchmarks.\n\
                 {{ config, lib, pkgs, ... }}:\nlet\n  hostName = config.networking.hostName;\n  \
                 borgUser = \"borg-${{hostName}}\";\nin\nwith lib;\n{{\n  \
                 services.borgbackup.jobs = mkIf config.my.backup.enable {{\n{job}  }};\n}}\n"
            );
            write_file(root, &mut files, &format!("{dir}/apps/{app}.nix"), &text);
        }
    }
    assert_eq!(files.len(), count, "generated file count");
    tree(files)
}

/// Writes one module of at most `bytes` bytes (at least about 400) to `path`: one
/// `services.borgbackup.jobs` set of application jobs (as in [`generate`]), then small jobs to
/// fill up. Returns the size written.
pub fn single_file(path: &Path, bytes: usize) -> u64 {
    big_module(path, bytes, usize::MAX)
}

/// Writes one module with exactly `jobs` application jobs (as in [`generate`]) to `path`.
/// Returns the size written.
pub fn jobs_file(path: &Path, jobs: usize) -> u64 {
    big_module(path, usize::MAX, jobs)
}

/// One `services.borgbackup.jobs` module of application jobs, then small ones, while it stays
/// within `bytes` bytes and `jobs` jobs.
fn big_module(path: &Path, bytes: usize, jobs: usize) -> u64 {
    let head = "# One large module, generated for backix's benchmarks.\n\
                { config, lib, pkgs, ... }:\nlet\n  hostName = \"big\";\n  \
                borgUser = \"borg-${hostName}\";\nin\n{\n  services.borgbackup.jobs = {\n";
    let tail = "  };\n}\n";
    let mut text = String::from(head);
    let mut rng = Rng(0x0b16_f11e);
    let mut i = 0usize;
    while i < jobs {
        let mut job = String::new();
        let app = format!("{}-{i}", rng.pick(APPS));
        app_job(&mut job, &app, &mut rng);
        if text.len() + job.len() + tail.len() > bytes {
            break;
        }
        text.push_str(&job);
        i += 1;
    }
    while i < jobs {
        let job = format!(
            "      \"small-{i}\" = {{\n        paths = [ \"/srv/small-{i}\" ];\n        \
             repo = \"/mnt/backup/small-{i}\";\n        encryption.mode = \"none\";\n        \
             startAt = \"daily\";\n      }};\n"
        );
        if text.len() + job.len() + tail.len() > bytes {
            break;
        }
        text.push_str(&job);
        i += 1;
    }
    text.push_str(tail);
    std::fs::write(path, &text).expect("write generated file");
    text.len() as u64
}

/// Writes `count` borgmatic 2 configuration files (flat format, 1–2 KB each) into `root`:
/// sources, labelled repositories, excludes, retention, checks, `commands:` hooks, a database
/// hook and monitoring, varied per file.
pub fn borgmatic_configs(root: &Path, count: usize) -> Tree {
    let mut files = Vec::new();
    for n in 0..count {
        let mut rng = Rng(0xb0a6_0000 + n as u64);
        let app = rng.pick(APPS);
        let host = format!("h{}", n / 3);
        let mut excludes = String::new();
        for _ in 0..(3 + rng.below(6)) {
            writeln!(excludes, "    - '/srv/{app}/{}'", rng.pick(EXCLUDES)).unwrap();
        }
        let compression = rng.pick(&["lz4", "zstd", "auto,zstd,6", "auto,lzma"]);
        let database = match rng.below(3) {
            0 => "postgresql_databases:\n    - name: all\n      format: custom\n",
            1 => "mariadb_databases:\n    - name: all\n      hostname: localhost\n",
            _ => "sqlite_databases:\n    - name: main\n      path: /srv/app/db/main.sqlite\n",
        };
        let text = format!(
            r#"# borgmatic configuration of {app} on {host}, generated for backix's benchmarks.
source_directories:
    - /srv/{app}
    - /var/lib/{app}
    - /etc/{app}

repositories:
    - path: ssh://borg-{host}@backup.example.org/./{host}/{app}
      label: offsite
    - path: /mnt/backup/{host}/{app}
      label: local

one_file_system: true
exclude_caches: true
exclude_if_present:
    - .nobackup
exclude_patterns:
{excludes}
encryption_passcommand: cat /run/secrets/borgmatic-{app}
compression: {compression}
archive_name_format: '{{hostname}}-{app}-{{now:%Y-%m-%dT%H:%M:%S}}'
ssh_command: ssh -i /etc/ssh/borg_ed25519 -o ServerAliveInterval=60
retries: {retries}
retry_wait: 10
lock_wait: 300

keep_within: 2d
keep_daily: {daily}
keep_weekly: {weekly}
keep_monthly: {monthly}

checks:
    - name: repository
      frequency: 2 weeks
    - name: archives
      frequency: 4 weeks
check_last: 3

commands:
    - before: action
      when:
          - create
      run:
          - systemctl stop {app}.service
          - mkdir -p /var/backup/{app}
    - after: action
      when:
          - create
      run:
          - systemctl start {app}.service
    - after: error
      run:
          - echo "borgmatic failed for {app} on {host}"

{database}
healthchecks:
    ping_url: https://hc-ping.example.org/{host}-{app}
"#,
            retries = rng.below(4),
            daily = 3 + rng.below(12),
            weekly = 2 + rng.below(6),
            monthly = rng.below(13),
        );
        write_file(root, &mut files, &format!("{host}-{app}-{n}.yaml"), &text);
    }
    tree(files)
}
