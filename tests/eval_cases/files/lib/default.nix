# Helper library imported by the whole-file cases and by paths.txt.
let
  double = x: x * 2;
  sub = import ./sub/values.nix;
in
{
  inherit double;
  greeting = "hello";
  data = builtins.readFile ./data.txt;
  here = toString ./.;
  subHere = sub.here;
  answer = sub.answer;
  compose = f: g: x: f (g x);
}
