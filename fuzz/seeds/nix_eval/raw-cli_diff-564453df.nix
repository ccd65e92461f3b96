
    paths = [ "/home" "/var/lib" ];
    repo = "/srv/borg/main";
    encryption.mode = "repokey";
    encryption.passCommand = "cat /run/keys/borg";
    startAt = "daily";
    prune.keep = { daily = 7; weekly = 4; };
