{ ... }: {
  services.borgbackup.repos.clients = {
    path = "/srv/borg";
    allowSubRepos = true; # <-
    authorizedKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB root@desktop" ];
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}