# home-manager module: `services.backix.check.enable = true;` adds backix's validation of this
# very configuration to `home.checks`, so `home-manager switch` fails on errors.
args:
import ./common.nix (
  args
  // {
    checksOption = [
      "home"
      "checks"
    ];
    class = "home-manager";
  }
)
