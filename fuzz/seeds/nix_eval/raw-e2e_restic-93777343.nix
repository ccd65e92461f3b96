services.restic.backups.keep = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    pruneOpts = [ "--keep-last 2" ];
  }};
  services.restic.backups.noinit = {{
    repository = "{other}";
    passwordFile = "{pw}";
    paths = [ "{src}" ];
  }};
  services.restic.backups.prune-only = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    pruneOpts = [ "--keep-last 1" ];
  }};