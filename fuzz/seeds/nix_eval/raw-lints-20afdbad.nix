{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "03:00"; RandomizedDelaySec = "1h"; }; # <-
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    timerConfig.OnCalendar = "hourly"; # <-
  };
}