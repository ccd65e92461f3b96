{ ... }: {
  services.borgbackup.jobs.docs = {
    paths = [
      "/home/alice/Music"
      "~/Documents" # <-
    ];
    repo = "/mnt/backup/docs";
    encryption.mode = "none";
  };
  services.restic.backups.docs = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "$HOME/Pictures" ]; # <-
  };
}