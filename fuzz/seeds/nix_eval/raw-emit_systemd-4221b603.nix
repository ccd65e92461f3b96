
    db = {
      dumpCommand = "/run/current-system/sw/bin/true";
      repo = "/mnt/backup/db";
      encryption.mode = "none";
      user = "backup";
      group = "backup";
      inhibitsSleep = true;
      privateTmp = false;
      readWritePaths = [ "/var/backup/mysql" "/var/backup/with space" ];
    };
