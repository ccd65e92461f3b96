{ config, pkgs, ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = pkgs.writeShellScript "dump-postgres" ''
      ${config.services.postgresql.package}/bin/pg_dumpall -U postgres
    '';
    repo = "/mnt/backup/postgres";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.zfs = {
    dumpCommand = "/etc/backup/zfs-send.sh";
    repo = "/mnt/backup/zfs";
    encryption.mode = "none";
  };
}