{ config, pkgs, ... }: {
  imports = [ ./home.nix ];
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${./borg-passphrase}"; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:etc";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${pkgs.writeText "pw" "s3kr1tpassw0rd"}"; # <-
  };
}