{ config, pkgs, lib, ... }: {
  services.borgbackup.jobs.a = {
    repo = config.foo.bar;
    paths = [ "${config.x}/a" ];
    encryption = config.enc;
    doInit = config.y;
    compression = "auto,${config.level}";
  };
  services.borgbackup.jobs.b = pkgs.makeJob { name = "b"; };
  services.restic.backups = config.generated;
}
