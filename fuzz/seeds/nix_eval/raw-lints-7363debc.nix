{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = { mode = "repokey-blake2"; passCommand = "cat /run/secrets/borg"; };
  };
  # unknown: could be anything, even null
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption = { mode = "repokey"; passphrase = config.my.borgPassphrase; };
  };
  services.borgbackup.jobs.tmp = {
    paths = [ "/tmp" ];
    repo = "/mnt/backup/tmp";
    encryption = { mode = "none"; passphrase = null; };
  };
}