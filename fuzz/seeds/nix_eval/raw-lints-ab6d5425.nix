{ config, pkgs, ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "${config.services.postgresql.package}/bin/pg_dumpall -U postgres"; # <-
    repo = "/mnt/backup/postgres";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.mysql = {
    dumpCommand = "/run/current-system/sw/bin/mysqldump --all-databases | gzip"; # <-
    repo = "/mnt/backup/mysql";
    encryption.mode = "none";
  };
}