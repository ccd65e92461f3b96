{
  services.borgbackup.jobs.home = {
    paths = "/home";
  };
}
