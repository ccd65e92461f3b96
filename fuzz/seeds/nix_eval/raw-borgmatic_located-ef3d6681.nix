{ config, ... }:
{
  services.borgmatic.enable = true;
  services.borgmatic.settings = {
    repositories = [ { path = "/srv/repo"; label = "local"; } ];
    keep_daily = "seven";
    archive_name_format = "${config.networking.hostName}-{now}";
    configurations.daily = { keep_daily = 7; };
  };
  services.borgmatic.configurations.weekly = {
    location.repositories = [ "/srv/weekly" ];
    keep_weekly = 4;
    verbosity = config.my.verbosity;
  };
}
