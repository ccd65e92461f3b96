{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
    prune.keep = { within = "2d"; daily = 3; }; # <-
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "--keep-hourly 24" "--keep-daily=2" ]; # <-
  };
}