{ config, ... }: {
  services.restic.backups.prune = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    pruneOpts = [ "--keep-daily 7" ];
  };
  services.restic.backups.check = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    checkOpts = [ "--read-data-subset=5%" ];
  };
  services.restic.backups.dynamic = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    dynamicFilesFrom = "find /srv -name '*.db'";
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = config.my.paths;
  };
}