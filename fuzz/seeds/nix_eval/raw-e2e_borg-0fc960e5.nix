services.borgbackup.jobs.weird = {{
    paths = [ "{src}" ];
    repo = "{repo}";
    encryption = {{ mode = "repokey"; passphrase = "supersecret"; }};
    startAt = [ ];
  }};