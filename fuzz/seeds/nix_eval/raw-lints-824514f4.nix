{ config, ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/alice/backup/borg";
    removableDevice = true;
    doInit = false;
    encryption.mode = "none";
  };
  services.borgbackup.jobs.usb2 = {
    paths = [ "/home" ];
    repo = "/mnt/usb2/borg";
    removableDevice = true;
    doInit = config.my.init;
    encryption.mode = "none";
  };
}