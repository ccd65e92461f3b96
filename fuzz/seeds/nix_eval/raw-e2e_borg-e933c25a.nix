services.borgbackup.jobs.j = {
    paths = [ "/etc/hostname" ];
    repo = "/tmp/x";
    encryption.mode = "none";
  };