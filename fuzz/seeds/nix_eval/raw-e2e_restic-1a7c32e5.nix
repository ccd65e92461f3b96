services.restic.backups.s = {
    repository = "s3:https://s3.example.org/${config.networking.hostName}";
    passwordFile = config.sops.secrets.restic.path;
    paths = [ "/home" ];
    timerConfig = { OnCalendar = [ "Mon 02:00" "Thu 02:00" ]; RandomizedDelaySec = "1h"; Persistent = false; };
    progressFps = 0.1;
  };