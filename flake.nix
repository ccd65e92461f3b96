{
  description = "backix: checks, translates and runs the backup configuration of NixOS and home-manager systems";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      # { x86_64-linux = f pkgs; ... } for every supported system.
      forAllSystems =
        f:
        builtins.listToAttrs (
          map (system: {
            name = system;
            value = f nixpkgs.legacyPackages.${system};
          }) systems
        );
    in
    {
      packages = forAllSystems (pkgs: {
        default = pkgs.rustPlatform.buildRustPackage {
          pname = "backix";
          version = "0.1.0";
          src = ./.;
          cargoLock.lockFile = ./Cargo.lock;
          # The test suite compares against the real nix-instantiate, borg, restic and borgmatic,
          # which the build sandbox does not offer; run it with scripts/test instead.
          doCheck = false;
          meta = {
            description = "Checks, translates and runs the backup configuration of NixOS and home-manager systems";
            license = with pkgs.lib.licenses; [
              mit
              asl20
            ];
            mainProgram = "backix";
          };
        };
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.stdenv.hostPlatform.system}.default}/bin/backix";
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = with pkgs; [
            cargo
            rustc
            clippy
            rustfmt
            borgbackup
            restic
            borgmatic
            nix
          ];
        };
      });
    };
}
