//! `backix migrate --to borgmatic`: jobs of Nix files written as borgmatic 2.1 configurations,
//! checked with the real `borgmatic config validate` (2.1.10): every generated and hand-written
//! configuration is accepted, and what borgmatic reads back (`--show`) is what backix meant.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use backix_emit::migrate::nix_expr::quoted;
use backix_emit::migrate::report::{KeyReport, Outcome};
use backix_emit::migrate::to_borgmatic::{self, Converted};
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::source::FileId;
use backix_parser::yaml::{self, Limits};
use backix_schema::borgmatic::json::Located;
use serde_json::{Value, json};

fn borgmatic() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/borgmatic");
    assert!(
        path.exists(),
        "borgmatic 2.1.10 is missing at {}: run scripts/setup",
        path.display()
    );
    path
}

/// Runs borgmatic with a private home under `dir`.
fn run_borgmatic(dir: &Path, args: &[&str]) -> Output {
    let home = dir.join("home");
    std::fs::create_dir_all(home.join("run")).expect("home");
    Command::new(borgmatic())
        .args(args)
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("NO_COLOR", "1")
        .output()
        .expect("borgmatic runs")
}

/// The jobs of a Nix file, translated (the evaluator wants a large stack).
fn translate(dir: &Path, nix: &str) -> Vec<Result<Converted, Vec<String>>> {
    let path = dir.join("configuration.nix");
    std::fs::write(&path, nix).expect("write nix");
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let analysis = analyze(&[path], EvalOptions::default()).expect("analyze");
            to_borgmatic::from_extraction(&analysis.extraction)
                .into_iter()
                .map(|r| r.map_err(|e| e.reasons))
                .collect()
        })
        .expect("thread")
        .join()
        .expect("no panic")
}

fn translate_ok(dir: &Path, nix: &str) -> Vec<Converted> {
    translate(dir, nix)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("refused: {e:?}\n{nix}")))
        .collect()
}

/// Sorted keys, so that key order does not matter.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

fn parse_yaml(text: &str) -> Value {
    let node = yaml::parse(FileId(0), text, Limits::default())
        .unwrap_or_else(|e| panic!("backix cannot read its own YAML: {}\n{text}", e.message))
        .expect("a document");
    canonical(Located::new(&node).json)
}

/// Writes each configuration, runs `borgmatic config validate --show` on all of them (30 per
/// process) and returns what borgmatic read, per file; panics naming the file if borgmatic
/// refuses one.
fn borgmatic_show(dir: &Path, texts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for (chunk_no, chunk) in texts.chunks(30).enumerate() {
        let mut args = vec![
            "config".to_string(),
            "validate".to_string(),
            "--show".to_string(),
        ];
        for (i, text) in chunk.iter().enumerate() {
            let path = dir.join(format!("c{chunk_no}-{i}.yaml"));
            std::fs::write(&path, text).expect("write yaml");
            args.push("-c".into());
            args.push(path.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run_borgmatic(dir, &args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            let mut shown = String::new();
            for (i, t) in chunk.iter().enumerate() {
                if stderr.contains(&format!("c{chunk_no}-{i}.yaml")) {
                    shown.push_str(&format!("--- c{chunk_no}-{i}.yaml\n{t}\n"));
                }
            }
            panic!("borgmatic refused a configuration:\n{stderr}\n{shown}");
        }
        assert!(
            !stderr.contains("deprecated"),
            "borgmatic warned about a deprecated form:\n{stderr}"
        );
        // One document per file, each introduced by `---`, then borgmatic's closing words.
        let docs: Vec<&str> = if chunk.len() == 1 {
            vec![stdout.split("\n\n").next().unwrap_or_default()]
        } else {
            stdout
                .split("---\n")
                .skip(1)
                .map(|d| d.split("\n\n").next().unwrap_or_default())
                .collect()
        };
        assert_eq!(docs.len(), chunk.len(), "one document per file:\n{stdout}");
        for d in docs {
            let mut v = parse_yaml(d);
            if let Value::Object(m) = &mut v {
                assert_eq!(
                    m.remove("bootstrap"),
                    Some(json!({})),
                    "normalize adds bootstrap"
                );
            }
            out.push(v);
        }
    }
    out
}

/// What borgmatic's YAML loader (ruamel.yaml, safe) reads from `text`, as JSON.
fn ruamel_load(dir: &Path, text: &str) -> Value {
    let python = borgmatic().with_file_name("python3");
    let path = dir.join("ruamel.yaml");
    std::fs::write(&path, text).expect("write");
    let out = Command::new(python)
        .args([
            "-c",
            "import json, sys, ruamel.yaml; \
             print(json.dumps(ruamel.yaml.YAML(typ='safe').load(open(sys.argv[1], encoding='utf-8'))))",
        ])
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn nix_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[ {} ]", q.join(" "))
}

/// A tiny deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn some(&mut self, items: &[&str], max: usize) -> Vec<String> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.pick(items).to_string()).collect()
    }
}

