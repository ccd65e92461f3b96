{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.other = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    startAt = config.my.schedule;
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}