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
      # backix's flake library (nix/lib.nix): mkCheck, the bridge, a git-hooks.nix hook.
      backixLib = import ./nix/lib.nix {
        backix = system: self.packages.${system}.default;
      };
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

      overlays.default = final: prev: {
        backix = self.packages.${final.stdenv.hostPlatform.system}.default;
      };

      formatter = forAllSystems (pkgs: pkgs.nixfmt-rfc-style);

      checks = forAllSystems (
        pkgs:
        let
          backix = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        in
        {
          inherit backix;
          # Build with the unit tests that need no external tool, and clippy.
          clippy = backix.overrideAttrs (old: {
            pname = "backix-clippy";
            nativeBuildInputs = (old.nativeBuildInputs or [ ]) ++ [ pkgs.clippy ];
            buildPhase = "cargo clippy --offline --workspace --all-targets -- -D warnings";
            installPhase = "touch $out";
            doCheck = false;
          });
          # backix linting its own examples.
          examples = backixLib.mkCheck {
            inherit pkgs backix;
            src = ./examples;
          };
        }
      );

      lib = backixLib;

      nixosModules.default = import ./nix/modules/nixos.nix {
        inherit backixLib;
        defaultPackage = system: self.packages.${system}.default;
      };

      homeManagerModules.default = import ./nix/modules/home-manager.nix {
        inherit backixLib;
        defaultPackage = system: self.packages.${system}.default;
      };

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
