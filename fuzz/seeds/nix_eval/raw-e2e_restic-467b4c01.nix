services.restic.backups.fps = {{
    repository = "/r";
    passwordFile = "/p";
    progressFps = {value};
  }};