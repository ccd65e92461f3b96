{ config, ... }: {
  services.restic.backups.home = {
    repository = "rest:https://backup@rest.example.org:8000/home";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  services.restic.backups.other = {
    repository = config.my.repoUrl;
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
  };
}