{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
    prune.keep = { daily = 3; weekly = 4; };
  };
  services.borgbackup.jobs.forever = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
    prune.keep = { daily = 1; monthly = -1; };
  };
  services.borgbackup.jobs.last = {
    paths = [ "/var" ];
    repo = "/mnt/backup/var";
    encryption.mode = "none";
    prune.keep = { last = 3; };
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
    prune.keep = { daily = config.my.days; };
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "--keep-within 30d" ];
  };
}