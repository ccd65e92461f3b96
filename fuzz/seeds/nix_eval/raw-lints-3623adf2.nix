{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    persistentTimer = true;
    encryption.mode = "none";
  };
  services.borgbackup.jobs.manual = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    startAt = [ ];
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}