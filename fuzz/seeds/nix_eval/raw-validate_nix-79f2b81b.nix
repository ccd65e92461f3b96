{
  services.borgbackup.jobs.home = {
    paths = "/home";
    repo = "/backup";
    encryption.mode = "aes";
    compression = "zstd,255";
    prune.keep.daily = "7x";
    dumpCommand = null;
    readWritePaths = [ "relative/dir" ];
  };
  services.borgbackup.repos.r.quota = "100 GB";
}
