# home-manager module: `services.backix.check.enable = true;` adds backix's validation of this
# very configuration to `home.checks` (or, on a home-manager without that option, to the
# generation builder through `home.extraBuilderCommands`), so `home-manager switch` fails on errors.
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
