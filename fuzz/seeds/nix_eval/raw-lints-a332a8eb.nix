{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    archiveBaseName = "laptop-home";
    encryption.mode = "none";
    prune.prefix = "home-"; # <-
    prune.keep.daily = 7;
  };
}