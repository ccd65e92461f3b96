{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    archiveBaseName = "laptop-home";
    encryption.mode = "none";
    prune.prefix = "laptop-";
    prune.keep.daily = 7;
  };
  # default base name `<host>-srv`: the prefix may match, depending on the host name
  services.borgbackup.jobs.srv = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
    prune.prefix = "myhost-srv";
    prune.keep.daily = 7;
  };
}