{ config, ... }: {
  services.restic.backups.home = {
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = "/run/secrets/restic-password";
    environmentFile = config.age.secrets.restic-env.path;
    repositoryFile = toString ./not-copied;
    paths = [ "/home" ];
  };
}