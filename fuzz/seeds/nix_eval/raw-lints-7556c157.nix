{ config, lib, pkgs, ... }: {
  services.borgbackup.jobs.s3 = lib.mkIf config.services.backup.enable {
    paths = [ "/srv" ];
    repo = "/mnt/backup/s3";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment = {
      BORG_RSH = "ssh -i /etc/ssh/borg";
      AWS_ACCESS_KEY_ID = "AKIAEXAMPLE";
      AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCY"; # <-
    };
    environment.BORG_PASSPHRASE = "hunter2hunter2"; # <-
  };
}