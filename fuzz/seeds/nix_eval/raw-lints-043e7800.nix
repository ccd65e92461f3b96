{ config, ... }: {
  services.borgbackup.jobs.docs = {
    paths = [ "/home/alice/Documents" "${config.users.users.alice.home}/Music" ];
    repo = "/mnt/backup/docs";
    encryption.mode = "none";
  };
}