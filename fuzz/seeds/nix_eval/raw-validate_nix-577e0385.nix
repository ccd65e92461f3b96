{
  home-manager.users.alice = {
    programs.borgmatic.backups.main = {
      location.sourceDirectories = [ "/home/alice" ];
      location.repositories = [ { path = "/b"; lable = "x"; } ];
      retention.keepDaily = "7";
      consistency.checks = [ { name = "everything"; frequency = "2 weeks"; } ];
    };
    services.borgmatic.frequency = true;
  };
}
