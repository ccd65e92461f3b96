# Whole-file case: a fixpoint with overlays-style extension, lazily resolved.
let
  fix = f: let x = f x; in x;
  extends = overlay: base: self: let super = base self; in super // overlay self super;
  base = self: {
    name = "backix";
    version = "0.1.0";
    full = "${self.name}-${self.version}";
    unused = throw "never forced: shadowed below";
  };
  overlay = self: super: {
    version = "0.2.0";
    unused = "replaced";
    upper = builtins.replaceStrings [ "b" "x" ] [ "B" "X" ] super.name;
  };
in
fix (extends overlay base)
