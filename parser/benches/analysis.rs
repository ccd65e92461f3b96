//! Benchmarks of parsing, evaluation and extraction (`cargo bench -p backix-parser`).
//!
//! - `generated_tree/*`: a deterministic tree of NixOS hosts (about 10 MB of `.nix` files; see
//!   [`generate`]) written once into a temporary directory, then
//!   - `analyze`: [`analyze`] of the tree's root directory, end to end (walk, read, parse, lower,
//!     evaluate, merge, extract), as `backix eval DIR` does;
//!   - `load_systems`: the same without extraction (walk, read, parse, lower, collect modules);
//!   - `tokenize_rnix`: rnix's tokenizer alone over every file (texts already in memory);
//!   - `parse_rnix`: rnix's parser alone over every file (texts already in memory);
//!   - `parse_lower`: [`syntax::parse`] over every file: rnix, syntax diagnostics and lowering;
//!   - `parse_lower_scopes`: [`Evaluator::parse_source`] over every file: the above plus the
//!     static scope check, as every `import` does.
//!
//!   Every routine includes freeing what it built.
//! - `corpus/analyze_each_file`: [`analyze`] of every file of `../shared/corpus/nix`, one at a
//!   time, as `parser/tests/corpus.rs` does; skipped with a message when the corpus is absent.
//!
//! Under `cargo test --benches` (criterion's test mode, each routine run once) the tree has a few
//! hosts only, so the debug build stays fast.
//!
//! `BACKIX_BENCH_TREE_OUT=DIR cargo bench -p backix-parser --bench analysis` writes the full tree
//! into `DIR` (which must be absent or empty), prints its size and exits without benchmarking:
//! for measuring `backix eval DIR` from outside.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use backix_parser::diagnostic::Severity;
use backix_parser::eval::{EvalOptions, Evaluator};
use backix_parser::module::extract::{ModuleKind, OptionNode};
use backix_parser::module::{analyze, input_files, load_systems};
use backix_parser::source::SourceMap;
use backix_parser::syntax;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

/// Hosts of the full tree; with [`APPS_PER_HOST`] it comes to about 10 MB.
const FULL_HOSTS: usize = 500;
/// Hosts of the tree used in test mode.
const TEST_HOSTS: usize = 3;
/// Application jobs (each with its own hooks and excludes) in every host's `backup.nix`.
const APPS_PER_HOST: usize = 6;

fn main() {
    // The evaluator recurses deeply; give it the stack the CLI gives it.
    let worker = std::thread::Builder::new()
        .name("bench".into())
        .stack_size(256 << 20)
        .spawn(run)
        .expect("spawn the benchmark thread");
    if worker.join().is_err() {
        std::process::exit(101);
    }
}

fn run() {
    if let Some(out) = std::env::var_os("BACKIX_BENCH_TREE_OUT") {
        let out = PathBuf::from(out);
        if out.exists() && std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
            eprintln!(
                "{}: not empty; give an absent or empty directory",
                out.display()
            );
            std::process::exit(2);
        }
        let tree = generate(&out, FULL_HOSTS);
        println!(
            "wrote {} files, {} bytes, into {}",
            tree.files.len(),
            tree.bytes,
            out.display()
        );
        return;
    }
    let test_mode = is_test_mode();
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    generated_tree(&mut c, test_mode);
    corpus(&mut c);
    c.final_summary();
}

/// Whether criterion runs in test mode (`cargo test --benches`, or `cargo bench -- --test`):
/// without `--bench` on the command line, or with `--test`.
fn is_test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

