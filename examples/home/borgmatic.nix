# A home-manager module: borgmatic backs up the user's documents every day.
# Option names follow home-manager's programs/borgmatic.nix and services/borgmatic.nix.
{ config, lib, pkgs, ... }:
{
  programs.borgmatic = {
    enable = true;
    backups.personal = {
      location = {
        sourceDirectories = [
          "${config.home.homeDirectory}/Documents"
          "${config.home.homeDirectory}/Pictures"
          "${config.home.homeDirectory}/.config"
        ];
        repositories = [
          "ssh://borg@backup.example.org/./alice"
          {
            path = "/run/media/alice/usb/borg";
            label = "usb";
          }
        ];
        excludeHomeManagerSymlinks = true;
        extraConfig = {
          exclude_patterns = [ "*.tmp" "*/node_modules" ];
          one_file_system = true;
        };
      };
      storage.encryptionPasscommand = "cat ${config.home.homeDirectory}/.config/borg/passphrase";
      retention = {
        keepWithin = "2d";
        keepDaily = 7;
        keepWeekly = 4;
        keepMonthly = 6;
      };
      consistency.checks = [
        {
          name = "repository";
          frequency = "2 weeks";
        }
        {
          name = "archives";
          frequency = "4 weeks";
        }
      ];
    };
  };

  services.borgmatic.enable = true;
  services.borgmatic.frequency = "daily";
}
