
    s = {
      paths = [ "/home" ];
      repo = "/srv/borg/s";
      encryption = { mode = "repokey"; passphrase = "hunter2-it's"; };
      environment.MY_TOKEN = "tok-123";
      startAt = [ ];
    };
