{ config, ... }: {
  services.restic.backups.box = {
    repository = "rclone:box:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    rcloneConfig = {
      type = "sftp";
      host = "box.example.org";
      user = "backup";
      pass = "hYq0bF2zJ4sLkPq"; # <-
    };
    rcloneOptions.sftp-pass = "zZ9yY8xX7"; # <-
  };
}