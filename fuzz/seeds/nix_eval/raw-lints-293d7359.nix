{ ... }:
let excludes = [ "/home" "*/.cache" ]; in {
  services.borgbackup.jobs.alice = {
    paths = [
      "/home/alice" # <-
      "/etc"
    ];
    exclude = excludes;
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.restic.backups.alice = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var/lib/alice" ]; # <-
    exclude = [ "/var/lib" ];
  };
}