
    remote = {
      paths = "/var/lib";
      repo = "borg@backup.example.org:.";
      encryption = { mode = "repokey-blake2"; passCommand = "cat /run/keys/borg"; };
      environment.BORG_RSH = "ssh -i /root/.ssh/borg -o 'StrictHostKeyChecking accept-new'";
      persistentTimer = true;
      startAt = "hourly";
    };
