//! The domain checks (BX030–BX043) over Nix fixtures: findings on the right line and, for plain
//! string literals, at the right column; silence for valid and unknown values.

mod assertions_support;

use assertions_support::{module, none, one_at_mark, run};
use backix_parser::diagnostic::Severity;
use backix_schema::assertions::{
    borg_compression::BorgCompression, borg_compression_doubtful::BorgCompressionDoubtful,
    borg_pattern_doubtful::BorgPatternDoubtful, borg_pattern_invalid::BorgPatternInvalid,
    borg_prune_keep::BorgPruneKeep, borg_prune_keep_doubtful::BorgPruneKeepDoubtful,
    borg_quota::BorgQuota, borg_repo::BorgRepo, borg_repo_doubtful::BorgRepoDoubtful,
    calendar::Calendar, restic_repository::ResticRepository,
    restic_repository_doubtful::ResticRepositoryDoubtful,
    restic_timer_no_trigger::ResticTimerNoTrigger, restic_timer_unknown_key::ResticTimerUnknownKey,
};

fn borg_job(extra: &str) -> String {
    module(&format!(
        "  services.borgbackup.jobs.home = {{\n    paths = [ \"/home\" ];\n    repo = \"/b\";\n    encryption.mode = \"none\";\n{extra}\n  }};"
    ))
}

fn restic(extra: &str) -> String {
    module(&format!(
        "  services.restic.backups.home = {{\n    paths = [ \"/home\" ];\n    passwordFile = \"/run/pw\";\n{extra}\n  }};"
    ))
}

/// The 1-based column of the first occurrence of `needle` on the marked line.
fn column_of(text: &str, needle: &str) -> u32 {
    let line = text
        .lines()
        .find(|l| l.contains("# HERE"))
        .expect("marked line");
    line.find(needle).expect("needle on the marked line") as u32 + 1
}

#[test]
fn bx030_calendar_points_into_the_literal() {
    // The error is at `x` of `Mox` (the weekday is unknown there).
    let bad = borg_job("    startAt = \"Mox *-*-* 02:00\"; # HERE");
    let f = one_at_mark(&Calendar, &bad);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("services.borgbackup.jobs.home.startAt"),
        "{f:?}"
    );
    let start = column_of(&bad, "Mox");
    assert!(
        f.column >= start && f.column < start + 15,
        "column {} not inside the literal at {start}: {f:?}",
        f.column
    );
    // The same error at the same offset inside a list element.
    let list = borg_job("    startAt = [ \"daily\" \"dayly\" ]; # HERE");
    let f = one_at_mark(&Calendar, &list);
    assert!(f.column >= column_of(&list, "dayly"), "{f:?}");
    assert!(f.message.contains("dayly"), "{f:?}");
    // An indented string without escapes maps too.
    let indented = borg_job("    startAt = ''weekly 25:00''; # HERE");
    let f = one_at_mark(&Calendar, &indented);
    assert_eq!(f.column, column_of(&indented, "weekly"), "{f:?}");
    assert_eq!(f.text, "weekly", "{f:?}");
    // Escapes: the whole value.
    let escaped = borg_job("    startAt = \"dayl\\y\"; # HERE");
    let f = one_at_mark(&Calendar, &escaped);
    assert!(f.column <= column_of(&escaped, "\"dayl"), "{f:?}");
}

