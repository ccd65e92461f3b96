services.borgbackup.jobs.{name} = {{
    paths = [ "{src}" "{missing}" ];
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "{name}";
    failOnWarnings = {fail};
  }};