# Whole-file case: indented strings spanning lines, as in NixOS shell hooks.
let
  user = "backup";
  paths = [ "/home" "/etc" ];
in
{
  script = ''
    set -e
    echo "backing up ${builtins.concatStringsSep " " paths}"
      indented more: ${user}
    literal: ''${HOME} and ''$PATH
  '';
  oneLine = ''  no newline  '';
  json = builtins.toJSON { inherit user paths; };
}