fn generated_tree(c: &mut Criterion, test_mode: bool) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let hosts = if test_mode { TEST_HOSTS } else { FULL_HOSTS };
    let tree = generate(dir.path(), hosts);
    let label = if test_mode {
        format!("{hosts}hosts")
    } else {
        format!("{}MB", (tree.bytes as f64 / 1e6).round())
    };
    let root = vec![dir.path().to_path_buf()];
    describe(&tree, &root);

    let texts: Vec<(PathBuf, String)> = tree
        .files
        .iter()
        .map(|p| {
            (
                p.clone(),
                std::fs::read_to_string(p).expect("read generated file"),
            )
        })
        .collect();
    let mut map = SourceMap::new();
    let ids: Vec<_> = texts
        .iter()
        .map(|(p, t)| map.add(p.display().to_string(), Some(p.clone()), t.as_str()))
        .collect();

    let mut group = c.benchmark_group("generated_tree");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Bytes(tree.bytes));
    group.bench_with_input(BenchmarkId::new("analyze", &label), &root, |b, root| {
        b.iter(|| {
            let analysis = analyze(root, EvalOptions::default()).expect("input accepted");
            black_box(analysis.extraction.systems.len())
        })
    });
    group.bench_with_input(
        BenchmarkId::new("load_systems", &label),
        &root,
        |b, root| {
            b.iter(|| {
                let files = input_files(root).expect("input accepted");
                let mut ev = Evaluator::new(EvalOptions::default());
                let systems = load_systems(&mut ev, &files);
                black_box(systems.len())
            })
        },
    );
    group.measurement_time(Duration::from_secs(10));
    group.bench_with_input(
        BenchmarkId::new("tokenize_rnix", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|(_, t)| rnix::tokenize(t).count())
                    .sum::<usize>()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("parse_rnix", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|(_, t)| rnix::Root::parse(t).errors().len())
                    .sum::<usize>()
            })
        },
    );
    group.bench_with_input(BenchmarkId::new("parse_lower", &label), &ids, |b, ids| {
        b.iter(|| {
            ids.iter()
                .map(|&id| syntax::parse(&map, id).errors.len())
                .sum::<usize>()
        })
    });
    group.bench_with_input(
        BenchmarkId::new("parse_lower_scopes", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                let mut ev = Evaluator::new(EvalOptions::default());
                texts
                    .iter()
                    .map(|(p, t)| {
                        let name = p.display().to_string();
                        ev.parse_source(&name, Some(p.clone()), t).1.len()
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/nix"
    ));
    if !dir.is_dir() {
        println!("corpus: {} is absent; no corpus benchmark", dir.display());
        return;
    }
    let all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "nix"))
        .map(|e| e.into_path())
        .collect();
    // Leave out files backix rejects or panics on: the corpus test reports those.
    let mut files = Vec::new();
    let mut left_out = 0usize;
    for file in all {
        let path = file.clone();
        let ok = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || analyze(&[path], EvalOptions::default()).is_ok())
            .expect("spawn")
            .join()
            .unwrap_or(false);
        if ok {
            files.push(file);
        } else {
            left_out += 1;
        }
    }
    if files.is_empty() {
        println!("corpus: no file of {} can be analysed", dir.display());
        return;
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "corpus: {} files, {} bytes ({} left out: rejected or panicking)",
        files.len(),
        bytes,
        left_out
    );
    let mut group = c.benchmark_group("corpus");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(bytes));
    group.bench_with_input(
        BenchmarkId::new("analyze_each_file", files.len()),
        &files,
        |b, files| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| {
                        analyze(std::slice::from_ref(f), EvalOptions::default())
                            .map_or(0, |a| a.extraction.systems.len())
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

/// Prints what the analysis of the tree finds, so that a run shows its input.
fn describe(tree: &Tree, root: &[PathBuf]) {
    let analysis = analyze(root, EvalOptions::default()).expect("input accepted");
    let systems = &analysis.extraction.systems;
    let roots: Vec<_> = systems.iter().flat_map(|s| &s.roots).collect();
    // Named entries: borg jobs and repositories, restic backups, borgmatic backups.
    let entries: usize = roots
        .iter()
        .map(|r| {
            let attrs = match (&r.value, r.module) {
                (_, ModuleKind::NixosBorgmatic | ModuleKind::HomeServicesBorgmatic) => None,
                (OptionNode::Set { attrs, .. }, ModuleKind::HomeProgramsBorgmatic) => {
                    match attrs.get("backups") {
                        Some(OptionNode::Set { attrs, .. }) => Some(attrs),
                        _ => None,
                    }
                }
                (OptionNode::Set { attrs, .. }, _) => Some(attrs),
                _ => None,
            };
            attrs.map_or(0, |a| a.len())
        })
        .sum();
    let stats = analysis.extraction.leaf_stats();
    let count = |s: Severity| {
        analysis
            .evaluator
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    // A file read by several module systems is parsed once for each of them.
    let sources = &analysis.evaluator.sources;
    let parsed_bytes: usize = sources.files().map(|(_, f)| f.text.len()).sum();
    println!(
        "generated tree: {} files, {} bytes ({} files, {} bytes parsed), {} systems, \
         {} option roots, {} named jobs/repos/backups, {} leaves ({} known), {} errors, \
         {} warnings, {} notes",
        tree.files.len(),
        tree.bytes,
        sources.files().count(),
        parsed_bytes,
        systems.len(),
        roots.len(),
        entries,
        stats.total,
        stats.known,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    if let Some(e) = analysis
        .evaluator
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        println!("first error: {}", e.message);
    }
}

/// The files of a generated tree.
struct Tree {
    files: Vec<PathBuf>,
    bytes: u64,
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
fn generate(root: &Path, hosts: usize) -> Tree {
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
            &configuration(&host, h, &mut rng),
        );
        write(
            &format!("hosts/{host}/backup.nix"),
            &backup(&host, h, &mut rng),
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

fn configuration(host: &str, h: usize, rng: &mut Rng) -> String {
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
{imports}    ./backup.nix
    ./restic.nix
    ./users.nix
  ];

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

fn backup(host: &str, h: usize, rng: &mut Rng) -> String {
    let mut apps = String::new();
    for i in 0..APPS_PER_HOST {
        let app = format!("{}-{i}", rng.pick(APPS));
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
            apps,
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
        let keep_daily = 3 + rng.below(10);
        write!(
            body,
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
