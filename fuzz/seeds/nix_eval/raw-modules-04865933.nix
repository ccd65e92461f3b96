{ ... }: {
              home-manager.users.alice = import ./alice.nix;
              home-manager.users.bob = { programs.borgmatic.backups.b.location.repositories = [ "/mnt/b" ]; };
            }