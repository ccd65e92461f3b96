{ ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "/run/current-system/sw/bin/dump-postgres";
    repo = "/mnt/backup/postgres";
    appendFailedSuffix = false; # <-
    encryption.mode = "none";
  };
}