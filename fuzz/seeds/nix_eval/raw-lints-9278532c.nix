{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    allowSubRepos = true;
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}