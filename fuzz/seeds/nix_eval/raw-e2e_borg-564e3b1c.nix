services.borgbackup.jobs.nas = {{
    paths = [ "{src}" ];
    repo = "{repo_s}";
    encryption.mode = "none";
    archiveBaseName = "nas";
    prune.keep = {{ daily = 3; }};
  }};