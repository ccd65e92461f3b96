services.borgmatic = {
    enable = true;
    settings = {
      source_directories = [ "/home" ];
      repositories = [ { label = "local"; path = "/var/backup"; } ];
      keep_daily = 7;
    };
    configurations.offsite = {
      source_directories = [ "/srv" "/etc" ];
      repositories = [ { label = "remote"; path = "ssh://backup@example.org/./srv"; } ];
      encryption_passphrase = "hunter2-do-not-print";
      compression = "zstd,3";
      one_file_system = true;
      checks = [ { name = "repository"; frequency = "2 weeks"; } ];
    };
  };