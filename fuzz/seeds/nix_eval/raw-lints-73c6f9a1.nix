{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    pruneOpts = [ "--keep-daily 7" "--keep-weekly=5" ];
  };
  services.restic.backups.short = {
    repository = "/mnt/backup/restic2";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "-l" "3" ];
  };
}