{ config, lib, ... }:
let
  common = {
    repo = "borg@nas.example.org:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -i /etc/ssh/borg";
  };
in {
  services.borgbackup.jobs = {
    home = common // {
      paths = [ "/home" ];
      prune.keep.daily = 7; # <-
    };
    home-extra = common // {
      paths = [ "/srv/extra" ];
      prune.keep.monthly = 12;
    };
    all = common // {
      paths = [ "/etc" ];
      prune.prefix = null; # <-
      prune.keep.weekly = 4;
    };
  };
}