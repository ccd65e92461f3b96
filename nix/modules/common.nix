# The options shared by the NixOS and home-manager modules, and the check they build.
# `backixLib` is nix/lib.nix; `defaultPackage` gives the backix package of a system.
{
  backixLib,
  defaultPackage,
  checksOption,
  class,
}:
{
  config,
  options,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.backix.check;
in
{
  options.services.backix.check = {
    enable = lib.mkEnableOption "checking this configuration's backups with backix when it is built";
    package = lib.mkOption {
      type = lib.types.package;
      default = defaultPackage pkgs.stdenv.hostPlatform.system;
      defaultText = lib.literalMD "backix from its flake";
      description = "The backix package that runs the check.";
    };
    settings = lib.mkOption {
      type = lib.types.attrsOf lib.types.anything;
      default = { };
      example = {
        rules.BX101 = "allow";
      };
      description = "backix.toml settings: `enable` (opt-in rules) and `rules` (rule = level).";
    };
  };

  config = lib.mkIf cfg.enable (
    lib.setAttrByPath checksOption [
      (backixLib.mkCheck {
        inherit pkgs;
        inherit (cfg) settings;
        backix = cfg.package;
        name = "backix-check-${class}";
        ${if class == "nixos" then "nixosConfigurations" else "homeConfigurations"}.self = {
          inherit config options;
        };
      })
    ]
  );
}
