//! Renderers: diagnostics today; manifests, systemd units, Nix and YAML as they land.
