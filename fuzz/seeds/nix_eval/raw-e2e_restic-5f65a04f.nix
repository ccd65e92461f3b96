services.restic.backups.checked = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    checkOpts = [ "--read-data" ];
  }};
  services.restic.backups.unchecked = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    paths = [ "{src}" ];
    checkOpts = [ "--read-data" ];
    runCheck = false;
  }};
  services.restic.backups.checkonly = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    checkOpts = [ "--read-data" ];
  }};