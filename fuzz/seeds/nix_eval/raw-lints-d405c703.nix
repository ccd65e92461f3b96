{ config, ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "03:00"; Persistent = true; };
  };
  services.restic.backups.default = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var" ];
    timerConfig = config.my.timer;
  };
}