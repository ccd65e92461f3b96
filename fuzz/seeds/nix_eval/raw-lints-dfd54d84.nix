{ ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/usb/borg";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "u123456@u123456.your-storagebox.de:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
}