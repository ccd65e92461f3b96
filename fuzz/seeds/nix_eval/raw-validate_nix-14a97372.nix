{
  services.borgbackup.jobs.home = {
    paths = "/home";
    repo = "/backup";
    encryption.mode = "none";
    compresion = "lz4";
    passCommand = "cat /key";
  };
}
