{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -o StrictHostKeyChecking=yes -i /root/id_ed25519";
  };
}