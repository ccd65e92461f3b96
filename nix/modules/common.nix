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
  check = backixLib.mkCheck {
    inherit pkgs;
    inherit (cfg) settings;
    backix = cfg.package;
    name = "backix-check-${class}";
    ${if class == "nixos" then "nixosConfigurations" else "homeConfigurations"}.self = {
      inherit config options;
    };
  };
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
    if class == "nixos" || lib.hasAttrByPath checksOption options then
      lib.setAttrByPath checksOption [ check ]
    else
      # A home-manager without `home.checks`: the generation's builder names the check, so
      # building the generation builds (and fails with) the check.
      {
        home.extraBuilderCommands = ''
          # backix check: ${check}
        '';
      }
  );
}
