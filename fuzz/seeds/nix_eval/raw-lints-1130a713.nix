{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas.example.org:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
  };
  services.borgbackup.jobs.local = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/var" ];
    repo = "borg@nas.example.org:var";
    encryption.mode = "none";
    environment.BORG_RSH = config.my.rsh;
  };
  services.borgbackup.jobs.unknownRepo = {
    paths = [ "/opt" ];
    repo = config.my.repo;
    encryption.mode = "none";
  };
}