#[test]
fn bx030_calendar_hints_and_options() {
    // The parser's hint about `OnCalendar=`.
    let f = one_at_mark(
        &Calendar,
        &borg_job("    startAt = \"OnCalendar=daily\"; # HERE"),
    );
    assert!(f.message.contains("OnCalendar="), "{f:?}");
    assert_eq!(f.text, "OnCalendar=", "{f:?}");
    // Trailing whitespace.
    let f = one_at_mark(&Calendar, &borg_job("    startAt = \"daily \"; # HERE"));
    assert!(f.message.contains("trailing whitespace"), "{f:?}");
    assert_eq!(f.text, " ");
    // restic: string or list, in the timerConfig set.
    let f = one_at_mark(
        &Calendar,
        &restic(
            "    timerConfig = { OnCalendar = \"Mon..Fir 02:00\"; Persistent = true; }; # HERE",
        ),
    );
    assert!(f.message.contains("timerConfig.OnCalendar"), "{f:?}");
    one_at_mark(
        &Calendar,
        &restic("    timerConfig.OnCalendar = [ \"daily\" \"*-*-* 25:00\" ]; # HERE"),
    );
    // home-manager's frequency, only with the service enabled.
    let hm = "{ ... }:\n{\n  services.borgmatic.enable = true;\n  services.borgmatic.frequency = \"hourli\"; # HERE\n}\n";
    let f = one_at_mark(&Calendar, hm);
    assert!(f.message.contains("services.borgmatic.frequency"), "{f:?}");
    none(
        &Calendar,
        "{ ... }:\n{\n  services.borgmatic.frequency = \"hourli\";\n  home.stateVersion = \"24.05\";\n}\n",
    );
    for good in [
        "startAt = \"daily\";",
        "startAt = [ \"Mon..Fri 02:00\" \"Sat,Sun 10:00 Europe/Berlin\" ];",
        "startAt = [ ];",
        "startAt = config.my.schedule;",
        "startAt = [ config.my.schedule \"weekly\" ];",
        "startAt = \"*-*-* ${config.my.hour}:00\";",
    ] {
        none(&Calendar, &borg_job(&format!("    {good}")));
    }
    for good in [
        "timerConfig = { OnCalendar = \"daily\"; Persistent = true; };",
        "timerConfig = null;",
        "timerConfig = { OnCalendar = config.my.when; };",
    ] {
        none(&Calendar, &restic(&format!("    {good}")));
    }
}

#[test]
fn bx031_bx032_compression() {
    let bad = borg_job("    compression = \"zstd,99\"; # HERE");
    let f = one_at_mark(&BorgCompression, &bad);
    assert!(
        f.column > column_of(&bad, "zstd"),
        "points at the level: {f:?}"
    );
    one_at_mark(
        &BorgCompression,
        &borg_job("    compression = \"auto,lzma,10\"; # HERE"),
    );
    for good in [
        "compression = \"auto,zstd,10\";",
        "compression = \"lz4\";",
        "compression = \"none\";",
        // The module's type rejects these: the type check reports them.
        "compression = \"zstd,100\";",
        "compression = \"obfuscate,3,lz4\";",
        "compression = config.my.compression;",
        "compression = \"zstd,${config.my.level}\";",
    ] {
        none(&BorgCompression, &borg_job(&format!("    {good}")));
    }
    let doubtful = borg_job("    compression = \"lz4,9\"; # HERE");
    let f = one_at_mark(&BorgCompressionDoubtful, &doubtful);
    assert_eq!(f.severity, Severity::Warning);
    for good in ["compression = \"zstd,3\";", "compression = \"zstd,99\";"] {
        none(&BorgCompressionDoubtful, &borg_job(&format!("    {good}")));
    }
}

#[test]
fn bx033_bx034_patterns() {
    let bad = borg_job("    exclude = [ \"/home/*/.cache\" \"re:*.tmp\" ]; # HERE");
    let f = one_at_mark(&BorgPatternInvalid, &bad);
    assert!(f.message.contains("exclude, element 2"), "{f:?}");
    assert!(f.column > column_of(&bad, "re:"), "{f:?}");
    let f = one_at_mark(
        &BorgPatternInvalid,
        &borg_job("    patterns = [ \"R /home\" \"x /home/*/.cache\" ]; # HERE"),
    );
    assert!(f.message.contains("patterns, element 2"), "{f:?}");
    one_at_mark(
        &BorgPatternInvalid,
        &borg_job("    exclude = [ \"xx:/tmp\" ]; # HERE"),
    );
    // A `P re` line makes later lines regexes, also in later elements.
    one_at_mark(
        &BorgPatternInvalid,
        &borg_job("    patterns = [ \"P re\" \"- *.o\" ]; # HERE"),
    );
    for good in [
        "exclude = [ \"/home/*/.cache\" \"*.o\" \"re:\\\\.tmp$\" \"sh:/home/**/node_modules\" ];",
        "patterns = [ \"R /home\" \"+ /home/me\" \"- /home/*\" ];",
        "patterns = [ \"P sh\" \"- **/*.o\" ];",
        // An unknown element stops the patterns check (a `P` line could be in it).
        "patterns = [ config.my.style \"- *.o\" ];",
        "exclude = config.my.exclude;",
        // With import-tar the lists are not used (BX014 reports them).
        "createCommand = \"import-tar\"; dumpCommand = \"/d\"; paths = null; exclude = [ \"re:*\" ];",
    ] {
        none(&BorgPatternInvalid, &borg_job(&format!("    {good}")));
    }
    let quoted = borg_job("    exclude = [ \"'/home/*/.cache'\" ]; # HERE");
    let f = one_at_mark(&BorgPatternDoubtful, &quoted);
    assert_eq!(f.severity, Severity::Warning);
    // An include after the exclude that already matched it.
    let shadowed =
        borg_job("    exclude = [ \"/home/*\" ];\n    patterns = [ \"+ /home/me\" ]; # HERE");
    one_at_mark(&BorgPatternDoubtful, &shadowed);
    none(
        &BorgPatternDoubtful,
        &borg_job("    exclude = [ config.my.x ];\n    patterns = [ \"+ /home/me\" ];"),
    );
    none(
        &BorgPatternDoubtful,
        &borg_job(
            "    exclude = [ \"/home/*/.cache\" ];\n    patterns = [ \"R /home\" \"- /home/*/tmp\" ];",
        ),
    );
}

