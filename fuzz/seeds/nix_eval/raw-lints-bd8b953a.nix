{ config, ... }: {
  services.restic.backups.box = {
    repository = "rclone:box:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    rcloneConfig = {
      type = "sftp";
      host = "box.example.org";
      key_file = "/run/secrets/box-key";
      pass = config.my.obscured;
      one_file_system = true;
    };
  };
}