{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
}