{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "u123456@u123456.your-storagebox.de:home";
    encryption.mode = "none"; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "ssh://u123456@u123456.your-storagebox.de:23/./etc";
    encryption.mode = "authenticated-blake2"; # <-
  };
}