{ ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/alice/backup/borg";
    removableDevice = true; # <-
    encryption.mode = "none";
  };
  services.borgbackup.jobs.usb2 = {
    paths = [ "/home" ];
    repo = "/mnt/usb2/borg";
    removableDevice = true;
    doInit = true; # <-
    encryption.mode = "none";
  };
}