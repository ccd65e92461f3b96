services.restic.backups.files = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}/a_dir/a_file" "{src}/a_dir/a_file_2" ];
    dynamicFilesFrom = "find {src} -mindepth 1 -maxdepth 1 -not -name a_dir";
    exclude = [ "{src}/excluded_file_*" ];
    timerConfig = null;
  }};