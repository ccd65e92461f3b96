{ ... }: {
  services.restic.backups.home = { # <-
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  services.restic.backups.db = {
    repository = "/mnt/backup/db";
    passwordFile = "/run/secrets/restic";
    command = [ "pg_dumpall" ];
    timerConfig = { OnCalendar = "hourly"; Persistent = true; };
    pruneOpts = [ ]; # <-
  };
}