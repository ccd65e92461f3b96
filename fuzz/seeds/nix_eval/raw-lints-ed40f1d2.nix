{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    pruneOpts = [ "--prune" "--group-by host" ]; # <-
  };
}