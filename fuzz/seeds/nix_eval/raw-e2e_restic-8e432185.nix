services.restic.backups.m = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    exclude = [ "*.tmp" ];
  }};