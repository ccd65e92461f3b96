{ config, pkgs, ... }: {
  services.restic.backups.home = {
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = ./restic-password; # <-
    environmentFile = pkgs.writeText "restic-env" "B2_ACCOUNT_KEY=K005secretvalue"; # <-
    rcloneConfigFile = "${pkgs.writeText "rclone.conf" "pass = abc"}"; # <-
    paths = [ "/home" ];
  };
}