{ config, ... }:
let
  common = {
    repo = "borg@nas.example.org:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
in {
  services.borgbackup.jobs = {
    home = common // {
      paths = [ "/home" ];
      prune.prefix = "${config.networking.hostName}-home-";
      prune.keep.daily = 7;
    };
    extra = common // {
      paths = [ "/srv/extra" ];
      prune.keep.monthly = 12;
    };
    # another repository
    homes = {
      paths = [ "/home" ];
      repo = "/mnt/local";
      encryption.mode = "none";
      prune.keep.daily = 7;
    };
    # unknown prefix: maybe anything
    other = common // {
      paths = [ "/opt" ];
      prune.prefix = config.my.prefix;
      prune.keep.daily = 7;
    };
  };
}