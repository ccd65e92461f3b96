{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    exclude = [
      "/home/*/.local/share/Trash"
      "'/home/*/.cache'" # <-
      "sh:\"**/node_modules\"" # <-
    ];
    patterns = [ "- '/home/*/Downloads'" ]; # <-
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    exclude = [ "'*.iso'" ]; # <-
  };
}