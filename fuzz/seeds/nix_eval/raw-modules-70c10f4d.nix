{ config, pkgs, ... }: {
              programs.borgmatic.enable = true;
              programs.borgmatic.backups.docs = {
                location.sourceDirectories = [ "${config.home.homeDirectory}/Documents" ];
                location.repositories = [ { path = "ssh://nas/./alice"; label = "nas"; } ];
                retention.keepDaily = 7;
              };
              services.borgmatic = { enable = true; frequency = "daily"; };
            }