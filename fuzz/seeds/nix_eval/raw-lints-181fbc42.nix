{ config, lib, ... }: {
  services.borgbackup.jobs.s3 = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/s3";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment = {
      BORG_RSH = "ssh -i /etc/ssh/borg";
      BORG_PASSCOMMAND = "cat /run/secrets/borg";
      AWS_ACCESS_KEY_ID = "AKIAEXAMPLE";
      B2_ACCOUNT_KEY = config.my.b2Key;
    };
  };
  services.borgbackup.jobs.other = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
    environment = config.my.borgEnv;
  };
}