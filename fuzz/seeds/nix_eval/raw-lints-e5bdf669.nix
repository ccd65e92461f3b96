{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    startAt = "hourly"; # <-
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "daily"; Persistent = false; }; # <-
  };
}