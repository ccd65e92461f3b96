# backix's flake library. Needs no nixpkgs of its own: callers pass `pkgs` (anything with a
# `runCommand`) and the backix package.
#
#   lib = import ./nix/lib.nix { backix = system: self.packages.${system}.default; };
{
  # The backix package for a system, used when `mkCheck` is not given one.
  backix ? null,
}:
let
  bridge = import ./bridge.nix;

  mapToList = f: set: map (name: f name set.${name}) (builtins.attrNames set);

  # The bridge document of evaluated configurations, built while Nix evaluates (no
  # import-from-derivation). String context is dropped so no package named in a value is built.
  bridgeDocument =
    {
      nixosConfigurations ? { },
      homeConfigurations ? { },
    }:
    builtins.unsafeDiscardStringContext (
      builtins.toJSON {
        inherit (bridge) version;
        systems =
          mapToList (
            name: c:
            bridge.configuration {
              inherit (c) config;
              options = c.options or null;
              class = "nixos";
              name = "nixosConfigurations.${name}";
            }
          ) nixosConfigurations
          ++ mapToList (
            name: c:
            bridge.configuration {
              inherit (c) config;
              options = c.options or null;
              class = "home-manager";
              name = "homeConfigurations.${name}";
            }
          ) homeConfigurations;
      }
    );

  # Shell-quotes a string or a path (a path is copied to the store).
  quote = s: "'" + builtins.replaceStrings [ "'" ] [ "'\\''" ] "${s}" + "'";

  # A backix.toml holding `settings` (rule = level, for `[rules]`).
  settingsToml =
    settings:
    let
      rules = settings.rules or { };
    in
    (if settings ? enable then "enable = ${builtins.toJSON settings.enable}\n" else "")
    + "[rules]\n"
    + builtins.concatStringsSep "" (mapToList (rule: level: "${builtins.toJSON rule} = ${builtins.toJSON level}\n") rules);

  mkCheck =
    {
      pkgs,
      src ? null,
      nixosConfigurations ? { },
      homeConfigurations ? { },
      borgmaticConfigs ? [ ],
      settings ? { },
      backix ? null,
      name ? "backix-check",
    }:
    let
      system = pkgs.stdenv.hostPlatform.system or pkgs.system or null;
      package =
        if backix != null then
          backix
        else if defaultBackix != null then
          defaultBackix system
        else
          throw "backix lib.mkCheck: pass `backix` (the backix package)";
      exe = if builtins.isString package || builtins.isPath package then package else "${package}/bin/backix";
      hasConfigurations = nixosConfigurations != { } || homeConfigurations != { };
      document = builtins.toFile "backix-bridge.json" (bridgeDocument {
        inherit nixosConfigurations homeConfigurations;
      });
      config = builtins.toFile "backix.toml" (settingsToml settings);
      configArg = if settings == { } then "" else "--config ${config}";
      lintTargets = (if src == null then [ ] else [ src ]) ++ borgmaticConfigs;
    in
    pkgs.runCommand name { } ''
      status=0
      ${
        if lintTargets == [ ] then
          ""
        else
          "${exe} lint --color never ${configArg} ${builtins.concatStringsSep " " (map quote lintTargets)} || status=1"
      }
      ${
        if hasConfigurations then
          "${exe} lint --color never ${configArg} --eval-json ${document} || status=1"
        else
          ""
      }
      if [ "$status" -ne 0 ]; then
        echo "backix found problems (see above)" >&2
        exit 1
      fi
      echo ok > "$out"
    '';

  defaultBackix = backix;
in
{
  inherit mkCheck bridgeDocument bridge;

  # A git-hooks.nix (pre-commit-hooks.nix) hook: `hooks.backix = backixLib.gitHooks.backix pkg;`.
  gitHook = package: {
    enable = true;
    name = "backix";
    description = "Check NixOS/home-manager backup configuration and borgmatic YAML with backix";
    entry = "${package}/bin/backix lint";
    # Nix files, and YAML named like a borgmatic configuration (as in .pre-commit-hooks.yaml).
    files = "(\\.nix|(^|/)borgmatic[^/]*(/[^/]+)?\\.ya?ml)$";
    pass_filenames = true;
  };
}
