{ ... }:
{
  home.username = "me";
  programs.borgmatic.enable = true;
  programs.borgmatic.backups.main = {
    location.sourceDirectories = [ "/home/me" ];
    location.repositories = [ "/mnt/backup" { path = "/mnt/other"; label = "other"; } ];
    retention.keepDaily = 7;
    consistency.checks = [ { name = "repository"; frequency = "2 weeks"; } ];
    location.extraConfig.exclude_patterns = [ "'*.tmp'" ];
    storage.extraConfig.compresion = "lz4";
  };
}
