services.borgbackup.jobs.ok = {{
    dumpCommand = "{dump}";
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "ok";
  }};
  services.borgbackup.jobs.fail = {{
    dumpCommand = "/bin/false";
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "fail";
    postHook = ''echo "$exitStatus" > {status}'';
  }};