{
              inputs.nixpkgs.url = "github:NixOS/nixpkgs";
              outputs = { self, nixpkgs, ... }: {
                nixosModules.backup = import ./backup.nix;
                nixosConfigurations.host = nixpkgs.lib.nixosSystem {
                  system = "x86_64-linux";
                  modules = [ self.nixosModules.backup ./host.nix ];
                };
              };
            }