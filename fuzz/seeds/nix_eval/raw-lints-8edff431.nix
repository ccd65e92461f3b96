{ config, ... }: {
  services.borgbackup.jobs.system = {
    paths = [ "/etc" "/var/lib" ];
    repo = "/mnt/backup/system";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.alice = {
    user = "alice";
    paths = [ "/home/alice" ];
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    user = config.my.user;
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
  };
}