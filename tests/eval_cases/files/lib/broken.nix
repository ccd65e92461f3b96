{ a = 1; b = throw "broken.nix: b was forced"; }
