{ ... }: {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      repo = "/mnt/backup/shared";
      encryption.mode = "none";
    };
    all = {
      paths = [ "/etc" ];
      repo = "/mnt/backup/shared";
      encryption.mode = "none";
      prune.prefix = "";
      prune.keep.daily = 7;
    };
  };
}