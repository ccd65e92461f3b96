# Whole-file case: the bundled examples (examples/) applied to small stand-ins for nixpkgs' lib
# and pkgs and for the evaluated config, the way backup configs are written in practice.
let
  lib = {
    mkIf = condition: content: if condition then content else { };
  };
  pkgs = {
    writeShellScript = name: text: "/nix/store/00000000000000000000000000000000-${name}";
    sudo = "/run/wrappers";
  };
  config = {
    networking.hostName = "nas";
    services.postgresql = {
      enable = true;
      package = "/nix/store/00000000000000000000000000000000-postgresql";
    };
    home.homeDirectory = "/home/alice";
  };
  args = { inherit config lib pkgs; };
  host = import ../../../examples/nixos/configuration.nix args;
in
{
  nixos = import ../../../examples/nixos/backup.nix args;
  home = import ../../../examples/home/borgmatic.nix args;
  hostImports = map toString host.imports;
  hostName = host.networking.hostName;
}
