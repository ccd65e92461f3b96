{ config, pkgs, ... }: {
          services.borgbackup.jobs.j = {
            paths = [ "/srv" pkgs.hello "/etc" ];
            repo = "ssh://b@${config.networking.hostName}.lan/./repo";
            dumpCommand = "${pkgs.postgresql}/bin/pg_dumpall";
          };
        }