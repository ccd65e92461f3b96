{ config, lib, ... }: {
          services.borgbackup.jobs.off = lib.mkIf false { repo = "/off"; };
          services.borgbackup.jobs.maybe = lib.mkIf config.services.tailscale.enable { repo = "/maybe"; };
          services.borgbackup.jobs.on = lib.mkIf (1 < 2) { repo = "/on"; };
        }