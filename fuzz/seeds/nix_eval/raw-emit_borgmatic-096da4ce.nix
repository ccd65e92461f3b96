services.borgmatic = {
    enable = true;
    configurations.host = {
      source_directories = [ "/home" ];
      repositories = [ { label = "r"; path = "/backup/${config.networking.hostName}"; } ];
    };
  };