services.restic.backups.envfile = {{
    environmentFile = "{file}";
    initialize = true;
    inhibitsSleep = true;
    paths = [ "{src}" ];
  }};