# A small NixOS host whose backups live in ./backup.nix.
# Try: cargo run --release -- eval examples/nixos/configuration.nix
{ config, lib, pkgs, ... }:
{
  imports = [ ./backup.nix ];

  networking.hostName = "nas";

  services.openssh.enable = true;
  services.postgresql.enable = true;

  system.stateVersion = "24.11";
}
