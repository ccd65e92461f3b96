{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas.example.org:home"; # <-
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
  services.borgbackup.jobs.srv = {
    paths = [ "/srv" ];
    repo = "ssh://borg@${config.my.host}:2222/./srv";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -o ServerAliveInterval=60"; # <-
  };
}