#[test]
fn bx035_bx036_prune_keep() {
    let key = borg_job("    prune.keep = {\n      dialy = 7; # HERE\n      weekly = 4;\n    };");
    let f = one_at_mark(&BorgPruneKeep, &key);
    assert!(f.message.contains("daily"), "suggests the right key: {f:?}");
    assert!(f.message.contains("prune.keep.dialy"), "{f:?}");
    let value = borg_job("    prune.keep = {\n      daily = \"7d\"; # HERE\n    };");
    let f = one_at_mark(&BorgPruneKeep, &value);
    assert!(f.column >= column_of(&value, "7d"), "{f:?}");
    one_at_mark(
        &BorgPruneKeep,
        &borg_job("    prune.keep.within = 7; # HERE"),
    );
    let nothing = borg_job("    prune.keep = { # HERE\n      daily = 0; weekly = 0; };");
    let f = one_at_mark(&BorgPruneKeep, &nothing);
    assert!(f.message.contains("prune.keep"), "{f:?}");
    for good in [
        "prune.keep = { within = \"1d\"; daily = 7; weekly = 4; monthly = -1; };",
        // The type check reports a value of the wrong shape.
        "prune.keep = { daily = \"seven\"; };",
        "prune.keep = { daily = config.my.days; };",
        // Zero counts with an unknown entry: the set may still keep something.
        "prune.keep = { daily = 0; weekly = config.my.weeks; };",
    ] {
        none(&BorgPruneKeep, &borg_job(&format!("    {good}")));
    }
    let f = one_at_mark(
        &BorgPruneKeepDoubtful,
        &borg_job("    prune.keep = {\n      d = 7; # HERE\n    };"),
    );
    assert_eq!(f.severity, Severity::Warning);
    one_at_mark(
        &BorgPruneKeepDoubtful,
        &borg_job("    prune.keep = {\n      daily = -2; # HERE\n    };"),
    );
    none(
        &BorgPruneKeepDoubtful,
        &borg_job("    prune.keep = { daily = 7; weekly = -1; };"),
    );
}

#[test]
fn bx037_bx038_borg_repo() {
    let bad = module(
        "  services.borgbackup.jobs.home = {\n    paths = [ \"/home\" ];\n    encryption.mode = \"none\";\n    repo = \"{hostnme}/borg\"; # HERE\n  };",
    );
    let f = one_at_mark(&BorgRepo, &bad);
    assert!(
        f.message.contains("services.borgbackup.jobs.home.repo"),
        "{f:?}"
    );
    one_at_mark(
        &BorgRepo,
        &module(
            "  services.borgbackup.jobs.home = {\n    paths = [ \"/home\" ];\n    repo = \"\"; # HERE\n  };",
        ),
    );
    let job = |repo: &str| {
        module(&format!(
            "  services.borgbackup.jobs.home = {{\n    paths = [ \"/home\" ];\n    repo = {repo}; # HERE\n  }};"
        ))
    };
    for good in [
        "\"/var/backup/borg\"",
        "\"borg@nas:backups/{hostname}\"",
        "\"ssh://borg@nas:2222/./repo\"",
        "config.my.repo",
        "\"${config.my.host}:repo\"",
    ] {
        none(&BorgRepo, &job(good));
    }
    let doubtful = job("\"~/backup\"");
    let found = run(&BorgRepoDoubtful, &doubtful);
    assert!(!found.is_empty());
    for f in &found {
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.line, assertions_support::marked_line(&doubtful), "{f:?}");
    }
    none(&BorgRepoDoubtful, &job("\"/var/backup/borg\""));
    none(&BorgRepoDoubtful, &job("\"borg@nas:backups\""));
}

