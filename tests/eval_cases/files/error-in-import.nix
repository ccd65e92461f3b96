# Whole-file case that must fail: the imported file throws when the attribute is forced.
let broken = import ./lib/broken.nix; in { ok = broken.a; notOk = broken.b; }
