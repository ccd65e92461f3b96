{
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/backup";
    encryption.mode = "none";
    doInit = "yes";
    exclude = [ 1 ];
    startAt = 5;
    archiveBaseName = 3;
  };
}
