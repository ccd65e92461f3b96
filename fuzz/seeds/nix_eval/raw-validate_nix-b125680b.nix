{ config, lib, pkgs, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" "/etc" ];
    repo = "borg@host:.";
    encryption = { mode = "repokey-blake2"; passCommand = "cat /run/keys/borg"; };
    compression = "auto,zstd,10";
    startAt = [ "daily" "*-*-* 12:00" ];
    prune.keep = { within = "1d"; daily = 7; weekly = 4; monthly = -1; };
    extraCreateArgs = "--stats";
    extraArgs = [ "--lock-wait" "600" ];
    exclude = [ "/home/*/.cache" ];
    environment.BORG_RSH = "ssh -i /root/key";
    readWritePaths = [ /var/backup ];
    archiveBaseName = null;
    createCommand = "create";
    failOnWarnings = false;
    postHook = "echo done";
  };
  services.borgbackup.repos.laptop = { authorizedKeys = [ "ssh-ed25519 AAAA x" ]; quota = ".5G"; path = "/data/borg"; };
  services.restic.backups.home = {
    paths = [ "/home" ]; repository = "/backup"; passwordFile = "/run/pw";
    timerConfig = { OnCalendar = "daily"; Persistent = true; RandomizedDelaySec = "1h"; };
    progressFps = 0.5; pruneOpts = [ "--keep-daily 7" ];
  };
  services.borgmatic = {
    enable = true;
    settings = { source_directories = [ "/home" ]; repositories = [ { path = "/b"; label = "b"; } ]; keep_daily = 7; };
  };
}
