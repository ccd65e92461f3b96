
    remote = {
      paths = "/var/lib";
      repo = "ssh://borg@backup.example.org/./repo";
      encryption.mode = "none";
    };
