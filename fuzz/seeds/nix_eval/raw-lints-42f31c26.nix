{ config, lib, ... }:
let
  mkJob = name: path: {
    paths = [ path ];
    repo = "/mnt/backup/${name}";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
in {
  services.borgbackup.jobs = lib.mapAttrs mkJob {
    home = "/home"; # <-
    srv = "/srv"; # <-
  } // {
    weekly = (mkJob "weekly" "/var") // { startAt = "weekly"; }; # <-
  };
}