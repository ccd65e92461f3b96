{ ... }: {
  services.borgbackup.jobs.system = {
    user = "backup";
    paths = [
      "/etc" # <-
      "/var/lib/" # <-
      "/srv/public"
    ];
    repo = "/mnt/backup/system";
    encryption.mode = "none";
  };
}