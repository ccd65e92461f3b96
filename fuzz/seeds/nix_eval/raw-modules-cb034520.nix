{ config, lib, ... }:
            let cfg = config.my.backup; in {
              options.my.backup = {
                enable = lib.mkEnableOption "backups";
                repo = lib.mkOption { type = lib.types.str; };
                paths = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ "/etc" "/var/lib" ]; };
              };
              config = lib.mkIf cfg.enable {
                services.borgbackup.jobs.wrapped = { inherit (cfg) repo paths; encryption.mode = "none"; };
              };
            }