services.restic.backups.dry = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    exclude = [ "*.tmp" ];
    extraBackupArgs = [ "--tag 'two words'" ];
    pruneOpts = [ "--keep-last 3" ];
    backupPrepareCommand = "echo prepare >> {log}";
    rcloneConfig = {{ type = "sftp"; pass = "hunter2secret"; }};
    rcloneOptions = {{ bwlimit = "1M"; }};
  }};