/// What the generator chose for one job, and what the configuration must then say.
struct Expect {
    name: String,
    checks: Vec<(String, Value)>,
}

fn generate(rng: &mut Rng, i: usize) -> (String, Expect) {
    let name = format!("job{i}");
    let mut body = Vec::new();
    let mut checks: Vec<(String, Value)> = Vec::new();
    let paths = rng.some(
        &[
            "/srv/a",
            "/home/user dir",
            "/var/lib/x#y",
            "/etc",
            "/data/yes",
            "/data/0777",
        ],
        3,
    );
    let paths = if paths.is_empty() {
        vec!["/srv".to_string()]
    } else {
        paths
    };
    body.push(format!("paths = {};", nix_list(&paths)));
    checks.push(("/source_directories".into(), json!(paths)));
    let (repo, want_repo) = match rng.below(4) {
        0 => (format!("/mnt/backup/r{i}"), format!("/mnt/backup/r{i}")),
        1 => (
            format!("borg@nas:rel{i}"),
            format!("ssh://borg@nas/./rel{i}"),
        ),
        2 => (
            format!("borg@nas:/abs/r{i}"),
            format!("ssh://borg@nas/abs/r{i}"),
        ),
        _ => (
            format!("ssh://u@h:2222/./r{i}"),
            format!("ssh://u@h:2222/./r{i}"),
        ),
    };
    body.push(format!("repo = {};", quoted(&repo)));
    checks.push(("/repositories/0/path".into(), json!(want_repo)));
    checks.push(("/repositories/0/label".into(), json!(name)));
    let mode = *rng.pick(&[
        "none",
        "repokey",
        "repokey-blake2",
        "keyfile",
        "authenticated",
    ]);
    body.push(format!("encryption.mode = \"{mode}\";"));
    checks.push(("/repositories/0/encryption".into(), json!(mode)));
    if mode != "none" {
        body.push("encryption.passCommand = \"cat /run/keys/borg\";".into());
        checks.push((
            "/encryption_passcommand".into(),
            json!("cat /run/keys/borg"),
        ));
    }
    let excludes = rng.some(
        &["*.pyc", "/srv/a/cache", "sh:**/node_modules", "re:\\.tmp$"],
        2,
    );
    let patterns = rng.some(&["+ /srv/a/keep", "- /srv/a/*", "R /srv/extra"], 2);
    if !excludes.is_empty() {
        body.push(format!("exclude = {};", nix_list(&excludes)));
    }
    if !patterns.is_empty() {
        body.push(format!("patterns = {};", nix_list(&patterns)));
    }
    let fm = |e: &String| {
        if e.starts_with("sh:") || e.starts_with("re:") {
            format!("! {e}")
        } else {
            format!("! fm:{e}")
        }
    };
    match (excludes.is_empty(), patterns.is_empty()) {
        (false, false) => {
            let mut lines: Vec<String> = excludes.iter().map(fm).collect();
            lines.extend(patterns.iter().cloned());
            checks.push(("/patterns".into(), json!(lines)));
            checks.push(("/exclude_patterns".into(), Value::Null));
        }
        (false, true) => checks.push(("/exclude_patterns".into(), json!(excludes))),
        (true, false) => checks.push(("/patterns".into(), json!(patterns))),
        (true, true) => {}
    }
    if rng.chance(50) {
        let c = *rng.pick(&["zstd,3", "lz4", "auto,lzma,6", "none"]);
        body.push(format!("compression = \"{c}\";"));
        checks.push(("/compression".into(), json!(c)));
    }
    let keeps = [("daily", 7), ("weekly", 4), ("monthly", 6), ("last", 3)];
    let mut any_keep = false;
    for (k, n) in keeps {
        if rng.chance(40) {
            any_keep = true;
            body.push(format!("prune.keep.{k} = {n};"));
            let key = if k == "last" { "secondly" } else { k };
            checks.push((format!("/keep_{key}"), json!(n)));
        }
    }
    if rng.chance(25) {
        any_keep = true;
        body.push("prune.keep.within = \"2d\";".into());
        checks.push(("/keep_within".into(), json!("2d")));
    }
    if !any_keep {
        checks.push(("/skip_actions".into(), json!(["prune", "compact"])));
    }
    let base = match rng.below(3) {
        0 => {
            body.push(format!("archiveBaseName = \"base{i}\";"));
            Some(format!("base{i}"))
        }
        1 => {
            body.push("archiveBaseName = null;".into());
            None
        }
        _ => Some(format!("{{hostname}}-{name}")),
    };
    let (date, fmt) = match rng.below(3) {
        0 => {
            body.push("dateFormat = \"+%Y%m%d\";".into());
            ("+%Y%m%d", "{now:%Y%m%d}")
        }
        1 => {
            body.push("dateFormat = \"-u +%s\";".into());
            ("-u +%s", "{utcnow:%s}")
        }
        _ => ("", "{now:%Y-%m-%dT%H:%M:%S}"),
    };
    let _ = date;
    let archive = match &base {
        Some(b) => format!("{b}-{fmt}"),
        None => fmt.to_string(),
    };
    checks.push(("/archive_name_format".into(), json!(archive)));
    let glob = match rng.below(4) {
        0 => {
            body.push("prune.prefix = null;".into());
            "*".to_string()
        }
        1 => {
            body.push("prune.prefix = \"\";".into());
            "*".to_string()
        }
        2 => {
            body.push("prune.prefix = \"pre-\";".into());
            "sh:pre-*".to_string()
        }
        _ => match &base {
            Some(b) => format!("sh:{b}*"),
            None => "*".to_string(),
        },
    };
    checks.push(("/match_archives".into(), json!(glob)));
    let mut create = rng.some(
        &[
            "--one-file-system",
            "--exclude-caches",
            "--noatime",
            "--numeric-ids",
            "--comment",
            "--stats",
        ],
        3,
    );
    create.dedup();
    if create.last().is_some_and(|w| w == "--comment") {
        create.push("a note: yes".into());
    }
    let mut rest = Vec::new();
    let mut words = create.iter().peekable();
    while let Some(w) = words.next() {
        match w.as_str() {
            "--one-file-system" => checks.push(("/one_file_system".into(), json!(true))),
            "--exclude-caches" => checks.push(("/exclude_caches".into(), json!(true))),
            "--noatime" => checks.push(("/atime".into(), json!(false))),
            "--numeric-ids" => checks.push(("/numeric_ids".into(), json!(true))),
            other => {
                rest.push(other.to_string());
                if other == "--comment"
                    && let Some(v) = words.next_if(|v| !v.starts_with("--"))
                {
                    rest.push(v.clone());
                }
            }
        }
    }
    if !create.is_empty() {
        body.push(format!("extraCreateArgs = {};", nix_list(&create)));
    }
    let mut common = Vec::new();
    if rng.chance(30) {
        body.push("extraArgs = \"--lock-wait 10 --umask 0027\";".into());
        checks.push(("/lock_wait".into(), json!(10)));
        checks.push(("/umask".into(), json!(27)));
    } else if rng.chance(20) {
        body.push("extraArgs = [ \"--info\" ];".into());
        common.push("--info".to_string());
    }
    let mut all_create = common.clone();
    all_create.extend(rest);
    checks.push((
        "/extra_borg_options/create".into(),
        if all_create.is_empty() {
            Value::Null
        } else {
            json!(shlex::try_join(all_create.iter().map(String::as_str)).unwrap())
        },
    ));
    if rng.chance(30) {
        body.push("extraCompactArgs = [ \"--threshold\" \"20\" ];".into());
        checks.push(("/compact_threshold".into(), json!(20)));
    }
    if rng.chance(30) {
        body.push("extraInitArgs = [ \"--append-only\" \"--storage-quota\" \"5G\" ];".into());
        checks.push(("/repositories/0/append_only".into(), json!(true)));
        checks.push(("/repositories/0/storage_quota".into(), json!("5G")));
    }
    if rng.chance(40) {
        body.push("failOnWarnings = false;".into());
        checks.push(("/source_directories_must_exist".into(), json!(false)));
        checks.push((
            "/borg_exit_codes/0".into(),
            json!({"code": 101, "treat_as": "warning"}),
        ));
    } else {
        checks.push((
            "/borg_exit_codes/0".into(),
            json!({"code": 1, "treat_as": "error"}),
        ));
    }
    if rng.chance(40) {
        body.push("environment.BORG_RSH = \"ssh -i /root/.ssh/id_backup -p 22\";".into());
        body.push("environment.BORG_RELOCATED_REPO_ACCESS_IS_OK = \"yes\";".into());
        checks.push((
            "/ssh_command".into(),
            json!("ssh -i /root/.ssh/id_backup -p 22"),
        ));
        checks.push(("/relocated_repo_access_is_ok".into(), json!(true)));
    }
    let mut hooks = Vec::new();
    if rng.chance(40) {
        body.push(
            "preHook = ''\n  echo \"start: {repository}\" # comment\n  test -d /srv\n'';".into(),
        );
        hooks.push(json!({
            "before": "repository", "when": ["create"],
            "run": ["set -e\necho \"start: \\{repository\\}\" # comment\ntest -d /srv"]
        }));
    }
    if rng.chance(40) {
        body.push("postCreate = \"echo created\";".into());
        hooks.push(json!({
            "after": "action", "when": ["create"], "states": ["finish"], "run": ["echo created"]
        }));
    }
    if rng.chance(30) {
        body.push("postHook = \"logger -t borg done-$exitStatus\";".into());
        hooks.push(json!({
            "after": "repository", "when": ["create"], "run": ["logger -t borg done-$exitStatus"]
        }));
    }
    checks.push((
        "/commands".into(),
        if hooks.is_empty() {
            Value::Null
        } else {
            json!(hooks)
        },
    ));
    if rng.chance(30) {
        body.push("startAt = [ \"*-*-* 02:00\" \"Sat 12:00\" ];".into());
        body.push("persistentTimer = true;".into());
        body.push("user = \"backup\";".into());
    }
    let text = format!(
        "  services.borgbackup.jobs.{name} = {{\n{}\n  }};\n",
        body.iter()
            .map(|l| format!("    {}", l.replace('\n', "\n    ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
    (text, Expect { name, checks })
}

#[test]
fn generated_jobs_are_accepted_and_read_back_as_meant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng(0x5eed_1234);
    let mut nix = String::from("{ config, pkgs, ... }:\n{\n");
    let mut expects = Vec::new();
    for i in 0..48 {
        let (text, expect) = generate(&mut rng, i);
        nix.push_str(&text);
        expects.push(expect);
    }
    nix.push_str("}\n");
    let converted = translate_ok(dir.path(), &nix);
    assert_eq!(converted.len(), expects.len(), "one configuration per job");
    let texts: Vec<String> = converted.iter().map(|c| c.config.render()).collect();
    let shown = borgmatic_show(dir.path(), &texts);
    let mut checked = 0;
    for ((c, text), theirs) in converted.iter().zip(&texts).zip(&shown) {
        let ours = parse_yaml(text);
        assert_eq!(
            &ours, theirs,
            "borgmatic reads {} differently:\n{text}",
            c.name
        );
        let expect = expects
            .iter()
            .find(|e| e.name == c.name)
            .expect("a generated job");
        for (pointer, want) in &expect.checks {
            let got = ours.pointer(pointer).cloned().unwrap_or(Value::Null);
            assert_eq!(&got, want, "{}{pointer}:\n{text}\n{nix}", c.name);
            checked += 1;
        }
    }
    assert!(checked > 450, "only {checked} values checked");
}

/// Strings YAML writers get wrong, through every place a string goes.
const TRICKY: &[&str] = &[
    "/srv/a: b",
    "/srv/#hash",
    "/srv/a #b",
    "*star",
    "!bang",
    "-dash",
    "- item",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "null",
    "~",
    "0777",
    "0o17",
    "0x1F",
    "1e3",
    "1_000",
    "12:30",
    "2001-12-14",
    ".inf",
    "@at",
    "`tick`",
    "%percent",
    "&anchor",
    "|pipe",
    ">fold",
    "?question",
    "{braces}",
    "[brackets]",
    "'single'",
    "\"double\"",
    "back\\slash",
    " leading space",
    "trailing space ",
    "tab\there",
    "line\nbreak",
    "ends with newline\n",
    "two\n\nblank\n\n",
    "unicode é ✓ 🦀",
    "del\u{7f}char",
    "nel\u{85}char",
    "sep\u{2028}char",
    "",
];

#[test]
fn tricky_strings_round_trip_through_borgmatic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
    let nix = format!(
        "{{\n  services.borgbackup.jobs.tricky = {{\n    paths = {};\n    repo = \"/mnt/r\";\n    \
         encryption.mode = \"none\";\n    extraCreateArgs = {};\n    environment.BORG_RSH = {};\n    \
         postCreate = {};\n  }};\n}}\n",
        nix_list(&paths),
        nix_list(&["--comment".to_string(), "yes: #no".to_string()]),
        quoted("ssh -o 'ProxyCommand=nc %h %p' # x"),
        quoted("echo \"a: b\" '#' * ! -"),
    );
    let converted = translate_ok(dir.path(), &nix);
    let text = converted[0].config.render();
    let theirs = borgmatic_show(dir.path(), std::slice::from_ref(&text));
    let ours = parse_yaml(&text);
    // borgmatic's loader itself (ruamel.yaml, `typ='safe'`) reads every string back unchanged.
    assert_eq!(
        ruamel_load(dir.path(), &text)["source_directories"],
        json!(TRICKY),
        "{text}"
    );
    assert_eq!(ours["source_directories"], json!(TRICKY), "{text}");
    // `--show` prints what borgmatic read; its own printer folds NEL and U+2028 into line
    // breaks, so those two are compared through the loader above only.
    let printable = |v: &Value| {
        let mut v = v.clone();
        if let Some(Value::Array(items)) = v.get_mut("source_directories") {
            items.retain(|s| {
                !s.as_str()
                    .is_some_and(|s| s.contains(['\u{85}', '\u{2028}']))
            });
        }
        v
    };
    assert_eq!(printable(&ours), printable(&theirs[0]), "{text}");
    assert_eq!(
        theirs[0]["extra_borg_options"]["create"],
        json!("--comment 'yes: #no'")
    );
    assert_eq!(
        theirs[0]["ssh_command"],
        json!("ssh -o 'ProxyCommand=nc %h %p' # x")
    );
    assert_eq!(
        theirs[0]["commands"][0]["run"],
        json!(["echo \"a: b\" '#' * ! -"])
    );
}

#[test]
fn hand_written_job_is_accepted_with_every_key_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nix = r#"{ config, pkgs, ... }:
{
  services.borgbackup.jobs."home-nas" = {
    paths = "/home";
    exclude = [ "/home/*/.cache" "*.o" ];
    patterns = [ "+ /home/susan" ];
    repo = "borg@nas.example.org:home";
    encryption = {
      mode = "repokey-blake2";
      passCommand = "cat ${config.sops.secrets."borg-home".path}";
    };
    compression = "auto,zstd,10";
    archiveBaseName = "nas";
    dateFormat = "+%Y-%m-%d_%H%M";
    prune.keep = { within = "1d"; daily = 7; weekly = 4; monthly = -1; };
    prune.prefix = "nas-";
    extraArgs = [ "--lock-wait" "600" "--remote-path" "borg1" ];
    extraCreateArgs = "--checkpoint-interval 900 --files-cache=ctime,size --exclude-if-present .nobackup --exclude '/home/*/tmp'";
    extraPruneArgs = [ "--save-space" ];
    extraCompactArgs = [ "--threshold" "5" "--cleanup-commits" ];
    environment = {
      BORG_RSH = "ssh -i /root/.ssh/nas";
      BORG_FILES_CACHE_TTL = "40";
      BORG_BASE_DIR = "/var/lib/borg";
      SOME_OTHER = "x";
    };
    preHook = "${pkgs.util-linux}/bin/findmnt /home";
    postPrune = "echo pruned {error}";
    startAt = "03:00";
    removableDevice = true;
    readWritePaths = [ "/var/lib/borg" ];
  };
}
"#;
    let converted = translate_ok(dir.path(), nix);
    let c = &converted[0];
    let text = c.config.render();
    let theirs = borgmatic_show(dir.path(), std::slice::from_ref(&text));
    let want = json!({
        "source_directories": ["/home"],
        "repositories": [{
            "path": "ssh://borg@nas.example.org/./home",
            "label": "home-nas",
            "encryption": "repokey-blake2"
        }],
        "patterns": ["! fm:/home/*/.cache", "! fm:*.o", "+ /home/susan"],
        "encryption_passcommand": "cat /run/secrets/borg-home",
        "compression": "auto,zstd,10",
        "archive_name_format": "nas-{now:%Y-%m-%d_%H%M}",
        "match_archives": "sh:nas-*",
        "keep_within": "1d",
        "keep_daily": 7,
        "keep_weekly": 4,
        "keep_monthly": -1,
        "lock_wait": 600,
        "remote_path": "borg1",
        "checkpoint_interval": 900,
        "files_cache": "ctime,size",
        "exclude_if_present": [".nobackup"],
        "extra_borg_options": {
            "create": "--exclude '/home/*/tmp'",
            "prune": "--save-space",
            "compact": "--cleanup-commits"
        },
        "compact_threshold": 5,
        "ssh_command": "ssh -i /root/.ssh/nas",
        "borg_files_cache_ttl": 40,
        "borg_base_directory": "/var/lib/borg",
        "commands": [
            {"before": "repository", "when": ["create"], "run": ["findmnt /home"]},
            {"after": "action", "when": ["compact"], "states": ["finish"],
             "run": ["echo pruned \\{error\\}"]}
        ],
    });
    let mut got = theirs[0].clone();
    got.as_object_mut()
        .expect("a mapping")
        .remove("borg_exit_codes");
    assert_eq!(got, canonical(want), "{text}");
    // The report: each option once, with what it became.
    let outcome = |key: &str| -> &KeyReport {
        c.report
            .iter()
            .find(|r| r.key == format!("jobs.home-nas.{key}"))
            .unwrap_or_else(|| panic!("no report for {key}: {:#?}", c.report))
    };
    assert_eq!(outcome("compression").outcome, Outcome::Exact);
    assert_eq!(outcome("exclude").target, "patterns");
    assert!(matches!(
        outcome("encryption.passCommand").outcome,
        Outcome::Lossy { .. }
    ));
    assert!(matches!(outcome("preHook").outcome, Outcome::Lossy { .. }));
    for key in [
        "startAt",
        "removableDevice",
        "readWritePaths",
        "environment.SOME_OTHER",
    ] {
        assert!(
            matches!(outcome(key).outcome, Outcome::NotCarried { .. }),
            "{key}: {:?}",
            outcome(key)
        );
    }
    assert_eq!(
        outcome("startAt").at.as_deref(),
        Some(format!("{}:29", dir.path().join("configuration.nix").display()).as_str())
    );
}

fn backix(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("backix runs")
}

#[test]
fn a_literal_passphrase_is_never_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nix = "{\n  services.borgbackup.jobs.docs = {\n    paths = [ \"/srv/docs\" ];\n    \
               repo = \"/mnt/docs\";\n    encryption.mode = \"repokey\";\n    \
               encryption.passphrase = \"s3cr3t-value-xyz\";\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), nix).expect("write");
    for report in ["text", "json"] {
        let out = backix(
            dir.path(),
            &["migrate", "--to", "borgmatic", "c.nix", "--report", report],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            !stdout.contains("s3cr3t") && !stderr.contains("s3cr3t"),
            "{stdout}{stderr}"
        );
        assert!(
            stdout.contains(
                "encryption_passphrase: \"{credential file /etc/borgmatic/docs.passphrase}\""
            ),
            "{stdout}"
        );
        assert!(
            stderr.contains("c.nix:6"),
            "the report names the line: {stderr}"
        );
    }
    let out = backix(
        dir.path(),
        &["migrate", "--to", "borgmatic", "c.nix", "--strict"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "--strict refuses a lossy migration"
    );
}

#[test]
fn unknown_values_are_refused_with_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nix = "{ config, ... }:\n{\n  services.borgbackup.jobs.x = {\n    paths = [ \"/srv\" ];\n    \
               repo = \"${config.my.repoBase}/x\";\n    encryption.mode = \"repokey\";\n    \
               encryption.passphrase = config.my.pass;\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), nix).expect("write");
    let out = backix(dir.path(), &["migrate", "--to", "borgmatic", "c.nix"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is written");
    assert!(
        stderr.contains("job x: repo (")
            && stderr.contains("c.nix:5")
            && stderr.contains("config.my.repoBase"),
        "{stderr}"
    );
    assert!(
        stderr.contains("encryption.passphrase") && stderr.contains("c.nix:7"),
        "{stderr}"
    );
}

#[test]
fn several_jobs_go_to_a_directory_or_to_documents_on_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = |n: &str| {
        format!(
            "  services.borgbackup.jobs.{n} = {{ paths = [ \"/srv/{n}\" ]; repo = \"/mnt/{n}\"; \
             encryption.mode = \"none\"; }};\n"
        )
    };
    let nix = format!("{{\n{}{}}}\n", job("alpha"), job("beta"));
    std::fs::write(dir.path().join("c.nix"), nix).expect("write");
    let out = backix(dir.path(), &["migrate", "--to", "borgmatic", "c.nix"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("# job: alpha\n"), "{stdout}");
    assert!(stdout.contains("\n---\n# job: beta\n"), "{stdout}");
    assert_eq!(stdout.matches("---").count(), 1);

    let out = backix(
        dir.path(),
        &["migrate", "--to", "borgmatic", "c.nix", "--output", "out"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut texts = Vec::new();
    for n in ["alpha", "beta"] {
        let text = std::fs::read_to_string(dir.path().join(format!("out/{n}.yaml"))).expect("file");
        assert!(text.contains(&format!("- /srv/{n}")), "{text}");
        texts.push(text);
    }
    let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    borgmatic_show(dir.path(), &texts);

    // One job: --output FILE.
    std::fs::write(
        dir.path().join("one.nix"),
        format!("{{\n{}}}\n", job("gamma")),
    )
    .expect("write");
    let out = backix(
        dir.path(),
        &[
            "migrate",
            "--to",
            "borgmatic",
            "one.nix",
            "-o",
            "gamma.yaml",
        ],
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.path().join("gamma.yaml")).expect("file");
    assert!(
        text.starts_with("source_directories:\n    - /srv/gamma\n"),
        "{text}"
    );
}

#[test]
fn json_report_says_what_each_option_became() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nix = "{\n  services.borgbackup.jobs.j = {\n    paths = [ \"/srv\" ];\n    repo = \"/mnt/j\";\n    \
               encryption.mode = \"none\";\n    dumpCommand = null;\n    wrapper = \"bj\";\n    \
               compression = \"lz4\";\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), nix).expect("write");
    let out = backix(
        dir.path(),
        &["migrate", "--to", "borgmatic", "c.nix", "--report", "json"],
    );
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stderr).expect("JSON report");
    let find = |key: &str| {
        report
            .as_array()
            .expect("a list")
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in {report:#}"))
    };
    assert_eq!(find("jobs.j.compression")["outcome"], "exact");
    assert_eq!(find("jobs.j.compression")["target"], "compression");
    assert_eq!(find("jobs.j.wrapper")["outcome"], "not-carried");
    assert_eq!(
        find("jobs.j.paths")["at"]
            .as_str()
            .map(|a| a.ends_with("c.nix:3")),
        Some(true)
    );
}

/// Runs a real `borgmatic` action on `config` with borg 1.2, in a private home under `dir`.
fn borgmatic_action(dir: &Path, config: &Path, action: &[&str]) -> Output {
    let mut args = vec!["-c", config.to_str().expect("utf-8 path")];
    args.extend_from_slice(action);
    let home = dir.join("home");
    std::fs::create_dir_all(home.join("run")).expect("home");
    Command::new(borgmatic())
        .args(&args)
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("BORG_BASE_DIR", dir.join("borgbase"))
        .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
        .env("NO_COLOR", "1")
        .output()
        .expect("borgmatic runs")
}

/// The paths of the newest archive of `repo`, by real borg.
fn archived_paths(dir: &Path, repo: &Path) -> Vec<String> {
    let borg = |args: &[&str]| {
        let out = Command::new("borg")
            .args(args)
            .env("BORG_BASE_DIR", dir.join("borgbase"))
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
            .output()
            .expect("borg 1.2 is required: run scripts/setup");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let repo = repo.to_str().expect("utf-8");
    let archive = borg(&["list", "--short", "--last", "1", repo]);
    let listing = borg(&["list", "--short", &format!("{repo}::{}", archive.trim())]);
    listing.lines().map(str::to_string).collect()
}

/// The module matches its excludes before its patterns; the translation keeps that order, so
/// real borgmatic and borg archive what the NixOS job archived.
#[test]
fn excludes_still_win_over_patterns_with_real_borgmatic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("src");
    for p in ["home/susan/a", "home/bob/b", "keep/c"] {
        let f = root.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).expect("mkdir");
        std::fs::write(&f, p).expect("write");
    }
    let src = root.display().to_string();
    let repo = dir.path().join("repo");
    let nix = format!(
        "{{\n  services.borgbackup.jobs.trap = {{\n    paths = [ {} ];\n    exclude = [ {} ];\n    \
         patterns = [ {} ];\n    repo = {};\n    encryption.mode = \"none\";\n    \
         archiveBaseName = \"trap\";\n  }};\n}}\n",
        quoted(&src),
        quoted(&format!("{src}/home/*")),
        quoted(&format!("+ {src}/home/susan")),
        quoted(&repo.display().to_string()),
    );
    let converted = translate_ok(dir.path(), &nix);
    let text = converted[0].config.render();
    let config = dir.path().join("trap.yaml");
    std::fs::write(&config, &text).expect("write");
    for action in [&["repo-create"][..], &["create"][..]] {
        let out = borgmatic_action(dir.path(), &config, action);
        assert!(
            out.status.success(),
            "borgmatic {action:?}:\n{}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let paths = archived_paths(dir.path(), &repo);
    let has = |p: &str| paths.iter().any(|l| l.ends_with(p));
    assert!(has("src/keep/c"), "{paths:?}");
    assert!(!has("src/home/bob/b"), "{paths:?}");
    assert!(
        !has("src/home/susan/a"),
        "the module's exclude wins over its `+` pattern, and so must the translation: {paths:?}"
    );

    // The naive translation (excludes in `exclude_patterns`) would archive susan.
    let naive_config = dir.path().join("naive.yaml");
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let lines: Vec<String> = vec![
        format!("source_directories: [{}]", q(&src)),
        format!(
            "repositories: [{{path: {}, label: n}}]",
            q(&repo.display().to_string())
        ),
        format!("patterns: [{}]", q(&format!("+ {src}/home/susan"))),
        format!("exclude_patterns: [{}]", q(&format!("{src}/home/*"))),
        "archive_name_format: naive-{now}".to_string(),
    ];
    std::fs::write(&naive_config, lines.join("\n") + "\n").expect("write");
    let out = borgmatic_action(dir.path(), &naive_config, &["create"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let paths = archived_paths(dir.path(), &repo);
    assert!(
        paths.iter().any(|l| l.ends_with("src/home/susan/a")),
        "control: borgmatic's own order lets the pattern win: {paths:?}"
    );
}
