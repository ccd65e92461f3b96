{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    failOnWarnings = false; # <-
    encryption.mode = "none";
  };
}