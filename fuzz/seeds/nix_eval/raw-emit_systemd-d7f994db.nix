
    local = {
      paths = [ "/home" "/etc" ];
      exclude = [ "*.tmp" "/home/*/.cache" ];
      repo = "/srv/borg/local";
      encryption.mode = "none";
      startAt = [ "daily" "*-*-* 03:15:00" ];
    };
