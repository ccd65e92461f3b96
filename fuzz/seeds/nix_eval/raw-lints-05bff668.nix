{ ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "/run/current-system/sw/bin/dump-postgres";
    repo = "/mnt/backup/postgres";
    appendFailedSuffix = true;
    encryption.mode = "none";
  };
}