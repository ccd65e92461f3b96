{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    exclude = [ "/home/*/.cache" "*/don't-back-up" config.my.exclude ];
    patterns = [ "+ /home/alice" "- /home/*" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
}