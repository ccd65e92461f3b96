{ config, lib, ... }: {
  services.borgbackup.jobs = {
    manual = {
      paths = [ "/home" ];
      repo = "/mnt/backup/manual";
      encryption.mode = "none";
      startAt = [ ];
    };
    pruned = {
      paths = [ "/home" ];
      repo = "/mnt/backup/pruned";
      encryption.mode = "none";
      prune.keep = { daily = 7; weekly = 4; };
    };
    unknown = {
      paths = [ "/srv" ];
      repo = "/mnt/backup/unknown";
      encryption.mode = "none";
      prune.keep = config.my.keep;
    };
    # prune.keep under an unknown condition counts as set
    conditional = {
      paths = [ "/var" ];
      repo = "/mnt/backup/conditional";
      encryption.mode = "none";
      prune.keep = lib.mkIf config.my.prune { daily = 7; };
    };
  };
}