{ config, ... }: {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      repo = "borg@nas:home";
      encryption.mode = "repokey-blake2";
      encryption.passCommand = "cat /run/secrets/borg";
    };
    etc = {
      paths = [ "/etc" ];
      repo = "borg@nas:etc";
      encryption.mode = "none";
    };
    srv = {
      paths = [ "/srv" ];
      repo = "borg@nas:home";
      encryption.mode = config.my.mode;
    };
  };
}