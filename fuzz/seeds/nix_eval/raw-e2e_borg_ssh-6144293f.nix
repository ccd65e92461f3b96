{{ config, ... }}: {{
  services.borgbackup.jobs.remote = {{
    paths = [ "{d}/src" ];
    exclude = [ "*.tmp" ];
    repo = "root@127.0.0.1:.";
    encryption = {{ mode = "repokey"; passphrase = "s3cret"; }};
    environment = {{ BORG_RSH = "{rsh}"; BORG_BASE_DIR = "{d}/client-base"; }};
    prune.keep.last = 1;
    persistentTimer = true;
  }};
}}
