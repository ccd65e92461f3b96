{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${config.age.secrets.borg.path}";
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:etc";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
}