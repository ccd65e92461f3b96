# Backups of the example host: two borg jobs, a borg repository served to a laptop, and an
# off-site restic copy. Option names follow nixpkgs' borgbackup.nix and restic.nix.
{ config, lib, pkgs, ... }:
{
  services.borgbackup.jobs = {
    # Home directories and system state to the backup server, every night.
    home = {
      paths = [ "/home" "/etc" "/var/lib" ];
      exclude = [
        "/home/*/.cache"
        "/home/*/Downloads"
        "/var/lib/docker"
        "*.pyc"
      ];
      repo = "ssh://borg@backup.example.org/./${config.networking.hostName}";
      encryption = {
        mode = "repokey-blake2";
        passCommand = "cat /run/secrets/borg";
      };
      environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519 -o StrictHostKeyChecking=accept-new";
      compression = "auto,zstd";
      extraCreateArgs = [ "--stats" "--checkpoint-interval" "600" ];
      prune.keep = {
        within = "1d";
        daily = 7;
        weekly = 4;
        monthly = -1;
      };
      startAt = "daily";
      persistentTimer = true;
    };

    # A database dump piped into borg, only on hosts that run PostgreSQL.
    postgres = lib.mkIf config.services.postgresql.enable {
      dumpCommand = pkgs.writeShellScript "pg-dumpall" ''
        ${pkgs.sudo}/bin/sudo -u postgres ${config.services.postgresql.package}/bin/pg_dumpall
      '';
      repo = "/mnt/backup/postgres";
      encryption.mode = "none";
      startAt = [ "*-*-* 06:00:00" "*-*-* 18:00:00" ];
      prune.keep = {
        daily = 14;
        monthly = 6;
      };
    };
  };

  # This host also keeps the laptop's backups (the laptop runs `borg` over SSH as user borg).
  services.borgbackup.repos.laptop = {
    path = "/var/lib/borgbackup/laptop";
    authorizedKeys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForDocumentationOnly0000000000 alice@laptop"
    ];
    quota = "200G";
  };

  # A weekly off-site copy of the home directories with restic over SFTP.
  services.restic.backups.offsite = {
    paths = [ "/home" ];
    exclude = [ "/home/*/.cache" ];
    repository = "sftp:restic@offsite.example.org:/srv/restic/nas";
    passwordFile = "/run/secrets/restic";
    initialize = true;
    pruneOpts = [
      "--keep-daily 7"
      "--keep-weekly 5"
      "--keep-monthly 12"
    ];
    timerConfig = {
      OnCalendar = "weekly";
      Persistent = true;
    };
  };
}
