{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = {
      mode = "repokey-blake2";
      passCommand = "cat /run/secrets/borg";
      passphrase = config.my.maybeNull;
    };
  };
}