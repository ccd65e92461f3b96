{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
    quota = ".5G";
  };
}