{ ... }: {
  services.restic.backups.home = { # <-
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    exclude = [ "/home/*/.cache" ];
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ ]; # <-
  };
}