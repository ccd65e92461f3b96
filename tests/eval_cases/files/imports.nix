# Whole-file case: imports, relative paths, readFile, pathExists.
let
  lib = import ./lib;
  values = import ./lib/sub/values.nix;
  fn = import ./lib/fn.nix;
in
{
  doubled = map lib.double [ 1 2 3 ];
  inherit (lib) greeting here subHere answer;
  lines = builtins.filter builtins.isString (builtins.split "\n" lib.data);
  exists = {
    data = builtins.pathExists ./lib/data.txt;
    missing = builtins.pathExists ./lib/missing.txt;
    dir = builtins.pathExists ./lib/sub;
  };
  parentOfValues = values.parent;
  called = fn { name = "imports.nix"; };
  sameImportTwice = (import ./lib).answer == (import ./lib/sub/values.nix).answer;
  file = builtins.baseNameOf ./imports.nix;
}