#[test]
fn bx039_bx040_restic_repository() {
    let bad = restic("    repository = \"sfpt:backup@nas:/srv/restic\"; # HERE");
    let f = one_at_mark(&ResticRepository, &bad);
    assert!(f.message.contains("repository"), "{f:?}");
    one_at_mark(&ResticRepository, &restic("    repository = \"\"; # HERE"));
    // A password in the location is never printed.
    let f = one_at_mark(
        &ResticRepository,
        &restic("    repository = \"https://alice:s3cr3t@nas:8000/restic\"; # HERE"),
    );
    assert!(!f.message.contains("s3cr3t"), "{f:?}");
    assert!(f.message.contains("****"), "{f:?}");
    for good in [
        "repository = \"/srv/restic\";",
        "repository = \"sftp:backup@nas:/srv/restic\";",
        "repository = \"s3:s3.amazonaws.com/bucket/prefix\";",
        "repository = \"rest:https://nas:8000/\";",
        "repository = config.my.repo;",
        "repository = \"sftp:${config.my.host}:/srv\";",
        "repositoryFile = \"/run/repo\";",
    ] {
        none(&ResticRepository, &restic(&format!("    {good}")));
    }
    let f = one_at_mark(
        &ResticRepositoryDoubtful,
        &restic("    repository = \"~/restic\"; # HERE"),
    );
    assert_eq!(f.severity, Severity::Warning);
    none(
        &ResticRepositoryDoubtful,
        &restic("    repository = \"/srv/restic\";"),
    );
}

#[test]
fn bx041_quota() {
    let repo = |quota: &str| {
        module(&format!(
            "  services.borgbackup.repos.laptop = {{\n    authorizedKeys = [ \"ssh-ed25519 AAAA x\" ];\n    quota = {quota}; # HERE\n  }};"
        ))
    };
    for bad in ["\"5M\"", "\"1.2.3G\"", "\"100\"", "\"9.99M\"", "\".\""] {
        one_at_mark(&BorgQuota, &repo(bad));
    }
    for good in [
        "\"100G\"",
        "\".5G\"",
        "\"10M\"",
        "\"10000000\"",
        "null",
        // The module's type rejects these: the type check reports them.
        "\"100GB\"",
        "\"-5G\"",
        "config.my.quota",
    ] {
        none(&BorgQuota, &repo(good));
    }
}

#[test]
fn bx042_timer_unknown_key() {
    let bad = restic(
        "    timerConfig = {\n      onCalendar = \"daily\"; # HERE\n      Persistent = true;\n    };",
    );
    let f = one_at_mark(&ResticTimerUnknownKey, &bad);
    assert!(f.message.contains("did you mean `OnCalendar`"), "{f:?}");
    assert_eq!(f.text, "onCalendar");
    let typo = restic("    timerConfig.OnCalender = \"daily\"; # HERE");
    let f = one_at_mark(&ResticTimerUnknownKey, &typo);
    assert!(f.message.contains("OnCalendar"), "{f:?}");
    let f = one_at_mark(
        &ResticTimerUnknownKey,
        &restic("    timerConfig.Banana = \"yes\"; # HERE"),
    );
    assert!(!f.message.contains("did you mean"), "{f:?}");
    for good in [
        "timerConfig = { OnCalendar = \"daily\"; Persistent = true; RandomizedDelaySec = \"1h\"; };",
        "timerConfig = { OnBootSec = \"10min\"; OnUnitActiveSec = \"1d\"; X-Note = \"mine\"; };",
        "timerConfig = null;",
        "timerConfig = config.my.timer;",
    ] {
        none(&ResticTimerUnknownKey, &restic(&format!("    {good}")));
    }
}

#[test]
fn bx043_timer_no_trigger() {
    let bad = restic("    timerConfig = { Persistent = true; }; # HERE");
    let f = one_at_mark(&ResticTimerNoTrigger, &bad);
    assert!(f.message.contains("no trigger"), "{f:?}");
    one_at_mark(
        &ResticTimerNoTrigger,
        &restic("    timerConfig = { onCalendar = \"daily\"; }; # HERE"),
    );
    one_at_mark(
        &ResticTimerNoTrigger,
        &restic("    timerConfig = { OnCalendar = [ ]; }; # HERE"),
    );
    for good in [
        "timerConfig = { OnCalendar = \"daily\"; };",
        "timerConfig = { OnBootSec = \"5min\"; };",
        "timerConfig = { OnClockChange = true; };",
        "timerConfig = null;",
        "timerConfig = { OnCalendar = config.my.when; };",
        "timerConfig = config.my.timer;",
        "",
    ] {
        none(&ResticTimerNoTrigger, &restic(&format!("    {good}")));
    }
}
