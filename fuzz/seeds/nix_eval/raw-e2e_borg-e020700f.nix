services.borgbackup.jobs.plain = {{
    paths = [ "{src}" ];
    repo = "{repo_s}";
    encryption.mode = "none";
    archiveBaseName = "plain";
  }};
  services.borgbackup.jobs.secret = {{
    paths = [ "{src}" ];
    repo = "{enc}";
    encryption.mode = "repokey";
    encryption.passCommand = "false";
    archiveBaseName = "secret";
  }};