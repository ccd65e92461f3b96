services.restic.backups.cmd = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    command = [ "echo" "-n" "testing" ];
    extraOptions = [ "sftp.command='ssh alice@sftp -s sftp'" ];
    checkOpts = [ "--some-check-option" ];
    backupCleanupCommand = "echo cleanup $EXIT_STATUS >> {log}";
  }};