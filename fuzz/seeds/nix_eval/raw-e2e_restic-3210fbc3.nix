services.restic.backups.{name} = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    dynamicFilesFrom = "echo dynamic >> {log}";
    backupPrepareCommand = ''
      echo prepare >> {log}
      {prepare}
    '';
    backupCleanupCommand = ''
      echo "cleanup $EXIT_STATUS $SERVICE_RESULT" >> {log}
      restic snapshots --json --no-lock | tr -cd '{{' | wc -c >> {log}
    '';
  }};