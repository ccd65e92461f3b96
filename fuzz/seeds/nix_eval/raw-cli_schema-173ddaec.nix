{ config, ... }: { services.borgbackup.jobs.home = {
             paths = [ "/home" ]; repo = "/srv/borg"; encryption.mode = "repokey";
             encryption.passphrase = "not shown"; prune.keep.daily = 7; }; }