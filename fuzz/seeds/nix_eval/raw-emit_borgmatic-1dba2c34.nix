home-manager.users.alice = {
    programs.borgmatic = {
      enable = true;
      backups.main = {
        location = {
          sourceDirectories = [ "/home/alice/docs" ];
          repositories = [ "/mnt/disk1" { path = "/mnt/disk3"; label = "disk3"; } ];
          extraConfig = { one_file_system = true; exclude_patterns = [ "*.swp" ]; };
        };
        storage.encryptionPasscommand = "fetch-the-password.sh";
        retention = { keepWithin = "14d"; keepSecondly = 12; };
        consistency.checks = [ { name = "repository"; frequency = "2 weeks"; } ];
      };
    };
    services.borgmatic = { enable = true; frequency = "weekly"; };
  };