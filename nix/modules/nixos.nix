# NixOS module: `services.backix.check.enable = true;` adds backix's validation of this very
# configuration to `system.checks`, so building the system fails on errors.
args:
import ./common.nix (
  args
  // {
    checksOption = [
      "system"
      "checks"
    ];
    class = "nixos";
  }
)
