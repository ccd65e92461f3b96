{
  services.borgbackup.jobs.home = {
    paths = [ /home "/etc" ];
    repo = /backup;
    encryption.mode = "none";
    exclude = [ /home/alice/.cache ];
    environment.BORG_RSH = /run/ssh;
    readWritePaths = [ /var/backup ];
    dumpCommand = null;
  };
  services.borgbackup.jobs.single = {
    paths = /srv;
    repo = "${/backup}/single";
    encryption.mode = "none";
  };
  services.restic.backups.r = {
    repository = /srv/restic;
    passwordFile = "/run/keys/restic";
    paths = [ "/etc" ];
    rcloneConfigFile = /etc/rclone.conf;
  };
  services.borgbackup.repos.r = { path = /var/lib/borg; authorizedKeys = [ ]; };
}
