{ config, ... }:
let server = "rest.example.org"; in {
  services.restic.backups.home = {
    repository = "rest:https://backup:Pa55w0rdXYZ@${server}/home"; # <-
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}