{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -oStrictHostKeyChecking=no -i /root/id_ed25519"; # <-
  };
  services.restic.backups.sftp = {
    repository = "sftp:alice@sftp:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    extraOptions = [
      "sftp.command='ssh alice@sftp -o UserKnownHostsFile=/dev/null -s sftp'" # <-
    ];
  };
}