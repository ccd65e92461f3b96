{ ... }:
let repo = "borg@nas:backups"; in {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      inherit repo;
      encryption.mode = "repokey-blake2"; # <-
      encryption.passCommand = "cat /run/secrets/borg";
    };
    etc = {
      paths = [ "/etc" ];
      inherit repo;
      encryption.mode = "none";
    };
  };
}