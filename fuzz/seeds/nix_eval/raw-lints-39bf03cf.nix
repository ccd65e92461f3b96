{ config, ... }: {
  services.borgbackup.jobs.alice = {
    paths = [ "/home/alice" ];
    exclude = [ "*/.cache" "/home/alice/Downloads" "/homes" ];
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/srv" ];
    exclude = [ config.my.exclude ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
  };
  services.restic.backups.alice = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var/lib/alice" ];
    exclude = [ "/var/lib/alice/cache" "/var/lib" "!/var/lib/alice" ];
  };
}