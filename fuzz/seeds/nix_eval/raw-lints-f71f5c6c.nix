{ config, lib, pkgs, ... }:
let
  borgPass = "tr0ub4dor&3";
in {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = { mode = "repokey-blake2"; passphrase = borgPass; }; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "repokey";
    encryption.passphrase = builtins.readFile ./borg-pass; # <-
  };
}