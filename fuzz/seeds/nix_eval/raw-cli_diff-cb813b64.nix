
    paths = [ "/home" "/srv" ];
    repository = "sftp:backup@host:/restic";
    passwordFile = "/run/keys/restic";
    timerConfig = { OnCalendar = "daily"; Persistent = true; };
    pruneOpts = [ "--keep-daily 7" "--keep-weekly 4" ];
