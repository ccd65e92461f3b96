{ config, ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  # a prune-only job on the same repository, as in the upstream test
  services.restic.backups.prune = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    pruneOpts = [ "--keep-daily 7" ];
  };
  services.restic.backups.manual = {
    repository = "/mnt/backup/manual";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    timerConfig = null;
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/unknown";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var" ];
    pruneOpts = config.my.pruneOpts;
  };
}